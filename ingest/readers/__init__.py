"""Find input files and read articles out of them, whatever their format.

Public contract (used by the pipeline and the CLI):

- :func:`iter_inputs` turns the paths a user typed (files, folders, globs)
  into files to read, or :class:`ReadError` for a path that cannot be used.
- :func:`read_path` reads one file into Articles, choosing the reader by
  extension and, where the extension is unknown or ambiguous, by content.

Neither raises for bad input: every problem becomes a ``ReadError(source,
one-line reason)`` and the run goes on. Heavy libraries (trafilatura,
feedparser, lxml) are imported only by the readers that need them.
"""
from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from ..model import Article, ReadError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .jsonl import RawLine
from ..sanitize import printable_path, sanitize_line

__all__ = [
    "iter_inputs",
    "read_path",
    "read_bytes",
    "KNOWN_EXTENSIONS",
    "MAX_FILE_BYTES",
]

TEXT_EXT = frozenset({".txt", ".text"})
MARKDOWN_EXT = frozenset({".md", ".markdown"})
HTML_EXT = frozenset({".html", ".htm", ".xhtml"})
JSON_EXT = frozenset({".json"})
JSONL_EXT = frozenset({".jsonl", ".ndjson"})
FEED_EXT = frozenset({".rss", ".atom", ".feed"})
XML_EXT = frozenset({".xml"})
CSV_EXT = frozenset({".csv"})
KNOWN_EXTENSIONS = TEXT_EXT | MARKDOWN_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT | XML_EXT | CSV_EXT
# Files a folder holds about itself, not articles: skipped in a folder and named in the summary.
_NOT_ARTICLE = re.compile(r"^(?:readme|licen[cs]e|changelog|changes|copying|contributing|authors|"
                          r"history|notice)(?:[._-].*)?$", re.IGNORECASE)
# Markup that is neither HTML nor XML feeds: SGML (Reuters .sgm), other DOCTYPEs (a file that
# opens with a comment is left to the usual sniffing: skipping comments here would not be linear).
_OTHER_MARKUP = re.compile(r"^<(?:!doctype\s+(?!html\b)([\w.-]+)|(?!html\b|head\b|body\b|"
                           r"p\b|div\b|article\b|!--)([a-z][\w.-]*)[\s>])", re.IGNORECASE | re.DOTALL)

# One article (or one JSON/HTML/feed document) is read whole; past this size it
# is refused rather than risk the machine's memory. JSONL streams, so no limit.
MAX_FILE_BYTES = 64 * 1024 * 1024
# A feed is parsed whole (feedparser), at about 15 times its size in memory and a second of
# CPU a megabyte: past this it is refused, with a hint, rather than take a gigabyte.
MAX_FEED_BYTES = 16 * 1024 * 1024

_GLOB_CHARS = re.compile(r"[*?\[]")
_HTML_OPEN = re.compile(r"<(?:!doctype\s+html|html)\b", re.IGNORECASE)
_XML_START = re.compile(rb"^\s*<(?:\?xml|rss|feed|rdf:RDF)\b", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Finding inputs
# ---------------------------------------------------------------------------

def _reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, NotADirectoryError):
        return "not a directory"
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    return sanitize_line(e.strerror or type(e).__name__) or "cannot read"


def _list_dir(d: str) -> list[tuple[str, bool]]:
    """(path, is_dir) of a folder's visible entries, sorted by name; raises OSError."""
    with os.scandir(d) as it:
        entries = sorted(it, key=lambda e: e.name)
    out: list[tuple[str, bool]] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        out.append((entry.path, is_dir))
    return out


def _dir_key(d: str) -> tuple[int, int] | None:
    try:
        st = os.stat(d)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _walk(root: str, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]) -> Iterator[Path | ReadError]:
    """Files under ``root`` with known extensions, depth first in name order.

    Iterative (no recursion limit). Follows symlinks but enters each real
    directory once, so a symlink loop ends where it starts. Hidden names are
    skipped; files with unknown extensions and a folder's README, LICENSE and
    CHANGELOG files are skipped as ``ReadError(skipped=True)``, so they are named.
    """
    key = _dir_key(root)
    if key is not None:
        if key in seen_dirs:
            return
        seen_dirs.add(key)
    try:
        stack = [iter(_list_dir(root))]
    except OSError as e:
        yield ReadError(root, _reason(e))
        return
    while stack:
        try:
            p, is_dir = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if is_dir:
            key = _dir_key(p)
            if key is None or key in seen_dirs:
                continue
            seen_dirs.add(key)
            try:
                stack.append(iter(_list_dir(p)))
            except OSError as e:
                yield ReadError(p, _reason(e))
            continue
        name = os.path.basename(p)
        if _NOT_ARTICLE.match(name):
            yield ReadError(p, "skipped: not an article (a folder's README, LICENSE or CHANGELOG)", skipped=True)
            continue
        ext = os.path.splitext(p)[1].lower()
        if ext not in KNOWN_EXTENSIONS:
            yield ReadError(p, f"skipped: not an article file type ({ext or 'no extension'})", skipped=True)
            continue
        r = _file_result(p, seen_files, in_walk=True)
        if r is not None:
            yield r


def _file_result(p: str, seen_files: set[tuple[int, int]], in_walk: bool) -> Path | ReadError | None:
    """A regular file to read (once), an error, or None to skip silently."""
    try:
        st = os.stat(p)
    except OSError as e:
        if in_walk and os.path.islink(p):
            return ReadError(p, "symbolic link loop" if e.errno == errno.ELOOP else "broken symbolic link")
        return ReadError(p, _reason(e))
    if stat.S_ISDIR(st.st_mode):
        return None
    if not stat.S_ISREG(st.st_mode):
        return ReadError(p, "not a regular file") if not in_walk else None
    key = (st.st_dev, st.st_ino)
    if key in seen_files:
        return None
    seen_files.add(key)
    if not os.access(p, os.R_OK):
        return ReadError(p, "permission denied")
    return Path(p)


def iter_inputs(paths: list[str]) -> Iterator[Path | ReadError]:
    """Files to read from what the user typed: files, folders (recursively), globs.

    Arguments are handled in the order given; inside a folder or a glob, in
    sorted order. Each real file is yielded once even when reached twice (a
    repeated argument, a symlink). Named files are read whatever their
    extension; inside folders only known article extensions are taken.
    """
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for raw in paths:
        p = os.fspath(raw)
        if not p:
            yield ReadError(repr(p), "empty path")
            continue
        if os.path.lexists(p) or not _GLOB_CHARS.search(p):
            yield from _one_input(p, seen_dirs, seen_files)
            continue
        try:
            matches = sorted(glob.glob(p, recursive=True))
        except (OSError, ValueError, re.error) as e:
            yield ReadError(p, f"bad pattern: {sanitize_line(str(e))}")
            continue
        if not matches:
            yield ReadError(p, "no files match")
            continue
        literal_ext = os.path.splitext(p)[1].lower()
        if _GLOB_CHARS.search(literal_ext):
            literal_ext = ""
        for m in matches:
            if os.path.isdir(m):
                yield from _walk(m, seen_dirs, seen_files)
            elif os.path.splitext(m)[1].lower() in KNOWN_EXTENSIONS or (
                literal_ext and m.lower().endswith(literal_ext)
            ):
                r = _file_result(m, seen_files, in_walk=False)
                if r is not None:
                    yield r


def _one_input(p: str, seen_dirs: set[tuple[int, int]], seen_files: set[tuple[int, int]]) -> Iterator[Path | ReadError]:
    try:
        st = os.stat(p)
    except OSError as e:
        if os.path.islink(p):
            yield ReadError(p, "symbolic link loop" if e.errno == errno.ELOOP else "broken symbolic link")
        else:
            yield ReadError(p, _reason(e))
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk(p, seen_dirs, seen_files)
        return
    r = _file_result(p, seen_files, in_walk=False)
    if r is not None:
        yield r


# ---------------------------------------------------------------------------
# Reading one file
# ---------------------------------------------------------------------------

def read_path(path: Path, raw_lines: bool = False) -> Iterator[Article | ReadError | RawLine]:
    """Articles in one file; a problem becomes a ReadError, never an exception.

    With ``raw_lines``, the records of a JSONL stream come unparsed (``jsonl.RawLine``).

    Chooses the reader by extension and sniffs the content where the extension
    is unknown or ambiguous (.xml may be a feed, .json may be JSONL, a .txt
    that is an HTML document is read as HTML).
    """
    # stored as an absolute path: a relative one means nothing once briefing runs from elsewhere
    src = printable_path(os.path.abspath(path))
    try:
        yield from _read_path(Path(path), src, raw_lines)
    except MemoryError:
        yield ReadError(src, "out of memory reading file")
    except RecursionError:
        yield ReadError(src, "input nested too deeply")
    except Exception as e:  # noqa: BLE001 - one bad file must not stop an ingest
        msg = sanitize_line(str(e).splitlines()[0] if str(e) else "")[:200]
        yield ReadError(src, f"could not read: {type(e).__name__}{': ' + msg if msg else ''}")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _read_path(path: Path, src: str, raw_lines: bool = False) -> Iterator[Article | ReadError | RawLine]:
    try:
        st = os.stat(path)
    except OSError as e:
        yield ReadError(src, _reason(e))
        return
    if stat.S_ISDIR(st.st_mode):
        yield ReadError(src, "is a directory")
        return
    if not stat.S_ISREG(st.st_mode):
        yield ReadError(src, "not a regular file")
        return
    ext = path.suffix.lower()
    if st.st_size == 0:
        yield ReadError(src, "empty file")
        return
    if ext in JSONL_EXT:
        yield from _open_jsonl(path, src, raw_lines)
        return
    if st.st_size > MAX_FILE_BYTES:
        if ext in JSON_EXT or ext not in KNOWN_EXTENSIONS:
            if _first_line_is_object(path):
                yield from _open_jsonl(path, src, raw_lines)
                return
        yield ReadError(src, f"file too large ({_mb(st.st_size)}; limit {_mb(MAX_FILE_BYTES)})")
        return
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        yield ReadError(src, _reason(e))
        return
    if len(data) > MAX_FILE_BYTES:
        yield ReadError(src, f"file too large (over {_mb(MAX_FILE_BYTES)})")
        return
    yield from read_bytes(data, src, ext)


def read_here(path: Path, limit: int) -> bool:
    """Whether a file's records should be read by the caller one at a time rather than
    handed whole to a worker: a JSONL stream, or anything over ``limit`` bytes."""
    try:
        st = os.stat(path)
    except OSError:
        return False                  # the worker reports the error
    return stat.S_ISREG(st.st_mode) and (path.suffix.lower() in JSONL_EXT or st.st_size > limit)


def _open_jsonl(path: Path, src: str, raw_lines: bool = False) -> Iterator[Article | ReadError | RawLine]:
    from .jsonl import read_jsonl_stream

    try:
        f = open(path, "rb")
    except OSError as e:
        yield ReadError(src, _reason(e))
        return
    with f:
        yield from read_jsonl_stream(f, src, raw_lines)


def _first_line_is_object(path: Path) -> bool:
    import json

    try:
        with open(path, "rb") as f:
            line = f.readline(1 << 24)
    except OSError:
        return False
    try:
        return isinstance(json.loads(line.decode("utf-8-sig")), dict)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False


def read_bytes(data: bytes, src: str, ext: str = "") -> Iterator[Article | ReadError]:
    """Articles in the bytes of one file; ``ext`` (".txt", …) picks the reader, content decides otherwise."""
    from .encoding import DecodeError, decode_bytes, sniff_binary

    ext = ext.lower()
    kind = sniff_binary(data)
    if kind:
        yield ReadError(src, f"binary file ({kind})")
        return
    if not data.strip():
        yield ReadError(src, "empty file")
        return
    head = _ascii_head(data)
    is_xmlish = _XML_START.match(head.lstrip(b"\xef\xbb\xbf")) is not None
    feed = False
    if ext in FEED_EXT:
        feed = True
    elif ext in XML_EXT or is_xmlish and (ext in TEXT_EXT or ext not in KNOWN_EXTENSIONS):
        from .feed import looks_like_feed

        feed = looks_like_feed(head)
        if not feed and ext in XML_EXT and b"<html" not in head.lower():
            yield ReadError(src, "XML file is not an RSS or Atom feed")
            return
    if feed:
        from .feed import read_feed

        if len(data) > MAX_FEED_BYTES:
            yield ReadError(src, f"feed too large ({_mb(len(data))}; limit {_mb(MAX_FEED_BYTES)}): "
                                 "split it, or convert its items to JSONL, which is read as a stream")
            return
        yield from read_feed(data, src)
        return
    try:
        text, _enc = decode_bytes(data)
    except DecodeError as e:
        yield ReadError(src, str(e))
        return
    if not text.strip():
        yield ReadError(src, "empty file")
        return
    if ext in CSV_EXT:
        from .csv import read_csv_text

        yield from read_csv_text(text, src)
        return
    head = text[:2048].lstrip("\ufeff \t\r\n")
    if ext not in HTML_EXT and ext not in MARKDOWN_EXT and ext not in XML_EXT:
        mm = _OTHER_MARKUP.match(head)
        if mm:
            what = mm.group(1) or mm.group(2)
            yield ReadError(src, f"markup that is not HTML, RSS or Atom (<{sanitize_line(what)[:40]}>, "
                                 "e.g. SGML): not read")
            return
    fmt = _choose_format(ext, text)
    if fmt == "html":
        from .html import read_html

        yield read_html(text, src)
    elif fmt == "json":
        from .jsonl import read_json_text

        yield from read_json_text(text, src)
    elif fmt == "jsonl":
        from .jsonl import read_jsonl_lines

        yield from read_jsonl_lines(text.splitlines(), src)
    else:
        yield _text_article(text, src, markdown=fmt == "markdown")


def _ascii_head(data: bytes) -> bytes:
    """The first bytes as ASCII-compatible bytes (UTF-16 feeds have NULs between letters)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        except UnicodeError:
            return head
    return head


def _starts_html(head: str) -> bool:
    """Does the text open an HTML document, after any comments?

    A loop rather than one pattern: ``(?:<!--.*?-->\\s*)*`` backtracks exponentially on
    a run of comments that is not followed by ``<html``.
    """
    pos = 0
    while head.startswith("<!--", pos):
        end = head.find("-->", pos + 4)
        if end < 0:
            return False
        pos = end + 3
        while pos < len(head) and head[pos].isspace():
            pos += 1
    return _HTML_OPEN.match(head, pos) is not None


def _choose_format(ext: str, text: str) -> str:
    head = text[:2048].lstrip("\ufeff \t\r\n")
    if ext in MARKDOWN_EXT:
        return "markdown"
    if ext in HTML_EXT or ext in XML_EXT:
        return "html"
    if ext in JSON_EXT:
        return "json"
    if ext in TEXT_EXT:
        return "html" if _starts_html(head) else "text"
    # Unknown extension: decide by content.
    if _starts_html(head):
        return "html"
    if head[:1] in ("{", "["):
        return "json"   # read_json_text falls back to JSONL for one object per line
    return "text"


def _text_article(text: str, src: str, markdown: bool) -> Article | ReadError:
    from .text import parse_markdown, parse_text

    header, body = parse_markdown(text) if markdown else parse_text(text)
    if not body.strip():
        return ReadError(src, "no article text")
    return Article(
        source=src,
        body=body,
        title=header.title or None,
        byline=sanitize_line(header.byline) or None if header.byline else None,
        published=header.published,
        outlet=sanitize_line(header.outlet) or None if header.outlet else None,
        url=sanitize_line(header.url) or None if header.url else None,
        format="markdown" if markdown else "text",
    )
