"""Feed subscriptions, what each feed has delivered, "last seen", and pruning old feed articles.

A feed item points at its article by ``source`` (the item's http(s) link, else
``feed:<feed id>:<hash of its key>``), not by id:
an article that changes is stored again under a new id, and two feeds that carry the same
article point at one row. Articles themselves are written by ``db.store`` like any other.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

FEEDS_SCHEMA = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    added_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_attempt TEXT,
    last_success TEXT,
    last_error TEXT,                -- one line, NULL once a fetch succeeds again
    gone INTEGER NOT NULL DEFAULT 0, -- 410 Gone: no longer fetched
    retry_at TEXT                   -- the server's Retry-After: not fetched before this
);
CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,         -- guid, else link, else a hash of the item
    source TEXT NOT NULL,           -- articles.source of the article stored for it
    item_hash TEXT NOT NULL,        -- what the feed said; a change fetches the item again
    state TEXT NOT NULL,            -- full | summary (page not had: tried again) | summary-final
    PRIMARY KEY (feed_id, item_key)
) WITHOUT ROWID;
CREATE INDEX feed_items_source ON feed_items(source);
CREATE TABLE cited_articles (
    source TEXT PRIMARY KEY,        -- an export cited this article: pruning keeps it
    cited_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE app_state (
    key TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at);
"""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Feed:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_success: str | None
    last_error: str | None
    gone: bool
    retry_at: str | None


_FEED_COLS = "id, url, title, etag, last_modified, last_success, last_error, gone, retry_at"


def _feed(row) -> Feed:
    return Feed(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8])


def _write(conn: sqlite3.Connection):
    """A short write transaction (connections are in autocommit mode)."""
    class _Tx:
        def __enter__(self):
            conn.execute("BEGIN IMMEDIATE")

        def __exit__(self, exc_type, *_):
            conn.execute("ROLLBACK" if exc_type else "COMMIT")
    return _Tx()


def add_feed(conn: sqlite3.Connection, url: str, title: str | None = None) -> tuple[Feed, bool]:
    """Subscribe; (feed, False) when it was subscribed already."""
    with _write(conn):
        cur = conn.execute("INSERT OR IGNORE INTO feeds (url, title, added_at) VALUES (?, ?, ?)",
                           (url, title, now_iso()))
        created = cur.rowcount == 1
        if not created and title:
            conn.execute("UPDATE feeds SET title = coalesce(title, ?) WHERE url = ?", (title, url))
    return find_feed(conn, url), created


def find_feed(conn: sqlite3.Connection, ident: str | int) -> Feed | None:
    """A feed by id (a number) or by URL."""
    if isinstance(ident, int) or str(ident).isdigit():
        row = conn.execute(f"SELECT {_FEED_COLS} FROM feeds WHERE id = ?", (int(ident),)).fetchone()
    else:
        row = conn.execute(f"SELECT {_FEED_COLS} FROM feeds WHERE url = ?", (ident,)).fetchone()
    return _feed(row) if row else None


def all_feeds(conn: sqlite3.Connection) -> list[Feed]:
    return [_feed(r) for r in conn.execute(f"SELECT {_FEED_COLS} FROM feeds ORDER BY id")]


def feed_rows(conn: sqlite3.Connection, since: str | None) -> list[dict]:
    """What `briefing feeds` lists: each feed with its articles, and those stored after the
    mark ``since`` (the app's last look; none when None, as the app counts)."""
    rows = conn.execute(
        "SELECT f.id, f.url, f.title, f.last_success, f.last_error, f.gone,"
        " count(a.id), count(CASE WHEN ? IS NOT NULL AND a.id > CAST(? AS INTEGER) THEN a.id END)"
        " FROM feeds f LEFT JOIN (SELECT DISTINCT feed_id, source FROM feed_items) i ON i.feed_id = f.id"
        " LEFT JOIN articles a ON a.source = i.source GROUP BY f.id ORDER BY f.id", (since, since))
    return [{"id": r[0], "url": r[1], "title": r[2], "last_success": r[3], "last_error": r[4],
             "gone": bool(r[5]), "articles": r[6], "new": r[7]} for r in rows]


def feed_sources(conn: sqlite3.Connection, feed_id: int) -> list[str]:
    """Sources of the articles only this feed delivered (what ``--purge`` deletes)."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT source FROM feed_items i WHERE feed_id = ? AND NOT EXISTS"
        " (SELECT 1 FROM feed_items j WHERE j.source = i.source AND j.feed_id != i.feed_id)", (feed_id,))]


def remove_feed(conn: sqlite3.Connection, feed_id: int) -> None:
    with _write(conn):
        conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))


def feeds_due(conn: sqlite3.Connection, only: int | None = None) -> list[Feed]:
    """Feeds to fetch now: not gone, and not asked by their server to wait longer."""
    now = now_iso()
    return [f for f in all_feeds(conn)
            if (only is None or f.id == only) and not f.gone and (f.retry_at is None or f.retry_at <= now)]


def known_items(conn: sqlite3.Connection, feed_id: int) -> dict[str, tuple[str, str, str]]:
    """item_key -> (source, item_hash, state) of what this feed delivered before."""
    return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(
        "SELECT item_key, source, item_hash, state FROM feed_items WHERE feed_id = ?", (feed_id,))}


def stored_sources(conn: sqlite3.Connection, sources: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(sources), 500):
        chunk = sources[i:i + 500]
        out.update(r[0] for r in conn.execute(
            f"SELECT source FROM articles WHERE source IN ({','.join('?' * len(chunk))})", chunk))
    return out


@dataclass
class FeedOutcome:
    """What one fetch of a feed did to its subscription row."""
    feed_id: int
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    moved_to: str | None = None
    gone: bool = False
    retry_at: str | None = None
    not_modified: bool = False


def record_outcome(conn: sqlite3.Connection, o: FeedOutcome,
                   items: list[tuple[str, str, str, str]] = ()) -> None:
    """Store a fetch's result and the items (key, source, hash, state) it delivered."""
    now = now_iso()
    with _write(conn):
        if o.error:
            conn.execute("UPDATE feeds SET last_attempt = ?, last_error = ?, gone = gone OR ?,"
                         " retry_at = ? WHERE id = ?", (now, o.error, int(o.gone), o.retry_at, o.feed_id))
        else:
            conn.execute(
                "UPDATE feeds SET last_attempt = ?, last_success = ?, last_error = NULL, retry_at = NULL,"
                " title = coalesce(?, title), etag = CASE WHEN ? THEN etag ELSE ? END,"
                " last_modified = CASE WHEN ? THEN last_modified ELSE ? END WHERE id = ?",
                (now, now, o.title, int(o.not_modified), o.etag, int(o.not_modified), o.last_modified, o.feed_id))
        if o.moved_to:
            taken = conn.execute("SELECT id FROM feeds WHERE url = ?", (o.moved_to,)).fetchone()
            if taken is None:
                conn.execute("UPDATE feeds SET url = ? WHERE id = ?", (o.moved_to, o.feed_id))
        if items:
            conn.executemany(
                "INSERT INTO feed_items (feed_id, item_key, source, item_hash, state) VALUES (?,?,?,?,?)"
                " ON CONFLICT (feed_id, item_key) DO UPDATE SET source = excluded.source,"
                " item_hash = excluded.item_hash, state = excluded.state",
                [(o.feed_id, *it) for it in items])


def held_elsewhere(conn: sqlite3.Connection, source: str, content_hash: str) -> bool:
    """Is a different article stored under ``source`` that no feed item delivered (a file's,
    or a page ingested by hand)? A feed item must not replace it. The same content is not
    "different": an update killed before it recorded its items left exactly that."""
    row = conn.execute("SELECT content_hash FROM articles WHERE source = ? AND NOT EXISTS"
                       " (SELECT 1 FROM feed_items WHERE source = ?)", (source, source)).fetchone()
    return row is not None and row[0] != content_hash


def unreferenced(conn: sqlite3.Connection, sources: list[str]) -> list[str]:
    """Of these sources, those no feed item points at any more."""
    return [s for s in sources
            if conn.execute("SELECT 1 FROM feed_items WHERE source = ? LIMIT 1", (s,)).fetchone() is None]


# ---- new since last time --------------------------------------------------------------------
# "Seen" is a high-water mark of articles.id, not a time: ids only grow (a changed article is
# stored again under a new id), while ingested_at is a batch's start, which can be earlier than
# a session's end that did not see the batch. Kept as text: it is the ``new`` filter's value.
def last_seen(conn: sqlite3.Connection) -> str | None:
    """The highest article id the last session had (None: no session ended here yet)."""
    row = conn.execute("SELECT value FROM app_state WHERE key = 'seen_id'").fetchone()
    if row:
        return row[0]
    row = conn.execute("SELECT value FROM app_state WHERE key = 'last_seen'").fetchone()
    if row:                     # written before the high-water mark: the time, as an id
        return str(conn.execute("SELECT coalesce(max(id), 0) FROM articles WHERE ingested_at <= ?",
                                (row[0],)).fetchone()[0])
    return None


def set_last_seen(conn: sqlite3.Connection, upto: int | None = None, wait_ms: int | None = None) -> str:
    """Record "seen up to article ``upto``" (the newest now); ``wait_ms`` bounds the wait for a
    busy database."""
    if wait_ms is not None:
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
    with _write(conn):
        if upto is None:
            upto = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        conn.execute("INSERT INTO app_state (key, value) VALUES ('seen_id', ?)"
                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(int(upto)),))
    return str(int(upto))


def new_count(conn: sqlite3.Connection, since: str | None) -> int:
    """Articles stored after the mark ``since``; none when nothing was ever seen (a first look
    at a database is not a wall of "new")."""
    if since is None:
        return 0
    return conn.execute("SELECT count(*) FROM articles WHERE id > CAST(? AS INTEGER)", (since,)).fetchone()[0]


# ---- retention ------------------------------------------------------------------------------
def cite(conn: sqlite3.Connection, sources: list[str]) -> None:
    """Remember that an export cited these articles: pruning keeps them."""
    if not sources:
        return
    now = now_iso()
    with _write(conn):
        conn.executemany("INSERT OR IGNORE INTO cited_articles (source, cited_at) VALUES (?, ?)",
                         [(s, now) for s in sources])


def prunable(conn: sqlite3.Connection, before_day: str, keep_cited: bool = True) -> list[str]:
    """Sources of feed articles published (else arrived) before ``before_day`` (YYYY-MM-DD)."""
    cited = " AND NOT EXISTS (SELECT 1 FROM cited_articles c WHERE c.source = a.source)" if keep_cited else ""
    return [r[0] for r in conn.execute(
        "SELECT a.source FROM articles a WHERE coalesce(a.day, substr(a.ingested_at, 1, 10)) < ?"
        " AND EXISTS (SELECT 1 FROM feed_items i WHERE i.source = a.source)" + cited, (before_day,))]


def forget_items(conn: sqlite3.Connection, sources: list[str]) -> None:
    """Drop the feed items of deleted articles, so a pruned item still in its feed is not
    fetched again (its key is gone from the feed by then, or it is old news)."""
    with _write(conn):
        conn.executemany("UPDATE feed_items SET state = 'pruned' WHERE source = ?", [(s,) for s in sources])
