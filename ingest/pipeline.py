"""file -> Article -> Extraction, pure and parallelisable.

Files are read and their articles extracted in worker processes (an HTML page costs as much
to read as to extract); records streamed from a JSONL file, or from any file too big to
hand over whole, are read here and only their extraction goes to a worker. Nothing here
touches the database: the caller says what is stored already (``known``) and writes the
results.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Union

from ingest.model import Article, Extraction, Ingested, ReadError
from ingest.readers.jsonl import RawLine, parse_raw_line, raw_source


@dataclass
class Skipped:
    """An article already stored with the same content: passes through untouched."""
    source: str


@dataclass
class Unextracted:
    """An article read but not extracted, because ``known`` held it with the same content
    when it was read. The caller decides (it may rename a duplicate source and then need
    the extraction after all)."""
    article: Article


Item = Union[Article, ReadError, Skipped]
Unit = Union[Path, Article, RawLine, ReadError, Skipped]
Result = Union[Ingested, ReadError, Skipped, Unextracted]

# A file this big is read in the calling process, its articles handed out one by one: a
# worker would return all of them (a 60 MB JSON array) in one message.
READ_HERE_BYTES = 4 << 20


# Windows of workers * chunksize * WINDOW_CHUNKS units are handed out: files go chunksize to a
# message, records (JSONL lines, articles read here: a fraction of a file's work each) a whole
# window to a message, since every message costs both ends the same pickling and waking.
# 20k Reuters articles, alternating runs: 128 records a message 1,844 and 1,915/s, 256 2,008
# and 1,954/s (and 32 before that: 4% slower than 128).
WINDOW_CHUNKS = 4

# Bytes of input handed out ahead of the one being yielded, at most (one unit bigger than
# this alone still goes, by itself): a count alone let 6,144 records of 10 MB each (60 GB)
# be in flight. Each unit's result (the article it read, its extraction) is of its size.
INFLIGHT_BYTES = 64 << 20


# Extraction reads at most this much of a body: a 20 MB "article" (a log, a book) is stored
# and searchable whole, but quotes, people and dates come from its first megabytes, so one
# pathological file cannot take the memory or the time of a whole ingest.
EXTRACT_LIMIT = 2_000_000

# CPU seconds one article's extraction may take (ingest.deadline). Every extractor is linear
# in its input, and a 2 MB body of the worst inputs tried takes a few seconds; past this the
# article is stored with what was found, marked as cut short, and the ingest goes on.
ARTICLE_BUDGET = 5.0


def process(item: Item) -> Result:
    """Extract one article; an extractor bug becomes a per-article error, never a crash."""
    if not isinstance(item, Article):
        return item
    x = _extraction(item)
    return x if isinstance(x, ReadError) else Ingested(item, x)


def _extraction(item: Article) -> Extraction | ReadError:
    """The extraction, or the per-article error an extractor bug became."""
    from dataclasses import replace

    from ingest.deadline import Deadline
    from ingest.extract import extract, warm_up

    try:
        warm_up()                       # the tables are built outside any article's budget
        deadline = Deadline(ARTICLE_BUDGET)
        if len(item.body) > EXTRACT_LIMIT:
            cut = item.body.rfind("\n", 0, EXTRACT_LIMIT)
            x = extract(replace(item, body=item.body[: cut if cut > 0 else EXTRACT_LIMIT]), deadline)
        else:
            x = extract(item, deadline)
    except Exception as e:  # noqa: BLE001 - one bad article must not stop the run
        return ReadError(item.source, f"extraction failed: {type(e).__name__}: {e}")
    return x


def process_all(items: Iterable[Unit], workers: int = 1, chunksize: int = 32,
                known: Mapping[str, str] | None = None, ahead: int = 0,
                drained: Callable[[], None] | None = None) -> Iterator[Result]:
    """Results in input order. A Path is read (in a worker when workers > 1) and gives one
    result per record in it; an Article or a RawLine gives one result (none for a blank
    line); anything else passes through.
    An article whose source ``known`` maps to its content hash is not extracted.
    With workers, about ``ahead`` units (at least three windows) are handed out ahead of the
    one being yielded: a consumer that stops to store a batch should set it above the batch
    size, or the workers run dry while it stores.
    ``drained`` is called once, in the consumer's thread between two results, when the whole
    input is handed out and workers are still extracting: the last stretch in which the
    consumer's own work (an index merge) runs beside theirs instead of after it."""
    global _KNOWN
    _KNOWN = known or {}
    try:
        yield from (_serial(items) if workers <= 1 else _parallel(items, workers, chunksize, ahead, drained))
    finally:
        _KNOWN = {}


def _serial(items: Iterable[Unit]) -> Iterator[Result]:
    for unit in items:
        if not isinstance(unit, (Path, Article, RawLine)):
            yield unit
            continue
        yield from _expand(unit, _work(unit))


def unit_bytes(unit: Unit) -> int:
    """About the memory a unit and its result hold while in flight: the size of its text."""
    if isinstance(unit, Article):
        return len(unit.body) + sum(len(s) for s in (unit.title, unit.byline, unit.source) if s)
    if isinstance(unit, RawLine):
        return len(unit.data)
    if isinstance(unit, Path):
        try:
            return unit.stat().st_size
        except OSError:
            return 0                    # the worker reports the error
    return 0


_END = object()


class Feeder:
    """Units taken from the input in windows bounded by a count and by the bytes in flight:
    a window ends where the next unit would take the bytes handed out and not yet released
    past ``limit`` (a unit bigger than ``limit`` goes alone, when nothing else is out)."""

    def __init__(self, items: Iterable[Unit], limit: int | None = None) -> None:
        self._it = iter(items)
        self._held: tuple[Unit, int] | None = None     # taken from the input, not handed out
        self.limit = INFLIGHT_BYTES if limit is None else limit
        self.inflight = 0
        self.exhausted = False

    def take(self, count: int) -> tuple[list[Unit], int]:
        """Up to ``count`` units that fit, and their bytes (now in flight)."""
        out: list[Unit] = []
        total = 0
        while len(out) < count:
            if self._held is not None:
                unit, n = self._held
                self._held = None
            else:
                unit = next(self._it, _END)
                if unit is _END:
                    self.exhausted = True
                    break
                n = unit_bytes(unit)
            if self.inflight + total + n > self.limit and (out or self.inflight):
                self._held = (unit, n)
                break
            out.append(unit)
            total += n
        self.inflight += total
        return out, total

    def release(self, nbytes: int) -> None:
        """A window's results are all yielded: its bytes are no longer in flight."""
        self.inflight -= nbytes


def _parallel(items: Iterable[Unit], workers: int, chunksize: int, ahead: int = 0,
              drained: Callable[[], None] | None = None) -> Iterator[Result]:
    import gc
    import multiprocessing as mp
    from collections import deque

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    # Pool.imap would drain the whole input into its task queue (a 200k-article file in
    # memory); feed it in windows instead, ``depth`` windows in flight, so the workers have
    # queued work while this process reads the next window or stores the last one; no more
    # than INFLIGHT_BYTES of input out at once, however big the records.
    window = max(1, workers * chunksize * WINDOW_CHUNKS)
    depth = max(3, -(-ahead // window))
    feeder = Feeder(items)
    exhausted = False
    pool = None
    inflight: deque[tuple[list[Unit], list[bool], Iterator, int]] = deque()
    try:
        while True:
            while len(inflight) < depth and not exhausted:
                chunk, nbytes = feeder.take(window)
                if not chunk:
                    if feeder.exhausted:
                        exhausted = True
                        if drained is not None and pool is not None and inflight:
                            drained()
                    break                   # or no room: the oldest window is yielded first
                if _KNOWN:
                    # a record whose source is stored already is parsed here, to compare
                    chunk = [p for p in (parse_raw_line(u) if isinstance(u, RawLine) and _maybe_stored(u) else u
                                         for u in chunk) if p is not None]
                # an article stored with this content already needs no worker at all
                sent = [isinstance(u, (Path, RawLine)) or (isinstance(u, Article) and not _stored(u))
                        for u in chunk]
                if any(sent) and pool is None:
                    from ingest.extract import warm_up

                    # build the gazetteers and caches once here, so every forked worker starts
                    # with them (and inherits _KNOWN); a re-run with nothing new forks nothing
                    warm_up()
                    # workers inherit the heap frozen: their collections never walk (or, by
                    # touching, copy) the gazetteers and modules the parent built. Thawed
                    # again here unless the caller had frozen a heap of its own (an app).
                    thaw = gc.get_freeze_count() == 0
                    gc.freeze()
                    try:
                        pool = ctx.Pool(workers, initializer=_worker_init)
                    finally:
                        if thaw:
                            gc.unfreeze()
                todo = [u for u, w in zip(chunk, sent) if w]
                per = chunksize if any(isinstance(u, Path) for u in todo) else max(1, len(todo))
                inflight.append((chunk, sent, pool.imap(_work_packed, todo, per) if todo else iter(()), nbytes))
            if not inflight:
                break
            done, flags, results, nbytes = inflight.popleft()
            for unit, worked in zip(done, flags):
                if not worked:
                    yield Unextracted(unit) if isinstance(unit, Article) else unit
                    continue
                yield from _expand(unit, _unpack(next(results)))
            del done, flags, results
            feeder.release(nbytes)
    finally:
        if pool is not None:
            pool.terminate()


# Workers yield the CPU to the process that consumes their results: it stores them in order,
# one at a time, and is the pipeline's narrowest point. With the workers as busy as the
# writer on two cores, the writer got two thirds of a core; this way it gets nearly all of
# one and the workers the rest (20k articles: 15.6 s instead of 18.0 s).
WORKER_NICENESS = 10


# An extraction allocates tens of thousands of short-lived objects; with Python's default
# threshold (700) the youngest generation is collected dozens of times per article.
WORKER_GC_THRESHOLD = (10_000, 10, 10)


def _worker_init() -> None:
    """Lower priority (above), and the garbage collector on, less often: the consumer may
    have turned its own off for the run, and a worker parsing HTML makes cycles of its own."""
    import gc
    import os

    gc.set_threshold(*WORKER_GC_THRESHOLD)
    gc.enable()
    if hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError:
            pass


def _maybe_stored(raw: RawLine) -> bool:
    src = raw_source(raw)
    return src is None or src in _KNOWN


def _stored(a: Article) -> bool:
    h = _KNOWN.get(a.source)
    return h is not None and h == a.content_hash()


def _hashed(a: Article) -> Article:
    a.content_hash()            # here, not in the writer: they travel back with the article
    a.text_hash()
    return a


_KNOWN: Mapping[str, str] = {}     # source -> content hash stored; set before workers fork


def _work(unit: Path | Article | RawLine) -> list[Result] | Extraction | ReadError | None:
    """What a worker does with one unit. For an Article only the extraction travels back
    (the caller still holds the article, so its body does not travel a second time);
    None: not extracted (already stored). A RawLine is parsed here, and its article
    travels back with the extraction."""
    if isinstance(unit, Article):
        return None if _stored(unit) else _extraction(unit)
    if isinstance(unit, RawLine):
        a = parse_raw_line(unit)
        if not isinstance(a, Article):
            return [] if a is None else [a]
        return [_paired(_hashed(a), None if _stored(a) else _extraction(a))]
    from ingest.readers import read_path

    return [_paired(_hashed(a), None if _stored(a) else _extraction(a)) if isinstance(a, Article) else a
            for a in read_path(unit)]


def _work_packed(unit: Path | Article | RawLine) -> bytes:
    """``_work``'s result as the bytes it travels in, read by the consumer only when it
    takes it: results queued ahead of the writer wait as bytes rather than the several
    times that of objects they become, so a writer that falls behind (6,000 results ahead
    at most) holds a few MB, not tens of MB, of them."""
    return pickle.dumps(_work(unit), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(data: bytes) -> list[Result] | Extraction | ReadError | None:
    return pickle.loads(data)


def _expand(unit: Path | Article | RawLine, out: list[Result] | Extraction | ReadError | None) -> list[Result]:
    """One unit's results: a file's list as it is, an article paired with its extraction."""
    return out if isinstance(out, list) else [_paired(unit, out)]


def _paired(article: Article, out: Extraction | ReadError | None) -> Result:
    if out is None:
        return Unextracted(article)
    return out if isinstance(out, ReadError) else Ingested(article, out)


def read_units(paths: list[str]) -> Iterator[Unit]:
    """What to hand to ``process_all`` for the given paths: small files as paths (read by a
    worker), the records of JSONL and big files as articles read here, errors as they are."""
    from ingest.readers import iter_inputs, read_here, read_path

    for p in iter_inputs(paths):
        if isinstance(p, ReadError) or not read_here(p, READ_HERE_BYTES):
            yield p
        else:
            # a JSONL record is parsed by whoever extracts it: with workers, not the writer
            yield from read_path(p, raw_lines=True)


def read_all(paths: list[str]) -> Iterator[Article | ReadError]:
    """Every article (or a per-file/per-record error) under the given paths, in a stable order."""
    from ingest.readers import iter_inputs, read_path

    for p in iter_inputs(paths):
        if isinstance(p, ReadError):
            yield p
            continue
        yield from read_path(p)
