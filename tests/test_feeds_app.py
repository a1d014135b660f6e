"""The app's `u`: an update in a worker against a 127.0.0.1 server; "N new" in the title bar."""
from __future__ import annotations

import pytest

import db
from db import feeds as fdb
from tests import app_fixtures
from tests.feedserver import TEXT, FeedServer, Item, Route, page, rss2
from ingest.fetch.http import Limits



@pytest.mark.slow
async def test_u_updates_in_a_worker_and_the_title_counts_new(tmp_path, monkeypatch):
    path = app_fixtures.build(tmp_path / "briefing.db")
    server = FeedServer().start()
    try:
        for n, (title, paras) in enumerate(TEXT):
            server.routes[f"/p{n}"] = Route(page(title, paras), headers={"Content-Type": "text/html"})
        items = [Item(t, server.url(f"/p{n}"), "summary", guid=f"g{n}") for n, (t, _) in enumerate(TEXT)]
        server.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml"})
        server.routes["/bad.xml"] = Route(b"", 500)
        c = db.connect(path)
        fdb.add_feed(c, server.url("/feed.xml"))
        fdb.add_feed(c, server.url("/bad.xml"))
        fdb.set_last_seen(c, 0)
        before = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        c.close()
        import briefing.updating as updating

        real = updating.run_update
        quick_retries = Limits(backoff=0.01)                 # the 500 feed: default timeouts, no long backoff
        monkeypatch.setattr(updating, "run_update", lambda conn, **kw: real(conn, **{**kw, "limits": quick_retries}))
        app = app_fixtures.make_app(path)
        async with app_fixtures.running(app) as pilot:
            notes = app_fixtures.notes(app)
            await pilot.press("u")
            await app_fixtures.workers_done(app)
            await app_fixtures.settle(pilot)
            await app_fixtures.workers_done(app)
            await app_fixtures.settle(pilot)
            sub = app.sub_title

    finally:
        server.stop()
    c = db.connect(path)
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == before + 2
    c.close()
    assert any("bad.xml" in n and "500" in n for n in notes)
    assert any(n.startswith("updated: 2 new") for n in notes)
    assert f"{before + 2} new" in sub


# ---- the `new` filter -------------------------------------------------------------------------
def _aged(tmp_path):
    """The app fixture with every article but the newest seen by a session before."""
    path = app_fixtures.build(tmp_path / "briefing.db")
    c = db.connect(path)
    newest = c.execute("SELECT max(id) FROM articles").fetchone()[0]
    fdb.set_last_seen(c, newest - 1)
    c.close()
    return path, newest


def test_new_filter_narrows_every_query_to_recent_arrivals(tmp_path):
    from db import queries
    from db.queries import Filters

    path, first = _aged(tmp_path)
    c = db.connect(path)
    f = Filters(new=str(first - 1))
    assert [a.id for a in queries.articles(c, f)] == [first]
    assert queries.count_articles(c, f) == 1
    assert {q.article_id for q in queries.quotes(c, f)} <= {first}
    assert queries.count_quotes(c, f) == len(queries.quotes(c, f))
    assert {e.article_id for e in queries.timeline(c, f)} <= {first}
    assert queries.count_timeline(c, f) < queries.count_timeline(c, Filters())
    assert queries.countries(c, f) and all(r.articles == 1 for r in queries.countries(c, f))
    assert queries.articles(c, Filters(new=str(first))) == []
    c.close()


def test_typed_new_prefix():
    from briefing import state
    from db.queries import Filters

    typed = state.parse_typed("new: budget")
    assert typed.prefixes == {"new": "yes"} and typed.text == "budget"
    f = state.filters_from_typed(Filters(), typed, lambda c: None, new_since="2010-01-01T00:00:00+00:00")
    assert f.new == "2010-01-01T00:00:00+00:00"
    assert state.describe(f) == [("new", "new articles")]

    with pytest.raises(state.TypedError):
        state.filters_from_typed(Filters(), typed, lambda c: None, new_since=None)
    off = state.filters_from_typed(f, state.parse_typed("new:off"), lambda c: None, new_since="x")
    assert off.new is None


@pytest.mark.slow
async def test_a_key_toggles_the_new_filter_in_every_pane(tmp_path):
    path, first = _aged(tmp_path)

    app = app_fixtures.make_app(path)
    async with app_fixtures.running(app) as pilot:
        await app_fixtures.workers_done(app)
        all_events = app.pane("timeline").list.count
        assert "1 new" in app.sub_title
        from briefing.panes.timeline import render_event
        from db import queries

        lst = app.pane("timeline").list
        with app.database.connection() as conn:
            rows = queries.timeline(conn)
        marked = {r.article_id for r in rows if "new ·" in render_event(r, None, 100, lst, True)[1].plain}
        assert marked == {first}
        await app_fixtures.press(pilot, "a")
        assert app.filters.new == str(first - 1)
        narrowed = app.pane("timeline").list.count
        await app_fixtures.press(pilot, "2")
        quotes_new = app.pane("quotes").list.count
        await app_fixtures.press(pilot, "a")
        after, quotes_all = app.filters.new, app.pane("quotes").list.count

    assert narrowed < all_events and after is None and quotes_new < quotes_all


@pytest.mark.slow
async def test_u_while_updating_is_refused_and_quitting_stops_the_update(tmp_path):
    import threading

    path = app_fixtures.build(tmp_path / "briefing.db")
    server = FeedServer().start()
    hold = threading.Event()                     # the feed is not answered until the test ends
    try:
        server.routes["/feed.xml"] = Route(rss2("Slow", []), headers={"Content-Type": "application/rss+xml"},
                                           hold=hold)
        c = db.connect(path)
        fdb.add_feed(c, server.url("/feed.xml"))
        c.close()
        app = app_fixtures.make_app(path)
        async with app_fixtures.running(app) as pilot:
            notes = app_fixtures.notes(app)
            await pilot.press("u")
            assert await app_fixtures.until(pilot, lambda: server.hits("/feed.xml"))
            await pilot.press("u")
            running = [w for w in app.workers if w.group == "update" and not w.is_finished]
            assert len(running) == 1
        app = app

        assert "An update is already running" in notes
        assert app.update_stop is not None and app.update_stop.is_set()
        for t in threading.enumerate():          # the fetch gave up its held request: it ends
            if t.name == "briefing-fetch":
                t.join(15)
                assert not t.is_alive()
        assert len(server.hits("/feed.xml")) == 1
    finally:
        hold.set()
        server.stop()


@pytest.mark.slow
async def test_seen_is_written_after_the_app_exits_not_on_its_event_loop(tmp_path, monkeypatch):
    from briefing import app as app_module

    path = app_fixtures.build(tmp_path / "briefing.db")

    app = app_module.BriefingApp(path)       # not frozen: a real session
    async with app_fixtures.running(app):
        pass                                 # launched, its first screen shown, quit

    c = db.connect(path)
    assert app.session_seen and fdb.last_seen(c) is None     # nothing written on the way out
    monkeypatch.setattr(app_module.BriefingApp, "run", lambda self, *a, **kw: setattr(self, "session_seen", True))
    assert app_module.run_app(path) == 0
    assert fdb.last_seen(c) is not None
    c.close()


def test_new_counts_by_article_id_and_cli_and_app_agree(tmp_path):
    path = app_fixtures.build(tmp_path / "briefing.db")
    c = db.connect(path)
    fdb.add_feed(c, "http://127.0.0.1:9/feed.xml")
    assert fdb.new_count(c, fdb.last_seen(c)) == 0           # never seen: nothing is new, in both
    assert [r["new"] for r in fdb.feed_rows(c, fdb.last_seen(c))] == [0]
    fdb.set_last_seen(c)
    # an article stored after the session ended, by a batch that began before it
    row = c.execute("SELECT * FROM articles ORDER BY id DESC LIMIT 1").fetchone()
    cols = [k for k in row.keys() if k != "id"]
    vals = {k: row[k] for k in cols}
    vals.update(source="/late/batch.txt", content_hash="late", ingested_at="2000-01-01T00:00:00+00:00")
    c.execute(f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
              [vals[k] for k in cols])
    assert fdb.new_count(c, fdb.last_seen(c)) == 1
    c.close()
