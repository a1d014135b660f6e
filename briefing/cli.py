"""Command line: parse, call ingest/db, print a Rich table for people or JSON for programs.

Imports are lazy: `briefing --help` and the JSON commands must not pay for Textual.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
TYPE_CHECKING = False          # typing itself is not imported: every command pays for its imports
if TYPE_CHECKING:
    from typing import Any, Sequence

    from db.rows import ArticleQuote, Quote, SearchHit

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED):
        super().__init__(message)
        self.code = code


# ---- argument parsing ---------------------------------------------------------------------
SEARCH_LIMIT = 50


def _limit(value: str) -> int | None:
    """--limit N: N >= 1 rows, or 0 for all of them."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (all) or more")
    return n or None


def _columns() -> int:
    """shutil.get_terminal_size()'s answer: $COLUMNS, else the terminal's width, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80


# `show` renders this much of a long article (Rich wraps a 20 MB text for minutes): --full for all
SHOW_CHARS = 20_000
SHOW_ROWS = 100


MAX_WORKERS = 64         # processes, each holding the gazetteers: more than any machine repays


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 1 <= n <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"must be from 1 to {MAX_WORKERS}")
    return n


def row_id(value: str, what: str = "article") -> int:
    """An id: a positive number SQLite can hold (a longer one is no id, not a crash)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < n < 2 ** 63:
        raise argparse.ArgumentTypeError(f"no {what} has id {value}: ids are whole numbers from 1")
    return n


def _article_id(value: str) -> int:
    return row_id(value, "article")


class _Formatter(argparse.HelpFormatter):
    """argparse's own, told the width: left to itself it imports shutil (and with it bz2, lzma
    and fnmatch) from every add_argument, for a help text a command never prints."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        """A usage error in one line (argparse's own prints the whole usage first), status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (`{self.prog} --help` for usage)\n")


def _version() -> str:
    """The installed distribution's version (pyproject.toml's), read from its metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("briefing")
    except PackageNotFoundError:          # run from a source tree that was never installed
        return "unknown"


class _Version(argparse.Action):
    """--version: the metadata is read only when asked (every start builds this parser)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kw: Any):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kw)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(f"briefing {_version()}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that command's sub-parser (argparse builds
    every sub-parser eagerly, which costs a short command like `search` a tenth of its run).
    Shared options are added by functions, not inherited from parent parsers: every parser
    argparse builds costs a few gettext look-ups on disk (~0.3 ms each)."""

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--db", default=argparse.SUPPRESS, metavar="PATH",
                            help="database file (default: $BRIEFING_DB, else ~/.local/share/briefing/briefing.db)")

    def listing(parser: argparse.ArgumentParser, limit: int | None = None) -> None:
        parser.add_argument("--json", action="store_true", help="print a JSON array and nothing else on stdout")
        parser.add_argument("--limit", type=_limit, default=limit, metavar="N",
                            help="at most N rows (0: all)" + (f"; default {limit}" if limit else ""))

    def slicing(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--since", metavar="DATE", help="from this date (2025, 2025-06, 2025-06-05, 'June 2025')")
        parser.add_argument("--until", metavar="DATE", help="up to this date, inclusive")
        parser.add_argument("--country", metavar="C", help="ISO 3166 alpha-3 code or a country name")
        parser.add_argument("--person", metavar="NAME", help="a person's name (aliases and surnames work)")

    p = _Parser(
        prog="briefing",
        description="A keyboard-driven terminal browser for news briefings. With no command, opens the app.")
    common(p)
    p.add_argument("--version", action=_Version, help="print briefing's version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, *shared) -> argparse.ArgumentParser | None:
        if only not in (None, name):
            return None
        s = sub.add_parser(name, help=help)
        common(s)
        for add_shared in shared:
            add_shared(s)
        return s

    if s := add("ingest", "read articles into the database"):
        s.add_argument("paths", nargs="+", metavar="PATH",
                       help="files, folders (recursively) or globs; or web page URLs")
        s.add_argument("--workers", type=_workers, default=None, metavar="N",
                       help=f"extract in N processes, 1 to {MAX_WORKERS} "
                            "(default: every CPU for inputs over 4 MB, else 1)")
        s.add_argument("--json", action="store_true", help="print the summary as JSON")

    if s := add("articles", "list articles", listing, slicing):
        s.add_argument("--query", metavar="TEXT", help="full-text filter")

    if s := add("show", "one article with its text and what was extracted"):
        s.add_argument("id", type=_article_id)
        s.add_argument("--json", action="store_true")
        s.add_argument("--full", action="store_true",
                       help=f"the whole text, unwrapped, and every row (default: the first {SHOW_CHARS:,} "
                            f"characters and {SHOW_ROWS} rows of each table)")

    if s := add("quotes", "quotes with their speakers", listing, slicing):
        s.add_argument("--speaker", metavar="NAME", help="only this speaker ('?' for unknown)")
        s.add_argument("--query", metavar="TEXT", help="full-text search in the quote text")
        s.add_argument("--partial", action="store_true",
                       help="also list fragments quoted inside a sentence, titles and scare quotes")

    if s := add("timeline", "dated events in date order", listing, slicing):
        s.add_argument("--query", metavar="TEXT", help="full-text filter on the event sentence")
        s.add_argument("--undated", action="store_true",
                       help="then the undated articles (no date of their own), 'date' null; "
                            "--since/--until leave them out")

    if s := add("countries", "countries with mention counts", listing, slicing):
        s.add_argument("--sort", choices=("mentions", "articles", "name"), default="mentions")

    if s := add("country", "one country's dossier", slicing):
        s.add_argument("name", metavar="COUNTRY")
        s.add_argument("--json", action="store_true")

    add("people", "people with their aliases", listing, slicing)

    # a ranked search is read from the top: the best SEARCH_LIMIT by default, like a search page
    if s := add("search", "ranked full-text search", lambda s: listing(s, SEARCH_LIMIT), slicing):
        s.add_argument("query", metavar="QUERY")
        s.add_argument("--kind", choices=("article", "quote", "event"))
        s.add_argument("--advanced", action="store_true", help="treat QUERY as raw FTS5 MATCH syntax")

    if s := add("export", "a timeline slice as a Markdown briefing note", slicing):
        s.add_argument("--query", metavar="TEXT", help="full-text filter")
        s.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
        s.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
        s.add_argument("--partial", action="store_true",
                       help="also export fragments quoted inside a sentence, titles and scare quotes")

    if only in (None, "feeds", "update"):
        from briefing.feeds_cli import add_parsers

        add_parsers(add, common)

    add("browse", "open the app (the default)")
    return p


# ---- helpers ------------------------------------------------------------------------------
def _db_path(args: argparse.Namespace):
    from briefing.config import resolve_db_path

    return resolve_db_path(getattr(args, "db", None))


_OPENED: list[sqlite3.Connection] = []      # the command's connections, closed as main() ends


def _close_opened() -> None:
    """Close the command's connections now, not whenever they are collected: the last one to
    close removes the database's -wal and -shm files."""
    while _OPENED:
        try:
            _OPENED.pop().close()
        except sqlite3.Error:
            pass


def open_db(args: argparse.Namespace, *, create: bool = False):
    import db

    path = _db_path(args)
    try:
        conn = db.connect(path, create=create)
    except db.DatabaseError as e:
        raise CliError(str(e)) from None
    _OPENED.append(conn)
    return conn


def _filters(args: argparse.Namespace, conn) -> Any:
    from db.queries import Filters

    since = until = None
    if getattr(args, "since", None) or getattr(args, "until", None):
        from briefing.dates import DateInputError, parse_bound

        try:
            since = parse_bound(args.since) if getattr(args, "since", None) else None
            until = parse_bound(args.until, end=True) if getattr(args, "until", None) else None
        except DateInputError as e:
            raise CliError(str(e), EXIT_USAGE) from None
    country = None
    if getattr(args, "country", None):
        from db.queries import resolve_country

        country = resolve_country(conn, args.country)
        if country is None:
            raise CliError(f"unknown country {args.country!r} (use an ISO3 code such as NLD or a name)", EXIT_USAGE)
    return Filters(since=since, until=until, country=country, person=getattr(args, "person", None) or None,
                   text=getattr(args, "query", None) or None)


# Characters that are valid in JSON strings but act on a terminal or hide (C1 controls, the
# sanitiser's invisible characters): written as \uXXXX escapes so the data is unchanged and
# the terminal safe.
_JSON_UNSAFE = None


def emit_json(rows: Any) -> None:
    """Rows (db.rows records, nested, or plain dicts and lists) as JSON on stdout."""
    global _JSON_UNSAFE
    from db.rows import as_json

    text = json.dumps(as_json(rows), ensure_ascii=False, indent=2, default=str)
    # every character to escape is unprintable: a text whose only unprintable characters are
    # the indentation's line breaks has none (and needs no pattern compiled)
    if not text.replace("\n", " ").isprintable():
        if _JSON_UNSAFE is None:
            import re

            from ingest.sanitize import INVISIBLE

            _JSON_UNSAFE = re.compile("[\x7f-\x9f" + INVISIBLE + "]")
        text = _JSON_UNSAFE.sub(lambda m: json.dumps(m.group())[1:-1], text)   # astral: a surrogate pair
    sys.stdout.write(text)
    sys.stdout.write("\n")


def print_table(rows: list[dict], columns: list[tuple[str, str]], title: str | None = None, empty: str = "") -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from briefing.render import display_path
    from ingest.sanitize import clean_text

    console = Console()
    if not rows:
        console.print(Text(empty or "nothing matches", style="dim"))
        return
    t = Table(title=title, show_lines=False, header_style="bold")
    # headers as Text, like the cells: a string would be parsed as markup with emoji codes
    # (Rich then loads its table of 4,000 emoji names, ~2 ms) for words of our own
    for key, label in columns:
        t.add_column(Text(label), overflow="fold", no_wrap=key in ("id", "date", "iso3"))
    for r in rows:
        cells = []
        for key, _ in columns:
            v = r.get(key)
            if isinstance(v, Text):                # built by the command from data, literally
                cells.append(v)
                continue
            if isinstance(v, list):
                v = ", ".join(map(str, v))
            elif key == "source" and v:
                v = display_path(v)                 # relative to here when that is shorter
            cells.append(Text(clean_text("" if v is None else str(v))))   # literal: no markup from articles
        t.add_row(*cells)
    console.print(t)


def _query(fn, *a, **kw):
    from db.fts import QueryError

    try:
        return fn(*a, **kw)
    except QueryError as e:
        raise CliError(str(e), EXIT_USAGE) from None


# ---- commands -----------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace) -> int:
    import sqlite3

    urls = [p for p in args.paths if p.startswith(("http://", "https://"))]
    if urls:
        if len(urls) != len(args.paths):
            raise CliError("give either web addresses or files, not both, to one ingest", EXIT_USAGE)
        from briefing.feeds_cli import cmd_ingest_urls

        return cmd_ingest_urls(args)
    from briefing.ingest_run import auto_workers, run_ingest

    conn = open_db(args, create=True)
    workers = auto_workers(args.paths) if args.workers is None else args.workers
    stderr_tty = sys.stderr.isatty()
    from rich.console import Console

    err = Console(stderr=True, highlight=False)

    def error_line(e) -> str:
        from briefing.render import display_path
        from ingest.sanitize import printable_path, sanitize_line

        if getattr(e, "skipped", False):
            return (f"skipped: {printable_path(display_path(e.source))}: "
                    f"{sanitize_line(e.reason).removeprefix('skipped: ')}")
        return f"error: {printable_path(display_path(e.source))}: {sanitize_line(e.reason) or 'failed'}"

    def report_error(e):
        from rich.text import Text

        err.print(Text(error_line(e), style="red"))

    try:
        if stderr_tty:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                          TextColumn("{task.fields[stats]}"), TimeElapsedColumn(), console=err,
                          transient=True) as bar:
                task = bar.add_task("ingesting", total=None, stats="")

                def progress(source, s, error):
                    if error:
                        report_error(error)
                    bar.update(task, stats=f"{s.seen} articles, {s.new} new, {s.failed} failed")

                summary = run_ingest(conn, args.paths, workers=workers, progress=progress)
        else:
            def progress(source, s, error):
                if error:
                    print(error_line(error), file=sys.stderr)
                elif s.seen % 1000 == 0:
                    print(f"{s.seen} articles…", file=sys.stderr)

            summary = run_ingest(conn, args.paths, workers=workers, progress=progress)
    except sqlite3.OperationalError as e:
        if "locked" in str(e) or "busy" in str(e):
            raise CliError("the database is busy: another ingest is writing to it; try again when it finishes")
        raise
    finally:
        conn.close()
    d = summary.as_dict()
    if args.json:
        emit_json(d)
    else:
        line = (f"articles: {d['new']} new, {d['unchanged']} unchanged, {d['updated']} updated, "
                f"{d['duplicates']} duplicates, {d['failed']} failed; found {d['quotes']} quotes, {d['people']} people, "
                f"{d['events']} events, {d['countries']} countries")
        if d.get("skipped"):
            line += f"; skipped {d['skipped']} files that are not articles"
        print(line, file=sys.stderr if args.json else sys.stdout)
    return EXIT_FAILED if summary.failed else EXIT_OK


def cmd_articles(args: argparse.Namespace) -> int:
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    rows = _query(queries.articles, conn, f, limit=args.limit)
    if args.json:
        emit_json([{"id": r.id, "source": r.source, "title": r.title, "byline": r.byline, "published": r.published,
                    "countries": r.countries, "people": r.people, "date_inferred": r.date_inferred, "day": r.day,
                    "subject_countries": r.subject_countries}
                   for r in rows])
    else:
        print_table([r._asdict() | {"when": (r.day or "undated") + (" (inferred)" if r.date_inferred else "")}
                     for r in rows], [("id", "id"), ("when", "date"), ("title", "title"), ("byline", "byline"),
                      ("countries", "countries"), ("source", "source")], empty="no articles: run `briefing ingest PATH`")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from db import queries

    conn = open_db(args)
    a = queries.article(conn, args.id)
    if a is None:
        raise CliError(f"no article with id {args.id}")
    if args.json:
        emit_json(a)
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    from briefing.citation import human_date
    from briefing.render import display_path
    from ingest.sanitize import clean_text

    c = Console()
    c.print(Text(clean_text(a.title or "(untitled)"), style="bold"))
    when = human_date(a.published) if a.published else a.day and f"{human_date(a.day)} (inferred)"
    meta = " · ".join(x for x in (a.byline, when, display_path(a.source)) if x)
    c.print(Text(clean_text(meta), style="dim"))
    for loc in a.locations:
        c.print(Text(clean_text(f"also at {loc}"), style="dim"))
    if a.extraction_cut_short:
        c.print(Text("extraction cut short: the article took longer than its time budget; "
                     "quotes, events and figures after that point were not read", style="yellow"))
    c.print()
    body = a.body or ""
    if args.full:
        c.file.flush()
        for i in range(0, len(body), SHOW_CHARS):          # plain: wrapping a huge text is Rich's slow part
            sys.stdout.write(clean_text(body[i:i + SHOW_CHARS]))
        sys.stdout.write("\n")
    else:
        shown = _head(body, SHOW_CHARS)
        c.print(Text(clean_text(shown)))
        if len(shown) < len(body):
            c.print(Text(f"… the first {len(shown):,} of {len(body):,} characters; "
                         f"`briefing show {args.id} --full` prints all of it", style="dim"))
    c.print()
    events = [ev._asdict() | {"when": (f"week of {ev.date}" if ev.precision == "week" else ev.date)
                              + (" (inferred)" if ev.inferred else "")} for ev in a.events]
    for rows, columns, title, empty in (
            (_labelled(a.quotes), [("who", "speaker"), ("role", "role"), ("text", "quote"), ("confidence", "conf")],
             "Quotes", "no quotes"),
            (events, [("when", "date"), ("precision", "precision"), ("text", "event")], "Events",
             "no dated events"),
            ([p._asdict() for p in a.people_detail], [("name", "person"), ("role", "role"), ("aliases", "aliases")],
             "People", "no people")):
        cut = not args.full and len(rows) > SHOW_ROWS
        print_table(rows[:SHOW_ROWS] if cut else rows, columns, title=title, empty=empty)
        if cut:
            c.print(Text(f"… {SHOW_ROWS} of {len(rows):,} {title.lower()}; --full or --json for all", style="dim"))
    return EXIT_OK


def _labelled(rows: list[ArticleQuote] | list[Quote]) -> list[dict]:
    """Quote rows as table rows with "who": the speaker as shown, an organisation marked as one."""
    from briefing.citation import speaker_label

    return [r._asdict() | {"who": speaker_label(r.speaker, r.speaker_kind)} for r in rows]


def _head(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``, cut after a space when there is one near the end."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[:cut + 1 if cut > 0 else limit]


def cmd_quotes(args: argparse.Namespace) -> int:
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    f = f.without("text")
    rows = _query(queries.quotes, conn, f, speaker=args.speaker, query=args.query, limit=args.limit,
                  partial=args.partial)
    keys = ["id", "text", "speaker", "speaker_kind", "role", "article_id", "source", "title", "date", "date_inferred", "confidence",
            "partial", "statement_id", "sources", "articles"]
    if args.json:
        emit_json([{k: getattr(r, k) for k in keys} for r in rows])
    else:
        print_table([r | {"when": (r["day"] or "undated") + (" (inferred)" if r["date_inferred"] else "")}
                     for r in _labelled(rows)], [("id", "id"), ("when", "date"), ("who", "speaker"), ("role", "role"), ("text", "quote"),
                      ("sources", "sources")], empty="no quotes match")
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from briefing.render import plural
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    rows = _query(queries.timeline, conn, f, limit=args.limit)
    keys = ["id", "date", "end", "precision", "text", "article_id", "source", "title", "countries", "inferred",
            "target", "sources", "articles"]
    rows = [{k: getattr(r, k) for k in keys} | {"date_inferred": r.inferred, "undated": False} for r in rows]
    undated = _query(queries.count_undated, conn, f)
    if args.undated:
        room = None if args.limit is None else args.limit - len(rows)
        if room is None or room > 0:
            rows += [dict.fromkeys(keys) | {
                "article_id": a.id, "source": a.source, "title": a.title, "countries": a.countries,
                "articles": [a.id], "inferred": False, "target": False, "date_inferred": False, "undated": True}
                for a in _query(queries.undated_articles, conn, f, limit=room)]
    elif undated:
        print(f"{plural(undated, 'undated article')} in this slice not listed: --undated lists "
              f"{'them' if undated > 1 else 'it'} after the dated events", file=sys.stderr)
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            if r["undated"]:
                r["when"], r["text"] = "undated", r["title"]
                continue
            r["when"] = (f"week of {r['date']}" if r["precision"] == "week" else r["date"]) \
                + (f"..{r['end']}" if r["end"] else "") + (" (inferred)" if r["inferred"] else "") \
                + (" target" if r["target"] else "")
        print_table(rows, [("when", "date"), ("text", "event"), ("countries", "countries"), ("sources", "sources")],
               empty="no dated events in this slice")
    return EXIT_OK


def cmd_countries(args: argparse.Namespace) -> int:
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    rows = queries.countries(conn, f, order=args.sort)
    if args.limit is not None:
        rows = rows[: args.limit]
    if args.json:
        emit_json(rows)
    else:
        print_table([r._asdict() for r in rows], [("iso3", "iso3"), ("name", "country"), ("mentions", "mentions"),
                                                 ("articles", "articles"), ("subject_articles", "about it")],
               empty="no countries found")
    return EXIT_OK


def cmd_country(args: argparse.Namespace) -> int:
    from db.queries import resolve_country
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    iso3 = resolve_country(conn, args.name)
    if iso3 is None:
        raise CliError(f"unknown country {args.name!r}", EXIT_USAGE)
    d = _query(queries.country_dossier, conn, iso3, f)
    if args.json:
        emit_json(d)
        return EXIT_OK
    from rich.console import Console
    from rich.text import Text

    from ingest.sanitize import clean_text

    Console().print(Text(clean_text(f"{d.name} ({iso3})"), style="bold"))
    print_table([g._asdict() for g in d.figures], [("kind", "kind"), ("value", "value"), ("unit", "unit"), ("year", "year"),
                          ("text", "figure"), ("sources", "sources")], title="Figures", empty="no figures")
    print_table([e._asdict() for e in d.events], [("date", "date"), ("text", "event")], title="Events",
                empty="no events")
    print_table(_labelled(d.quotes), [("who", "speaker"), ("text", "quote")], title="Quotes", empty="no quotes")
    return EXIT_OK


def cmd_people(args: argparse.Namespace) -> int:
    from db import queries

    conn = open_db(args)
    f = _filters(args, conn)
    rows = [p._asdict() for p in queries.people(conn, f, limit=args.limit)]
    if args.json:
        emit_json(rows)
    else:
        print_table(rows, [("name", "name"), ("role", "role"), ("articles", "articles"), ("quotes", "quotes"),
                      ("aliases", "aliases")], empty="no people found")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from db import queries

    # one row more than asked for tells whether the list was cut
    limit = None if args.limit is None else args.limit + 1
    advanced = True if args.advanced else None
    conn = open_db(args)
    f = _filters(args, conn).without("text")     # the query is the search itself, not a filter on it
    # the table marks matches with the app's private-use marks (no `**` in an article can pass for one)
    mark = queries.MARK if args.json else _private_marks()
    rows = _query(queries.search, conn, args.query, kind=args.kind, f=f, limit=limit, advanced=advanced, mark=mark)
    cut = args.limit is not None and len(rows) > args.limit
    rows = rows[: args.limit] if cut else rows
    if args.json:
        emit_json([{"kind": r.kind, "id": r.id, "snippet": r.snippet, "rank": r.rank, "article_id": r.article_id,
                    "source": r.source, "title": r.title, "date": r.day}
                   | ({"speaker": r.speaker, "speaker_kind": r.speaker_kind} if r.kind == "quote" else {})
                   for r in rows])
    else:
        print_table([r._asdict() | {"match": _search_match(r), "title": r.title or r.source} for r in rows],
               [("kind", "kind"), ("id", "id"), ("day", "date"), ("title", "title"), ("match", "match")],
               empty=f"nothing matches {args.query!r}")
    if cut:
        best = "the best match" if args.limit == 1 else f"the {args.limit} best matches"
        print(f"{best}; more with --limit N, all with --limit 0", file=sys.stderr)
    return EXIT_OK


def _search_match(row: SearchHit) -> Any:
    """A hit's snippet with the match in bold (reverse under NO_COLOR, where bold alone may not
    show); a quote with its speaker."""
    from rich.text import Text

    from briefing.citation import ORGANISATION_MARK
    from briefing.render import marked, no_color

    style = "bold reverse" if no_color() else "bold"
    text = marked(row.snippet, match_style=style)
    if row.kind == "quote":
        text = Text("“") + text + Text("”")
        if row.speaker:
            text += Text(" — ") + marked(row.speaker, match_style=style)
            if row.speaker_kind == "organisation":
                text += Text(ORGANISATION_MARK)
    return text


def _private_marks() -> tuple[str, str]:
    from briefing.render import MARK_CLOSE, MARK_OPEN

    return MARK_OPEN, MARK_CLOSE


def cmd_export(args: argparse.Namespace) -> int:
    from briefing.export import export_markdown

    conn = open_db(args)
    f = _filters(args, conn)
    cited: list[str] = []
    text = _query(export_markdown, conn, f, cited=cited, partial=args.partial)
    from db.feeds import cite

    try:
        cite(conn, cited)             # `feeds prune` keeps what an export cited
    except sqlite3.OperationalError:
        pass                          # a read-only or busy database: the export matters more
    write_output(args.output, text, args.force)
    return EXIT_OK


def write_output(output: str | None, text: str, force: bool) -> None:
    """A command's document to stdout, or written whole to ``output`` (what the export
    refuses, a one-line error), then "wrote PATH" on stderr."""
    from briefing.export import ExportExists, ExportRefused, write_atomic
    from ingest.sanitize import printable

    if not output:
        sys.stdout.write(text)
        return
    try:
        path = write_atomic(output, text, overwrite=force)
    except ExportExists as e:
        raise CliError(f"{printable(str(e))} exists; use --force to overwrite it") from None
    except ExportRefused as e:
        raise CliError(str(e)) from None
    except OSError as e:
        raise CliError(f"cannot write {printable(output)}: {e.strerror}") from None
    print(f"wrote {printable(str(path))}", file=sys.stderr)


def cmd_feeds(args: argparse.Namespace) -> int:
    from briefing.feeds_cli import cmd_feeds as run

    return run(args)


def cmd_update(args: argparse.Namespace) -> int:
    from briefing.feeds_cli import cmd_update as run

    return run(args)


def cmd_browse(args: argparse.Namespace) -> int:
    from briefing.app import run_app

    return run_app(_db_path(args))


COMMANDS = {
    "ingest": cmd_ingest, "articles": cmd_articles, "show": cmd_show, "quotes": cmd_quotes,
    "timeline": cmd_timeline, "countries": cmd_countries, "country": cmd_country, "people": cmd_people,
    "search": cmd_search, "export": cmd_export, "browse": cmd_browse, "feeds": cmd_feeds,
    "update": cmd_update,
}


def command_in(argv: Sequence[str]) -> str | None:
    """The command named on a command line, when nothing before it needs the full parser."""
    skip = False
    for tok in argv:
        if skip:
            skip = False
        elif tok == "--db":
            skip = True
        elif not tok.startswith("--db="):
            return tok if tok in COMMANDS else None
    return None


def run() -> None:
    """The console script (and ``python -m briefing``)."""
    sys.exit(main(sys.argv[1:]))


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_in(argv)).parse_args(argv)
    command = args.command or "browse"
    try:
        return COMMANDS[command](args)
    except CliError as e:
        from ingest.sanitize import printable

        print(f"briefing: {printable(str(e))}", file=sys.stderr)      # it may quote what the user typed
        return e.code
    except sqlite3.DatabaseError as e:
        # a damaged file surfaces only when a page is read: say so in one line, write nothing
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        code = getattr(e, "sqlite_errorname", None) or ""
        if code.startswith("SQLITE_FULL"):
            print(f"briefing: the disk holding {_db_path(args)} is full ({first}); the database keeps "
                  "what was written before; free some space and run the command again", file=sys.stderr)
        elif code.startswith("SQLITE_READONLY"):
            print(f"briefing: {_db_path(args)} is read-only ({first}); nothing was written", file=sys.stderr)
        else:
            print(f"briefing: {_db_path(args)} cannot be read ({first}); it may be damaged — "
                  "restore a copy or ingest into a new file with --db", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `briefing timeline | head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    finally:
        _close_opened()
