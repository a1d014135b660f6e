"""The pane tabs: "1 Timeline  2 Quotes …" and a bar under the active one, as a single widget.

Textual's Tabs is a container of one widget per tab plus an animated underline; on a 2-core
machine it cost about 100 ms of start-up and part of every pane switch. This draws the same
two lines (labels, then the bar with the active tab's stretch highlighted) and turns a click
on a label into showing that pane.
"""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class PaneTabs(Widget, can_focus=False):
    """Tabs for the panes; ``active`` is the shown pane's name."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"pane-tabs--active", "pane-tabs--inactive", "pane-tabs--bar", "pane-tabs--bar-active"}
    DEFAULT_CSS = """
    PaneTabs {
        height: 2;
        .pane-tabs--active { color: $foreground; }
        .pane-tabs--inactive { color: $foreground 50%; }
        .pane-tabs--bar { color: $foreground 10%; }
        .pane-tabs--bar-active { color: $block-cursor-background; }
    }
    """

    active: reactive[str] = reactive("")

    def __init__(self, tabs: list[tuple[str, str]], *, id: str | None = None) -> None:
        """``tabs``: (pane name, label) in order."""
        super().__init__(id=id)
        self.tabs = tabs
        self.active = tabs[0][0] if tabs else ""

    def _spans(self) -> list[tuple[int, int, str]]:
        """(start, end, name) of each label with its padding of one cell each side."""
        out, x = [], 0
        for name, label in self.tabs:
            out.append((x, x + len(label) + 2, name))
            x += len(label) + 2
        return out

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        spans = self._spans()
        if y == 0:
            line = Text(no_wrap=True, end="")
            for (_start, _end, name), (_n, label) in zip(spans, self.tabs):
                style = "pane-tabs--active" if name == self.active else "pane-tabs--inactive"
                line.append(f" {label} ", self.get_component_rich_style(style))
        elif y == 1:
            bar = self.get_component_rich_style("pane-tabs--bar")
            hot = self.get_component_rich_style("pane-tabs--bar-active")
            start, end = next(((s, e) for s, e, n in spans if n == self.active), (0, 2))
            # the label's text is highlighted; its padding cells hold the bar's half ends
            line = Text(no_wrap=True, end="")
            line.append("━" * start + "╸", bar)
            line.append("━" * (end - start - 2), hot)
            line.append("╺" + "━" * max(0, width - end), bar)
        else:
            return Strip.blank(width, self.rich_style)
        line.truncate(width, pad=True)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).apply_style(self.rich_style)

    async def on_click(self, event: events.Click) -> None:
        for start, end, name in self._spans():
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(f"show_pane({name!r})")
                return
