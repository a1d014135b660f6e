"""The same statement reported in different words by several outlets.

One outlet prints "We're here to continue the work…", another's machine translation
"We are here to continue the work…, and we think that will happen". Both are one statement:
they share most of their content words. Two different statements by one speaker on one topic
share a few topic words but not the bulk of either.
"""
from __future__ import annotations

import re

VARIANT_THRESHOLD = 0.55
_MIN_SHARED = 3

_CONTRACTIONS = [
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"), (re.compile(r"\bcan not\b"), "cannot"),
    (re.compile(r"\bwo not\b"), "will not"), (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"), (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'d\b"), r"\1 would"), (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"\b(it|that|there|he|she|what|who)'s\b"), r"\1 is"),
    (re.compile(r"\bgonna\b"), "going to"), (re.compile(r"\bgotta\b"), "got to"),
]
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_WORD = re.compile(r"[\w%]+")
_STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being
this that these those it its we our us you your he him his she her they them their i me my
will would shall should can could may might must do does did have has had not no so than then
there here which who whom what when where while also just very more most such into over about
up out all any some each other only own same too again further once""".split()) - {"here"}


def normalise_quote(text: str) -> str:
    """Case, quote marks and contractions folded so two reports of one sentence compare equal."""
    t = (text or "").translate(_QUOTES).casefold()
    for pat, rep in _CONTRACTIONS:
        t = pat.sub(rep, t)
    return " ".join(_WORD.findall(t))


def _content(text: str) -> set[str]:
    out = set()
    for w in normalise_quote(text).split():
        if w in _STOP or (len(w) < 3 and not any(c.isdigit() for c in w)):
            continue
        # a crude stem: "commitments" and "commitment" are one word here
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def variant_similarity(a: str, b: str) -> float:
    """0..1: how likely two quotes are reports of the same statement."""
    na, nb = normalise_quote(a), normalise_quote(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ca, cb = _content(a), _content(b)
    shared = len(ca & cb)
    if shared < _MIN_SHARED or not ca or not cb:
        return 0.0
    containment = shared / min(len(ca), len(cb))
    jaccard = shared / len(ca | cb)
    return 0.5 * containment + 0.5 * jaccard


def variant_tokens(text: str, n: int = 6) -> list[str]:
    """A few distinctive words to find candidate reports of the same statement by full-text search."""
    words = sorted(_content(text), key=lambda w: (-len(w), w))
    return [w for w in words if not w.isdigit()][:n]
