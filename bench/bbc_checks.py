"""Checks of dates and coverage on the BBC corpus (2,225 stories of 2004-05, undated files).

Ingests the five category folders of ../shared/corpora/bbc into a fresh database (or reads
one given with --db) and reports:

  * articles: how many are stored (the corpus holds 2,127 distinct texts) and how many
    copies the ingest counted as duplicates;
  * articles dated outside 2003-2006 (the stories are from 2004-05: any other day is a
    guess taken from history in the text);
  * events whose date is a clock time ("by 1830 GMT", "at 2010 GMT", "20:10");
  * the share of events, and the number of statements, that claim 5 or more sources.

Prints a table and a JSON line; ``run() -> dict``. Usage: python bench/bbc_checks.py [--db PATH]
"""
from __future__ import annotations

import argparse
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BBC = REPO.parent / "shared" / "corpora" / "bbc"
FOLDERS = ("business", "entertainment", "politics", "sport", "tech")

# a date expression followed by a time zone or "local time", or a 24-hour clock: a time of day
_CLOCK_AFTER = re.compile(r"\s*(?:GMT|BST|UTC|CET|EST|EDT|PST|PDT|ET|hrs\b|hours\b|h\b|local\s+time)")


def ingest(db: Path) -> dict:
    """The CLI's own ingest of the five folders, and its summary."""
    cmd = [sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--json",
           *(str(BBC / f) for f in FOLDERS)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    try:
        return json.loads(out.stdout)
    except ValueError:
        return {"output": out.stdout[-500:] + out.stderr[-500:]}


def check(conn: sqlite3.Connection) -> dict:
    from db import queries

    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    outside = conn.execute(
        "SELECT count(*) FROM articles WHERE day IS NOT NULL AND (day < '2003-01-01' OR day > '2006-12-31')"
    ).fetchone()[0]
    undated = conn.execute("SELECT count(*) FROM articles WHERE day IS NULL").fetchone()[0]
    inferred = conn.execute("SELECT count(*) FROM articles WHERE date_inferred = 1").fetchone()[0]
    clock = 0
    for body, ds, de in conn.execute(
            "SELECT a.body, e.date_start, e.date_stop FROM events e JOIN articles a ON a.id = e.article_id"
            " WHERE e.precision = 'year' AND e.date_start IS NOT NULL"):
        if _CLOCK_AFTER.match(body, de) or (body[max(0, ds - 2):ds][:1].isdigit() and body[ds - 1:ds] == ":"):
            clock += 1
    rows = queries.timeline(conn)
    many = sum(1 for r in rows if r.sources >= 5)
    quotes = queries.quotes(conn)
    statements: dict[int, int] = {}
    for q in quotes:
        if q.statement_id is not None:
            statements[q.statement_id] = q.sources
    return {
        "articles": articles,
        "undated": undated,
        "date_inferred": inferred,
        "dated_outside_2003_2006": outside,
        "events": len(rows),
        "events_from_clock_times": clock,
        "events_5plus_sources": many,
        "events_5plus_share": many / len(rows) if rows else 0.0,
        "statements_2plus_sources": sum(1 for n in statements.values() if n >= 2),
        "statements_5plus_sources": sum(1 for n in statements.values() if n >= 5),
    }


def run(db: Path | None = None) -> dict | None:
    import db as dbmod

    if db is None and not BBC.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        summary = {}
        if db is None:
            db = Path(tmp) / "bbc.db"
            summary = ingest(db)
        conn = dbmod.connect(db)
        try:
            out = check(conn)
        finally:
            conn.close()
    out["duplicates"] = summary.get("duplicates")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="check this database instead of ingesting the corpus afresh")
    args = ap.parse_args()
    res = run(args.db)
    if res is None:
        print(f"no corpus at {BBC}", file=sys.stderr)
        sys.exit(1)
    for k, v in res.items():
        print(f"{k:<28} {v:.4f}" if isinstance(v, float) else f"{k:<28} {v}")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
