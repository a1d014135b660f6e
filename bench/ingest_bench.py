"""Ingest throughput: the product (`briefing ingest` / run_ingest) against a bare sqlite-utils load.

The baseline is what a user without briefing would do with the same JSONL: insert every record
with sqlite-utils into one table whose FTS5 index (same tokenizer) is kept by triggers, WAL and
synchronous=NORMAL like the product, optimise the index at the end. No extraction. Both read
and parse the same file inside the timing.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from bench.measure import PY, child_env, run_child


def _fresh(path: Path) -> None:
    """No database at ``path``, and nothing of an earlier run still being written: each timed
    ingest starts with no dirty pages of another (the product's 700 MB, or the removed file's)
    for the kernel to write back on the same two cores while it runs. Without this the two
    baseline runs that bracket the product read up to 40 % apart."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.sync()


# ---- baseline ------------------------------------------------------------------------------
def baseline_ingest(jsonl: Path, db_path: Path) -> dict:
    """Bare load: sqlite-utils insert_all into one FTS5-indexed table (triggers), no extraction."""
    import sqlite_utils

    from db.schema import FTS_TOKENIZE

    _fresh(db_path)
    t0 = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    table = db["articles"]
    table.create({"id": int, "source": str, "title": str, "body": str, "published": str, "places": str}, pk="id")
    table.enable_fts(["title", "body"], create_triggers=True, tokenize=FTS_TOKENIZE)

    def rows():
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    yield {"source": r.get("url") or r.get("id"), "title": r.get("title"), "body": r.get("body"),
                           "published": r.get("date"), "places": " ".join(r.get("places") or [])}

    table.insert_all(rows(), batch_size=200)
    table.optimize()
    n = table.count
    db.close()
    seconds = time.perf_counter() - t0
    return {"articles": n, "seconds": seconds, "rate": n / seconds if seconds else None,
            "db_mb": db_path.stat().st_size / 2**20}


def bracketed(before: dict, after: dict) -> dict:
    """One baseline from runs before and after the product: their mean time, each rate kept."""
    seconds = (before["seconds"] + after["seconds"]) / 2
    n = before["articles"]
    return {**after, "seconds": seconds, "rate": n / seconds if seconds else None,
            "runs": [before["rate"], after["rate"]]}


# ---- product -------------------------------------------------------------------------------
def product_ingest(jsonl: Path, db_path: Path, *, workers: int = 1, via: str = "cli") -> dict:
    """The product's ingest of the same file into a fresh database.

    ``via="cli"`` runs ``python -m briefing ingest --json`` as a user would (start-up included,
    peak memory of that process measured); ``via="api"`` calls run_ingest in this process.
    """
    _fresh(db_path)
    if via == "cli":
        child = run_child([PY, "-m", "briefing", "ingest", "--db", str(db_path), "--workers", str(workers),
                           "--json", str(jsonl)], env=child_env())
        try:
            summary = json.loads(child.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(f"briefing ingest failed (exit {child.returncode}): {child.stderr[-2000:]}") from None
        seconds, peak = child.seconds, child.maxrss_mb
    else:
        import resource

        import db
        from briefing.ingest_run import run_ingest

        t0 = time.perf_counter()
        conn = db.connect(db_path)
        summary = run_ingest(conn, [str(jsonl)], workers=workers).as_dict()
        conn.close()
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    n = summary["new"] + summary["updated"]
    return {"articles": n, "failed": summary["failed"], "seconds": seconds, "rate": n / seconds if seconds else None,
            "workers": workers, "via": via, "peak_mb": peak, "db_mb": db_path.stat().st_size / 2**20,
            "quotes": summary["quotes"], "events": summary["events"], "figures": summary["figures"],
            "people": summary["people"], "countries": summary["countries"],
            "errors": summary["errors"][:5]}


# ---- where the time goes -------------------------------------------------------------------
def stages(jsonl: Path, db_path: Path, n: int = 2000) -> dict:
    """Seconds per 1,000 articles in each stage (read, extract, store), single process, and
    the CPU seconds of each (``*_cpu_s_per_1k``: on a shared machine the wall time is not the
    stage's own).

    Runs the product's own functions one stage at a time on the first ``n`` articles so a
    missed target points at the stage that dominates.
    """
    import db
    from db.store import Store
    from ingest.model import Article
    from ingest.pipeline import process, read_all

    sample = jsonl.with_name(jsonl.stem + f"-head{n}.jsonl")
    with open(jsonl, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    t0, c0 = time.perf_counter(), time.process_time()
    arts = [a for a in read_all([str(sample)]) if isinstance(a, Article)]
    t_read, c_read = time.perf_counter() - t0, time.process_time() - c0
    from ingest.extract import warm_up

    warm_up()          # the lexicons, built once per ingest before any article (not per article)
    t0, c0 = time.perf_counter(), time.process_time()
    done = [process(a) for a in arts]
    t_extract, c_extract = time.perf_counter() - t0, time.process_time() - c0
    ok = [d for d in done if not hasattr(d, "reason")]
    _fresh(db_path)
    conn = db.connect(db_path)
    store = Store(conn)
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(ok), 200):
        store.write_batch(ok[i:i + 200])
    t_store, c_store = time.perf_counter() - t0, time.process_time() - c0
    conn.close()
    k = max(1, len(arts)) / 1000.0
    return {"articles": len(arts), "read_s_per_1k": t_read / k, "extract_s_per_1k": t_extract / k,
            "store_s_per_1k": t_store / k, "read_cpu_s_per_1k": c_read / k,
            "extract_cpu_s_per_1k": c_extract / k, "store_cpu_s_per_1k": c_store / k}


def store_at_scale(jsonl: Path, big_db: Path, work_db: Path, n: int = 2000) -> dict:
    """Seconds per 1,000 articles to store ``n`` more articles into a copy of the largest
    database: what the writer pays at scale (deeper indexes, bigger FTS doclists), which the
    first-2,000 stage above cannot show."""
    import shutil
    from collections import deque
    from dataclasses import replace

    import db
    from briefing.ingest_run import BATCH
    from db.store import Store
    from ingest.model import Article, Ingested
    from ingest.pipeline import process

    _fresh(work_db)
    shutil.copyfile(big_db, work_db)
    # the copy sits in the page cache as dirty pages, and the first checkpoint's fsync would
    # write all of them: ~0.3 s charged to the first batch's COMMIT unless flushed now
    os.sync()
    with open(jsonl, encoding="utf-8") as src:
        tail = list(deque(src, maxlen=n))
    sample = work_db.with_suffix(".jsonl")
    sample.write_text("".join(tail), encoding="utf-8")
    from ingest.pipeline import read_all

    done = [process(a) for a in read_all([str(sample)]) if isinstance(a, Article)]
    ok = [d for d in done if isinstance(d, Ingested)]
    for i, d in enumerate(ok):
        # the tail is stored already: new sources, and new texts (a text stored under another
        # name is written as that article's copy); the line added after the body leaves the
        # extraction's offsets as they are
        d.article = replace(d.article, source=f"bench://at-scale/{i}", body=f"{d.article.body}\n[{i}]")
    conn = db.connect(work_db)
    try:
        base = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        store = Store(conn)
        t0, c0 = time.perf_counter(), time.process_time()
        stored = 0
        for i in range(0, len(ok), BATCH):
            stored += sum(r.outcome == "new" for r in store.write_batch(ok[i:i + BATCH]))
        t, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        conn.close()
        _fresh(work_db)
        sample.unlink(missing_ok=True)
    if stored != len(ok):
        raise RuntimeError(f"store at scale: {stored} of {len(ok)} articles stored as new")
    return {"articles": len(ok), "into": base, "store_s_per_1k": t / max(1, len(ok)) * 1000,
            "store_cpu_s_per_1k": cpu / max(1, len(ok)) * 1000}


def db_counts(db_path: Path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "quotes", "events", "people", "figures")}
    finally:
        conn.close()
