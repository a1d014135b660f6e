"""Timeline: dated events in date order, grouped by day, with their precision and sources;
then the undated articles, whose relative dates stay unresolved rather than guessed."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from briefing import commands
from briefing.panes.base import OpenArticle, Pane, Passage
from briefing.render import date_label, display_path, one_line, plural, safe
from briefing.widgets.empty_state import EmptyState
from briefing.widgets.virtual_list import PAGE, VirtualList
from db import queries
from db.queries import Filters
from db.rows import ArticleRow, Event

GUTTER = 15
UNDATED = "undated"
END_OF_TIME = "9999-12-31"          # a day after every event: a backward jump from the undated group


def unit_start(day: str, unit: str) -> date:
    """First day of the day/month/year that ``day`` (YYYY-MM-DD) falls in."""
    d = date.fromisoformat(day)
    if unit == "year":
        return d.replace(month=1, day=1)
    if unit == "month":
        return d.replace(day=1)
    return d


def next_unit(day: str, unit: str) -> date:
    """First day of the following day/month/year."""
    d = unit_start(day, unit)
    if unit == "year":
        return d.replace(year=d.year + 1)
    if unit == "month":
        return (d.replace(day=calendar.monthrange(d.year, d.month)[1]) + timedelta(days=1))
    return d + timedelta(days=1)


def _undated(item: Event | ArticleRow) -> bool:
    """An entry of the undated group (an article), not a dated event."""
    return isinstance(item, ArticleRow)


def render_undated(item: ArticleRow, prev: Event | ArticleRow | None, lst: VirtualList, first: bool) -> list[Text]:
    """Two lines: the 'undated' gutter (once, at the group's start) + title; countries and source."""
    line1 = Text()
    if prev is not None and _undated(prev) and not first:
        line1.append(" " * (GUTTER - 3) + "·  ", style=lst.cstyle("dim"))
    else:
        line1.append(UNDATED.ljust(GUTTER - 1) + " ", style=lst.cstyle("accent") + lst.cstyle("strong"))
    line1.append_text(safe(item.title or "(untitled)"))
    line2 = Text(" " * GUTTER)
    line2.append("no date of its own", style=lst.cstyle("dim") + lst.cstyle("warning"))
    line2.append(" · ", style=lst.cstyle("dim"))
    if item.countries:
        line2.append(" ".join(item.countries), style=lst.cstyle("accent"))
        line2.append(" · ", style=lst.cstyle("dim"))
    line2.append(display_path(item.source), style=lst.cstyle("dim"))
    return [line1, line2]


def render_event(item: Event | ArticleRow, prev: Event | ArticleRow | None, width: int, lst: VirtualList, first: bool) -> list[Text]:
    """Two lines: date gutter + sentence; marks, countries, source count and the article title."""
    if _undated(item):
        return render_undated(item, prev, lst, first)
    label = date_label(item.date, item.end, item.precision)
    same = prev is not None and prev.date == item.date and prev.end == item.end
    new_year = prev is None or prev.date[:4] != item.date[:4]
    line1 = Text()
    if same and not first:
        line1.append(" " * (GUTTER - 3) + "·  ", style=lst.cstyle("dim"))
    else:
        style = lst.cstyle("accent") + lst.cstyle("strong") if new_year else lst.cstyle("strong")
        line1.append(label.ljust(GUTTER - 1)[:GUTTER - 1] + " ", style=style)
    line1.append_text(safe(item.text))

    line2 = Text(" " * GUTTER)
    marks = []
    seen = getattr(lst.app, "seen_before", None)       # the last session's article-id mark
    if seen and (item.article_id or 0) > int(seen):
        marks.append(("new", lst.cstyle("accent") + lst.cstyle("strong")))
    if item.target:
        marks.append(("target", lst.cstyle("warning")))
    if item.inferred:
        marks.append(("date inferred", lst.cstyle("dim") + lst.cstyle("warning")))
    if item.precision != "day":
        marks.append((f"{item.precision} only", lst.cstyle("dim")))
    for text, style in marks:
        line2.append(text, style=style)
        line2.append(" · ", style=lst.cstyle("dim"))
    if item.countries:
        line2.append(" ".join(item.countries), style=lst.cstyle("accent"))
        line2.append(" · ", style=lst.cstyle("dim"))
    n = item.sources or 1
    line2.append(plural(n, "source"), style=lst.cstyle("strong") if n > 1 else lst.cstyle("dim"))
    line2.append(" · ", style=lst.cstyle("dim"))
    line2.append(one_line(item.title) or display_path(item.source), style=lst.cstyle("dim"))
    return [line1, line2]


class TimelinePane(Pane):
    """Events in date order. ] [ jump by day, } { by month, ) ( by year; enter opens the article."""

    pane_id = "timeline"
    HELP_TITLE = "Timeline"
    HELP = ("The timeline: every dated event in the current slice, in date order. The date shows its "
            "precision (2025-06-05, 2025-06 or 2025); 'date inferred' means the article had no date of its own "
            "and 'target' marks a goal year rather than something that happened. After the dated events, "
            "'undated' lists the articles with no date of their own (their relative dates are left unresolved, "
            "not guessed; a date filter leaves them out); G goes there, enter opens one. ] and [ jump to the next "
            "and previous day, } and { by month, ) and ( by year. e exports the slice to Markdown.")
    BINDINGS = commands.bindings("timeline")

    class Loaded(Message):
        def __init__(self, f: Filters, dated: int, undated: int, rows: list[Event | ArticleRow], error: str | None = None) -> None:
            super().__init__()
            self.filters, self.dated, self.undated, self.rows, self.error = f, dated, undated, rows, error

    class Jump(Message):
        def __init__(self, index: int | None, what: str) -> None:
            super().__init__()
            self.index, self.what = index, what

    _shown_item: tuple | None = None
    dated = 0                          # events in the list; the undated articles follow them
    undated = 0

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-status", classes="pane-status")
        yield VirtualList(2, render_event, id="timeline-list")
        yield EmptyState(id="timeline-empty")
        yield Static(id="timeline-detail", classes="detail")

    @property
    def list(self) -> VirtualList:
        return self.query_one("#timeline-list", VirtualList)

    def main_widget(self) -> VirtualList:
        return self.list

    def preload(self, f: Filters, dated: int, undated: int, rows: list[Event | ArticleRow]) -> None:
        """Rows fetched with the opening of the database: shown without another round trip."""
        self._stale = False
        self._shown_filters = f
        # handled now, not posted: the rows are in the very next frame (a message would wait
        # behind the frames of the still-empty screen)
        self.on_timeline_pane_loaded(self.Loaded(f, dated, undated, rows))

    def reload(self) -> None:
        self.query_one("#timeline-status", Static).update(Text("loading…", style="dim"))
        self._load(self.filters)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(self, f: Filters) -> None:
        worker = get_current_worker()
        try:
            with self.app.database.connection("timeline") as conn:  # type: ignore[attr-defined]
                dated, undated, rows = queries.timeline_opening(conn, f, PAGE)
        except queries.QueryError as e:
            if not worker.is_cancelled:
                self.post_message(self.Loaded(f, 0, 0, [], str(e)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Loaded(f, dated, undated, rows))

    def on_timeline_pane_loaded(self, message: Loaded) -> None:
        message.stop()
        if message.filters != self.filters:
            return              # a newer filter is loading
        f = message.filters
        lst = self.list
        # pages past the middle of each part are read from its end (G is instant)
        dated, undated = self.dated, self.undated = message.dated, message.undated
        total = dated + undated
        lst.load(total, lambda conn, off, lim: queries.timeline_with_undated(conn, f, lim, off, dated, undated),
                 message.rows)
        empty = self.query_one("#timeline-empty", EmptyState)
        if message.error:
            empty.show(Text(message.error), True)
        elif not total:
            empty.show(*self.nothing_message("dated events", f))
        else:
            empty.hide()
        self.show_list(lst, bool(total))
        self.query_one("#timeline-detail").display = bool(total)
        self._shown_item = None
        self._show_item(lst.item(lst.cursor) if lst.count else None)     # in the same frame as the rows
        self.app.first_data("timeline")  # type: ignore[attr-defined]

    def _status(self, item: Event | ArticleRow | None = None) -> None:
        lst = self.list
        t = Text()
        t.append(plural(self.dated, "event"), style="bold")
        if self.undated:
            t.append(f" · {self.undated:,} undated", style="bold")
        if lst.count and item is not None:
            t.append(f" · {lst.cursor + 1:,} of {lst.count:,} · ", style="dim")
            t.append(UNDATED if _undated(item) else _when(item.date), style="bold")
        t.append("   ] [ day  } { month  ) ( year  e export", style="dim")
        self.query_one("#timeline-status", Static).update(t)

    def on_virtual_list_highlighted(self, message: VirtualList.Highlighted) -> None:
        message.stop()
        self._show_item(message.item)

    def _show_item(self, item: Event | ArticleRow | None) -> None:
        """Status line and detail for the row under the cursor (skipped when already shown:
        each update lays the pane out again)."""
        key = (self.list.count, self.list.cursor, item and item.id)
        if key == self._shown_item:
            return
        self._shown_item = key
        self._status(item)
        detail = self.query_one("#timeline-detail", Static)
        if item is None:
            detail.update("")
            return
        t = Text()
        if _undated(item):
            t.append(UNDATED, style="bold")
            t.append(" (the article has no date of its own: its relative dates are left unresolved)", style="dim")
            t.append("\n")
            t.append(one_line(item.title or "(untitled)"), style="italic")
            t.append(f" · {display_path(item.source)}", style="dim")
            detail.update(t)
            return
        t.append(date_label(item.date, item.end, item.precision), style="bold")
        t.append(f" ({item.precision} precision{', inferred' if item.inferred else ''}"
                 f"{', a target' if item.target else ''})", style="dim")
        t.append("  ")
        t.append_text(safe(item.text))
        t.append("\n")
        t.append("from ", style="dim")
        t.append(one_line(item.title or "(untitled)"), style="italic")
        t.append(f" · {display_path(item.source)}", style="dim")
        detail.update(t)

    def on_virtual_list_selected(self, message: VirtualList.Selected) -> None:
        message.stop()
        item = message.item
        if item is None:
            return
        if _undated(item):
            self.post_message(OpenArticle(Passage(item.id, terms=self.filters.text or "")))
            return
        self.post_message(OpenArticle(Passage(item.article_id, item.start, item.stop,
                                              event_id=item.id, terms=self.filters.text or "")))

    # ---- jumps -------------------------------------------------------------------------
    def action_jump(self, unit: str, direction: int) -> None:
        item = self.list.item(self.list.cursor)
        if item is None:
            return
        if _undated(item):                  # after every date: only back to the last one
            if direction > 0 or not self.dated:
                self.notify(f"No {'later' if direction > 0 else 'earlier'} {unit} in this slice", timeout=2)
                return
            self._jump(self.filters, END_OF_TIME, unit, direction)
            return
        self._jump(self.filters, item.span_start, unit, direction)

    @work(thread=True, exclusive=True, group="timeline-jump", exit_on_error=False)
    def _jump(self, f: Filters, day: str, unit: str, direction: int) -> None:
        with self.app.database.connection() as conn:  # type: ignore[attr-defined]
            if direction > 0:
                index = queries.timeline_position(conn, f, next_unit(day, unit).isoformat())
                total = queries.count_timeline(conn, f)
                self.post_message(self.Jump(index if index < total else None, f"no later {unit}"))
                return
            first = queries.timeline_position(conn, f, unit_start(day, unit).isoformat())
            if first == 0:
                self.post_message(self.Jump(None, f"no earlier {unit}"))
                return
            before = queries.timeline(conn, f, limit=1, offset=first - 1)[0]
            index = queries.timeline_position(conn, f, unit_start(before.span_start, unit).isoformat())
            self.post_message(self.Jump(index, ""))

    def on_timeline_pane_jump(self, message: Jump) -> None:
        message.stop()
        if message.index is None:
            self.notify(f"{message.what.capitalize()} in this slice", timeout=2)
            return
        self.list.move_to(message.index)

    def jump_to_day(self, day: str) -> None:
        """Move the cursor to the first event on or after ``day`` (palette: jump to a date)."""
        self._jump_day(self.filters, day)

    @work(thread=True, exclusive=True, group="timeline-jump", exit_on_error=False)
    def _jump_day(self, f: Filters, day: str) -> None:
        with self.app.database.connection() as conn:  # type: ignore[attr-defined]
            index = queries.timeline_position(conn, f, day)
            total = queries.count_timeline(conn, f)
        self.post_message(self.Jump(min(index, total - 1) if total else None, f"no events from {day} on"))

    def action_export(self) -> None:
        self.app.action_export()  # type: ignore[attr-defined]


def _when(iso: str) -> str:
    """'2025-06-05' -> 'June 2025' for the status line."""
    try:
        if len(iso) >= 7:
            return f"{calendar.month_name[int(iso[5:7])]} {iso[:4]}"
    except ValueError:
        pass
    return iso[:4]
