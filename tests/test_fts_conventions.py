"""briefing.db follows the sqlite-utils FTS conventions, so Datasette and `sqlite-utils search`
find every full-text index and search through it."""
from __future__ import annotations

import pytest

import db
from db.schema import FTS_TABLES, FTS_TOKENIZE
from db.store import Store
from tests.test_db import _article

sqlite_utils = pytest.importorskip("sqlite_utils")

# every indexed table: the three made with the schema, and the passages of long articles (v5)
INDEXED = (*FTS_TABLES, "article_passages")


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "b.db"
    conn = db.connect(path)
    Store(conn).write(_article())
    conn.close()
    return path


def test_sqlite_utils_finds_every_full_text_index(stored):
    d = sqlite_utils.Database(stored)
    assert {t: d[t].detect_fts() for t in INDEXED} == {t: f"{t}_fts" for t in INDEXED}


def test_every_index_is_external_content_with_our_tokenizer(stored):
    d = sqlite_utils.Database(stored)
    for t in INDEXED:
        sql = d[f"{t}_fts"].schema
        assert f"tokenize='{FTS_TOKENIZE}'" in sql, sql
        assert f'content="{t}"' in sql or f"content=[{t}]" in sql, sql


def test_search_works_through_sqlite_utils(stored):
    """What Datasette runs: the index joined back to its table by rowid, stemmed ('rebuilding'
    finds 'rebuild'), and kept current by the store's own inserts."""
    d = sqlite_utils.Database(stored)
    assert [r["title"] for r in d["articles"].search("reopen")] == ["Port to reopen"]
    assert [r["speaker_text"] for r in d["quotes"].search("rebuilding")] == ["Ada Quill"]
    assert [r["date"] for r in d["events"].search("port")] == ["2024-03-04"]


def test_updates_and_deletes_keep_the_index_current(stored):
    """The triggers sqlite-utils made (narrowed to the indexed columns) and cascading deletes."""
    assert list(sqlite_utils.Database(stored)["articles"].search("closes")) == []
    conn = db.connect(stored)
    conn.execute("UPDATE articles SET title = 'Harbour closes' WHERE id = 1")
    conn.close()
    d = sqlite_utils.Database(stored)
    assert [r["title"] for r in d["articles"].search("closes")] == ["Harbour closes"]
    d.execute("PRAGMA foreign_keys = ON")
    d.execute("DELETE FROM articles WHERE id = 1")
    d.conn.commit()
    for t in FTS_TABLES:
        d.execute(f"INSERT INTO [{t}_fts]([{t}_fts]) VALUES('integrity-check')")
        assert list(d[t].search("port OR harbour OR rebuild")) == []
