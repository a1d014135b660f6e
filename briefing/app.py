"""The Textual app: four panes over one browse state, an article reader, export.

Start-up is protected: panes are imported and mounted only when first shown, the database
is opened in a worker, and every list fetches just the rows on screen. ``run_app`` is
what ``briefing`` / ``briefing browse`` call.
"""
from __future__ import annotations

import time

_T0 = time.perf_counter()

import asyncio  # noqa: E402
import concurrent.futures  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from rich.text import Text  # noqa: E402
from textual import work  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Container  # noqa: E402
from textual.message import Message  # noqa: E402
from textual.reactive import var  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Static  # noqa: E402
from textual.worker import Worker, WorkerState  # noqa: E402

from briefing import app_update, commands, state  # noqa: E402
from briefing.panes.base import OpenArticle, Pane, Passage  # noqa: E402
from briefing.render import no_color, one_line, plural  # noqa: E402
from briefing.widgets.filter_bar import FilterBar  # noqa: E402
from briefing.widgets.key_bar import KeyBar  # noqa: E402
from briefing.widgets.pane_tabs import PaneTabs  # noqa: E402
from briefing.widgets.title_bar import TitleBar  # noqa: E402
from db.pool import Pool  # noqa: E402
from db.queries import Filters  # noqa: E402
from db.rows import ArticleRow, Event  # noqa: E402

PANES: dict[str, tuple[str, str, str]] = {
    "timeline": ("briefing.panes.timeline", "TimelinePane", "1 Timeline"),
    "quotes": ("briefing.panes.quotes", "QuotesPane", "2 Quotes"),
    "countries": ("briefing.panes.countries", "CountriesPane", "3 Countries"),
    "search": ("briefing.panes.search", "SearchPane", "4 Search"),
}
EXIT_AFTER_FIRST_DATA = "BRIEFING_EXIT_AFTER_FIRST_DATA"   # start-up measurement: quit once data is drawn
COUNT_DELAY_S = 0.2
# how often the app asks whether another process (an ingest) has changed the database
DATA_POLL_S = 2.0
OPEN_SWITCH_INTERVAL_S = 0.001
_SWITCH_INTERVAL_S = sys.getswitchinterval()   # restored after an opening (two may overlap)


class BriefingApp(App[int]):
    """A keyboard-first browser for a briefing database."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing"
    BINDINGS = commands.bindings("app")
    COMMANDS = App.COMMANDS | {commands.BriefingCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    HELP = "briefing: number keys switch panes, / filters every pane, ? shows help, ctrl+p the palette, q quits."

    filters: var[Filters] = var(Filters(), init=False)
    country_names: var[dict] = var(dict, init=False)

    class Opened(Message):
        def __init__(self, database: Pool, counts: dict[str, int],
                     first_page: tuple[int, int, list[Event | ArticleRow]]) -> None:
            super().__init__()
            self.database, self.counts, self.first_page = database, counts, first_page

    class Counted(Message):
        def __init__(self, counts: dict[str, int]) -> None:
            super().__init__()
            self.counts = counts

    class DataChanged(Message):
        """Another process committed to the database: the counts and the shown pane are stale."""

    class OpenFailed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Names(Message):
        def __init__(self, names: dict[str, str]) -> None:
            super().__init__()
            self.names = names

    class TypedFilter(Message):
        def __init__(self, raw: str, filters: Filters | None, rest: str, error: str | None = None) -> None:
            super().__init__()
            self.raw, self.filters, self.rest, self.error = raw, filters, rest, error

    def __init__(self, db_path: Path | str, *, frozen: bool = False, config_path: Path | None = None) -> None:
        # NO_COLOR (no-color.org): no colour codes at all. Textual alone turns colours grey
        # (still 256-colour codes); with native ANSI colours it strips them to the terminal's
        # defaults instead, and the :nocolor rules in app.tcss carry meaning by text style.
        # Textual counts an empty NO_COLOR as set; the convention (and Rich, so the CLI) does not.
        if os.environ.get("NO_COLOR") == "":
            del os.environ["NO_COLOR"]
        super().__init__(ansi_color=True if no_color() else None)
        self.db_path = Path(db_path)
        self.frozen = frozen                      # tests and snapshots: no blinking cursor
        self.config_path = config_path
        self.database: Pool | None = None
        self.counts: dict[str, int] = {}
        self.current_pane: str | None = None
        self._panes: dict[str, Pane] = {}
        self._mounting = asyncio.Lock()
        self._filter_order: list[str] = []        # most recently set filter last (x clears it)
        self._palette: dict[str, Any] | None = None
        self.startup_seconds: float | None = None
        self.exported: list[Path] = []
        self.seen_before: str | None = None       # the last session's article-id mark: later ones are new
        self.data_poll_s = DATA_POLL_S
        self.update_stop: threading.Event | None = None   # set: the running update ends soon
        self.session_seen = False                 # a database was shown: run_app records "seen" after exit
        self.title = f"briefing · {one_line(self.db_path.name)}"

    # ---- layout ------------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        from briefing.widgets.main_screen import MainScreen

        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        # the database opens (and reads the first screenful) while the widgets mount
        self._open()
        # the breakpoint class the first Resize would add: set now, before any widget is styled,
        # or that Resize restyles the whole screen once more
        width = self.size.width
        self.screen.update_classes({name: name == max((b for b in self.HORIZONTAL_BREAKPOINTS if width >= b[0]),
                                                      default=(0, ""))[1]
                                    for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False)
        yield TitleBar(id="title-bar")
        yield PaneTabs([(name, label) for name, (_, _, label) in PANES.items()], id="pane-tabs")
        yield FilterBar(id="filter-bar")
        with Container(id="panes"):
            # the first pane is built with the screen (it loads once the database is open); the
            # others are imported and mounted hidden once its first rows are drawn, and read
            # their rows when first shown
            yield self._new_pane("timeline")
        yield KeyBar(id="key-bar")

    def on_load(self) -> None:
        _freeze_heap()          # the imports: they live as long as the app (thawed on unmount)

    def on_mount(self) -> None:
        self._load_keymap()

    def _load_keymap(self) -> None:
        from briefing.config import config_path

        path = self.config_path or config_path()
        keymap, problems = commands.load_keymap(path)
        if keymap:
            self.set_keymap(keymap)
        for p in problems:
            self.notify(p, severity="warning", markup=False, timeout=8)

    # ---- the database ------------------------------------------------------------------
    def _open(self) -> None:
        """Open the database and read the first screenful on a thread started now, beside the
        mount: a worker's thread starts only once the widgets are mounted and styled (~40 ms),
        so the query would follow the mount instead of overlapping it. The worker waits for
        that thread, so whoever waits for the app's workers still waits for the opening."""
        opening: concurrent.futures.Future = concurrent.futures.Future()
        # each SQLite call of the opening lets go of the GIL, and taking it back from a main
        # thread busy mounting waits a whole switch interval (5 ms by default): its few dozen
        # calls would take ~35 ms beside the mount instead of ~5. A shorter interval until then.
        sys.setswitchinterval(min(_SWITCH_INTERVAL_S, OPEN_SWITCH_INTERVAL_S))

        def read() -> None:
            try:
                opening.set_result(self._read_first_screen())
            except BaseException as e:      # noqa: BLE001 - the worker re-raises it
                opening.set_exception(e)
            finally:
                sys.setswitchinterval(_SWITCH_INTERVAL_S)

        threading.Thread(target=read, name="briefing-open", daemon=True).start()
        self._open_database(opening)

    def _read_first_screen(self) -> "BriefingApp.Opened | BriefingApp.OpenFailed":
        import db
        from db import queries

        from briefing.widgets.virtual_list import PAGE

        database = Pool(self.db_path)
        try:
            database.changed()                 # the baseline: a commit from now on is news
            with database.connection() as conn:
                # the first screenful of the timeline comes with the opening: one round trip
                first_page = queries.timeline_opening(conn, Filters(), PAGE)
                has_articles = queries.has_articles(conn)
        except (db.DatabaseError, sqlite3.Error) as e:
            database.close()
            return self.OpenFailed(str(e))
        return self.Opened(database, {"articles": int(has_articles)}, first_page)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_database(self, opening: concurrent.futures.Future) -> None:
        self.post_message(opening.result())

    @work(thread=True, exclusive=True, group="counts", exit_on_error=False)
    def _count(self) -> None:
        """Title-bar counts and country names: after the first rows are on screen, not before."""
        from db import queries

        time.sleep(COUNT_DELAY_S)              # let the first screen settle before competing for the GIL

        assert self.database is not None
        with self.database.connection() as conn:
            counts = queries.counts(conn)
            self.seen_before = app_update.last_seen(conn)
            counts["new"] = app_update.new_count(conn)
        self.post_message(self.Counted(counts))
        with self.database.connection() as conn:
            rows = queries.countries(conn)
        self.post_message(self.Names({r.iso3: r.name for r in rows}))

    async def on_briefing_app_opened(self, message: Opened) -> None:
        self.database = message.database
        self.set_interval(self.data_poll_s, self._poll_data)
        self.refresh_bindings()
        self.counts = message.counts
        timeline = self._panes["timeline"]
        timeline.preload(Filters(), *message.first_page)  # type: ignore[attr-defined]
        await self.action_show_pane("timeline")

    def _poll_data(self) -> None:
        if self.database is not None and not any(
                w.group == "data-version" and not w.is_finished for w in self.workers):
            self._check_data()

    @work(thread=True, exclusive=True, group="data-version", exit_on_error=False)
    def _check_data(self) -> None:
        """PRAGMA data_version on a worker: never a query on the UI thread, even this one."""
        if self.database is not None and self.database.changed():
            self.post_message(self.DataChanged())

    def on_briefing_app_data_changed(self, message: DataChanged) -> None:
        """Refresh the header and the pane on screen (keeping the cursor's place); the other
        panes reload when next shown."""
        self._count()
        for pane in self._panes.values():
            pane.data_changed()

    def on_briefing_app_counted(self, message: Counted) -> None:
        self.counts = c = message.counts
        self.sub_title = " · ".join([plural(c.get("articles", 0), "article"), plural(c.get("events", 0), "event"),
                                     plural(c.get("quotes", 0), "quote"), plural(c.get("people", 0), "person",
                                                                                  "people"),
                                     plural(c.get("countries", 0), "country", "countries")]
                                    + ([f"{c['new']} new"] if c.get("new") else []))

    def on_briefing_app_open_failed(self, message: OpenFailed) -> None:
        bar = self.query_one("#filter-bar")
        bar.display = False
        bar.disabled = True                  # nor focused: the keys shown are help and quit
        self.screen.set_focus(None)
        self.query_one("#pane-tabs").display = False
        for pane in self._panes.values():
            pane.display = False
            pane.disabled = True
        self.screen.set_focus(None)
        t = Text()
        if not self.db_path.exists():
            t.append(f"There is no database at {one_line(self.db_path)} yet.", style="bold")
            t.append("\n\nTo build one, run\n\n")
            target = self.db_path
        else:
            # ingest refuses a file that is not ours too: the advice names a new file instead
            t.append("This database cannot be opened.\n\n", style="bold")
            t.append(one_line(message.reason))
            t.append(f"\n\n{one_line(self.db_path)} is left as it is. To build a new database, run\n\n")
            target = fresh_db_path(Path.cwd())
        t.append(f"    briefing --db {one_line(shell_path(target))} ingest PATH\n\n", style="bold")
        t.append("with PATH a folder or file of articles (text, Markdown, HTML, JSON, JSONL, RSS or Atom), "
                 "then start briefing again. Press q to quit.")
        self.query_one("#panes").mount(Static(t, id="no-database"))
        self.sub_title = "no database"

    def on_briefing_app_names(self, message: Names) -> None:
        self.country_names = message.names

    async def palette_data(self) -> dict[str, Any]:
        """Countries and people for the palette, fetched once in a worker."""
        if self._palette is None:
            if self.database is None:
                return {}
            worker = self.run_worker(self._palette_rows, thread=True, group="palette", exit_on_error=False)
            await worker.wait()
            self._palette = worker.result or {}
        return self._palette

    def _palette_rows(self) -> dict[str, Any]:
        from db import queries

        assert self.database is not None
        with self.database.connection() as conn:
            return {"countries": queries.countries(conn), "people": queries.people(conn, limit=1000)}

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Errors from every worker end here: told to the user in one line, never a crash."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, sqlite3.OperationalError) and "interrupt" in str(error):
            return                # a query the user typed over
        msg = str(error).splitlines()[0] if str(error) else type(error).__name__
        self.notify(f"{type(error).__name__}: {msg}", severity="error", markup=False, timeout=8)

    def first_data(self, pane: str) -> None:
        """A pane has drawn its first rows: note the start-up time (and quit if measuring)."""
        if self.startup_seconds is not None:
            return
        self.startup_seconds = -1.0

        def painted() -> None:
            self.startup_seconds = time.perf_counter() - _T0
            _freeze_heap()
            if os.environ.get(EXIT_AFTER_FIRST_DATA):
                self.exit(0)

        self.call_after_refresh(painted)
        if not os.environ.get(EXIT_AFTER_FIRST_DATA):
            # start-up work that is not on the first screen: a worker from now on (so anyone waiting
            # for the app to settle sees it), pausing first so the first frame is drawn alone
            self._count()
            self.call_after_refresh(self._mount_hidden_panes)

    def on_unmount(self) -> None:
        if self.update_stop is not None:
            self.update_stop.set()                # an update under way must not hold up quitting
        if self.database is not None:
            self.database.close()
            self.session_seen = not self.frozen   # written by run_app, off the event loop
        gc.unfreeze()

    # ---- panes -------------------------------------------------------------------------
    def _main_screen(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    async def _mount_hidden_panes(self) -> None:
        """The panes not shown, mounted hidden after the first screen: a first show only loads
        its rows. (Textual's Lazy would mount them after the first frame, before the first
        rows, and import their modules on the way to it.)"""
        for name in PANES:
            if self.is_running:
                await self._pane(name)

    async def _pane(self, name: str) -> Pane:
        """The pane, mounted (hidden, if it is mounted now); one mount at a time, so a key
        pressed while the panes are being mounted waits for that pane instead of mounting it twice."""
        async with self._mounting:
            pane = self._panes.get(name)
            if pane is None:
                pane = self._new_pane(name)
                pane.display = False
                await self.query_one("#panes").mount(pane)
            return pane

    def _new_pane(self, name: str) -> Pane:
        module, cls, _ = PANES[name]
        pane = getattr(importlib.import_module(module), cls)()
        self._panes[name] = pane
        return pane

    async def action_show_pane(self, name: str) -> None:
        if name not in PANES:
            return
        self._main_screen()
        if self.database is None:
            self.notify("No database yet: run `briefing ingest PATH` first", markup=False, timeout=4)
            return
        pane = await self._pane(name)
        for other in self._panes.values():
            other.display = other is pane
        self.current_pane = name
        self.query_one("#pane-tabs", PaneTabs).active = name
        pane.activate()
        pane.focus_main()

    def pane(self, name: str) -> Pane | None:
        return self._panes.get(name)

    def action_focus_pane(self) -> None:
        if self.current_pane and self.current_pane in self._panes:
            self._panes[self.current_pane].focus_main()

    # ---- the browse state --------------------------------------------------------------
    def watch_filters(self, old: Filters, new: Filters) -> None:
        for name in state.FIELDS:
            if getattr(new, name) != getattr(old, name):
                if name in self._filter_order:
                    self._filter_order.remove(name)
                if getattr(new, name):
                    self._filter_order.append(name)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.database is None and action in ("clear_last_filter", "clear_filters", "focus_filter", "show_pane",
                                                "export", "toggle_new", "update_feeds"):
            return False                # nothing to browse yet: only help and quit are offered
        if action in ("clear_last_filter", "clear_filters"):
            return True if not self.filters.is_empty() else None     # shown dimmed when nothing to clear
        return True

    def set_filter(self, name: str, value: str | None) -> None:
        self.filters = state.set_filter(self.filters, name, value)

    def clear_filter(self, name: str) -> None:
        self.set_filter(name, None)

    def set_text_filter(self, text: str | None) -> None:
        self.set_filter("text", text)

    def set_date_range(self, since: str | None, until: str | None) -> None:
        self.filters = self.filters.replace(since=since, until=until)

    def last_filter(self) -> str | None:
        """The filter x would clear: the one set most recently."""
        live = [n for n in self._filter_order if getattr(self.filters, n)]
        return live[-1] if live else (state.active(self.filters) or [None])[-1]

    def action_clear_last_filter(self) -> None:
        name = self.last_filter()
        if name is None:
            self.notify("No filters to clear", timeout=2)
            return
        self.clear_filter(name)

    def action_toggle_new(self) -> None:
        """Only what arrived since the last session, in every pane (again: everything)."""
        if self.filters.new:
            self.clear_filter("new")
        elif self.seen_before is None:
            self.notify("Nothing is new yet: new articles are those that arrive after this session", timeout=4)
        else:
            self.set_filter("new", self.seen_before)

    def action_clear_filters(self) -> None:
        self.filters = Filters()

    def action_focus_filter(self) -> None:
        self._main_screen()
        bar = self.query_one(FilterBar)
        if bar.display:
            bar.input.focus()

    def apply_typed_filter(self, raw: str) -> None:
        """Enter in the filter box: prefixes become filters (read in a worker), the rest is text."""
        self._resolve_typed(raw, self.filters)

    @work(thread=True, exclusive=True, group="typed-filter", exit_on_error=False)
    def _resolve_typed(self, raw: str, base: Filters) -> None:
        from db import queries

        typed = state.parse_typed(raw)
        try:
            if "kind" in typed.prefixes:
                raise state.TypedError("kind: belongs in the search pane (4); the filter box takes since: until: "
                                       "country: person:")
            assert self.database is not None
            with self.database.connection() as conn:
                f = state.filters_from_typed(base, typed, lambda c: queries.resolve_country(conn, c),
                                             new_since=self.seen_before)
        except state.TypedError as e:
            self.post_message(self.TypedFilter(raw, None, typed.text, str(e)))
            return
        self.post_message(self.TypedFilter(raw, f.replace(text=typed.text or None), typed.text))

    def on_briefing_app_typed_filter(self, message: TypedFilter) -> None:
        if message.error or message.filters is None:
            self.notify(message.error or "cannot use that filter", severity="warning", markup=False, timeout=5)
            return
        self.filters = message.filters
        self.query_one(FilterBar).typed_applied(message.rest)
        self.action_focus_pane()

    # ---- jumps (palette) ---------------------------------------------------------------
    async def jump_country(self, iso3: str) -> None:
        await self.action_show_pane("countries")
        pane = self._panes.get("countries")
        if pane is not None:
            pane.select_country(iso3)  # type: ignore[attr-defined]

    async def jump_person(self, name: str) -> None:
        self.set_filter("person", name)
        await self.action_show_pane("quotes")

    async def jump_date(self, day: str) -> None:
        await self.action_show_pane("timeline")
        pane = self._panes.get("timeline")
        if pane is not None:
            pane.jump_to_day(day)  # type: ignore[attr-defined]

    # ---- reader, help, export ----------------------------------------------------------
    def on_open_article(self, message: OpenArticle) -> None:
        from briefing.widgets.reader import ReaderScreen

        self.push_screen(ReaderScreen(message.passage))

    def open_article(self, passage: Passage) -> None:
        self.post_message(OpenArticle(passage))

    def action_help(self) -> None:
        from briefing.config import config_path
        from briefing.widgets.help import HelpScreen, keys_here

        if type(self.screen).__name__ == "HelpScreen":
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen.focused, keys_here(self.screen), dict(self._keymap),
                                    str(self.config_path or config_path())))

    def action_update_feeds(self) -> None:
        """`u`: one update at a time (a thread worker cannot be cancelled: a second one would
        run beside the first)."""
        if any(w.group == "update" and not w.is_finished for w in self.workers):
            self.notify("An update is already running", timeout=3)
            return
        self.update_stop = threading.Event()
        self._update_feeds(self.update_stop)

    @work(thread=True, group="update", exit_on_error=False)
    def _update_feeds(self, stop: threading.Event) -> None:
        app_update.run_update_in(self, stop)

    def refresh_after_update(self) -> None:
        """New articles landed: the counts again, and the pane shown read afresh."""
        self._count()
        pane = self._panes.get(self.current_pane or "")
        if pane is not None:
            pane.reload()

    def action_export(self) -> None:
        from briefing.export import default_export_name
        from briefing.widgets.export_dialog import ExportDialog

        if self.database is None:
            self.notify("No database to export from yet", timeout=3)
            return
        f = self.filters
        default = default_export_name(f)          # relative: written in the folder briefing runs in
        self.push_screen(ExportDialog(f, state.summary(f, self.country_names), default), self._exported)

    def _exported(self, result) -> None:
        if result is None:
            return
        self.exported.append(result.path)
        self.notify(f"Wrote {result.path}\n{plural(result.events, 'event')}, {plural(result.quotes, 'quote')}",
                    title="Exported", markup=False, timeout=6)


def fresh_db_path(folder: Path) -> Path:
    """A database file name in ``folder`` that nothing uses yet: briefing.db, else briefing-2.db, …"""
    n = 1
    while True:
        path = folder / ("briefing.db" if n == 1 else f"briefing-{n}.db")
        if not path.exists():
            return path
        n += 1


def shell_path(path: Path) -> str:
    """A path as typed in a shell: relative to the current folder when that is shorter, quoted if needed."""
    import shlex

    from briefing.render import display_path

    return shlex.quote(display_path(path))


def _freeze_heap() -> None:
    """Move what exists now (the imported modules, then the stylesheet, the widgets and the panes'
    first rows) out of the cyclic collector's reach until the app ends: a full collection walks
    every tracked object, 25-65 ms on the UI thread at whatever moment it falls (measured in the
    first frame with rows and in pane switches). Objects made later are collected as usual; the
    app unfreezes them all when it unmounts (a test process runs many apps)."""
    gc.freeze()


def run_app(db_path: Path) -> int:
    """Open the app on a database (a missing one shows how to make it); returns the exit code."""
    app = BriefingApp(db_path)
    code = app.run()
    if app.session_seen:
        app_update.mark_seen(app.db_path)
    if os.environ.get(EXIT_AFTER_FIRST_DATA) and app.startup_seconds:
        import sys

        print(f"first data on screen after {app.startup_seconds * 1000:.0f} ms (from importing the app)",
              file=sys.stderr)
    return code if isinstance(code, int) else 0
