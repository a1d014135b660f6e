"""Search latency: the product's search() and `briefing search --json` against raw FTS5 and ripgrep.

Four ways to answer the same 20 queries on the same data:

* ``engine``  db.queries.search(conn, q) in this process (limit 50, the app's page).
* ``cli``     ``briefing search Q --json --db DB`` as a user runs it: the console script of a
  regular install, start-up included (the CLI prints the best 50 by default, ``--limit 0``
  every hit).
* ``fts5``    the same MATCH with bm25 (same column weights) and snippet, run directly through
              the sqlite3 module on the same database: for each FTS table the canonical
              ``... ORDER BY rank LIMIT 50`` (FTS5 sorts by rank and snippet() runs only for the
              rows returned), merged and cut to 50. No joins, no filters, no Python rows.
* ``fts5_all`` the same MATCH/bm25/snippet over every match, sorted, cut to 50 (what a UNION
              ALL ... ORDER BY rank LIMIT 50 costs: a snippet for every matching row).
* ``rg``      ``rg -l -i -F QUERY DIR`` over the same texts, one file per article.

p50/p95 pool every timed run of every query (after one untimed warm-up pass). When both are
measured, the CLI and rg take turns query by query, so the machine's drift lands on both.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Callable

from bench.measure import child_env, percentile, run_child, user_briefing

QUERIES: tuple[str, ...] = (
    "oil", "oil prices", "interest rates", "trade deficit", "coffee", "opec production",
    "federal reserve", "bank of japan", "wheat exports", "dividend", "takeover bid", "gold",
    "inflation forecast", "sugar", "strike", "tokyo stock exchange", "soybeans", "money supply",
    "debt crisis", "budget deficit",
)
LIMIT = 50

# (fts table, bm25 weights, snippet tokens) as the product ranks them
_TABLES = (("articles_fts", "8.0, 2.0, 1.0", 16), ("quotes_fts", "1.0, 0.5", 24), ("events_fts", "", 24))


def match_string(query: str) -> str:
    """The product's MATCH for a query, so the raw FTS5 baseline searches for the same terms
    (plain words quoted, function words beside other words left out)."""
    from db.fts import to_match

    return to_match(query)


def _existing_tables(conn: sqlite3.Connection) -> list[tuple[str, str, int]]:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    return [t for t in _TABLES if t[0] in names]


def raw_sql(conn: sqlite3.Connection, topk: bool = True) -> str:
    parts = []
    for fts, weights, tokens in _existing_tables(conn):
        rank = f"bm25({fts}{', ' + weights if weights else ''})"
        if topk:
            parts.append(f"""SELECT * FROM (SELECT '{fts}' AS t, rowid AS id,
                snippet({fts}, -1, '**', '**', '…', {tokens}) AS snippet, rank
                FROM {fts} WHERE {fts} MATCH :q AND rank MATCH 'bm25({weights})'
                ORDER BY rank LIMIT {LIMIT})""")
        else:
            parts.append(f"""SELECT '{fts}' AS t, rowid AS id,
                snippet({fts}, -1, '**', '**', '…', {tokens}) AS snippet, {rank} AS rank
                FROM {fts} WHERE {fts} MATCH :q""")
    return " UNION ALL ".join(parts) + f" ORDER BY rank LIMIT {LIMIT}"


def _time_calls(fn: Callable[[str], int], queries: tuple[str, ...], repeats: int) -> dict:
    for q in queries:          # warm-up: page cache and statement cache
        fn(q)
    samples: list[float] = []
    hits: dict[str, int] = {}
    for _ in range(repeats):
        for q in queries:
            t0 = time.perf_counter()
            hits[q] = fn(q)
            samples.append((time.perf_counter() - t0) * 1000)
    return _summary(samples, hits)


def _summary(samples: list[float], hits: dict[str, int]) -> dict:
    return {"p50_ms": percentile(samples, 50), "p95_ms": percentile(samples, 95), "max_ms": max(samples),
            "runs": len(samples), "hits": hits}


def engine(db_path: Path, queries=QUERIES, repeats: int = 5) -> dict:
    import db
    from db import queries as q

    conn = db.connect(db_path, create=False)
    try:
        return _time_calls(lambda s: len(q.search(conn, s, limit=LIMIT)), queries, repeats)
    finally:
        conn.close()


def raw_fts5(db_path: Path, queries=QUERIES, repeats: int = 5, topk: bool = True) -> dict:
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA cache_size = -32000")    # the product's cache size, so only the query differs
    try:
        sql = raw_sql(conn, topk)
        return _time_calls(lambda s: len(conn.execute(sql, {"q": match_string(s)}).fetchall()), queries, repeats)
    finally:
        conn.close()


def _cli_run(db_path: Path, limit: int | None = None) -> Callable[[str], int]:
    """`briefing search Q --json` in a fresh interpreter per query, as a shell user runs it
    (the console script of a regular install: see measure.user_briefing)."""
    env = child_env()
    briefing = user_briefing(db_path.parent)

    def run(s: str) -> int:
        cmd = [*briefing, "search", s, "--json", "--db", str(db_path)]
        if limit is not None:
            cmd += ["--limit", str(limit)]
        child = run_child(cmd, env=env)
        if child.returncode != 0:
            raise RuntimeError(f"briefing search {s!r} failed: {child.stderr[-1000:]}")
        return len(json.loads(child.stdout))

    return run


def _rg_run(files_dir: Path) -> Callable[[str], int] | None:
    """`rg -l -i -F QUERY DIR`: what a user without an index would run. None when rg is missing."""
    rg = shutil.which("rg")
    if rg is None:
        return None

    def run(s: str) -> int:
        child = run_child([rg, "-l", "-i", "-F", "--", s, str(files_dir)])
        if child.returncode not in (0, 1):       # 1 = no match
            raise RuntimeError(f"rg failed: {child.stderr[-500:]}")
        return child.stdout.count("\n")

    return run


def cli(db_path: Path, queries=QUERIES, repeats: int = 2, limit: int | None = None) -> dict:
    return _timed_children({"cli": _cli_run(db_path, limit)}, queries, repeats)["cli"]


def ripgrep(files_dir: Path, queries=QUERIES, repeats: int = 2) -> dict | None:
    run = _rg_run(files_dir)
    return None if run is None else _timed_children({"rg": run}, queries, repeats)["rg"]


def cli_and_ripgrep(db_path: Path, files_dir: Path, queries=QUERIES, repeats: int = 2) -> dict[str, dict]:
    """The CLI and ripgrep timed in turns, query by query: this VM's speed drifts by a third
    within minutes, and a ratio of two figures measured minutes apart would carry that drift."""
    runs = {"cli": _cli_run(db_path)}
    rg = _rg_run(files_dir)
    if rg is not None:
        runs["rg"] = rg
    return _timed_children(runs, queries, repeats)


def _timed_children(runs: dict[str, Callable[[str], int]], queries, repeats: int) -> dict[str, dict]:
    for q in queries[:3]:      # warm-up: interpreter, page cache
        for run in runs.values():
            run(q)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    hits: dict[str, dict[str, int]] = {name: {} for name in runs}
    for _ in range(repeats):
        for q in queries:
            for name, run in runs.items():
                t0 = time.perf_counter()
                hits[name][q] = run(q)
                samples[name].append((time.perf_counter() - t0) * 1000)
    return {name: _summary(samples[name], hits[name]) for name in runs}


def profile_engine(db_path: Path, query: str = "oil", runs: int = 5) -> str:
    """pyinstrument text profile of the engine on one query (for a missed target)."""
    from pyinstrument import Profiler

    import db
    from db import queries as q

    conn = db.connect(db_path, create=False)
    prof = Profiler(interval=0.0005)
    prof.start()
    for _ in range(runs):
        q.search(conn, query, limit=LIMIT)
    prof.stop()
    conn.close()
    return prof.output_text(unicode=True, color=False)
