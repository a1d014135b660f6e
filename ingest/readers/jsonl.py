"""JSON and JSONL article exports: one Article per record.

Shapes accepted: a single object, an array of objects, an object holding the
array under "articles"/"items"/"entries"/"data" (and a few synonyms), or one
object per line (JSONL). Field names follow the common exports: ``title``;
body from ``body|text|content|description``; date from
``published|date|published_at|pubDate``; ``author|byline``; ``url|link|id``
as the source. JSONL is streamed line by line, so a file of any size reads
in bounded memory, and a bad line is an error for that line only.

This is the hot path for large archives (hundreds of thousands of records):
no regex is compiled per record, and HTML conversion runs only for bodies
that contain markup.
"""
from __future__ import annotations

import codecs
import io
import json
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..model import Article, ReadError
from ..sanitize import sanitize_line
from .encoding import BOMS, DecodeError, decode_bytes, sniff_binary
from .html import html_to_text, join_names, looks_like_html, unescape_entities
from .published import parse_published
from .text import clean_body

__all__ = ["record_to_article", "read_json_text", "read_jsonl_stream", "read_jsonl_lines", "MAX_LINE",
           "RawLine", "parse_raw_line", "record_source"]

MAX_LINE = 64 * 1024 * 1024    # one JSONL record larger than this is refused (the file goes on)

_TITLE_KEYS = ("title", "headline", "name")
_BODY_KEYS = ("body", "text", "content", "description", "articleBody", "article", "story", "summary")
_DATE_KEYS = ("published", "date", "published_at", "pubDate", "publishedAt", "datePublished",
              "pub_date", "publish_date", "created_at", "timestamp", "time", "updated")
_AUTHOR_KEYS = ("author", "byline", "authors", "creator")
_SOURCE_KEYS = ("url", "link", "id", "guid", "uri")
_OUTLET_KEYS = ("outlet", "site", "sitename", "site_name", "publisher", "source", "publication")
_LIST_KEYS = ("articles", "items", "entries", "data", "results", "records", "documents", "docs",
              "posts", "stories", "news")


def _first(rec: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = rec.get(k)
        if v is not None and v != "" and v != []:
            return v
    return None


def _as_text(value: Any) -> str | None:
    """A body from the shapes exports use: a string, a list of paragraphs, {"value": …}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for k in ("value", "text", "html", "body", "content"):
            if isinstance(value.get(k), str):
                return value[k]
        return None
    if isinstance(value, list):
        parts = [p for p in (_as_text(v) for v in value[:10000]) if p]
        return "\n\n".join(parts) if parts else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _authors(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for it in items[:20]:
        if isinstance(it, dict):
            it = it.get("name") or it.get("full_name") or it.get("display_name")
        if isinstance(it, str) and it.strip():
            names.append(it.strip())
    return join_names(names)


def _body(raw: str) -> str:
    if looks_like_html(raw):
        raw = html_to_text(raw)
    else:
        raw = unescape_entities(raw)
    return clean_body(raw)


def record_source(rec: dict[str, Any], fallback_source: str) -> str:
    """The source an object record is stored under: its URL or id, else where it was read."""
    src = _first(rec, _SOURCE_KEYS)
    if isinstance(src, dict):
        src = src.get("href") or src.get("url")
    source = sanitize_line(str(src)) if isinstance(src, (str, int)) and not isinstance(src, bool) else None
    return source or fallback_source


def record_to_article(rec: Any, fallback_source: str, fmt: str) -> Article | ReadError:
    """One record (a parsed JSON value) to an Article, or a ReadError saying why not."""
    if not isinstance(rec, dict):
        kind = {list: "array", str: "string", bool: "boolean", type(None): "null"}.get(type(rec), "number")
        return ReadError(fallback_source, f"record is a JSON {kind}, not an object")
    source = record_source(rec, fallback_source)
    url = _first(rec, ("url", "link"))
    raw_body = _as_text(_first(rec, _BODY_KEYS))
    body = _body(raw_body) if raw_body else ""
    if not body:
        return ReadError(source, "no article text")
    title = _first(rec, _TITLE_KEYS)
    title = _as_text(title)
    if title and looks_like_html(title):
        title = html_to_text(title)
    elif title:
        title = unescape_entities(title)
    authors = _first(rec, _AUTHOR_KEYS)
    byline = _authors(authors) if authors is not None else None
    outlet = _first(rec, _OUTLET_KEYS)
    if isinstance(outlet, dict):
        outlet = outlet.get("name") or outlet.get("title")
    if not isinstance(outlet, str) or outlet.startswith(("http://", "https://")):
        outlet = None
    published = None
    for k in _DATE_KEYS:
        v = rec.get(k)
        if v is not None and v != "":
            published = parse_published(v)
            if published:
                break
    return Article(
        source=source,
        body=body,
        title=sanitize_line(title) or None if title else None,
        byline=sanitize_line(byline) or None if byline else None,
        published=published,
        outlet=sanitize_line(outlet) or None if outlet else None,
        url=sanitize_line(url) if isinstance(url, str) and url.startswith(("http://", "https://")) else None,
        format=fmt,
    )


def _records(data: Any) -> Iterable[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for k in _LIST_KEYS:
            v = data.get(k)
            if isinstance(v, list) and (
                (v and isinstance(v[0], dict)) or (not v and not any(b in data for b in _BODY_KEYS))
            ):
                return v
        return [data]
    return None


def _json_error(e: json.JSONDecodeError, with_line: bool = True) -> str:
    if with_line:
        return f"not valid JSON at line {e.lineno}: {e.msg} (column {e.colno})"
    return f"not valid JSON: {e.msg} (column {e.colno})"


def read_json_text(text: str, path: str) -> Iterator[Article | ReadError]:
    """Records of a whole JSON document; falls back to JSONL when it is one object per line."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.strip():
        yield ReadError(path, "empty file")
        return
    try:
        data = json.loads(stripped, strict=False)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data":
            # "{...}\n{...}": JSONL in a .json file.
            yield from read_jsonl_lines(io.StringIO(text), path)
            return
        yield ReadError(path, _json_error(e))
        return
    except RecursionError:
        yield ReadError(path, "JSON nested too deeply")
        return
    records = _records(data)
    if records is None:
        yield ReadError(path, f"JSON top level is a {type(data).__name__}, not an object or array")
        return
    n = 0
    for n, rec in enumerate(records, 1):
        yield record_to_article(rec, f"{path}#{n}", "json")
    if n == 0:
        yield ReadError(path, "no records in JSON")


# what json.loads(s, strict=False) builds on each call (a decoder and its scanner), built once
_DECODER = json.JSONDecoder(strict=False)


def _loads(s: str) -> Any:
    """``json.loads(s, strict=False)`` of a stripped line, the same value or error."""
    if s[0] == "\ufeff":
        return json.loads(s, strict=False)      # refused: a BOM inside the file
    value, end = _DECODER.raw_decode(s)        # the line has no space at either end to skip
    return value if end == len(s) else _DECODER.decode(s)   # decode raises its "Extra data"


def _parse_line(line: str, path: str, lineno: int) -> Article | ReadError | None:
    s = line.strip()
    if not s:
        return None
    try:
        rec = _loads(s)
    except json.JSONDecodeError as e:
        return ReadError(f"{path}:line {lineno}", _json_error(e, with_line=False))
    except RecursionError:
        return ReadError(f"{path}:line {lineno}", "JSON nested too deeply")
    if not isinstance(rec, dict):
        return record_to_article(rec, f"{path}:line {lineno}", "jsonl")
    fallback = f"{path}#{lineno}"
    art = record_to_article(rec, fallback, "jsonl")
    if isinstance(art, ReadError) and art.source == fallback:
        art.source = f"{path}:line {lineno}"
    return art


def read_jsonl_lines(lines: Iterable[str], path: str) -> Iterator[Article | ReadError]:
    """Records of JSONL given as text lines (already decoded)."""
    any_line = False
    for lineno, line in enumerate(lines, 1):
        r = _parse_line(line, path, lineno)
        if r is not None:
            any_line = True
            yield r
    if not any_line:
        yield ReadError(path, "empty file")


def _binary_lines(f: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
    """(line, size) pairs; a line over MAX_LINE is skipped (None) without holding it in memory."""
    while True:
        chunk = f.readline(MAX_LINE + 1)
        if not chunk:
            return
        if len(chunk) > MAX_LINE and not chunk.endswith(b"\n"):
            size = len(chunk)
            while True:  # discard the rest of the oversized line
                more = f.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield None, size
            continue
        yield chunk, len(chunk)


@dataclass(frozen=True)
class RawLine:
    """One JSONL record still in its bytes, so that the process that extracts it (a worker)
    also parses it: the writer of a parallel ingest then only stores."""
    path: str
    lineno: int
    data: bytes


def parse_raw_line(raw: RawLine) -> Article | ReadError | None:
    """What ``read_jsonl_stream`` would have made of this line (None: a blank line)."""
    try:
        line = raw.data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line, _ = decode_bytes(raw.data)
        except DecodeError as e:
            return ReadError(f"{raw.path}:line {raw.lineno}", str(e))
    return _parse_line(line, raw.path, raw.lineno)


def read_jsonl_stream(f: BinaryIO, path: str, raw: bool = False) -> Iterator[Article | ReadError | RawLine]:
    """Stream JSONL records from a binary file object in bounded memory; with ``raw``, UTF-8
    records come as :class:`RawLine` (blank lines dropped) for ``parse_raw_line`` later."""
    head = f.peek(64) if hasattr(f, "peek") else b""  # type: ignore[attr-defined]
    head = head[:64]
    kind = sniff_binary(head) if head else None
    if kind:
        yield ReadError(path, f"binary file ({kind})")
        return
    for bom, enc in BOMS:
        if head.startswith(bom) and enc != "utf-8-sig":
            # UTF-16/32: let the codec find the line ends.
            reader = codecs.getreader(enc)(f, errors="replace")
            yield from read_jsonl_lines(reader, path)
            return
    any_line = False
    first = True
    for lineno, (data, size) in enumerate(_binary_lines(f), 1):
        if data is None:
            any_line = True
            yield ReadError(f"{path}:line {lineno}", f"line too long ({size // (1 << 20)} MB)")
            continue
        if first and data.startswith(codecs.BOM_UTF8):
            data = data[3:]
        first = False
        if raw:
            if data.strip():
                any_line = True
                yield RawLine(path, lineno, data)
            continue
        r = parse_raw_line(RawLine(path, lineno, data))
        if r is not None:
            any_line = True
            yield r
    if not any_line:
        yield ReadError(path, "empty file")

