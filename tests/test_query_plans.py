"""The reads stay fast and the writes stay constant as the database grows.

No clocks here. Two kinds of evidence instead:

* EXPLAIN QUERY PLAN of every statement the timeline, quotes and articles views run under a
  date, country or person filter: the big tables are reached through an index (or their
  primary key), never by a full scan, and the filter's own table is searched by its index.
* work per article written: SQL statements (trace callback) and SQLite VM instructions
  (progress handler) per article are the same in a small and a ten times larger database.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import pytest

import db
from db import queries
from db.queries import Filters
from db.store import Store
from ingest.model import Article, CountryMention, Event, Extraction, Ingested, Person, Quote

# invented people and places: combinations give as many distinct names as a test needs
_GIVEN = ["Aurelio", "Benedikte", "Casimir", "Dagny", "Evander", "Filippa", "Gunnar", "Hortensia",
          "Ignatius", "Jolanda", "Kasimir", "Leocadia", "Matthias", "Noemi", "Octavian", "Petronella"]
_FAMILY = ["Brandvold", "Castellane", "Drummore", "Eskeland", "Fairweather", "Grimaldo", "Holmquist",
           "Iversby", "Jablonski", "Kettering", "Lindahl", "Moravec", "Nordhagen", "Ostrander",
           "Pellegrin", "Quarles", "Rydberg", "Sandoval", "Thorsby", "Underhill"]
_COUNTRIES = [("NOR", "Norway"), ("CHL", "Chile"), ("POL", "Poland"), ("MLI", "Mali"), ("JPN", "Japan"),
              ("PER", "Peru"), ("KEN", "Kenya"), ("FIN", "Finland"), ("GHA", "Ghana"), ("URY", "Uruguay")]
_WORDS = ["harvest", "tariff", "pipeline", "reservoir", "bond", "quota", "refinery", "subsidy", "ferry", "census"]
# quotes mix a few everyday words with words of their own, as real ones do
_COMMON = ["government", "economy", "agreement", "production", "increase", "growth", "market", "prices",
           "interest", "budget", "workers", "exports"]
_SYLLABLES = ["ka", "lo", "mire", "sul", "dane", "vo", "tren", "pa", "gis", "ro", "bel", "dun", "fa", "wex"]


def _rare_word(j: int) -> str:
    """A made-up word of its own for each j (1,000s of distinct ones)."""
    n = len(_SYLLABLES)
    return _SYLLABLES[j % n] + _SYLLABLES[(j // n) % n] + _SYLLABLES[(j // n // n) % n] + "t"


def _quote_text(i: int) -> str:
    common = [_COMMON[(i * 5 + k * 7) % len(_COMMON)] for k in range(2)]
    rare = [_rare_word(i * 4 + k) for k in range(4)]
    return f"The {common[0]} and the {rare[0]} {rare[1]} must go to {rare[2]}, as the {common[1]} says of {rare[3]} ({i})"


def _name(i: int) -> str:
    return f"{_GIVEN[i % len(_GIVEN)]} {_FAMILY[(i // len(_GIVEN)) % len(_FAMILY)]}"


def make_item(i: int, person_no: int | None = None, country_no: int | None = None) -> Ingested:
    """One invented article with a person, a quote, a country and a dated event, offsets exact."""
    name = _name(i if person_no is None else person_no)
    iso3, country = _COUNTRIES[(i if country_no is None else country_no) % len(_COUNTRIES)]
    word = _WORDS[i % len(_WORDS)]
    year, month, day = 2015 + (i * 7) % 10, 1 + i % 12, 1 + i % 28
    date = f"{year}-{month:02d}-{day:02d}"
    quoted = _quote_text(i)
    lead = f"{country} approved a new {word} on {date}, officials said."
    body = f'{lead}\n\n"{quoted}," {name} said on Monday.\n\nStory {i} ends here.'
    q0 = body.index(quoted)
    n0 = body.index(name)
    c0 = body.index(country)
    x = Extraction(
        people=[Person(name=name, role="minister", aliases=[name.split()[-1]], mentions=[(n0, n0 + len(name))])],
        countries=[CountryMention(iso3=iso3, start=c0, end=c0 + len(country), surface=country)],
        quotes=[Quote(start=q0, end=q0 + len(quoted), text=quoted, speaker=name, role="minister",
                      confidence=0.9, speaker_start=n0, speaker_end=n0 + len(name), cue="said",
                      countries=[iso3])],
        events=[Event(start=0, end=len(lead), text=lead, date=date, precision="day", countries=[iso3],
                      people=[name])],
    )
    art = Article(source=f"test://plans/{i}", body=body, title=f"{country} {word} story {i}",
                  published=f"{date}T09:00:00+00:00", format="text")
    return Ingested(art, x)


def fill(conn: sqlite3.Connection, start: int, n: int, batch: int = 100) -> None:
    store = Store(conn)
    for s in range(start, start + n, batch):
        results = store.write_batch([make_item(i) for i in range(s, min(start + n, s + batch))])
        assert all(r.outcome == "new" for r in results), [r.error for r in results if r.error]


@pytest.fixture(scope="module")
def plan_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    conn = db.connect(path)
    fill(conn, 0, 400)
    yield conn
    conn.close()


# ---- capturing what a view runs -------------------------------------------------------------
@dataclass
class Recorder:
    """Stands in for the connection and records every statement with its parameters."""
    conn: sqlite3.Connection
    calls: list[tuple[str, Any]] = field(default_factory=list)

    def execute(self, sql: str, params: Any = ()):
        self.calls.append((sql, params))
        return self.conn.execute(sql, params)

    def __getattr__(self, name: str):
        return getattr(self.conn, name)


def plan(conn: sqlite3.Connection, sql: str, params: Any) -> list[str]:
    return [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()]


# tables that grow with the corpus, and the aliases the queries give them
_BIG = {"articles", "events", "quotes", "a", "e", "q", "article_countries", "article_people", "event_countries",
        "event_people", "quote_countries", "person_mentions", "country_mentions", "ac", "ap", "ec", "ep", "qc",
        "pm", "cm", "q2", "e2"}
_FULL_SCAN = re.compile(r"^SCAN (\w+)(?! USING)")


def full_scans(lines: list[str]) -> list[str]:
    return [ln for ln in lines if (m := _FULL_SCAN.match(ln)) and m.group(1) in _BIG]


def index_scans(lines: list[str]) -> list[str]:
    """`SCAN x USING [COVERING] INDEX`: reads every entry of an index, which is a full scan too."""
    return [ln for ln in lines if re.match(r"^SCAN (\w+) USING (COVERING )?INDEX", ln)
            and ln.split()[1] in _BIG]


def run_view(conn, view: str, f: Filters) -> list[tuple[str, Any]]:
    rec = Recorder(conn)
    if view == "timeline":
        queries.timeline(rec, f, limit=100)
        queries.count_timeline(rec, f)
    elif view == "undated":                         # the app's timeline ends with its undated articles
        queries.undated_articles(rec, f, limit=100)
        queries.count_undated(rec, f)
    elif view == "quotes":
        queries.quotes(rec, f, limit=100)
        queries.count_quotes(rec, f)
    else:
        queries.articles(rec, f, limit=100)
        queries.count_articles(rec, f)
    return rec.calls


FILTERS = {
    "since": Filters(since="2021-01-01"),
    "until": Filters(until="2016-06-30"),
    "range": Filters(since="2018-01-01", until="2018-12-31"),
    "country": Filters(country="MLI"),
    "person": Filters(person=_name(5)),
    "country+range": Filters(country="JPN", since="2017-01-01", until="2019-12-31"),
}
VIEWS = ("timeline", "quotes", "articles")


@pytest.mark.parametrize("view,fname", [(v, f) for v in (*VIEWS, "undated") for f in FILTERS])
def test_no_full_table_scan(plan_db, view, fname):
    """No statement of a filtered view reads a whole growing table row by row."""
    calls = run_view(plan_db, view, FILTERS[fname])
    assert calls
    for sql, params in calls:
        scans = full_scans(plan(plan_db, sql, params))
        assert not scans, f"{view} with {fname} filter scans a whole table: {scans}\n{sql}"


# Selective filters must drive the query from their own index: a country or a person names a
# small slice, and reading every row of a 200k view (even in index order) to find it is O(N).
_DRIVEN = {
    ("timeline", "country"): "event_countries_iso3",
    ("timeline", "person"): "event_people_person",
    ("quotes", "country"): "quote_countries_iso3",
    ("quotes", "person"): "quotes_speaker",
    ("articles", "country"): "article_countries_iso3",
    ("articles", "person"): "article_people_person",
    ("undated", "country"): "article_countries_iso3",
    ("undated", "person"): "article_people_person",
}


@pytest.mark.parametrize("view,fname", sorted(_DRIVEN))
def test_selective_filter_uses_its_index(plan_db, view, fname):
    calls = run_view(plan_db, view, FILTERS[fname])
    # name lookups and the per-date source counts (keyed by rows already fetched) are not the view's scan
    main = [(s, p) for s, p in calls if "person_aliases" not in s and "FROM people" not in s.split("\n")[0]
            and "/* sources */" not in s]
    index = _DRIVEN[(view, fname)]
    for sql, params in main:
        lines = plan(plan_db, sql, params)
        assert any(index in ln and ln.startswith("SEARCH") for ln in lines), (
            f"{view} with a {fname} filter does not search {index}:\n" + "\n".join(lines) + f"\n{sql}")
        assert not index_scans(lines), f"{view} with {fname} reads a whole index: {index_scans(lines)}"


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("fname", ["until", "range"])
def test_date_filter_seeks_the_date_index(plan_db, view, fname):
    """A date range is a range seek on the date index, not a walk through all of it."""
    calls = run_view(plan_db, view, FILTERS[fname])
    index = {"timeline": "events_span", "quotes": "articles_day", "articles": "articles_day"}[view]
    for sql, params in calls:
        if "/* sources */" in sql:
            continue
        lines = plan(plan_db, sql, params)
        assert any(ln.startswith("SEARCH") and index in ln and ("<" in ln or ">" in ln) for ln in lines), (
            f"{view} with {fname} does not seek {index}:\n" + "\n".join(lines) + f"\n{sql}")


# ---- constant work per article written --------------------------------------------------------
class WorkMeter:
    """Statements (trace callback) and VM instructions (progress handler) on one connection."""

    STEP = 50

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.statements, self.steps = conn, 0, 0

    def __enter__(self):
        def trace(sql: str) -> None:
            # FTS5's own reads of its segments are not ours: their number follows the index's
            # segment count, which automerge keeps logarithmic (the VM steps below cover them)
            if sql.startswith("-- ") and "_fts_" in sql:
                return
            self.statements += 1

        def tick() -> int:
            self.steps += self.STEP
            return 0

        self.conn.set_trace_callback(trace)
        self.conn.set_progress_handler(tick, self.STEP)
        return self

    def __exit__(self, *exc):
        self.conn.set_trace_callback(None)
        self.conn.set_progress_handler(None, 0)


def work_per_article(tmp_path, prior: int, new: int = 40) -> tuple[float, float]:
    """Write ``new`` articles (new people, known countries) after ``prior`` ones."""
    conn = db.connect(tmp_path / f"work-{prior}.db")
    try:
        fill(conn, 0, prior)
        # fresh people (numbers beyond any prior article), the same shape of article
        items = [make_item(10_000 + i, person_no=100 + i) for i in range(new)]
        store = Store(conn)
        with WorkMeter(conn) as m:
            results = store.write_batch(items)
        assert all(r.outcome == "new" for r in results), [r.error for r in results if r.error]
        return m.statements / new, m.steps / new
    finally:
        conn.close()


def test_statements_per_article_do_not_grow(tmp_path):
    small_stmts, small_steps = work_per_article(tmp_path, prior=100)
    big_stmts, big_steps = work_per_article(tmp_path, prior=1000)
    assert big_stmts <= small_stmts * 1.1 + 1, (small_stmts, big_stmts)
    # ten times the data may cost deeper B-trees, never ten times the instructions
    assert big_steps <= small_steps * 1.5, (small_steps, big_steps)


def _undated(i: int) -> Ingested:
    """An article with no date, naming the same person as every other one (issue 21, item 5)."""
    item = make_item(i, person_no=7, country_no=3)
    item.article.published = None
    item.extraction.events = []
    return item


def undated_work_per_article(tmp_path, prior: int, new: int = 40) -> float:
    conn = db.connect(tmp_path / f"undated-{prior}.db")
    try:
        store = Store(conn)
        fill(conn, 0, 20)                               # a few dated ones
        for s in range(0, prior, 200):
            store.write_batch([_undated(1000 + i) for i in range(s, min(prior, s + 200))])
        with WorkMeter(conn) as m:
            results = store.write_batch([_undated(50_000 + i) for i in range(new)])
        assert all(r.outcome == "new" for r in results), [r.error for r in results if r.error]
        return m.steps / new
    finally:
        conn.close()


def test_dating_an_undated_article_by_its_story_does_not_grow_with_the_corpus(tmp_path):
    """Every undated article names one person: the look-ups read a bounded number of rows."""
    small = undated_work_per_article(tmp_path, prior=100)
    big = undated_work_per_article(tmp_path, prior=1500)
    assert big <= small * 1.5, (small, big)


def test_rewriting_an_unchanged_article_is_cheap(tmp_path):
    """Re-ingesting a known article costs a lookup, not a rewrite."""
    conn = db.connect(tmp_path / "again.db")
    try:
        fill(conn, 0, 50)
        store = Store(conn)
        with WorkMeter(conn) as m:
            results = store.write_batch([make_item(i) for i in range(10)])
        assert {r.outcome for r in results} == {"unchanged"}
        assert m.statements / 10 <= 4, m.statements
    finally:
        conn.close()


# ---- paging: a page costs the same wherever it is ----------------------------------------------
_PAGED = {
    "timeline": (queries.timeline, queries.count_timeline),
    "quotes": (queries.quotes, queries.count_quotes),
    "articles": (queries.articles, queries.count_articles),
}


@pytest.mark.parametrize("view", sorted(_PAGED))
@pytest.mark.parametrize("fname", ["none", "country", "range"])
def test_pages_read_from_either_end_are_the_same_rows(plan_db, view, fname):
    """With ``total`` given, far pages are read in reverse order: the rows must not change."""
    fetch, count = _PAGED[view]
    f = Filters() if fname == "none" else FILTERS[fname]
    total = count(plan_db, f)
    everything = [r.id for r in fetch(plan_db, f)]
    assert len(everything) == total and total > 7
    for offset in range(0, total + 7, 7):               # pages of 7: the last one is short
        forward = [r.id for r in fetch(plan_db, f, limit=7, offset=offset)]
        either = [r.id for r in fetch(plan_db, f, limit=7, offset=offset, total=total)]
        assert forward == either == everything[offset:offset + 7], (view, fname, offset)


def _steps(conn, fn) -> int:
    with WorkMeter(conn) as m:
        fn()
    return m.steps


@pytest.mark.parametrize("view", sorted(_PAGED))
def test_last_page_costs_what_the_first_costs(plan_db, view):
    """G (jump to the end) must not walk every row before the last page (OFFSET would)."""
    fetch, count = _PAGED[view]
    total = count(plan_db, Filters())
    first = _steps(plan_db, lambda: fetch(plan_db, Filters(), limit=20, offset=0, total=total))
    last = _steps(plan_db, lambda: fetch(plan_db, Filters(), limit=20, offset=total - 20, total=total))
    walked = _steps(plan_db, lambda: fetch(plan_db, Filters(), limit=20, offset=total - 20))
    assert last <= first * 1.5 + 500, (first, last)
    assert walked > last, (walked, last)        # the meter does see the OFFSET walk


@pytest.mark.parametrize("view", ["timeline", "quotes", "articles"])
def test_unfiltered_page_is_read_in_index_order(plan_db, view):
    """No filter: the page's ids come from an index in view order, with no sort of every row."""
    fetch, _ = _PAGED[view]
    rec = Recorder(plan_db)
    fetch(rec, Filters(), limit=100, offset=0)
    main = [(s, p) for s, p in rec.calls if "/* sources */" not in s]
    assert len(main) == 1
    sql, params = main[0]
    inner = sql[sql.index("IN (SELECT") + 4: sql.rindex(")")]
    lines = plan(plan_db, inner, params)
    assert not any("TEMP B-TREE" in ln for ln in lines), "\n".join(lines)
    assert all("COVERING INDEX" in ln for ln in lines if ln.startswith(("SCAN", "SEARCH"))), "\n".join(lines)


def test_event_sources_are_counted_once_per_happening(plan_db):
    """A page of events counts each happening's reports once, from the happening index."""
    rec = Recorder(plan_db)
    rows = queries.timeline(rec, Filters(), limit=100)
    counts = [(s, p) for s, p in rec.calls if "/* sources */" in s]
    assert len(counts) == len({r.happening_id for r in rows})
    for sql, params in counts:
        assert any("COVERING INDEX events_happening" in ln for ln in plan(plan_db, sql, params))
    for r in rows[:5]:
        n = plan_db.execute("SELECT count(DISTINCT article_id) FROM events WHERE happening_id = ?",
                            (r.happening_id,)).fetchone()[0]
        assert r.sources == n == len(r.articles)