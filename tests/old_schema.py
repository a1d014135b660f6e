"""Databases as an older briefing left them, for the upgrade tests."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from db.schema import MIGRATIONS


def at_version(path: Path | str, version: int) -> sqlite3.Connection:
    """A new database at ``path`` with the schema ``version`` had (its migrations run in order
    on a plain autocommit connection, as no user's database is: atomicity is ``db.migrate``'s
    business, not the fixture's). The caller writes its old rows and closes it."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    for v in range(1, version + 1):
        MIGRATIONS[v](conn)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn
