"""The article reader: full text with quotes, speakers, countries and dates highlighted.

The text is shown literally (every piece cleaned and appended to a Rich ``Text``), split
into paragraphs so the reader can scroll to the passage it was opened at and step through
highlights with n/N.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from briefing import commands
from briefing.panes.base import Passage
from briefing.render import date_label, display_path, one_line, plural, spans_text, when
from briefing.widgets.title_bar import TitleBar
from db.rows import Article

MAX_PARAGRAPH_WIDGETS = 400
# the reader lays out and renders this much of an article around its passage (a 1 MB text took
# 12 s to show whole); the rest is named, with the command that prints it all
WINDOW_CHARS = 30_000

KINDS = ("quote", "speaker", "country", "date", "passage", "match", "current")


@dataclass
class Layout:
    """The article cut into paragraphs, each with the highlight spans that fall in it."""
    body: str
    paragraphs: list[tuple[int, int]]
    spans: list[tuple[int, int, str]]          # (start, end, kind) over the whole body
    passage: tuple[int, int] | None
    stops: list[tuple[int, int]]               # what n/N step through
    window: tuple[int, int] = (0, 0)           # the part of the body shown: paragraphs, spans and stops lie in it


def window_around(body: str, offset: int, size: int = WINDOW_CHARS) -> tuple[int, int]:
    """At most ``size`` characters of ``body`` centred on ``offset``, its ends moved to a line
    break (else a space) near them so no paragraph or word is cut."""
    n = len(body)
    if n <= size:
        return 0, n
    start = max(0, min(offset - size // 2, n - size))
    end = start + size
    if start > 0:
        cut = max(body.rfind("\n", start, start + size // 4), body.rfind(" ", start, start + 200))
        start = cut + 1 if cut >= start else start
    if end < n:
        cut = body.rfind("\n", end - size // 4, end)
        cut = cut if cut > start else body.rfind(" ", end - 200, end)
        end = cut if cut > start else end
    return start, end


def _paragraphs(body: str) -> list[tuple[int, int]]:
    try:
        from ingest.extract.sentences import paragraphs
        spans = paragraphs(body)
    except Exception:  # noqa: BLE001 - a plain split is fine if the splitter misbehaves
        spans, pos = [], 0
        for line in body.split("\n"):
            if line.strip():
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
    if not spans:
        return [(0, len(body))]
    if len(spans) > MAX_PARAGRAPH_WIDGETS:         # very long text: fewer, larger blocks
        size = -(-len(spans) // MAX_PARAGRAPH_WIDGETS)
        spans = [(spans[i][0], spans[min(i + size, len(spans)) - 1][1]) for i in range(0, len(spans), size)]
    return spans


def _terms_rx(terms: str) -> "re.Pattern[str] | None":
    words = [w for w in re.findall(r"\w+", terms) if len(w) > 1]
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + r")\w*",
                      re.IGNORECASE)


def term_spans(body: str, terms: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Where the search words occur in body[start:end] (case-insensitive, as word prefixes,
    like the porter index roughly): the first 2,000."""
    rx = _terms_rx(terms)
    if rx is None:
        return []
    out = []
    for m in rx.finditer(body, start, len(body) if end is None else end):
        out.append((m.start(), m.end()))
        if len(out) >= 2000:
            break
    return out


def layout(article: Article, passage: Passage) -> Layout:
    """Highlights and stops for an article opened at a passage."""
    body = article.body or ""
    spans: list[tuple[int, int, str]] = []
    for q in article.quotes:
        spans.append((q.start, q.end, "quote"))
        if q.speaker_start is not None and q.speaker_end is not None:
            spans.append((q.speaker_start, q.speaker_end, "speaker"))
    for m in article.person_mentions:
        spans.append((m.start, m.end, "speaker"))
    for m in article.country_mentions:
        spans.append((m.start, m.end, "country"))
    for e in article.events:
        s, t = e.date_start, e.date_stop
        if s is not None and t is not None:
            spans.append((s, t, "date"))

    where = None
    if passage.quote_id is not None:
        q = next((q for q in article.quotes if q.id == passage.quote_id), None)
        if q:
            where = (q.start, q.end)
    if where is None and passage.event_id is not None:
        e = next((e for e in article.events if e.id == passage.event_id), None)
        if e:
            where = (e.start, e.stop)
    if where is None and passage.start is not None:
        where = (passage.start, passage.end if passage.end is not None else passage.start)
    if where is None and passage.terms:
        first = term_spans(body, passage.terms)[:1]
        where = first[0] if first else None
    ws, we = window_around(body, where[0] if where is not None else 0)
    matches = term_spans(body, passage.terms, ws, we) if passage.terms else []
    spans.extend((s, e, "match") for s, e in matches)
    if where is not None:
        spans.append((where[0], where[1], "passage"))
    if matches:
        stops = matches
    else:
        stops = sorted({(q.start, q.end) for q in article.quotes}
                       | {(e.start, e.stop) for e in article.events})
    stops = [(s, e) for s, e in stops if ws <= s < we]
    spans = [(max(ws, s), min(we, e), k) for s, e, k in spans if e > s and s < we and e > ws]
    paragraphs = [(s + ws, e + ws) for s, e in _paragraphs(body[ws:we])]
    return Layout(body, paragraphs, spans, where if where is not None and ws <= where[0] < we else None, stops,
                  (ws, we))


def paragraph_of(paragraphs: list[tuple[int, int]], offset: int) -> int:
    """The paragraph holding ``offset`` (or the next one, between paragraphs)."""
    for i, (_, e) in enumerate(paragraphs):
        if offset < e:
            return i
    return len(paragraphs) - 1


class ArticleView(VerticalScroll, can_focus=True):
    """Scrolls through the article: j/k, g/G, ctrl+d/ctrl+u; n/N step through highlights."""

    HELP_TITLE = "Article reader"
    HELP = ("The article reader: the full text with quotes (italic), speakers (bold), countries (underlined) "
            "and dates highlighted; the passage you opened it at is marked and scrolled to. n and N step "
            "through the search words if there are any, else through the quotes and events. escape goes back.")
    BINDINGS = commands.bindings("reader")
    COMPONENT_CLASSES = {f"reader--{k}" for k in KINDS}

    class Loaded(Message):
        def __init__(self, article: Article | None) -> None:
            super().__init__()
            self.article = article

    def __init__(self, passage: Passage, **kw) -> None:
        super().__init__(**kw)
        self.passage = passage
        self.page: Layout | None = None
        self.article: Article | None = None
        self.passage_index: int | None = None      # paragraph holding the passage
        self.stop_index: int | None = None
        self._para_widgets: list[Static] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("loading…", style="dim"), id="reader-meta")

    def on_mount(self) -> None:
        self._load(self.passage.article_id)

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def _load(self, article_id: int) -> None:
        from db import queries

        with self.app.database.connection() as conn:  # type: ignore[attr-defined]
            a = queries.article(conn, article_id)
        self.post_message(self.Loaded(a))

    def component_style(self, kind: str) -> Style:
        return self.get_component_rich_style(f"reader--{kind}", partial=True)

    async def on_article_view_loaded(self, message: Loaded) -> None:
        message.stop()
        a = message.article
        meta = self.query_one("#reader-meta", Static)
        if a is None:
            meta.update(Text("This article is no longer in the database (re-ingested or removed).", style="bold"))
            return
        self.article = a
        self.screen.sub_title = one_line(a.title) or "(untitled)"
        self.page = lay = layout(a, self.passage)
        meta.update(self._meta(a))
        self._para_widgets = [Static(self._paragraph_text(i), classes="para") for i in range(len(lay.paragraphs))]
        if lay.passage is not None:
            self.passage_index = paragraph_of(lay.paragraphs, lay.passage[0])
            self._para_widgets[self.passage_index].add_class("-passage")
            self.stop_index = next((i for i, (s, _) in enumerate(lay.stops) if s >= lay.passage[0]), None)
        ws, we = lay.window
        before = [Static(self._cut_note(ws, "before"), classes="para")] if ws > 0 else []
        after = [Static(self._cut_note(len(lay.body) - we, "after"), classes="para")] if we < len(lay.body) else []
        await self.mount_all([*before, *self._para_widgets, *after])
        self.call_after_refresh(self.scroll_to_passage)

    def _cut_note(self, chars: int, where: str) -> Text:
        aid = self.article.id if self.article else self.passage.article_id
        return Text(f"… {chars:,} more characters {where} this part of a long article; "
                    f"`briefing show {aid} --full` prints all of it", style="dim italic")

    def scroll_to_passage(self) -> None:
        if self.passage_index is not None:
            self.scroll_to_center(self._para_widgets[self.passage_index], animate=False, immediate=True)

    def passage_visible(self) -> bool:
        """Is the passage's paragraph on screen? (for tests)"""
        if self.passage_index is None:
            return False
        w = self._para_widgets[self.passage_index]
        top = w.virtual_region.y
        return self.scroll_offset.y <= top < self.scroll_offset.y + self.scrollable_content_region.height

    def _paragraph_text(self, i: int, current: tuple[int, int] | None = None) -> Text:
        lay = self.page
        assert lay is not None
        ps, pe = lay.paragraphs[i]
        spans = []
        for s, e, kind in lay.spans:
            if e > ps and s < pe:
                spans.append((max(s, ps) - ps, min(e, pe) - ps, self.component_style(kind)))
        if current and current[1] > ps and current[0] < pe:
            spans.append((max(current[0], ps) - ps, min(current[1], pe) - ps, self.component_style("current")))
        return spans_text(lay.body[ps:pe], spans)

    def _meta(self, a: Article) -> Text:
        t = Text()
        t.append(one_line(a.title) or "(untitled)", style="bold")
        t.append("\n")
        bits = [one_line(x) for x in (a.byline, a.outlet) if x] + [when(a.published, a.day)]
        t.append(" · ".join(bits), style="italic")
        t.append("\n")
        t.append(one_line(a.url) or display_path(a.source), style="dim")
        people = a.people_detail
        if a.countries or people:
            t.append("\n")
        if a.countries:
            # what the article is about first (its dateline, headline or lead, or named twice),
            # then the countries it names in passing
            about = [c for c in a.countries if c in (a.subject_countries or ())]
            rest = [c for c in a.countries if c not in about]
            for label, codes in ((("About ", about), ("Also ", rest)) if about else (("Countries ", rest),)):
                if codes:
                    t.append(label, style="dim")
                    t.append(" ".join(codes), style=self.component_style("country"))
                    t.append("  ")
        if people:
            t.append("People ", style="dim")
            for i, p in enumerate(people[:8]):
                if i:
                    t.append(", ")
                t.append(one_line(p.name), style=self.component_style("speaker"))
                if p.role:
                    t.append(f" ({one_line(p.role)})", style="dim")
            if len(people) > 8:
                t.append(f" and {len(people) - 8} more", style="dim")
        t.append("\n")
        t.append(", ".join([plural(len(a.quotes), "quote"), plural(len(a.events), "dated event"),
                            plural(len(a.figures), "figure")]), style="dim")
        t.append("   ")
        for kind, label in (("quote", "quote"), ("speaker", "speaker"), ("country", "country"), ("date", "date"),
                            ("passage", "passage")):
            t.append(label, style=self.component_style(kind))
            t.append(" ")
        events = a.events
        if events:
            t.append("\nDates ", style="dim")
            t.append(", ".join(dict.fromkeys(date_label(e.date, e.end, e.precision) for e in events)),
                     style=self.component_style("date"))
        return t

    # ---- n/N ---------------------------------------------------------------------------
    def _go(self, step: int) -> None:
        lay = self.page
        if lay is None or not lay.stops:
            self.notify("Nothing highlighted to step through", timeout=2)
            return
        if self.stop_index is None:
            top = self.scroll_offset.y
            first_visible = next((i for i, w in enumerate(self._para_widgets) if w.virtual_region.y >= top), 0)
            start = lay.paragraphs[first_visible][0]
            self.stop_index = next((i for i, (s, _) in enumerate(lay.stops) if s >= start), 0)
            if step < 0:
                self.stop_index = max(0, self.stop_index - 1)
        else:
            self.stop_index = (self.stop_index + step) % len(lay.stops)
        self._mark_current()

    def _mark_current(self) -> None:
        lay = self.page
        assert lay is not None and self.stop_index is not None
        stop = lay.stops[self.stop_index]
        for i, w in enumerate(self._para_widgets):
            if w.has_class("-current"):
                w.remove_class("-current")
                w.update(self._paragraph_text(i))
        i = paragraph_of(lay.paragraphs, stop[0])
        w = self._para_widgets[i]
        w.add_class("-current")
        w.update(self._paragraph_text(i, stop))
        self.scroll_to_center(w, animate=False, immediate=True)

    def action_next_stop(self) -> None:
        self._go(1)

    def action_prev_stop(self) -> None:
        self._go(-1)

    def action_half_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_half_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height // 2), animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()


class ReaderScreen(Screen):
    """One article, opened at a passage; escape returns to the pane it came from."""

    def __init__(self, passage: Passage) -> None:
        super().__init__()
        self.passage = passage

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield ArticleView(self.passage, id="reader")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticleView).focus()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)
