"""The app's `u`: an update in a worker against a 127.0.0.1 server; "N new" in the title bar."""
from __future__ import annotations

import asyncio

import db
from db import feeds as fdb
from tests import app_fixtures
from tests.feedserver import FeedServer, Item, Route, rss2
from tests.test_feeds_update import FAST, TEXT, _page

SIZE = (100, 30)


def test_u_updates_in_a_worker_and_the_title_counts_new(tmp_path, monkeypatch):
    path = app_fixtures.build(tmp_path / "briefing.db")
    server = FeedServer().start()
    try:
        for n, (title, paras) in enumerate(TEXT):
            server.routes[f"/p{n}"] = Route(_page(title, paras), headers={"Content-Type": "text/html"})
        items = [Item(t, server.url(f"/p{n}"), "summary", guid=f"g{n}") for n, (t, _) in enumerate(TEXT)]
        server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml"})
        server.routes["/bad.xml"] = Route(b"", 500)
        c = db.connect(path)
        fdb.add_feed(c, server.url("/feed.xml"))
        fdb.add_feed(c, server.url("/bad.xml"))
        fdb.set_last_seen(c, "2000-01-01T00:00:00+00:00")
        before = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        c.close()
        import briefing.updating as updating

        real = updating.run_update
        monkeypatch.setattr(updating, "run_update", lambda conn, **kw: real(conn, **{**kw, "limits": FAST}))
        notes: list[str] = []

        async def go():
            app = app_fixtures.make_app(path)
            async with app.run_test(size=SIZE) as pilot:
                await app_fixtures.settle(pilot)
                app.notify = lambda msg, **kw: notes.append(str(msg))
                await pilot.press("u")
                await app.workers.wait_for_complete()
                await app_fixtures.settle(pilot)
                await app.workers.wait_for_complete()
                await app_fixtures.settle(pilot)
                return app.sub_title

        sub = asyncio.run(go())
    finally:
        server.stop()
    c = db.connect(path)
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == before + 2
    c.close()
    assert any("bad.xml" in n and "500" in n for n in notes)
    assert any(n.startswith("updated: 2 new") for n in notes)
    assert f"{before + 2} new" in sub
