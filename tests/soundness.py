"""What every reliability test checks after its run: the database is whole and consistent."""
from __future__ import annotations

import sqlite3
from pathlib import Path

# rows that must never outlive their article (table, column pointing at articles.id)
CHILDREN = (("quotes", "article_id"), ("events", "article_id"), ("figures", "article_id"),
            ("country_mentions", "article_id"), ("article_people", "article_id"),
            ("article_countries", "article_id"), ("person_mentions", "article_id"),
            ("article_passages", "article_id"))
GRANDCHILDREN = (("quote_countries", "quote_id", "quotes"), ("event_countries", "event_id", "events"),
                 ("event_people", "event_id", "events"))


def assert_sound(path: str | Path) -> dict[str, int]:
    """Integrity, FTS integrity, no orphans, exact country totals; returns row counts."""
    c = sqlite3.connect(str(path))
    try:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for t in ("articles", "quotes", "events", "article_passages"):
            c.execute(f"INSERT INTO {t}_fts({t}_fts) VALUES('integrity-check')")
        from db.passages import LONG_BODY

        n = c.execute("SELECT count(*) FROM articles a WHERE length(body) > ? AND NOT EXISTS"
                      " (SELECT 1 FROM article_passages p WHERE p.article_id = a.id)", (LONG_BODY,)).fetchone()[0]
        assert n == 0, f"{n} long articles without their passages"
        for t, col in CHILDREN:
            n = c.execute(f"SELECT count(*) FROM {t} WHERE {col} NOT IN (SELECT id FROM articles)").fetchone()[0]
            assert n == 0, f"{n} rows in {t} without their article"
        for t, col, parent in GRANDCHILDREN:
            n = c.execute(f"SELECT count(*) FROM {t} WHERE {col} NOT IN (SELECT id FROM {parent})").fetchone()[0]
            assert n == 0, f"{n} rows in {t} without their {parent[:-1]}"
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
        totals = dict((r[0], tuple(r[1:])) for r in c.execute(
            "SELECT iso3, mentions, articles, subjects FROM country_totals"))
        actual = dict((r[0], tuple(r[1:])) for r in c.execute(
            "SELECT iso3, sum(mentions), count(*), sum(coalesce(subject, 0)) FROM article_countries GROUP BY iso3"))
        assert totals == actual, "country_totals does not match article_countries"
    finally:
        c.close()
    return row_counts(path)


def row_counts(path: str | Path, tables: tuple[str, ...] = ("articles", "quotes", "events")) -> dict[str, int]:
    """How many rows each of ``tables`` holds."""
    c = sqlite3.connect(str(path))
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        c.close()
