"""Figures for the country dossier: shares of GDP, money, troop numbers, spending percentages.

Each figure is tied to the country its clause is about and to the year the clause is about:
  * country: a possessor before the figure ("Germany's ... $86 billion"), else the first
    country named in the figure's clause before it (the subject), else the nearest country
    in the sentence; when the sentence names none but says "its", the article's dominant
    country.  ("their" is left alone: it usually points at a group such as "NATO members".)
  * year: the date expression nearest the figure in its clause, else in its sentence,
    resolved against the publication date ("by 2032", "its 2024 budget", "last year").
``Figure.text`` is exactly ``text[start:end]``: the figure expression itself ("5% of GDP",
"$65.9 billion", "50,000 to 60,000 new troops").
"""
from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from decimal import Decimal, InvalidOperation
from operator import attrgetter

from ingest.extract import dates as _dates
from ingest.extract.document import Document
from ingest.deadline import Deadline, passed
from ingest.model import CountryMention, Figure

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "hundred": 100,
}
_WORDNUM = r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
_SCALE = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
          "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}
_SCALE_RX = r"trillion|billion|million|thousand|bn|bln|mln|mn|tn"
_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "a$": "AUD",
            "c$": "CAD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL"}
_CUR_WORDS = {
    "dollars": "USD", "dollar": "USD", "dlrs": "USD", "dlr": "USD", "usd": "USD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds": "GBP", "pound": "GBP",
    "sterling": "GBP", "stg": "GBP", "gbp": "GBP", "yen": "JPY", "jpy": "JPY",
    "marks": "DEM", "deutsche marks": "DEM", "swiss francs": "CHF", "french francs": "FRF",
    "belgian francs": "BEF", "guilders": "NLG", "lire": "ITL", "roubles": "RUB",
    "rubles": "RUB", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rand": "ZAR",
    "riyals": "SAR", "dirhams": "AED", "hryvnias": "UAH", "zlotys": "PLN", "zloty": "PLN",
    "chf": "CHF", "cny": "CNY", "rub": "RUB", "inr": "INR",
}
_DOLLAR_QUAL = {"u.s.": "USD", "us": "USD", "american": "USD", "australian": "AUD",
                "canadian": "CAD", "hong kong": "HKD", "h.k.": "HKD", "n.z.": "NZD",
                "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD"}
_CUR_WORD_RX = (r"deutsche\s+marks|swiss\s+francs|french\s+francs|belgian\s+francs|dollars?|"
                r"dlrs?|euros?|pounds?|sterling|stg|yen|marks|guilders|lire|roubles|rubles|"
                r"yuan|renminbi|rupees|rand|riyals|dirhams|hryvnias|zlotys?|USD|EUR|GBP|JPY|CHF|CNY")
_QUAL_RX = r"U\.S\.|US|American|Australian|Canadian|Hong\s+Kong|H\.K\.|N\.Z\.|New\s+Zealand|Singapore|Taiwan"
_PCT = r"(?:%|\s?percent\b|\s?per\s?cent\b|\s?pct\b)"

# Figures are found from cheap scans that each start with a literal or a character class
# (numbers, currency signs and codes, "percent", troop words); what precedes a word anchor
# ("two percent", "50,000 to 60,000 new troops") is matched backwards from it.
# The number is matched possessively (no backtracking into shorter numbers when what
# follows does not fit): possessive quantifiers from Python 3.11, a look-ahead before that.
_NUM_START = (r"\d(?<![\d.,]\d)[\d,]*+(?:\.\d++)?+" if sys.version_info >= (3, 11)
              else r"\d(?<![\d.,]\d)[\d,]*(?:\.\d+)?(?![\d.,]\d)")
# the first letters of the currency words: checked (one case-blind class) before the words
# themselves are tried one by one, which most words after a number do not start like
_CUR_WORD_FIRST = "(?=(?i:[" + "".join(sorted({w[0].lower() for w in _CUR_WORD_RX.split("|")})) + "]))"
# What can follow a number that is a figure, by its first characters: a percent sign, or
# past any spaces a dash before a number ("5-6%"), a scale or a qualifier (case as written)
# or a currency word (any case). Most numbers are followed by none ("155 bags", "Feb 26 -",
# "1987, the") and are given up at once, not after every form below is tried.
_FIGURE_NEXT = ("(?=%|\\s*+(?:[-–]\\s*+\\d|[" + "".join(sorted({w[0] for w in _SCALE_RX.split("|")}))
                + "".join(sorted({w[0] for w in _QUAL_RX.split("|")})) + "]|" + _CUR_WORD_FIRST[3:-1] + "))")
# a number followed by a percent sign/word, a percent range, or a scale and/or currency word
_AT_NUMBER = re.compile(
    rf"(?P<n>{_NUM_START}){_FIGURE_NEXT}(?:"
    rf"{_PCT}?\s*+(?:-|–|to)\s*+(?P<pb>{_NUM}){_PCT}(?P<prange>)"
    rf"|(?P<pct>{_PCT})"
    rf"|\s*+(?:(?P<sc2>{_SCALE_RX})\s++)?(?:(?P<q2>{_QUAL_RX})\s++)?{_CUR_WORD_FIRST}(?P<cw2>(?i:{_CUR_WORD_RX}))\b)")


# what _AT_NUMBER scans an ASCII text with (nearly every news text): on ASCII text it matches
# what _AT_NUMBER does, and its scan tests each character as an ASCII digit, not a Unicode one
_AT_NUMBER_ASCII = re.compile(_AT_NUMBER.pattern, re.ASCII)
# $65.9 billion | £4.3 billion | €1.5bn (US$, A$, C$ ... checked just before the sign)
_AT_SYMBOL = re.compile(rf"[$£€¥]\s?(?P<n1>{_NUM})(?:\s?(?P<sc1>{_SCALE_RX}|m|b|k)\b)?")
_SYMBOL_PREFIX = re.compile(r"(?:US|A|C|NZ|HK|S|R)$")
# Dlrs 1.5 mln | USD 5 million
_AT_CODE = re.compile(rf"\b(?P<cw3>Dlrs|DLRS|USD|EUR|GBP|Stg|STG)\s?(?P<n3>{_NUM})(?:\s?(?P<sc3>{_SCALE_RX})\b)?")
# two percent | three to four per cent (anchored on the percent word)
_ANCHOR_PCT_WORD = re.compile(r"percent|per cent")
_BEFORE_PCT_WORD = re.compile(rf"\b(?P<pa>{_WORDNUM})(?:\s+(?:to|-|–)\s+(?P<pa2>{_WORDNUM}))?\s?$")
# 50,000 to 60,000 new troops | 10,000 soldiers (anchored on the troop word)
_TROOP_LIST = ("troops", "soldiers", "servicemen", "service members", "servicemembers",
               "personnel", "peacekeepers", "reservists", "marines", "sailors", "airmen",
               "paratroopers", "conscripts", "recruits")
# the troop words by a part they share: a text without "troop" holds neither "troops" nor
# "paratroopers" (one search, not two); the rest searched each (None)
_TROOP_GROUPS = (("troop", ("troops", "paratroopers")),
                 ("service", ("servicemen", "service members", "servicemembers")),
                 (None, tuple(w for w in _TROOP_LIST if "troop" not in w and "service" not in w)))
_BEFORE_TROOPS = re.compile(
    rf"(?<![\w.,])(?P<t1>{_NUM}|{_WORDNUM})(?:\s+(?P<ts1>thousand|million))?"
    rf"(?:\s*(?:-|–|to|and|or)\s*(?P<t2>{_NUM})(?:\s+(?P<ts2>thousand|million))?)?\s+"
    r"(?:(?:more|new|additional|extra|active|active-duty|combat|foreign|ground|regular|"
    r"military|armed|security|uniformed|"
    r"U\.S\.|US|NATO|[A-Z][a-z]+)\s+){0,2}$")
_SYMBOL_CHARS = "$£€¥"
_SYMBOL = re.compile(f"[{re.escape(_SYMBOL_CHARS)}]")
# where a currency code of _AT_CODE may start: one alternation of literals, so the scan skips
# to the letters that can open one. (Where two codes overlap, "USDLRS", "STGBP", the second
# has a word character before it and _AT_CODE's "\b" refuses it: one scan finds what a scan
# per code would.)
_CODE_START = re.compile(r"D(?:lrs|LRS)|USD|EUR|GBP|S(?:tg|TG)")


_GDP_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:(?:its|their|the|his|her|our|national|annual|Europe['’]s|the\s+country['’]s|"
    r"[A-Z][\w.]*['’]s)\s+)?(?:(?:economic|annual|national|total)\s+)?"
    r"(?:GDP|gross\s+domestic\s+product|GNP|gross\s+national\s+product|economic\s+output|"
    r"national\s+income)\b")
# a percentage that is not a share of GDP is kept only when its sentence is about spending
_SPENDING_WORDS = ("spend", "budget", "defence", "defense", "military", "investment",
                   "expenditure", "gdp", "gnp", "target", "commitment", "outlay", "contribut",
                   "allocat", " aid", "funding")
_ITS = re.compile(r"\bits\b", re.I)
_CLAUSE_SPLIT = re.compile(r"[,;:()—–]|\s-\s|\b(?:while|whereas|but|although|though)\b")


# an amount of money is a country's only where its sentence speaks of public money: a firm's
# price, a fine or a wage in a sentence that names a country is not that country's figure
_PUBLIC_MONEY_WORDS = _SPENDING_WORDS + (
    "debt", "deficit", "tax", "pledg", "provid", "donat", "borrow", "loan", "bail", "subsid",
    "package", "govern", "treasury", "econom", "revenue", "export", "import", "reserves",
    "growth", "spent", "fund", "cuts", "pension", "grant", "ministry", "minister")


def _spending_sentence(lows: dict[tuple[int, int], str], text: str, s: int, e: int,
                       words: tuple[str, ...] = _SPENDING_WORDS) -> bool:
    """Does the sentence ``text[s:e]`` hold one of ``words`` (lower-cased: each sentence once,
    in ``lows``, for all its figures)?"""
    low = lows.get((s, e))
    if low is None:
        low = lows[(s, e)] = text[s:e].lower()
    return any(map(low.__contains__, words))


def _num(s: str) -> float | None:
    s = s.strip()
    w = _WORDNUM_VALUES.get(s.lower())
    if w is not None:
        return float(w)
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


# each scale as a power of ten ("million" -> 6)
_SCALE_EXP = {k: len(str(int(v))) - 1 for k, v in _SCALE.items()}
# digits that a Decimal product holds exactly (its context keeps 28)
_EXACT_DIGITS = 28


def _scaled(s: str, scale: str | None) -> float | None:
    """Number times scale without binary noise ("65.9" billion -> 65900000000.0). Where the
    product is a whole number (the scale's zeros cover the decimals, as in nearly every
    figure) it is that integer, rounded once to a float: what the Decimal product gives,
    without building two Decimals."""
    if scale:
        exp = _SCALE_EXP.get(scale.lower())
        if exp is not None:
            whole, dot, frac = s.replace(",", "").partition(".")
            if (whole.isdecimal() and (frac.isdecimal() or not dot) and len(frac) <= exp
                    and len(whole) + len(frac) + exp <= _EXACT_DIGITS):
                return float(int(whole + frac) * 10 ** (exp - len(frac)))
    v = _num(s)
    if v is None or not scale:
        return v
    try:
        return float(Decimal(s.replace(",", "")) * Decimal(int(_SCALE[scale.lower()])))
    except (InvalidOperation, ValueError):
        return v * _SCALE[scale.lower()]


def extract_figures(text: str, countries: list[CountryMention], published: str | None,
                    deadline: Deadline | None = None) -> list[Figure]:
    """GDP shares, money, troops and spending percentages, each with country and year
    (past ``deadline``, the figures found before it)."""
    if not text:
        return []
    found = _scan(text)
    if not found:
        return []
    ref = _dates.reference_for(published)
    usable = [c for c in countries if c.kind != "dateline"] or list(countries)
    usable.sort(key=_BY_START)
    cstarts = [c.start for c in usable]
    dominant = _Lazy(lambda: _dominant(usable))
    date_cache: dict[int, list[_dates.DateMention]] = {}
    lows: dict[tuple[int, int], str] = {}          # each sentence lower-cased once
    dates = None
    out: list[Figure] = []
    doc = Document.of(text)
    near = None                                    # the sentence the figure before starts in
    for fig in found:
        if passed(deadline):
            break
        start, end, kind, value, unit, high = fig
        s, e, near = _context(doc, start, end, near)
        if kind == "percent" and not _spending_sentence(lows, text, s, e):
            continue
        cs = None                                  # the clause's start, found once it is read
        if kind == "money":
            # a firm's "its" is as common as a state's: money needs its country in the sentence
            # (looked up first: most sentences with money name none) and public money
            names_one = bisect_right(cstarts, s - 1) < bisect_right(cstarts, e - 1)
            if names_one and _spending_sentence(lows, text, s, e, _PUBLIC_MONEY_WORDS):
                cs = _clause_start(text, s, start)
                iso3 = _country(text, usable, cstarts, s, e, cs, start, end, _no_country)
            else:
                iso3 = None
        else:
            cs = _clause_start(text, s, start)
            iso3 = _country(text, usable, cstarts, s, e, cs, start, end, dominant)
        if s not in date_cache:
            if dates is None:
                dates = doc.resolution(ref)
            date_cache[s] = _dates_in(dates, s, e)
        in_sentence = date_cache[s]
        year = None
        if in_sentence:
            year = _year(in_sentence, _clause_start(text, s, start) if cs is None else cs, start, end)
        out.append(Figure(start=start, end=end, text=text[start:end], kind=kind, value=value,
                          unit=unit, iso3=iso3, year=year, value_high=high))
    return out


def _dates_in(dates: _dates.Resolution, s: int, e: int) -> list[_dates.DateMention]:
    """The dates that start in ``[s, e)``, by start (in text order where two start together).
    Only the matches that can give one are resolved: those from ``s`` to just past ``e`` (a
    date may start a little before its match). Found by bisection, not a scan per figure: a
    long article has thousands of dates and figures."""
    starts = dates.starts
    got = [dm for i in range(bisect_left(starts, s), bisect_right(starts, e + _dates.SHIFT_REACH))
           if (dm := dates.at(i)) is not None and s <= dm.start < e]
    got.sort(key=_BY_START)
    return got


# a date's or a mention's start: the sort key of both
_BY_START = attrgetter("start")


def _scan(text: str) -> list[tuple[int, int, str, float, str, float | None]]:
    """(start, end, kind, value, unit, value_high) for every figure, in text order."""
    found: list[tuple[int, int, str, float, str, "float | None"]] = []
    # a test for each sign first: most texts hold none, and four character searches cost
    # far less than the class tried at every character
    signs = _SYMBOL.finditer(text) if any(map(text.__contains__, _SYMBOL_CHARS)) else ()
    for a in signs:
        m = _AT_SYMBOL.match(text, a.start())
        if m is None:
            continue
        v = _scaled(m.group("n1"), m.group("sc1"))
        if v is None:
            continue
        s = a.start()
        sym = text[s]
        pm = _SYMBOL_PREFIX.search(text, max(0, s - 2), s)
        if pm is not None and sym == "$" and (pm.start() == 0 or not text[pm.start() - 1].isalnum()):
            unit = _SYMBOLS.get(pm.group().lower() + "$", "USD")
            s = pm.start()
        else:
            unit = _SYMBOLS[sym]
        found.append((s, m.end(), "money", v, unit, None))
    for a in _CODE_START.finditer(text):
        m = _AT_CODE.match(text, a.start())
        if m is None:
            continue
        v = _scaled(m.group("n3"), m.group("sc3"))
        if v is not None:
            found.append((m.start(), m.end(), "money", v, _CUR_WORDS[m.group("cw3").lower()], None))
    for m in (_AT_NUMBER_ASCII if text.isascii() else _AT_NUMBER).finditer(text):
        fig = _number_figure(text, m)
        if fig is not None:
            found.append(fig)
    if "per" in text:
        for a in _ANCHOR_PCT_WORD.finditer(text):
            b = _BEFORE_PCT_WORD.search(text, max(0, a.start() - 30), a.start())
            if b is None:
                continue
            lo = _num(b.group("pa"))
            hi = _num(b.group("pa2")) if b.group("pa2") else None
            if lo is None:
                continue
            if hi is not None and hi < lo:
                hi = None
            e = a.end()
            found.append(_percent(text, b.start(), e, lo, hi))
    for part, words in _TROOP_GROUPS:
        if part is not None and part not in text:
            continue
        for word in words:
            if word not in text:                    # most texts hold none: an operator, not a call
                continue
            i = text.find(word)
            while i >= 0:
                e = i + len(word)
                if (e == len(text) or not text[e].isalnum()) and (i == 0 or not text[i - 1].isalnum()):
                    b = _BEFORE_TROOPS.search(text, max(0, i - 60), i)
                    if b is not None:
                        fig = _troops(text, b, e)
                        if fig is not None:
                            found.append(fig)
                i = text.find(word, e)
    if not found:
        return []
    found.sort(key=lambda f: (f[0], -f[1]))
    out = []
    last_end = -1
    for f in found:
        if f[0] < last_end:
            continue                                # overlapping forms of one figure
        out.append(f)
        last_end = f[1]
    return out


def _percent(text: str, s: int, e: int, lo: float, hi: float | None):
    gm = _GDP_AFTER.match(text, e)
    if gm:
        return s, gm.end(), "gdp_share", lo, "%", hi
    return s, e, "percent", lo, "%", hi


def _number_figure(text: str, m: re.Match):
    """The figure of an ``_AT_NUMBER`` match: each of its forms ends in a group of its own
    ("pct", "prange", "cw2"), so the form is the match's last group."""
    s, e = m.span()
    form = m.lastgroup
    if form == "pct":
        lo = _num(m.group("n"))
        return None if lo is None else _percent(text, s, e, lo, None)
    if form == "prange":
        lo, hi = _num(m.group("n")), _num(m.group("pb"))
        if lo is None or hi is None or hi < lo:
            return None
        return _percent(text, s, e, lo, hi)
    if form == "cw2":
        sc = m.group("sc2")
        v = _scaled(m.group("n"), sc)
        if v is None:
            return None
        word = m.group("cw2").lower()
        unit = _CUR_WORDS.get(word)
        if unit is None:                            # "deutsche  marks": one space between
            unit = _CUR_WORDS.get(" ".join(word.split()))
            if unit is None:
                return None
        q = m.group("q2")
        if q and unit == "USD":
            unit = _DOLLAR_QUAL.get(" ".join(q.lower().split()), "USD")
        return s, e, "money", v, unit, None
    return None


_YEAR_CUE_BEFORE = re.compile(r"\b(?:in|since|by|until|of|from|during|before|after)\s+$", re.I)


def _troops(text: str, b: re.Match, end: int):
    raw = b.group("t1")
    if (len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100 and not b.group("t2")
            and _YEAR_CUE_BEFORE.search(text, max(0, b.start() - 10), b.start())):
        return None                                 # "in 2024 US troops left": a year
    lo = _scaled(raw, b.group("ts1"))
    if lo is None:
        return None
    hi = None
    if b.group("t2"):
        hi = _scaled(b.group("t2"), b.group("ts2") or b.group("ts1"))
        if hi is not None and hi < lo:
            hi = None
    if lo < 2 and not hi:
        return None
    return b.start(), end, "troops", lo, "troops", hi


class _Lazy:
    """A value computed on first use (the dominant country is rarely needed)."""

    def __init__(self, fn) -> None:
        self._fn = fn
        self._done = False
        self._value: object = None

    def __call__(self):
        if not self._done:
            self._value, self._done = self._fn(), True
        return self._value


# How far from a figure its sentence is read. The longest sentence around a figure in the
# BBC, PolNeAR and seed articles is under 900 characters; a "sentence" of a megabyte (no full
# stop in it) is read only this far each side, so each figure costs a bounded amount of work.
CONTEXT_REACH = 2000


def _context(doc: Document, start: int, end: int,
             near: tuple[int, int] | None = None) -> tuple[int, int, tuple[int, int] | None]:
    """The sentence around a figure (the article's one sentence split), read at most
    ``CONTEXT_REACH`` characters each side of it, and the sentence the figure starts in.
    ``near`` is the sentence the figure before started in: the split's sentences do not
    overlap, so where it holds ``start`` it is the sentence ``start`` is in (not looked up)."""
    first = near if near is not None and near[0] <= start < near[1] else doc.sentence_at(start)
    inside = first is not None and end <= first[1]       # the figure ends in its first sentence
    last = first if inside or end - 1 <= start else doc.sentence_at(end - 1)
    s = first[0] if first is not None else start
    e = last[1] if last is not None else end
    return max(s, start - CONTEXT_REACH), min(max(e, end), end + CONTEXT_REACH), first


_CLAUSE_MARKS = (",", ";", ":", "(", ")", "—", "–", " - ", " while ", " whereas ", " but ",
                 " although ", " though ")
# The marks written backwards, as one pattern: searched in the text before a figure read
# backwards, its first match is the mark that ends last (one search that stops at the nearest
# mark, not a search of the whole sentence for each). It opens with one class (the engine skips
# to the next candidate character); two marks found at one place end at the same place.
_CLAUSE_MARKS_BACK = re.compile(
    "[" + "".join(re.escape(m) for m in _CLAUSE_MARKS if len(m) == 1) + " ](?:(?<=[^ ])|(?<= )(?:"
    + "|".join(re.escape(m[::-1][1:]) for m in _CLAUSE_MARKS if len(m) > 1) + "))")


def _clause_start(text: str, sent_start: int, pos: int) -> int:
    """Start of the clause that holds pos (after the last comma, semicolon, "while" ...)."""
    m = _CLAUSE_MARKS_BACK.search(text[sent_start:pos][::-1])
    return sent_start if m is None else pos - m.start()


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|from|to|into|across|throughout|via)\s+"
                       r"(?:(?:the|a|an)\s+)?$", re.I)
_MAJOR_SPLIT = re.compile(r";|\b(?:while|whereas|but|although|though)\b", re.I)


def _subject_like(text: str, c: CountryMention) -> bool:
    """Could this mention be what the clause is about (not "in Brussels", "Russia-wary")?"""
    if text[c.end:c.end + 1] == "-" and text[c.end + 1:c.end + 2].islower():
        return False
    return _LOCATIVE.search(text, max(0, c.start - 20), c.start) is None


# words after a country's name that make it the state speaking ("the UK Treasury", "British
# Defence Secretary"), not part of another body's name ("the UK Film Council", "Sunderland FC")
_STATE_WORDS = frozenset(
    "Army Navy Air Armed Forces Government Treasury Exchequer Ministry Minister Department "
    "Secretary Prime President Chancellor Parliament Congress Senate Cabinet Embassy State "
    "Foreign Home Defence Defense Finance Trade Federal National Central Royal Budget "
    "Office Economy Economic Military Coast Current Balance Fiscal Monetary Public Gross "
    "Customs Tax Revenue".split())
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w&'’-]*)")


def _in_a_name(text: str, c: CountryMention) -> bool:
    """Is the mention part of another body's name ("the London Stock Exchange")?"""
    m = _NEXT_WORD.match(text, c.end)
    return m is not None and m.group(1) not in _STATE_WORDS


def _country(text: str, cands: list[CountryMention], cstarts: list[int], s: int, e: int,
             cs: int, fs: int, fe: int, dominant) -> str | None:
    lo = bisect_right(cstarts, s - 1)
    hi = bisect_right(cstarts, e - 1)
    if lo == hi:
        if _ITS.search(text, cs, fe) and dominant():
            return dominant()                      # "its" with no country in the sentence
        return None
    inside = [c for c in cands[lo:hi] if not _in_a_name(text, c)]
    if not inside:
        return None
    before = [c for c in inside if c.end <= fs]
    major = s
    if before:
        for mm in _MAJOR_SPLIT.finditer(text, s, fs):
            major = mm.end()
    # a possessor governs what follows it: "Germany's ... budget rising to $86 billion"
    poss = [c for c in before if text[c.end:c.end + 2] in ("'s", "’s")]
    if poss:
        near = [c for c in poss if c.start >= cs] or [c for c in poss if c.start >= major]
        if near:
            return near[-1].iso3
    subj = [c for c in before if _subject_like(text, c)]
    in_clause = [c for c in subj if c.start >= cs]
    if in_clause:
        return in_clause[0].iso3                   # the clause's own subject
    if _ITS.search(text, cs, fe):
        if subj:
            return subj[0].iso3                    # "its" points back to the sentence subject
        if not inside and dominant():
            return dominant()                      # ... or to the article's main country
    in_major = [c for c in subj if c.start >= major]
    if in_major:
        return in_major[-1].iso3
    if poss and major == s:
        return poss[-1].iso3                       # "Britain's debt, ..., will reach £3.3tn"
    ce = _clause_end(text, fe, e)
    after = [c for c in inside if fe <= c.start < ce and _subject_like(text, c)]
    if after:
        return after[0].iso3
    return None


def _clause_end(text: str, pos: int, sent_end: int) -> int:
    m = _CLAUSE_SPLIT.search(text, pos, sent_end)
    return m.start() if m else sent_end


def _year(mentions: list[_dates.DateMention], cs: int, fs: int, fe: int) -> int | None:
    if not mentions:
        return None
    def dist(d: _dates.DateMention) -> int:
        return fs - d.end if d.end <= fs else max(0, d.start - fe)
    in_clause = [d for d in mentions if d.start >= cs]
    best = min(in_clause or mentions, key=dist)
    try:
        return int(best.date[:4])
    except ValueError:
        return None


def _no_country() -> None:
    return None


def _dominant(cands: list[CountryMention]) -> str | None:
    if not cands:
        return None
    counts = Counter(c.iso3 for c in cands if c.kind != "group")
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2) + [(None, 0)]
    if rest and rest[0][1] == n:
        return None                                 # a tie: no dominant country
    return top
