"""Results cross from a worker to the writer as tuples (ingest.wire): nothing may be lost or
changed on the way."""
from __future__ import annotations

import pickle
from dataclasses import fields

from ingest.model import (
    Article, CountryMention, Event, Extraction, Figure, Ingested, Person, Quote, ReadError,
)
from ingest.pipeline import Unextracted, _pack, _unpack, process, process_all
from ingest.readers.jsonl import RawLine, parse_raw_line
from ingest.wire import dumps, loads, pack_article, pack_extraction, unpack_article, unpack_extraction

BODY = ('OSLO, March 3, 2021 - Finance Minister Anna Berg said on Tuesday: "We will raise '
        'spending to 2.5% of GDP by 2030." Berg added that Norway and Sweden had agreed to '
        'send 1,200 troops.\n\n"It is a start," said Ivo Brant, a senior analyst.')


def _full() -> tuple[Article, Extraction]:
    """Every record kind, every field set away from its default."""
    a = Article(source="s://1", body="body text", title="T", byline="B", published="2021-03-03",
                outlet="O", url="http://x", format="jsonl")
    a.content_hash()
    x = Extraction(
        quotes=[Quote(1, 5, "text", "Ann Roe", "minister", 0.9, True, 10, 13, "said", ["NOR", "SWE"])],
        people=[Person("Ann Roe", "minister", ["Roe"], [(10, 13), (20, 27)])],
        countries=[CountryMention("NOR", 3, 9, "Norway", "variant")],
        events=[Event(0, 40, "sentence", "2021-03", "month", "2021-04", True, True, 2, 9, ["NOR"], ["Ann Roe"])],
        figures=[Figure(4, 8, "2.5%", "gdp_share", 2.5, "%", "NOR", 2030, 3.0)],
        published_inferred="2021-03-02")
    return a, x


def test_records_round_trip_with_every_field():
    a, x = _full()
    a2 = unpack_article(pickle.loads(pickle.dumps(pack_article(a))))
    x2 = unpack_extraction(pickle.loads(pickle.dumps(pack_extraction(x))))
    assert a2 == a and a2._hash == a._hash is not None
    assert x2 == x
    # the comparison above covers every field (the hash is excluded from ==, checked above)
    for rec in (x2.quotes[0], x2.people[0], x2.countries[0], x2.events[0], x2.figures[0]):
        assert all(getattr(rec, f.name) != f.default for f in fields(rec) if not callable(f.default_factory))


def test_every_kind_of_worker_result_survives_the_trip():
    a, x = _full()
    err = ReadError("s://2", "unreadable")
    listed = [Ingested(a, x), Unextracted(a), err]
    assert _unpack(dumps(_pack(listed))) == listed
    assert _unpack(dumps(_pack(x))) == x
    assert _unpack(dumps(_pack(err))) == err
    assert _unpack(dumps(_pack(None))) is None
    assert _unpack(dumps(_pack([]))) == []


def test_plain_records_travel_by_marshal_and_anything_else_by_pickle():
    a, x = _full()
    plain = [(0, pack_article(a), pack_extraction(x))]
    assert dumps(plain)[:1] == b"M" and loads(dumps(plain)) == plain
    mixed = [*plain, ReadError("s://2", "unreadable")]       # marshal refuses the error object
    assert dumps(mixed)[:1] == b"P" and loads(dumps(mixed)) == mixed
    odd = "abc\udcff"                                        # a lone surrogate survives either way
    assert loads(dumps((odd,))) == (odd,)


def test_parallel_results_equal_serial_ones_entirely():
    import json

    lines = [RawLine("mem.jsonl", i + 1, json.dumps(
        {"id": f"r{i}", "title": f"Story {i}", "text": BODY.replace("1,200", f"{1000 + i}")}).encode())
        for i in range(40)]
    serial = [process(parse_raw_line(raw)) for raw in lines]
    parallel = list(process_all(iter(lines), workers=2, chunksize=4))
    assert parallel == serial
    assert [r.article._hash for r in parallel] == [r.article.content_hash() for r in serial]
    assert any(r.extraction.quotes and r.extraction.figures and r.extraction.events for r in parallel)
