"""The filter bar: a box that filters every pane, and one chip per active filter (click to clear)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Static

from briefing import state
from briefing.render import one_line
from briefing.widgets.text_input import TextInput
from db.queries import Filters

PLACEHOLDER = "filter: words · since:2025-06 until:2025-07 country:Spain person:Name · enter applies"


class Chip(Static):
    """One active filter; a click removes it."""

    def __init__(self, field: str, label: str) -> None:
        super().__init__(Text.assemble((one_line(label), ""), ("  ✕", "bold")), classes="chip")
        self.field = field

    def on_click(self) -> None:
        self.app.clear_filter(self.field)  # type: ignore[attr-defined]


class FilterBar(Horizontal):
    """Typing filters live by text; enter also reads since: until: country: person: prefixes."""

    HELP_TITLE = "Filter bar"
    HELP = ("The filter box narrows every pane at once. Plain words filter by full text as you type. Prefixes "
            "apply when you press enter: since:DATE until:DATE (2025, 2025-06, 2025-06-05, 'June 2025'), "
            "country:NAME or code, person:NAME. Each active filter shows as a chip; x clears the last one, "
            "X clears all, a click on a chip clears it.")

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._timer: Timer | None = None
        self._chips: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("/", style="bold"), id="filter-prompt")
        yield TextInput(placeholder=PLACEHOLDER, id="filter-input", compact=True)
        yield Horizontal(id="filter-chips")

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    def on_mount(self) -> None:
        self.watch(self.app, "filters", self._show, init=True)
        self.watch(self.app, "country_names", lambda _: self._show(self.app.filters), init=False)  # type: ignore

    def _show(self, f: Filters) -> None:
        chips = self.query_one("#filter-chips", Horizontal)
        names = getattr(self.app, "country_names", {})
        wanted = [(field, label) for field, label in state.describe(f, names) if field != "text"]
        if wanted != self._chips:          # rebuilding the same chips would lay the screen out again
            self._chips = wanted
            chips.remove_children()
            chips.mount_all([Chip(field, label) for field, label in wanted])
        typed = state.parse_typed(self.input.value)
        if (f.text or "") != typed.text and not typed.prefixes:
            # the text filter changed elsewhere (cleared, palette): show it in the box
            with self.input.prevent(Input.Changed):
                self.input.value = f.text or ""

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        value = message.value
        self._timer = self.set_timer(0.3, lambda: self._live(value))

    def _live(self, value: str) -> None:
        """Live filtering by the words typed so far; prefixes wait for enter."""
        typed = state.parse_typed(value)
        self.app.set_text_filter(typed.text or None)  # type: ignore[attr-defined]

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        self.app.apply_typed_filter(message.value)  # type: ignore[attr-defined]

    def typed_applied(self, rest: str) -> None:
        """The app resolved the prefixes: keep only the words in the box."""
        with self.input.prevent(Input.Changed):
            self.input.value = rest
