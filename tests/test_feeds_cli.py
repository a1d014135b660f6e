"""`briefing feeds …`, `briefing update`, `briefing ingest URL` against a 127.0.0.1 server."""
from __future__ import annotations

import json

import pytest

import db
from briefing.cli import main
from db import feeds as fdb
from tests.feedserver import TEXT, FeedServer, Item, Route, page, rss2


@pytest.fixture
def server():
    s = FeedServer().start()
    for n, (title, paras) in enumerate(TEXT):
        s.routes[f"/p{n}"] = Route(page(title, paras), headers={"Content-Type": "text/html"})
    items = [Item(t, s.url(f"/p{n}"), "summary", guid=f"g{n}") for n, (t, _) in enumerate(TEXT)]
    s.routes["/feed.xml"] = Route(rss2("Gazette", items), headers={"Content-Type": "application/rss+xml"})
    s.routes["/"] = Route(b'<html><head><title>Home</title><link rel="alternate" type="application/rss+xml"'
                          b' title="News" href="/feed.xml"></head><body>Welcome</body></html>',
                          headers={"Content-Type": "text/html"})
    yield s
    s.stop()


def _json(capsys, *argv) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_add_a_page_subscribes_to_its_feed_and_lists_it(db_path, server, capsys):
    code, out = _json(capsys, "feeds", "add", server.url("/"), "--db", str(db_path), "--json")
    assert code == 0 and out[0]["url"] == server.url("/feed.xml") and out[0]["title"] == "Gazette"
    code, out = _json(capsys, "feeds", "add", server.url("/feed.xml"), "--db", str(db_path), "--json")
    assert out[0]["added"] is False
    code, rows = _json(capsys, "feeds", "--db", str(db_path), "--json")
    assert [r["url"] for r in rows] == [server.url("/feed.xml")] and rows[0]["articles"] == 0


def test_add_refuses_what_is_not_a_feed(db_path, server, capsys):
    server.routes["/plain"] = Route(b"<html><body>no feeds here</body></html>", headers={"Content-Type": "text/html"})
    assert main(["feeds", "add", server.url("/plain"), "--db", str(db_path)]) == 1
    assert "names no feed" in capsys.readouterr().err
    assert main(["feeds", "add", "file:///etc/passwd", "--db", str(db_path)]) == 2


@pytest.mark.slow
def test_update_exits_1_naming_each_failed_feed(db_path, server, capsys):
    main(["feeds", "add", server.url("/feed.xml"), "--db", str(db_path)])
    c = db.connect(db_path)
    fdb.add_feed(c, server.url("/missing.xml"))
    c.close()
    capsys.readouterr()
    code = main(["update", "--db", str(db_path)])
    cap = capsys.readouterr()
    assert code == 1
    assert "2 new" in cap.out
    assert f"failed: feed 2 {server.url('/missing.xml')}: HTTP 404" in cap.err
    code, rows = _json(capsys, "feeds", "--db", str(db_path), "--json")
    assert rows[0]["articles"] == 2 and rows[0]["last_success"] and "404" in rows[1]["last_error"]
    assert main(["update", "--feed", "1", "--db", str(db_path)]) == 0


def test_remove_keeps_articles_unless_purge(db_path, server, capsys):
    main(["feeds", "add", server.url("/feed.xml"), "--db", str(db_path)])
    main(["update", "--db", str(db_path)])
    assert main(["feeds", "remove", "1", "--db", str(db_path)]) == 0
    c = db.connect(db_path)
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    c.close()
    main(["feeds", "add", server.url("/feed.xml"), "--db", str(db_path)])
    main(["update", "--db", str(db_path)])
    assert main(["feeds", "remove", server.url("/feed.xml"), "--purge", "--db", str(db_path)]) == 0
    c = db.connect(db_path)
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM quotes").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'dock'").fetchone()[0] == 0
    c.close()
    assert main(["feeds", "remove", "99", "--db", str(db_path)]) == 1


def test_opml_round_trip(db_path, tmp_path, server, capsys):
    opml = tmp_path / "subs.opml"
    opml.write_text(f"""<?xml version="1.0"?><opml version="1.0"><head/><body>
<outline text="News"><outline text="Gazette &amp; Co" xmlUrl="{server.url('/feed.xml')}"/>
<outline text="Other" type="rss" xmlUrl="{server.url('/other.xml')}"/></outline>
<outline text="not a feed"/></body></opml>""")
    assert main(["feeds", "import", str(opml), "--db", str(db_path)]) == 0
    out = tmp_path / "out.opml"
    assert main(["feeds", "export", "-o", str(out), "--db", str(db_path)]) == 0
    from ingest.fetch.opml import read_opml

    got = read_opml(out.read_bytes())
    assert [(o.url, o.title) for o in got] == [(server.url("/feed.xml"), "Gazette & Co"),
                                                (server.url("/other.xml"), "Other")]
    assert main(["feeds", "export", "-o", str(out), "--db", str(db_path)]) == 1     # no clobbering
    bad = tmp_path / "bad.opml"
    bad.write_text("<html>nope</html>")
    assert main(["feeds", "import", str(bad), "--db", str(db_path)]) == 1
    assert "not OPML" in capsys.readouterr().err


def test_ingest_url_fetches_onepage(db_path, server, capsys):
    assert main(["ingest", server.url("/p0"), "--db", str(db_path)]) == 0
    c = db.connect(db_path)
    row = c.execute("SELECT source, format, body FROM articles").fetchone()
    assert row["source"] == server.url("/p0") and row["format"] == "html" and "dock workers" in row["body"]
    c.close()
    assert main(["ingest", server.url("/nothing"), "--db", str(db_path)]) == 1
    assert "404" in capsys.readouterr().err


def test_prune_deletes_old_feed_articles_but_keeps_cited_ones(db_path, server, capsys):
    main(["feeds", "add", server.url("/feed.xml"), "--db", str(db_path)])
    main(["update", "--db", str(db_path)])
    assert main(["export", "--query", "passengers", "--db", str(db_path)]) == 0      # cites /p1 only
    assert server.url("/p1") in capsys.readouterr().out
    code, out = _json(capsys, "feeds", "prune", "--older-than", "90d", "--db", str(db_path), "--json")
    assert code == 0 and out["deleted_articles"] == 1
    c = db.connect(db_path)
    assert [r[0] for r in c.execute("SELECT source FROM articles")] == [server.url("/p1")]
    assert c.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'dock'").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'protects'").fetchone()[0] == 0
    c.close()
    main(["update", "--db", str(db_path)])                      # a pruned item is not fetched again
    c = db.connect(db_path)
    assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    c.close()
    capsys.readouterr()
    code, out = _json(capsys, "feeds", "prune", "--older-than", "90d", "--all", "--db", str(db_path), "--json")
    assert out["deleted_articles"] == 1
    with pytest.raises(SystemExit) as exit_:
        main(["feeds", "prune", "--older-than", "soon", "--db", str(db_path)])
    assert exit_.value.code == 2


@pytest.mark.parametrize("argv", [
    ["feeds", "export", "-o", "/nonexistent/d/x.opml"],
    ["feeds", "remove", "99999999999999999999"],
    ["update", "--feed", "99999999999999999999"],
    ["feeds", "prune", "--older-than", "99999y"],
])
def test_bad_arguments_get_a_one_line_refusal(db_path, capsys, argv):
    fdb.add_feed(db.connect(db_path), "http://127.0.0.1:9/feed.xml")
    try:
        code = main([*argv, "--db", str(db_path)])
    except SystemExit as e:                   # argparse's refusal of a bad value
        code = e.code
    err = capsys.readouterr().err
    assert code in (1, 2)
    assert "Traceback" not in err and 1 <= len(err.strip().splitlines()) <= 2


def test_feed_urls_and_titles_are_sanitised_before_the_terminal(db_path, tmp_path, capsys):
    opml = tmp_path / "evil.opml"
    opml.write_text('<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><body>'
                    '<outline text="Evil\u202etxt.exe" xmlUrl="http://127.0.0.1:9/\u202efeed.xml"/></body></opml>',
                    encoding="utf-8")
    assert main(["feeds", "import", str(opml), "--db", str(db_path)]) == 0
    assert main(["feeds", "--db", str(db_path)]) == 0
    assert main(["feeds", "remove", "1", "--db", str(db_path)]) == 0
    out = capsys.readouterr()
    assert "removed [1]" in out.out
    assert "\u202e" not in out.out + out.err


def test_opml_entities_are_refused_whatever_the_encoding():
    from ingest.fetch.opml import OpmlError, read_opml

    doc = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
           '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml version="2.0"><body>'
           '<outline text="&b;" xmlUrl="http://127.0.0.1:9/f.xml"/></body></opml>')
    for data in (doc.encode("utf-16"), doc.replace("UTF-16", "UTF-8").encode()):
        with pytest.raises(OpmlError, match="DOCTYPE or entities"):
            read_opml(data)


def test_feeds_cli_uses_public_names_only():
    import ast
    from pathlib import Path

    import briefing.feeds_cli as mod

    tree = ast.parse(Path(mod.__file__).read_text())
    private = [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
               for a in n.names if a.name.startswith("_")]
    assert private == []
