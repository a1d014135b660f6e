"""The app follows a database another process writes to (issue 21, item 9): PRAGMA
data_version, polled on a worker, refreshes the header and the pane on screen."""
from __future__ import annotations

import asyncio

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


def test_a_newer_query_in_the_same_group_interrupts_the_one_it_supersedes(tmp_path):
    """What a search typed over costs: the abandoned query stops at once (Connection.interrupt)."""
    import sqlite3
    import threading

    from db.pool import Pool

    path = app_fixtures.build(tmp_path / "briefing.db")
    d = Pool(path)
    started, outcome = threading.Event(), []

    def slow() -> None:
        try:
            with d.connection("search") as conn:
                conn.set_progress_handler(lambda: started.set() or 0, 10_000)    # running now
                conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                             " SELECT count(*) FROM n").fetchone()      # never ends by itself
            outcome.append("finished")
        except sqlite3.OperationalError as e:
            outcome.append(str(e))
        finally:
            conn.set_progress_handler(None, 0)

    t = threading.Thread(target=slow)
    t.start()
    try:
        assert started.wait(10)
        with d.connection("search") as conn:
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        t.join(10)
        assert not t.is_alive() and outcome == ["interrupted"]
    finally:
        d.close()                          # interrupts the query if it is running still
        t.join()


def test_closing_the_pool_interrupts_a_query_under_way(tmp_path):
    """Quitting never waits for a slow search: close() stops the queries running on its
    connections, and the connection goes when its query has ended."""
    import sqlite3
    import threading

    from db.pool import Pool

    path = app_fixtures.build(tmp_path / "briefing.db")
    d = Pool(path)
    started, outcome, held = threading.Event(), [], []

    def slow() -> None:
        try:
            with d.connection("search") as conn:
                held.append(conn)
                conn.set_progress_handler(lambda: started.set() or 0, 10_000)
                conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                             " SELECT count(*) FROM n").fetchone()      # never ends by itself
            outcome.append("finished")
        except sqlite3.OperationalError as e:
            outcome.append(str(e))
        try:
            conn.execute("SELECT 1")
        except sqlite3.ProgrammingError as e:
            outcome.append(str(e))

    t = threading.Thread(target=slow)
    t.start()
    try:
        assert started.wait(10)
        d.close()
        t.join(10)
        assert not t.is_alive()
    finally:
        if t.is_alive():
            held[0].interrupt()            # the test's own handle: no query left running
            t.join()
    assert outcome == ["interrupted", "Cannot operate on a closed database."]
    with pytest.raises(sqlite3.ProgrammingError):
        with d.connection():
            pass


@pytest.mark.slow
async def test_a_search_under_way_never_shows_the_last_ones_nothing_matches(tmp_path, monkeypatch):
    import threading

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
    async with app.run_test(size=SIZE) as pilot:
        await app_fixtures.settle(pilot)
        await pilot.press("4")
        await app_fixtures.settle(pilot)
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
    import sqlite3

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
