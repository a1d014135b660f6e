"""JSON and JSONL readers: record shapes, field names, bad lines, streaming."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.model import Article, ReadError
from ingest.readers import read_path
from ingest.readers.jsonl import read_jsonl_lines, record_to_article


def read_all(p: Path) -> list:
    return list(read_path(p))


def rec(i: int, **extra) -> dict:
    d = {"title": f"Story {i}", "body": f"Body of story {i}.", "url": f"https://news.example/{i}",
         "published": "2025-06-08T14:32:00Z", "author": "Lena Moor"}
    d.update(extra)
    return d


def test_json_single_object(tmp_path):
    p = tmp_path / "one.json"
    p.write_text(json.dumps(rec(1)), encoding="utf-8")
    (a,) = read_all(p)
    assert isinstance(a, Article)
    assert a.source == "https://news.example/1"
    assert a.url == "https://news.example/1"
    assert a.title == "Story 1" and a.body == "Body of story 1."
    assert a.published == "2025-06-08T14:32:00+00:00"
    assert a.byline == "Lena Moor"
    assert a.format == "json"


def test_json_array_and_wrapped_lists(tmp_path):
    for shape in ([rec(1), rec(2)], {"articles": [rec(1), rec(2)]}, {"items": [rec(1), rec(2)]},
                  {"entries": [rec(1), rec(2)]}, {"data": [rec(1), rec(2)]}):
        p = tmp_path / "many.json"
        p.write_text(json.dumps(shape), encoding="utf-8")
        out = read_all(p)
        assert [a.title for a in out] == ["Story 1", "Story 2"], shape


def test_json_field_synonyms(tmp_path):
    records = [
        {"title": "A", "text": "Text field.", "date": "June 8, 2025", "byline": "By Ann Lee", "link": "https://x/a"},
        {"title": "B", "content": "Content field.", "published_at": "2025-06-08", "id": "b-2"},
        {"title": "C", "description": "Description field.", "pubDate": "Sun, 08 Jun 2025 14:32:00 GMT"},
        {"title": "D", "content": [{"value": "<p>From a list.</p>"}], "author": [{"name": "A B"}, {"name": "C D"}]},
        {"title": "E", "body": "Epoch date.", "published": 1749393120},
    ]
    p = tmp_path / "syn.json"
    p.write_text(json.dumps(records), encoding="utf-8")
    a, b, c, d, e = read_all(p)
    assert (a.body, a.published, a.source) == ("Text field.", "2025-06-08", "https://x/a")
    assert a.byline == "By Ann Lee"
    assert (b.body, b.published, b.source) == ("Content field.", "2025-06-08", "b-2")
    assert (c.body, c.published, c.source) == ("Description field.", "2025-06-08T14:32:00+00:00", f"{p}#3")
    assert d.body == "From a list." and d.byline == "A B and C D"
    assert e.published == "2025-06-08T14:32:00+00:00"


def test_html_body_is_converted_plain_body_is_not(tmp_path):
    p = tmp_path / "h.json"
    p.write_text(json.dumps([
        {"title": "H", "body": "<p>First &amp; best.</p><p>Second <b>para</b>.</p><script>bad()</script>"},
        {"title": "P", "body": "Profits rose 5% as sales < forecasts > last year; Q&amp;A follows."},
    ]), encoding="utf-8")
    h, plain = read_all(p)
    assert h.body == "First & best.\n\nSecond para."
    assert plain.body == "Profits rose 5% as sales < forecasts > last year; Q&A follows."


def test_non_object_records_and_missing_text_are_errors(tmp_path):
    p = tmp_path / "mixed.json"
    p.write_text(json.dumps([rec(1), 5, "str", [1], {"title": "no body"}, rec(2)]), encoding="utf-8")
    out = read_all(p)
    kinds = [type(x).__name__ for x in out]
    assert kinds == ["Article", "ReadError", "ReadError", "ReadError", "ReadError", "Article"]
    assert out[1].source == f"{p}#2" and "not an object" in out[1].reason
    assert out[4].reason == "no article text"


def test_truncated_json_is_one_error_with_line(tmp_path):
    p = tmp_path / "t.json"
    p.write_text('[\n  {"title": "a", "body": "b"},\n  {"title": "c", "body": "d"\n', encoding="utf-8")
    (err,) = read_all(p)
    assert isinstance(err, ReadError)
    assert err.source == str(p)
    assert err.reason.startswith("not valid JSON at line ")
    assert "\n" not in err.reason


def test_json_top_level_scalar(tmp_path):
    p = tmp_path / "s.json"
    p.write_text("42")
    (err,) = read_all(p)
    assert "not an object or array" in err.reason


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 200000 + "]" * 200000)
    out = read_all(p)
    assert len(out) == 1 and isinstance(out[0], ReadError)


def test_jsonl_bad_line_among_good(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps(rec(1)), json.dumps(rec(2)), "{not json", "", json.dumps([1, 2]),
             json.dumps({"title": "t"}), json.dumps(rec(3))]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = read_all(p)
    good = [a for a in out if isinstance(a, Article)]
    bad = [e for e in out if isinstance(e, ReadError)]
    assert [a.title for a in good] == ["Story 1", "Story 2", "Story 3"]
    assert all(a.format == "jsonl" for a in good)
    assert [e.source for e in bad] == [f"{p}:line 3", f"{p}:line 5", f"{p}:line 6"]
    assert bad[0].reason.startswith("not valid JSON")
    assert bad[2].reason == "no article text"


def test_jsonl_records_without_url_get_path_and_line(tmp_path):
    p = tmp_path / "n.ndjson"
    p.write_text(json.dumps({"title": "x", "body": "y"}) + "\n" + json.dumps({"title": "z", "body": "w"}) + "\n")
    a, b = read_all(p)
    assert (a.source, b.source) == (f"{p}#1", f"{p}#2")


def test_json_file_holding_jsonl_is_read_line_by_line(tmp_path):
    p = tmp_path / "lines.json"
    p.write_text(json.dumps(rec(1)) + "\n" + json.dumps(rec(2)) + "\n")
    assert [a.title for a in read_all(p)] == ["Story 1", "Story 2"]


def test_jsonl_encodings_and_escapes(tmp_path):
    p = tmp_path / "enc.jsonl"
    good = json.dumps({"title": "caf\u00e9 \u001b[31m", "body": "He said \u201chi\u201d.\u202e"})
    p.write_bytes(b"\xef\xbb\xbf" + good.encode() + b"\n" + b'{"title": "x", "body": "caf\xe9"}\n')
    a, b = read_all(p)
    assert a.title == "caf\u00e9" and a.body == "He said \u201chi\u201d."
    assert b.body == "caf\u00e9"
    p16 = tmp_path / "u16.jsonl"
    p16.write_bytes(("\ufeff" + good + "\n" + good + "\n").encode("utf-16-le"))
    out = read_all(p16)
    assert [x.title for x in out] == ["caf\u00e9", "caf\u00e9"]


def test_jsonl_long_line_and_many_records(tmp_path):
    p = tmp_path / "big.jsonl"
    with open(p, "w", encoding="utf-8") as f:
        f.write(json.dumps({"title": "long", "body": "word " * 250000}) + "\n")  # a ~1.25 MB line
        for i in range(3000):
            f.write(json.dumps(rec(i)) + "\n")
    n = 0
    first = None
    for a in read_path(p):
        assert isinstance(a, Article)
        first = first or a
        n += 1
    assert n == 3001
    assert first.body.startswith("word word") and len(first.body) > 1_000_000


_JSON_PIECES = ['{"body": "Text."}', '{"a": 1}', '[1, 2]', '"x"', '1', ' ', 'x', '}', '{', '\ufeff', '\t', ',', 'null',
                '{"body": "caf\\u00e9", "title": "T"}', '  {"body":"b"}', '"\\n"', '1e5', 'true']


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_JSON_PIECES), min_size=1, max_size=4).map("".join).filter(str.strip))
def test_a_jsonl_line_reads_as_json_loads_decodes_it(line):
    """The line's value, or json.loads's own error (message and column), whatever follows it."""
    (got,) = read_jsonl_lines([line], "f.jsonl")
    s = line.strip()
    try:
        value = json.loads(s, strict=False)
    except json.JSONDecodeError as e:
        assert got == ReadError("f.jsonl:line 1", f"not valid JSON: {e.msg} (column {e.colno})")
        return
    want = record_to_article(value, "f.jsonl#1" if isinstance(value, dict) else "f.jsonl:line 1", "jsonl")
    if isinstance(want, ReadError) and want.source == "f.jsonl#1":
        want.source = "f.jsonl:line 1"
    assert got == want
