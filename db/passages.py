"""Long articles cut into bounded passages, so a snippet never reads a whole huge body.

FTS5's ``snippet()`` scores every hit against every other hit of its row: quadratic in the
matches, over a minute for a common word in a 20 MB article. An article whose body is longer
than ``LONG_BODY`` is therefore also stored as passages of at most ``PASSAGE_CHARS``
characters (``article_passages``, indexed in ``article_passages_fts``), and its search
snippet is taken from the first passage that matches. Shorter articles (nearly all news) keep
their snippet from ``articles_fts``, whose rows are then bounded by ``LONG_BODY``.
"""
from __future__ import annotations

from collections.abc import Iterator

PASSAGE_CHARS = 4_000
LONG_BODY = 16_000


def is_long(body: str | None) -> bool:
    return body is not None and len(body) > LONG_BODY


def split_passages(body: str, size: int = PASSAGE_CHARS) -> Iterator[tuple[int, str]]:
    """(start offset, text) pieces that cover ``body`` in order, each at most ``size``
    characters, cut at the last whitespace of a piece when it has one (so words stay whole).
    One at a time: the pieces of a huge body are as large as the body itself."""
    pos, n = 0, len(body)
    while pos < n:
        end = min(n, pos + size)
        if end < n:
            cut = max(body.rfind(" ", pos + size // 2, end), body.rfind("\n", pos + size // 2, end))
            if cut > pos:
                end = cut + 1
        yield pos, body[pos:end]
        pos = end
