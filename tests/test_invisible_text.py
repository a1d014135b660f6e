"""Issue 21: invisible and private-use characters never reach the store, and article text
cannot forge the app's search-match marks.

Each reader gets the same payload (bidi marks, zero-width, tag and private-use characters,
among them the app's own marks U+E000/U+E001 around a word) in its title, byline and body, and
in the file name; after ``briefing ingest`` no stored string holds any of them, and a search
for an unrelated word highlights only that word.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

import db
from briefing.cli import main
from briefing.render import MARK_CLOSE, MARK_OPEN, marked
from db import queries

FORGED = "\ue000FAKE\ue001"
TAGS = "".join(chr(0xE0000 + ord(c)) for c in "hidden")
INVISIBLE = f"{FORGED}\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c{TAGS}\U000e0001\uf8ff\U000f0000\U0010fffd"
# what must not be stored: private use, tags, zero-width, bidi controls
NOT_STORED = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010ffff\U000e0000-\U000e007f\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]"
)
PARA = ("The harbour authority said on Monday that talks with Norway would resume in May, "
        f"and {INVISIBLE} the ferry timetable stays as it is.")


def _files(d: Path) -> list[Path]:
    name = f"story{FORGED}\u200b"
    files = []
    t = d / f"{name}.txt"
    t.write_text(f"Ferry talks {FORGED}\u202e resume\n\nBy Ann\u200d Lee{TAGS}\n\n{PARA}\n")
    m = d / f"{name}.md"
    m.write_text(f"---\ntitle: Port{FORGED} plan\nauthor: Bo\u200f Lund\n---\n\n# Port plan\n\n{PARA} *{FORGED}*\n")
    j = d / f"{name}.jsonl"
    j.write_text(json.dumps({"url": f"https://news.example/{FORGED}", "title": f"Json {FORGED} title",
                             "author": f"Eva\u2060 Holm", "published": "2024-05-04", "body": PARA}) + "\n")
    h = d / f"{name}.html"
    h.write_text(f"<!doctype html><html><head><title>Html {FORGED} title</title>"
                 f'<meta name="author" content="Ivo&#x200b; Berg&#xe000;"></head><body><article>'
                 f"<h1>Html {FORGED} title</h1><p>{PARA}</p><p>Second &#xe000;FAKE&#xe001; paragraph about "
                 "the ferry and the harbour.</p></article></body></html>")
    r = d / f"{name}.rss"
    r.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                 f"<title>Feed {FORGED}</title><item><title>Rss {FORGED} &#xe000;x&#xe001;</title>"
                 f"<link>https://feed.example/1{FORGED}</link><author>ann@x.example (Ann{TAGS} Lee)</author>"
                 f"<description><![CDATA[<p>{PARA}</p>]]></description></item></channel></rss>")
    return [t, m, j, h, r]


@pytest.fixture
def ingested(tmp_path, capsys) -> str:
    d = tmp_path / "in"
    d.mkdir()
    path = str(tmp_path / "x.db")
    assert main(["--db", path, "ingest", *map(str, _files(d))]) == 0
    assert "5 new" in capsys.readouterr().out
    return path


def test_no_invisible_character_is_stored(ingested):
    c = sqlite3.connect(ingested)
    n = 0
    for table in ("articles", "quotes", "events", "people", "person_aliases", "country_mentions", "figures"):
        cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})")]
        for row in c.execute(f"SELECT * FROM {table}"):
            for col, v in zip(cols, row):
                if isinstance(v, str):
                    n += 1
                    assert not NOT_STORED.search(v), f"{table}.{col} stored {v!r}"
    titles = [t for (t,) in c.execute("SELECT title FROM articles")]
    c.close()
    assert n > 30
    assert any("FAKE" in (t or "") for t in titles)      # the word stays, its marks go


def test_article_text_cannot_forge_a_search_highlight(ingested):
    conn = db.connect(ingested, create=False)
    try:
        rows = queries.search(conn, "ferry", limit=None, mark=(MARK_OPEN, MARK_CLOSE))
    finally:
        conn.close()
    assert len(rows) >= 5
    highlighted = set()
    for r in rows:
        t = marked(r.snippet, match_style="bold")
        highlighted |= {t.plain[s.start:s.end].lower() for s in t.spans}
        assert MARK_OPEN not in t.plain and MARK_CLOSE not in t.plain
    assert highlighted == {"ferry"}


def test_cli_errors_do_not_echo_raw_escapes(ingested, tmp_path, capsys):
    for query in ("NEAR(\x1b]0;title\x07", "ferry \x1b[31m NEAR("):
        code = main(["--db", ingested, "search", query])
        err = capsys.readouterr().err
        assert code == 2 and "cannot search for" in err
        assert "\x1b" not in err and "\x07" not in err and "\\x1b" in err
    target = tmp_path / "note\x1b[2J\u202e.md"
    assert main(["--db", ingested, "export", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("wrote ") and "\x1b" not in err and "\u202e" not in err and "\\x1b[2J\\u202e" in err
    assert target.exists()
