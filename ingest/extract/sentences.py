"""Sentence and paragraph spans: the unit events, figures and attributions are read in."""
from __future__ import annotations

import re

# Abbreviations that end with a period but do not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "sen", "rep", "gov",
    "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m",
}
_PARA = re.compile(r"\n\s*\n|\n")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) then space(s) or a
# missing space before a capital or an opening quote ("...strength.While" in scraped text).
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+|(?=[A-Z"“‘]))""")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines/paragraphs (news text puts one paragraph per line)."""
    spans = []
    pos = 0
    for m in _PARA.finditer(text):
        if text[pos:m.start()].strip():
            spans.append(_trim(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append(_trim(text, pos, len(text)))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans over the whole text, never crossing a paragraph break."""
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(text):
        start = ps
        for m in _END.finditer(text, ps, pe):
            end = m.end()
            word = re.search(r"([\w.]+)[.!?]*$", text[start:m.start() + 1])
            if word and text[m.start()] == "." and word.group(1).lower().rstrip(".") in _ABBREV:
                continue
            nxt = text[m.end():m.end() + 1]
            # decimals ("3.5") are not ends
            if text[m.start()] == "." and nxt.isdigit():
                continue
            # with no space after the mark, only a real word ("strength.While") ends a sentence,
            # not an initial ("U.S.")
            if nxt and not nxt.isspace() and not re.search(r"[a-z]{2}$", text[start:m.start()]):
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
