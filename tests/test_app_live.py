"""The app follows a database another process writes to (issue 21, item 9): PRAGMA
data_version, polled on a worker, refreshes the header and the pane on screen."""
from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from tests import app_fixtures

pytest.importorskip("textual")

SIZE = app_fixtures.SIZE


def _ingest_elsewhere(path, n: int) -> None:
    """What a concurrent `briefing ingest` does: its own connection, its own commit."""
    import db
    from db.store import Store

    conn = db.connect(path)
    try:
        Store(conn).write_batch(app_fixtures.bulk(n))
    finally:
        conn.close()


@pytest.mark.slow
async def test_database_changed_elsewhere_refreshes_the_header_and_the_timeline(tmp_path):
    path = app_fixtures.build(tmp_path / "briefing.db")

    app = app_fixtures.make_app(path)
    app.data_poll_s = 0.05
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.pane("timeline")
        assert await app_fixtures.until(pilot, lambda: "5 articles" in (app.sub_title or ""))
        assert await app_fixtures.until(pilot, lambda: timeline.list.count > 0)
        before = timeline.list.count
        await pilot.press("j", "j")
        assert timeline.list.cursor == 2
        await asyncio.to_thread(_ingest_elsewhere, path, 3)
        assert await app_fixtures.until(pilot, lambda: "8 articles" in (app.sub_title or "")), app.sub_title
        assert await app_fixtures.until(pilot, lambda: timeline.list.count == before + 3), timeline.list.count
        assert timeline.list.cursor == 2            # the reader's place is kept


@pytest.mark.slow
async def test_no_change_means_no_reload(tmp_path):
    path = app_fixtures.build(tmp_path / "briefing.db")

    app = app_fixtures.make_app(path)
    app.data_poll_s = 0.05
    reloads = []
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.pane("timeline")
        assert await app_fixtures.until(pilot, lambda: timeline.list.count > 0)
        await app_fixtures.settle(pilot)
        original, changed, polls = timeline.reload, app.database.changed, []
        timeline.reload = lambda: (reloads.append(1), original())
        app.database.changed = lambda: polls.append(1) or changed()
        assert await app_fixtures.until(pilot, lambda: len(polls) >= 10)    # ten polls, nothing committed
        await app_fixtures.settle(pilot)
        assert reloads == []


def test_changed_takes_a_baseline_and_then_sees_only_other_connections_commits(tmp_path):
    from db.pool import Pool

    path = app_fixtures.build(tmp_path / "briefing.db")
    d = Pool(path)
    try:
        assert d.changed() is False                    # the baseline
        with d.connection() as conn:
            conn.execute("SELECT count(*) FROM articles").fetchone()
        assert d.changed() is False
        _ingest_elsewhere(path, 1)
        assert d.changed() is True
        assert d.changed() is False
    finally:
        d.close()


class _EndlessSearch(threading.Thread):
    """A query that never ends by itself on a pool's "search" connection, in a thread of its
    own: ``started`` is set once it runs, ``outcome`` says how it ended."""

    def __init__(self, pool) -> None:
        super().__init__()
        self.pool, self.started, self.outcome = pool, threading.Event(), []
        self.conn: sqlite3.Connection | None = None

    def run(self) -> None:
        try:
            with self.pool.connection("search") as conn:
                self.conn = conn
                conn.set_progress_handler(lambda: self.started.set() or 0, 10_000)    # running now
                try:
                    conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                                 " SELECT count(*) FROM n").fetchone()
                finally:
                    conn.set_progress_handler(None, 0)
            self.outcome.append("finished")
        except sqlite3.OperationalError as e:
            self.outcome.append(str(e))

    def stop(self) -> None:
        """However the test went, no query is left running (the test's own handle on it)."""
        if self.is_alive() and self.conn is not None:
            self.conn.interrupt()
        self.join()


def test_a_newer_query_in_the_same_group_interrupts_the_one_it_supersedes(tmp_path):
    """What a search typed over costs: the abandoned query stops at once (Connection.interrupt)."""
    from db.pool import Pool

    d = Pool(app_fixtures.build(tmp_path / "briefing.db"))
    slow = _EndlessSearch(d)
    slow.start()
    try:
        assert slow.started.wait(10)
        with d.connection("search") as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        slow.join(10)
        assert not slow.is_alive() and slow.outcome == ["interrupted"]
    finally:
        slow.stop()
        d.close()


def test_closing_the_pool_interrupts_a_query_under_way(tmp_path):
    """Quitting never waits for a slow search: close() stops the queries running on its
    connections, and each connection is closed once its query has ended."""
    from db.pool import Pool

    d = Pool(app_fixtures.build(tmp_path / "briefing.db"))
    slow = _EndlessSearch(d)
    slow.start()
    try:
        assert slow.started.wait(10)
        d.close()
        slow.join(10)
        assert not slow.is_alive() and slow.outcome == ["interrupted"]
    finally:
        slow.stop()
    with pytest.raises(sqlite3.ProgrammingError, match="closed database"):
        slow.conn.execute("SELECT 1")
    with pytest.raises(sqlite3.ProgrammingError):
        with d.connection():
            pass


@pytest.mark.slow
async def test_a_search_under_way_never_shows_the_last_ones_nothing_matches(tmp_path, monkeypatch):
    from db import queries

    path = app_fixtures.build(tmp_path / "briefing.db")
    release = threading.Event()
    real = queries.search

    def slow(conn, query, *a, **k):
        if query == "rail":
            release.wait(10)                 # a search that takes its time
        return real(conn, query, *a, **k)

    monkeypatch.setattr(queries, "search", slow)

    app = app_fixtures.make_app(path)
    async with app_fixtures.running(app) as pilot:
        await app_fixtures.press(pilot, "4")
        pane = app.pane("search")
        empty = pane.query_one("#search-empty")
        status = pane.query_one("#search-status")
        pane.search("zzqqxx")
        await app_fixtures.settle(pilot)
        assert empty.shown and "Nothing matches" in str(empty.query_one("#empty-text").render())
        pane.search("rail")
        assert await app_fixtures.until(pilot, lambda: "searching for rail" in str(status.render()))
        assert not empty.shown
        release.set()
        assert await app_fixtures.until(pilot, lambda: pane.list.count > 0)
        assert "result" in str(status.render()) and not empty.shown


@pytest.mark.slow
async def test_the_app_reads_a_database_it_may_not_write(tmp_path, monkeypatch):
    """A database in a folder this user may not write opens read-only (the access check is
    what a non-root user meets; tests may run as root, whom chmod does not stop)."""
    import os

    import db

    path = app_fixtures.build(tmp_path / "briefing.db")
    real = os.access
    monkeypatch.setattr(db.connection.os, "access",
                        lambda p, mode, *a, **k: False if mode & os.W_OK and str(p).startswith(str(tmp_path))
                        else real(p, mode, *a, **k))

    app = app_fixtures.make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.pane("timeline")
        assert await app_fixtures.until(pilot, lambda: timeline.list.count > 0)
        assert await app_fixtures.until(pilot, lambda: "5 articles" in (app.sub_title or ""))
        with app.database.connection() as conn, pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("CREATE TABLE scratch (x)")
