"""Frozen copies of key functions, as the migrations that stored their keys computed them.

Version 1 of ``quote_key`` and ``text_hash``, as schema v4 and v8 computed them. Never edit
these: a migration must give the same result whatever today's extractors do
(``tests/test_keys.py`` checks they still equal the live functions at version 1).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

_V1_MARKS = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"',
                           "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                           "…": " ", "\u00a0": " "})
_V1_APOSTROPHES = [(re.compile(p), r) for p, r in (
    (r"\bwon't\b", "will not"), (r"\bcan't\b", "can not"), (r"\bshan't\b", "shall not"),
    (r"\bain't\b", "is not"), (r"n't\b", " not"), (r"'re\b", " are"), (r"'ve\b", " have"),
    (r"'ll\b", " will"), (r"'d\b", " would"), (r"'m\b", " am"),
    (r"\b(it|that|there|here|what|who|where|he|she|this)'s\b", r"\1 is"), (r"\blet's\b", "let us"),
    (r"'s\b", ""))]
_V1_SPELLINGS = [(w, re.compile(rf"\b{w}\b"), r) for w, r in (
    ("cannot", "can not"), ("gonna", "going to"), ("wanna", "want to"), ("gotta", "got to"),
    ("pct", "percent"))]
_V1_PUNCTUATION = re.compile(r"[^\w\s.]+")
_V1_LOOSE_DOT = re.compile(r"\.(?!(?<=\d\.)\d)")


def quote_key_v1(text: str) -> str | None:
    """``quote_key`` version 1: BLAKE2b (12 bytes) of the quote lower-cased, with straight
    marks, contractions spelt out, "%" as " percent" and no punctuation but decimal points."""
    s = unicodedata.normalize("NFKC", text).translate(_V1_MARKS).lower()
    if "'" in s:
        for pattern, spelt in _V1_APOSTROPHES:
            s = pattern.sub(spelt, s)
    for word, pattern, spelt in _V1_SPELLINGS:
        if word in s:
            s = pattern.sub(spelt, s)
    if "%" in s:
        s = re.sub(r"\s*%", " percent", s)
    s = _V1_PUNCTUATION.sub(" ", s)
    if "." in s:
        s = _V1_LOOSE_DOT.sub(" ", s)
    words = " ".join(s.split())
    return hashlib.blake2b(words.encode("utf-8"), digest_size=12).hexdigest() if words else None


def text_hash_v1(title: str | None, body: str) -> str:
    """``text_hash`` version 1: SHA-1 of the title, a 0x1f byte and the body, each with every
    run of whitespace made one space and none at either end."""
    h = hashlib.sha1()
    h.update(" ".join((title or "").split()).encode("utf-8", "surrogatepass"))
    h.update(b"\x1f")
    h.update(" ".join(body.split()).encode("utf-8", "surrogatepass"))
    return h.hexdigest()
