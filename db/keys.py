"""Keys the database stores that ingest code computes, and which version of each wrote them.

``quotes.wording_key`` and ``events.wording_key`` (``ingest.extract.variants.quote_key``),
``person_keys.key`` (``ingest.extract.people.name_keys``), ``articles.text_hash``
(``ingest.model.text_hash``) and the content hashes of articles and their other locations
(``ingest.model.Article.content_hash``) are compared with keys computed by today's code. When one of
those functions changes, its version here goes up (tests/test_keys.py pins what each version
computes and fails until it does); opening the database for writing then recomputes the
stored keys with the live function (``rekey_stale``), so a join never silently stops matching.

Migrations must not depend on code that changes freely: the ones that compute keys use the
frozen copies in ``db.frozen_keys``, the functions as they were when those migrations were
written. This module is read on every open for writing, so it imports nothing heavy.
"""
from __future__ import annotations

import sqlite3

from db.rows import NamedTuple          # typing's, without importing typing (db/rows.py)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable

# ---- the live versions -------------------------------------------------------------------


def _rekey_wordings(conn: sqlite3.Connection) -> None:
    from ingest.extract.variants import quote_key

    rows = conn.execute("SELECT id, text FROM quotes WHERE partial = 0").fetchall()
    conn.executemany("UPDATE quotes SET wording_key = ? WHERE id = ?", [(quote_key(t), i) for i, t in rows])
    rows = conn.execute("SELECT id, text FROM events").fetchall()
    conn.executemany("UPDATE events SET wording_key = ? WHERE id = ?", [(quote_key(t), i) for i, t in rows])


def _rekey_people(conn: sqlite3.Connection) -> None:
    """Every name and alias stored for a person keyed anew (the writer keys the names it
    resolved, all of which are among them)."""
    from ingest.extract.people import name_keys

    conn.execute("DELETE FROM person_keys")
    names = conn.execute("SELECT name, id FROM people UNION SELECT alias, person_id FROM person_aliases")
    conn.executemany("INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?,?)",
                     [(k, pid) for name, pid in names.fetchall() for k in name_keys(name)])


def _rekey_texts(conn: sqlite3.Connection) -> None:
    from ingest.model import text_hash

    rows = conn.execute("SELECT id, title, body FROM articles").fetchall()
    conn.executemany("UPDATE articles SET text_hash = ? WHERE id = ?", [(text_hash(t, b), i) for i, t, b in rows])


def _rekey_contents(conn: sqlite3.Connection) -> None:
    """Articles' content hashes from their stored fields. Another location's content is not
    stored: its row goes, and the next ingest that reads it records it again."""
    from ingest.model import Article

    fields = ("source", "body", "title", "byline", "published", "outlet", "url")
    rows = conn.execute(f"SELECT id, {', '.join(fields)} FROM articles").fetchall()
    conn.executemany("UPDATE articles SET content_hash = ? WHERE id = ?",
                     [(Article(**dict(zip(fields, r[1:]))).content_hash(), r[0]) for r in rows])
    conn.execute("DELETE FROM article_locations")


class StoredKey(NamedTuple):
    """A key function whose results the database stores: its version, and how every stored
    key is recomputed with the live function."""
    name: str
    version: int
    rekey: Callable[[sqlite3.Connection], None]


STORED_KEYS: dict[str, StoredKey] = {k.name: k for k in (
    StoredKey("quote_key", 1, _rekey_wordings),
    StoredKey("name_keys", 2, _rekey_people),
    StoredKey("text_hash", 1, _rekey_texts),
    StoredKey("content_hash", 1, _rekey_contents),
)}


def stored_versions(conn: sqlite3.Connection) -> dict[str, int] | None:
    """Which version of each key function wrote the keys stored; None for a database
    without the record (one whose schema was made by hand, short of v10)."""
    try:
        return dict(conn.execute("SELECT name, version FROM key_versions"))
    except sqlite3.OperationalError:
        return None


def stale_keys(conn: sqlite3.Connection) -> list[StoredKey]:
    """The key functions whose stored keys another version of them wrote."""
    versions = stored_versions(conn)
    if versions is None:
        return []
    return [k for k in STORED_KEYS.values() if versions.get(k.name) != k.version]


def rekey_stale(conn: sqlite3.Connection) -> list[str]:
    """Recompute the stored keys of every key function whose version changed since they were
    written, in one transaction; returns their names. Read again under the write lock, so
    two processes opening the file at once do the work once."""
    if not stale_keys(conn):
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        done = []
        for key in stale_keys(conn):
            key.rekey(conn)
            conn.execute("INSERT INTO key_versions (name, version) VALUES (?, ?)"
                         " ON CONFLICT (name) DO UPDATE SET version = excluded.version", (key.name, key.version))
            done.append(key.name)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done
