"""Databases as an older briefing left them, for the upgrade tests."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from db.schema import MIGRATIONS, NoCommit


def at_version(path: Path | str, version: int) -> sqlite3.Connection:
    """A new database at ``path`` with the schema ``version`` had: its migrations run in order,
    in one transaction, as ``db.schema.migrate`` runs them. The caller writes its old rows and
    closes it."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("BEGIN")
    for v in range(1, version + 1):
        MIGRATIONS[v](NoCommit(conn))
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("COMMIT")
    return conn
