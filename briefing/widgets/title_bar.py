"""The title bar: the palette icon, then the title and sub-title centred, on one line.

It draws what Textual's Header draws (icon on the left, "title — sub-title" centred, the
clock's space on the right) as one widget: the Header is four widgets with four stylesheets
to parse and style, ~14 ms of a ~300 ms start-up on a 2-core machine, for a single line.
A screen's own title and sub-title win over the app's, as in the Header.
"""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

ICON_WIDTH = 8           # the Header's icon cell and the clock's space, kept so the title
CLOCK_WIDTH = 10         # sits where it always has


class TitleBar(Widget, can_focus=False):
    """Icon (a click opens the command palette), title and sub-title."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, icon: str = "≡", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.icon = icon

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitled, init=False)
            self.watch(node, "sub_title", self._retitled, init=False)

    def _retitled(self, _value: object = None) -> None:
        self.refresh()

    @property
    def titles(self) -> tuple[str, str]:
        """(title, sub-title) shown: the screen's where it has its own, else the app's."""
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        return title or "", sub or ""

    def render(self) -> Text:
        title, sub = self.titles
        middle = Text(title, no_wrap=True, end="")
        if sub:
            middle.append(" — ", "dim")
            middle.append(sub, "dim")
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        middle.truncate(room, overflow="ellipsis")
        line = Text(no_wrap=True, overflow="crop", end="")
        line.append(f" {self.icon}".ljust(ICON_WIDTH))
        line.append(" " * ((room - middle.cell_len) // 2))
        line.append_text(middle)
        return line

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
