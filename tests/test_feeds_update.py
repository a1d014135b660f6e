"""`briefing update` against a loopback server (127.0.0.1 only) the tests start and stop."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

import db
from briefing.ingest_run import run_ingest
from briefing.updating import run_update
from db import feeds as fdb
from ingest.fetch.http import Limits
from tests.conftest import SEEDS
from tests.feedserver import FeedServer, Item, Route, atom, gzip_bomb, rss1, rss2

# For the fault tests only (timeouts, retries, caps reached quickly). Success paths run with the
# default Limits: a 0.5 s read timeout fails spuriously on a loaded machine.
FAST = Limits(connect_timeout=1.0, read_timeout=0.5, deadline=5.0, max_bytes=1 << 20, retries=1,
              backoff=0.01, max_retry_after=0.3)

PAGE = ("<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
        "{paras}</article><footer>Contact us</footer></body></html>")
TEXT = [
    ('Harbour strike ends', ['The dock workers returned on Monday after a week-long strike.',
                             '"We have a deal that protects every job," union leader Marta Kovacs said on Monday.',
                             'The port authority said ships would be unloaded by Friday.']),
    ('Rail fares to rise', ['Fares will rise by 4% in January, the operator said.',
                            '"Passengers deserve better value," transport critic Owen Bright told reporters.']),
]


def _page(title: str, paras: list[str]) -> bytes:
    return PAGE.format(title=title, paras="".join(f"<p>{p}</p>" for p in paras)).encode()


@pytest.fixture
def server():
    s = FeedServer().start()
    yield s
    s.stop()


@pytest.fixture
def c(db_path):
    conn = db.connect(db_path)
    yield conn
    conn.close()


def _two_pages(server: FeedServer, prefix: str = "/p") -> list[Item]:
    items = []
    for n, (title, paras) in enumerate(TEXT):
        path = f"{prefix}{n}"
        # each page a text of its own (the same text at another URL would be a copy: one article)
        own = [*paras[:-1], f"{paras[-1]} (Filed as {path.strip('/')}.)"]
        server.routes[path] = Route(_page(title, own), headers={"Content-Type": "text/html; charset=utf-8"})
        items.append(Item(title, server.url(path), paras[0][:40], guid=f"{prefix}-g{n}"))
    return items


def _subscribe(c, server: FeedServer, path: str, body: bytes | Route, ctype="application/rss+xml") -> int:
    server.routes[path] = body if isinstance(body, Route) or callable(body) else Route(body, headers={"Content-Type": ctype})
    feed, _ = fdb.add_feed(c, server.url(path))
    return feed.id


def _bodies(c) -> dict[str, str]:
    return {r[0]: r[1] for r in c.execute("SELECT source, body FROM articles")}


def test_summary_items_fetch_full_pages(c, server):
    items = _two_pages(server)
    fid = _subscribe(c, server, "/feed.xml", rss2("Gazette", items))
    s = run_update(c)
    assert not s.failed
    assert s.ingest.new == 2
    rows = {r["source"]: r for r in c.execute("SELECT source, body, format, published, outlet FROM articles")}
    first = rows[server.url("/p0")]
    assert "protects every job" in first["body"] and "Contact us" not in first["body"]
    assert first["format"] == "html"
    assert first["published"].startswith("2025-06-05T12:00")       # the feed's date
    q = c.execute("SELECT speaker_text FROM quotes WHERE text LIKE '%protects every job%'").fetchone()
    assert q and q[0] == "Marta Kovacs"
    [row] = fdb.feed_rows(c, None)
    assert row["id"] == fid and row["articles"] == 2 and row["title"] == "Gazette" and row["last_error"] is None


def test_second_update_is_conditional_and_adds_nothing(c, server):
    items = _two_pages(server)
    server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml",
                                                                        "Last-Modified": "Thu, 05 Jun 2025 12:00:00 GMT"},
                                       etag='"v1"')
    fdb.add_feed(c, server.url("/feed.xml"))
    run_update(c)
    pages_before = len(server.hits("/p0"))
    s = run_update(c)
    last = server.hits("/feed.xml")[-1]
    assert last.headers.get("if-none-match") == '"v1"'
    assert last.headers.get("if-modified-since") == "Thu, 05 Jun 2025 12:00:00 GMT"
    assert s.feeds[0].not_modified and s.ingest.new == 0 and s.ingest.updated == 0
    assert len(server.hits("/p0")) == pages_before
    # the server forgets its ETag: the feed comes again, the items are known, no page is fetched
    server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml"})
    s = run_update(c)
    assert s.ingest.new == 0 and len(server.hits("/p0")) == pages_before
    assert server.hits("/p0")[0].headers["user-agent"].startswith("briefing/")


def test_changed_item_replaces_its_article(c, server):
    items = _two_pages(server)
    _subscribe(c, server, "/feed.xml", rss2("Gazette", items))
    run_update(c)
    title, paras = TEXT[1]
    server.routes["/p1"] = Route(_page(title, paras + ['"It is a fair rise," the operator\'s chief Lena Dahl said.']),
                                 headers={"Content-Type": "text/html"})
    items[1].summary = "Fares will rise, and the operator answers its critics."
    _subscribe(c, server, "/feed.xml", rss2("Gazette", items))
    s = run_update(c)
    assert s.ingest.updated == 1 and s.ingest.new == 0
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert "fair rise" in _bodies(c)[server.url("/p1")]


def test_same_article_through_two_feeds_is_stored_once(c, server):
    items = _two_pages(server)
    _subscribe(c, server, "/a.xml", rss2("A", items))
    _subscribe(c, server, "/b.xml", atom("B", items), "application/atom+xml")
    s = run_update(c)
    assert not s.failed
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert len(server.hits("/p0")) == 1
    assert [r["articles"] for r in fdb.feed_rows(c, None)] == [2, 2]


def _seed_files():
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"sample articles not found at {SEEDS}")
    return sorted(p for p in SEEDS.iterdir() if p.is_file())


def _extracted(conn) -> tuple[set, set, set]:
    quotes = {(r[0], r[1]) for r in conn.execute("SELECT text, speaker_text FROM quotes")}
    people = {r[0] for r in conn.execute("SELECT name FROM people")}
    events = {(r[0], r[1]) for r in conn.execute("SELECT date, text FROM events")}
    return quotes, people, events


def test_update_ingests_the_seeds_like_the_files(c, server, tmp_path):
    files = _seed_files()
    ref = db.connect(tmp_path / "files.db")
    run_ingest(ref, [str(p) for p in files])
    published = {r[0]: r[1] for r in ref.execute("SELECT source, published FROM articles")}
    makers = [rss2, atom, rss1]
    feeds: dict[int, list[Item]] = {}
    for n, p in enumerate(files):
        path = f"/seed/{p.name}"
        server.routes[path] = Route(p.read_bytes(), headers={"Content-Type": "text/plain; charset=utf-8"})
        when = published.get(str(p))
        date = datetime.fromisoformat(when) if when else None
        feeds.setdefault(n % 3, []).append(Item(f"Seed {n}", server.url(path), "A summary only.", date=date))
    for k, items in feeds.items():
        _subscribe(c, server, f"/seeds{k}.xml", makers[k](f"Seeds {k}", items))
    s = run_update(c)
    assert not s.failed and s.ingest.new == len(files)
    assert _extracted(c) == _extracted(ref)
    ref.close()


# ---- faults: each names its feed and leaves the others ingested -----------------------------
def _with_good_feed(c, server) -> None:
    items = _two_pages(server, "/good")
    _subscribe(c, server, "/good.xml", rss2("Good", items))


def _fault(c, server, route: Route, limits: Limits = FAST):
    _with_good_feed(c, server)
    bad = _subscribe(c, server, "/bad.xml", route)
    s = run_update(c, limits=limits)
    good = [f for f in s.feeds if f.id != bad]
    assert good and not any(f.error for f in good)
    assert c.execute("SELECT count(*) FROM articles WHERE source LIKE ?",
                     (server.url("/good") + "%",)).fetchone()[0] == 2
    [report] = [f for f in s.feeds if f.id == bad]
    return report, fdb.find_feed(c, bad)


@pytest.mark.parametrize("status, words", [(404, "404"), (500, "500")])
def test_http_errors_name_the_feed(c, server, status, words):
    report, feed = _fault(c, server, Route(b"no", status))
    assert words in report.error and feed.last_error == report.error


def test_500_is_retried(c, server):
    _fault(c, server, Route(b"no", 500))
    assert len(server.hits("/bad.xml")) == 1 + FAST.retries


def test_410_marks_the_feed_gone(c, server):
    report, feed = _fault(c, server, Route(b"", 410))
    assert feed.gone and "410" in report.error
    n = len(server.hits("/bad.xml"))
    s = run_update(c)
    assert len(server.hits("/bad.xml")) == n and feed.id not in [f.id for f in s.feeds]


def test_503_retry_after_is_honoured(c, server):
    report, feed = _fault(c, server, Route(b"", 503, {"Retry-After": "3600"}))
    assert "retry after 3600" in report.error
    assert len(server.hits("/bad.xml")) == 1                # not hammered
    assert feed.retry_at is not None
    n = len(server.hits("/bad.xml"))
    run_update(c)
    assert len(server.hits("/bad.xml")) == n                # waits as asked


def test_short_retry_after_is_waited_for(c, server):
    calls = []

    def route():
        calls.append(1)
        if len(calls) == 1:
            return Route(b"", 503, {"Retry-After": "0"})
        return Route(rss2("Late", _two_pages(server, "/late")), headers={"Content-Type": "application/rss+xml"})

    report, _ = _fault(c, server, route)
    assert report.error is None and len(calls) == 2


def test_slow_server_times_out(c, server):
    report, _ = _fault(c, server, Route(rss2("Slow", []), delay=1.5))
    assert "timed out" in report.error


def test_redirect_loop(c, server):
    server.routes["/loop2"] = Route(b"", 302, {"Location": "/bad.xml"})
    report, _ = _fault(c, server, Route(b"", 302, {"Location": "/loop2"}))
    assert "redirect loop" in report.error


def test_permanent_move_updates_the_stored_url(c, server):
    _subscribe(c, server, "/new.xml", rss2("Moved", _two_pages(server, "/m")))
    fdb.remove_feed(c, fdb.find_feed(c, server.url("/new.xml")).id)
    report, feed = _fault(c, server, Route(b"", 301, {"Location": "/new.xml"}))
    assert report.error is None and feed.url == server.url("/new.xml")
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_gzip_bomb_stops_at_the_cap(c, server):
    bomb = gzip_bomb(64 << 20)
    report, _ = _fault(c, server, Route(bomb, headers={"Content-Encoding": "gzip",
                                                       "Content-Type": "application/rss+xml"}))
    assert "larger than" in report.error


def test_gzip_bomb_never_decodes_past_the_cap_in_memory(server):
    """The decoded bytes held at any moment stay near the cap, never a chunk's expansion."""
    import asyncio
    import tracemalloc

    from ingest.fetch.http import Fetcher

    server.routes["/bomb"] = Route(gzip_bomb(256 << 20), headers={"Content-Encoding": "gzip"})
    server.routes["/warm"] = Route(b"warm", headers={"Content-Encoding": "identity"})

    async def go():
        async with Fetcher(FAST) as f:
            await f.get(server.url("/warm"))
            tracemalloc.start()
            try:
                got = await f.get(server.url("/bomb"))
                return got, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    got, peak = asyncio.run(go())
    assert "larger than" in got.error and not got.body
    assert peak < 4 * FAST.max_bytes


def test_huge_body_stops_at_the_cap(c, server):
    report, _ = _fault(c, server, Route(stream_bytes=100 << 20, headers={"Content-Type": "application/rss+xml"}))
    assert "larger than" in report.error


def test_malformed_xml(c, server):
    report, _ = _fault(c, server, Route(b"<rss><channel><title>x</titl", headers={"Content-Type": "application/rss+xml"}))
    assert "not a valid RSS/Atom feed" in report.error or "no entries" in (report.error or "")


def test_truncated_feed_keeps_its_readable_items_and_says_so(c, server):
    items = _two_pages(server, "/t")
    body = rss2("Cut", items)
    report, _ = _fault(c, server, Route(body[: body.rindex(b"</item>")], headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None and any("malformed feed" in n for n in report.notes)
    assert server.url("/t0") in _bodies(c)


def test_wrong_charset_header(c, server):
    items = [Item("Caf\u00e9 prices", None, "Prices at the caf\u00e9 in S\u00e3o Paulo rose by 3%.", guid="c1")]
    body = rss2("Latin", items, encoding="iso-8859-1")
    report, _ = _fault(c, server, Route(body, headers={"Content-Type": "application/rss+xml; charset=utf-8"}))
    assert report.error is None
    body = c.execute("SELECT body FROM articles WHERE title LIKE 'Caf%'").fetchone()[0]
    assert "S\u00e3o Paulo" in body


def test_html_page_where_a_feed_should_be_is_followed(c, server):
    server.routes["/real.xml"] = Route(rss2("Real", _two_pages(server, "/r")), headers={"Content-Type": "application/rss+xml"})
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/real.xml"></head><body>hi</body></html>'
    report, feed = _fault(c, server, Route(page, headers={"Content-Type": "text/html"}))
    assert report.error is None and feed.url == server.url("/real.xml")
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_html_page_without_a_feed_link(c, server):
    report, _ = _fault(c, server, Route(b"<html><body>hello</body></html>", headers={"Content-Type": "text/html"}))
    assert "not a feed" in report.error


def test_duplicate_guids_and_items_without_guid_or_link(c, server):
    items = _two_pages(server, "/d")
    items[1].guid = items[0].guid
    items.append(Item("Orphan note", None, "Officials met in Geneva on Tuesday to discuss the ceasefire."))
    report, feed = _fault(c, server, Route(rss2("Dupes", items), headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None
    sources = set(_bodies(c))
    assert server.url("/d0") in sources and server.url("/d1") not in sources
    orphan = c.execute("SELECT source, format FROM articles WHERE title = 'Orphan note'").fetchone()
    assert orphan["format"] == "summary" and orphan["source"].startswith(f"feed:{feed.id}:")
    s = run_update(c)                        # stable keys: nothing again
    assert s.ingest.new == 0


def test_robots_disallowed_page_keeps_the_summary(c, server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    items = _two_pages(server, "/private/p")
    report, _ = _fault(c, server, Route(rss2("Private", items), headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None and any("robots.txt" in n for n in report.notes)
    assert not server.hits("/private/p0")
    row = c.execute("SELECT format, body FROM articles WHERE source = ?", (server.url("/private/p0"),)).fetchone()
    assert row["format"] == "summary" and row["body"].startswith("The dock workers")


def test_unreachable_page_keeps_the_summary_and_tries_again(c, server):
    items = _two_pages(server, "/later")
    del server.routes["/later0"]
    _subscribe(c, server, "/feed.xml", rss2("Later", items))
    s = run_update(c)
    assert any("404" in n for n in s.feeds[0].notes)
    assert c.execute("SELECT format FROM articles WHERE source = ?", (server.url("/later0"),)).fetchone()[0] == "summary"
    title, paras = TEXT[0]
    server.routes["/later0"] = Route(_page(title, paras), headers={"Content-Type": "text/html"})
    s = run_update(c)
    assert s.ingest.updated == 1
    assert c.execute("SELECT format FROM articles WHERE source = ?", (server.url("/later0"),)).fetchone()[0] == "html"


def test_an_item_that_moves_to_a_new_link_replaces_its_article(c, server):
    items = _two_pages(server)
    _subscribe(c, server, "/feed.xml", rss2("Gazette", items))
    run_update(c)
    title, paras = TEXT[0]
    server.routes["/p0-moved"] = Route(_page(title, paras), headers={"Content-Type": "text/html"})
    items[0].link = server.url("/p0-moved")                       # same GUID, new address
    _subscribe(c, server, "/feed.xml", rss2("Gazette", items))
    run_update(c)
    assert set(_bodies(c)) == {server.url("/p0-moved"), server.url("/p1")}
    assert c.execute("SELECT count(*) FROM quotes WHERE text LIKE '%protects every job%'").fetchone()[0] == 1
