"""Keys the database stores that ingest code computes, and which version of each wrote them.

``quotes.wording_key`` and ``events.wording_key`` (``ingest.extract.variants.quote_key``),
``person_keys.key`` (``ingest.extract.people.name_keys``), ``articles.text_hash``
(``ingest.model.text_hash``) and the content hashes of articles and their other locations
(``ingest.model.Article.content_hash``) are compared with keys computed by today's code. When one of
those functions changes, its version here goes up (tests/test_keys.py pins what each version
computes and fails until it does); opening the database for writing then recomputes the
stored keys with the live function (``rekey_stale``), so a join never silently stops matching.

Migrations must not depend on code that changes freely: the ones that compute keys use the
frozen copies below (``quote_key_v1``, ``text_hash_v1``), the functions as they were when
those migrations were written.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class StoredKey:
    """A key function whose results the database stores: its version, and how every stored
    key is recomputed with the live function."""
    name: str
    version: int
    rekey: Callable[[sqlite3.Connection], None]


STORED_KEYS: dict[str, StoredKey] = {k.name: k for k in (
    StoredKey("quote_key", 1, _rekey_wordings),
    StoredKey("name_keys", 1, _rekey_people),
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


# ---- frozen copies, for migrations ----------------------------------------------------------
# Version 1 of quote_key and text_hash, as schema v4 and v8 computed them. Never edit these:
# a migration must give the same result whatever today's extractors do.

_V1_MARKS = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"',
                           "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                           "…": " ", "\u00a0": " "})
_V1_APOSTROPHES = [(re.compile(p), r) for p, r in (
    (r"\bwon't\b", "will not"), (r"\bcan't\b", "can not"), (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"), (r"n't\b", " not"), (r"'re\b", " are"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"'d\b", " would"), (r"'m\b", " am"),
    (r"\b(it|that|there|here|what|who|where|he|she|this)'s\b", r"\1 is"), (r"\blet's\b", "let us"),
    (r"'s\b", ""))]
_V1_SPELLINGS = [(w, re.compile(rf"\b{w}\b"), r) for w, r in (
    ("cannot", "can not"), ("gonna", "going to"), ("wanna", "want to"), ("gotta", "got to"),
    ("pct", "percent"))]
_V1_PUNCTUATION = re.compile(r"[^\w\s.]+")
_V1_LOOSE_DOT = re.compile(r"\.(?!(?<=\d\.)\d)")


def quote_key_v1(text: str) -> str | None:
    """``quote_key`` version 1: BLAKE2b (12 bytes) of the quote lower-cased, with straight
    marks, contractions spelt out, "%" as " percent" and no punctuation but decimal points."""
    s = unicodedata.normalize("NFKC", text).translate(_V1_MARKS).lower()
    if "'" in s:
        for pattern, spelt in _V1_APOSTROPHES:
            s = pattern.sub(spelt, s)
    for word, pattern, spelt in _V1_SPELLINGS:
        if word in s:
            s = pattern.sub(spelt, s)
    if "%" in s:
        s = re.sub(r"\s*%", " percent", s)
    s = _V1_PUNCTUATION.sub(" ", s)
    if "." in s:
        s = _V1_LOOSE_DOT.sub(" ", s)
    words = " ".join(s.split())
    return hashlib.blake2b(words.encode("utf-8"), digest_size=12).hexdigest() if words else None


def text_hash_v1(title: str | None, body: str) -> str:
    """``text_hash`` version 1: SHA-1 of the title, a 0x1f byte and the body, each with every
    run of whitespace made one space and none at either end."""
    h = hashlib.sha1()
    h.update(" ".join((title or "").split()).encode("utf-8", "surrogatepass"))
    h.update(b"\x1f")
    h.update(" ".join(body.split()).encode("utf-8", "surrogatepass"))
    return h.hexdigest()
