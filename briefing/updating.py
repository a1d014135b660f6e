"""`briefing update`: fetch the feeds, fetch the pages of new items, hand them to the ingest run.

Fetching runs in a thread of its own (asyncio + httpx, bounded connections); the articles it
produces stream through a queue into :func:`briefing.ingest_run.run_inputs`, so extraction and
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
from urllib.parse import urlsplit

from briefing.ingest_run import Summary, run_inputs
from db import feeds as fdb
from ingest.fetch.discover import discover_feeds
from ingest.fetch.http import Fetched, Fetcher, Limits
from ingest.model import Article, ReadError
from ingest.readers.feed import FeedEntry, looks_like_feed, parse_feed
from ingest.sanitize import sanitize_line

# Items being fetched at once, over all feeds (the connections are fewer: the rest wait).
IN_FLIGHT = 64
# Articles fetched and not yet taken by the ingest, over all feeds: at most this much text and
# this many items; past either the fetching waits for the writer. What an update holds in memory
# is this, the pages being read (``IN_FLIGHT``, each at most ``Limits.max_bytes``) and the
# writer's batch, not every item of every feed.
QUEUED_BYTES = 32 << 20
QUEUED_ITEMS = 256
# The newest items of a feed taken in one update; older ones in a longer feed are left alone.
MAX_ITEMS_PER_FEED = 500

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
    """One feed item for the record, and its article for the ingest (None: another item in this
    update brought the same page, or there is nothing to store)."""
    feed_id: int
    key: str
    item_hash: str
    state: str
    source: str
    article: Article | None
    size: int = 0                      # what the article counts against QUEUED_BYTES


class _Budget:
    """Bytes and items queued for the writer: the fetching waits while either is spent (an
    article larger than the whole budget goes alone), and gives up when ``stop`` is set."""

    def __init__(self, max_bytes: int, max_items: int, stop: "_Stop"):
        self._cond = threading.Condition()
        self._bytes = self._items = 0
        self._max_bytes, self._max_items, self._stop = max_bytes, max_items, stop

    def take(self, size: int) -> bool:
        with self._cond:
            while self._items and (self._bytes + size > self._max_bytes or self._items >= self._max_items):
                if self._stop.is_set():
                    return False
                self._cond.wait(0.1)
            self._bytes += size
            self._items += 1
            return True

    def give(self, size: int) -> None:
        with self._cond:
            self._bytes -= size
            self._items -= 1
            self._cond.notify_all()


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


def item_source(feed_id: int, feed_url: str, key: str, link: str | None, full: bool) -> str:
    """Where a feed item's article is stored: its http(s) link, else ``feed:<id>:<hash>``.

    Never a GUID as it stands (a GUID is any string, a file's absolute path included, and a
    local file's article is stored under its path). An item carrying its own full text under a
    link on another host is stored under its feed's name too: a feed may not speak for another
    outlet's page.
    """
    if link and link.startswith(("http://", "https://")) and (not full or _host(link) == _host(feed_url)):
        return link
    return f"feed:{feed_id}:{_hash(key)[:20]}"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class _Stop:
    """The caller's stop flag, or this update's own end: set by either, read by both threads."""

    def __init__(self, caller: threading.Event | None):
        self._caller, self._own = caller, threading.Event()

    def set(self) -> None:
        self._own.set()

    def is_set(self) -> bool:
        return self._own.is_set() or (self._caller is not None and self._caller.is_set())


def run_update(conn: sqlite3.Connection, *, only: int | None = None, limits: Limits = Limits(),
               progress: UpdateProgress | None = None, workers: int = 1,
               stop: threading.Event | None = None) -> UpdateSummary:
    """Fetch every due feed (or just ``only``) and ingest what is new or changed.

    Setting ``stop`` (from any thread) ends the update soon: fetches under way are abandoned,
    what was stored stays, and feeds not finished are fetched again next time."""
    feeds = fdb.feeds_due(conn, only)
    summary = UpdateSummary([FeedReport(f.id, f.url, f.title) for f in feeds])
    reports = {r.id: r for r in summary.feeds}
    plans = []
    for f in feeds:
        known = fdb.known_items(conn, f.id)
        stored = fdb.stored_sources(conn, [v[0] for v in known.values()])
        plans.append((f, reports[f.id], known, stored))
    stop = _Stop(stop)
    q: queue.Queue = queue.Queue()                     # bounded by the budget: the network waits for the writer
    budget = _Budget(QUEUED_BYTES, QUEUED_ITEMS, stop)

    def put(msg) -> None:
        if budget.take(getattr(msg, "size", 0)):
            q.put(msg)

    def fetch() -> None:
        try:
            asyncio.run(_fetch_all(plans, limits, put, stop))
        finally:
            q.put(_DONE)

    thread = threading.Thread(target=fetch, name="briefing-fetch", daemon=True)
    thread.start()

    done: list[_FeedDone] = []
    # source -> (feed id, item key, item hash, state) of the items that deliver it: no articles
    handed: dict[str, list[tuple[int, str, str, str]]] = {}
    yielded: set[str] = set()
    failed_sources: set[str] = set()                   # not stored, or not ours to replace

    def units() -> Iterator[Article]:
        while True:
            try:
                msg = q.get(timeout=0.1)
            except queue.Empty:
                if stop.is_set():
                    return
                continue
            if msg is _DONE:
                return
            budget.give(getattr(msg, "size", 0))
            if isinstance(msg, _FeedDone):
                msg.report.done = True
                done.append(msg)
                if progress:
                    progress("feed", summary, msg.report)
                continue
            it: _Item = msg
            reports[it.feed_id].fetched += 1
            handed.setdefault(it.source, []).append((it.feed_id, it.key, it.item_hash, it.state))
            article, it.article = it.article, None
            if article is None or it.source in yielded:  # the same article through two feeds: once
                continue
            yielded.add(it.source)
            if fdb.held_elsewhere(conn, it.source, article.content_hash()):
                failed_sources.add(it.source)
                reports[it.feed_id].notes.append(
                    f"{it.source[:200]}: an article not from a feed is stored there; not replaced")
                continue
            yield article

    def ingest_progress(source: str, s: Summary, err: ReadError | None) -> None:
        if err is not None:
            failed_sources.add(err.source)
        if progress:
            progress("article", summary, None)

    try:
        summary.ingest = run_inputs(conn, units(), workers=workers, progress=ingest_progress,
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


def _record(conn: sqlite3.Connection, done: list[_FeedDone],
            handed: dict[str, list[tuple[int, str, str, str]]], failed: set[str]) -> None:
    """Each finished feed's outcome and items; then delete articles a changed item left behind."""
    from db.store import Store

    by_feed: dict[int, list[tuple[str, str, str, str]]] = {}
    for source, items in handed.items():
        if source in failed:
            continue                                   # not stored: the next update tries again
        for feed_id, key, ihash, state in items:
            by_feed.setdefault(feed_id, []).append((key, source, ihash, state))
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
async def _fetch_all(plans, limits: Limits, put, stop: "_Stop") -> None:
    loop = asyncio.get_running_loop()

    async def emit(msg) -> None:
        # the queue is bounded: wait in a thread, not in the loop, so other fetches go on
        await loop.run_in_executor(None, put, msg)

    async with _UpdateFetcher(limits) as fetcher:
        work = asyncio.ensure_future(asyncio.gather(
            *(_one_feed(fetcher, f, report, known, stored, emit, stop) for f, report, known, stored in plans)))
        while not work.done():                         # the stop flag is a thread's: look at it often
            await asyncio.wait({work}, timeout=0.1)
            if stop.is_set():
                work.cancel()
                break
        try:
            await work
        except asyncio.CancelledError:
            pass


class _UpdateFetcher(Fetcher):
    """The fetcher of one update: each page fetched once however many feeds link it, and a
    bound on the items in flight. A page's article is kept only while it is being fetched;
    after that only whether it failed (and why) is remembered."""

    def __init__(self, limits: Limits):
        super().__init__(limits)
        self.pages: dict[str, asyncio.Future] = {}        # link -> the fetch under way
        self.fetched: dict[str, str | None] = {}          # link -> None (read), or why it failed
        self.in_flight = asyncio.Semaphore(IN_FLIGHT)


def _retry_at(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


async def _one_feed(fetcher: Fetcher, feed: fdb.Feed, report: FeedReport, known: dict, stored: set[str],
                    emit, stop: "_Stop") -> None:
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


@dataclass
class FoundFeed:
    """What :func:`resolve_feed` found at an address."""
    url: str                           # the feed's address to keep: as given, moved, or the page's feed
    got: Fetched                       # the feed's answer (or the failed one)
    error: str | None = None           # one line; None when ``got`` holds a feed (or a 304)
    moved_away: str | None = None      # a permanent move that is not kept (another host, https->http)


async def resolve_feed(fetcher: Fetcher, url: str, *, etag: str | None = None,
                       last_modified: str | None = None) -> FoundFeed:
    """Fetch ``url``; a web page rather than a feed is followed to the first feed it names.
    ``briefing feeds add`` and every update find a feed this one way."""
    got = await fetcher.get(url, etag=etag, last_modified=last_modified)
    found = FoundFeed(got.moved_to or url, got, got.error, got.moved_away)
    if got.error or got.not_modified or _is_feed(got):
        return found
    links = discover_feeds(_text(got.body), got.final_url)
    if not links:
        found.error = "not a feed (an HTML page that names no feed)" if "html" in got.content_type \
            else f"not a feed ({got.content_type or 'unknown type'})"
        return found
    page_got = await fetcher.get(links[0], private_ok=await fetcher.is_private(url))
    if page_got.error:
        return FoundFeed(links[0], page_got, f"the page's feed {links[0]}: {page_got.error}", got.moved_away)
    return FoundFeed(page_got.moved_to or links[0], page_got, None, got.moved_away)


async def _feed_body(fetcher, feed, known, stored, emit, stop, report: FeedReport,
                     outcome: fdb.FeedOutcome) -> None:
    found = await resolve_feed(fetcher, feed.url, etag=feed.etag, last_modified=feed.last_modified)
    got = found.got
    if found.moved_away:
        report.notes.append(f"the feed moved permanently to {sanitize_line(found.moved_away)[:200]} (another host,"
                            " or https to http): its address is kept; subscribe to the new one if it is right")
    local = await fetcher.is_private(feed.url)       # a feed on the user's own network may link there
    if got.status == 410:
        outcome.gone = True
        outcome.error = "410 Gone: the feed was removed; it will not be fetched again"
        return
    if found.error:
        outcome.error = found.error
        outcome.retry_at = _retry_at(got.retry_after) if got.status in (429, 503) else None
        return
    outcome.moved_to = found.url if found.url != feed.url else None
    if got.not_modified:
        outcome.not_modified = True
        return
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
    entries = _newest(parsed.entries, MAX_ITEMS_PER_FEED)
    if len(entries) < len(parsed.entries):
        report.notes.append(f"{len(parsed.entries)} items: only the newest {MAX_ITEMS_PER_FEED} taken")
    todo: list[tuple[str, str, str, FeedEntry]] = []
    seen: set[str] = set()
    unreadable = 0
    for e in entries:
        if isinstance(e, ReadError):
            unreadable += 1
            continue
        a = e.article
        key = e.guid or e.link or "hash:" + _hash(a.title, a.body)[:20]
        if key in seen:
            continue                                   # a duplicate GUID: the first one counts
        seen.add(key)
        source = item_source(feed.id, feed.url, key, e.link, e.full)
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
            article, state, note = await _article_for(fetcher, e, source, parsed.title, local)
            if note:
                report.notes.append(note)
            if article is not None or state == "full":
                await emit(_Item(feed.id, key, ihash, state, source, article, _size(article)))

    await asyncio.gather(*(one(*t) for t in todo))


def _newest(entries: list, n: int) -> list:
    """The ``n`` newest entries, in feed order (undated ones count as oldest; a feed without
    dates: its first ``n``, which is how feeds list the newest)."""
    if len(entries) <= n:
        return entries
    dated = [(getattr(getattr(e, "article", None), "published", None) or "", -i) for i, e in enumerate(entries)]
    keep = {-i for _, i in sorted(dated, reverse=True)[:n]}
    return [e for i, e in enumerate(entries) if i in keep]


def _size(article: Article | None) -> int:
    if article is None:
        return 0
    return len(article.body) + len(article.title or "") + 256


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


async def _article_for(fetcher: _UpdateFetcher, e: FeedEntry, source: str, feed_title: str | None,
                       local: bool) -> tuple[Article | None, str, str | None]:
    """The article for one item, its state, and a note when only the summary could be kept.
    ``local``: the feed is on a private or loopback address, so its links may be too."""
    summary = replace(e.article, source=source, format="summary") if e.article.body else None
    if e.full and e.article.body:
        return replace(e.article, source=source), "full", None
    if not e.link:
        if summary is None:
            return None, "summary-final", "an item with no text and no link skipped"
        return summary, "summary-final", None
    if not local and await fetcher.is_private(e.link):
        return summary, "summary-final", f"{e.link[:200]} is a private or local address: not fetched, summary kept"
    allowed = await fetcher.allowed(e.link)
    if allowed is None:                                # robots.txt unreachable: ask again next time
        return summary, "summary", f"robots.txt of {e.link[:200]} unreachable: summary kept, tried again next update"
    if not allowed:
        return summary, "summary-final", f"robots.txt disallows {e.link[:200]}: summary kept"
    if e.link in fetcher.fetched:                      # another item of this update read it
        reason = fetcher.fetched[e.link]
        if reason is None:
            return None, "full", None                  # its article went to the ingest already
        page: Article | ReadError = ReadError(source, reason)
    else:
        task = fetcher.pages.get(e.link)
        owner = task is None
        if owner:
            task = fetcher.pages[e.link] = asyncio.ensure_future(fetch_page(fetcher, e.link, source, local))
        page = await task
        if owner:
            del fetcher.pages[e.link]
            fetcher.fetched[e.link] = page.reason if isinstance(page, ReadError) else None
        elif isinstance(page, Article):
            return None, "full", None                  # the item that fetched it hands it over
    if isinstance(page, ReadError):
        kept = "summary kept" if summary else "item skipped"
        return summary, "summary", f"page {e.link[:200]}: {page.reason}; {kept}"
    page.source = source
    page.published = e.article.published or page.published     # the feed's date is the published date
    page.title = page.title or e.article.title
    page.byline = page.byline or e.article.byline
    page.outlet = page.outlet or feed_title
    page.url = page.url or e.link
    return page, "full", None


async def fetch_page(fetcher: Fetcher, url: str, source: str | None = None,
                     private_ok: bool | None = None) -> Article | ReadError:
    """One web page read by the reader its type calls for (trafilatura for HTML)."""
    got = await fetcher.get(url, private_ok=private_ok)
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
                allowed = await f.allowed(u)
                if allowed is None:
                    return ReadError(u, "the site's robots.txt could not be fetched; try again later")
                if not allowed:
                    return ReadError(u, "robots.txt disallows fetching this page")
                return await fetch_page(f, u)
            return await asyncio.gather(*(one(u) for u in urls))

    return run_inputs(conn, asyncio.run(fetch_all()), progress=progress, optimize=False)
