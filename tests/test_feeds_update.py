"""`briefing update` against a loopback server (127.0.0.1 only) the tests start and stop."""
from __future__ import annotations

from datetime import datetime

import pytest

import db
from briefing.ingest_run import run_ingest
from briefing.updating import run_update
from db import feeds as fdb
from ingest.fetch.http import Limits
from tests.conftest import SEEDS
from tests.feedserver import FAST, TEXT, FeedServer, Item, Route, atom, gzip_bomb, page, rss1, rss2, two_pages


def _subscribe(conn, server: FeedServer, path: str, body: bytes | Route, ctype="application/rss+xml") -> int:
    server.routes[path] = body if isinstance(body, Route) or callable(body) else Route(body, headers={"Content-Type": ctype})
    feed, _ = fdb.add_feed(conn, server.url(path))
    return feed.id


def _bodies(conn) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT source, body FROM articles")}


def test_summary_items_fetch_full_pages(conn, server):
    items = two_pages(server)
    fid = _subscribe(conn, server, "/feed.xml", rss2("Gazette", items))
    s = run_update(conn)
    assert not s.failed
    assert s.ingest.new == 2
    rows = {r["source"]: r for r in conn.execute("SELECT source, body, format, published, outlet FROM articles")}
    first = rows[server.url("/p0")]
    assert "protects every job" in first["body"] and "Contact us" not in first["body"]
    assert first["format"] == "html"
    assert first["published"].startswith("2025-06-05T12:00")       # the feed's date
    q = conn.execute("SELECT speaker_text FROM quotes WHERE text LIKE '%protects every job%'").fetchone()
    assert q and q[0] == "Marta Kovacs"
    [row] = fdb.feed_rows(conn, None)
    assert row["id"] == fid and row["articles"] == 2 and row["title"] == "Gazette" and row["last_error"] is None


def test_second_update_is_conditional_and_adds_nothing(conn, server):
    items = two_pages(server)
    server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml",
                                                                        "Last-Modified": "Thu, 05 Jun 2025 12:00:00 GMT"},
                                       etag='"v1"')
    fdb.add_feed(conn, server.url("/feed.xml"))
    run_update(conn)
    pages_before = len(server.hits("/p0"))
    s = run_update(conn)
    last = server.hits("/feed.xml")[-1]
    assert last.headers.get("if-none-match") == '"v1"'
    assert last.headers.get("if-modified-since") == "Thu, 05 Jun 2025 12:00:00 GMT"
    assert s.feeds[0].not_modified and s.ingest.new == 0 and s.ingest.updated == 0
    assert len(server.hits("/p0")) == pages_before
    # the server forgets its ETag: the feed comes again, the items are known, no page is fetched
    server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml"})
    s = run_update(conn)
    assert s.ingest.new == 0 and len(server.hits("/p0")) == pages_before
    assert server.hits("/p0")[0].headers["user-agent"].startswith("briefing/")


def test_changed_item_replaces_its_article(conn, server):
    items = two_pages(server)
    _subscribe(conn, server, "/feed.xml", rss2("Gazette", items))
    run_update(conn)
    title, paras = TEXT[1]
    server.routes["/p1"] = Route(page(title, paras + ['"It is a fair rise," the operator\'s chief Lena Dahl said.']),
                                 headers={"Content-Type": "text/html"})
    items[1].summary = "Fares will rise, and the operator answers its critics."
    _subscribe(conn, server, "/feed.xml", rss2("Gazette", items))
    s = run_update(conn)
    assert s.ingest.updated == 1 and s.ingest.new == 0
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert "fair rise" in _bodies(conn)[server.url("/p1")]


def test_same_article_through_two_feeds_is_stored_once(conn, server):
    items = two_pages(server)
    _subscribe(conn, server, "/a.xml", rss2("A", items))
    _subscribe(conn, server, "/b.xml", atom("B", items), "application/atom+xml")
    s = run_update(conn)
    assert not s.failed
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    assert len(server.hits("/p0")) == 1
    assert [r["articles"] for r in fdb.feed_rows(conn, None)] == [2, 2]


def _seed_files():
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"sample articles not found at {SEEDS}")
    return sorted(p for p in SEEDS.iterdir() if p.is_file())


def _extracted(conn) -> tuple[set, set, set]:
    quotes = {(r[0], r[1]) for r in conn.execute("SELECT text, speaker_text FROM quotes")}
    people = {r[0] for r in conn.execute("SELECT name FROM people")}
    events = {(r[0], r[1]) for r in conn.execute("SELECT date, text FROM events")}
    return quotes, people, events


def test_update_ingests_the_seeds_like_the_files(conn, server, tmp_path):
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
        _subscribe(conn, server, f"/seeds{k}.xml", makers[k](f"Seeds {k}", items))
    s = run_update(conn)
    assert not s.failed and s.ingest.new == len(files)
    assert _extracted(conn) == _extracted(ref)
    ref.close()


# ---- faults: each names its feed and leaves the others ingested -----------------------------
def _with_good_feed(conn, server) -> None:
    items = two_pages(server, "/good")
    _subscribe(conn, server, "/good.xml", rss2("Good", items))


def _fault(conn, server, route: Route, limits: Limits = FAST):
    _with_good_feed(conn, server)
    bad = _subscribe(conn, server, "/bad.xml", route)
    s = run_update(conn, limits=limits)
    good = [f for f in s.feeds if f.id != bad]
    assert good and not any(f.error for f in good)
    assert conn.execute("SELECT count(*) FROM articles WHERE source LIKE ?",
                     (server.url("/good") + "%",)).fetchone()[0] == 2
    [report] = [f for f in s.feeds if f.id == bad]
    return report, fdb.find_feed(conn, bad)


@pytest.mark.parametrize("status, words", [(404, "404"), (500, "500")])
def test_http_errors_name_the_feed(conn, server, status, words):
    report, feed = _fault(conn, server, Route(b"no", status))
    assert words in report.error and feed.last_error == report.error


def test_500_is_retried(conn, server):
    _fault(conn, server, Route(b"no", 500))
    assert len(server.hits("/bad.xml")) == 1 + FAST.retries


def test_410_marks_the_feed_gone(conn, server):
    report, feed = _fault(conn, server, Route(b"", 410))
    assert feed.gone and "410" in report.error
    n = len(server.hits("/bad.xml"))
    s = run_update(conn)
    assert len(server.hits("/bad.xml")) == n and feed.id not in [f.id for f in s.feeds]


def test_503_retry_after_is_honoured(conn, server):
    report, feed = _fault(conn, server, Route(b"", 503, {"Retry-After": "3600"}))
    assert "retry after 3600" in report.error
    assert len(server.hits("/bad.xml")) == 1                # not hammered
    assert feed.retry_at is not None
    n = len(server.hits("/bad.xml"))
    run_update(conn)
    assert len(server.hits("/bad.xml")) == n                # waits as asked


def test_short_retry_after_is_waited_for(conn, server):
    calls = []

    def route():
        calls.append(1)
        if len(calls) == 1:
            return Route(b"", 503, {"Retry-After": "0"})
        return Route(rss2("Late", two_pages(server, "/late")), headers={"Content-Type": "application/rss+xml"})

    report, _ = _fault(conn, server, route)
    assert report.error is None and len(calls) == 2


@pytest.mark.slow
def test_slow_server_times_out(conn, server):
    report, _ = _fault(conn, server, Route(rss2("Slow", []), delay=1.5))
    assert "timed out" in report.error


def test_redirect_loop(conn, server):
    server.routes["/loop2"] = Route(b"", 302, {"Location": "/bad.xml"})
    report, _ = _fault(conn, server, Route(b"", 302, {"Location": "/loop2"}))
    assert "redirect loop" in report.error


def test_permanent_move_updates_the_stored_url(conn, server):
    _subscribe(conn, server, "/new.xml", rss2("Moved", two_pages(server, "/m")))
    fdb.remove_feed(conn, fdb.find_feed(conn, server.url("/new.xml")).id)
    report, feed = _fault(conn, server, Route(b"", 301, {"Location": "/new.xml"}))
    assert report.error is None and feed.url == server.url("/new.xml")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


@pytest.mark.slow
def test_gzip_bomb_stops_at_the_cap(conn, server):
    bomb = gzip_bomb(64 << 20)
    report, _ = _fault(conn, server, Route(bomb, headers={"Content-Encoding": "gzip",
                                                       "Content-Type": "application/rss+xml"}))
    assert "larger than" in report.error


@pytest.mark.slow
async def test_gzip_bomb_never_decodes_past_the_cap_in_memory(server):
    """The decoded bytes held at any moment stay near the cap, never a chunk's expansion."""
    import tracemalloc

    from ingest.fetch.http import Fetcher

    server.routes["/bomb"] = Route(gzip_bomb(256 << 20), headers={"Content-Encoding": "gzip"})
    server.routes["/warm"] = Route(b"warm", headers={"Content-Encoding": "identity"})

    async with Fetcher(FAST) as f:
        await f.get(server.url("/warm"))
        tracemalloc.start()
        try:
            got = await f.get(server.url("/bomb"))
            (got, peak) = got, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert "larger than" in got.error and not got.body
    assert peak < 4 * FAST.max_bytes


def test_huge_body_stops_at_the_cap(conn, server):
    report, _ = _fault(conn, server, Route(stream_bytes=100 << 20, headers={"Content-Type": "application/rss+xml"}))
    assert "larger than" in report.error


def test_malformed_xml(conn, server):
    report, _ = _fault(conn, server, Route(b"<rss><channel><title>x</titl", headers={"Content-Type": "application/rss+xml"}))
    assert "not a valid RSS/Atom feed" in report.error or "no entries" in (report.error or "")


def test_truncated_feed_keeps_its_readable_items_and_says_so(conn, server):
    items = two_pages(server, "/t")
    body = rss2("Cut", items)
    report, _ = _fault(conn, server, Route(body[: body.rindex(b"</item>")], headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None and any("malformed feed" in n for n in report.notes)
    assert server.url("/t0") in _bodies(conn)


def test_wrong_charset_header(conn, server):
    items = [Item("Caf\u00e9 prices", None, "Prices at the caf\u00e9 in S\u00e3o Paulo rose by 3%.", guid="c1")]
    body = rss2("Latin", items, encoding="iso-8859-1")
    report, _ = _fault(conn, server, Route(body, headers={"Content-Type": "application/rss+xml; charset=utf-8"}))
    assert report.error is None
    body = conn.execute("SELECT body FROM articles WHERE title LIKE 'Caf%'").fetchone()[0]
    assert "S\u00e3o Paulo" in body


def test_html_page_where_a_feed_should_be_is_followed(conn, server):
    server.routes["/real.xml"] = Route(rss2("Real", two_pages(server, "/r")), headers={"Content-Type": "application/rss+xml"})
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="/real.xml"></head><body>hi</body></html>'
    report, feed = _fault(conn, server, Route(page, headers={"Content-Type": "text/html"}))
    assert report.error is None and feed.url == server.url("/real.xml")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_html_page_without_a_feed_link(conn, server):
    report, _ = _fault(conn, server, Route(b"<html><body>hello</body></html>", headers={"Content-Type": "text/html"}))
    assert "not a feed" in report.error


def test_duplicate_guids_and_items_without_guid_or_link(conn, server):
    items = two_pages(server, "/d")
    items[1].guid = items[0].guid
    items.append(Item("Orphan note", None, "Officials met in Geneva on Tuesday to discuss the ceasefire."))
    report, feed = _fault(conn, server, Route(rss2("Dupes", items), headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None
    sources = set(_bodies(conn))
    assert server.url("/d0") in sources and server.url("/d1") not in sources
    orphan = conn.execute("SELECT source, format FROM articles WHERE title = 'Orphan note'").fetchone()
    assert orphan["format"] == "summary" and orphan["source"].startswith(f"feed:{feed.id}:")
    s = run_update(conn)                        # stable keys: nothing again
    assert s.ingest.new == 0


def test_robots_disallowed_page_keeps_the_summary(conn, server):
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    items = two_pages(server, "/private/p")
    report, _ = _fault(conn, server, Route(rss2("Private", items), headers={"Content-Type": "application/rss+xml"}))
    assert report.error is None and any("robots.txt" in n for n in report.notes)
    assert not server.hits("/private/p0")
    row = conn.execute("SELECT format, body FROM articles WHERE source = ?", (server.url("/private/p0"),)).fetchone()
    assert row["format"] == "summary" and row["body"].startswith("The dock workers")


def test_unreachable_page_keeps_the_summary_and_tries_again(conn, server):
    items = two_pages(server, "/later")
    del server.routes["/later0"]
    _subscribe(conn, server, "/feed.xml", rss2("Later", items))
    s = run_update(conn)
    assert any("404" in n for n in s.feeds[0].notes)
    assert conn.execute("SELECT format FROM articles WHERE source = ?", (server.url("/later0"),)).fetchone()[0] == "summary"
    title, paras = TEXT[0]
    server.routes["/later0"] = Route(page(title, paras), headers={"Content-Type": "text/html"})
    s = run_update(conn)
    assert s.ingest.updated == 1
    assert conn.execute("SELECT format FROM articles WHERE source = ?", (server.url("/later0"),)).fetchone()[0] == "html"


def test_an_item_that_moves_to_a_new_link_replaces_its_article(conn, server):
    items = two_pages(server)
    _subscribe(conn, server, "/feed.xml", rss2("Gazette", items))
    run_update(conn)
    title, paras = TEXT[0]
    server.routes["/p0-moved"] = Route(page(title, paras), headers={"Content-Type": "text/html"})
    items[0].link = server.url("/p0-moved")                       # same GUID, new address
    _subscribe(conn, server, "/feed.xml", rss2("Gazette", items))
    run_update(conn)
    assert set(_bodies(conn)) == {server.url("/p0-moved"), server.url("/p1")}
    assert conn.execute("SELECT count(*) FROM quotes WHERE text LIKE '%protects every job%'").fetchone()[0] == 1
