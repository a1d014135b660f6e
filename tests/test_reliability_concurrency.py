"""Issue 6, concurrency: readers never see "database is locked" while an ingest writes.

An ingest runs in a child process while this process reads through db.queries on its own
connection and runs the CLI's `timeline --json` and `search` as further processes. A second
ingest started meanwhile must wait (busy timeout) and then succeed, or say plainly that the
database is busy: never a traceback, never a doubled row.
"""
from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.soundness import assert_sound

pytestmark = pytest.mark.slow            # end to end: left out of `pytest -m "not slow"`

REPO = Path(__file__).resolve().parent.parent
N = 1000

NAMES = ["Ines Calloway", "Piet Vromans", "Hana Kobel", "Oskar Lindgren", "Maud Ferrant", "Tariq Osei"]
PLACES = ["Norway", "Chile", "Kenya", "Portugal", "Japan", "Canada", "Poland", "Ghana"]
MONTHS = ["March", "April", "May", "June", "July"]


def write_corpus(path: Path, n: int = N, seed: int = 3, prefix: str = "conc") -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            who, where = rng.choice(NAMES), rng.choice(PLACES)
            body = (f"\u201cThe harbour deal number {i} is final,\u201d said {who} in {where} on "
                    f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2018, 2025)}.\n\n"
                    f"Ministers from {where} and {rng.choice(PLACES)} met again in {rng.randint(2018, 2025)}.")
            f.write(json.dumps({"url": f"https://{prefix}.example/{i}", "title": f"Harbour {i}",
                                "body": body}) + "\n")


def cli(db: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", "--db", str(db), *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def started_db(tmp_path):
    """A database that already has a schema and one article, and a big corpus to ingest into it."""
    db = tmp_path / "c.db"
    seed = tmp_path / "seed.jsonl"
    write_corpus(seed, 1, seed=99, prefix="seed")    # a text of its own: a copy would be a duplicate
    assert cli(db, "ingest", str(seed)).returncode == 0
    big = tmp_path / "big.jsonl"
    write_corpus(big)
    return db, big


def test_readers_while_an_ingest_writes(started_db):
    import db as dbmod
    from db import queries

    db, big = started_db
    writer = subprocess.Popen([sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--json", str(big)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads = cli_reads = 0
    problems: list[str] = []
    seen_growth = set()

    def cli_reader():
        nonlocal cli_reads
        while writer.poll() is None:
            for args in (("timeline", "--json", "--limit", "50"), ("search", "harbour", "--json", "--limit", "20"),
                         ("articles", "--json", "--limit", "20"), ("quotes", "--json", "--limit", "20")):
                p = cli(db, *args)
                cli_reads += 1
                if p.returncode != 0 or "Traceback" in p.stderr or "locked" in p.stderr:
                    problems.append(f"{args}: exit {p.returncode}: {p.stderr[-500:]}")
                else:
                    try:
                        assert isinstance(json.loads(p.stdout), list)
                    except (ValueError, AssertionError):
                        problems.append(f"{args}: not a JSON array: {p.stdout[:200]!r}")

    t = threading.Thread(target=cli_reader)
    t.start()
    conn = dbmod.connect(db, create=False)
    try:
        while writer.poll() is None:
            try:
                n = queries.count_articles(conn)
                seen_growth.add(n)
                queries.timeline(conn, limit=50)
                queries.search(conn, "harbour deal", limit=20)
                queries.search(conn, "harbour", kind="quote", limit=20)
                queries.quotes(conn, queries.Filters(text="final"), limit=20)
                queries.articles(conn, queries.Filters(text="harbour"), limit=20)
                queries.countries(conn)
                reads += 1
            except Exception as e:  # noqa: BLE001 - any failure is what we look for
                problems.append(f"queries: {type(e).__name__}: {e}")
                break
            time.sleep(0.01)
    finally:
        conn.close()
        t.join(timeout=600)
    out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0, err[-2000:]
    assert not problems, problems[:5]
    assert reads > 0 and cli_reads > 0
    print(f"\nconcurrent reads: {reads} query rounds, {cli_reads} CLI reads, {len(seen_growth)} distinct counts seen")
    counts = assert_sound(db)
    assert counts["articles"] == N + 1


def test_second_ingest_waits_or_says_busy(started_db, tmp_path):
    db, big = started_db
    other = tmp_path / "other.jsonl"
    write_corpus(other, 300, seed=11, prefix="other")
    first = subprocess.Popen([sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--json", str(big)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    second = cli(db, "ingest", "--json", str(other), timeout=600)
    out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err[-2000:]
    assert "Traceback" not in second.stderr, second.stderr
    print(f"\nsecond ingest: exit {second.returncode}: {second.stderr.strip()[-200:]!r}")
    if second.returncode == 0:
        assert json.loads(second.stdout)["new"] == 300
        expected = N + 1 + 300
    else:
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "busy" in lines[0], second.stderr
        expected = N + 1
    assert assert_sound(db)["articles"] == expected


def test_two_ingests_of_the_same_file_double_nothing(started_db, tmp_path):
    db, big = started_db
    base = assert_sound(db)
    procs = [subprocess.Popen([sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--json", str(big)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert "Traceback" not in err, err[-2000:]
        assert p.returncode == 0 or "busy" in err, err[-2000:]
    ref = tmp_path / "ref.db"
    assert cli(ref, "ingest", str(big)).returncode == 0
    ref_counts = assert_sound(ref)
    counts = assert_sound(db)
    assert counts == {k: base[k] + ref_counts[k] for k in counts}     # every article once, with its rows
    c = sqlite3.connect(str(db))
    assert c.execute("SELECT count(*) FROM (SELECT source FROM articles GROUP BY source HAVING count(*) > 1)"
                     ).fetchone()[0] == 0
    c.close()


def test_two_first_ingests_race_on_a_new_database(tmp_path):
    """Two processes open a brand-new database at once: the second must not re-run the migration.

    Deterministic: a plain connection holds the write lock while `db.connect` in a thread has
    already read user_version = 0 and waits; the first then creates the schema and commits.
    """
    import db as dbmod
    from db import schema

    path = tmp_path / "new.db"
    first = sqlite3.connect(str(path), isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    first.execute("CREATE TABLE scratch (x)")
    first.execute("DROP TABLE scratch")          # a header on disk, no tables, user_version 0
    first.execute("BEGIN IMMEDIATE")
    result: dict = {}

    def second():
        try:
            c = dbmod.connect(path)
            result["tables"] = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            c.close()
        except Exception as e:  # noqa: BLE001
            result["error"] = f"{type(e).__name__}: {e}"

    t = threading.Thread(target=second)
    t.start()
    time.sleep(0.5)                              # the second is now waiting on the write lock
    first.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")   # what a migration would
    first.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    first.execute("COMMIT")
    first.close()
    t.join(timeout=60)
    assert "error" not in result, result.get("error")
    assert "articles" in result["tables"]
