"""file -> Article -> Extraction, pure and parallelisable.

Two stages share one set of worker processes (``Workers``), and their one queue. ``read``
turns inputs into articles: a small file is read in a worker (an HTML page costs as much to
read as to extract), a JSONL record is parsed in a worker once workers are running (until
then here: a run that extracts nothing forks nothing), an article read already passes
through; it runs further ahead than the extraction it feeds.
``extract`` extracts every Article it is given, in a worker, and passes anything else
through in order. Between the two the caller decides what to extract: nothing here knows
what is stored, and nothing here touches the database.
"""
from __future__ import annotations

import pickle
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar, Union

# the package only (its passes load on first use); read as ingest.extract.extract at each
# call, so that a test may replace it
import ingest.extract
from ingest.deadline import Deadline
from ingest.extract.variants import quote_key
from ingest.model import Article, Extraction, Ingested, ReadError
from ingest.readers.jsonl import RawLine, parse_raw_line

# What reading starts from: a file to read, a JSONL line to parse, an article read already,
# or the error a file already gave.
Input = Union[Path, RawLine, Article, ReadError]
# What extraction gives for an article.
Extracted = Union[Ingested, ReadError]
T = TypeVar("T")

# A file this big is read in the calling process, its articles handed out one by one: a
# worker would return all of them (a 60 MB JSON array) in one message.
READ_HERE_BYTES = 4 << 20


# Windows of workers * chunksize * WINDOW_CHUNKS items are handed out: files go chunksize to a
# message, records (JSONL lines, articles read here: a fraction of a file's work each) a whole
# window to a message, since every message costs both ends the same pickling and waking.
# 20k Reuters articles, alternating runs: 128 records a message 1,844 and 1,915/s, 256 2,008
# and 1,954/s (and 32 before that: 4% slower than 128).
WINDOW_CHUNKS = 4

# Windows by which reading stays ahead of the extraction it feeds (``Workers.read``): a
# window to read then comes back before the extraction windows the consumer is about to
# need, with one to spare for the other worker still busy with its own message. Less far
# ahead, both workers sleep while the writer stores.
READ_LEAD = 2

# Bytes of input handed out ahead of the one being yielded, at most (one item bigger than
# this alone still goes, by itself): a count alone let 6,144 records of 10 MB each (60 GB)
# be in flight. Each item's result (the article it read, its extraction) is of its size.
INFLIGHT_BYTES = 64 << 20


# Extraction reads at most this much of a body: a 20 MB "article" (a log, a book) is stored
# and searchable whole, but quotes, people and dates come from its first megabytes, so one
# pathological file cannot take the memory or the time of a whole ingest.
EXTRACT_LIMIT = 2_000_000

# CPU seconds one article's extraction may take (ingest.deadline). Every extractor is linear
# in its input, and a 2 MB body of the worst inputs tried takes a few seconds; past this the
# article is stored with what was found, marked as cut short, and the ingest goes on.
ARTICLE_BUDGET = 5.0


def process(item: Article | T) -> Extracted | T:
    """Extract one article (anything else passes through); an extractor bug becomes a
    per-article error, never a crash."""
    if not isinstance(item, Article):
        return item
    return _paired(item, _extracted(item))


def _extracted(item: Article) -> tuple[Extraction, dict[str, str | None]] | ReadError:
    """The extraction and its texts' wording keys (``Ingested.wordings``), or the error."""
    x = _extraction(item)
    if isinstance(x, ReadError):
        return x
    try:
        return x, wordings(x)
    except Exception as e:  # noqa: BLE001 - one bad article must not stop the run
        return ReadError(item.source, f"extraction failed: {type(e).__name__}: {e}")


def wordings(x: Extraction) -> dict[str, str | None]:
    """Each quote's (not partial) and event's text -> its wording key, once a text."""
    texts = {q.text for q in x.quotes if not q.partial}
    texts.update(e.text for e in x.events)
    return {t: quote_key(t) for t in texts}


def _extraction(item: Article) -> Extraction | ReadError:
    """The extraction, or the per-article error an extractor bug became."""
    try:
        ingest.extract.warm_up()        # the tables are built outside any article's budget
        deadline = Deadline(ARTICLE_BUDGET)
        if len(item.body) > EXTRACT_LIMIT:
            cut = item.body.rfind("\n", 0, EXTRACT_LIMIT)
            x = ingest.extract.extract(
                replace(item, body=item.body[: cut if cut > 0 else EXTRACT_LIMIT]), deadline)
        else:
            x = ingest.extract.extract(item, deadline)
    except Exception as e:  # noqa: BLE001 - one bad article must not stop the run
        return ReadError(item.source, f"extraction failed: {type(e).__name__}: {e}")
    return x


def process_all(inputs: Iterable[Input], workers: int = 1, chunksize: int = 32, ahead: int = 0,
                drained: Callable[[], None] | None = None,
                idle: Callable[[int], None] | None = None) -> Iterator[Extracted]:
    """Every input read and every article read extracted, in input order (``Workers.read``
    then ``Workers.extract``, nothing decided between them)."""
    with Workers(workers, chunksize) as w:
        yield from w.extract(w.read(inputs, ahead=ahead), ahead=ahead, drained=drained, idle=idle)


def held_bytes(item: object) -> int:
    """About the memory an item and its result hold while in flight: the size of its text
    (an item that carries an article, the article's)."""
    if not isinstance(item, (Article, RawLine, Path)):
        item = getattr(item, "article", None)
    if isinstance(item, Article):
        return len(item.body) + sum(len(s) for s in (item.title, item.byline, item.source) if s)
    if isinstance(item, RawLine):
        return len(item.data)
    if isinstance(item, Path):
        try:
            return item.stat().st_size
        except OSError:
            return 0                    # the worker reports the error
    return 0


_END = object()


class Feeder:
    """Items taken from an iterable in windows bounded by a count and by the bytes in flight:
    a window ends where the next item would take the bytes handed out and not yet released
    past ``limit`` (an item bigger than ``limit`` goes alone, when nothing else is out)."""

    def __init__(self, items: Iterable[Any], limit: int | None = None) -> None:
        self._it = iter(items)
        self._held: tuple[Any, int] | None = None     # taken from the input, not handed out
        self.limit = INFLIGHT_BYTES if limit is None else limit
        self.inflight = 0
        self.exhausted = False

    def take(self, count: int) -> tuple[list[Any], int]:
        """Up to ``count`` items that fit, and their bytes (now in flight)."""
        out: list[Any] = []
        total = 0
        while len(out) < count:
            if self._held is not None:
                item, n = self._held
                self._held = None
            else:
                item = next(self._it, _END)
                if item is _END:
                    self.exhausted = True
                    break
                n = held_bytes(item)
            if self.inflight + total + n > self.limit and (out or self.inflight):
                self._held = (item, n)
                break
            out.append(item)
            total += n
        self.inflight += total
        return out, total

    def release(self, nbytes: int) -> None:
        """A window's results are all yielded: its bytes are no longer in flight."""
        self.inflight -= nbytes



_HERE = object()                        # an item ``_windowed`` did not send to a worker


class Workers:
    """The processes that read and extract for one run (none when ``count`` is 1): forked on
    first need, after the extraction tables are built, so each starts with them; a run that
    sends them nothing forks nothing. Ended by ``close`` (or leaving the ``with``)."""

    def __init__(self, count: int = 1, chunksize: int = 32) -> None:
        self.count = count
        self.chunksize = chunksize
        self._pool: Any = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    def read(self, inputs: Iterable[Input], ahead: int = 0) -> Iterator[Article | ReadError]:
        """The articles (and per-file or per-record errors) of ``inputs``, in order, each
        article with its hashes computed where it was read. With workers, the inputs are
        handed out further ahead than an ``extract(..., ahead=ahead)`` fed from here hands
        out its articles (``READ_LEAD`` windows more): both stages share one queue, first in
        first out, so a window to read waits behind every extraction handed out before it,
        and one read less far ahead than that comes back only once the extraction in flight
        has run dry."""
        if self.count <= 1:
            for item in inputs:
                yield from _read(item)
            return

        def in_worker(item: object) -> bool:
            # a file always (reading it costs as much as extracting it); a JSONL line (~20 µs
            # of parsing) once the workers are running anyway
            return isinstance(item, Path) or (isinstance(item, RawLine) and self._pool is not None)

        for item, out in self._windowed(inputs, in_worker, _read_packed, self._depth(ahead) + READ_LEAD):
            yield from (_read(item) if out is _HERE else out)

    def extract(self, work: Iterable[Article | T], ahead: int = 0, drained: Callable[[], None] | None = None,
                idle: Callable[[int], None] | None = None) -> Iterator[Extracted | T]:
        """Each Article of ``work`` extracted, anything else passed through untouched, in order.
        With workers, about ``ahead`` items (at least three windows) are handed out ahead of
        the one being yielded: a consumer that stops to store a batch should set it above the
        batch size, or the workers run dry while it stores.
        ``drained`` is called once, in the consumer's thread between two results, when the
        whole of ``work`` is handed out and workers are still extracting: the last stretch in
        which the consumer's own work (an index merge) runs beside theirs instead of after it.
        From then on ``idle`` is called, in the same place, whenever the next result is not
        back yet, with the number of results still to come: what the consumer still holds
        when the last result comes is worked on with the workers done, so this is its chance
        to do some of that work (store what it holds) while they still run."""
        if self.count <= 1:
            for item in work:
                yield process(item)
            return
        for item, out in self._windowed(work, lambda i: isinstance(i, Article), _extract_packed,
                                        self._depth(ahead), drained, idle):
            yield item if out is _HERE else _paired(item, out)

    def _window(self) -> int:
        return max(1, self.count * self.chunksize * WINDOW_CHUNKS)

    def _depth(self, ahead: int) -> int:
        """Windows in flight to keep about ``ahead`` items handed out (at least three)."""
        return max(3, -(-ahead // self._window()))

    def _windowed(self, items: Iterable[Any], send: Callable[[Any], bool], task: Callable[[Any], bytes],
                  depth: int, drained: Callable[[], None] | None = None,
                  idle: Callable[[int], None] | None = None) -> Iterator[tuple[Any, Any]]:
        """(item, what ``task`` made of it in a worker) in input order, ``_HERE`` for an item
        ``send`` kept. Pool.imap would drain the whole input into its task queue (a 200k-article
        file in memory); the items go in windows instead, ``depth`` windows in flight, so the
        workers have queued work while this process takes the next window or stores the last
        one, and no more than INFLIGHT_BYTES of input out at once, however big the items. A
        window with nothing for the workers is yielded before more is taken."""
        from collections import deque

        window = self._window()
        feeder = Feeder(items)
        exhausted = False
        out = 0                                 # results handed out for, not yet yielded
        inflight: deque[tuple[list[Any], list[bool], _Results, int]] = deque()
        while True:
            while len(inflight) < depth and not exhausted and not (inflight and not any(inflight[0][1])):
                chunk, nbytes = feeder.take(window)
                exhausted = feeder.exhausted
                if chunk:
                    sent = [send(i) for i in chunk]
                    todo = [i for i, s in zip(chunk, sent) if s]
                    results = _Results()
                    if todo:
                        # files, and the input's last window, go chunksize to a message: the
                        # workers then finish within a small message of each other
                        whole = not exhausted and not any(isinstance(i, Path) for i in todo)
                        per = len(todo) if whole else self.chunksize
                        out += len(todo)
                        results = _Results(self._started().imap(
                            partial(_each, task), [todo[i:i + per] for i in range(0, len(todo), per)]))
                    inflight.append((chunk, sent, results, nbytes))
                if exhausted:
                    if drained is not None and self._pool is not None and inflight:
                        drained()
                    break
                if not chunk:
                    break                   # no room: the oldest window is yielded first
            if not inflight:
                break
            done, flags, results, nbytes = inflight.popleft()
            waiting = None
            if idle is not None and exhausted and self._pool is not None:
                waiting = lambda: idle(out)     # noqa: E731 - ``out`` as it is when called
            for item, s in zip(done, flags):
                if s:
                    data = results.next(waiting)
                    out -= 1
                    yield item, _unpack(data)
                else:
                    yield item, _HERE
            del done, flags, results
            feeder.release(nbytes)

    def _started(self) -> Any:
        if self._pool is None:
            import gc
            import multiprocessing as mp

            from ingest.extract import warm_up

            # the gazetteers and caches built once here, so every forked worker starts with them
            warm_up()
            # workers inherit the heap frozen: their collections never walk (or, by touching,
            # copy) the gazetteers and modules the parent built. Thawed again here unless the
            # caller had frozen a heap of its own (an app).
            thaw = gc.get_freeze_count() == 0
            gc.freeze()
            try:
                ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
                self._pool = ctx.Pool(self.count, initializer=_worker_init)
            finally:
                if thaw:
                    gc.unfreeze()
        return self._pool


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


class _Results:
    """One window's results, item by item, from the messages (lists of results) it went in."""

    def __init__(self, messages: Any = None) -> None:
        self._messages = messages       # Pool.imap's iterator, one list per message
        self._current: Iterator[bytes] = iter(())

    def next(self, idle: Callable[[], None] | None = None) -> bytes:
        """The next result, ``idle`` called first if it is not back yet."""
        for out in self._current:
            return out
        if idle is not None:
            from multiprocessing import TimeoutError

            try:
                self._current = iter(self._messages.next(timeout=0))
            except TimeoutError:
                idle()
                self._current = iter(self._messages.next())
        else:
            self._current = iter(self._messages.next())
        return next(self._current)


def _each(task: Callable[[Any], bytes], items: list[Any]) -> list[bytes]:
    """One message's work in a worker: ``task`` of each item."""
    return [task(i) for i in items]


def _read(item: Input) -> list[Article | ReadError]:
    """What one input holds: a file's records, a JSONL line's record (none for a blank line),
    an article or an error as it is."""
    if isinstance(item, RawLine):
        a = parse_raw_line(item)
        return [] if a is None else [_hashed(a) if isinstance(a, Article) else a]
    if isinstance(item, Path):
        from ingest.readers import read_path

        return [_hashed(a) if isinstance(a, Article) else a for a in read_path(item)]
    return [item]


def _hashed(a: Article) -> Article:
    a.content_hash()            # where it is read, not in the writer: they travel with the article
    a.text_hash()
    return a


# What a worker sends back travels as bytes, read by the consumer only when it takes it:
# results queued ahead of the writer wait as bytes rather than the several times that of
# objects they become, so a writer that falls behind (6,000 results ahead at most) holds a
# few MB, not tens of MB, of them. For an article only the extraction travels back (the
# caller still holds the article, so its body does not travel a second time).

def _read_packed(item: Input) -> bytes:
    return pickle.dumps(_read(item), protocol=pickle.HIGHEST_PROTOCOL)


def _extract_packed(article: Article) -> bytes:
    return pickle.dumps(_extracted(article), protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(data: bytes) -> Any:
    return pickle.loads(data)


def _paired(article: Article, out: tuple[Extraction, dict[str, str | None]] | ReadError) -> Extracted:
    return out if isinstance(out, ReadError) else Ingested(article, *out)


def list_inputs(paths: list[str]) -> Iterator[Input]:
    """What to hand to ``Workers.read`` for the given paths: small files as paths (read by a
    worker), the records of JSONL and big files one by one, errors as they are."""
    from ingest.readers import iter_inputs, read_here, read_path

    for p in iter_inputs(paths):
        if isinstance(p, ReadError) or not read_here(p, READ_HERE_BYTES):
            yield p
        else:
            # a JSONL record is parsed by whoever reads it: with workers, not the writer
            yield from read_path(p, raw_lines=True)


def read_all(paths: list[str]) -> Iterator[Article | ReadError]:
    """Every article (or a per-file/per-record error) under the given paths, in a stable order."""
    from ingest.readers import iter_inputs, read_path

    for p in iter_inputs(paths):
        if isinstance(p, ReadError):
            yield p
            continue
        yield from read_path(p)
