"""file -> Article -> Extraction, pure and parallelisable.

Reading happens in the calling process (it is I/O and cheap); extraction, the costly part,
can run in worker processes. Nothing here touches the database: the caller decides what
needs extracting (new or changed articles) and writes the results.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from ingest.model import Article, Extraction, Ingested, ReadError


@dataclass
class Skipped:
    """An article already stored with the same content: passes through untouched."""
    source: str


Item = Union[Article, ReadError, Skipped]
Result = Union[Ingested, ReadError, Skipped]


# Extraction reads at most this much of a body: a 20 MB "article" (a log, a book) is stored
# and searchable whole, but quotes, people and dates come from its first megabytes, so one
# pathological file cannot take the memory or the time of a whole ingest.
EXTRACT_LIMIT = 2_000_000


def process(item: Item) -> Result:
    """Extract one article; an extractor bug becomes a per-article error, never a crash."""
    if not isinstance(item, Article):
        return item
    x = _extraction(item)
    return x if isinstance(x, ReadError) else Ingested(item, x)


def _extraction(item: Article) -> Extraction | ReadError:
    """What a worker sends back: the extraction only (the caller still holds the article,
    so its body is not pickled a second time)."""
    from dataclasses import replace

    from ingest.extract import extract

    try:
        if len(item.body) > EXTRACT_LIMIT:
            cut = item.body.rfind("\n", 0, EXTRACT_LIMIT)
            x = extract(replace(item, body=item.body[: cut if cut > 0 else EXTRACT_LIMIT]))
        else:
            x = extract(item)
        _attach_quote_countries(item.body, x)
    except Exception as e:  # noqa: BLE001 - one bad article must not stop the run
        return ReadError(item.source, f"extraction failed: {type(e).__name__}: {e}")
    return x


def _attach_quote_countries(body: str, x: Extraction) -> None:
    """A quote concerns the countries named in its paragraph."""
    if not x.quotes or not x.countries:
        return
    from ingest.extract.sentences import paragraphs

    paras = paragraphs(body)
    pstarts = [s for s, _ in paras]
    mentions = sorted(x.countries, key=lambda m: m.start)
    mstarts = [m.start for m in mentions]
    for q in x.quotes:          # bisect, not a scan: a long article has thousands of quotes
        i = bisect.bisect_right(pstarts, q.start) - 1
        span = paras[i] if i >= 0 and paras[i][0] <= q.start < paras[i][1] else (q.start, q.end)
        lo, hi = bisect.bisect_left(mstarts, span[0]), bisect.bisect_left(mstarts, span[1])
        q.countries = sorted({m.iso3 for m in mentions[lo:hi]})


def process_all(items: Iterable[Item], workers: int = 1, chunksize: int = 32) -> Iterator[Result]:
    """Results in input order; with workers > 1 extraction runs in that many processes."""
    if workers <= 1:
        for item in items:
            yield process(item)
        return
    import multiprocessing as mp
    from itertools import islice

    from ingest.extract import warm_up

    # build the gazetteers and caches once here, so every forked worker starts with them
    warm_up()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    # Pool.imap would drain the whole input into its task queue (a 200k-article file in
    # memory); feed it in windows instead, one window extracting while the last is consumed.
    window = max(1, workers * chunksize * 4)
    it = iter(items)
    with ctx.Pool(workers) as pool:
        pending: tuple[list[Item], Iterator] | None = None
        while True:
            chunk = list(islice(it, window))
            nxt = (chunk, pool.imap(_extraction, [a for a in chunk if isinstance(a, Article)], chunksize)) \
                if chunk else None
            if pending is not None:
                done, results = pending
                for item in done:
                    if not isinstance(item, Article):
                        yield item
                        continue
                    x = next(results)
                    yield x if isinstance(x, ReadError) else Ingested(item, x)
            if nxt is None:
                break
            pending = nxt


def read_all(paths: list[str]) -> Iterator[Article | ReadError]:
    """Every article (or a per-file/per-record error) under the given paths, in a stable order."""
    from ingest.readers import iter_inputs, read_path

    for p in iter_inputs(paths):
        if isinstance(p, ReadError):
            yield p
            continue
        yield from read_path(p)
