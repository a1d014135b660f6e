"""Organisations as speakers: 'the company said', 'a Pentagon spokesman said', 'Acme Corp said'.

Why a separate pass: the people extractor only knows persons, yet news often credits a
statement to an organisation.  An organisation is recognised from explicit evidence only
(a suffix such as "Inc" or "Ministry", or an introduction such as "the company Acme" /
"Acme, the retailer,"), and 'the company said' is resolved to the nearest such name in
its own or the previous paragraph.  Without a named organisation nearby the speaker stays
unknown: a wrong name is worse than none.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from ingest.extract.countries import demonym_words
from ingest.extract.names import CAPSEQ, ROLE_WORDS, START_STOP, is_given_name, place_names, trie_regex

__all__ = ["ORG_KIND", "PERSON_KIND", "OrgIndex", "has_org_suffix", "org_before_cue", "org_after_cue"]

ORG_KIND = "organisation"
PERSON_KIND = "person"

# Generic nouns that stand for an organisation, grouped so 'the firm' can resolve to a
# name introduced as a company but 'the newspaper' cannot.
_CLASSES = {
    "business": {"company", "firm", "group", "corporation", "retailer", "airline", "carrier",
                 "manufacturer", "maker", "conglomerate", "chain", "supplier", "operator",
                 "bank", "lender", "insurer"},
    "press": {"newspaper", "paper", "magazine", "broadcaster", "network", "agency", "daily",
              "tabloid", "website"},
    "government": {"ministry", "department", "agency", "council", "commission", "authority",
                   "regulator", "watchdog", "bureau"},
    "body": {"association", "union", "federation", "party", "university", "foundation",
             "institute", "charity", "organisation", "organization", "club", "committee",
             "board", "league", "society", "trust", "council"},
}
ORG_NOUNS = frozenset(w for ws in _CLASSES.values() for w in ws)
# The last word of a name that makes it an organisation, and the class it gives.
_SUFFIXES = {
    "inc": "business", "corp": "business", "corporation": "business", "ltd": "business",
    "plc": "business", "llc": "business", "co": "business", "group": "business",
    "holdings": "business", "bank": "business", "airlines": "business", "airways": "business",
    "ministry": "government", "department": "government", "agency": "government",
    "council": "government", "commission": "government", "authority": "government",
    "bureau": "government", "office": "government",
    "party": "body", "association": "body", "university": "body", "union": "body",
    "federation": "body", "foundation": "body", "institute": "body", "committee": "body",
    "board": "body", "league": "body", "society": "body", "trust": "body", "club": "body",
}
# "Ministry of Defence": the suffix word opens the name
_OF_HEADS = r"(Ministry|Department|University|Bank|Council|Office|Institute|Bureau|Federation|Association)"
_OF_NAME = re.compile(_OF_HEADS + r"\s+of\s+")
_OF_FULL = re.compile(r"\b" + _OF_HEADS + r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}")


# capitalised words that open a sentence but name nothing ('Its board said')
_NOT_NAMES = START_STOP | {"our", "its", "their", "his", "her", "my", "your", "every", "each", "one",
                           "another", "both", "all", "some", "any", "no", "it", "we", "they",
                           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                           "sunday", "january", "february", "march", "april", "june", "july",
                           "august", "september", "october", "november", "december"}


_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
            "central", "north-east", "north-west", "south-east", "south-west"}


def _place_like(name: str, places: frozenset[str]) -> bool:
    """A place, a region or a nationality, which says where an organisation is, not which."""
    low = name.lower()
    toks = low.split()
    return (low in places or toks[0] in _COMPASS or low.endswith("-based")
            or any(t in demonym_words() for t in toks))


def _classes_of(noun: str) -> set[str]:
    return {c for c, ws in _CLASSES.items() if noun in ws}


def _suffix_class(name: str) -> str | None:
    toks = name.replace(".", "").split()
    if not toks:
        return None
    if len(toks) > 1 and toks[-1].lower() in _SUFFIXES:
        return _SUFFIXES[toks[-1].lower()]
    m = _OF_NAME.match(name)
    if m:
        return _SUFFIXES[m.group(1).lower()]
    return None


def has_org_suffix(name: str) -> bool:
    """'Acme Corp', 'Ministry of Fisheries': the name itself says it is an organisation."""
    return _suffix_class(name) is not None


@dataclass(frozen=True, slots=True)
class OrgName:
    start: int
    end: int
    name: str
    classes: frozenset[str]


_NOUN_ALT = "|".join(sorted(ORG_NOUNS, key=len, reverse=True))
# 'the company Acme', 'the Ohio-based retailer Acme', 'rights group Acme' (the name follows)
_NOUN_BEFORE = re.compile(r"\b(" + _NOUN_ALT + r")\s+$")
# 'Acme, the retailer,' / 'Acme, a company that…' (an apposition)
_NOUN_APPOS = re.compile(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(" + _NOUN_ALT
                         + r")(?=[,.;:)]|\s+(?:which|that|with|based|founded|owned|whose)\b)")
# 'the Daily Bugle newspaper', 'Acme magazine' (the name modifies the noun): only for the press,
# as 'the Eurosceptic party', 'the South Yorkshire company', 'its Acme business' name no one,
# and not before a name ('Monitoring firm Netcraft' is Netcraft)
_PRESS_ALT = "|".join(sorted(_CLASSES["press"], key=len, reverse=True))
_NOUN_AFTER = re.compile(r"\s+(" + _PRESS_ALT + r")\b(?!['’-])(?!\s+[A-Z])")
# 'US Airways': an acronym opening the name
_ACRONYM_BEFORE = re.compile(r"(?:[A-Z][A-Z&.]+\s+)+$")


_REACH = 80
_EVIDENCE = re.compile(r"\b(?:" + trie_regex({w.capitalize() for w in _SUFFIXES}
                                              | {"Inc", "Corp", "Ltd", "PLC", "LLC", "Co"} | ORG_NOUNS) + r")\b")


class OrgIndex:
    """The organisations named in one article, in text order, found in one linear pass."""

    def __init__(self, text: str, person_spans: list[tuple[int, int]]) -> None:
        people = sorted(person_spans)
        pstarts = [a for a, _ in people]
        found: list[OrgName] = []
        places = place_names()
        # only the capitalised runs near a suffix or an organisation noun can be organisations;
        # a run cut by its window's edge loses to the whole run ending at the same place
        first: dict[int, int] = {}
        for h in _EVIDENCE.finditer(text):
            for r in CAPSEQ.finditer(text, max(0, h.start() - _REACH), min(len(text), h.end() + _REACH)):
                a, b = r.span()
                first[b] = min(a, first.get(b, a))
        for r in _OF_FULL.finditer(text):
            first[r.end()] = min(r.start(), first.get(r.end(), r.start()))
        for b, a in sorted(first.items(), key=lambda x: (x[1], x[0])):
            name = text[a:b]
            if name.split()[0].lower() in ("the", "a", "an"):
                name = name.split(None, 1)[1] if " " in name else ""
                a = b - len(name)
            if not name or name.lower() in _NOT_NAMES:
                continue
            acro = _ACRONYM_BEFORE.search(text, max(0, a - 16), a)
            if acro:
                a = acro.start()
                name = text[a:b]
            classes: set[str] = set()
            suffix = _suffix_class(name)
            if suffix:
                classes.add(suffix)
            else:
                before = _NOUN_BEFORE.search(text, max(0, a - 40), a)
                after = _NOUN_AFTER.match(text, b, min(len(text), b + 40)) \
                    or _NOUN_APPOS.match(text, b, min(len(text), b + 60))
                if not (before or after):
                    continue
                k = bisect_left(pstarts, b) - 1
                if k >= 0 and people[k][1] > a:
                    continue  # a person's name, not an organisation
                if _place_like(name, places) or name.split()[0].lower() in ROLE_WORDS:
                    continue  # 'a Tokyo company', 'the party Leader' are not named so
                for m in (before, after):
                    if m:
                        classes |= _classes_of(m.group(1))
            if classes:
                found.append(OrgName(a, b, name, frozenset(classes)))
        self.names = found
        self.starts = [o.start for o in found]
        self.subjects = _named_subjects(text, people, pstarts, places)
        self.subject_starts = [o.start for o in self.subjects]
        # bare forms: 'Acme' names 'Acme Inc' once introduced
        self.known: set[str] = set()
        for o in found:
            self.known.add(o.name)
            toks = o.name.split()
            if len(toks) > 1 and toks[-1].lower().rstrip(".") in _SUFFIXES:
                self.known.add(" ".join(toks[:-1]))

    def is_org(self, name: str) -> bool:
        """A speaker name that is clearly an organisation (suffix, or introduced as one)."""
        return has_org_suffix(name) or name in self.known

    def around(self, start: int, end: int) -> OrgName | None:
        """The organisation whose name holds [start, end): 'Cabinet Office' around 'Office'."""
        i = bisect_left(self.starts, end) - 1
        while i >= 0 and self.names[i].end >= end:
            o = self.names[i]
            if o.start <= start:
                return o
            i -= 1
        return None

    def nearest(self, noun: str, floor: int, pos: int,
                quoted: Callable[[int], bool] = lambda _pos: False) -> OrgName | None:
        """The latest organisation of ``noun``'s kind named in [floor, pos), outside quotes
        (a name a speaker says is not who 'the company' is)."""
        want = _classes_of(noun)
        i = bisect_left(self.starts, pos) - 1
        seen = 0
        while i >= 0 and self.names[i].start >= floor and seen < 50:
            o = self.names[i]
            if o.end <= pos and o.classes & want and not quoted(o.start):
                return o
            i -= 1
            seen += 1
        if want != {"business"}:
            return None
        # none introduced as such: the one name nearby that spoke ("Acme said ... the
        # company said"); two such names and 'the company' could be either. Only for a
        # business's nouns: a name that speaks is most often a firm, and 'the agency' or
        # 'the newspaper' that reports what a firm said is another name
        i = bisect_left(self.subject_starts, pos) - 1
        one: OrgName | None = None
        seen = 0
        while i >= 0 and self.subjects[i].start >= floor and seen < 50:
            o = self.subjects[i]
            if o.end <= pos and not quoted(o.start):
                if one is not None and o.name != one.name:
                    return None
                one = one or o
            i -= 1
            seen += 1
        return one


# a name that speaks: 'Acme said', 'Acme has announced', 'Acme also told' (the run before it)
_SUBJECT_CUE = re.compile(r"\b(?:said|says|announced|announces|added|reported|stated|told)\b")
_RUN_BEFORE_CUE = re.compile(r"(?:^|(?<=[\s(\"“‘]))((?:[A-Z][\w&'’-]*\s+){0,3}[A-Z][\w&'’-]*)"
                             r"\s+(?:(?:has|had|have|also|later|then)\s+)?$")


def _named_subjects(text: str, people: list[tuple[int, int]], pstarts: list[int],
                    places: frozenset[str]) -> list[OrgName]:
    """The names that are the subject of a speech verb and name no person, place, people or
    role ("Acme said that it would ..."): what 'the company said' may be, where no name
    nearby was introduced as an organisation. In text order."""
    out: list[OrgName] = []
    for c in _SUBJECT_CUE.finditer(text):
        m = _RUN_BEFORE_CUE.search(text, max(0, c.start() - 60), c.start())
        if m is None:
            continue
        a, b = m.span(1)
        name = m.group(1)
        first = name.split()[0]
        if first.lower() in ("the", "a", "an"):
            if " " not in name:
                continue
            name = name.split(None, 1)[1]
            a = b - len(name)
            first = name.split()[0]
        k = bisect_left(pstarts, b) - 1
        if k >= 0 and people[k][1] > a:
            continue                              # a person's name
        low = first.lower()
        if low.endswith(("'s", "’s")):
            low = low[:-2]
        if (low in _NOT_NAMES or low in ROLE_WORDS or is_given_name(first) or first.isupper() and len(first) <= 2
                or _place_like(name, places)):
            continue                              # 'It said', 'Minister Doe said', 'Washington said'
        out.append(OrgName(a, b, name, frozenset()))
    return out


# the subject right before a cue: 'the company said', 'the Tokyo-based firm also said'
_GAP = r"\s*,?\s*(?:(?:also|later|then|has|had|have|would|\w+ly)\s+)*$"
# (not after a preposition: 'Doe, a spokeswoman for the bank, said' is Doe speaking)
_THE_NOUN_END = re.compile(r"(?:^|[\s,;—–(])(?<!for )(?<!of )(?<!at )(?<!by )(?<!with )(?<!from )(?<!to )[Tt]he\s+(?:[\w-]+\s+){0,2}?(" + _NOUN_ALT + r")" + _GAP)
_SPOKES = r"(?:spokes(?:man|woman|person)|representative|statement)"
_NAME = r"((?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*)"
# 'a Pentagon spokesman said', 'an Acme Corp spokeswoman, Jane Doe,' is a person (not here)
_A_ORG_SPOKES_END = re.compile(r"(?:^|[\s,;—–(])(?<!,\s)[Aa]n?\s+" + _NAME + r"\s+" + _SPOKES + _GAP)
# 'a spokesman for the company said' (the company named earlier)
_SPOKES_FOR_THE_END = re.compile(r"(?:^|[\s;—–(])(?<!,\s)[Aa]n?\s+" + _SPOKES + r"\s+(?:for|at)\s+the\s+"
                                 r"(?:[\w-]+\s+){0,2}?(" + _NOUN_ALT + r")" + _GAP)
# 'a spokesman for Acme said'
_SPOKES_FOR_END = re.compile(r"(?:^|[\s,;—–(])(?<!,\s)[Aa]n?\s+" + _SPOKES + r"\s+(?:for|at)\s+(?:the\s+)?" + _NAME + _GAP)
# after an inverted cue: '," said the company' / '," said a Pentagon spokesman'
_THE_NOUN_START = re.compile(r"\s+the\s+(?:[\w-]+\s+){0,2}?(" + _NOUN_ALT + r")\b(?!['’])")
_A_ORG_SPOKES_START = re.compile(r"\s+an?\s+" + _NAME + r"\s+" + _SPOKES + r"\b")
_SPOKES_FOR_START = re.compile(r"\s+an?\s+" + _SPOKES + r"\s+(?:for|at)\s+(?:the\s+)?" + _NAME)


def _named(m: re.Match, is_person) -> tuple[str, int, int] | None:
    name = m.group(1).rstrip(".")
    a = m.start(1)
    if is_person(a, m.end(1)):
        return None  # 'a Doe campaign spokesman': a person's name is not an organisation
    low = name.lower()
    if low.endswith("-based") or any(t in demonym_words() for t in low.split()):
        return None  # 'a spokesman for the Ohio-based …', 'a Russian spokesman'

    return name, a, a + len(name)


def org_before_cue(text: str, a: int, cue: int, orgs: Callable[[], OrgIndex], floor: int,
                   is_person, quoted: Callable[[int], bool]) -> tuple[str, int, int] | None:
    """The organisation speaking through the words [a, cue) that end at a speech cue
    (``orgs`` gives the article's index, built only when a 'the company' needs it)."""
    window = max(a, cue - 120)
    for rx in (_A_ORG_SPOKES_END, _SPOKES_FOR_END):
        m = rx.search(text, window, cue)
        if m:
            return _named(m, is_person)
    m = _SPOKES_FOR_THE_END.search(text, window, cue) or _THE_NOUN_END.search(text, window, cue)
    if m:
        o = orgs().nearest(m.group(1), floor, m.start(1), quoted)
        return (o.name, o.start, o.end) if o else None
    return None


def org_after_cue(text: str, cue_end: int, limit: int, orgs: Callable[[], OrgIndex], floor: int,
                  is_person, quoted: Callable[[int], bool]) -> tuple[str, int, int] | None:
    """The organisation named right after an inverted cue ('," said the company')."""
    end = min(limit, cue_end + 120)
    for rx in (_A_ORG_SPOKES_START, _SPOKES_FOR_START):
        m = rx.match(text, cue_end, end)
        if m:
            return _named(m, is_person)
    m = _THE_NOUN_START.match(text, cue_end, end)
    if m:
        o = orgs().nearest(m.group(1), floor, cue_end, quoted)
        return (o.name, o.start, o.end) if o else None
    return None
