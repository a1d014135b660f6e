"""Tables, full-text indexes and migrations (PRAGMA user_version).

The full-text indexes are sqlite-utils' (``<table>_fts`` external-content tables; v1's are made
by its ``enable_fts``), so ``briefing.db`` opens in Datasette with search working. Deletes and updates of indexed
columns are kept by triggers; inserts are indexed by the store itself (``fts_insert_sql``):
an AFTER INSERT trigger runs as a sub-statement whose savepoint makes FTS5 flush its
pending terms to disk for every row, 4-8 times the cost of indexing the row directly.
"""
from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 13

# characters of ``articles.text_hash`` its index holds (v13): enough to tell apart the
# articles of any real corpus but for a handful, which the full hash then separates
TEXT_PREFIX = 8

FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"

# table -> indexed columns
FTS_TABLES: dict[str, tuple[str, ...]] = {
    "articles": ("title", "byline", "body"),
    "quotes": ("text", "speaker_text"),
    "events": ("text",),
}

_V1 = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,
    title TEXT,
    byline TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,                 -- ISO 8601 as read (time zone kept)
    day TEXT,                       -- YYYY-MM-DD: published, or inferred when the article had none
    date_inferred INTEGER NOT NULL DEFAULT 0,
    format TEXT,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_day ON articles(day);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT
);
CREATE TABLE person_aliases (
    alias TEXT NOT NULL COLLATE NOCASE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (alias, person_id)
) WITHOUT ROWID;
CREATE INDEX person_aliases_person ON person_aliases(person_id);
CREATE TABLE person_keys (
    key TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE TABLE article_people (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT,
    mentions INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, person_id)
) WITHOUT ROWID;
CREATE INDEX article_people_person ON article_people(person_id);
CREATE TABLE person_mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX person_mentions_article ON person_mentions(article_id);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    speaker_id INTEGER REFERENCES people(id) ON DELETE SET NULL
);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    speaker_text TEXT,              -- the speaker's canonical name, also indexed for search
    role TEXT,
    confidence REAL NOT NULL DEFAULT 0,
    partial INTEGER NOT NULL DEFAULT 0,
    cue TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    statement_id INTEGER REFERENCES statements(id) ON DELETE SET NULL
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
CREATE INDEX quotes_statement ON quotes(statement_id);
CREATE TABLE quote_countries (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL,
    PRIMARY KEY (quote_id, iso3)
) WITHOUT ROWID;
CREATE INDEX quote_countries_iso3 ON quote_countries(iso3);

CREATE TABLE countries (
    iso3 TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE article_countries (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL REFERENCES countries(iso3),
    mentions INTEGER NOT NULL,
    PRIMARY KEY (article_id, iso3)
) WITHOUT ROWID;
CREATE INDEX article_countries_iso3 ON article_countries(iso3, mentions);   -- covers the countries facet
CREATE TABLE country_mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    surface TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX country_mentions_article ON country_mentions(article_id);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    date TEXT NOT NULL,             -- ISO truncated to precision
    date_end TEXT,
    precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    span_start TEXT NOT NULL,       -- first day the event may cover (YYYY-MM-DD)
    span_end TEXT NOT NULL,         -- last day
    inferred INTEGER NOT NULL DEFAULT 0,
    target INTEGER NOT NULL DEFAULT 0,
    date_start INTEGER,
    date_stop INTEGER
);
CREATE INDEX events_span ON events(span_start, span_end);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date, precision, article_id);
CREATE TABLE event_countries (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    iso3 TEXT NOT NULL,
    PRIMARY KEY (event_id, iso3)
) WITHOUT ROWID;
CREATE INDEX event_countries_iso3 ON event_countries(iso3);
CREATE TABLE event_people (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, person_id)
) WITHOUT ROWID;
CREATE INDEX event_people_person ON event_people(person_id);

CREATE TABLE figures (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    iso3 TEXT,
    kind TEXT NOT NULL,
    value REAL NOT NULL,
    value_high REAL,
    unit TEXT,
    year INTEGER,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX figures_iso3 ON figures(iso3);
CREATE INDEX figures_article ON figures(article_id);
"""


def _migrate_to_1(conn: NoCommit) -> None:
    """v1: the tables, and their full-text indexes made by sqlite-utils itself (external content,
    our tokenizer, its three triggers), so Datasette and ``sqlite-utils search`` find them.

    The tables stay DDL: sqlite-utils' create_table cannot say WITHOUT ROWID, COLLATE NOCASE,
    CHECK or ON DELETE CASCADE, and an index beside its table reads better than half in Python.
    sqlite-utils is imported here alone: it costs a fifth of a second, paid once per database."""
    import sqlite_utils

    conn.executescript(_V1)
    # inside migrate()'s transaction: sqlite-utils runs a script statement by statement when the
    # connection is in a transaction, so nothing here commits early
    db = sqlite_utils.Database(conn.connection, execute_plugins=False)
    for table, cols in FTS_TABLES.items():
        db.table(table).enable_fts(cols, tokenize=FTS_TOKENIZE, create_triggers=True)


# v2: what the app needs to stay instant at 200k articles.
# * articles_day_order and quotes_article_start give the quotes and articles views their order
#   (undated last, then day, article, position) straight from indexes, so a page reads 100 index
#   entries instead of sorting every quote; quotes_article_start replaces quotes_article.
# * country_totals is the countries facet without filters, kept exact by the store on insert
#   (COUNTRY_TOTALS_ADD; an insert trigger would make FTS5 flush per row, see the module
#   docstring) and by triggers on delete (also cascades from a deleted article) and update, so opening
#   the countries pane reads ~200 rows instead of aggregating every article's countries.
_V2 = """
CREATE INDEX IF NOT EXISTS articles_day_order ON articles((day IS NULL), day);
CREATE INDEX IF NOT EXISTS quotes_article_start ON quotes(article_id, start);
DROP INDEX IF EXISTS quotes_article;
CREATE TABLE country_totals (
    iso3 TEXT PRIMARY KEY,
    mentions INTEGER NOT NULL,
    articles INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER country_totals_ad AFTER DELETE ON article_countries BEGIN
  UPDATE country_totals SET mentions = mentions - old.mentions, articles = articles - 1 WHERE iso3 = old.iso3;
  DELETE FROM country_totals WHERE iso3 = old.iso3 AND articles <= 0;
END;
CREATE TRIGGER country_totals_au AFTER UPDATE OF iso3, mentions ON article_countries BEGIN
  UPDATE country_totals SET mentions = mentions - old.mentions, articles = articles - 1 WHERE iso3 = old.iso3;
  DELETE FROM country_totals WHERE iso3 = old.iso3 AND articles <= 0;
  INSERT INTO country_totals (iso3, mentions, articles) VALUES (new.iso3, new.mentions, 1)
    ON CONFLICT (iso3) DO UPDATE SET mentions = mentions + excluded.mentions, articles = articles + 1;
END;
INSERT INTO country_totals (iso3, mentions, articles)
  SELECT iso3, sum(mentions), count(*) FROM article_countries GROUP BY iso3;
"""


def _migrate_to_2(conn: sqlite3.Connection) -> None:
    """Upgrade a v1 database in place: order indexes, the countries summary and its backfill."""
    conn.executescript(_V2)


# what the store runs for the (iso3, mentions, subject) rows it adds to article_countries:
# (iso3, mentions, articles, articles about it), summed over a batch (schema v11)
COUNTRY_TOTALS_ADD = ("INSERT INTO country_totals (iso3, mentions, articles, subjects) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT (iso3) DO UPDATE SET mentions = mentions + excluded.mentions,"
                      " articles = articles + excluded.articles, subjects = subjects + excluded.subjects")


def fts_insert_sql(table: str) -> str:
    """The statement that indexes one new row of ``table``: (rowid, *indexed columns)."""
    cols = FTS_TABLES[table]
    return (f"INSERT INTO [{table}_fts] (rowid, {', '.join(f'[{c}]' for c in cols)})"
            f" VALUES ({', '.join('?' * (len(cols) + 1))})")


def _migrate_to_3(conn: sqlite3.Connection) -> None:
    """v3: the store indexes new rows itself (see the module docstring), and the update
    trigger fires only when an indexed column changes, so setting an article's inferred day
    does not re-index its body."""
    for table, cols in FTS_TABLES.items():
        quoted = ", ".join(f"[{c}]" for c in cols)
        new = ", ".join(f"new.[{c}]" for c in cols)
        old = ", ".join(f"old.[{c}]" for c in cols)
        fts = f"{table}_fts"
        conn.executescript(f"""
DROP TRIGGER IF EXISTS [{table}_ai];
DROP TRIGGER IF EXISTS [{table}_au];
CREATE TRIGGER [{table}_au] AFTER UPDATE OF {quoted} ON [{table}] BEGIN
  INSERT INTO [{fts}] ([{fts}], rowid, {quoted}) VALUES('delete', old.rowid, {old});
  INSERT INTO [{fts}] (rowid, {quoted}) VALUES (new.rowid, {new});
END;
""")


def _migrate_to_4(conn: sqlite3.Connection) -> None:
    """v4: quotes.wording_key (``quote_key``, version 1: ``db.frozen_keys.quote_key_v1``), so the
    store finds an earlier report with the very same words by an index lookup (wire copies,
    reprints) before it runs the full-text query for reworded variants."""
    from db.frozen_keys import quote_key_v1 as quote_key

    # an early v2 kept country_totals by an insert trigger, which the store now does itself
    conn.executescript("DROP TRIGGER IF EXISTS country_totals_ai;\nALTER TABLE quotes ADD COLUMN wording_key TEXT;")
    rows = conn.execute("SELECT id, text FROM quotes WHERE partial = 0").fetchall()
    conn.executemany("UPDATE quotes SET wording_key = ? WHERE id = ?", [(quote_key(t), i) for i, t in rows])
    conn.executescript("CREATE INDEX quotes_wording ON quotes(wording_key) WHERE wording_key IS NOT NULL;")


# the passages of long articles (db/passages.py): a table of their own, indexed the sqlite-utils
# way (Datasette's detect_fts finds article_passages_fts), rows inserted and indexed by the store
PASSAGES_FTS_INSERT = ("INSERT INTO article_passages_fts (rowid, text)"
                       " SELECT id, text FROM article_passages WHERE article_id = ?")
PASSAGES_INSERT = "INSERT INTO article_passages (article_id, start, text) VALUES (?, ?, ?)"

_V5 = """
CREATE TABLE article_passages (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,         -- offset of the passage in the article's body
    text TEXT NOT NULL
);
CREATE INDEX article_passages_article ON article_passages(article_id, id);
CREATE VIRTUAL TABLE [article_passages_fts] USING FTS5 ([text], tokenize='%s', content=[article_passages]);
CREATE TRIGGER [article_passages_ad] AFTER DELETE ON [article_passages] BEGIN
  INSERT INTO [article_passages_fts] ([article_passages_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
END;
CREATE TRIGGER [article_passages_au] AFTER UPDATE OF [text] ON [article_passages] BEGIN
  INSERT INTO [article_passages_fts] ([article_passages_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
  INSERT INTO [article_passages_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
END;
""" % FTS_TOKENIZE


def _migrate_to_5(conn: sqlite3.Connection) -> None:
    """v5: long articles' bodies also as bounded passages, so search snippets (and anything
    else that reads around a match) cost the same whatever an article's size."""
    from db.passages import LONG_BODY, split_passages

    conn.executescript(_V5)
    for aid, body in conn.execute("SELECT id, body FROM articles WHERE length(body) > ?", (LONG_BODY,)).fetchall():
        conn.executemany(PASSAGES_INSERT, ((aid, start, text) for start, text in split_passages(body)))
        conn.execute(PASSAGES_FTS_INSERT, (aid,))


def _migrate_to_6(conn: sqlite3.Connection) -> None:
    """v6: feed subscriptions (``db.feeds``)."""
    from db.feeds import FEEDS_SCHEMA

    conn.executescript(FEEDS_SCHEMA)


def _migrate_to_7(conn: sqlite3.Connection) -> None:
    """v7: articles.extraction_cut_short, set when the article's extraction ran out of its
    time budget (ingest.deadline) and holds only what was found before."""
    conn.execute("ALTER TABLE articles ADD COLUMN extraction_cut_short INTEGER NOT NULL DEFAULT 0")


def _migrate_to_8(conn: sqlite3.Connection) -> None:
    """v8: coverage counts distinct articles.

    * articles.text_hash (``ingest.model.Article.text_hash``: the text with its whitespace
      collapsed), so a copy stored under another name is found by an index lookup and
      recorded in article_locations (its name and content hash) instead of as an article;
    * events.happening_id: the first event of the happening an event reports (the same
      date, and the same wording or a variant of it, in another article), so an event's
      sources are the articles of its happening, not every article sharing its date;
      events.wording_key finds the very same words by an index lookup.
    Existing rows are backfilled: text hashes computed, events grouped by exact wording
    (with the key functions' version 1, ``db.frozen_keys``)."""
    from db.frozen_keys import quote_key_v1 as quote_key, text_hash_v1 as text_hash

    conn.executescript("""
ALTER TABLE articles ADD COLUMN text_hash TEXT;
ALTER TABLE events ADD COLUMN happening_id INTEGER;
ALTER TABLE events ADD COLUMN wording_key TEXT;
CREATE TABLE article_locations (
    source TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX article_locations_article ON article_locations(article_id);
""")
    rows = conn.execute("SELECT id, title, body FROM articles").fetchall()
    conn.executemany("UPDATE articles SET text_hash = ? WHERE id = ?", [(text_hash(t, b), i) for i, t, b in rows])
    first: dict[tuple, int] = {}
    updates = []
    for eid, text, d, prec in conn.execute("SELECT id, text, date, precision FROM events ORDER BY id").fetchall():
        key = quote_key(text)
        updates.append((first.setdefault((key, d, prec), eid), key, eid))
    conn.executemany("UPDATE events SET happening_id = ?, wording_key = ? WHERE id = ?", updates)
    # a week precision ("this week", stored as its Monday): the CHECK constraint is widened in
    # place, the documented way to relax a constraint without rebuilding the table
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'events'",
                 (sql.replace("IN ('day', 'month', 'year')", "IN ('day', 'week', 'month', 'year')"),))
    conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    conn.execute("PRAGMA writable_schema = OFF")
    conn.executescript("""
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX events_happening ON events(happening_id, article_id);
CREATE INDEX events_wording ON events(wording_key, date) WHERE wording_key IS NOT NULL;
""")


def _migrate_to_9(conn: sqlite3.Connection) -> None:
    """v9: quotes.speaker_kind, 'person' or 'organisation' where there is a speaker
    ('the company said' credits a company), so every view can mark an organisation speaker.
    Existing speakers were all extracted as persons and are backfilled as such."""
    conn.execute("ALTER TABLE quotes ADD COLUMN speaker_kind TEXT")
    conn.execute("UPDATE quotes SET speaker_kind = 'person' WHERE speaker_id IS NOT NULL")


def _migrate_to_10(conn: sqlite3.Connection) -> None:
    """v10: key_versions, which version of each key function (``db.keys``) wrote the keys
    stored; everything before was written by version 1 of each."""
    conn.executescript("""
CREATE TABLE key_versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO key_versions (name, version) VALUES ('quote_key', 1), ('name_keys', 1), ('text_hash', 1),
    ('content_hash', 1);
""")


def _migrate_to_11(conn: sqlite3.Connection) -> None:
    """v11: article_countries.subject, whether the article is about the country (1: its
    dateline, headline or lead names it, or it is named twice, or it is the only one named;
    0: named in passing) beside every country it names, which it still counts for; and
    country_totals.subjects, the articles about each country. Rows stored before are NULL,
    unknown: the subject is read from the text by the extractor, which the database layer
    does not run; the next ingest fills them in (``briefing.ingest_run.backfill_subjects``,
    found by the partial index)."""
    conn.executescript("""
ALTER TABLE article_countries ADD COLUMN subject INTEGER;
CREATE INDEX article_countries_unknown ON article_countries(article_id) WHERE subject IS NULL;
ALTER TABLE country_totals ADD COLUMN subjects INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER IF EXISTS country_totals_ad;
DROP TRIGGER IF EXISTS country_totals_au;
CREATE TRIGGER country_totals_ad AFTER DELETE ON article_countries BEGIN
  UPDATE country_totals SET mentions = mentions - old.mentions, articles = articles - 1,
    subjects = subjects - coalesce(old.subject, 0) WHERE iso3 = old.iso3;
  DELETE FROM country_totals WHERE iso3 = old.iso3 AND articles <= 0;
END;
CREATE TRIGGER country_totals_au AFTER UPDATE OF iso3, mentions, subject ON article_countries BEGIN
  UPDATE country_totals SET mentions = mentions - old.mentions, articles = articles - 1,
    subjects = subjects - coalesce(old.subject, 0) WHERE iso3 = old.iso3;
  DELETE FROM country_totals WHERE iso3 = old.iso3 AND articles <= 0;
  INSERT INTO country_totals (iso3, mentions, articles, subjects)
    VALUES (new.iso3, new.mentions, 1, coalesce(new.subject, 0))
    ON CONFLICT (iso3) DO UPDATE SET mentions = mentions + excluded.mentions, articles = articles + 1,
      subjects = subjects + excluded.subjects;
END;
""")


def _migrate_to_12(conn: sqlite3.Connection) -> None:
    """v12: organisations that speak ('the company said') are organisations, not people.

    A quote's organisation speaker is ``quotes.organisation_id`` (``speaker_id`` stays for
    persons), so the people table, its filters and counts hold persons only. Existing
    organisation speakers move: each named organisation gets a row, its quotes point at it,
    and a people row that no person's quote names any more is removed with its aliases, keys,
    mentions and article links (it was the organisation, extracted as a person too)."""
    conn.executescript("""
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
ALTER TABLE quotes ADD COLUMN organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL;
CREATE INDEX quotes_organisation ON quotes(organisation_id) WHERE organisation_id IS NOT NULL;
CREATE TEMP TABLE moved AS SELECT DISTINCT speaker_id AS id FROM quotes
  WHERE speaker_kind = 'organisation' AND speaker_id IS NOT NULL;
INSERT OR IGNORE INTO organisations (name) SELECT p.name FROM people p JOIN moved m ON m.id = p.id ORDER BY p.id;
UPDATE quotes SET organisation_id = (SELECT o.id FROM people p JOIN organisations o ON o.name = p.name
    WHERE p.id = quotes.speaker_id), speaker_id = NULL
  WHERE speaker_kind = 'organisation' AND speaker_id IS NOT NULL;
DELETE FROM moved WHERE id IN (SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL);
UPDATE statements SET speaker_id = NULL WHERE speaker_id IN (SELECT id FROM moved);
DELETE FROM person_aliases WHERE person_id IN (SELECT id FROM moved);
DELETE FROM person_keys WHERE person_id IN (SELECT id FROM moved);
DELETE FROM article_people WHERE person_id IN (SELECT id FROM moved);
DELETE FROM person_mentions WHERE person_id IN (SELECT id FROM moved);
DELETE FROM event_people WHERE person_id IN (SELECT id FROM moved);
DELETE FROM people WHERE id IN (SELECT id FROM moved);
DROP TABLE moved;
""")


def _migrate_to_13(conn: sqlite3.Connection) -> None:
    """v13: the two indexes every new article and event writes a random page of, narrowed.

    ``events.wording_key`` is a hash, so an index led by it puts each new event on a random
    page; led by the date, a batch's events (most of them dated near their articles) fall on
    the few pages of those dates, and the happening look-up asks by both anyway. The text
    hashes' index holds their first ``TEXT_PREFIX`` characters instead of forty, a fifth of
    the entries' size; the look-ups compare the full hash on the rows it finds."""
    conn.executescript(f"""
DROP INDEX IF EXISTS events_wording;
CREATE INDEX events_date_wording ON events(date, wording_key) WHERE wording_key IS NOT NULL;
DROP INDEX IF EXISTS articles_text_hash;
CREATE INDEX articles_text_prefix ON articles(substr(text_hash, 1, {TEXT_PREFIX}));
""")


# version reached -> function that gets there from the version before
MIGRATIONS = {1: _migrate_to_1, 2: _migrate_to_2, 3: _migrate_to_3, 4: _migrate_to_4, 5: _migrate_to_5,
              6: _migrate_to_6, 7: _migrate_to_7, 8: _migrate_to_8, 9: _migrate_to_9, 10: _migrate_to_10,
              11: _migrate_to_11, 12: _migrate_to_12,
              13: _migrate_to_13}


def migrate(conn: sqlite3.Connection, to: int = SCHEMA_VERSION) -> None:
    """Bring a database (new or older) up to SCHEMA_VERSION (or version ``to``, as an older
    briefing left it), each step in its own transaction.

    The version is read again under the write lock, so two processes opening a new file at
    once never both create the schema: the second finds the first one's work and stops.
    Then the stored keys of any key function whose version changed are recomputed
    (``db.keys.rekey_stale``).
    """
    from db.keys import rekey_stale

    while conn.execute("PRAGMA user_version").fetchone()[0] < to:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < to:
                # executescript commits first; run statements one by one to stay in our transaction
                MIGRATIONS[version + 1](NoCommit(conn))
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    rekey_stale(conn)


class NoCommit:
    """Runs a script statement by statement so a migration stays inside one transaction."""

    def __init__(self, conn: sqlite3.Connection):
        self.connection = conn                 # the connection itself, for sqlite-utils
        self.execute = conn.execute           # single statements never commit on their own
        self.executemany = conn.executemany

    def executescript(self, script: str) -> None:
        buf = ""
        for line in script.splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                if buf.strip():
                    self.connection.execute(buf)
                buf = ""
        if buf.strip():
            self.connection.execute(buf)
