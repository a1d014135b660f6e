"""Quotes: every direct quote with speaker, role, date and source; a speaker facet beside them."""
from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from briefing import commands
from briefing.citation import citation, human_date, speaker_label
from briefing.panes.base import OpenArticle, Pane, Passage
from briefing.render import display_path, one_line, plural, safe
from briefing.widgets.empty_state import EmptyState
from briefing.widgets.virtual_list import PAGE, VirtualList
from db import queries
from db.queries import Filters
from db.rows import Quote, Speaker, Variant

ALL, UNKNOWN = "\x00all", "\x00unknown"
FACET_LIMIT = 200


class FacetItem(NamedTuple):
    """A line of the speaker facet: everyone (ALL), the unknown speaker, a person or an
    organisation (``kind``)."""
    id: str
    name: str | None
    kind: str | None
    quotes: int
    width: int                 # of the widest count, to right-align them


def _day(item: Quote | Variant, human: bool = True) -> str:
    """The day of a quote's article (as a person reads it, or as stored), marked when the
    article had no date of its own."""
    day = human_date(item.date or item.day) if human else one_line(item.day or item.date)
    if not day:
        return "undated"
    return f"{day} (inferred)" if item.date_inferred and not item.published else day


def render_quote(item: Quote, prev: Quote | None, width: int, lst: VirtualList, first: bool) -> list[Text]:
    """Three lines: the quote (two lines, cut with …) and who/when/where/how many sources."""
    body = Text("“" + one_line(item.text) + "”", style=lst.cstyle("strong") if not item.partial else "")
    lines = body.wrap(lst.app.console, max(10, width - 2), overflow="fold")
    out = []
    for i in range(min(2, len(lines))):          # a one-line quote leaves the blank line below, as a gap
        line = Text("  ") + lines[i]
        if i == 1 and len(lines) > 2:
            line.truncate(max(0, width - 1))
            line.append("…")
        out.append(line)
    meta = Text("  — ")
    meta.append(one_line(speaker_label(item.speaker, item.speaker_kind)) or "unknown speaker",
                style=lst.cstyle("accent") if item.speaker else lst.cstyle("warning"))
    if item.role:
        meta.append(f", {one_line(item.role)}", style=lst.cstyle("dim"))
    meta.append(f" · {_day(item, human=False)}", style=lst.cstyle("dim"))
    n = item.sources or 1
    if n > 1:
        meta.append(f" · reported by {n} sources", style=lst.cstyle("strong"))
    meta.append(f" · {one_line(item.title) or display_path(item.source)}", style=lst.cstyle("dim"))
    out.append(meta)
    return out


def render_speaker(item: FacetItem, prev: FacetItem | None, width: int, lst: VirtualList, first: bool) -> list[Text]:
    """One facet line: the quote count (right-aligned to the widest) and who (a virtual list draws
    only the lines on screen: the facet holds up to FACET_LIMIT speakers)."""
    t = Text(no_wrap=True)
    t.append(f"{item.quotes:,}".rjust(item.width) + " ", style=lst.cstyle("dim"))
    if item.id == ALL:
        t.append("All speakers", style=lst.cstyle("strong"))
    elif item.name:
        t.append(one_line(speaker_label(item.name, item.kind)))
    else:
        t.append("(unknown)", style="italic")
    return [t]


class QuotesPane(Pane):
    """Quotes in date order; the facet on the left narrows them to one speaker."""

    pane_id = "quotes"
    HELP_TITLE = "Quotes"
    HELP = ("Quotes: every direct quote in the slice with its speaker, role, date and source. The speaker facet "
            "(left) counts quotes per speaker under the current filters; choosing one narrows every pane to that "
            "person. The filter box (/) searches the quote text. A statement reported by several outlets says "
            "'reported by N sources' and its variants are listed below the quote. y copies the quote with its "
            "citation. Full statements are listed; F shows the fragments, titles and scare quotes too.")
    BINDINGS = commands.bindings("quotes")

    class Loaded(Message):
        def __init__(self, f: Filters, speaker: str | None, total: int, rows: list[Quote],
                     facet: list[Speaker] | None, error: str | None = None, partial: bool = False) -> None:
            super().__init__()
            self.filters, self.speaker, self.total, self.rows, self.facet, self.error = (
                f, speaker, total, rows, facet, error)
            self.partial = partial

    class Facet(Message):
        def __init__(self, f: Filters, facet: list[Speaker], everyone: int) -> None:
            super().__init__()
            self.filters, self.facet, self.everyone = f, facet, everyone

    class Variants(Message):
        def __init__(self, quote_id: int, rows: list[Variant]) -> None:
            super().__init__()
            self.quote_id, self.rows = quote_id, rows

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.speaker: str | None = None     # "?" = unknown speaker (not part of the shared state)
        self._detail_timer: Timer | None = None
        self._current: Quote | None = None
        self._all_count: int | None = None     # quotes in the slice for any speaker
        self.partial = False                   # fragments, titles and scare quotes shown too

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield VirtualList(1, render_speaker, page_size=FACET_LIMIT + 1, click_selects=True, id="quotes-facet")
            with Vertical(id="quotes-main"):
                yield Static(id="quotes-status", classes="pane-status")
                yield VirtualList(3, render_quote, id="quotes-list")
                yield EmptyState(id="quotes-empty")
                with VerticalScroll(id="quotes-detail", classes="detail"):
                    yield Static(id="quotes-detail-text")

    @property
    def list(self) -> VirtualList:
        return self.query_one("#quotes-list", VirtualList)

    @property
    def facet(self) -> VirtualList:
        return self.query_one("#quotes-facet", VirtualList)

    def main_widget(self) -> VirtualList:
        return self.list

    def on_mount(self) -> None:
        self.query_one("#quotes-facet").border_title = "Speakers"
        self.query_one("#quotes-detail").can_focus = False

    def reload(self) -> None:
        self.query_one("#quotes-status", Static).update(Text("loading…", style="dim"))
        self._load(self.filters, self.speaker, self.partial)

    def action_toggle_partial(self) -> None:
        """Full statements only, or every quote with the fragments, titles and scare quotes."""
        self.partial = not self.partial
        self.reload()

    @work(thread=True, exclusive=True, group="quotes", exit_on_error=False)
    def _load(self, f: Filters, speaker: str | None, partial: bool = False) -> None:
        worker = get_current_worker()
        try:
            with self.app.database.connection("quotes") as conn:  # type: ignore[attr-defined]
                total = queries.count_quotes(conn, f, speaker=speaker, partial=partial)
                rows = queries.quotes(conn, f, speaker=speaker, limit=PAGE, partial=partial) if total else []
                if worker.is_cancelled:
                    return
                self.post_message(self.Loaded(f, speaker, total, rows, None, partial=partial))
                # the facet counts every quote in the slice: slower on a big database, so it follows
                facet = queries.speakers(conn, f, limit=FACET_LIMIT, partial=partial)
                everyone = total if (speaker is None and not f.person) else queries.count_quotes(
                    conn, f.without("person"), partial=partial)
        except queries.QueryError as e:
            if not worker.is_cancelled:
                self.post_message(self.Loaded(f, speaker, 0, [], [], str(e)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Facet(f, facet, everyone))

    def on_quotes_pane_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.filters != self.filters or message.speaker != self.speaker or message.partial != self.partial:
            return
        f, speaker, partial = message.filters, message.speaker, message.partial
        total = message.total           # pages past the middle are read from the end (G is instant)
        self.list.load(total, lambda conn, off, lim: queries.quotes(conn, f, speaker=speaker, limit=lim, offset=off,
                                                                    total=total, partial=partial),
                       message.rows)
        if message.facet is not None:
            self._fill_facet(message.facet, f)
        empty = self.query_one("#quotes-empty", EmptyState)
        if message.error:
            empty.show(Text(message.error), True)
        elif not message.total:
            if speaker == "?":
                empty.show(Text("No quotes without a speaker match the filters."), not f.is_empty())
            else:
                empty.show(*self.nothing_message("quotes", f))
        else:
            empty.hide()
        self.show_list(self.list, bool(message.total))
        self.query_one("#quotes-detail").display = bool(message.total)
        status = Text(plural(message.total, "quote"), style="bold")
        if speaker == "?":
            status.append(" without a known speaker", style="bold")
        status.append("  (with fragments and scare quotes · F: full statements only)" if partial
                      else "  (full statements · F: fragments too)", style="dim")

        self.query_one("#quotes-status", Static).update(status)

    def on_quotes_pane_facet(self, message: Facet) -> None:
        message.stop()
        if message.filters == self.filters:
            self._all_count = message.everyone
            self._fill_facet(message.facet, message.filters)

    def _fill_facet(self, facet: list[Speaker], f: Filters) -> None:
        # every quote in the slice (the facet lists only the busiest speakers)
        total = self._all_count if self._all_count is not None else sum(r.quotes for r in facet)
        width = max((len(f"{r.quotes:,}") for r in facet), default=1)
        width = max(width, len(f"{total:,}"))
        items = [FacetItem(ALL, None, None, total, width)]
        highlight = 0
        for r in facet:
            name = r.name
            items.append(FacetItem(("p:" + name) if name else UNKNOWN, name, r.kind, r.quotes, width))
            if (name and name in (f.person, self.speaker)) or (not name and self.speaker == "?"):
                highlight = len(items) - 1
        self.facet.load(len(items), lambda conn, off, lim: [], items, cursor=highlight)

    @on(VirtualList.Selected, "#quotes-facet")
    def _speaker_chosen(self, message: VirtualList.Selected) -> None:
        message.stop()
        oid = message.item.id if message.item else ALL
        app = self.app
        if oid == ALL:
            self.speaker = None
            if self.filters.person:
                app.filters = self.filters.replace(person=None)  # type: ignore[attr-defined]
            else:
                self.reload()
        elif oid == UNKNOWN or message.item.kind == "organisation":
            # no person: this pane's own speaker filter (an organisation is no person to
            # narrow every pane to)
            self.speaker = "?" if oid == UNKNOWN else message.item.name
            if self.filters.person:
                app.filters = self.filters.replace(person=None)  # type: ignore[attr-defined]
            else:
                self.reload()
        else:
            self.speaker = None
            app.filters = self.filters.replace(person=oid[2:])  # type: ignore[attr-defined]
        self.list.focus()

    @on(VirtualList.Highlighted, "#quotes-facet")
    def _speaker_highlighted(self, message: VirtualList.Highlighted) -> None:
        message.stop()

    # ---- detail ------------------------------------------------------------------------
    @on(VirtualList.Highlighted, "#quotes-list")
    def _quote_highlighted(self, message: VirtualList.Highlighted) -> None:
        message.stop()
        self._current = message.item
        self._show_detail(message.item, [])
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if message.item and (message.item.sources or 1) > 1:
            item = message.item
            self._detail_timer = self.set_timer(0.15, lambda: self._variants(item.id, item.statement_id))

    @work(thread=True, exclusive=True, group="quote-variants", exit_on_error=False)
    def _variants(self, quote_id: int, statement_id: int) -> None:
        with self.app.database.connection() as conn:  # type: ignore[attr-defined]
            rows = queries.variants(conn, statement_id)
        self.post_message(self.Variants(quote_id, rows))

    def on_quotes_pane_variants(self, message: Variants) -> None:
        message.stop()
        if self._current and self._current.id == message.quote_id:
            self._show_detail(self._current, message.rows)

    def _show_detail(self, item: Quote | None, variants: list[Variant]) -> None:
        text = self.query_one("#quotes-detail-text", Static)
        if item is None:
            text.update("")
            return
        t = Text()
        t.append("“")
        t.append_text(safe(item.text))
        t.append("”")
        t.append("\n— ")
        t.append(one_line(speaker_label(item.speaker, item.speaker_kind)) or "unknown speaker",
                 style="bold")
        if item.role:
            t.append(f", {one_line(item.role)}")
        t.append(f" · {_day(item)} · ", style="dim")
        t.append(one_line(item.title or "(untitled)"), style="italic")
        t.append(f" · {display_path(item.source)}", style="dim")
        if item.confidence is not None and item.speaker:
            t.append(f" · attribution {item.confidence:.0%}", style="dim")
        others = [v for v in variants if v.id != item.id]
        if others:
            t.append(f"\nReported by {len({v.article_id for v in variants})} sources:", style="bold")
            for v in others:
                t.append("\n  · ")
                t.append(one_line(v.title) or display_path(v.source), style="italic")
                t.append(f" ({_day(v)})", style="dim")
                if " ".join(v.text.split()) != " ".join(item.text.split()):
                    t.append(": “")
                    t.append_text(safe(v.text))
                    t.append("”")
        text.update(t)

    @on(VirtualList.Selected, "#quotes-list")
    def _quote_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        item = message.item
        if item is None:
            return
        self.post_message(OpenArticle(Passage(item.article_id, item.start, item.end,
                                              quote_id=item.id, terms=self.filters.text or "")))

    # ---- actions -----------------------------------------------------------------------
    def action_copy(self) -> None:
        item = self.list.item(self.list.cursor)
        if item is None:
            return
        self.app.copy_to_clipboard(citation(item))
        self.notify("Copied the quote with its citation", timeout=2)

    def action_filter_speaker(self) -> None:
        item = self.list.item(self.list.cursor)
        if item is None or not item.speaker:
            self.notify("This quote has no known speaker", timeout=2)
            return
        self.speaker = None
        self.app.filters = self.filters.replace(person=item.speaker)  # type: ignore[attr-defined]
