"""`briefing update`: fetch the feeds, fetch the pages of new items, hand them to the ingest run.

Fetching runs in a thread of its own (asyncio + httpx, bounded connections); the articles it
produces stream through a queue into :func:`briefing.ingesting.run_units`, so extraction and
storing overlap the network exactly as they would reading files. What each feed delivered is
recorded only after its articles are stored: an update killed half-way leaves no trace but
whole articles, and the next one fetches again what it had not recorded.
No terminal code here: progress goes to a callback (the CLI and the app draw it).
"""
from __future__ import annotations

import asyncio
import hashlib
import queue
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterator

from briefing.ingesting import Summary, run_units
from db import feeds as fdb
from ingest.fetch.discover import discover_feeds
from ingest.fetch.http import Fetched, Fetcher, Limits
from ingest.model import Article, ReadError
from ingest.readers.feed import FeedEntry, looks_like_feed, parse_feed
from ingest.sanitize import sanitize_line

# Items being fetched or waiting for the queue at once, over all feeds: with the queue's 256,
# what an update holds in memory is a few hundred articles, not every item of every feed.
IN_FLIGHT = 64

PAGE_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt"}


@dataclass
class FeedReport:
    id: int
    url: str
    title: str | None = None
    error: str | None = None
    not_modified: bool = False
    items: int = 0                    # items in the feed this time
    fetched: int = 0                  # new or changed items handed to the ingest
    moved_to: str | None = None
    notes: list[str] = field(default_factory=list)   # item trouble that did not fail the feed
    done: bool = False


@dataclass
class UpdateSummary:
    feeds: list[FeedReport]
    ingest: Summary = field(default_factory=Summary)

    @property
    def failed(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.error]

    @property
    def finished(self) -> int:
        return sum(f.done for f in self.feeds)

    def as_dict(self) -> dict:
        return {"feeds": [{"id": f.id, "url": f.url, "title": f.title, "error": f.error,
                           "not_modified": f.not_modified, "items": f.items, "fetched": f.fetched,
                           "moved_to": f.moved_to, "notes": f.notes} for f in self.feeds],
                "articles": self.ingest.as_dict()}


# (what happened, summary so far, the feed it concerns or None)
UpdateProgress = Callable[[str, UpdateSummary, "FeedReport | None"], None]


@dataclass
class _Item:
    """One article for the ingest, and the feed item it came from."""
    feed_id: int
    key: str
    item_hash: str
    state: str
    article: Article


@dataclass
class _FeedDone:
    report: FeedReport
    outcome: fdb.FeedOutcome


_DONE = object()


def _hash(*parts: str | None) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update((p or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def run_update(conn: sqlite3.Connection, *, only: int | None = None, limits: Limits = Limits(),
               progress: UpdateProgress | None = None, workers: int = 1) -> UpdateSummary:
    """Fetch every due feed (or just ``only``) and ingest what is new or changed."""
    feeds = fdb.feeds_due(conn, only)
    summary = UpdateSummary([FeedReport(f.id, f.url, f.title) for f in feeds])
    reports = {r.id: r for r in summary.feeds}
    plans = []
    for f in feeds:
        known = fdb.known_items(conn, f.id)
        stored = fdb.stored_sources(conn, [v[0] for v in known.values()])
        plans.append((f, reports[f.id], known, stored))
    q: queue.Queue = queue.Queue(maxsize=256)          # bounded: the network waits for the writer
    stop = threading.Event()

    def fetch() -> None:
        try:
            asyncio.run(_fetch_all(plans, limits, q.put, stop))
        finally:
            q.put(_DONE)

    thread = threading.Thread(target=fetch, name="briefing-fetch", daemon=True)
    thread.start()

    done: list[_FeedDone] = []
    handed: dict[str, list[_Item]] = {}                # source -> the feed items that deliver it
    failed_sources: set[str] = set()

    def units() -> Iterator[Article]:
        while True:
            msg = q.get()
            if msg is _DONE:
                return
            if isinstance(msg, _FeedDone):
                msg.report.done = True
                done.append(msg)
                if progress:
                    progress("feed", summary, msg.report)
                continue
            it: _Item = msg
            reports[it.feed_id].fetched += 1
            first = it.article.source not in handed
            handed.setdefault(it.article.source, []).append(it)
            if first:                                  # the same article through two feeds: once
                yield it.article

    def ingest_progress(source: str, s: Summary, err: ReadError | None) -> None:
        if err is not None:
            failed_sources.add(err.source)
        if progress:
            progress("article", summary, None)

    try:
        summary.ingest = run_units(conn, units(), workers=workers, progress=ingest_progress,
                                   optimize=False)
    finally:
        stop.set()
        while thread.is_alive():                      # let the fetcher see the stop and finish
            try:
                q.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()
    _record(conn, done, handed, failed_sources)
    return summary


def _record(conn: sqlite3.Connection, done: list[_FeedDone], handed: dict[str, list[_Item]],
            failed: set[str]) -> None:
    """Each finished feed's outcome and items; then delete articles a changed item left behind."""
    from db.store import Store

    by_feed: dict[int, list[tuple[str, str, str, str]]] = {}
    for source, items in handed.items():
        if source in failed:
            continue                                   # not stored: the next update tries again
        for it in items:
            by_feed.setdefault(it.feed_id, []).append((it.key, source, it.item_hash, it.state))
    replaced: list[str] = []
    for d in done:
        olds = fdb.known_items(conn, d.outcome.feed_id)
        items = by_feed.get(d.outcome.feed_id, [])
        replaced += [olds[k][0] for k, src, _, _ in items if k in olds and olds[k][0] != src]
        fdb.record_outcome(conn, d.outcome, items)
    store = Store(conn)
    for source in fdb.unreferenced(conn, list(dict.fromkeys(replaced))):
        store.delete_source(source)


# ---- the fetching thread -----------------------------------------------------------------
async def _fetch_all(plans, limits: Limits, put, stop: threading.Event) -> None:
    loop = asyncio.get_running_loop()

    async def emit(msg) -> None:
        # the queue is bounded: wait in a thread, not in the loop, so other fetches go on
        await loop.run_in_executor(None, put, msg)

    async with _UpdateFetcher(limits) as fetcher:
        await asyncio.gather(*(_one_feed(fetcher, f, report, known, stored, emit, stop)
                               for f, report, known, stored in plans))


class _UpdateFetcher(Fetcher):
    """The fetcher of one update: each page fetched once however many feeds link it, and a
    bound on the items in flight."""

    def __init__(self, limits: Limits):
        super().__init__(limits)
        self.pages: dict[str, asyncio.Future] = {}
        self.in_flight = asyncio.Semaphore(IN_FLIGHT)


def _retry_at(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


async def _one_feed(fetcher: Fetcher, feed: fdb.Feed, report: FeedReport, known: dict, stored: set[str],
                    emit, stop: threading.Event) -> None:
    outcome = fdb.FeedOutcome(feed.id)
    try:
        await _feed_body(fetcher, feed, known, stored, emit, stop, report, outcome)
    except Exception as e:  # noqa: BLE001 - one feed's surprise must not stop the others
        outcome.error = f"{type(e).__name__}: {sanitize_line(str(e))[:200]}"
    report.error = outcome.error
    report.moved_to = outcome.moved_to
    report.not_modified = outcome.not_modified
    report.title = outcome.title or feed.title
    await emit(_FeedDone(report, outcome))


async def _feed_body(fetcher, feed, known, stored, emit, stop, report: FeedReport,
                     outcome: fdb.FeedOutcome) -> None:
    got = await fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    outcome.moved_to = got.moved_to
    if got.status == 410:
        outcome.gone = True
        outcome.error = "410 Gone: the feed was removed; it will not be fetched again"
        return
    if got.error:
        outcome.error = got.error
        outcome.retry_at = _retry_at(got.retry_after) if got.status in (429, 503) else None
        return
    if got.not_modified:
        outcome.not_modified = True
        return
    data = got.body
    if not _is_feed(got):
        links = discover_feeds(_text(data), got.final_url)
        if not links:
            outcome.error = "not a feed (an HTML page that names no feed)" if "html" in got.content_type \
                else f"not a feed ({got.content_type or 'unknown type'})"
            return
        got = await fetcher.get(links[0])
        if got.error:
            outcome.error = f"the page's feed {links[0]}: {got.error}"
            return
        outcome.moved_to = got.moved_to or links[0]
        data = got.body
    parsed = parse_feed(data, feed.url)
    if parsed.error:
        outcome.error = parsed.error
        return
    if parsed.warning:
        report.notes.append(parsed.warning)
    outcome.etag = got.headers.get("etag")
    outcome.last_modified = got.headers.get("last-modified")
    outcome.title = parsed.title
    report.items = len(parsed.entries)
    todo: list[tuple[str, str, str, FeedEntry]] = []
    seen: set[str] = set()
    unreadable = 0
    for e in parsed.entries:
        if isinstance(e, ReadError):
            unreadable += 1
            continue
        a = e.article
        key = e.guid or e.link or "hash:" + _hash(a.title, a.body)[:20]
        if key in seen:
            continue                                   # a duplicate GUID: the first one counts
        seen.add(key)
        source = e.link or e.guid or f"{feed.url}#{key}"
        ihash = _hash(a.title, e.link, a.published, a.byline, a.body)
        prev = known.get(key)
        if prev and prev[1] == ihash and prev[2] != "summary" and (prev[0] in stored or prev[2] == "pruned"):
            continue                                   # delivered before, unchanged
        todo.append((key, source, ihash, e))
    if unreadable:
        report.notes.append(f"{unreadable} unreadable item(s) skipped")

    async def one(key: str, source: str, ihash: str, e: FeedEntry) -> None:
        async with fetcher.in_flight:            # articles fetched and not yet queued: bounded
            if stop.is_set():
                return
            article, state, note = await _article_for(fetcher, e, source, parsed.title)
            if note:
                report.notes.append(note)
            if article is not None:
                await emit(_Item(feed.id, key, ihash, state, article))

    await asyncio.gather(*(one(*t) for t in todo))


def _is_feed(got: Fetched) -> bool:
    ct = got.content_type
    if ct in ("text/html", "application/xhtml+xml"):
        return looks_like_feed(got.body[:4096]) and b"<html" not in got.body[:4096].lower()
    return looks_like_feed(got.body[:4096])


def _text(data: bytes) -> str:
    from ingest.readers.encoding import DecodeError, decode_bytes

    try:
        return decode_bytes(data)[0]
    except DecodeError:
        return data.decode("utf-8", "replace")


async def _article_for(fetcher: _UpdateFetcher, e: FeedEntry, source: str,
                       feed_title: str | None) -> tuple[Article | None, str, str | None]:
    """The article for one item, its state, and a note when only the summary could be kept."""
    summary = replace(e.article, source=source, format="summary") if e.article.body else None
    if e.full and e.article.body:
        return replace(e.article, source=source), "full", None
    if not e.link:
        if summary is None:
            return None, "summary-final", "an item with no text and no link skipped"
        return summary, "summary-final", None
    if not await fetcher.allowed(e.link):
        return summary, "summary-final", f"robots.txt disallows {e.link[:200]}: summary kept"
    task = fetcher.pages.get(e.link)
    if task is None:
        task = fetcher.pages[e.link] = asyncio.ensure_future(fetch_page(fetcher, e.link, source))
    page = await task
    if isinstance(page, Article):
        page = replace(page, source=source)
    if isinstance(page, ReadError):
        kept = "summary kept" if summary else "item skipped"
        return summary, "summary", f"page {e.link[:200]}: {page.reason}; {kept}"
    page.published = e.article.published or page.published     # the feed's date is the published date
    page.title = page.title or e.article.title
    page.byline = page.byline or e.article.byline
    page.outlet = page.outlet or feed_title
    page.url = page.url or e.link
    return page, "full", None


async def fetch_page(fetcher: Fetcher, url: str, source: str | None = None) -> Article | ReadError:
    """One web page read by the reader its type calls for (trafilatura for HTML)."""
    got = await fetcher.get(url)
    if got.error:
        return ReadError(source or url, got.error)
    ext = PAGE_TYPES.get(got.content_type)
    if ext is None:
        return ReadError(source or url, f"not an article page ({got.content_type or 'unknown type'})")
    from ingest.readers import read_bytes

    def read() -> Article | ReadError:
        for a in read_bytes(got.body, source or url, ext):
            return a
        return ReadError(source or url, "no article text")

    art = await asyncio.to_thread(read)
    if isinstance(art, Article):
        art.source = source or url
        art.url = sanitize_line(got.final_url)
    return art


def ingest_urls(conn: sqlite3.Connection, urls: list[str], *, limits: Limits = Limits(),
                progress=None) -> Summary:
    """`briefing ingest URL…`: each page fetched like a feed item's, then the usual ingest."""

    async def fetch_all() -> list[Article | ReadError]:
        async with Fetcher(limits) as f:
            async def one(u: str) -> Article | ReadError:
                if not await f.allowed(u):
                    return ReadError(u, "robots.txt disallows fetching this page")
                return await fetch_page(f, u)
            return await asyncio.gather(*(one(u) for u in urls))

    return run_units(conn, asyncio.run(fetch_all()), progress=progress, optimize=False)
