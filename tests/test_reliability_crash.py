"""Issue 6, crash safety: SIGKILL at random moments of an ingest loses nothing and doubles nothing.

A corpus of a few thousand short JSONL articles (invented: quotes with "said NAME", dates,
countries) is ingested once cleanly for reference counts. Then `python -m briefing ingest`
is killed with SIGKILL at random (seeded) points of its run, nine times; after every kill the
database must pass PRAGMA integrity_check and the FTS integrity-checks, hold no orphan rows,
and every article it holds must have exactly the rows the clean run extracted for it. A
final ingest must end with the clean run's counts, article by article.
"""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.soundness import assert_sound

pytestmark = pytest.mark.slow            # end to end: left out of `pytest -m "not slow"`

REPO = Path(__file__).resolve().parent.parent
N_ARTICLES = 1500


FIRST = ["Ines", "Piet", "Hana", "Oskar", "Maud", "Tariq", "Lena", "Bruno", "Yara", "Emil", "Sofia", "Karim"]
LAST = ["Calloway", "Vromans", "Kobel", "Lindgren", "Ferrant", "Osei", "Holm", "Maffei", "Dragan", "Quist"]
ROLES = ["the finance minister", "a spokeswoman for the ministry", "the port director", "the mayor",
         "a senior diplomat", "the union leader"]
COUNTRIES = ["Norway", "Chile", "Kenya", "Portugal", "Japan", "Canada", "Poland", "Ghana", "Peru", "Finland",
             "Estonia", "Morocco", "Vietnam", "Iceland", "Uruguay"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
THINGS = ["the new bridge", "the grain deal", "the rail tender", "the fishing quota", "the energy plan",
          "the border talks", "the water treaty", "the school reform"]
VERBS = ["will be finished", "is not acceptable", "must be signed", "can still work", "will cost more",
         "was delayed again"]


def write_corpus(path: Path, n: int = N_ARTICLES, seed: int = 6) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            c1, c2 = rng.sample(COUNTRIES, 2)
            day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2015, 2025)
            thing, verb = rng.choice(THINGS), rng.choice(VERBS)
            paras = [
                f"\u201c{thing.capitalize()} {verb},\u201d said {who}, {rng.choice(ROLES)}, in {c1} on "
                f"{day} {month} {year}.",
                f"Talks between {c1} and {c2} resumed in {rng.choice(MONTHS)} {year}. "
                f"Officials said spending rose by {rng.randint(1, 9)}.{rng.randint(0, 9)}% last year.",
            ]
            if rng.random() < 0.6:
                paras.append(f"\"We are ready for {thing},\" {other} told reporters on {rng.randint(1, 28)} "
                             f"{rng.choice(MONTHS)} {year}.")
            if rng.random() < 0.3:
                paras.append(f"Item {i} was filed from {c2}.")
            rec = {"url": f"https://crash.example/{i}", "title": f"Story {i}: {thing} in {c1}",
                   "published": f"{year}-{MONTHS.index(month) + 1:02d}-{day:02d}T09:00:00Z",
                   "author": rng.choice(FIRST) + " " + rng.choice(LAST), "body": "\n\n".join(paras)}
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


# The kills must land while articles are being written. The product commits 1,000 articles at
# a time (BATCH); with commits of 100, a 1,500-article run has 15 of them to land in. What is
# tested, that a kill keeps or loses whole articles, does not depend on the batch size.
_INGEST = ("import sys; import briefing.ingest_run as run; run.BATCH = 100; "
           "from briefing.cli import main; sys.exit(main())")


def ingest_cmd(db: Path, src: Path) -> list[str]:
    return [sys.executable, "-c", _INGEST, "--db", str(db), "ingest", "--json", str(src)]


def per_article(db: Path) -> dict[str, tuple[int, int, int]]:
    """source -> (quotes, events, figures) of every stored article."""
    c = sqlite3.connect(str(db))
    try:
        return {s: (q, e, f) for s, q, e, f in c.execute(
            "SELECT a.source, (SELECT count(*) FROM quotes WHERE article_id = a.id),"
            " (SELECT count(*) FROM events WHERE article_id = a.id),"
            " (SELECT count(*) FROM figures WHERE article_id = a.id) FROM articles a")}
    finally:
        c.close()


def article_count(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    src = d / "corpus.jsonl"
    write_corpus(src)
    ref = d / "ref.db"
    proc = subprocess.run(ingest_cmd(ref, src), cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    assert summary["new"] == N_ARTICLES and summary["failed"] == 0
    counts = assert_sound(ref)
    assert counts["articles"] == N_ARTICLES and counts["quotes"] > N_ARTICLES and counts["events"] > N_ARTICLES
    return {"src": src, "ref": ref, "counts": counts, "per_article": per_article(ref), "dir": d}


def _kill_once(db: Path, src: Path, rng: random.Random, workers: int = 1, early: bool = False,
               group: int = 0) -> dict:
    """Start an ingest and SIGKILL it at a random point of its writing (seeded).

    ``early``: at a random moment of its first second instead (start-up, schema creation).
    ``group``: once its process group has this many members (its workers have started),
    however far the writing is: a fast ingest may commit its only batch just before it ends.
    """
    cmd = ingest_cmd(db, src) + (["--workers", str(workers)] if workers > 1 else [])
    before = article_count(db) if db.exists() else 0
    # a random article count to pass, then a random moment inside the batch being written after it
    target = rng.randrange(before + 1, N_ARTICLES) if before + 1 < N_ARTICLES else N_ARTICLES
    # short: with compiled extractors the whole corpus ingests in about a second
    extra = rng.uniform(0.0, 0.15)
    if early:
        target, extra = 0, rng.uniform(0.05, 0.5)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    if group:
        extra = rng.uniform(0.0, 0.2)
        while proc.poll() is None and len(_group_members(proc.pid)) < group:
            time.sleep(0.005)
    while not group and proc.poll() is None and (not db.exists() or article_count(db) < target):
        time.sleep(0.01)
    deadline = time.monotonic() + extra
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    return {"pid": proc.pid, "pgid": proc.pid, "finished": finished, "delay": time.monotonic() - t0,
            "target": target, "err": err}


def test_sigkill_mid_ingest_loses_and_doubles_nothing(corpus, tmp_path):
    rng = random.Random(20250606)
    ref_counts, ref_rows = corpus["counts"], corpus["per_article"]
    kills = mid_write = 0
    log = []
    # round 0: a kill in the first second (start-up, schema); rounds 1-5: one kill into a fresh
    # database while it writes; round 6: three kills in a row into the same one
    for round_ in range(7):
        db = tmp_path / f"kill{round_}.db"
        for _ in range(3 if round_ == 6 else 1):
            r = _kill_once(db, corpus["src"], rng, early=round_ == 0)
            assert "Traceback" not in r["err"], r["err"]
            if not r["finished"]:
                kills += 1
            if not db.exists():
                log.append((round_, round(r["delay"], 2), "before the database existed"))
                continue
            counts = assert_sound(db)                 # integrity, FTS, no orphans after the kill
            stored = per_article(db)
            # no article without everything extracted from it
            bad = {s: (v, ref_rows.get(s)) for s, v in stored.items() if ref_rows.get(s) != v}
            assert not bad, f"partial articles after a kill: {list(bad.items())[:5]}"
            if 0 < counts["articles"] < N_ARTICLES:
                mid_write += 1
            log.append((round_, round(r["delay"], 2), r["target"], counts["articles"]))
        proc = subprocess.run(ingest_cmd(db, corpus["src"]), cwd=REPO, capture_output=True, text=True,
                              timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        summary = json.loads(proc.stdout)
        assert summary["failed"] == 0 and summary["updated"] == 0
        assert summary["new"] + summary["unchanged"] == N_ARTICLES
        assert assert_sound(db) == ref_counts          # nothing lost, nothing doubled
        assert per_article(db) == ref_rows             # ... article by article
    print(f"\ncrash test: {kills} SIGKILLs ({mid_write} while articles were being written), "
          f"0 rows lost; reference {ref_counts}; (round, s after start, kill after article, articles kept): {log}")
    assert kills >= 7, log
    assert mid_write >= 5, f"too few kills landed while writing: {log}"


def test_sigkill_with_worker_processes_leaves_no_orphans(corpus, tmp_path):
    """`--workers 2` killed with SIGKILL: its extraction processes must not live on."""
    db = tmp_path / "workers.db"
    rng = random.Random(7)
    r = _kill_once(db, corpus["src"], rng, workers=2, group=3)      # the ingest and its 2 workers
    if r["finished"]:
        pytest.skip("the ingest finished before the kill")
    pgid = r["pgid"]
    try:
        deadline = time.monotonic() + 10
        alive = _group_members(pgid)
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = _group_members(pgid)
        assert not alive, f"worker processes {alive} outlived their killed ingest"
    finally:
        if _group_members(pgid):
            os.killpg(pgid, signal.SIGKILL)     # the group this test started
    if db.exists():
        assert_sound(db)
        stored = per_article(db)
        assert all(corpus["per_article"][s] == v for s, v in stored.items())


def _group_members(pgid: int) -> list[int]:
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.append(int(d))
    return out
