"""A slice of the timeline as a Markdown briefing note, sources cited.

No Textual here: the CLI (`briefing export`) and the app's `e` key both call
:func:`export_markdown`. Article text is escaped so nothing in it can break the document
(a ``#`` at a line start, ``|``, HTML, link syntax).
"""
from __future__ import annotations

import os
import re
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

from briefing.citation import period, quote_words, speaker_label
from db import queries
from db.queries import Filters
from db.rows import Event
from ingest.sanitize import clean_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


class ExportExists(FileExistsError):
    pass


class ExportRefused(Exception):
    """The export cannot go where it was asked to; the message is one line for the user."""


def escape_md(text: str | None) -> str:
    """Literal text for Markdown: no emphasis, links, tables, headings or HTML from the source."""
    if not text:
        return ""
    t = clean_text(text)
    t = " ".join(t.split())                     # one line: a quote or a sentence never breaks the list
    t = t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    t = _MD_SPECIAL.sub(r"\\\1", t)
    t = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), t)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), t)


def _country_name(conn: sqlite3.Connection, iso3: str) -> str:
    return queries.country_name(conn, iso3) or iso3


def describe(conn: sqlite3.Connection, f: Filters) -> list[str]:
    parts = []
    if f.since or f.until:
        parts.append(f"from {f.since or 'the start'} to {f.until or 'now'}")
    if f.country:
        parts.append(f"country: {_country_name(conn, f.country)} ({f.country})")
    if f.person:
        parts.append(f"person: {f.person}")
    if f.text:
        parts.append(f"search: “{f.text}”")
    return parts


def heading(conn: sqlite3.Connection, f: Filters, events: list[Event]) -> str:
    """What the note covers, as its title: 'Briefing: Netherlands, June 2025'. Without date
    filters the period is the one its events span."""
    subject = [x for x in (_country_name(conn, f.country) if f.country else None, f.person,
                           f"“{f.text}”" if f.text else None) if x]
    span = period(f.since, f.until)
    if not span and events:
        dates = [d for e in events for d in (e.date, e.end) if d]
        span = period(min(dates), max(dates))
    return "Briefing: " + ", ".join(subject + [span] if span else subject or ["all articles"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def default_export_name(f: Filters) -> str:
    bits = ["briefing"]
    for v in (f.country, f.person, f.text, f.since, f.until):
        if v:
            bits.append(re.sub(r"[^\w-]+", "-", v.lower()).strip("-")[:30])
    return "-".join(b for b in bits if b) + ".md"


def export_markdown(conn: sqlite3.Connection, f: Filters = Filters(), *, today: date | None = None,
                    cited: list[str] | None = None, partial: bool = False,
                    counts: dict[str, int] | None = None) -> str:
    """The slice's events grouped by date, its quotes (variants together) and a numbered source list;
    the cited articles' sources are appended to ``cited`` (pruning keeps what an export cited), and
    what the note lists is put in ``counts`` ("events" lines, "quotes" statements, their "reports").

    Full statements only unless ``partial``: fragments quoted inside a reporter's sentence, titles
    and scare quotes are not what anyone said."""
    events = queries.timeline(conn, f)
    quotes = queries.quotes(conn, f, partial=partial)
    sources: dict[int, int] = {}          # article id -> citation number, in order of first use

    def cite(article_id: int) -> str:
        if article_id not in sources:
            sources[article_id] = len(sources) + 1
        return f"[{sources[article_id]}]"

    desc = describe(conn, f)
    out = [f"# {escape_md(heading(conn, f, events))}", ""]
    header = len(out)                     # the counts go here once the sections have grouped the rows
    shown_events = 0

    out += ["## Timeline", ""]
    if not events:
        out += ["_No dated events in this slice._", ""]
    by_date: dict[str, list[Event]] = {}
    for e in events:
        label = (f"week of {e.date}" if e.precision == "week" else e.date) + (f" – {e.end}" if e.end else "")
        if e.inferred:
            label += " (date inferred)"
        by_date.setdefault(label, []).append(e)
    for label, evs in by_date.items():
        out += [f"### {label}", ""]
        # the same sentence reported by several articles is one line with all its citations
        lines: dict[str, tuple[Event, list[str]]] = {}
        for e in evs:
            key = " ".join(e.text.split()).casefold()
            lines.setdefault(key, (e, []))[1].append(cite(e.article_id))
        shown_events += len(lines)
        for e, cites in lines.values():
            countries = f" ({', '.join(e.countries)})" if e.countries else ""
            target = "**Target:** " if e.target else ""
            out.append(f"- {target}{escape_md(e.text)}{countries} {''.join(dict.fromkeys(cites))}")
        out.append("")

    out += ["## Quotes", ""]
    if not quotes:
        out += ["_No quotes in this slice._", ""]
    done: set[int] = set()
    for q in quotes:
        if q.statement_id in done:
            continue
        done.add(q.statement_id)
        group = [r for r in quotes if r.statement_id == q.statement_id]
        speaker = escape_md(speaker_label(q.speaker, q.speaker_kind)) if q.speaker else "unknown speaker"
        role = f", {escape_md(q.role)}" if q.role else ""
        cites = "".join(dict.fromkeys(cite(r.article_id) for r in group))
        text = escape_md(quote_words(q.text, q.partial))
        out.append(f"> “{text}”" if not q.partial else f"> … “{text}” …")
        out.append(">")
        when = (q.day + (" (date inferred)" if q.date_inferred else "")) if q.day else "undated"
        reporting = {r.article_id for r in group}
        reported = f" · reported by {len(reporting)} sources" if len(reporting) > 1 else ""
        out.append(f"> — **{speaker}**{role} · {when} · {cites}{reported}")
        for r in group[1:]:
            if " ".join(r.text.split()) != " ".join(q.text.split()):
                out.append(">")
                out.append(f"> Also reported as: “{escape_md(quote_words(r.text, r.partial))}” {cite(r.article_id)}")
        out.append("")

    # what the reader counts: one line an event however many articles report it, one block a
    # statement with its reports
    if counts is not None:
        counts.update(events=shown_events, quotes=len(done), reports=len(quotes))
    reports = f" ({len(quotes)} reports)" if len(quotes) != len(done) else ""
    out[header:header] = [f"_Exported {(today or date.today()).isoformat()} by briefing · "
                          f"{_count(shown_events, 'event')}, {_count(len(done), 'quote')}{reports} · filters: "
                          f"{escape_md(', '.join(desc)) if desc else 'none'}_", ""]

    out += ["## Sources", ""]
    if not sources:
        out += ["_No sources._", ""]
    for aid, n in sorted(sources.items(), key=lambda kv: kv[1]):
        a = queries.article(conn, aid)
        if a is None:                         # deleted since the slice was read: cited, not described
            out.append(f"{n}. (no longer in the database)")
            continue
        if cited is not None and a.source:
            cited.append(a.source)
        title = escape_md(a.title) or "(untitled)"
        who = " · ".join(escape_md(x) for x in (a.outlet, a.byline) if x)
        when = a.published or (f"{a.day} (date inferred)" if a.day else "undated")
        src = clean_text(a.url or a.source or "").replace("\n", " ")
        # an autolink only for a clean URL; anything else is a code span, where nothing is interpreted
        loc = f"<{src}>" if re.match(r"^https?://[^\s<>`\\]+$", src) else f"`{src.replace('`', '')}`"
        out.append(f"{n}. **{title}**{' — ' + who if who else ''} · {escape_md(when)} · {loc}")
    out.append("")
    return "\n".join(out)


def _check_target(target: Path) -> None:
    """Refuse what an export must not become: a folder that is not there (it creates none,
    as ``cp`` creates none), and anything but a regular file at the name (a device, a FIFO,
    a socket, a folder, or a symbolic link, which the rename would replace and not follow)."""
    import stat

    folder = target.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ExportRefused(f"cannot write {target}: the folder {folder} {what}")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise ExportRefused(f"{target} is a symbolic link (to {os.readlink(target)}); "
                            "export to the file itself or to a new name")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise ExportRefused(f"{target} is {kind}, not a regular file; export to a file name")


def write_atomic(path: str | os.PathLike, text: str, overwrite: bool = False) -> Path:
    """Write via a temp file in the same folder; without overwrite, never replace an existing
    file, and even with it only ever a regular file (:func:`_check_target`)."""
    target = Path(path).expanduser()
    _check_target(target)
    if target.exists() and not overwrite:
        raise ExportExists(str(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)           # mkstemp makes 0600; an export is an ordinary file
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)        # atomic and refuses to clobber a file created meanwhile
            except FileExistsError:
                raise ExportExists(str(target)) from None
            except OSError:
                if target.exists():
                    raise ExportExists(str(target)) from None
                os.replace(tmp, target)     # file systems without hard links
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target.resolve()
