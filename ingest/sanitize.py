"""Make article text safe to store and to print on a terminal.

Article text is attacker-controlled: an escape sequence in it could move the
cursor, retitle the window, write the clipboard (OSC 52) or plant a link
(OSC 8); bidi overrides can make text read differently from what it is
("Trojan Source"); invisible characters make two strings that look the same differ,
and private-use characters are what the app marks search matches with, so text
holding them could forge a highlight. This module removes all of that and
nothing else, so it is
applied to every stored string at ingest and again at render time (for
databases written by older versions). It must therefore be cheap: one
character-class scan decides whether anything needs doing at all, and one
compiled regex does the work when it does.

Kept: ``\\n`` and ``\\t``. ``\\r\\n`` and lone ``\\r`` become ``\\n``; vertical
tab, form feed, NEL and the Unicode line/paragraph separators become ``\\n``.
Removed: C0 controls (NUL, BEL, BS, ESC …), DEL, C1 controls, whole
7-bit ESC/CSI/OSC/DCS/APC/PM/SOS sequences with their payload, and the
characters of :data:`INVISIBLE`: bidi controls (embeddings, overrides,
isolates, the LRM/RLM/ALM marks), zero-width characters (ZWSP, ZWNJ, ZWJ,
word joiner, BOM anywhere), tag characters (U+E0000–U+E007F) and private-use
characters (U+E000–U+F8FF, planes 15–16). Also lone surrogates (they cannot be
encoded as UTF-8, so SQLite would choke on them) and the non-characters
U+FFFE/U+FFFF. Letters of every script are kept: only control and format
characters go (a ZWJ inside an emoji sequence goes too, leaving its parts).
"""
from __future__ import annotations

import re
from functools import cache

__all__ = ["sanitize", "sanitize_line", "clean_text", "needs_sanitizing", "printable", "printable_path", "INVISIBLE"]

# Characters that change how text reads or compares without being seen, as the body
# of a regex character class: bidi controls, zero-width characters, tag characters
# and private-use characters.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
_TAGS = "\U000e0000-\U000e007f"
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U0010ffff"
INVISIBLE = _BIDI + _ZERO_WIDTH + _TAGS + _PRIVATE_USE

# Anything that might need work. A plain char class, so the common clean case is
# one fast C-level scan with no allocation. Compiled on first need, like the patterns below:
# each class holding INVISIBLE costs ~1 ms to compile, which a command that never meets
# such a character need not pay at start-up.
_SUSPECT_SOURCE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + INVISIBLE + "\ufffe\uffff\ud800-\udfff]"


@cache
def _suspect() -> re.Pattern[str]:
    return re.compile(_SUSPECT_SOURCE)


_ST = "(?:\x07|\x1b\\\\|\x9c)"           # string terminator: BEL, ESC \\, or 8-bit ST

# One pattern that starts with a character class, so the regex engine can skip
# ahead to the next suspect character at C speed. What follows the first
# character only applies after ESC (a whole 7-bit sequence with its payload) or
# after CR (CR LF is one line break).
# 8-bit C1 introducers (U+009B CSI, U+009D OSC …) are removed as single characters
# without their "payload": once the introducer is gone the rest is inert text, and
# these code points mostly come from mojibake (cp1252 holes), where eating the rest
# of the line would lose real words.
_BAD_SOURCE = (
    _SUSPECT_SOURCE +
    "(?:(?<=\x1b)(?:"
    # OSC / DCS / SOS / PM / APC with their payload, up to the terminator; an
    # unterminated one is cut at the end of the line (a terminal would have
    # swallowed it too).
    "[\\]PX^_][^\x07\x1b\x9c\n]*" + _ST + "?"
    # CSI: parameters, intermediates, final byte.
    "|\\[[0-?]*[ -/]*[@-~]?"
    # Other escape sequences: optional intermediates, one final byte.
    "|[ -/]*[0-~]?"
    ")|(?<=\r)\n)?"
)


@cache
def _bad() -> re.Pattern[str]:
    return re.compile(_BAD_SOURCE)


_NEWLINES = frozenset("\r\x0b\x0c\x85\u2028\u2029")
_ASCII_BAD = bytes(b for b in range(128) if b < 32 and b not in (9, 10) or b == 127)


def _repl(m: re.Match[str]) -> str:
    return "\n" if m.group()[0] in _NEWLINES else ""


def needs_sanitizing(text: str) -> bool:
    """True when ``text`` holds anything :func:`sanitize` would change."""
    return _suspect().search(text) is not None


def sanitize(text: str | None) -> str | None:
    """Strip control characters, escape sequences and bidi overrides; keep ``\\n``/``\\t``.

    ``None`` passes through so optional fields can be fed in directly.
    """
    if not text:
        return text
    if text.isascii():
        # Fast path for the common case: bytes.translate runs at memory speed.
        raw = text.encode("ascii")
        if len(raw.translate(None, _ASCII_BAD)) == len(raw):
            return text
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            raw = text.encode("ascii")
            if len(raw.translate(None, _ASCII_BAD)) == len(raw):
                return text
    elif _suspect().search(text) is None:
        return text
    return _bad().sub(_repl, text)


def sanitize_line(text: str | None) -> str | None:
    """:func:`sanitize`, then fold all whitespace (newlines, tabs) to single spaces.

    For one-line fields: titles, bylines, sources shown in a table cell.
    """
    if not text:
        return text
    if not text.isprintable():      # a printable text holds nothing sanitize removes
        text = sanitize(text)       # type: ignore[assignment]
    return " ".join(text.split())  # type: ignore[union-attr]  # split: where \s matches


def clean_text(text: str) -> str:
    """:func:`sanitize` for callers that always pass a string (the app and the CLI at render time)."""
    return sanitize(text) or ""


@cache
def _path_unsafe() -> re.Pattern[str]:
    return re.compile("[\x00-\x1f\x7f-\x9f" + INVISIBLE + "\ud800-\udfff]")


def printable(text: str) -> str:
    """Text a person typed or named, as a safe, visible one-line string: ``new\\nline.txt``,
    ``esc\\x1b.txt``.

    File names and typed arguments may hold newlines, escape sequences, bidi overrides or
    invisible characters; they identify something, so such characters are written as
    escapes rather than dropped (two different names never collapse into one, and an error
    message shows what was really typed).
    """
    if text.isprintable():           # every character the pattern matches is unprintable
        return text
    return _path_unsafe().sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


printable_path = printable
