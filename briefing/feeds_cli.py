"""`briefing feeds …`, `briefing update` and `briefing ingest URL`: the commands that follow feeds.

Kept out of cli.py, which only adds these parsers and dispatches to them.
"""
from __future__ import annotations

import argparse
import re
import sys

from briefing.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, CliError, emit_json, open_db, print_table, row_id, write_output


def add_parsers(add, common) -> None:
    """Register the commands with cli.build_parser's ``add`` helper."""
    if s := add("feeds", "feed subscriptions: list (default), add, remove, import, export, prune"):
        s.add_argument("--json", action="store_true", help="print the list as JSON")
        sub = s.add_subparsers(dest="feeds_command", metavar="ACTION")
        a = sub.add_parser("add", help="subscribe to feeds (a page URL: the feed it announces)")
        a.add_argument("urls", nargs="+", metavar="URL")
        r = sub.add_parser("remove", help="unsubscribe; the articles stay unless --purge")
        r.add_argument("feed", metavar="ID|URL")
        r.add_argument("--purge", action="store_true", help="also delete the articles only this feed brought")
        i = sub.add_parser("import", help="subscribe to every feed in an OPML file")
        i.add_argument("file", metavar="FILE.opml")
        e = sub.add_parser("export", help="write the subscriptions as OPML")
        e.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
        e.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
        p = sub.add_parser("prune", help="delete old feed articles and everything extracted from them")
        p.add_argument("--older-than", required=True, metavar="AGE", type=_age, help="e.g. 90d, 12w, 6m, 1y")
        p.add_argument("--all", action="store_true", help="also articles an export cited")
        for x in (a, r, i, e, p):
            common(x)
            x.add_argument("--json", action="store_true", help="print the result as JSON")
    if s := add("update", "fetch the feeds and ingest their new articles"):
        s.add_argument("--feed", metavar="ID", type=_feed_id, help="only this feed")
        s.add_argument("--json", action="store_true", help="print the summary as JSON")


_AGE = re.compile(r"^\s*(\d{1,5})\s*([dwmy])\s*$", re.IGNORECASE)
MAX_AGE_DAYS = 100 * 365           # older than a century: nothing a feed delivered


def _age(value: str) -> int:
    """'90d' -> 90 days."""
    m = _AGE.match(value)
    if not m:
        raise argparse.ArgumentTypeError(f"not an age: {value!r} (use e.g. 90d, 12w, 6m, 1y)")
    days = int(m.group(1)) * {"d": 1, "w": 7, "m": 30, "y": 365}[m.group(2).lower()]
    if days > MAX_AGE_DAYS:
        raise argparse.ArgumentTypeError(f"{value.strip()} is too long ago: at most 100y")
    return days


def _feed_id(value: str) -> int:
    return row_id(value, "feed")


def _limits():
    from ingest.fetch.http import Limits

    return Limits()


# ---- feeds ---------------------------------------------------------------------------------
def cmd_feeds(args: argparse.Namespace) -> int:
    action = getattr(args, "feeds_command", None) or "list"
    return {"list": _list, "add": _add, "remove": _remove, "import": _import, "export": _export,
            "prune": _prune}[action](args)


def _list(args) -> int:
    from db import feeds as fdb

    conn = open_db(args)
    rows = fdb.feed_rows(conn, fdb.last_seen(conn))
    if args.json:
        emit_json(rows)
        return EXIT_OK
    for r in rows:
        r["status"] = "gone (410)" if r["gone"] else (r["last_error"] or "")
    print_table(rows, [("id", "id"), ("title", "title"), ("url", "url"), ("last_success", "last success"),
                  ("status", "last error"), ("articles", "articles"), ("new", "new")],
           empty="no feeds yet: briefing feeds add URL")
    return EXIT_OK


def _resolve(urls: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(feed url, title, error) for each URL typed: a feed as it is, a page by the feed it names."""
    import asyncio

    from briefing.updating import resolve_feed
    from ingest.fetch.http import Fetcher
    from ingest.readers.feed import parse_feed

    async def one(f: Fetcher, url: str):
        found = await resolve_feed(f, url)
        if found.error:
            return found.url, None, found.error
        parsed = parse_feed(found.got.body, found.url)
        if parsed.error:
            return found.url, None, parsed.error
        return found.url, parsed.title, None

    async def run():
        async with Fetcher(_limits()) as f:
            return await asyncio.gather(*(one(f, u) for u in urls))

    return asyncio.run(run())


def _check_urls(urls: list[str]) -> None:
    for u in urls:
        if not u.startswith(("http://", "https://")):
            raise CliError(f"not a web address: {u!r} (feeds are http:// or https:// URLs)", EXIT_USAGE)


def _add(args) -> int:
    from db import feeds as fdb
    from ingest.sanitize import sanitize_line

    _check_urls(args.urls)
    conn = open_db(args, create=True)
    out, failed = [], 0
    for typed, (url, title, error) in zip(args.urls, _resolve(args.urls)):
        if error:
            failed += 1
            out.append({"url": typed, "error": error})
            print(f"error: {sanitize_line(typed)}: {sanitize_line(error)}", file=sys.stderr)
            continue
        feed, created = fdb.add_feed(conn, url, title)
        out.append({"id": feed.id, "url": feed.url, "title": feed.title, "added": created})
        if not args.json:
            what = "added" if created else "already subscribed"
            print(f"{what}: [{feed.id}] {sanitize_line(feed.title or '')} {sanitize_line(feed.url)}".replace("  ", " "))
    if args.json:
        emit_json(out)
    return EXIT_FAILED if failed else EXIT_OK


def _feed_arg(conn, ident: str):
    from db import feeds as fdb
    from ingest.sanitize import sanitize_line

    if ident.strip().isdigit():
        try:
            ident = str(row_id(ident.strip(), "feed"))
        except argparse.ArgumentTypeError as e:
            raise CliError(str(e)) from None
    feed = fdb.find_feed(conn, ident)
    if feed is None:
        ident = sanitize_line(ident)
        raise CliError(f"no feed {ident!r} (see `briefing feeds`)")
    return feed


def _delete(conn, sources: list[str]) -> int:
    from db.store import Store

    store = Store(conn)
    return sum(store.delete_source(s) for s in sources)


def _remove(args) -> int:
    from db import feeds as fdb
    from ingest.sanitize import sanitize_line

    conn = open_db(args)
    feed = _feed_arg(conn, args.feed)
    sources = fdb.feed_sources(conn, feed.id) if args.purge else []
    fdb.remove_feed(conn, feed.id)
    deleted = _delete(conn, sources)
    if args.json:
        emit_json({"id": feed.id, "url": feed.url, "deleted_articles": deleted})
    else:
        print(f"removed [{feed.id}] {sanitize_line(feed.url)}" + (f"; deleted {deleted} articles" if args.purge else ""))
    return EXIT_OK


def _import(args) -> int:
    from db import feeds as fdb
    from ingest.fetch.opml import OpmlError, read_opml
    from ingest.sanitize import printable, sanitize_line

    try:
        with open(args.file, "rb") as fh:
            data = fh.read(16 << 20)
    except OSError as e:
        raise CliError(f"cannot read {printable(args.file)}: {e.strerror}") from None
    try:
        outlines = read_opml(data)
    except OpmlError as e:
        raise CliError(f"{printable(args.file)}: {sanitize_line(str(e))}") from None
    conn = open_db(args, create=True)
    added = 0
    for o in outlines:
        _, created = fdb.add_feed(conn, o.url, o.title)
        added += created
    if args.json:
        emit_json({"feeds": len(outlines), "added": added})
    else:
        print(f"{len(outlines)} feeds in {printable(args.file)}: {added} added, {len(outlines) - added} already subscribed")
    return EXIT_OK


def _export(args) -> int:
    from db import feeds as fdb
    from ingest.fetch.opml import Outline, write_opml

    conn = open_db(args)
    write_output(args.output, write_opml([Outline(f.url, f.title) for f in fdb.all_feeds(conn)]), args.force)
    return EXIT_OK


def _prune(args) -> int:
    from datetime import date, timedelta

    from db import feeds as fdb
    from db.store import Store

    conn = open_db(args)
    before = (date.today() - timedelta(days=args.older_than)).isoformat()
    sources = fdb.prunable(conn, before, keep_cited=not args.all)
    deleted = _delete(conn, sources)
    fdb.forget_items(conn, sources)
    if deleted:
        Store(conn).optimize()
    if args.json:
        emit_json({"before": before, "deleted_articles": deleted})
    else:
        print(f"deleted {deleted} feed articles from before {before}")
    return EXIT_OK


# ---- update --------------------------------------------------------------------------------
def _reason_line(f) -> str:
    from ingest.sanitize import sanitize_line

    return f"feed {f.id} {sanitize_line(f.url)}: {sanitize_line(f.error or '')}"


def cmd_update(args: argparse.Namespace) -> int:
    from rich.console import Console

    from briefing.updating import run_update
    from db import feeds as fdb
    from ingest.sanitize import sanitize_line

    conn = open_db(args, create=True)
    if args.feed is not None and fdb.find_feed(conn, args.feed) is None:
        raise CliError(f"no feed {args.feed} (see `briefing feeds`)")
    err = Console(stderr=True, highlight=False)
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("updating"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[stats]}"),
                      TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task("feeds", total=None, stats="")

            def progress(kind, s, feed):
                bar.update(task, total=len(s.feeds), completed=s.finished,
                           stats=f"{s.ingest.new} new, {s.ingest.updated} updated, {len(s.failed)} failed")
                if feed is not None and feed.error:
                    from rich.text import Text

                    bar.console.print(Text("error: " + _reason_line(feed), style="red"))

            summary = run_update(conn, only=args.feed, limits=_limits(), progress=progress)
    else:
        def progress(kind, s, feed):
            if feed is not None:
                state = f"error: {sanitize_line(feed.error)}" if feed.error else (
                    "not modified" if feed.not_modified else f"{feed.fetched} new or changed items")
                print(f"[{s.finished}/{len(s.feeds)}] {sanitize_line(feed.url)}: {state}", file=sys.stderr)

        summary = run_update(conn, only=args.feed, limits=_limits(), progress=progress)
    d = summary.ingest.as_dict()
    if args.json:
        emit_json(summary.as_dict())
    else:
        print(f"feeds: {len(summary.feeds)} fetched, {len(summary.failed)} failed; "
              f"articles: {d['new']} new, {d['updated']} updated, {d['failed']} failed; "
              f"found {d['quotes']} quotes, {d['people']} people, {d['events']} events")
        for f in summary.feeds:
            for note in f.notes[:5]:
                print(f"note: feed {f.id}: {sanitize_line(note)}", file=sys.stderr)
        for f in summary.failed:
            print("failed: " + _reason_line(f), file=sys.stderr)
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_ingest_urls(args: argparse.Namespace) -> int:
    """`briefing ingest URL…`: pages fetched and read as a feed item's page would be."""
    from briefing.updating import ingest_urls
    from ingest.sanitize import printable_path, sanitize_line

    conn = open_db(args, create=True)
    summary = ingest_urls(conn, args.paths, limits=_limits())
    for e in summary.errors:
        print(f"error: {printable_path(str(e.source))}: {sanitize_line(e.reason)}", file=sys.stderr)
    d = summary.as_dict()
    if args.json:
        emit_json(d)
    else:
        print(f"articles: {d['new']} new, {d['unchanged']} unchanged, {d['updated']} updated, "
              f"{d['failed']} failed; found {d['quotes']} quotes, {d['people']} people, "
              f"{d['events']} events, {d['countries']} countries")
    return EXIT_FAILED if summary.failed else EXIT_OK
