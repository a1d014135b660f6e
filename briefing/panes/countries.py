"""Countries: mention and article counts, sortable; the highlighted one's dossier beside them."""
from __future__ import annotations

from typing import NamedTuple

from rich.console import Console
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual import events
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing import commands
from briefing.panes.base import OpenArticle, Pane, Passage
from briefing.render import date_label, format_figure, one_line, plural, safe
from briefing.widgets.empty_state import EmptyState
from briefing.widgets.option_list import NavOptionList
from briefing.widgets.virtual_list import VirtualList
from db import queries
from db.queries import Filters
from db.rows import Country, CountryDossier

SORTS = ("mentions", "articles", "name")
DOSSIER_LIMIT = 50


def _cell(left: Text, right: Text, width: int, console: Console, left_width: int = 11) -> Text:
    """A dossier row: a fixed left column (date, figure), then text wrapped with a hanging indent.

    Drawn as plain Text at the list's width: a Rich Table grid looks the same but costs about a
    millisecond per row to measure and draw, and a dossier has up to 200 rows.
    """
    head = left.copy()
    head.no_wrap = True
    head.truncate(left_width, overflow="ellipsis", pad=True)
    out = Text()
    out.append_text(head)
    out.append(" ")
    indent = " " * (left_width + 1)
    for i, line in enumerate(right.wrap(console, max(8, width - left_width - 1))):
        if i:
            out.append("\n" + indent)
        line.rstrip()
        out.append_text(line)
    return out


def dossier_options(d: CountryDossier, width: int, console: Console) -> tuple[list[Option | None], list[Passage | None]]:
    """Dossier sections as option-list rows (``width`` cells wide), each with the passage it opens
    (None: a heading)."""
    opts: list[Option | None] = []
    targets: list[Passage | None] = []

    def heading(label: str, n: int, note: str = "") -> None:
        if opts:
            opts.append(None)
        opts.append(Option(Text.assemble((label, "bold underline"), (f"  {n}{note}", "dim")), disabled=True))
        targets.append(None)

    def row(left: Text, right: Text, passage: Passage, left_width: int = 11) -> None:
        opts.append(Option(_cell(left, right, width, console, left_width)))
        targets.append(passage)

    heading("Figures", len(d.figures))
    for f in d.figures:
        right = Text("“")
        right.append_text(safe(f.text))
        right.append("” ")
        right.append(f"{one_line(f.title) or '(untitled)'} · {one_line(f.day) or 'undated'}"
                     + (f" · {f.sources} sources" if f.sources > 1 else ""), style="dim")
        row(Text(format_figure(f), style="bold"), right, Passage(f.article_id, f.start, f.end), 16)
    heading("Events", len(d.events))
    for e in d.events:
        right = Text("target · ", style="italic") if e.target else Text()
        right.append_text(safe(e.text))
        row(Text(date_label(e.date, e.end, e.precision), style="bold"), right,
            Passage(e.article_id, e.start, e.stop, event_id=e.id))
    heading("Quotes", len(d.quotes))
    for q in d.quotes:
        right = Text("“")
        right.append_text(safe(q.text))
        right.append("” — ")
        right.append(one_line(q.speaker) or "unknown speaker", style="italic")
        row(Text(one_line(q.day) or "undated", style="bold"), right,
            Passage(q.article_id, q.start, q.end, quote_id=q.id))
    # about the country: its dateline, headline or lead names it, or it is named twice (an
    # article stored before that was recorded is neither counted nor marked)
    about = sum(1 for a in d.articles if a.subject_countries and d.iso3 in a.subject_countries)
    heading("Articles", len(d.articles), f", {about} about it" if about else "")
    for a in d.articles:
        right = Text(one_line(a.title) or "(untitled)")
        if a.byline:
            right.append(f" — {one_line(a.byline)}", style="dim")
        if a.subject_countries is not None and d.iso3 not in a.subject_countries:
            right.append(" · in passing", style="italic dim")
        row(Text(one_line(a.day) or "undated", style="bold"), right, Passage(a.id))
    return opts, targets


# (key, heading, width, right-aligned): one space of padding each side of a column
COLUMNS = (("name", "Country", 15, False), ("iso3", "ISO3", 4, False), ("mentions", "Ment.", 5, True),
           ("articles", "Art.", 4, True))


def count_label(n: int, width: int) -> str:
    """A count in ``width`` cells, never cut: 1,234 where it fits, else 1.2k, 12k, 1.2M."""
    full = f"{n:,}"
    if len(full) <= width:
        return full
    shorter = [(f"{n / scale:.1f}".removesuffix(".0") if digits else f"{n / scale:.0f}") + unit
               for scale, unit in ((1_000, "k"), (1_000_000, "M"), (1_000_000_000, "G")) for digits in (1, 0)]
    return next((x for x in shorter if len(x) <= width), shorter[-1])


def _fit(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        return text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def header_text() -> Text:
    """The column headings; a click on one sorts by it."""
    return Text("".join(f" {_fit(h, w, r)} " for _, h, w, r in COLUMNS), style="bold", no_wrap=True)


def column_at(x: int) -> str | None:
    """The column key under cell ``x`` of the heading."""
    at = 0
    for key, _, w, _ in COLUMNS:
        at += w + 2
        if x < at:
            return key
    return None


class CountryLine(NamedTuple):
    """A country in the table with its row number (every other row is striped)."""
    row: int
    country: Country


def render_country(item: CountryLine, prev: CountryLine | None, width: int, lst: VirtualList, first: bool
                   ) -> list[Text]:
    """One line per country: name, code, mentions, articles (a virtual list draws only those on screen)."""
    widths = {key: w for key, _, w, _ in COLUMNS}
    c = item.country
    cells = {"name": one_line(c.name), "iso3": one_line(c.iso3),
             "mentions": count_label(c.mentions, widths["mentions"]),
             "articles": count_label(c.articles, widths["articles"])}
    t = Text(no_wrap=True)
    for key, _, w, right in COLUMNS:
        t.append(f" {_fit(cells[key], w, right)} ", style=lst.cstyle("dim") if key == "iso3" else "")
    if item.row % 2 and item.row != lst.cursor:
        t.truncate(width, pad=True)
        t.stylize(lst.cstyle("stripe"))
    return [t]


class CountriesPane(Pane):
    """Countries by mentions (s sorts); the dossier shows figures, events, quotes and articles."""

    pane_id = "countries"
    HELP_TITLE = "Countries"
    HELP = ("Countries: every country mentioned in the slice with its mention and article counts. s sorts by "
            "mentions, articles or name (or click a column). The dossier on the right shows the highlighted "
            "country's figures (share of GDP, targets, money), its events on a small timeline, quotes that concern "
            "it and its articles; enter on a dossier row opens the article there. f narrows every pane to the "
            "country.")
    BINDINGS = commands.bindings("countries")

    class Loaded(Message):
        def __init__(self, f: Filters, order: str, rows: list[Country], error: str | None = None) -> None:
            super().__init__()
            self.filters, self.order, self.rows, self.error = f, order, rows, error

    class Dossier(Message):
        def __init__(self, f: Filters, iso3: str, dossier: CountryDossier) -> None:
            super().__init__()
            self.filters, self.iso3, self.dossier = f, iso3, dossier

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.order = "mentions"
        self._rows: list[CountryLine] = []
        self._targets: list[Passage | None] = []
        self._dossier_timer: Timer | None = None
        self._want: str | None = None       # a country to highlight once loaded (palette jump)
        self._dossier_iso3: str | None = None
        self._dossier: CountryDossier | None = None
        self._dossier_drawn_width = 0
        self._dossier_kept: CountryDossier | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="countries-side"):
                yield Static(id="countries-status", classes="pane-status")
                yield Static(header_text(), id="countries-header")
                yield VirtualList(1, render_country, page_size=100_000, id="countries-table")
                yield EmptyState(id="countries-empty")
            yield NavOptionList(id="countries-dossier")

    @property
    def table(self) -> VirtualList:
        return self.query_one("#countries-table", VirtualList)

    def main_widget(self) -> VirtualList:
        return self.table

    def on_mount(self) -> None:
        self.query_one("#countries-dossier").border_title = "Dossier"

    def reload(self) -> None:
        self.query_one("#countries-status", Static).update(Text("loading…", style="dim"))
        self._load(self.filters, self.order)

    @work(thread=True, exclusive=True, group="countries", exit_on_error=False)
    def _load(self, f: Filters, order: str) -> None:
        worker = get_current_worker()
        try:
            with self.app.database.connection("countries") as conn:  # type: ignore[attr-defined]
                rows = queries.countries(conn, f, order=order)
        except queries.QueryError as e:
            if not worker.is_cancelled:
                self.post_message(self.Loaded(f, order, [], str(e)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(f, order, rows))

    def on_countries_pane_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.filters != self.filters or message.order != self.order:
            return
        t = self.table
        keep = self._want or self.filters.country or self.selected_iso3()
        self._want = None
        self._rows = [CountryLine(i, r) for i, r in enumerate(message.rows)]
        index = next((i for i, r in enumerate(message.rows) if r.iso3 == keep), 0)
        t.load(len(self._rows), lambda conn, off, lim: [], self._rows, cursor=index)
        empty = self.query_one("#countries-empty", EmptyState)
        if message.error:
            empty.show(Text(message.error), True)
        elif not message.rows:
            empty.show(*self.nothing_message("countries", message.filters))
        else:
            empty.hide()
        self.show_list(t, bool(message.rows))
        self.query_one("#countries-header").display = bool(message.rows)
        status = Text(plural(len(message.rows), "country", "countries"), style="bold")
        status.append(f" · by {self.order} (s)", style="dim")
        self.query_one("#countries-status", Static).update(status)
        if message.rows:
            self._show_dossier(message.rows[index].iso3)
        else:
            self.query_one("#countries-dossier", OptionList).clear_options()

    def selected_iso3(self) -> str | None:
        t = self.table
        if not self._rows or not 0 <= t.cursor < len(self._rows):
            return None
        return self._rows[t.cursor].country.iso3

    def select_country(self, iso3: str) -> None:
        """Highlight a country and show its dossier (palette: jump to a country)."""
        index = next((i for i, r in enumerate(self._rows) if r.country.iso3 == iso3), None)
        if index is None:
            self._want = iso3
            if not self._stale:
                self.reload()
            return
        self.table.move_to(index)
        self._show_dossier(iso3)

    # ---- dossier -----------------------------------------------------------------------
    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        message.stop()
        if self._dossier_timer is not None:
            self._dossier_timer.stop()
        self._dossier_timer = self.set_timer(0.12, self._follow_cursor)

    def _follow_cursor(self) -> None:
        """Show the dossier of the row under the cursor once the cursor rests."""
        iso3 = self.selected_iso3()
        if iso3 and iso3 != self._dossier_iso3:
            self._show_dossier(iso3)

    def _show_dossier(self, iso3: str) -> None:
        self._dossier_iso3 = iso3
        self._load_dossier(self.filters, iso3)

    @work(thread=True, exclusive=True, group="dossier", exit_on_error=False)
    def _load_dossier(self, f: Filters, iso3: str) -> None:
        worker = get_current_worker()
        with self.app.database.connection("dossier") as conn:  # type: ignore[attr-defined]
            d = queries.country_dossier(conn, iso3, f, limit=DOSSIER_LIMIT)
        if not worker.is_cancelled:
            self.post_message(self.Dossier(f, iso3, d))

    def on_countries_pane_dossier(self, message: Dossier) -> None:
        message.stop()
        if message.iso3 != self._dossier_iso3:
            return
        self._dossier = message.dossier
        self._fill_dossier()

    def _dossier_width(self, scrollbar: bool = False) -> int:
        """Cells an option's text gets: the list's content less the option padding (and scrollbar)."""
        ol = self.query_one("#countries-dossier", OptionList)
        padding = ol.get_component_styles("option-list--option").padding.width
        bar = ol.styles.scrollbar_size_vertical if scrollbar else 0
        return max(20, ol.content_region.width - bar - padding)

    def on_resize(self) -> None:
        ol = self.query_one("#countries-dossier", OptionList)
        if not ol.content_region.width:
            return                  # hidden: redrawn when shown at its new size
        if self._dossier is not None and self._dossier_width() != self._dossier_drawn_width:
            self._fill_dossier(keep=True)

    def _fill_dossier(self, keep: bool = False) -> None:
        d = self._dossier
        if d is None:
            return
        ol = self.query_one("#countries-dossier", OptionList)
        if not ol.content_region.height:
            self._dossier_drawn_width = 0      # hidden or not laid out yet: on_resize draws it at its size
            return
        highlighted = ol.highlighted
        self._dossier_drawn_width = width = self._dossier_width()
        rows = 3 + len(d.figures) + len(d.events) + len(d.quotes) + len(d.articles)
        if rows > ol.content_region.height:         # it will scroll: leave room for the scrollbar
            opts, self._targets = dossier_options(d, self._dossier_width(scrollbar=True), self.app.console)
        else:
            opts, self._targets = dossier_options(d, width, self.app.console)
            lines = sum(1 if o is None else len(o.prompt.plain.splitlines()) for o in opts)
            if lines > ol.content_region.height:    # wrapped rows made it scroll after all
                opts, self._targets = dossier_options(d, self._dossier_width(scrollbar=True), self.app.console)
        ol.clear_options()
        ol.add_options(opts)
        ol.border_title = Content(f"{one_line(d.name)} ({one_line(d.iso3)})")   # literal, never markup
        if keep and d is self._dossier_kept and highlighted is not None and highlighted < len(opts):
            ol.highlighted = highlighted          # the same dossier redrawn at a new width
            return
        self._dossier_kept = d
        first = next((i for i, t in enumerate(self._targets) if t is not None), None)
        if first is not None:
            ol.highlighted = first

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        self.query_one("#countries-dossier").focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        i = message.option_index
        passage = self._targets[i] if 0 <= i < len(self._targets) else None
        if passage is not None:
            passage.terms = self.filters.text or ""
            self.post_message(OpenArticle(passage))

    def on_click(self, event: events.Click) -> None:
        header = self.query_one("#countries-header")
        if event.widget is not header:
            return
        offset = event.get_content_offset(header)
        key = column_at(offset.x) if offset is not None else None
        if key in SORTS:
            event.stop()
            self.order = key
            self.reload()

    # ---- actions -----------------------------------------------------------------------
    def action_sort(self) -> None:
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        self.reload()

    def action_filter_country(self) -> None:
        iso3 = self.selected_iso3()
        if iso3:
            self.app.filters = self.filters.replace(country=iso3)  # type: ignore[attr-defined]
