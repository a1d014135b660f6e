"""Huge articles: search snippets and `show` read a bounded amount of text (issue 21, item 4).

No clock here: the tests check that what FTS5's snippet() and Rich are given is bounded.
The times on a 20 MB article are in bench/README.md.
"""
from __future__ import annotations

import pytest

import db
from briefing.cli import SHOW_CHARS, SHOW_ROWS, main
from briefing.ingest_run import run_ingest
from db import queries, schema
from db.passages import LONG_BODY, PASSAGE_CHARS, split_passages
from tests.old_schema import at_version

SENTENCE = "The committee met again on a wet Tuesday and adjourned without a vote. "


def _long_body(extra: str = "") -> str:
    return SENTENCE * (3 * LONG_BODY // len(SENTENCE)) + extra


def _ingest(tmp_path, body: str, name: str = "long.txt"):
    src = tmp_path / name
    src.write_text("A long record\n\n" + body, encoding="utf-8")
    path = tmp_path / "x.db"
    c = db.connect(path)
    s = run_ingest(c, [str(src)])
    assert s.failed == 0, s.errors
    return c, path


def test_passages_cover_the_body_in_bounded_pieces_without_cutting_words():
    body = _long_body("Zanzibarian finale.")
    parts = list(split_passages(body))
    assert "".join(t for _, t in parts) == body
    assert all(len(t) <= PASSAGE_CHARS for _, t in parts)
    assert all(body[s:s + len(t)] == t for s, t in parts)
    assert all(t.endswith(" ") for _, t in parts[:-1])        # cut after a space: no word split in two
    assert list(split_passages("x" * (PASSAGE_CHARS * 2 + 1))) == [(0, "x" * PASSAGE_CHARS),
                                                             (PASSAGE_CHARS, "x" * PASSAGE_CHARS),
                                                             (2 * PASSAGE_CHARS, "x")]


def test_a_long_article_is_stored_as_bounded_passages_and_its_snippet_comes_from_one(tmp_path):
    c, _ = _ingest(tmp_path, _long_body("Only here the word zanzibarian appears."))
    aid = c.execute("SELECT id FROM articles").fetchone()[0]
    lengths = [r[0] for r in c.execute("SELECT length(text) FROM article_passages WHERE article_id = ?", (aid,))]
    assert len(lengths) >= 3 and max(lengths) <= PASSAGE_CHARS
    c.execute("INSERT INTO article_passages_fts(article_passages_fts) VALUES('integrity-check')")

    [hit] = queries.search(c, "zanzibarian", kind="article")
    assert "**zanzibarian**" in hit.snippet and len(hit.snippet) < 400
    [hit] = queries.search(c, "adjourned", kind="article")          # in every passage: the first one
    assert hit.snippet.startswith("The committee") and "**adjourned**" in hit.snippet
    # words no single passage holds together: the opening of the body, bounded, no crash
    [hit] = queries.search(c, "zanzibarian committee", kind="article")
    assert hit.snippet.startswith("The committee") and len(hit.snippet) < 400
    # a column filter names the articles index's columns: still a bounded snippet
    [hit] = queries.search(c, "title: record", kind="article", advanced=True)
    assert len(hit.snippet) < 400
    c.close()


def test_a_short_article_keeps_its_whole_text_snippet_and_has_no_passages(tmp_path):
    c, _ = _ingest(tmp_path, SENTENCE * 3)
    assert c.execute("SELECT count(*) FROM article_passages").fetchone()[0] == 0
    [hit] = queries.search(c, "adjourned", kind="article")
    assert "**adjourned**" in hit.snippet
    c.close()


def test_replacing_or_deleting_a_long_article_drops_its_passages_from_the_index(tmp_path):
    c, _ = _ingest(tmp_path, _long_body("zanzibarian"))
    src = tmp_path / "long.txt"
    src.write_text("A long record\n\n" + _long_body("quixotically"), encoding="utf-8")
    assert run_ingest(c, [str(src)]).updated == 1
    assert queries.search(c, "zanzibarian") == []
    assert [h.kind for h in queries.search(c, "quixotically")] == ["article"]
    from db.store import Store

    Store(c).delete_source(str(src))
    assert c.execute("SELECT count(*) FROM article_passages").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM article_passages_fts WHERE article_passages_fts MATCH 'adjourned'"
                     ).fetchone()[0] == 0
    c.close()


def test_upgrading_a_v4_database_splits_its_long_articles(tmp_path):
    path = tmp_path / "v4.db"
    c = at_version(path, 4)
    body = _long_body("zanzibarian")
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's', 'T', ?, 'h', 'now')", (body,))
    c.execute("INSERT INTO articles_fts (rowid, title, byline, body) VALUES (1, 'T', NULL, ?)", (body,))
    c.close()
    c = db.connect(path, create=False)
    assert c.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert c.execute("SELECT count(*) FROM article_passages").fetchone()[0] == len(list(split_passages(body)))
    [hit] = queries.search(c, "zanzibarian")
    assert "**zanzibarian**" in hit.snippet
    c.close()


def test_passages_follow_the_sqlite_utils_fts_conventions(tmp_path):
    """Datasette finds the passages' index as sqlite-utils would have made it."""
    sqlite_utils = pytest.importorskip("sqlite_utils")
    c, path = _ingest(tmp_path, _long_body())
    c.close()
    d = sqlite_utils.Database(path)
    assert d["article_passages"].detect_fts() == "article_passages_fts"
    assert d["articles"].detect_fts() == "articles_fts"
    assert [r["article_id"] for r in d["article_passages"].search("adjourned", limit=1)] == [1]


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_show_renders_a_bounded_head_of_a_long_article_and_says_how_to_see_all(tmp_path, capsys):
    body = SENTENCE * (2 * SHOW_CHARS // len(SENTENCE)) + "The very last words."
    c, path = _ingest(tmp_path, body)
    c.close()
    code, out, err = _run(capsys, "--db", str(path), "show", "1")
    assert code == 0, err
    assert "The very last words" not in out
    assert len(out) < SHOW_CHARS * 1.5
    assert "--full" in out
    code, out, err = _run(capsys, "--db", str(path), "show", "1", "--full")
    assert code == 0, err
    assert "The very last words." in out and "--full" not in out


def test_show_caps_each_table_and_says_so(tmp_path, capsys):
    body = " ".join(f'"Point {i} stands," said Ann Vole.' for i in range(SHOW_ROWS + 20))
    c, path = _ingest(tmp_path, body)
    n = c.execute("SELECT count(*) FROM quotes").fetchone()[0]
    c.close()
    assert n > SHOW_ROWS
    code, out, err = _run(capsys, "--db", str(path), "show", "1")
    assert code == 0, err
    assert f"{SHOW_ROWS} of {n:,} quotes" in out


@pytest.mark.parametrize("arg", ["99999999999999999999", "0", "-3"])
def test_show_refuses_an_id_no_article_can_have_in_one_line(tmp_path, capsys, arg):
    with pytest.raises(SystemExit) as e:
        main(["--db", str(tmp_path / "x.db"), "show", "--", arg])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "no article has id" in err and len(err.strip().splitlines()) == 1


def test_the_reader_lays_out_a_bounded_window_around_the_passage():
    pytest.importorskip("textual")
    from briefing.panes.base import Passage
    from briefing.widgets.reader import WINDOW_CHARS, layout, window_around
    from db.rows import Article

    para = SENTENCE * 5 + "\n\n"
    body = para * (20 * WINDOW_CHARS // len(para)) + "The zanzibarian clause closed it.\n" + para * 50
    where = body.index("zanzibarian")
    article = Article(**dict.fromkeys(Article._fields) | {
        "id": 1, "body": body, "quotes": [], "events": [], "person_mentions": [], "country_mentions": []})
    lay = layout(article, Passage(1, terms="zanzibarian"))          # opened from a search
    ws, we = lay.window
    assert we - ws <= WINDOW_CHARS and ws <= where < we
    assert lay.passage == (where, where + len("zanzibarian"))
    lay = layout(article, Passage(1, where, where + 11, terms="adjourned"))     # at a span, n/N on a common word
    ws, we = lay.window
    assert we - ws <= WINDOW_CHARS and ws <= where < we
    assert all(ws <= s < e <= we for s, e in lay.paragraphs)
    assert all(ws <= s < we for s, _ in lay.stops) and len(lay.stops) < WINDOW_CHARS // 10
    assert body[ws - 1] == "\n" and body[we] == "\n"          # whole paragraphs
    # a short article is shown whole
    assert window_around("short text", 3) == (0, len("short text"))
    lay = layout(article._replace(body=para), Passage(1))
    assert lay.window == (0, len(para))
