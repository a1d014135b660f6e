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
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) then space(s) or a
# missing space before a capital or an opening quote ("...strength.While" in scraped text).
# (One mark, then any more: a pattern that opens with a character class lets the regex
# engine skip ahead to the next mark instead of trying the pattern at every character.)
_END = re.compile(r"""[.!?][.!?]*["'”’)\]]*(?=\s+|(?=[A-Z"“‘]))""")
_TWO_LOWER_BEFORE = re.compile(r"[a-z]{2}")


_BULLET = re.compile(r"(?:[-–•*·▪]|\d{1,2}[.)])\s+")
_BULLET_FIRST = "-–•*·▪"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines/paragraphs (news text puts one paragraph per line).

    A list marker ("- ", "• ", "1. ") is not part of the paragraph's first sentence.
    """
    spans = []
    pos = 0
    for line in text.split("\n"):
        kept = line.strip()
        if kept:
            s = pos + len(line) - len(line.lstrip())
            first = kept[0]
            spans.append(_unbullet(text, s, s + len(kept)) if first in _BULLET_FIRST or first.isdigit()
                         else (s, s + len(kept)))
        pos += len(line) + 1
    return spans


def line_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    """One line as one sentence (a line nothing could split): trimmed, list marker dropped."""
    s, e = _trim(text, s, e)
    if s < e:
        return _unbullet(text, s, e) if text[s] in _BULLET_FIRST or text[s].isdigit() else (s, e)
    return None


def _unbullet(text: str, s: int, e: int) -> tuple[int, int]:
    m = _BULLET.match(text, s, e)
    return (m.end(), e) if m and m.end() < e else (s, e)


_LONGEST = max(map(len, ABBREVIATIONS))


def _abbreviation_before(text: str, dot: int, floor: int) -> bool:
    """Is the word (letters, digits and inner dots) that ends right before the period at
    ``dot`` in ABBREVIATIONS? A word longer than any of them is not looked at whole."""
    lo = dot - _LONGEST - 1 if text[dot - 1:dot] != "." else floor
    if lo < floor:
        lo = floor
    i = dot
    while i > lo and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    if i == lo > floor and (text[i - 1].isalnum() or text[i - 1] == "."):
        return False
    return text[i:dot].rstrip(".").lower() in ABBREVIATIONS


# a run of more dotted single letters than this is no name's initials; the walk back stops
# there, so a hostile "A.A.A.…" costs a constant per period, not the run's length
_MAX_INITIALS = 6


def _initials(text: str, dot: int, floor: int) -> bool:
    """Does the period at ``dot`` close single letters with dots between, an initial or a
    dotted abbreviation ("J. Hugh Liedtke", "R.P. Scherer", "7.15 billion N.Z. Dlrs")? Not
    the last letter of a word ("Alzheimer's.", "isn't.", "$500m.")."""
    if dot <= floor or not text[dot - 1].isalpha() or (dot - 2 >= floor and text[dot - 2].isalpha()):
        return False                                  # no letter, or a word's last two
    i = dot - 1                                       # the single letter before the period
    for _ in range(_MAX_INITIALS):
        if (i - 2 >= floor and text[i - 1] == "." and text[i - 2].isalpha()
                and (i - 3 < floor or not text[i - 3].isalpha())):
            i -= 2                                    # one more "X." before it
        else:
            break
    else:
        return True                                   # a long run of dotted letters
    return not (i > floor and (text[i - 1].isalnum() or text[i - 1] in "'’."))


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans over the whole text, never crossing a paragraph break.

    A sentence ends at . ! or ? (with any closing quotes and brackets) unless a lower-case
    word follows ("Houston, Tex. for 200,000 dlrs", '"Why?" he asked'), and a period does
    not end one after an abbreviation, an initial, or inside a decimal."""
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(text):
        split_paragraph(text, ps, pe, out)
    return out


def split_paragraph(text: str, ps: int, pe: int, out: list[tuple[int, int]]) -> None:
    """The sentences of the paragraph ``text[ps:pe]`` (as ``paragraphs`` spans it), added to ``out``."""
    start = ps
    for m in _END.finditer(text, ps, pe):
        dot = m.start()
        end = m.end()
        nxt = text[end:end + 1]
        if text[dot] == ".":
            if _abbreviation_before(text, dot, start) or _initials(text, dot, start):
                continue
            if nxt.isdigit():                     # decimals ("3.5") are not ends
                continue
            # with no space after the mark only a real word ("strength.While") ends a
            # sentence, not an initial ("U.S.")
            if nxt and not nxt.isspace() and not (
                    dot - start >= 2 and _TWO_LOWER_BEFORE.match(text, dot - 2, dot)):
                continue
        elif nxt and not nxt.isspace() and not (
                dot - start >= 2 and _TWO_LOWER_BEFORE.match(text, dot - 2, dot)):
            continue
        if nxt.isspace():
            k = end + 1
            while k < pe and text[k].isspace():
                k += 1
            if k < pe and text[k].islower():
                continue                          # the sentence goes on
        s, e = _trim(text, start, end)
        if s < e:
            out.append((s, e))
        start = end
    s, e = _trim(text, start, pe)
    if s < e:
        out.append((s, e))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
