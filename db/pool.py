"""The connection pool the app's worker threads draw from."""
from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from db.connection import connect


class Pool:
    """Connections for worker threads: each query takes one from the pool, never on the UI thread.

    A pool (not one shared connection behind a lock) lets a slow search run while the
    timeline pages in; ``interrupt(group)`` stops a query the user no longer wants (a
    filter typed over) so a large database stays responsive.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._free: list[sqlite3.Connection] = []
        self._all: list[sqlite3.Connection] = []
        self._busy: dict[str, sqlite3.Connection] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._watcher: sqlite3.Connection | None = None    # kept for PRAGMA data_version alone
        self._version: int | None = None
        self._watch_lock = threading.Lock()

    def _new(self) -> sqlite3.Connection:
        conn = connect(self.path, create=False)
        conn.row_factory = None        # queries build their own dicts
        return conn

    @contextmanager
    def connection(self, group: str | None = None) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._closed:
                raise sqlite3.ProgrammingError("database closed")
            if group and group in self._busy:
                try:
                    self._busy[group].interrupt()      # the older query in this group is stale
                except sqlite3.Error:
                    pass
            conn = self._free.pop() if self._free else None
        if conn is None:
            conn = self._new()
            with self._lock:
                self._all.append(conn)
        if group:
            with self._lock:
                self._busy[group] = conn
        try:
            yield conn
        finally:
            with self._lock:
                if group and self._busy.get(group) is conn:
                    del self._busy[group]
                if self._closed:
                    conn.close()
                else:
                    self._free.append(conn)

    def changed(self) -> bool:
        """Whether another process has committed to the database since the last call (the
        first call takes the baseline, so make it before the first read). For a worker thread:
        it runs a query, however small."""
        from db.queries import data_version

        with self._watch_lock:
            if self._closed:
                return False
            if self._watcher is None:
                self._watcher = self._new()
            version = data_version(self._watcher)
            before, self._version = self._version, version
            return before is not None and version != before

    def close(self) -> None:
        """Close the idle connections now and the others as their queries end; a query under
        way is interrupted (nobody is left to read its answer: quitting never waits for a
        slow search)."""
        with self._watch_lock:
            if self._watcher is not None:
                self._watcher.close()
                self._watcher = None
        with self._lock:
            self._closed = True
            for c in self._free:
                c.close()
            for c in set(self._all) - set(self._free):
                try:
                    c.interrupt()
                except sqlite3.Error:
                    pass
            self._free.clear()
