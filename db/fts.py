"""User text to FTS5 MATCH syntax.

Plain input is escaped (each word quoted) so ``U.S.``, ``don't``, ``-`` or a lone ``AND`` never
crash, and its function words are left out when it has other words; input that uses FTS5
operators (phrases, prefix*, AND/OR/NOT, NEAR, parentheses, column filters) is passed through,
and FTS5's own complaint becomes a one-line QueryError.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"\w+", re.UNICODE)
# operators count only where FTS5 would read them as operators: a lone "AND" is a word
_ADVANCED = re.compile(r'"[^"]*"|\w\*|\S\s+(?:AND|OR|NOT)\s+\S|\bNEAR\s*\(|^\s*\(.*\)\s*$')


# English function words (a subset of Lucene's classic stop set: articles, prepositions,
# conjunctions, no word that is also a common name or abbreviation). Beside other words in a
# plain query they neither rank (FTS5's bm25 weighs a term found in over half the rows ~0) nor
# usefully narrow, while intersecting their doclists, nearly every row's, was most of such a
# query's time: "bank of japan" at 200k articles, 19 ms of ranking with "of" and 8 without.
_FUNCTION_WORDS = frozenset("a an and as at by for in into of on or the to with".split())


class QueryError(ValueError):
    """A search the user typed cannot be run; the message is one line for the user."""


_UNSENDABLE = re.compile("[\ud800-\udfff\x00]")


def clean_input(text: str) -> str:
    """Typed text SQLite can take: no lone surrogates (from undecodable bytes), no NULs."""
    return _UNSENDABLE.sub("", text) if isinstance(text, str) else str(text)


def is_advanced(query: str) -> bool:
    return bool(_ADVANCED.search(query))


def to_match(query: str, advanced: bool | None = None) -> str:
    q = clean_input(query or "").strip()
    if advanced is None:
        advanced = is_advanced(q)
    if advanced:
        if not q:
            raise QueryError("nothing to search for")
        return q
    words = _WORD.findall(q)
    if not words:
        raise QueryError(f"nothing to search for in {query!r}: type a word")
    # function words count only when there is nothing else: "the who" still finds "who"
    words = [w for w in words if w.lower() not in _FUNCTION_WORDS] or words
    return " ".join(f'"{w}"' for w in words)


def explain(error: Exception, query: str) -> QueryError:
    """Turn SQLite's FTS5 complaint into a message a person can act on."""
    msg = str(error).splitlines()[0] if str(error) else type(error).__name__
    msg = msg.replace("fts5: ", "")
    return QueryError(
        f"cannot search for {query!r}: {msg}. Quote words with special characters, "
        'e.g. "U.S." or use plain words'
    )
