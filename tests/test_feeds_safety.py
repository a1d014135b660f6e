"""What a feed may not do to the rest of the database, and the bounds on one update
(loopback server on 127.0.0.1 only, started and stopped by each test)."""
from __future__ import annotations

import pytest

import db
from briefing.ingest_run import run_ingest
from briefing.updating import run_update
from db import feeds as fdb
from tests.feedserver import FeedServer, Item, Route, rss2
from tests.test_feeds_update import TEXT, _page, _two_pages
from tests.test_feeds_update import c, server  # noqa: F401 - fixtures shared with that module

RSS = {"Content-Type": "application/rss+xml"}


def _body(c, source: str) -> str | None:
    row = c.execute("SELECT body FROM articles WHERE source = ?", (source,)).fetchone()
    return row[0] if row else None


def test_a_guid_naming_a_local_file_does_not_replace_its_article(c, server, tmp_path):
    local = tmp_path / "a.txt"
    local.write_text("Council approves budget\n\nThe council approved the budget on Tuesday after a long debate.\n")
    run_ingest(c, [str(local)])
    before = _body(c, str(local))
    assert before and "long debate" in before
    hostile = Item("Hijack", None, "x", guid=str(local),
                   content="<p>The budget was rejected, the mayor said on Wednesday, and the council resigned.</p>")
    fid = fdb.add_feed(c, server.url("/feed.xml"))[0].id
    server.routes["/feed.xml"] = Route(rss2("Hostile", [hostile]), headers=RSS)
    s = run_update(c)
    assert not s.failed and s.ingest.new == 1
    assert _body(c, str(local)) == before
    [src] = [r[0] for r in c.execute("SELECT source FROM feed_items WHERE feed_id = ?", (fid,))]
    assert src.startswith(f"feed:{fid}:")


def test_full_content_under_another_hosts_link_does_not_replace_that_article(c, server):
    items = _two_pages(server)                                   # pages on 127.0.0.1
    fdb.add_feed(c, server.url("/outlet.xml"))
    server.routes["/outlet.xml"] = Route(rss2("Outlet", items), headers=RSS)
    run_update(c)
    before = _body(c, server.url("/p0"))
    assert before and "protects every job" in before
    forged = Item("Harbour strike ends", server.url("/p0"), "s",
                  content="<p>The strike goes on, union leader Marta Kovacs said, and nobody returned.</p>")
    fid = fdb.add_feed(c, f"http://localhost:{server.port}/forger.xml")[0].id   # another host name
    server.routes["/forger.xml"] = Route(rss2("Forger", [forged]), headers=RSS)
    s = run_update(c)
    assert not s.failed
    assert _body(c, server.url("/p0")) == before
    [src] = [r[0] for r in c.execute("SELECT source FROM feed_items WHERE feed_id = ?", (fid,))]
    assert src.startswith(f"feed:{fid}:")


def test_a_page_ingested_by_hand_is_not_replaced_by_a_feed_item(c, server):
    from briefing.updating import ingest_urls

    title, paras = TEXT[0]
    server.routes["/p"] = Route(_page(title, paras), headers={"Content-Type": "text/html"})
    ingest_urls(c, [server.url("/p")])
    before = _body(c, server.url("/p"))
    assert before and "protects every job" in before
    fdb.add_feed(c, server.url("/feed.xml"))
    server.routes["/feed.xml"] = Route(rss2("Same host", [Item(title, server.url("/p"), "s",
                                       content="<p>Nothing was agreed, the port said on Friday.</p>")]), headers=RSS)
    s = run_update(c)
    assert _body(c, server.url("/p")) == before
    assert any("not replaced" in n for n in s.feeds[0].notes)
    assert c.execute("SELECT count(*) FROM feed_items").fetchone()[0] == 0


def test_only_the_newest_items_of_a_long_feed_are_taken(c, server, monkeypatch):
    from datetime import datetime, timezone

    import briefing.updating as updating

    monkeypatch.setattr(updating, "MAX_ITEMS_PER_FEED", 3)
    items = [Item(f"Note {d}", None, f"The committee met on day {d} and adjourned.", guid=f"n{d}",
                  date=datetime(2025, 6, d, 12, 0, tzinfo=timezone.utc)) for d in (2, 5, 1, 4, 3)]
    fdb.add_feed(c, server.url("/long.xml"))
    server.routes["/long.xml"] = Route(rss2("Long", items), headers=RSS)
    s = run_update(c)
    titles = {r[0] for r in c.execute("SELECT title FROM articles")}
    assert titles == {"Note 5", "Note 4", "Note 3"}
    assert s.feeds[0].items == 5 and any("only the newest 3" in n for n in s.feeds[0].notes)


def test_queued_articles_are_bounded_by_bytes_and_count():
    import threading

    from briefing.updating import _Budget

    stop = threading.Event()
    b = _Budget(100, 3, stop)
    assert b.take(500)                       # one article larger than the budget goes alone
    stop.set()
    assert not b.take(1)                     # anything more waits (here: gives up, stopped)
    b.give(500)
    assert b.take(60) and not b.take(60)     # bytes
    assert b.take(10) and b.take(10) and not b.take(0)   # count


def test_unreachable_robots_txt_keeps_the_summary_and_asks_again(c, server):
    from tests.test_feeds_update import FAST

    server.routes["/robots.txt"] = Route(b"down", 503, {"Content-Type": "text/plain"})
    items = _two_pages(server)
    fdb.add_feed(c, server.url("/feed.xml"))
    server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers=RSS)
    s = run_update(c, limits=FAST)
    assert any("unreachable" in n for n in s.feeds[0].notes) and not server.hits("/p0")
    assert c.execute("SELECT format FROM articles WHERE source = ?", (server.url("/p0"),)).fetchone()[0] == "summary"
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow:\n", headers={"Content-Type": "text/plain"})
    s = run_update(c, limits=FAST)
    assert s.ingest.updated == 2 and server.hits("/p0")
    assert c.execute("SELECT format FROM articles WHERE source = ?", (server.url("/p0"),)).fetchone()[0] == "html"


def test_the_deadline_starts_once_a_connection_slot_is_had(server):
    import asyncio
    import threading

    from ingest.fetch.http import Fetcher, Limits

    hold = threading.Event()
    server.routes["/held"] = Route(b"late", headers={"Content-Type": "text/plain"}, hold=hold)
    server.routes["/quick"] = Route(b"quick", headers={"Content-Type": "text/plain"})
    lim = Limits(per_host=1, deadline=2.0, retries=0)

    async def go():
        async with Fetcher(lim) as f:        # /quick waits the whole deadline of /held for the one slot
            return await asyncio.gather(f.get(server.url("/held")), f.get(server.url("/quick")))

    try:
        held, quick = asyncio.run(go())
    finally:
        hold.set()
    assert held.error and "within 2 s" in held.error
    assert quick.error is None and quick.body == b"quick"


# ---- redirects and private addresses ------------------------------------------------------
def test_a_permanent_move_to_another_host_is_noted_not_kept(c, server):
    items = _two_pages(server)
    server.routes["/new.xml"] = Route(rss2("Moved", items), headers=RSS)
    server.routes["/old.xml"] = Route(b"", 301, {"Location": f"http://localhost:{server.port}/new.xml"})
    fid = fdb.add_feed(c, server.url("/old.xml"))[0].id
    s = run_update(c)
    assert not s.failed and s.ingest.new == 2
    assert fdb.find_feed(c, fid).url == server.url("/old.xml")
    assert any("moved permanently" in n and "localhost" in n for n in s.feeds[0].notes)


def test_conditional_headers_stay_with_their_host(server):
    import asyncio

    from ingest.fetch.http import Fetcher

    server.routes["/here"] = Route(b"", 302, {"Location": f"http://localhost:{server.port}/there"})
    server.routes["/there"] = Route(b"ok", headers={"Content-Type": "text/plain"})

    async def go():
        async with Fetcher() as f:
            return await f.get(server.url("/here"), etag='"v1"', last_modified="Thu, 05 Jun 2025 12:00:00 GMT")

    got = asyncio.run(go())
    assert got.body == b"ok"
    assert server.hits("/here")[0].headers.get("if-none-match") == '"v1"'
    there = server.hits("/there")[0].headers
    assert "if-none-match" not in there and "if-modified-since" not in there


def test_private_addresses_are_refused_unless_asked_for(server):
    import asyncio

    from ingest.fetch.http import Fetcher

    server.routes["/page"] = Route(b"ok", headers={"Content-Type": "text/plain"})
    server.routes["/jump"] = Route(b"", 302, {"Location": server.url("/page")})

    async def go():
        async with Fetcher() as f:
            return (await f.get(server.url("/page"), private_ok=False), await f.get(server.url("/page")),
                    await f.is_private("http://[::1]/"), await f.is_private("http://169.254.169.254/"),
                    await f.is_private("http://192.0.2.1/"))

    refused, asked, v6, metadata, public = asyncio.run(go())
    assert refused.error and "private or local" in refused.error
    assert asked.error is None and asked.body == b"ok"       # the address given is loopback: allowed
    assert v6 and metadata and not public
    assert len(server.hits("/page")) == 1


def test_a_public_feed_may_not_link_into_the_local_network(c, server, monkeypatch):
    from ingest.fetch.http import Fetcher

    real = Fetcher.is_private

    async def public_localhost(self, url):                 # the feed's host name plays a public site
        return False if "//localhost:" in url else await real(self, url)

    monkeypatch.setattr(Fetcher, "is_private", public_localhost)
    items = _two_pages(server)                               # links on 127.0.0.1
    fdb.add_feed(c, f"http://localhost:{server.port}/feed.xml")
    server.routes["/feed.xml"] = Route(rss2("Public", items), headers=RSS)
    s = run_update(c)
    assert not server.hits("/p0") and not server.hits("/robots.txt")
    assert any("private or local" in n for n in s.feeds[0].notes)
    assert c.execute("SELECT format FROM articles WHERE source = ?", (server.url("/p0"),)).fetchone()[0] == "summary"
