"""Issue 21: every reader takes time linear in its input, whatever the input is built to do.

Each case is a generated input that made a backtracking regex (or a rescan) quadratic or worse
before. The check is on CPU time, never wall-clock: the size is grown until one run takes at
least 50 ms of CPU, and then the input 8 times that size must take at most 12 times as long
(the least of three runs each). A run past that bound is stopped by a CPU-time timer, so a
quadratic or exponential reader fails in seconds instead of hanging the suite.
"""
from __future__ import annotations

import gc
import json
import math
import signal
import time
from collections.abc import Callable

import pytest

from ingest.readers import read_bytes
from ingest.readers.feed import read_feed
from ingest.readers.html import html_to_text, looks_like_html, read_html
from ingest.readers.text import parse_markdown, parse_text

pytestmark = pytest.mark.slow   # about 40 s of CPU: each case grows its input until it is measurable

FLOOR = 0.05          # CPU seconds the 1x input must take, so the measure is above the noise
GROWTH, SLACK = 8, 12  # the 8x input may take at most 12x the time
MAX_CHARS = 1_000_000  # the largest 1x input


class _OverBudget(BaseException):
    """Not an Exception: the readers catch those from third-party code and carry on."""


def _on_timer(signum, frame):
    raise _OverBudget


def _cpu(run: Callable[[object], object], arg: object, budget: float | None = None, repeat: int = 1) -> float:
    """CPU seconds of ``repeat`` calls of ``run(arg)``; ``inf`` when past ``budget`` CPU seconds.

    The cyclic garbage collector is paused while it runs: its full passes walk every object
    alive in the test process, whatever the reader does, and would make the measure depend
    on the other tests."""
    gc.collect()
    old = signal.signal(signal.SIGPROF, _on_timer)
    gc.disable()
    try:
        if budget is not None:
            signal.setitimer(signal.ITIMER_PROF, budget, 0.05)   # again and again, until it ends
        t = time.process_time()
        try:
            for _ in range(repeat):
                run(arg)
        except _OverBudget:
            return math.inf
        return time.process_time() - t
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        gc.enable()
        signal.signal(signal.SIGPROF, old)


def assert_linear(make: Callable[[int], object], run: Callable[[object], object], start: int = 64) -> None:
    """Double ``n`` until ``run(make(n))`` takes FLOOR seconds of CPU (the least of three runs);
    ``make(8n)`` must then take at most 12 times as long in one of three runs. Inputs stop
    growing at MAX_CHARS, where a reader still faster than FLOOR is called repeatedly instead.
    While the size doubles, a run over 40 times the one before fails at once: an exponential
    case is caught while its runs are still short."""
    n, prev, repeat = start, 0.0, 1
    while True:
        arg = make(n)
        budget = max(1.0, 40 * prev)
        t1 = _cpu(run, arg, budget, repeat)
        assert t1 != math.inf, f"size {n} took over {budget:.2f} s of CPU, {prev:.4f} s at half that size"
        if t1 >= FLOOR:
            t1 = min(t1, _cpu(run, arg, None, repeat), _cpu(run, arg, None, repeat))
            if t1 >= FLOOR:
                break
        prev = t1
        if len(arg) * 2 > MAX_CHARS:   # type: ignore[arg-type]  (str or bytes)
            repeat *= 2
        else:
            n *= 2
    big = make(GROWTH * n)
    t8 = math.inf
    for _ in range(3):
        t8 = min(t8, _cpu(run, big, SLACK * t1, repeat))
        if t8 <= SLACK * t1:
            return
    raise AssertionError(f"{GROWTH}x the input ({n} -> {GROWTH * n}) took over {SLACK}x the CPU time ({t1:.3f} s)")


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
    assert_linear(make, run)


def test_the_check_catches_quadratic_time():
    """The helper itself: a quadratic function fails it (so a pass above means something)."""
    with pytest.raises(AssertionError):
        assert_linear(lambda n: "x" * (8 * n), lambda s: sum(1 for _ in s for _ in s))


def test_snippet_rendering_time_is_linear():
    """A snippet can hold one very long word (an article of one token): marking whole words
    must not rescan it from every position."""
    from briefing.render import MARK_CLOSE, MARK_OPEN, marked

    assert_linear(lambda n: "a" * n + f" {MARK_OPEN}can’{MARK_CLOSE}t", marked)
