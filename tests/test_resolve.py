"""Entity resolution (db/resolve.py) against a store of hand-made articles: people merged,
statements and happenings linked, undated articles dated by their story."""
from __future__ import annotations

from datetime import date

import pytest

from db.resolve import PersonMatch, Resolver, content_words, median_day
from db.store import Store
from ingest.extract.variants import quote_key
from ingest.model import Article, Event, Extraction, Ingested, Person, Quote


def _item(source: str, body: str, published: str | None = "2024-03-06", *, people=(), quotes=(), events=(),
          countries=()) -> Ingested:
    from ingest.model import CountryMention

    x = Extraction(people=[Person(n, None, list(aliases), [(0, 1)]) for n, aliases in people],
                   quotes=[Quote(0, len(t), t, speaker=s, confidence=0.9 if s else 0.0) for t, s in quotes],
                   events=[Event(0, len(t), t, d, p) for t, d, p in events],
                   countries=[CountryMention(c, 0, 1, c) for c in countries])
    return Ingested(Article(source=source, body=body, title=source, published=published), x)


@pytest.fixture
def store(conn) -> Store:
    return Store(conn)


def test_content_words_are_the_longer_words_lower_cased():
    assert content_words("The Port of Lisbon reopened, at last.") == {"port", "lisbon", "reopened,", "last."}


def test_median_day_needs_most_days_near_it():
    d = date.fromisoformat
    assert median_day([d("2024-03-01"), d("2024-03-05"), d("2024-03-20")]) == "2024-03-05"
    assert median_day([d("2021-01-01"), d("2022-06-01"), d("2024-03-05")]) is None
    assert median_day([]) is None


def test_a_full_name_and_its_alias_name_one_person(store, conn):
    store.write_batch([_item("a", "x", people=[("Ada Quill", ["Quill"])])])
    r = Resolver(conn)
    pid = conn.execute("SELECT id FROM people").fetchone()[0]
    assert r.person("Ada Quill") == PersonMatch(pid, "known")
    assert r.person("Quill") == PersonMatch(pid, "known")
    assert r.name_of(pid) == "Ada Quill"


def test_a_misspelt_name_is_merged_and_a_fuller_one_becomes_canonical(store, conn):
    store.write_batch([_item("a", "x", people=[("Quillington", [])])])
    pid = conn.execute("SELECT id FROM people").fetchone()[0]
    r = Resolver(conn)
    typo = r.person("Quilington")
    assert (typo.id, typo.how, typo.rename) == (pid, "merged", False) and "quilington" in typo.keys
    fuller = r.person("Ada Quillington")
    assert (fuller.id, fuller.how, fuller.rename) == (pid, "merged", True)
    assert r.name_of(pid) == "Ada Quillington"


def test_a_bare_surname_shared_with_another_person_takes_no_full_name(store, conn):
    # Ada and Ben Quill stored, then "Mr Quill" alone: he may be either, so he stays a bare
    # Quill, and a later "Tom Quill" is a person of his own, not that bare Quill renamed
    store.write_batch([_item("a", "x", people=[("Ada Quill", ["Quill"]), ("Ben Quill", ["Quill"])])])
    store.write_batch([_item("b", "y", people=[("Quill", [])])])
    assert "Quill" in {r[0] for r in conn.execute("SELECT name FROM people")}
    store.write_batch([_item("c", "z", people=[("Tom Quill", [])])])
    names = {r[0] for r in conn.execute("SELECT name FROM people")}
    assert names == {"Ada Quill", "Ben Quill", "Quill", "Tom Quill"}
    # with nobody else of that surname, a bare name still becomes the full one
    store.write_batch([_item("d", "w", people=[("Pieterszoon", [])])])
    store.write_batch([_item("e", "v", people=[("Jan Pieterszoon", [])])])
    names = {r[0] for r in conn.execute("SELECT name FROM people")}
    assert "Jan Pieterszoon" in names and "Pieterszoon" not in names


@pytest.mark.parametrize("stored, seen", [
    ("Ada Quillington", "Ada Quilingtom"),      # two edits, six letters or more: a full name each
    ("Ada Quillington", "Ada Qillington"),      # a letter dropped just after the first
    ("Pieter Marten", "Pieter Mart"),           # a truncation, the same first name
    ("Quillington", "Quilington"),              # one edit between two bare surnames
    ("Ada Quill", "Quill"),                     # a bare surname is its full name's exactly
])
def test_the_name_keys_find_every_name_the_resolver_merges(store, conn, stored, seen):
    store.write_batch([_item("a", "x", people=[(stored, [])])])
    pid = conn.execute("SELECT id FROM people").fetchone()[0]
    assert Resolver(conn).person(seen).id == pid


def test_a_bare_surname_keys_only_its_one_letter_deletions_after_the_first():
    from ingest.extract.people import name_keys

    assert name_keys("Quill") == {"quill", "qill", "qull", "quil"}
    assert "uill" not in name_keys("Ada Quill") and {"qui", "quil"} <= name_keys("Ada Quill")


def test_a_name_two_people_share_equally_is_nobody_yet(store, conn):
    store.write_batch([_item("a", "x", people=[("Ada Quill", []), ("Bea Quill", [])])])
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 2
    match = Resolver(conn).person("Quill")
    assert match.id is None and match.how == "new" and match.keys


def test_a_learnt_full_name_is_found_without_asking_the_database(conn):
    r = Resolver(conn)
    r.learn_person(7, "Ada Quill", ["Ada Quill", "Quill"])
    assert r.person("ada quill") == PersonMatch(7, "known") and r.name_of(7) == "Ada Quill"
    assert r.person("Quill").how == "new"          # a surname is never cached
    r.forget()
    assert r.person("Ada Quill").how == "new"


_WORDS = "We will rebuild the harbour before the winter storms arrive"


def test_the_same_words_in_another_article_are_the_same_statement(store, conn):
    store.write_batch([_item("a", "x", quotes=[(_WORDS, "Ada Quill")], people=[("Ada Quill", [])])])
    stmt, pid = conn.execute("SELECT statement_id, speaker_id FROM quotes").fetchone()
    r = Resolver(conn)
    assert r.statement_for(_WORDS + ".", quote_key(_WORDS + "."), 99, pid) == stmt
    reworded = "We will rebuild the harbour before winter storms arrive, she said"
    assert r.statement_for(reworded, quote_key(reworded), 99, None) == stmt
    assert r.statement_for(_WORDS, quote_key(_WORDS), 99, pid + 1) is None     # another speaker
    assert r.statement_for(_WORDS, None, 99, pid) is None                    # a partial quote
    assert r.statement_for("Nothing like it was ever said here", quote_key("Nothing like it"), 99, None) is None


_EVENT = "On 4 March 2024 the harbour of Lisbon reopened to container ships"


def test_an_event_reported_again_with_its_date_is_one_happening(store, conn):
    store.write_batch([_item("a", "x", events=[(_EVENT, "2024-03-04", "day")])])
    eid = conn.execute("SELECT id FROM events").fetchone()[0]
    r = Resolver(conn)
    assert r.happening_for(_EVENT, quote_key(_EVENT), "2024-03-04", "day", 99) == eid
    reworded = "On 4 March 2024 the harbour of Lisbon reopened to the container ships again"
    assert r.happening_for(reworded, quote_key(reworded), "2024-03-04", "day", 99) == eid
    assert r.happening_for(_EVENT, quote_key(_EVENT), "2024-03-05", "day", 99) is None    # another day
    assert r.happening_for("It reopened 4 March.", quote_key("It reopened 4 March."), "2024-03-04", "day", 99) is None


def test_a_reworded_event_dated_only_by_its_year_is_not_linked(store, conn):
    text = "In 2024 the harbour of Lisbon reopened to container ships"
    store.write_batch([_item("a", "x", events=[(text, "2024", "year")])])
    eid = conn.execute("SELECT id FROM events").fetchone()[0]
    r = Resolver(conn)
    assert r.happening_for(text, quote_key(text), "2024", "year", 99) == eid
    reworded = "In 2024 the harbour of Lisbon reopened to the container ships again"
    assert r.happening_for(reworded, quote_key(reworded), "2024", "year", 99) is None


def test_the_very_words_with_their_date_in_a_later_batch_are_one_happening(store, conn):
    """A year's event links only by its very words and date: the batch's look-up of which
    (date, words) are stored must find those an earlier batch wrote."""
    text = "In 2024 the harbour of Lisbon reopened to container ships"
    store.write_batch([_item("a", "x", events=[(text, "2024", "year")])])
    store.write_batch([_item("b", "x", events=[(text, "2024", "year")]), _item("c", "x", events=[(text, "2025", "year")])])
    rows = conn.execute("SELECT a.source, e.id, e.happening_id FROM events e JOIN articles a ON a.id = e.article_id"
                        " ORDER BY a.source").fetchall()
    (_, first, _), (_, _, b), (_, c_id, c) = rows
    assert b == first and c == c_id


def test_an_undated_article_takes_the_day_of_its_story(store, conn):
    people = [("Ada Quill", []), ("Bea Rowe", [])]
    store.write_batch([_item(f"d{i}", "x", f"2024-03-0{i}", people=people) for i in (1, 2, 3)]
                      + [_item("far", "x", "2019-01-01", people=[("Ada Quill", [])])])
    ids = {name: pid for pid, name in conn.execute("SELECT id, name FROM people")}
    r = Resolver(conn)
    both = [(ids["Ada Quill"], 2), (ids["Bea Rowe"], 1)]
    assert r.story_day(99, both, []) == "2024-03-02"
    assert r.story_day(99, [(ids["Ada Quill"], 1)], []) is None       # one shared person, no country
    assert r.story_day(99, [], []) is None


def test_a_statement_reported_before_dates_its_story(store, conn):
    store.write_batch([_item("a", "x", "2024-05-10", quotes=[(_WORDS, None)])])
    stmt = conn.execute("SELECT statement_id FROM quotes").fetchone()[0]
    assert Resolver(conn).story_day(99, [], [stmt]) == "2024-05-10"


def test_within_one_batch_later_articles_find_what_earlier_ones_wrote(store, conn):
    """The batch's look-ups are answered from what was stored before it and what it wrote
    since: the same words are one statement, a reworded event on a date already read is one
    happening."""
    reworded = "On 4 March 2024 the harbour of Lisbon reopened to the container ships again"
    other = "On 4 March 2024 the city council of Porto approved its new budget"
    store.write_batch([
        _item("c", "x", events=[(other, "2024-03-04", "day")]),      # reads the date's events first
        _item("a", "x", events=[(_EVENT, "2024-03-04", "day")], quotes=[(_WORDS, None)]),
        _item("b", "x", events=[(reworded, "2024-03-04", "day")], quotes=[(_WORDS + ".", None)]),
    ])
    happenings = dict(conn.execute("SELECT text, happening_id FROM events").fetchall())
    assert happenings[reworded] == happenings[_EVENT] != happenings[other]
    assert conn.execute("SELECT count(DISTINCT statement_id) FROM quotes").fetchone()[0] == 1


def test_a_batch_that_replaces_an_article_reads_the_dates_events_again(store, conn):
    store.write_batch([_item("a", "x", events=[(_EVENT, "2024-03-04", "day")])])
    reworded = "On 4 March 2024 the harbour of Lisbon reopened to the container ships again"
    store.write_batch([_item("b", "x", events=[("On 4 March 2024 a long storm closed every road in Faro", "2024-03-04", "day")]),
                       _item("a", "changed", events=[("On 4 March 2024 the new ferry to Madeira began to sail", "2024-03-04", "day")]),
                       _item("c", "x", events=[(reworded, "2024-03-04", "day")])])
    happenings = {t: (e, h) for t, e, h in conn.execute("SELECT text, id, happening_id FROM events")}
    assert _EVENT not in happenings                          # replaced: c has nothing to join
    assert happenings[reworded][0] == happenings[reworded][1]


def test_an_alias_written_earlier_in_the_batch_names_its_person(store, conn):
    store.write_batch([_item("a", "x", people=[("Ada Quill", ["Minister"])]),
                       _item("b", "x", people=[("MINISTER", [])])])
    assert [tuple(r) for r in conn.execute("SELECT name FROM people")] == [("Ada Quill",)]
    assert conn.execute("SELECT count(DISTINCT person_id) FROM article_people").fetchone()[0] == 1


def test_the_writer_takes_the_wording_keys_an_item_brings_and_computes_those_missing(store, conn):
    quoted = "The harbour will stay open to every ship all winter"
    given = _item("a", "x", quotes=[(quoted, None)], events=[(_EVENT, "2024-03-04", "day")])
    given.wordings = {quoted: "key-from-the-worker"}            # the event's is missing
    store.write_batch([given])
    assert conn.execute("SELECT wording_key FROM quotes").fetchone()[0] == "key-from-the-worker"
    assert conn.execute("SELECT wording_key FROM events").fetchone()[0] == quote_key(_EVENT)


def _statements_asked(conn, sql_part: str) -> list[str]:
    """Start recording the statements run on ``conn`` that contain ``sql_part``."""
    seen: list[str] = []
    conn.set_trace_callback(lambda s: seen.append(s) if sql_part in s else None)
    return seen


def test_a_short_quote_is_never_searched_for_reworded_variants(store, conn):
    """Fewer than four content words: only the very same words are the same statement, and
    those are found by their wording key, so the full-text search is not run; a longer
    quote's is."""
    short, longer = "Tariffs hurt farmers", _WORDS
    store.write_batch([_item("a", "x", quotes=[(short, "Ada Quill"), (longer, "Ada Quill")])])
    asked = _statements_asked(conn, "quotes_fts MATCH")
    store.write_batch([_item("b", "x", quotes=[("Tariffs hurt the farmers", None), (short, "Bea Rowe")])])
    assert asked == []
    store.write_batch([_item("c", "x", quotes=[("We shall rebuild the harbour before the winter storms arrive", None)])])
    conn.set_trace_callback(None)
    assert len(asked) == 1
    stmts = {(t, s): st for t, s, st in conn.execute("SELECT text, speaker_text, statement_id FROM quotes")}
    assert stmts["We shall rebuild the harbour before the winter storms arrive", None] == stmts[longer, "Ada Quill"]
    assert len({stmts["Tariffs hurt the farmers", None], stmts[short, "Bea Rowe"], stmts[short, "Ada Quill"]}) == 3


def test_a_short_quote_is_a_variant_only_of_its_very_words():
    """What lets the store skip the full-text search for a short quote (above)."""
    from ingest.extract.variants import VARIANT_THRESHOLD, only_exact_variants, variant_similarity

    short = "Tariffs hurt farmers"
    others = ["Tariffs hurt farmers!", "TARIFFS hurt farmers", "Tariffs hurt the farmers",
              "Tariffs hurt farmers and ranchers across the plains", "Farmers hurt tariffs", _WORDS]
    assert only_exact_variants(short) and not only_exact_variants(_WORDS)
    for other in others:
        linked = variant_similarity(short, other) >= VARIANT_THRESHOLD
        assert linked == (quote_key(other) == quote_key(short)), other
    assert variant_similarity(short, "Tariffs hurt farmers!") == 1.0
