"""Search: one box, ranked results across articles, quotes and events, inside the active filters."""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from briefing import commands, state
from briefing.citation import ORGANISATION_MARK
from briefing.panes.base import OpenArticle, Pane, Passage
from briefing.render import MARK_CLOSE, MARK_OPEN, display_path, marked, one_line, plural
from briefing.widgets.empty_state import EmptyState
from briefing.widgets.text_input import TextInput
from briefing.widgets.virtual_list import PAGE, VirtualList
from db import queries
from db.queries import Filters
from db.rows import SearchHit

KIND_LABEL = {"article": "article", "quote": "quote  ", "event": "event  "}


@dataclass(frozen=True)
class SearchRequest:
    """A typed search resolved against the shared filters (prefixes win over the shared state)."""
    text: str
    kind: str | None
    filters: Filters


def render_result(item: SearchHit, prev: SearchHit | None, width: int, lst: VirtualList, first: bool) -> list[Text]:
    """Three lines: kind, date and title; then the snippet with the match highlighted."""
    head = Text()
    head.append(KIND_LABEL.get(item.kind, item.kind), style=lst.cstyle("accent") + lst.cstyle("strong"))
    head.append(f" {one_line(item.day) or 'undated':<10} ", style=lst.cstyle("strong"))
    head.append(one_line(item.title) or display_path(item.source) or "(untitled)",
                style=lst.cstyle("dim"))
    snippet = marked(item.snippet or "", match_style=lst.cstyle("match"))
    if item.kind == "quote":               # the words, and who said them (a search may find either)
        snippet = Text("“") + snippet + Text("”")
        if item.speaker:
            snippet += Text(" — ") + marked(item.speaker, match_style=lst.cstyle("match"))
            if item.speaker_kind == "organisation":
                snippet += Text(ORGANISATION_MARK)
    lines = snippet.wrap(lst.app.console, max(10, width - 2), overflow="fold")
    out = [head]
    for i in range(2):
        if i < len(lines):
            line = Text("  ") + lines[i]
            if i == 1 and len(lines) > 2:
                line.truncate(max(0, width - 1))
                line.append("…")
            out.append(line)
    return out


class SearchPane(Pane, can_focus=True):
    """Type words or FTS5 syntax; kind: speaker: country: since: until: narrow the search."""

    pane_id = "search"
    HELP_TITLE = "Search"
    HELP = ("Search: ranked (bm25) full-text search over articles, quotes and events, inside the active filters. "
            "Plain words just work; FTS5 syntax works too: \"a phrase\", prefix*, A OR B, NOT, NEAR(a b). "
            "Prefixes narrow it: kind:quote (article, quote, event), speaker:NAME, country:NAME, since:DATE, "
            "until:DATE. Enter in the box runs it; enter on a result opens the article there; n/N step through "
            "results.")
    BINDINGS = commands.bindings("search")

    class Results(Message):
        def __init__(self, raw: str, request: SearchRequest | None, rows: list[SearchHit],
                     error: str | None = None, focus: bool = False) -> None:
            super().__init__()
            self.raw, self.request, self.rows, self.error, self.focus = raw, request, rows, error, focus

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._timer: Timer | None = None
        self._raw = ""
        self.request: SearchRequest | None = None

    def compose(self) -> ComposeResult:
        yield TextInput(placeholder='search: words, "a phrase", prefix*, A OR B · kind: speaker: country: since: until:',
                        id="search-input", compact=True)
        yield Static(id="search-status", classes="pane-status")
        yield VirtualList(3, render_result, id="search-list")
        yield EmptyState(id="search-empty")

    @property
    def list(self) -> VirtualList:
        return self.query_one("#search-list", VirtualList)

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    def main_widget(self) -> Input:
        return self.input if not self.list.count else self.list

    def reload(self) -> None:
        if self._raw.strip():
            self._search(self._raw, self.filters)
        else:
            self._idle()

    def _idle(self) -> None:
        self.list.clear()
        self.list.display = False
        self.query_one("#search-empty", EmptyState).hide()
        t = Text("Type a search and press enter. ", style="bold")
        t.append('Words, "a phrase", prefix*, A OR B, NOT; kind:quote speaker:NAME country:NAME since:2025-06 '
                 "until:2025-07. The active filters apply.", style="dim")
        self.query_one("#search-status", Static).update(t)

    def action_focus_search(self) -> None:
        self.input.focus()

    def search(self, raw: str) -> None:
        """Run a search as if typed (tests, palette)."""
        self.input.value = raw
        self._raw = raw
        self._search(raw, self.filters)

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        value = message.value
        self._timer = self.set_timer(0.35, lambda: self._typed(value))

    def _typed(self, value: str) -> None:
        if value != self._raw:
            self._raw = value
            self.reload()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        if self._timer is not None:
            self._timer.stop()
        self._raw = message.value
        self._search(self._raw, self.filters, focus=True)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, raw: str, base: Filters, focus: bool = False) -> None:
        worker = get_current_worker()
        typed = state.parse_typed(raw)
        kind = typed.prefixes.get("kind")
        try:
            if kind is not None and kind not in queries.KINDS:
                raise queries.QueryError(f"kind:{kind} is not a kind: use kind:article, kind:quote or kind:event")
            if not typed.text:
                raise queries.QueryError("type some words to search for (prefixes only narrow a search)")
            with self.app.database.connection("search") as conn:  # type: ignore[attr-defined]
                f = state.filters_from_typed(base, typed, lambda c: queries.resolve_country(conn, c))
                req = SearchRequest(typed.text, kind, f)
                rows = queries.search(conn, req.text, kind=kind, f=f, limit=PAGE, mark=(MARK_OPEN, MARK_CLOSE))
        except (queries.QueryError, state.TypedError) as e:
            if not worker.is_cancelled:
                self.post_message(self.Results(raw, None, [], str(e)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Results(raw, req, rows, focus=focus))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A search under way says so, so the last one's answer ("Nothing matches") never stands
        as this one's. (Not stopped: the app reports a worker's errors.)"""
        if event.worker.group == "search" and event.state == WorkerState.RUNNING and self._raw.strip():
            self.query_one("#search-empty", EmptyState).hide()
            status = self.query_one("#search-status", Static)
            status.remove_class("-error")
            status.update(Text.assemble(("searching for ", "dim"), (one_line(self._raw), "dim italic"), ("…", "dim")))

    def on_search_pane_results(self, message: Results) -> None:
        message.stop()
        if message.raw != self._raw:
            return
        status = self.query_one("#search-status", Static)
        empty = self.query_one("#search-empty", EmptyState)
        lst = self.list
        if message.error or message.request is None:
            lst.clear()
            lst.display = False
            empty.hide()
            t = Text("Cannot search for that. ", style="bold")
            t.append(one_line(message.error))
            status.update(t)
            status.add_class("-error")
            return
        status.remove_class("-error")
        req = message.request
        self.request = req
        lst.load(None, lambda conn, off, lim: queries.search(conn, req.text, kind=req.kind, f=req.filters, limit=lim,
                                                             offset=off, mark=(MARK_OPEN, MARK_CLOSE)),
                 message.rows)
        self.show_list(lst, bool(message.rows))
        if not message.rows:
            msg, offer = self.nothing_message("results", req.filters)
            if req.filters.is_empty() or not offer:
                msg = Text.assemble(("Nothing matches ", "bold"), (one_line(req.text), "italic"), ".")
            empty.show(msg, offer)
        else:
            empty.hide()
        t = Text()
        more = "+" if len(message.rows) >= PAGE else ""
        t.append(plural(len(message.rows), "result") + more, style="bold")
        if req.kind:
            t.append(f" · {req.kind}s only", style="dim")
        t.append(f" · {state.summary(req.filters, getattr(self.app, 'country_names', {}))}", style="dim")
        t.append(" · best first", style="dim")
        status.update(t)
        if message.focus and message.rows:
            lst.focus()

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        item = message.item
        if item is None or self.request is None:
            return
        terms = state.quote_words(self.request.text)
        kind = item.kind
        self.post_message(OpenArticle(Passage(
            item.article_id, quote_id=item.id if kind == "quote" else None,
            event_id=item.id if kind == "event" else None, terms=terms)))
