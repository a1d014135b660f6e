"""The store's fast path: a batch written straight through, FTS rows written by the store, and
the fall-back that isolates a failing article. Everything must stay exact and searchable."""
from __future__ import annotations

import sqlite3

import db
from db import queries
from db.schema import FTS_TABLES, MIGRATIONS, SCHEMA_VERSION, NoCommit
from db.store import Store
from ingest.model import Article, CountryMention, Event, Extraction, Ingested, Person, Quote


def _item(n: int, speaker: str = "Orla Penhale", quote: str | None = None, precision: str = "day") -> Ingested:
    quote = quote or f"The ferry number {n} will sail again before the winter storms arrive"
    body = f'"{quote}," {speaker} said in Cork on Tuesday. Story {n}.'
    sp = body.index(speaker)
    cork = body.index("Cork")
    return Ingested(
        Article(source=f"batch-{n}.txt", body=body, title=f"Ferry {n}", published="2023-05-02T08:00:00+00:00"),
        Extraction(
            people=[Person(speaker, mentions=[(sp, sp + len(speaker))])],
            quotes=[Quote(1, 1 + len(quote), quote, speaker=speaker, confidence=0.9, countries=["IRL"])],
            countries=[CountryMention("IRL", cork, cork + 4, "Cork", "city")],
            events=[Event(0, len(body), body, date="2023-05-02", precision=precision, countries=["IRL"],
                          people=[speaker])],
        ))


def _fts_ok(conn: sqlite3.Connection) -> None:
    for t in FTS_TABLES:
        conn.execute(f"INSERT INTO [{t}_fts]([{t}_fts]) VALUES('integrity-check')")


def test_failing_article_mid_batch_costs_only_itself(tmp_path):
    conn = db.connect(tmp_path / "b.db")
    items = [_item(i) for i in range(6)]
    items[3] = _item(3, precision="fortnight")          # breaks a CHECK constraint mid-write
    results = Store(conn).write_batch(items)
    assert [r.outcome for r in results] == ["new", "new", "new", "failed", "new", "new"]
    assert "CHECK" in results[3].error
    stored = {r.source for r in queries.articles(conn)}
    assert stored == {f"batch-{i}.txt" for i in (0, 1, 2, 4, 5)}
    # every quote and event belongs to the article whose text it quotes
    for table in ("quotes", "events"):
        rows = conn.execute(f"SELECT t.text, a.body FROM {table} t JOIN articles a ON a.id = t.article_id").fetchall()
        assert len(rows) == 5 and all(text in body for text, body in rows), table
    assert len(queries.search(conn, "ferry", kind="article")) == 5
    _fts_ok(conn)


def test_rows_written_in_one_batch_are_searchable_and_exact(tmp_path):
    conn = db.connect(tmp_path / "b.db")
    Store(conn).write_batch([_item(i) for i in range(20)])
    for kind in ("article", "quote", "event"):
        assert len(queries.search(conn, "ferry", kind=kind)) == 20, kind
    assert len(queries.search(conn, "Penhale", kind="quote")) == 20       # speaker names are indexed
    _fts_ok(conn)


def test_same_statement_twice_in_one_batch_is_one_statement(tmp_path):
    conn = db.connect(tmp_path / "b.db")
    words = "Every harbour on this coast deserves a lifeboat crew that is paid properly"
    Store(conn).write_batch([_item(1, quote=words), _item(2, quote=words.replace("properly", "fairly"))])
    rows = queries.quotes(conn)
    assert len(rows) == 2 and rows[0].statement_id == rows[1].statement_id


def test_fuller_name_later_in_the_batch_renames_earlier_quotes_in_the_index(tmp_path):
    conn = db.connect(tmp_path / "b.db")
    Store(conn).write_batch([_item(1, speaker="Penhale"), _item(2, speaker="Orla Penhale")])
    assert {r.speaker for r in queries.quotes(conn)} == {"Orla Penhale"}
    assert len(queries.search(conn, '"Orla Penhale"', kind="quote")) == 2
    _fts_ok(conn)


def test_a_v1_database_is_upgraded_and_stays_searchable(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    MIGRATIONS[1](NoCommit(raw))
    raw.execute("PRAGMA user_version = 1")
    raw.execute("COMMIT")
    # an article written the v1 way: the insert trigger indexed it
    raw.execute("INSERT INTO articles (source, title, body, content_hash, ingested_at, day)"
                " VALUES ('old.txt', 'Lighthouse keepers', 'The lighthouse keepers went home.', 'h', 'now', '2020-01-01')")
    raw.close()

    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    Store(conn).write_batch([_item(1)])
    assert [r.source for r in queries.search(conn, "lighthouse", kind="article")] == ["old.txt"]
    assert [r.source for r in queries.search(conn, "ferry", kind="article")] == ["batch-1.txt"]
    _fts_ok(conn)


def test_no_insert_triggers_on_ingest_tables(tmp_path):
    """Any trigger fired inside the ingest transaction opens a statement savepoint, and FTS5
    flushes its pending terms to disk at every savepoint: a per-row cost of 4-8x. The store
    maintains what insert triggers would."""
    conn = db.connect(tmp_path / "b.db")
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert not [name for name, sql in triggers if "AFTER INSERT" in sql.upper()]


def test_the_same_words_join_one_statement_unless_two_speakers_differ(tmp_path):
    conn = db.connect(tmp_path / "w.db")
    words = "The harbour wall will be rebuilt in granite before the autumn gales"
    s = Store(conn)
    s.write_batch([_item(1, quote=words), _item(2, quote=words.upper() + "!")])   # case and marks normalised
    s.write_batch([_item(3, quote=words, speaker="Ewan Trevithick")])
    by_source = {r.source: r.statement_id for r in queries.quotes(conn)}
    assert by_source["batch-1.txt"] == by_source["batch-2.txt"] != by_source["batch-3.txt"]


def test_upgrade_gives_stored_quotes_their_wording_key(tmp_path):
    path = tmp_path / "v3.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    for v in (1, 2, 3):
        MIGRATIONS[v](NoCommit(raw))
    raw.execute("PRAGMA user_version = 3")
    words = "Every lighthouse on the cape will be staffed again from the spring"
    raw.execute("INSERT INTO articles (id, source, body, content_hash, ingested_at) VALUES (1, 'old.txt', ?, 'h', 'now')",
                (f'"{words}," she said.',))
    raw.execute("INSERT INTO statements (id) VALUES (7)")
    raw.execute('INSERT INTO quotes (id, article_id, text, start, "end", statement_id) VALUES (1, 1, ?, 1, ?, 7)',
                (words, 1 + len(words)))
    raw.execute("INSERT INTO quotes_fts (rowid, text, speaker_text) VALUES (1, ?, NULL)", (words,))
    raw.execute("COMMIT")
    raw.close()

    conn = db.connect(path)                                   # upgrades to the current version
    assert conn.execute("SELECT wording_key FROM quotes WHERE id = 1").fetchone()[0]
    Store(conn).write_batch([_item(2, quote=words)])
    assert {r.statement_id for r in queries.quotes(conn)} == {7}
    _fts_ok(conn)


def test_rows_held_back_to_the_end_of_a_batch_are_there_when_read_inside_it(tmp_path):
    """An undated article borrows its story's date from articles earlier in the same batch, and
    a source written twice in one batch replaces its first copy's rows, held back or not."""
    conn = db.connect(tmp_path / "b.db")
    dated = _item(1)
    body = "Orla Penhale spoke again in Cork."
    undated = Ingested(Article(source="undated.txt", body=body, published=None), Extraction(
        people=[Person("Orla Penhale", mentions=[(0, 12)])],
        countries=[CountryMention("IRL", body.index("Cork"), body.index("Cork") + 4, "Cork", "city")]))
    again = _item(2)
    changed = _item(2, quote="The harbour opens on Friday morning for every boat in the bay")
    results = Store(conn).write_batch([dated, undated, again, changed])
    assert [r.outcome for r in results] == ["new", "new", "new", "updated"]
    day, inferred = conn.execute("SELECT day, date_inferred FROM articles WHERE source = 'undated.txt'").fetchone()
    assert (day, inferred) == ("2023-05-02", 1)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    for table in ("events", "country_mentions", "article_countries", "person_mentions", "article_people"):
        orphans = conn.execute(f"SELECT count(*) FROM {table} t LEFT JOIN articles a ON a.id = t.article_id"
                               " WHERE a.id IS NULL").fetchone()[0]
        assert orphans == 0, table
    assert tuple(conn.execute("SELECT articles, mentions FROM country_totals WHERE iso3 = 'IRL'").fetchone()) == (3, 3)
    assert len(queries.search(conn, "harbour", kind="event")) == 1
    assert not queries.search(conn, '"ferry number 2"', kind="event")
    _fts_ok(conn)


def _watch_foreign_keys(conn: sqlite3.Connection, before_begin=lambda: None) -> list[int]:
    """The foreign_keys setting each time the store starts a transaction (``before_begin`` runs
    first: what another process does between the store's look and its lock)."""
    seen: list[int] = []

    class Watched:
        def __getattr__(self, name):
            return getattr(conn, name)

        def execute(self, sql, *args):
            if sql.startswith("BEGIN"):
                before_begin()
                seen.append(conn.execute("PRAGMA foreign_keys").fetchone()[0])
            return conn.execute(sql, *args)

    return seen, Watched()


def test_new_articles_are_written_without_key_checks_and_the_keys_come_back_on(tmp_path):
    from tests.soundness import assert_sound

    conn = db.connect(tmp_path / "k.db")
    seen, watched = _watch_foreign_keys(conn)
    results = Store(watched).write_batch([_item(i) for i in range(5)])
    assert [r.outcome for r in results] == ["new"] * 5
    assert seen == [0]                                   # one transaction, no checks
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()
    assert_sound(tmp_path / "k.db")                      # and nothing points nowhere


def test_a_replacement_is_written_with_the_keys_so_its_old_rows_cascade_away(tmp_path):
    from tests.soundness import assert_sound

    conn = db.connect(tmp_path / "k.db")
    Store(conn).write_batch([_item(i) for i in range(3)])
    changed = _item(1, quote="The harbour will stay closed until the spring tides turn")
    seen, watched = _watch_foreign_keys(conn)
    results = Store(watched).write_batch([_item(7), changed])
    assert [r.outcome for r in results] == ["new", "updated"]
    assert seen == [1]                                   # known before the transaction began
    quotes = [r[0] for r in conn.execute(
        "SELECT q.text FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.source = 'batch-1.txt'")]
    assert quotes == ["The harbour will stay closed until the spring tides turn"]
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    conn.close()
    assert_sound(tmp_path / "k.db")


def test_an_article_stored_by_someone_else_meanwhile_sends_the_batch_round_again_with_keys(tmp_path):
    from tests.soundness import assert_sound

    conn = db.connect(tmp_path / "k.db")
    other = db.connect(tmp_path / "k.db")

    def racing():
        # nothing was stored when the store looked (no keys needed, it thought): another
        # process stores one of the batch's sources before the store takes the lock
        if not other.execute("SELECT 1 FROM articles").fetchone():
            Store(other).write_batch([_item(2)])

    seen, watched = _watch_foreign_keys(conn, before_begin=racing)
    changed = _item(2, quote="The harbour will stay closed until the spring tides turn")
    results = Store(watched).write_batch([_item(1), changed, _item(3)])
    assert [r.outcome for r in results] == ["new", "updated", "new"]
    assert seen == [0, 1]                    # rolled back at the replacement, written again
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 3
    conn.close()
    other.close()
    assert_sound(tmp_path / "k.db")


def test_a_source_twice_in_one_batch_replaces_the_first_with_keys_on(tmp_path):
    from tests.soundness import assert_sound

    conn = db.connect(tmp_path / "k.db")
    seen, watched = _watch_foreign_keys(conn)
    second = _item(4, quote="The harbour will stay closed until the spring tides turn")
    results = Store(watched).write_batch([_item(4), second])
    assert [r.outcome for r in results] == ["new", "updated"] and seen == [1]
    conn.close()
    assert_sound(tmp_path / "k.db")


def test_a_failed_article_leaves_no_trace_for_the_next_with_its_source(tmp_path):
    from tests.soundness import assert_sound

    conn = db.connect(tmp_path / "k.db")
    Store(conn).write_batch([_item(5)])
    results = Store(conn).write_batch([_item(1), _item(5, quote="Ferries again", precision="fortnight"),
                                        _item(5, quote="Rail again")])
    assert [r.outcome for r in results] == ["new", "failed", "updated"]     # replaces the stored one
    results = Store(conn).write_batch([_item(2, precision="fortnight"), _item(2)])
    assert [r.outcome for r in results] == ["failed", "new"]               # nothing of the failed one
    conn.close()
    assert_sound(tmp_path / "k.db")
