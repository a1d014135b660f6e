"""The ingest run: read -> skip unchanged -> extract (maybe in parallel) -> store in batches.

No terminal code here: progress goes to a callback, so the CLI, the app and the benchmarks
drive the same run.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

from db.store import Store
from ingest.model import Article, Ingested, ReadError
from ingest.pipeline import Unextracted, Unit, process, process_all, read_units, unit_bytes

# Articles per transaction. FTS5 writes a segment (and merges segments) at every commit, and
# every index page an article touches is written once per commit however many articles
# touched it: a commit per 1,000 articles costs half what one per 200 does (0.09 vs 0.17 ms an
# article into a 200k database), and one per 3,000 a tenth less again (the writer: 0.37 vs
# 0.34 ms an article of 20,000 into a 180k database). A slow input still commits every
# FLUSH_SECONDS, so progress and readers of the database keep up.
BATCH = 3000
FLUSH_SECONDS = 2.0
# ... and a batch is stored once its articles hold this many bytes of text, whatever their
# number: 3,000 articles of 10 MB each would be 30 GB waiting in memory.
BATCH_BYTES = 64 << 20
# The full-text indexes are merged into one segment each at the end of a large run (3% of a
# 200k ingest, on one core while the other waits). With workers, the merge starts as soon as
# the input is all handed out, beside the workers' last ~2 batches, whose rows then stay in
# two small segments of their own (searches: no slower, measured at 200k). Only once this
# much is stored: what is still in flight must stay a small part of the index.
EARLY_OPTIMIZE_MIN = 10 * BATCH
# Below this much input, forking workers (each needs the gazetteers) costs more than it saves.
AUTO_PARALLEL_BYTES = 4 << 20


def auto_workers(paths: list[str]) -> int:
    """Extraction processes for an ingest the user did not size: every CPU this process may
    use once the input is large enough to repay starting them, else one."""
    import os

    from ingest.readers import iter_inputs

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus <= 1:
        return 1
    total = 0
    for p in iter_inputs(paths):
        if isinstance(p, ReadError):
            continue
        try:
            total += p.stat().st_size
        except OSError:
            continue
        if total >= AUTO_PARALLEL_BYTES:
            return cpus
    return 1


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    skipped: int = 0                 # files that are not articles (README, images), named in skipped_files
    duplicates: int = 0              # copies of a stored article under another name: kept as its locations
    quotes: int = 0
    events: int = 0
    figures: int = 0
    people: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    errors: list[ReadError] = field(default_factory=list)
    skipped_files: list[ReadError] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.unchanged + self.updated + self.failed + self.duplicates

    def as_dict(self) -> dict:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated, "failed": self.failed,
                "skipped": self.skipped,
                "duplicates": self.duplicates, "quotes": self.quotes, "events": self.events, "figures": self.figures,
                "people": len(self.people), "countries": len(self.countries),
                "errors": [{"source": e.source, "reason": e.reason} for e in self.errors],
                "skipped_files": [{"source": e.source, "reason": e.reason} for e in self.skipped_files]}


Progress = Callable[[str, Summary, "ReadError | None"], None]


# A batch in flight is a few hundred thousand short-lived objects, and none of them is in a
# reference cycle: collecting them every 700 allocations (Python's default) walked them again
# and again, a tenth of the writer's time, and every 10,000 still 5%. During a run this
# process collects only after every GC_EVERY batches (cycles from an odd error path are
# freed at most that late); the collector's state is put back when the run ends.
GC_EVERY = 10


def run_ingest(conn: sqlite3.Connection, paths: list[str], *, workers: int = 1,
               progress: Progress | None = None, optimize: bool = True) -> Summary:
    return run_units(conn, read_units(paths), workers=workers, progress=progress, optimize=optimize)


def run_units(conn: sqlite3.Connection, units: Iterable[Unit], *, workers: int = 1,
              progress: Progress | None = None, optimize: bool = True) -> Summary:
    """The same run over articles (or files) from elsewhere: the pages ``briefing update``
    fetched go through exactly the extraction and store that files do."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(conn, units, workers, progress, optimize)
    finally:
        if enabled:
            gc.enable()


def _run(conn: sqlite3.Connection, units: Iterable[Unit], workers: int, progress: Progress | None,
         optimize: bool) -> Summary:
    store = Store(conn)
    known = store.stored_hashes()
    summary = Summary()
    seen_sources: set[str] = set()
    batch: list[Ingested] = []
    updating: set[str] = set()

    def admit(article: Article) -> bool:
        """In input order: give a source seen twice in this run a name of its own (two
        records with one URL: keep both); False when the stored copy is identical."""
        if article.source in seen_sources:
            n = 2
            while f"{article.source}#{n}" in seen_sources:
                n += 1
            article.source = f"{article.source}#{n}"
        seen_sources.add(article.source)
        old = known.get(article.source)
        if old is not None and old == article.content_hash():
            return False
        if old is not None:
            updating.add(article.source)
        return True

    last_flush = time.monotonic()
    flushes = 0
    batch_bytes = 0
    merged = False                     # the full-text indexes merged beside the workers

    def flush() -> None:
        nonlocal last_flush, flushes, batch_bytes
        last_flush = time.monotonic()
        batch_bytes = 0
        if not batch:
            return
        for item, res in zip(batch, store.write_batch(batch)):
            if res.outcome == "failed":
                summary.failed += 1
                err = ReadError(item.article.source, f"could not store: {res.error}")
                summary.errors.append(err)
                if progress:
                    progress(item.article.source, summary, err)
                continue
            if res.outcome == "unchanged":
                summary.unchanged += 1
            elif res.outcome == "duplicate":
                summary.duplicates += 1
            else:
                if res.outcome == "updated" or item.article.source in updating:
                    summary.updated += 1
                else:
                    summary.new += 1
                x = item.extraction
                summary.quotes += len(x.quotes)
                summary.events += len(x.events)
                summary.figures += len(x.figures)
                summary.people.update(p.name for p in x.people)
                summary.countries.update(m.iso3 for m in x.countries)
            if progress:
                progress(item.article.source, summary, None)
        batch.clear()
        flushes += 1
        if flushes % GC_EVERY == 0:
            import gc

            gc.collect(1)      # young now: the batches in flight, not the one just stored

    def error(e: ReadError) -> None:
        if e.skipped:
            summary.skipped += 1
            summary.skipped_files.append(e)
        else:
            summary.failed += 1
            summary.errors.append(e)
        if progress:
            progress(e.source, summary, e)

    def drained() -> None:
        nonlocal last_flush, merged
        if not optimize:
            return
        flush()
        if store.written >= EARLY_OPTIMIZE_MIN:
            store.optimize()
            merged = True
            last_flush = time.monotonic()     # the merge is no reason to commit a batch early

    # the workers keep extracting while a batch is stored: two batches' worth handed out ahead
    for res in process_all(units, workers=workers, known=known, ahead=2 * BATCH,
                           drained=drained):
        if isinstance(res, ReadError):
            error(res)
            continue
        article = res.article if isinstance(res, (Ingested, Unextracted)) else None
        if article is None or not admit(article):
            summary.unchanged += 1
            if progress:
                progress(article.source if article else res.source, summary, None)
            continue
        if isinstance(res, Unextracted):
            # identical to what was stored under its first name, but renamed as a duplicate
            res = process(article)
            if isinstance(res, ReadError):
                error(res)
                continue
        batch.append(res)
        batch_bytes += unit_bytes(res.article)
        if len(batch) >= BATCH or batch_bytes >= BATCH_BYTES or time.monotonic() - last_flush >= FLUSH_SECONDS:
            flush()
    flush()
    if optimize and store.written >= 1000 and not merged:
        store.optimize()
    return summary
