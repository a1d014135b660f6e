"""Countries: mention and article counts, sortable; the highlighted one's dossier beside them."""
from __future__ import annotations

from textual.content import Content

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing import commands
from briefing.panes.base import OpenArticle, Pane, Passage
from briefing.render import date_label, format_figure, one_line, plural, safe
from briefing.widgets.data_table import NavDataTable
from briefing.widgets.empty_state import EmptyState
from briefing.widgets.option_list import NavOptionList
from db import queries
from db.queries import Filters

SORTS = ("mentions", "articles", "name")
DOSSIER_LIMIT = 50


def _grid(left: Text, right: Text, left_width: int = 11) -> Table:
    """A dossier row: a fixed left column (date, figure) and text with a hanging indent."""
    g = Table.grid(padding=(0, 1), expand=True)
    g.add_column(width=left_width, no_wrap=True, overflow="ellipsis")
    g.add_column(ratio=1)
    g.add_row(left, right)
    return g


def dossier_options(d: dict) -> tuple[list[Option | None], list[Passage | None]]:
    """Dossier sections as option-list rows, each with the passage it opens (None: a heading)."""
    opts: list[Option | None] = []
    targets: list[Passage | None] = []

    def heading(label: str, n: int) -> None:
        if opts:
            opts.append(None)
        opts.append(Option(Text.assemble((label, "bold underline"), (f"  {n}", "dim")), disabled=True))
        targets.append(None)

    def row(left: Text, right: Text, passage: Passage, width: int = 11) -> None:
        opts.append(Option(_grid(left, right, width)))
        targets.append(passage)

    heading("Figures", len(d["figures"]))
    for f in d["figures"]:
        right = Text("“")
        right.append_text(safe(f["text"]))
        right.append("” ")
        right.append(f"{one_line(f.get('title')) or '(untitled)'} · {one_line(f.get('day')) or 'undated'}",
                     style="dim")
        row(Text(format_figure(f), style="bold"), right, Passage(f["article_id"], f.get("start"), f.get("end")), 16)
    heading("Events", len(d["events"]))
    for e in d["events"]:
        right = Text("target · ", style="italic") if e.get("target") else Text()
        right.append_text(safe(e["text"]))
        row(Text(date_label(e["date"], e.get("end")), style="bold"), right,
            Passage(e["article_id"], e.get("start"), e.get("stop"), event_id=e["id"]))
    heading("Quotes", len(d["quotes"]))
    for q in d["quotes"]:
        right = Text("“")
        right.append_text(safe(q["text"]))
        right.append("” — ")
        right.append(one_line(q.get("speaker")) or "unknown speaker", style="italic")
        row(Text(one_line(q.get("day")) or "undated", style="bold"), right,
            Passage(q["article_id"], q.get("start"), q.get("end"), quote_id=q["id"]))
    heading("Articles", len(d["articles"]))
    for a in d["articles"]:
        right = Text(one_line(a.get("title")) or "(untitled)")
        if a.get("byline"):
            right.append(f" — {one_line(a['byline'])}", style="dim")
        row(Text(one_line(a.get("day")) or "undated", style="bold"), right, Passage(a["id"]))
    return opts, targets


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
        def __init__(self, f: Filters, order: str, rows: list[dict], error: str | None = None) -> None:
            super().__init__()
            self.filters, self.order, self.rows, self.error = f, order, rows, error

    class Dossier(Message):
        def __init__(self, f: Filters, iso3: str, dossier: dict) -> None:
            super().__init__()
            self.filters, self.iso3, self.dossier = f, iso3, dossier

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.order = "mentions"
        self._rows: list[dict] = []
        self._targets: list[Passage | None] = []
        self._dossier_timer: Timer | None = None
        self._want: str | None = None       # a country to highlight once loaded (palette jump)
        self._dossier_iso3: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="countries-side"):
                yield Static(id="countries-status", classes="pane-status")
                yield NavDataTable(id="countries-table", cursor_type="row", zebra_stripes=True)
                yield EmptyState(id="countries-empty")
            yield NavOptionList(id="countries-dossier")

    @property
    def table(self) -> NavDataTable:
        return self.query_one("#countries-table", NavDataTable)

    def main_widget(self) -> NavDataTable:
        return self.table

    def on_mount(self) -> None:
        t = self.table
        t.add_column("Country", key="name", width=15)
        t.add_column("ISO3", key="iso3", width=4)
        t.add_column("Ment.", key="mentions", width=5)
        t.add_column("Art.", key="articles", width=4)
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
        keep = self._want or self.filters.country or self._selected_iso3()
        self._want = None
        self._rows = message.rows
        t.clear()
        for r in message.rows:
            t.add_row(Text(one_line(r["name"]), no_wrap=True, overflow="ellipsis"), Text(r["iso3"], style="dim"),
                      Text(f"{r['mentions']:,}", justify="right"), Text(f"{r['articles']:,}", justify="right"),
                      key=r["iso3"])
        empty = self.query_one("#countries-empty", EmptyState)
        if message.error:
            empty.show(Text(message.error), True)
        elif not message.rows:
            empty.show(*self.nothing_message("countries", message.filters))
        else:
            empty.hide()
        t.display = bool(message.rows)
        status = Text(plural(len(message.rows), "country", "countries"), style="bold")
        status.append(f" · by {self.order} (s)", style="dim")
        self.query_one("#countries-status", Static).update(status)
        if message.rows:
            index = next((i for i, r in enumerate(message.rows) if r["iso3"] == keep), 0)
            t.move_cursor(row=index)
            self._show_dossier(message.rows[index]["iso3"])
        else:
            self.query_one("#countries-dossier", OptionList).clear_options()

    def _selected_iso3(self) -> str | None:
        t = self.table
        if not self._rows or t.cursor_row < 0 or t.cursor_row >= len(self._rows):
            return None
        return self._rows[t.cursor_row]["iso3"]

    def select_country(self, iso3: str) -> None:
        """Highlight a country and show its dossier (palette: jump to a country)."""
        index = next((i for i, r in enumerate(self._rows) if r["iso3"] == iso3), None)
        if index is None:
            self._want = iso3
            if not self._stale:
                self.reload()
            return
        self.table.move_cursor(row=index)
        self._show_dossier(iso3)

    # ---- dossier -----------------------------------------------------------------------
    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        message.stop()
        if self._dossier_timer is not None:
            self._dossier_timer.stop()
        self._dossier_timer = self.set_timer(0.12, self._follow_cursor)

    def _follow_cursor(self) -> None:
        """Show the dossier of the row under the cursor once the cursor rests."""
        iso3 = self._selected_iso3()
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
        d = message.dossier
        ol = self.query_one("#countries-dossier", OptionList)
        opts, self._targets = dossier_options(d)
        ol.clear_options()
        ol.add_options(opts)
        ol.border_title = Content(f"{one_line(d['name'])} ({one_line(d['iso3'])})")   # literal, never markup
        first = next((i for i, t in enumerate(self._targets) if t is not None), None)
        if first is not None:
            ol.highlighted = first

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        message.stop()
        self.query_one("#countries-dossier").focus()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        i = message.option_index
        passage = self._targets[i] if 0 <= i < len(self._targets) else None
        if passage is not None:
            passage.terms = self.filters.text or ""
            self.post_message(OpenArticle(passage))

    def on_data_table_header_selected(self, message: DataTable.HeaderSelected) -> None:
        message.stop()
        key = message.column_key.value
        if key in ("mentions", "articles", "name"):
            self.order = key
            self.reload()

    # ---- actions -----------------------------------------------------------------------
    def action_sort(self) -> None:
        self.order = SORTS[(SORTS.index(self.order) + 1) % len(SORTS)]
        self.reload()

    def action_filter_country(self) -> None:
        iso3 = self._selected_iso3()
        if iso3:
            self.app.filters = replace(self.filters, country=iso3)  # type: ignore[attr-defined]
