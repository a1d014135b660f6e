"""What every pane shares: it follows the browse state, loads in workers, says when it is empty."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from briefing import state
from briefing.render import one_line
from db.queries import Filters


@dataclass
class Passage:
    """Where to open an article: a span to scroll to, or a quote/event to find there."""
    article_id: int
    start: int | None = None
    end: int | None = None
    quote_id: int | None = None
    event_id: int | None = None
    terms: str = ""              # words to mark and step through with n/N


class OpenArticle(Message):
    """Ask the app to open the reader at a passage."""

    def __init__(self, passage: Passage) -> None:
        super().__init__()
        self.passage = passage


class Pane(Vertical):
    """A pane reloads when the shared filters change while it is shown; otherwise on next show."""

    pane_id: ClassVar[str] = ""
    HELP: ClassVar[str] = ""

    def __init__(self, **kw) -> None:
        super().__init__(id=self.pane_id, classes="pane", **kw)
        self._stale = True
        self._shown_filters: Filters | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "filters", self._filters_changed, init=False)

    @property
    def filters(self) -> Filters:
        return self.app.filters  # type: ignore[attr-defined]

    @property
    def current(self) -> bool:
        return bool(self.display)

    def _filters_changed(self, _f: Filters) -> None:
        self._stale = True
        if self.current:
            self.activate()

    def activate(self) -> None:
        """Called when the pane is shown: reload if the filters changed since it last loaded."""
        if self._stale:
            self._stale = False
            self._shown_filters = self.filters
            self.reload()

    def data_changed(self) -> None:
        """The database changed under the app (an ingest elsewhere): reload now if shown, the
        cursor kept at its place in the list; else when next shown."""
        self._stale = True
        if self.current:
            hold = getattr(self.main_widget(), "hold_cursor", None)
            if callable(hold):
                hold()
            self.activate()

    def reload(self) -> None:  # pragma: no cover - each pane loads its own rows
        raise NotImplementedError

    def main_widget(self) -> Widget | None:
        """The widget to focus when the pane is shown."""
        return None

    def show_list(self, widget: Widget, shown: bool) -> None:
        """Show or hide a pane's list as its rows arrive. A list hidden while it holds the focus,
        or is about to (a keypress may have focused it before its empty rows arrived), hands
        the focus on as ``focus_main`` would: to the empty state's button."""
        widget.display = shown
        if not shown:
            self.call_after_refresh(self._hand_on_focus, widget)

    def _hand_on_focus(self, widget: Widget) -> None:
        focused = self.screen.focused
        if self.current and not widget.display and (focused is None or widget in focused.ancestors_with_self):
            self.focus_main()

    def focus_main(self, text_box: bool = True) -> None:
        """Focus the pane's main widget; with ``text_box`` False (leaving a text box) never a text
        box: the pane itself then holds the focus, so its keys and the pane keys (1-4, q) work."""
        from textual.widgets import Input

        w = self.main_widget()
        if not text_box and isinstance(w, Input):
            w = None
        if w is not None and w.display:
            w.focus()
            return
        from briefing.widgets.empty_state import EmptyState

        for empty in self.query(EmptyState):
            if empty.shown:
                button = empty.query_one("#empty-clear")
                if button.display:
                    button.focus()
                    return
        if w is not None:
            w.focus()
        elif self.focusable:
            self.focus()
        else:
            self.screen.set_focus(None)

    # ---- empty states ------------------------------------------------------------------
    def nothing_message(self, what: str, f: Filters) -> tuple[Text, bool]:
        """Why a list is empty, and whether clearing filters would help."""
        counts = getattr(self.app, "counts", {}) or {}
        if not counts.get("articles"):
            return Text.assemble(("No articles yet. ", "bold"), "Run ",
                                 ("briefing ingest PATH", "bold"), " to read articles into this database."), False
        if f.is_empty():
            return Text.assemble((f"No {what} in this database.", "bold"), "\n",
                                 "Articles were read, but none of them yielded any."), False
        names = getattr(self.app, "country_names", {})
        last = getattr(self.app, "last_filter", lambda: None)() or state.active(f)[-1]
        return Text.assemble((f"No {what} match ", "bold"), (one_line(state.summary(f, names)), "italic"), ".\n",
                             "Press ", ("x", "bold"), f" to clear the last filter ({last}), ",
                             ("X", "bold"), " to clear them all."), True
