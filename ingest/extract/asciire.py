"""Regular expressions with an ASCII twin, for the scans that run over a whole text.

Python's regex engine tests ``\\d`` and ``\\w`` by Unicode category, character by character,
several times slower than a range such as ``[0-9]``; a pattern that opens with one is tried at
every candidate character that way. On an ASCII text the ranges match exactly what the
classes match, so a scan picks the twin there (``text.isascii()`` costs next to nothing) and
the Unicode pattern elsewhere: the same matches, in about half the time. (``\\s`` and ``\\b``
are left as they are: ``\\s`` also matches the ASCII separators ``\\x1c``–``\\x1f``, which
``[ \\t\\n\\r\\f\\v]`` would not.)
"""
from __future__ import annotations

import re
from typing import NamedTuple

_IN_CLASS = {"d": "0-9", "w": "a-zA-Z0-9_"}


def ascii_twin(pattern: str) -> str:
    """``pattern`` with ``\\d`` and ``\\w`` written as ASCII ranges (inside a character class
    or out of one)."""
    out: list[str] = []
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in _IN_CLASS:
                out.append(_IN_CLASS[nxt] if in_class else "[" + _IN_CLASS[nxt] + "]")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
            out.append(c)
            i += 1
            if pattern[i:i + 1] == "^":             # a class may open with "^" and then "]"
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":
                out.append("]")
                i += 1
            continue
        if c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


class Twin(NamedTuple):
    """A compiled pattern and its ASCII twin."""
    unicode: re.Pattern
    ascii: re.Pattern

    def of(self, text: str) -> re.Pattern:
        """The pattern to search ``text`` with."""
        return self.ascii if text.isascii() else self.unicode


def twin(pattern: str, flags: int = 0) -> Twin:
    return Twin(re.compile(pattern, flags), re.compile(ascii_twin(pattern), flags))
