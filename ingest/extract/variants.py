"""Quote variants: one statement reported by several outlets in different words.

Why this measure: outlets quote the same sentence with different contractions ("We're" /
"We are"), curly or straight marks, a name added or dropped ("President Trump" /
"President Donald Trump"), a cut ("…" or a partial quote) or a machine translation that
rewords the tail.  The head of the statement survives all of these, so we compare content
words and word pairs *relative to the shorter quote* (containment), after normalising
case, marks, contractions and "%".  Two different statements by one speaker on one topic
share a few topic words ("5%", "alliance") but few word pairs, and stay below the
threshold.

The store finds candidates with ``variant_tokens`` (a few long content words for an FTS
OR query), then links pairs with ``variant_similarity(a, b) >= VARIANT_THRESHOLD``; a quote
``only_exact_variants`` says only its very words can match is not searched for.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

__all__ = ["normalise_quote", "only_exact_variants", "quote_key", "variant_similarity", "variant_tokens",
           "VARIANT_THRESHOLD"]

VARIANT_THRESHOLD = 0.6
# a quote with fewer content words than this is a variant of another only when one contains
# the other's words, and then scores _CONTAINED (or 1.0: the very same words)
_SHORT = 4
_CONTAINED = 0.5

_QUOTES = str.maketrans({"’": "'", "‘": "'", "‛": "'", "`": "'", "´": "'", "“": '"',
                         "”": '"', "„": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                         "…": " ", "\u00a0": " "})


def _whole_word(word: str) -> re.Pattern[str]:
    """``\\b<word>\\b``, written to start with the word's letters and test the boundary before
    them last: the engine jumps to where those letters occur instead of trying a boundary at
    every character."""
    return re.compile(rf"{word}\b(?<=\b{word})")


# "it's" -> "it is" (a word of these before "'s"); the pattern starts at the apostrophe
_IS_BEFORE = ("it", "that", "there", "here", "what", "who", "where", "he", "she", "this")
_IS_S = re.compile("'s\\b(?:" + "|".join(rf"(?<=\b{w}'s)" for w in _IS_BEFORE) + ")")
# contractions with an apostrophe, in this order ("won't" before "n't", "it's" before "'s"),
# each tried only when its letters occur (the pattern cannot match where they do not): first
# the letter after its apostrophe, then the whole needle
_APOSTROPHE_FORMS = [(needle, needle[needle.index("'") + 1], pattern, spelt) for needle, pattern, spelt in [
    ("won't", _whole_word("won't"), "will not"), ("can't", _whole_word("can't"), "can not"),
    ("shan't", _whole_word("shan't"), "shall not"),
    ("ain't", _whole_word("ain't"), "is not"), ("n't", re.compile(r"n't\b"), " not"),
    ("'re", re.compile(r"'re\b"), " are"), ("'ve", re.compile(r"'ve\b"), " have"),
    ("'ll", re.compile(r"'ll\b"), " will"), ("'d", re.compile(r"'d\b"), " would"),
    ("'m", re.compile(r"'m\b"), " am"),
    ("'s", _IS_S, " is"),
    ("let's", re.compile(r"'s\b(?<=\blet's)"), " us"), ("'s", re.compile(r"'s\b"), ""),
]]
# other spellings, likewise tried only when their letters occur (most quotes have none)
_WORD_FORMS = [
    ("cannot", _whole_word("cannot"), "can not"), ("gonna", _whole_word("gonna"), "going to"),
    ("wanna", _whole_word("wanna"), "want to"), ("gotta", _whole_word("gotta"), "got to"),
    ("pct", _whole_word("pct"), "percent"),
]
_NON_WORD = re.compile(r"[^\w\s.]+")
# the same for ASCII text, a character at a time, every kind of space a " " too (the runs
# of spaces are made one at the end): a byte table's look-up per character
# (``bytes.translate``) instead of a regex test
_ASCII_NON_WORD = bytes(c if chr(c).isalnum() or chr(c) in "_." else 32 for c in range(256))
# a dot that is not a decimal point (a digit on both sides); written to start with the dot,
# so the engine jumps from dot to dot instead of trying a look-behind at every character
_LOOSE_DOT = re.compile(r"\.(?!(?<=\d\.)\d)")
_ASCII_LOOSE_DOT = re.compile(_LOOSE_DOT.pattern.encode("ascii"))

_STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself
yourselves going get got go let us one would said says say
""".split())


def normalise_quote(text: str) -> str:
    """Lower case, straight marks, contractions spelt out, "%" as "percent", no punctuation
    (decimal points kept): 'We’re at 3.5%!' -> 'we are at 3.5 percent'."""
    s = unicodedata.normalize("NFKC", text)
    if not s.isascii() or "`" in s:                # "`" is the one ASCII mark _QUOTES maps
        s = s.translate(_QUOTES)
    s = s.lower()
    if "'" in s:
        # a replacement puts no form's letter after an apostrophe, so the letters after the
        # apostrophes of the text as it came decide
        after = {part[:1] for part in s.split("'")[1:]}
        for needle, letter, pat, rep in _APOSTROPHE_FORMS:
            if letter in after and needle in s:
                s = pat.sub(rep, s)
    for needle, pat, rep in _WORD_FORMS:
        if needle in s:
            s = pat.sub(rep, s)
    if "%" in s:
        s = s.replace("%", " percent")      # the spaces before it go with the final split
    if s.isascii():
        s = s.encode("ascii").translate(_ASCII_NON_WORD).decode("ascii")
        if "." in s:
            s = _LOOSE_DOT.sub(" ", s)
        while "  " in s:                    # its only spaces are " ": runs made one in C
            s = s.replace("  ", " ")
        return s.strip(" ")
    s = _NON_WORD.sub(" ", s)
    if "." in s:
        s = _LOOSE_DOT.sub(" ", s)
    return " ".join(s.split())


def _stem(w: str) -> str:
    """Light stemming so 'commitments'/'commitment', 'spending'/'spend' meet."""
    for suf in ("ings", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[:-len(suf)]
    return w


@functools.lru_cache(maxsize=2048)     # ~3 KB a quote (its word pairs): 8,192 were 25 MB
def _features(text: str) -> tuple[tuple[str, ...], frozenset[str], frozenset[tuple[str, str]]]:
    # cached: the store compares each new quote with up to 40 candidates, often the same ones
    toks = tuple(normalise_quote(text).split())
    content = frozenset(_stem(t) for t in toks if t not in _STOP)
    pairs = frozenset(zip(toks, toks[1:]))
    return toks, content, pairs


def variant_similarity(a: str, b: str) -> float:
    """How likely two quotes are one statement, in [0, 1] (see module docstring).

    Half content-word containment, half word-pair containment, both measured against the
    shorter quote.  Short quotes (fewer than 4 content words) must match exactly once
    normalised: a two-word fragment is too common to identify a statement.
    """
    ta, ca, pa = _features(a)
    tb, cb, pb = _features(b)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    short = min(len(ca), len(cb))
    if short < _SHORT:
        return _CONTAINED if " ".join(ta) in " ".join(tb) or " ".join(tb) in " ".join(ta) else 0.0
    uni = len(ca & cb) / short
    bi = len(pa & pb) / max(1, min(len(pa), len(pb)))
    score = 0.5 * uni + 0.5 * bi
    return round(min(1.0, score), 4)


def only_exact_variants(text: str) -> bool:
    """Whether ``text`` reaches ``VARIANT_THRESHOLD`` only with a quote of the very same
    normalised words (the same ``quote_key``): a short quote, which a search for reworded
    variants can never link."""
    if _CONTAINED >= VARIANT_THRESHOLD:
        return False
    stems: set[str] = set()
    for t in _ranked_tokens(text):      # cached, and content words: enough of them settle it
        stems.add(_stem(t))
        if len(stems) >= _SHORT:
            return False
    return len(_features(text)[1]) < _SHORT


@functools.lru_cache(maxsize=4096)
def quote_key(text: str) -> str | None:
    """A short key shared by exactly the quotes whose words are the same once normalised
    (similarity 1.0): wire copies and reprints are found by an index lookup instead of a
    full-text query. None for a quote with no words. The database stores these keys: a change
    here raises ``quote_key``'s version in db/keys.py, which recomputes them."""
    words = normalise_quote(text)                   # its words, joined by single spaces
    return hashlib.blake2b(words.encode("utf-8"), digest_size=12).hexdigest() if words else None


def variant_tokens(text: str, limit: int = 5) -> list[str]:
    """A few rare-ish words of the quote (the longest content words, no numbers) for a
    full-text OR query that finds candidate variants."""
    return list(_ranked_tokens(text)[:limit])


@functools.lru_cache(maxsize=8192)
def _ranked_tokens(text: str) -> tuple[str, ...]:
    # cached: a statement reported by many articles is looked up once per report
    seen: dict[str, int] = {}
    for i, t in enumerate(normalise_quote(text).split()):
        if t in _STOP or len(t) < 4 or not t.isalpha() or t in seen:
            continue
        seen[t] = i
    return tuple(sorted(seen, key=lambda t: (-len(t), seen[t])))
