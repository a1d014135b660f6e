"""Issue 21: every reader takes time linear in its input, whatever the input is built to do.

Each case is a generated input that made a backtracking regex (or a rescan) quadratic or worse
before. The check (tests/linear.py) is on CPU time, never wall-clock: eight times the input may
take at most twelve times as long.
"""
from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from ingest.readers import read_bytes
from ingest.readers.feed import read_feed
from ingest.readers.html import html_to_text, looks_like_html, read_html
from ingest.readers.text import parse_markdown, parse_text
from tests.linear import assert_linear

pytestmark = pytest.mark.slow   # about 40 s of CPU: each case grows its input until it is measurable

# --- inputs -------------------------------------------------------------------------------

def _rss(author: str = "Ann Lee", title: str = "Port talks resume") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
        f"<item><title>{title}</title><link>https://feed.example/1</link><author>{author}</author>"
        "<description>Talks on the harbour resumed on Monday, the port director said.</description>"
        "</item></channel></rss>"
    ).encode()


def _json(body: str) -> bytes:
    return json.dumps({"url": "https://news.example/1", "title": "Port talks", "body": body}).encode()


def _all(it) -> list:
    return list(it)


CASES: dict[str, tuple[Callable[[int], object], Callable[[object], object]]] = {
    # HTML
    "html: unclosed <script> tags": (lambda n: "<html><body>" + "<script>" * n, lambda s: read_html(s, "x.html")),
    "html fragment: unclosed <style> tags": (lambda n: "<p>Talks resumed.</p>" + "<style>x" * n, html_to_text),
    "html sniff: tags never closed by '>'": (lambda n: "<p class=x " * n, looks_like_html),
    "html fragment: '<' without tags": (lambda n: "a <" * n + "<b>x</b>", html_to_text),
    "html fragment: unclosed comments": (lambda n: "<p>x</p>" + "<!-- <p>" * n, html_to_text),
    # Markdown
    "markdown: emphasis openers": (lambda n: "# " + "*a " * n, parse_markdown),
    "markdown: strong openers": (lambda n: "**a " * n, parse_markdown),
    "markdown: underscore emphasis": (lambda n: "_a " * n, parse_markdown),
    "markdown: strikethrough openers": (lambda n: "~~a " * n, parse_markdown),
    "markdown: nested brackets and link openers": (lambda n: "[" * n + "x" + "](" * n, parse_markdown),
    "markdown: link text without a target": (lambda n: "[a](b " * n, parse_markdown),
    "markdown: backticks never closed": (lambda n: "`a " * n, parse_markdown),
    "markdown: inline HTML never closed": (lambda n: "<a " * n, parse_markdown),
    "markdown: unclosed front matter": (lambda n: "---\n" + "title: x\n" * n, parse_markdown),
    "markdown: comments never closed": (lambda n: "Text\n\n" + "a <!-- b " * n, parse_markdown),
    # feeds
    "feed: author of '@'": (lambda n: _rss(author="@" * n), lambda b: _all(read_feed(b, "f.rss"))),
    "feed: author 'name <address' never closed": (lambda n: _rss(author="Ann <" + "a@" * n),
                                                  lambda b: _all(read_feed(b, "f.rss"))),
    "feed: author '(' and '@' alternating": (lambda n: _rss(author="a@(" * n + ")"),
                                             lambda b: _all(read_feed(b, "f.rss"))),
    "feed: title of tags never closed": (lambda n: _rss(title="&lt;p class=x " * n),
                                         lambda b: _all(read_feed(b, "f.rss"))),
    # JSON
    "json: body of tags never closed": (lambda n: _json("<p class=x " * n), lambda b: _all(read_bytes(b, "x", ".json"))),
    # plain text
    "text sniff: comments before no <html>": (lambda n: ("<!---->" * n + "x\n\nTalks resumed.").encode(),
                                              lambda b: _all(read_bytes(b, "x", ".txt"))),
    "text: one long line of '. '": (lambda n: "Talks. " * n, parse_text),
    "text: a byline of names": (lambda n: "By " + "Ann Lee, " * n + "\n\nTalks resumed on Monday.", parse_text),
    "text: section labels above nothing": (lambda n: "News\n" * n + "Talks resumed on Monday.", parse_text),
}


@pytest.mark.parametrize("name", list(CASES))
def test_reader_time_is_linear(name):
    make, run = CASES[name]
    assert_linear(run, make, start=64)


def test_the_check_catches_quadratic_time():
    """The helper itself: a quadratic function fails it (so a pass above means something)."""
    with pytest.raises(AssertionError):
        assert_linear(lambda s: sum(1 for _ in s for _ in s), lambda n: "x" * (8 * n))


def test_snippet_rendering_time_is_linear():
    """A snippet can hold one very long word (an article of one token): marking whole words
    must not rescan it from every position."""
    from briefing.render import MARK_CLOSE, MARK_OPEN, marked

    assert_linear(marked, lambda n: "a" * n + f" {MARK_OPEN}can’{MARK_CLOSE}t")
