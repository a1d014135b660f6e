"""The app's side of following feeds: `u` runs `briefing update` in a worker thread (progress in
the title bar, errors in toasts), "last seen" and the citations an export records.

The update writes through a connection of its own (the app's read connections see each batch
as it commits); "N new" counts articles that arrived after the last session ended. "Seen" is written by
run_app once the app has exited: no database write on the event loop.
No widgets here: it drives the app through thread-safe calls only.
"""
from __future__ import annotations

import sqlite3
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.app import BriefingApp


def run_update_in(app: "BriefingApp", stop: threading.Event) -> None:
    """The worker's body: update every feed, report progress and failures to the app.
    ``stop`` (set when the app closes) ends the update soon; then nothing is reported."""
    import db
    from briefing.updating import run_update
    from ingest.sanitize import sanitize_line

    conn = db.connect(app.db_path)
    try:
        def progress(kind, s, feed) -> None:
            if kind == "feed" and not stop.is_set():
                text = (f"updating {s.finished}/{len(s.feeds)} feeds · {s.ingest.new} new"
                        f"{f' · {len(s.failed)} failed' if s.failed else ''}")
                app.call_from_thread(setattr, app, "sub_title", text)

        summary = run_update(conn, progress=progress, stop=stop)
    finally:
        conn.close()
    if stop.is_set():
        return
    for f in summary.failed:
        app.call_from_thread(app.notify, f"{sanitize_line(f.title or f.url)}: {sanitize_line(f.error or '')}",
                             title="Feed failed", severity="error", markup=False, timeout=10)
    if not summary.feeds:
        app.call_from_thread(app.notify, "No feeds yet: briefing feeds add URL", markup=False, timeout=5)
    done = f"updated: {summary.ingest.new} new, {summary.ingest.updated} updated"
    app.call_from_thread(app.notify, done, markup=False, timeout=4)
    app.call_from_thread(app.refresh_after_update)


def last_seen(conn) -> str | None:
    """When the last session ended (None: never, or a database from before feeds)."""
    from db import feeds as fdb

    try:
        return fdb.last_seen(conn)
    except sqlite3.Error:
        return None


def new_count(conn) -> int:
    """Articles that arrived since the last session ended (0 on a first look)."""
    from db import feeds as fdb

    try:
        return fdb.new_count(conn, fdb.last_seen(conn))
    except Exception:  # noqa: BLE001 - a database from before feeds: nothing is new
        return 0


def mark_seen(db_path) -> None:
    """The session ends: everything stored so far has been seen."""
    import db
    from db import feeds as fdb

    try:
        conn = db.connect(db_path, create=False)
    except db.DatabaseError:
        return
    try:
        fdb.set_last_seen(conn, wait_ms=500)       # an ingest holding the lock must not hold up quitting
    except sqlite3.Error:
        pass                       # a read-only or busy file: the next session counts from before
    finally:
        conn.close()


def record_citations(db_path, sources: list[str]) -> None:
    """An export was written: `feeds prune` keeps the articles it cited."""
    import db
    from db import feeds as fdb

    try:
        conn = db.connect(db_path, create=False)
    except db.DatabaseError:
        return
    try:
        fdb.cite(conn, sources)
    except sqlite3.Error:
        pass
    finally:
        conn.close()
