"""The key bar: the active bindings drawn as one line, redrawn (not rebuilt) when focus moves.

Textual's Footer rebuilds a widget per key every time the bindings change, i.e. on every
focus change: about half the cost of switching panes on a 2-core machine. This draws the
same compact line (key in the key colours, then its description; the palette key on the
right) as a single widget, and maps a click back to the key under it.
"""
from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyBar(Widget, can_focus=False):
    """Bindings of the focused widget and its ancestors; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .key-bar--description { color: $footer-description-foreground; background: $footer-description-background; }
        .key-bar--disabled { text-style: dim; }
        .key-bar--separator { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []      # (start, end, key, enabled) of each item
        self._last: tuple = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if screen is self.screen and self._items() != self._last:
            self.refresh()

    def _items(self) -> tuple[tuple[tuple[str, str, str, bool], ...], tuple[str, str, str, bool] | None]:
        """(key, key display, description, enabled) per shown action; the palette key apart."""
        out: list[tuple[str, str, str, bool]] = []
        seen: set[str] = set()
        palette = None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key, self.app.get_key_display(binding), binding.description, enabled))
        return tuple(out), palette

    def render(self) -> Text:
        body, palette = self._last = self._items()
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []

        def item(text: Text, key: str, display: str, description: str, enabled: bool) -> None:
            start = text.cell_len
            text.append(display, key_style if enabled else key_style + dim)
            if description:
                text.append(" " + description, desc_style if enabled else desc_style + dim)
            self._spans.append((start, text.cell_len, key, enabled))

        for i, (key, display, description, enabled) in enumerate(body):
            if i:
                line.append(" ")
            item(line, key, display, description, enabled)
        if palette is not None:
            key, display, description, enabled = palette
            right = Text(no_wrap=True, end="")
            right.append("▏", style=self.get_component_rich_style("key-bar--separator"))
            item(right, key, display, description, enabled)
            width = self.size.width
            gap = max(1, width - line.cell_len - right.cell_len - 1)      # one cell of margin on the right
            offset = line.cell_len + gap
            line.append(" " * gap)
            self._spans[-1:] = [(s + offset, e + offset, k, en) for s, e, k, en in self._spans[-1:]]
            line.append_text(right)
        return line

    def on_mouse_down(self, event: events.MouseDown) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return

    def keys(self) -> list[str]:
        """The key displays shown now (for tests)."""
        body, palette = self._items()
        return [display for _key, display, _d, _e in body + ((palette,) if palette else ())]
