"""The ingest run: read -> decide what each article needs -> extract (maybe in parallel) ->
store in batches.

What is stored already is decided here and nowhere else (``Worklist``): the pipeline extracts
the articles it is handed, the store writes what it is given. No terminal code here:
progress goes to a callback, so the CLI, the app and the benchmarks drive the same run.
"""
from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from db.store import Copy, Store, StoredSources
from ingest.model import Article, Ingested, ReadError
from ingest.pipeline import Input, Workers, held_bytes, list_inputs

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
# small segments of their own, one a batch stored after it (two such: searches no slower,
# measured at 200k; see TAIL_BATCH for when there are more). Only once this
# much is stored: what is still in flight must stay a small part of the index.
EARLY_OPTIMIZE_MIN = 10 * BATCH
# What the batch holds when the last result comes is stored on one core, the workers done
# (up to a whole batch). So once the input is all with the workers, the batch is stored once
# more when it would otherwise wait for a result, holds at least as many articles as are
# still to come, and at least this many: once, since each commit has a cost of its own
# (tens of ms of the writer's CPU), which more, smaller, batches would add.
TAIL_BATCH = BATCH // 6
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
    people: set[int] = field(default_factory=set)   # stored person ids: what the app counts
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
    return run_inputs(conn, list_inputs(paths), workers=workers, progress=progress, optimize=optimize)


def run_inputs(conn: sqlite3.Connection, inputs: Iterable[Input], *, workers: int = 1,
               progress: Progress | None = None, optimize: bool = True) -> Summary:
    """The same run over articles (or files) from elsewhere: the pages ``briefing update``
    fetched go through exactly the extraction and store that files do."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(conn, inputs, workers, progress, optimize)
    finally:
        if enabled:
            gc.enable()


@dataclass
class Unchanged:
    """An article read that is stored with this content under this name: nothing to do."""
    source: str


class Worklist:
    """What each article read needs, decided once, in input order: extracting (it is new, or
    its source is stored with other content), recording as another location of the stored
    article with its text (``Copy``), or nothing (``Unchanged``)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._stored: StoredSources = store.stored_sources()
        self._seen: set[str] = set()
        self._pending: set[str] = set()     # text hashes handed out for extraction, not yet stored
        self.changed: set[str] = set()      # sources stored with other content: updates

    def work(self, read: Iterable[Article | ReadError]) -> Iterator[Article | Copy | Unchanged | ReadError]:
        """Each article of ``read`` as the work it needs (an Article: extract it)."""
        for item in read:
            yield self.decide(item) if isinstance(item, Article) else item

    def decide(self, article: Article) -> Article | Copy | Unchanged:
        """The work one article needs. A source stored with other content is re-extracted
        (its article replaced) even when its new text is another article's; a name not stored
        as an article whose text is stored, or handed out earlier in this run, is a copy."""
        self._own_name(article)
        src, h = article.source, article.content_hash()
        stored = self._stored.articles.get(src)
        if stored is not None:
            if stored == h:
                return Unchanged(src)
            self.changed.add(src)
        else:
            located = self._stored.locations.get(src)
            if located == h:
                return Unchanged(src)
            t = article.text_hash()
            if t in self._pending or self._store.has_text(t):
                return Copy(article)
            if located is not None:
                self.changed.add(src)
        self._pending.add(article.text_hash())
        return article

    def stored(self, article: Article) -> None:
        """``article`` is written (or failed to be): its text is the store's to know now."""
        self._pending.discard(article.text_hash())

    def _own_name(self, article: Article) -> None:
        """A source seen twice in this run gets a name of its own (two records with one URL:
        keep both)."""
        if article.source in self._seen:
            n = 2
            while f"{article.source}#{n}" in self._seen:
                n += 1
            article.source = f"{article.source}#{n}"
        self._seen.add(article.source)


def _run(conn: sqlite3.Connection, inputs: Iterable[Input], workers: int, progress: Progress | None,
         optimize: bool) -> Summary:
    store = Store(conn)
    worklist = Worklist(store)
    summary = Summary()
    batch: list[Ingested | Copy] = []

    last_flush = time.monotonic()
    flushes = 0
    batch_bytes = 0
    merged = False                     # the full-text indexes merged beside the workers

    def flush() -> None:
        nonlocal last_flush, flushes, batch_bytes
        batch_bytes = 0
        if not batch:
            last_flush = time.monotonic()
            return
        results = store.write_batch(batch)
        # the next batch's time starts when this write ends, so a slow write never makes the
        # next batch a small one
        last_flush = time.monotonic()
        for item, res in zip(batch, results):
            worklist.stored(item.article)
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
            elif isinstance(item, Ingested):       # new or updated: a copy never is
                if res.outcome == "updated" or item.article.source in worklist.changed:
                    summary.updated += 1
                else:
                    summary.new += 1
                x = item.extraction
                summary.quotes += len(x.quotes)
                summary.events += len(x.events)
                summary.figures += len(x.figures)
                summary.people.update(res.person_ids)
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
        if not optimize or store.written + len(batch) < EARLY_OPTIMIZE_MIN:
            return
        flush()
        store.optimize()
        merged = True
        last_flush = time.monotonic()     # the merge is no reason to commit a batch early

    tail_stored = False

    def idle(left: int) -> None:
        nonlocal tail_stored
        if not tail_stored and len(batch) >= max(TAIL_BATCH, left):
            tail_stored = True
            flush()

    # the workers keep extracting while a batch is stored: two batches' worth handed out ahead
    # (and read further ahead still, see Workers.read)
    ahead = 2 * BATCH
    with Workers(workers) as pool:
        for res in pool.extract(worklist.work(pool.read(inputs, ahead=ahead)), ahead=ahead, drained=drained,
                                idle=idle):
            if isinstance(res, ReadError):
                error(res)
                continue
            if isinstance(res, Unchanged):
                summary.unchanged += 1
                if progress:
                    progress(res.source, summary, None)
                continue
            batch.append(res)
            batch_bytes += held_bytes(res.article)
            if len(batch) >= BATCH or batch_bytes >= BATCH_BYTES or time.monotonic() - last_flush >= FLUSH_SECONDS:
                flush()
    flush()
    backfill_subjects(conn, store)
    if optimize and store.written >= 1000 and not merged:
        store.optimize()
    return summary


def backfill_subjects(conn: sqlite3.Connection, store: Store, batch: int = 500) -> int:
    """Work out the subject countries of articles stored before briefing recorded them (schema
    v11), from their stored text and country mentions; the database layer cannot, it runs no
    extractor. Nothing to do costs one lookup in a partial index. Returns the articles done."""
    from db.queries import articles_without_subject
    from ingest.extract.countries import subject_countries
    from ingest.model import CountryMention

    from ingest.pipeline import EXTRACT_LIMIT

    def subject(title: str | None, body: str, mentions: list) -> list[str]:
        # the mentions were found in at most the extracted part of the body; an article the
        # rule fails on counts for no subject (not retried on every ingest)
        try:
            return subject_countries(body[:EXTRACT_LIMIT], [CountryMention(m.iso3, m.start, m.end, m.surface, m.kind)
                                                            for m in mentions], title or "")
        except Exception:  # noqa: BLE001 - one odd stored article must not fail every ingest
            return []

    done = 0
    while rows := articles_without_subject(conn, batch):
        store.set_subjects({aid: subject(title, body, mentions) for aid, title, body, mentions in rows})
        done += len(rows)
    return done
