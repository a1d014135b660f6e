"""Search pages, ranked in two steps, give what ranking every hit in one pass gives.

The corpus is made up here: articles, quotes and events whose words repeat with different
frequencies and lengths, so bm25 spreads them out (and also gives ties, which must fall in a
fixed order).
"""
from __future__ import annotations

import random

import pytest

import db
from db import queries
from db.queries import Filters
from db.store import Store
from ingest.model import Article, CountryMention, Event, Extraction, Ingested, Quote

_WORDS = ["harvest", "tariff", "pipeline", "reservoir", "quota", "refinery", "subsidy", "ferry", "census",
          "orchard", "granary", "viaduct", "lantern", "meadow", "quarry"]
_FILLER = ["the", "a", "of", "and", "to", "in", "was", "on", "with", "for"]
_PLACES = [("NOR", "Norway"), ("CHL", "Chile"), ("KEN", "Kenya")]


def _sentence(rng: random.Random) -> str:
    n = rng.randint(4, 18)
    words = [rng.choice(_WORDS) if rng.random() < 0.35 else rng.choice(_FILLER) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _item(i: int, rng: random.Random) -> Ingested:
    iso, place = _PLACES[i % len(_PLACES)]
    said = _sentence(rng)
    lead = f"In {place} on 3 March 2024 {_sentence(rng).lower()}"
    body = f"{lead} \"{said}\" said the official. {' '.join(_sentence(rng) for _ in range(rng.randint(1, 6)))}"
    q0 = body.index(said)
    p0 = body.index(place)
    x = Extraction(
        quotes=[Quote(start=q0, end=q0 + len(said), text=said, confidence=0.5, countries=[iso])],
        countries=[CountryMention(iso, p0, p0 + len(place), place, "country")],
        events=[Event(start=0, end=len(lead), text=lead, date="2024-03-03", precision="day", countries=[iso])],
    )
    art = Article(source=f"art-{i}.txt", body=body, title=_sentence(rng)[:-1],
                  published=f"2024-0{1 + i % 6}-1{i % 10}T08:00:00+00:00")
    return Ingested(art, x)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "search.db"
    conn = db.connect(path)
    rng = random.Random(7)
    Store(conn).write_batch([_item(i, rng) for i in range(400)])
    conn.close()
    return path


def _key(rows):
    return [(r.kind, r.id, r.snippet, round(r.rank, 9), r.source, r.day) for r in rows]


@pytest.mark.parametrize("query", ["harvest", "tariff pipeline", "quota OR ferry", '"the census" OR "of the"', "meadow*"])
@pytest.mark.parametrize("f", [Filters(), Filters(country="NOR"), Filters(since="2024-03-01", until="2024-05-31")])
def test_a_page_is_the_slice_of_every_hit_ranked_in_one_pass(corpus, query, f):
    conn = db.connect(corpus, create=False)
    every = queries.search(conn, query, f=f, limit=None)
    assert len(every) > 50, "the corpus should give more hits than a page"
    ranks = [r.rank for r in every]
    assert ranks == sorted(ranks)
    for limit, offset in [(50, 0), (7, 0), (7, 13), (25, 40), (1000, 0)]:
        page = queries.search(conn, query, f=f, limit=limit, offset=offset)
        assert _key(page) == _key(every[offset:offset + limit]), (limit, offset)
    for kind in queries.KINDS:
        alone = queries.search(conn, query, kind=kind, f=f, limit=20)
        assert _key(alone) == _key([r for r in every if r.kind == kind][:20])


def test_ranks_are_fts5_bm25_with_the_column_weights(corpus):
    """Checked against FTS5 directly, not against another path of the same code."""
    conn = db.connect(corpus, create=False)
    weights = {"article": ("articles_fts", ", 8.0, 2.0, 1.0"), "quote": ("quotes_fts", ", 1.0, 0.5"),
               "event": ("events_fts", "")}
    every = []
    for k, (t, w) in weights.items():
        raw = sorted((r, queries.KINDS.index(k), i) for i, r in conn.execute(
            f"SELECT rowid, bm25({t}{w}) FROM {t} WHERE {t} MATCH ?", ('"harvest"',)))
        page = queries.search(conn, "harvest", kind=k, limit=40)
        assert [(round(r.rank, 9), r.id) for r in page] == [(round(r, 9), i) for r, _, i in raw[:40]], k
        every += raw
    page = queries.search(conn, "harvest", limit=40)
    assert [(round(r.rank, 9), r.id) for r in page] == [(round(r, 9), i) for r, _, i in sorted(every)[:40]]


def test_ties_fall_in_a_fixed_order(corpus):
    conn = db.connect(corpus, create=False)
    rows = queries.search(conn, "the", limit=None)
    keys = [(r.rank, queries.KINDS.index(r.kind), r.id) for r in rows]
    assert keys == sorted(keys)
    assert len({r.rank for r in rows}) < len(rows), "the corpus should hold ties"


