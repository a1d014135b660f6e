"""`?` help: what the focused widget is for, every key that works there, then every command."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from briefing import commands

SCOPE_TITLES = {
    "app": "Everywhere", "list": "Lists", "timeline": "Timeline", "quotes": "Quotes", "countries": "Countries",
    "search": "Search", "reader": "Article reader", "input": "Text boxes", "dialog": "Dialogs", "help": "Help",
}


def _help_of(widget: Widget | None) -> list[tuple[str, str]]:
    """(name, help) for the focused widget and its ancestors that explain themselves, nearest first."""
    out: list[tuple[str, str]] = []
    node = widget
    seen: set[str] = set()
    while node is not None:
        text = getattr(type(node), "HELP", None)
        if isinstance(text, str) and text and text not in seen:
            seen.add(text)
            out.append((getattr(type(node), "HELP_TITLE", None) or type(node).__name__, text))
        node = node.parent if isinstance(node.parent, Widget) else None
    return out


def keys_here(screen) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding active on ``screen`` now, shown or not."""
    app = screen.app
    grouped: dict[tuple[int, str], list[str]] = {}
    labels: dict[tuple[int, str], str] = {}
    for key, active in screen.active_bindings.items():
        b = active.binding
        ident = (id(active.node), b.action)
        grouped.setdefault(ident, []).append(app.get_key_display(b))
        labels[ident] = b.tooltip or b.description or b.action
    return [(" ".join(dict.fromkeys(keys)), labels[i]) for i, keys in grouped.items()]


class HelpScreen(ModalScreen[None]):
    """Help for the focused widget, its keys, and all commands; escape, ? or q closes it."""

    BINDINGS = commands.bindings("help")

    def __init__(self, focused: Widget | None, keys: list[tuple[str, str]], keymap: dict[str, str],
                 config_path: str) -> None:
        super().__init__()
        self._focused = focused
        self._keys = keys
        self._keymap = keymap
        self._config = config_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._body(), id="help-text")

    def on_mount(self) -> None:
        box = self.query_one("#help-box")
        box.border_title = "Help"
        box.border_subtitle = "escape closes"
        box.focus()

    def _body(self) -> Text | Table:
        t = Text()
        helps = _help_of(self._focused)
        if helps:
            t.append(" › ".join(name for name, _ in reversed(helps[:2])) + "\n", style="bold underline")
            for i, (_, text) in enumerate(helps[:2]):
                t.append(text + "\n", style="" if i == 0 else "dim")
        t.append("\nKeys that work here\n", style="bold underline")
        width = max((len(k) for k, _ in self._keys), default=4) + 2
        for k, label in self._keys:                  # nearest first: the focused widget, its pane, the app
            t.append(k.ljust(width), style="bold")
            t.append(label + "\n")
        t.append("\nAll commands\n", style="bold underline")
        for scope, title in SCOPE_TITLES.items():
            cmds = commands.in_scope(scope)
            if not cmds:
                continue
            t.append(f"{title}\n", style="italic")
            for c in cmds:
                key = commands.key_display(self._keymap.get(c.id, c.key))
                t.append("  " + key.ljust(16), style="bold")
                t.append(c.help)
                t.append(f"  [{c.id}]\n", style="dim")
        t.append("\nctrl+p opens the command palette: jump to a country, a person or a date, export, switch theme.\n")
        t.append(f"Remap keys in {self._config} under [keys], e.g.  filter.clear_last = \"backspace\"\n",
                 style="dim")
        return t

    def action_close(self) -> None:
        self.dismiss(None)
