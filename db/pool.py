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

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for c in self._free:
                c.close()
            self._free.clear()
