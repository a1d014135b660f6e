"""Sentence and paragraph spans: the unit events, figures and attributions are read in."""
from __future__ import annotations

import re

# Abbreviations that end with a period but do not end a sentence (lower case, without the
# final period): the one list every sentence boundary in the package is read with.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "maj", "adm", "cmdr",
    "sen", "rep", "gov", "pres", "atty", "rev", "st", "ft", "mt", "jr", "sr", "inc", "corp", "co",
    "ltd", "dept", "est", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
})
_PARA = re.compile(r"\n\s*\n|\n")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) then space(s) or a
# missing space before a capital or an opening quote ("...strength.While" in scraped text).
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+|(?=[A-Z"“‘]))""")
_TWO_LOWER_BEFORE = re.compile(r"[a-z]{2}")
# One capital, or capitals with dots between ("R", "U.S", "A.F.L"), before a full stop
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")


_BULLET = re.compile(r"(?:[-–•*·▪]|\d{1,2}[.)])\s+")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines/paragraphs (news text puts one paragraph per line).

    A list marker ("- ", "• ", "1. ") is not part of the paragraph's first sentence.
    """
    spans = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos:m.start()].strip():
            spans.append(_unbullet(text, *_trim(text, pos, m.start())))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_unbullet(text, *_trim(text, pos, len(text))))
    return spans


def line_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """One line as one sentence (a line nothing could split): trimmed, list marker dropped."""
    s, e = _trim(text, s, e)
    return _unbullet(text, s, e) if s < e else None


def _unbullet(text: str, s: int, e: int) -> tuple[int, int]:
    m = _BULLET.match(text, s, e)
    return (m.end(), e) if m and m.end() < e else (s, e)


def _word_before(text: str, dot: int, floor: int) -> str:
    """The word (letters and inner dots) that ends right before position ``dot``."""
    i = dot
    while i > floor and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:dot].rstrip(".").lower()


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans over the whole text, never crossing a paragraph break."""
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(text):
        start = ps
        for m in _END.finditer(text, ps, pe):
            dot = m.start()
            end = m.end()
            if text[dot] == ".":
                w = _word_before(text, dot, start)
                if w in ABBREVIATIONS:
                    continue
                if _INITIALS.fullmatch(text, dot - len(w), dot) and text[end:end + 1].isspace():
                    continue        # an initial: "Wendy R. Weiser", "U.S. officials"
                nxt = text[end:end + 1]
                if nxt.isdigit():                     # decimals ("3.5") are not ends
                    continue
                # with no space after the mark only a real word ("strength.While") ends a
                # sentence, not an initial ("U.S.")
                if nxt and not nxt.isspace() and not (
                        dot - start >= 2 and _TWO_LOWER_BEFORE.match(text, dot - 2, dot)):
                    continue
            elif text[end:end + 1] and not text[end].isspace() and not (
                    dot - start >= 2 and _TWO_LOWER_BEFORE.match(text, dot - 2, dot)):
                continue
            if text[start:end].strip():
                out.append(_trim(text, start, end))
            start = end
        if text[start:pe].strip():
            out.append(_trim(text, start, pe))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
