"""The store and its queries on hand-made records: schema, safety, idempotency, FTS, filters."""
from __future__ import annotations

import sqlite3

import pytest

import db
from db import queries
from db.fts import QueryError, to_match
from db.queries import Filters
from db.schema import FTS_TABLES, SCHEMA_VERSION
from db.store import Store, span_of
from ingest.model import Article, CountryMention, Event, Extraction, Figure, Ingested, Person, Quote


def _article(source="a.txt", body=None, **kw) -> Ingested:
    body = body or ('Minister Ada Quill said on Monday that the port would reopen. '
                    '"We will rebuild the harbour," Quill said in Lisbon.')
    q_start = body.index("We will")
    q_end = body.index(",\" Quill")
    quill = [(m, m + len("Quill")) for m in _all(body, "Quill")]
    lis = body.index("Lisbon")
    art = Article(source=source, body=body, title=kw.pop("title", "Port to reopen"),
                  byline="By Lena Ray", published=kw.pop("published", "2024-03-06T10:00:00+00:00"))
    x = Extraction(
        people=[Person(name="Ada Quill", role="Minister", aliases=["Quill"], mentions=quill)],
        quotes=[Quote(start=q_start, end=q_end, text=body[q_start:q_end], speaker="Ada Quill", role="Minister",
                      confidence=0.9, countries=["PRT"])],
        countries=[CountryMention("PRT", lis, lis + 6, "Lisbon", "city")],
        events=[Event(start=0, end=body.index(". ") + 1, text=body[: body.index(". ") + 1], date="2024-03-04",
                      precision="day", countries=["PRT"], people=["Ada Quill"])],
        figures=[Figure(start=0, end=5, text=body[0:5], kind="money", value=1e9, unit="EUR", iso3="PRT",
                        year=2024)],
    )
    return Ingested(art, x)


def _all(s, sub):
    i = s.find(sub)
    while i >= 0:
        yield i
        i = s.find(sub, i + 1)


def _fts_ok(conn):
    for t in FTS_TABLES:
        conn.execute(f"INSERT INTO [{t}_fts]([{t}_fts]) VALUES('integrity-check')")


def test_new_database_has_schema_wal_and_version(db_path):
    c = db.connect(db_path)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def _refused_and_untouched(p, match: str | None = None) -> None:
    """Opening ``p`` is refused with a DatabaseError (saying ``match``), and the file keeps
    every byte it had."""
    before = p.read_bytes()
    with pytest.raises(db.DatabaseError, match=match):
        db.connect(p)
    assert p.read_bytes() == before


def test_not_a_database_is_refused_and_untouched(tmp_path):
    p = tmp_path / "notes.db"
    p.write_bytes(b"just some notes, not sqlite\n" * 10)
    _refused_and_untouched(p, "not a SQLite database")


def test_corrupt_database_is_refused_and_untouched(tmp_path):
    p = tmp_path / "corrupt.db"
    c = db.connect(p)
    c.close()
    data = bytearray(p.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    p.write_bytes(bytes(data))
    _refused_and_untouched(p)


def test_newer_schema_is_refused_and_untouched(tmp_path):
    p = tmp_path / "future.db"
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.commit()
    c.close()
    _refused_and_untouched(p, "newer briefing")


def test_other_applications_database_is_refused(tmp_path):
    p = tmp_path / "other.db"
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    c.commit()
    c.close()
    _refused_and_untouched(p, "not a briefing")


def test_missing_database_is_not_created_for_reads(tmp_path):
    with pytest.raises(db.DatabaseError, match="briefing ingest"):
        db.connect(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


def test_write_then_read_everything(conn):
    r = Store(conn).write(_article())
    assert r.outcome == "new"
    a = queries.article(conn, r.article_id)
    assert a.title == "Port to reopen" and a.countries == ["PRT"] and a.people == ["Ada Quill"]
    assert a.quotes[0].speaker == "Ada Quill"
    q = a.quotes[0]
    assert a.body[q.start:q.end] == q.text
    assert [e.date for e in a.events] == ["2024-03-04"]
    assert a.figures[0].unit == "EUR"
    assert queries.counts(conn) == {"articles": 1, "quotes": 1, "events": 1, "people": 1, "countries": 1}
    _fts_ok(conn)


def test_same_content_is_unchanged_and_changed_content_replaces(conn):
    s = Store(conn)
    assert s.write(_article()).outcome == "new"
    assert s.write(_article()).outcome == "unchanged"
    changed = _article(title="Port reopens")
    assert s.write(changed).outcome == "updated"
    assert queries.counts(conn)["articles"] == 1
    assert queries.counts(conn)["quotes"] == 1 and queries.counts(conn)["events"] == 1
    assert [r.title for r in queries.articles(conn)] == ["Port reopens"]
    assert queries.search(conn, "reopens", kind="article")
    assert not queries.search(conn, '"Port to reopen"', kind="article")
    _fts_ok(conn)


def test_delete_cascades_and_keeps_fts_in_sync(conn):
    s = Store(conn)
    s.write(_article())
    assert s.delete_source("a.txt")
    for t in ("quotes", "events", "figures", "country_mentions", "article_people", "statements"):
        assert conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0, t
    assert queries.search(conn, "harbour") == []
    _fts_ok(conn)


def test_failed_article_rolls_back_alone(conn):
    s = Store(conn)
    bad = _article(source="bad.txt")
    bad.extraction.events[0].precision = "century"       # violates the CHECK constraint mid-write
    # the failed article is first: what it wrote (its country row, its person) is rolled back
    # and the next article must not trip over stale caches
    results = s.write_batch([bad, _article(source="good.txt")])
    assert [r.outcome for r in results] == ["failed", "new"]
    assert [r.source for r in queries.articles(conn)] == ["good.txt"]
    # nothing of the failed article remains
    assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] == 1
    _fts_ok(conn)


def test_people_merge_across_articles(conn):
    s = Store(conn)
    s.write(_article())
    body = '"The harbour is ready," Quill told reporters.'
    other = Ingested(Article(source="b.txt", body=body, published="2024-03-08"), Extraction(
        people=[Person(name="Quill", mentions=[(body.index("Quill"), body.index("Quill") + 5)])],
        quotes=[Quote(1, body.index(',"'), body[1:body.index(',"')], speaker="Quill", confidence=0.9)]))
    s.write(other)
    people = queries.people(conn)
    assert [p.name for p in people] == ["Ada Quill"]
    assert {r.speaker for r in queries.quotes(conn)} == {"Ada Quill"}


def test_search_escapes_plain_input_and_reports_bad_syntax(conn):
    Store(conn).write(_article())
    for q in ["U.S.", "don't", "-", "AND", "harbour'", "(", "a:b", "NEAR", "*"]:
        try:
            queries.search(conn, q)
        except QueryError as e:
            assert "\n" not in str(e)
    assert {r.kind for r in queries.search(conn, "harbour")} == {"article", "quote"}
    for lone in ["AND", "U.S.", "don't", "well-known", "OR"]:
        queries.search(conn, lone)          # searched as words, never a syntax error
    assert "**harbour**" in queries.search(conn, "harbour", kind="quote")[0].snippet
    assert queries.search(conn, '"rebuild the harbour"')
    assert queries.search(conn, "harb*")
    assert queries.search(conn, "harbour NOT zebra")
    assert queries.search(conn, "NEAR(rebuild harbour, 3)")
    with pytest.raises(QueryError):
        queries.search(conn, 'harbour AND "unclosed')
    with pytest.raises(QueryError):
        queries.search(conn, "...")


def test_to_match_quotes_plain_words():
    assert to_match("U.S. aid") == '"U" "S" "aid"'
    assert to_match('"exact phrase"') == '"exact phrase"'


def test_to_match_leaves_out_function_words_beside_other_words():
    assert to_match("Bank of the Harbour") == '"Bank" "Harbour"'
    assert to_match("the who") == '"who"'
    assert to_match("of the") == '"of" "the"'              # nothing else: they are the search
    assert to_match("AND") == '"AND"'
    assert to_match('"bank of the harbour"') == '"bank of the harbour"'     # a phrase as typed
    assert to_match("bank AND of") == "bank AND of"                         # FTS5 syntax as typed


def test_search_for_words_with_a_function_word_finds_them_apart(conn):
    s = Store(conn)
    for source, body in (("a.txt", "The bank of the harbour town opened a new office."),
                         ("b.txt", "A harbour bank stood by the water."),
                         ("c.txt", "The bank of the river flooded.")):
        s.write(Ingested(Article(source=source, body=body, title="Notes"), Extraction()))
    hits = queries.search(conn, "bank of harbour", kind="article")
    assert {h.source for h in hits} == {"a.txt", "b.txt"}


def test_timeline_slice_overlaps_spans(conn):
    s = Store(conn)
    s.write(_article())
    body = "The summit ran through June 2024."
    s.write(Ingested(Article(source="m.txt", body=body, published="2024-07-01"), Extraction(
        events=[Event(0, len(body), body, date="2024-06", precision="month")])))
    assert [e.date for e in queries.timeline(conn)] == ["2024-03-04", "2024-06"]
    assert [e.date for e in queries.timeline(conn, Filters(since="2024-06-30"))] == ["2024-06"]
    assert [e.date for e in queries.timeline(conn, Filters(until="2024-06-01"))] == ["2024-03-04", "2024-06"]
    assert queries.timeline(conn, Filters(since="2024-07-01")) == []
    assert [e.date for e in queries.timeline(conn, Filters(country="PRT"))] == ["2024-03-04"]
    assert [e.date for e in queries.timeline(conn, Filters(person="Quill"))] == ["2024-03-04"]
    assert queries.timeline_position(conn, Filters(), "2024-05-01") == 1


def test_filters_narrow_every_view(conn):
    s = Store(conn)
    s.write(_article())
    body = '"Grain prices will fall," said Bo Lind in Oslo.'
    s.write(Ingested(Article(source="n.txt", body=body, published="2024-05-02"), Extraction(
        people=[Person("Bo Lind", mentions=[(body.index("Bo"), body.index("Bo") + 7)])],
        quotes=[Quote(1, body.index(',"'), body[1:body.index(',"')], speaker="Bo Lind", confidence=0.9,
                      countries=["NOR"])],
        countries=[CountryMention("NOR", body.index("Oslo"), body.index("Oslo") + 4, "Oslo", "city")])))
    f = Filters(country="NOR")
    assert [a.source for a in queries.articles(conn, f)] == ["n.txt"]
    assert [q.speaker for q in queries.quotes(conn, f)] == ["Bo Lind"]
    assert [c.iso3 for c in queries.countries(conn, Filters(person="Lind"))] == ["NOR"]
    assert [sp.name for sp in queries.speakers(conn, Filters(since="2024-04-01"))] == ["Bo Lind"]
    assert queries.search(conn, "prices", f=Filters(country="PRT")) == []
    assert queries.search(conn, "harbour", f=Filters(text="zebra")) == []      # search within the filters
    assert queries.search(conn, "harbour", f=Filters(text="rebuild"))
    assert queries.count_quotes(conn, Filters(text="grain")) == 1
    d = queries.country_dossier(conn, "PRT")
    assert d.figures[0].value == 1e9 and d.events and d.quotes and d.articles


def _quoted(store: Store, source: str, words: str) -> None:
    """An article that is one quote of ``words`` by Ada Quill."""
    body = f'"{words}" Ada Quill said.'
    store.write(Ingested(Article(source=source, body=body), Extraction(
        people=[Person("Ada Quill", mentions=[(len(words) + 3, len(words) + 12)])],
        quotes=[Quote(1, 1 + len(words), words, speaker="Ada Quill", confidence=0.9)])))


def test_quote_variants_share_a_statement(conn):
    s = Store(conn)
    _quoted(s, "v0.txt", "We are here to finish the work the council started, which is a pledge to rebuild every bridge.")
    _quoted(s, "v1.txt", "We're here to finish the work that the council started, a pledge to rebuild every single bridge.")
    rows = queries.quotes(conn)
    assert rows[0].statement_id == rows[1].statement_id
    assert rows[0].sources == 2


def test_a_variant_sharing_only_its_second_and_third_words_is_found(conn):
    """The look-up asks for two of the new quote's three most distinctive words: here the
    earlier report lacks the first ("rebuilding") and shares the other two."""
    from ingest.extract.variants import variant_tokens

    s = Store(conn)
    t1 = "Reconstruction of the harbour bridges must continue through the winter, the council insists."
    t2 = "Rebuilding of the harbour bridges must continue through the winter, the council insists."
    first, *rest = variant_tokens(t2)[:3]
    assert first not in t1.lower() and all(w in t1.lower() for w in rest)
    _quoted(s, "w0.txt", t1)
    _quoted(s, "w1.txt", t2)
    rows = queries.quotes(conn)
    assert len(rows) == 2 and rows[0].statement_id == rows[1].statement_id


def test_span_of():
    assert span_of("2024-02", "2024-02") == ("2024-02-01", "2024-02-29")
    assert span_of("2025", "2025") == ("2025-01-01", "2025-12-31")
    assert span_of("2025-06-24", "2025-06-25") == ("2025-06-24", "2025-06-25")


def test_undated_article_takes_its_storys_date(conn):
    s = Store(conn)
    s.write(_article(source="dated.txt", published="2024-03-06T10:00:00+00:00"))
    body = "Quill spoke again in Lisbon about the harbour."
    s.write(Ingested(Article(source="undated.txt", body=body, published=None), Extraction(
        people=[Person("Ada Quill", mentions=[(0, 5)])],
        countries=[CountryMention("PRT", body.index("Lisbon"), body.index("Lisbon") + 6, "Lisbon", "city")])))
    unrelated = "Grain prices fell in Oslo."
    s.write(Ingested(Article(source="other.txt", body=unrelated, published=None), Extraction(
        countries=[CountryMention("NOR", unrelated.index("Oslo"), unrelated.index("Oslo") + 4, "Oslo", "city")])))
    rows = {r.source: r for r in queries.articles(conn)}
    assert rows["undated.txt"].day == "2024-03-06" and rows["undated.txt"].date_inferred is True
    assert rows["other.txt"].day is None                  # no story to borrow from: stays undated
    assert rows["dated.txt"].date_inferred is False


def test_an_undated_article_takes_the_date_of_the_articles_reporting_its_statement(conn):
    s = Store(conn)
    words = "We will not raise taxes on working families while I am in this office."
    body = f'"{words}" Ada Quill said.'
    s.write(Ingested(Article(source="dated.txt", body=body, published="2005-02-14"), Extraction(
        quotes=[Quote(1, 1 + len(words), words, confidence=0.5)])))
    s.write(Ingested(Article(source="undated.txt", body="Earlier: " + body), Extraction(   # not a copy: more text
        quotes=[Quote(10, 10 + len(words), words, confidence=0.5)])))
    day, inferred = conn.execute("SELECT day, date_inferred FROM articles WHERE source = 'undated.txt'").fetchone()
    assert (day, inferred) == ("2005-02-14", 1)


def test_a_story_whose_days_disagree_leaves_an_undated_article_undated(conn):
    """Two people in common with articles years apart is no evidence of one day."""
    s = Store(conn)

    def art(source, published):
        body = f"Ada Quill and Ben Marsh spoke about the harbour ({source})."
        s.write(Ingested(Article(source=source, body=body, published=published), Extraction(
            people=[Person("Ada Quill", mentions=[(0, 9)]), Person("Ben Marsh", mentions=[(14, 23)])])))

    art("old.txt", "1998-05-01")
    art("new.txt", "2024-03-06")
    art("undated.txt", None)
    assert conn.execute("SELECT day FROM articles WHERE source = 'undated.txt'").fetchone()[0] is None
    art("newer.txt", "2024-03-09")
    art("undated2.txt", None)                             # now most of the story agrees
    assert conn.execute("SELECT day FROM articles WHERE source = 'undated2.txt'").fetchone()[0] == "2024-03-06"


def _dated(store: Store, source: str, sentence: str, day: str, published: str = "2005-02-14") -> None:
    """An article that is one dated sentence."""
    store.write(Ingested(Article(source=source, body=sentence, published=published), Extraction(
        events=[Event(0, len(sentence), sentence, day, "day")])))


def test_event_sources_count_the_articles_reporting_it_not_those_sharing_its_date(conn):
    s = Store(conn)
    # BBC business: one happening reported twice in other words, and another one that day
    _dated(s, "a.txt", "Yukos was sold at auction on 19 December to a little-known company, Baikal Finance Group.",
           "2004-12-19")
    _dated(s, "b.txt", "On 19 December Yukos was sold at an auction to the little-known Baikal Finance Group.",
           "2004-12-19")
    _dated(s, "c.txt", "The Football Association fined the club on 19 December for the misconduct of its players.",
           "2004-12-19")
    rows = {r.source: r for r in queries.timeline(conn)}
    assert rows["a.txt"].sources == rows["b.txt"].sources == 2
    assert rows["a.txt"].articles == rows["b.txt"].articles == sorted(
        [rows["a.txt"].article_id, rows["b.txt"].article_id])
    assert rows["c.txt"].sources == 1 and rows["c.txt"].articles == [rows["c.txt"].article_id]


def test_copies_under_other_names_are_one_article_and_one_source(conn):
    from db.store import Copy

    s = Store(conn)
    sentence = "Yukos was sold at auction on 19 December to a little-known company, Baikal Finance Group."
    _dated(s, "business/1.txt", sentence, "2004-12-19")
    res = s.write(Copy(Article(source="business/2.txt", body=sentence, published="2005-02-14")))  # byte-identical
    assert res.outcome == "duplicate"
    res = s.write(Copy(Article(source="business/3.txt", body=sentence.replace(" to a", "\n\nto  a"),
                               published="2005-02-14")))                      # whitespace aside
    assert res.outcome == "duplicate"
    assert [r.source for r in queries.articles(conn)] == ["business/1.txt"]
    [ev] = queries.timeline(conn)
    assert ev.sources == 1
    assert queries.article(conn, ev.article_id).locations == ["business/2.txt", "business/3.txt"]
    # a copy that changes becomes an article of its own
    res = s.write(Ingested(Article(source="business/2.txt", body=sentence + " Shares fell.", published="2005-02-14"),
                           Extraction()))
    assert res.outcome == "new"
    assert queries.article(conn, ev.article_id).locations == ["business/3.txt"]
    # a copy of a text that is not stored is refused, not stored without its extraction
    res = s.write(Copy(Article(source="business/4.txt", body="A text nobody stored.")))
    assert res.outcome == "failed" and "not stored" in res.error


def test_the_text_hash_ignores_whitespace_whatever_the_chunk_boundaries():
    import random

    from ingest.model import text_hash

    rnd = random.Random(7)
    for _ in range(500):
        body = "".join(rnd.choice("ab \n\t\u00a0") for _ in range(rnd.randint(0, 40)))
        spaced = " \n ".join(body.split(" "))                     # the same words, other whitespace
        whole = text_hash("T", body)
        chunk = rnd.randint(1, 9)                                 # runs of spaces across chunk edges
        assert text_hash("T", body, chunk=chunk) == whole == text_hash(" T ", spaced, chunk=chunk)


def test_the_text_hash_treats_every_unicode_space_as_a_space_as_stored_hashes_did():
    import sys

    from ingest.model import text_hash

    # the stored hashes collapsed what the regex \s matches: every character isspace() holds for
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert len(spaces) > 20 and "\u3000" in spaces and "\x1c" in spaces
    assert text_hash("T", "a" + "".join(spaces) + "b") == text_hash("T", "a b")
    assert text_hash("T", "a\u200bb") != text_hash("T", "a b")       # a zero-width space is no space

# ---- the countries summary (schema v2) -------------------------------------------------------
_PLACES = {"PRT": "Lisbon", "ESP": "Madrid", "FRA": "Paris", "ITA": "Rome"}


def _in_places(source: str, places: list[str], tail: str = "") -> Ingested:
    """An article naming each of ``places`` (ISO3 codes; a repeat is a second mention)."""
    body = "Talks moved between " + ", ".join(_PLACES[p] for p in places) + f" this week.{tail}"
    mentions, at = [], 0
    for p in places:
        i = body.index(_PLACES[p], at)
        mentions.append(CountryMention(p, i, i + len(_PLACES[p]), _PLACES[p], "city"))
        at = i + 1
    art = Article(source=source, body=body, title=f"Talks {source}", published="2024-05-02T08:00:00+00:00")
    return Ingested(art, Extraction(countries=mentions))


def _totals(conn) -> dict[str, tuple[int, int]]:
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT iso3, mentions, articles FROM country_totals")}


def _aggregate(conn) -> dict[str, tuple[int, int]]:
    return {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT iso3, sum(mentions), count(*) FROM article_countries GROUP BY iso3")}


def test_country_totals_stay_exact_through_rewrites_and_deletes(conn):
    store = Store(conn)
    store.write_batch([_in_places("a", ["PRT", "ESP", "PRT"]), _in_places("b", ["ESP"]),
                       _in_places("c", ["FRA", "ITA"])])
    assert _totals(conn) == _aggregate(conn) == {"PRT": (2, 1), "ESP": (2, 2), "FRA": (1, 1), "ITA": (1, 1)}
    # a changed article is deleted and written again, with other countries
    assert store.write(_in_places("a", ["ITA", "ITA", "ITA"], " Updated.")).outcome == "updated"
    assert _totals(conn) == _aggregate(conn)
    assert "PRT" not in _totals(conn)                         # no article left: no row (no zero count)
    store.delete_source("b")
    assert _totals(conn) == _aggregate(conn)
    # a delete by hand cascades through the foreign key and the trigger still sees it
    conn.execute("DELETE FROM articles WHERE source = 'c'")
    assert _totals(conn) == _aggregate(conn) == {"ITA": (3, 1)}
    conn.execute("UPDATE article_countries SET mentions = 5")
    assert _totals(conn) == _aggregate(conn) == {"ITA": (5, 1)}
    assert queries.counts(conn)["countries"] == 1


def test_countries_view_reads_the_summary_and_agrees_with_the_aggregate(conn):
    Store(conn).write_batch([_in_places(f"s{i}", ["PRT", "ESP"][: 1 + i % 2] + ["FRA"] * (i % 3))
                             for i in range(12)])
    for order in ("mentions", "articles", "name"):
        fast = queries.countries(conn, order=order)
        slow = queries.countries(conn, Filters(since="1900-01-01"), order=order)   # the aggregate path
        assert fast == slow and fast


def _v1_database(path) -> None:
    """A database as briefing's schema v1 left it, with a few rows written by hand."""
    from db import schema

    c = sqlite3.connect(path, isolation_level=None)
    c.execute("BEGIN")
    schema.MIGRATIONS[1](schema.NoCommit(c))
    c.execute("PRAGMA user_version = 1")
    c.execute("COMMIT")
    c.execute("INSERT INTO countries VALUES ('PRT', 'Portugal'), ('ESP', 'Spain')")
    for i, day in enumerate(["2024-01-02", None, "2023-05-06"], start=1):
        c.execute("INSERT INTO articles (id, source, title, day, body, content_hash, ingested_at)"
                  " VALUES (?, ?, 'T', ?, 'Some words here.', 'h', 'now')", (i, f"s{i}", day))
        c.execute("INSERT INTO article_countries VALUES (?, 'PRT', ?)", (i, i))
        c.execute("INSERT INTO quotes (article_id, text, start, \"end\") VALUES (?, 'Some words', 0, 10)", (i,))
    c.execute("INSERT INTO article_countries VALUES (3, 'ESP', 4)")
    c.close()


def test_v1_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    _v1_database(path)
    c = db.connect(path, create=False)
    assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _totals(c) == _aggregate(c) == {"PRT": (6, 3), "ESP": (4, 1)}
    names = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"articles_day_order", "quotes_article_start"} <= names and "quotes_article" not in names
    assert [q.day for q in queries.quotes(c, limit=10)] == ["2023-05-06", "2024-01-02", None]
    assert [r.iso3 for r in queries.countries(c)] == ["PRT", "ESP"]
    c.execute("DELETE FROM articles WHERE id = 3")
    assert _totals(c) == _aggregate(c) == {"PRT": (3, 2)}
    c.close()


def test_records_become_json_objects_in_field_order(conn):
    """The CLI's --json form of the records: objects with their fields in order, nested records
    too (json.dumps alone would write each record as a list)."""
    from db.rows import Article, ArticleRow, as_json

    assert Article._fields[:len(ArticleRow._fields)] == ArticleRow._fields     # a list row, then its details

    r = Store(conn).write(_article())
    a = queries.article(conn, r.article_id)
    j = as_json({"article": a, "quotes": queries.quotes(conn)})
    assert list(j["article"]) == list(Article._fields)
    assert j["article"]["quotes"][0]["speaker"] == "Ada Quill" and j["article"]["events"][0]["date"] == "2024-03-04"
    assert j["quotes"][0]["sources"] == 1 and j["quotes"][0]["articles"] == [r.article_id]


def _event_item(source: str, body: str, event: str, day: str) -> Ingested:
    return Ingested(Article(source=source, body=body, title="T", published=day),
                    Extraction(events=[Event(0, len(event), event, day, "day")]))


_HARBOUR = "On 4 March 2024 the harbour of Lisbon reopened to container ships"


def test_a_v12_database_gets_the_narrow_indexes_and_still_finds_copies_and_happenings(tmp_path):
    """v13 replaces the text-hash and event-wording indexes: what a v12 file holds is still found."""
    from ingest.extract.variants import quote_key
    from ingest.model import text_hash
    from tests.old_schema import at_version

    path = tmp_path / "v12.db"
    c = at_version(path, 12)
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at, text_hash)"
              " VALUES (1, 'old', 'T', 'The harbour reopened.', 'h', 'now', ?)",
              (text_hash("T", "The harbour reopened."),))
    c.execute("INSERT INTO events (id, article_id, text, start, \"end\", date, precision, span_start, span_end,"
              " happening_id, wording_key) VALUES (7, 1, ?, 0, 1, '2024-03-04', 'day', '2024-03-04', '2024-03-04',"
              " 7, ?)", (_HARBOUR, quote_key(_HARBOUR)))
    c.close()
    c = db.connect(path, create=False)
    indexes = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"events_date_wording", "articles_text_prefix"} <= indexes
    assert not {"events_wording", "articles_text_hash"} & indexes
    store = Store(c)
    assert store.has_text(text_hash("T", "  The harbour   reopened. "))
    copy = store.write(Ingested(Article(source="copy", body="The harbour  reopened.", title="T"), Extraction()))
    assert (copy.outcome, copy.article_id) == ("duplicate", 1)
    again = store.write(_event_item("new", "Other words.", _HARBOUR, "2024-03-04"))
    assert c.execute("SELECT happening_id FROM events WHERE article_id = ?", (again.article_id,)).fetchone()[0] == 7
    c.close()


def test_the_text_and_wording_look_ups_read_their_indexes(conn):
    """The text hash's index holds a prefix: a look-up that also compares the full hash must
    still search it (SQLite would put the hash's value into the indexed expression and scan);
    the exact happening look-up searches the date-led wording index."""
    store = Store(conn)
    store.write(_event_item("a", "The harbour reopened.", _HARBOUR, "2024-03-04"))
    stored = conn.execute("SELECT text_hash FROM articles").fetchone()[0]
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    assert store.has_text(stored)
    store.write(Ingested(Article(source="copy", body="The harbour  reopened.", title="T"), Extraction()))
    store.write(_event_item("b", "Other words.", _HARBOUR, "2024-03-04"))
    conn.set_trace_callback(None)
    looked = [sql for sql in seen if sql.startswith("SELECT") and ("text_hash" in sql or "happening_id FROM events" in sql)]
    assert len(looked) >= 3
    for sql in looked:
        lines = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert any(ln.startswith("SEARCH") and ("articles_text_prefix" in ln or "events_date_wording" in ln)
                   for ln in lines), (sql, lines)


def test_a_dossier_lists_a_figure_once_with_the_articles_that_report_it(conn):
    """The same figure from three articles is one row of the dossier, three sources; another
    figure stays its own row."""
    s = Store(conn)

    def report(source: str, words: str, value: float) -> None:
        body = f"Lisbon: the port costs {words}, the ministry said."
        s.write(Ingested(Article(source=source, body=body, title=source), Extraction(
            countries=[CountryMention("PRT", 0, 6, "Lisbon", "city")],
            figures=[Figure(start=body.index(words), end=body.index(words) + len(words), text=words, kind="money",
                            value=value, unit="EUR", iso3="PRT", year=2024)])))
    for n in range(3):
        report(f"r{n}.txt", "EUR 1bn", 1e9)
    report("o.txt", "EUR 2bn", 2e9)
    d = queries.country_dossier(conn, "PRT")
    assert sorted((f.value, f.sources) for f in d.figures) == [(1e9, 3), (2e9, 1)]
    assert next(f for f in d.figures if f.value == 1e9).source == "r0.txt"      # the first report's passage
