"""RSS 2.0 and Atom feeds: one Article per entry (feedparser).

feedparser copes with every real-world feed quirk (undeclared entities,
wrong encodings, RSS 0.9x/1.0/2.0, Atom 0.3/1.0) and sets ``bozo`` when it
had to guess; a bozo feed that still has entries gives its entries. The data
is handed over as a stream so feedparser never treats it as a URL to fetch.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..model import Article, ReadError
from ..sanitize import sanitize_line
from .html import html_to_text, looks_like_html, unescape_entities
from .published import parse_published
from .text import clean_body

__all__ = ["read_feed", "parse_feed", "looks_like_feed", "FeedEntry", "ParsedFeed"]

_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|RDF)\b", re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """Does the start of an XML file open an RSS/Atom/RDF feed?"""
    return _FEED_ROOT.search(head[:4096]) is not None


def _entry_text(entry: Any) -> str:
    parts: list[str] = []
    for c in entry.get("content") or []:
        v = c.get("value") if isinstance(c, dict) else None
        if isinstance(v, str) and v.strip():
            parts.append(v)
            break
    if not parts:
        s = entry.get("summary")
        if isinstance(s, str) and s.strip():
            parts.append(s)
    if not parts:
        return ""
    raw = parts[0]
    raw = html_to_text(raw) if looks_like_html(raw) else unescape_entities(raw)
    return clean_body(raw)


def _entry_published(entry: Any) -> str | None:
    for key in ("published", "updated", "created", "dc_date"):
        v = entry.get(key)
        if isinstance(v, str) and v.strip():
            iso = parse_published(v)
            if iso:
                return iso
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        tm = entry.get(key)
        if tm:
            try:
                return parse_published(datetime(*tm[:6], tzinfo=timezone.utc))
            except (TypeError, ValueError):
                continue
    return None


def _is_address(s: str) -> bool:
    """One word with an "@" that is neither its first nor its last character: "a@b.c"."""
    return "@" in s[1:-1] and len(s.split()) == 1


def _address_then_name(n: str) -> str | None:
    """The Name of "address (Name)" or "address(Name)", the address as long as it can be."""
    if not n.endswith(")"):
        return None
    first = n.split(None, 1)[0]
    rest = n[len(first):].lstrip()
    if rest.startswith("(") and len(rest) > 2 and _is_address(first):
        return rest[1:-1]
    k = first.rfind("(", 0, len(n) - 2)
    return n[k + 1 : -1] if k > 0 and _is_address(first[:k]) else None


def _name_then_address(n: str) -> str | None:
    """The Name of "Name <address>" or "Name (address)", the name as short as it can be."""
    if not n.endswith((">", ")")):
        return None
    start = max(1, len(n) - len(n.rsplit(None, 1)[-1]))      # the bracket is in the last word
    cuts = [k for k in (n.find("<", start), n.find("(", start)) if k >= 0]
    if not cuts:
        return None
    k = min(cuts)
    return n[:k] if n.rfind("@", k + 2, len(n) - 2) >= 0 else None


def _person(n: str) -> str | None:
    """"a@b.c (Ann Lee)", "Ann Lee <a@b.c>" -> "Ann Lee"; a bare address is not a name.

    Plain string scans: an author field is attacker-controlled, and the obvious patterns
    (``\\S+@\\S+``) backtrack quadratically on a long run of "@".
    """
    n = n.strip()
    if n:
        got = _address_then_name(n)
        if got is None:
            got = _name_then_address(n)
        if got is not None:
            n = got.strip()
    return None if not n or _is_address(n) else n


def _entry_author(entry: Any) -> str | None:
    names: list[str] = []
    raw = entry.get("author")
    if isinstance(raw, str) and "@" in raw:
        # feedparser's own split of "email (Name)" mangles some addresses.
        name = _person(raw)
        return name
    for a in entry.get("authors") or []:
        n = a.get("name") if isinstance(a, dict) else None
        if isinstance(n, str) and n.strip():
            names.append(n.strip())
    if not names:
        detail = entry.get("author_detail")
        n = detail.get("name") if isinstance(detail, dict) else None
        n = n or entry.get("author")
        if isinstance(n, str) and n.strip():
            names.append(n.strip())
    names = list(dict.fromkeys(p for p in map(_person, names) if p))
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _clean_title(t: Any) -> str | None:
    if not isinstance(t, str) or not t.strip():
        return None
    if looks_like_html(t):
        t = html_to_text(t)
    return sanitize_line(unescape_entities(t)) or None


_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")


def _fix_charref(m: re.Match[bytes]) -> bytes:
    try:
        cp = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    except ValueError:
        return b""
    if cp == 0 or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
        return b""   # feedparser's loose parser raises on these
    return m.group(0)


@dataclass
class FeedEntry:
    """One feed item as the feed tells it. ``article.body`` is empty when the item carries
    no text; ``full`` says the item carries the article's content, not just a summary."""
    article: Article
    guid: str | None
    link: str | None
    full: bool


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry | ReadError]
    error: str | None = None          # the data is not a feed at all
    warning: str | None = None        # malformed, but items could still be read


def parse_feed(data: bytes, path: str) -> ParsedFeed:
    """The feed's title and its items in order; an item that cannot be read is a ReadError."""
    import feedparser

    if b"&#" in data:
        data = _CHARREF.sub(_fix_charref, data)

    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    except RecursionError:
        return ParsedFeed(None, [], "feed nested too deeply")
    except Exception as e:  # noqa: BLE001 - feedparser is meant not to raise; be sure
        return ParsedFeed(None, [], f"not a readable feed: {type(e).__name__}")
    raw_entries = parsed.get("entries") or []
    outlet = _clean_title((parsed.get("feed") or {}).get("title"))
    warning = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        msg = sanitize_line(str(exc).splitlines()[0] if exc and str(exc) else type(exc).__name__)
        if not raw_entries:
            return ParsedFeed(outlet, [], f"not a valid RSS/Atom feed: {msg}")
        warning = f"malformed feed, read as far as possible: {msg}"
    entries: list[FeedEntry | ReadError] = []
    for n, entry in enumerate(raw_entries, 1):
        link = entry.get("link")
        link = link.strip() if isinstance(link, str) and link.strip() else None
        ident = entry.get("id")
        ident = ident.strip() if isinstance(ident, str) and ident.strip() else None
        src = link or ident
        source = sanitize_line(src) if src else f"{path}#{n}"
        try:
            body = _entry_text(entry)
        except RecursionError:
            entries.append(ReadError(source, "entry nested too deeply"))
            continue
        full = any(isinstance(c, dict) and isinstance(c.get("value"), str) and c["value"].strip()
                   for c in entry.get("content") or [])
        url = link if link and link.startswith(("http://", "https://")) else None
        author = _entry_author(entry)
        article = Article(
            source=source,
            body=body,
            title=_clean_title(entry.get("title")),
            byline=sanitize_line(author) or None if author else None,
            published=_entry_published(entry),
            outlet=outlet,
            url=sanitize_line(url) if url else None,
            format="feed",
        )
        entries.append(FeedEntry(article, sanitize_line(ident) if ident else None, url, full))
    return ParsedFeed(outlet, entries, warning=warning)


def read_feed(data: bytes, path: str) -> Iterator[Article | ReadError]:
    """One Article (or ReadError) per feed entry."""
    parsed = parse_feed(data, path)
    if parsed.error:
        yield ReadError(path, parsed.error)
        return
    if not parsed.entries:
        yield ReadError(path, "feed has no entries")
        return
    for e in parsed.entries:
        if isinstance(e, ReadError):
            yield e
        elif not e.article.body:
            yield ReadError(e.article.source, "no article text")
        else:
            yield e.article
