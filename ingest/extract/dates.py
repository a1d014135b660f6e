"""Date expressions in running text, normalised to ISO dates with a precision.

Explicit dates ("June 5, 2025", "5 June 2025", "2025-06-05", "June 24-25", "June 2025",
"in 2017", "between 2019 and 2021", "the first quarter of 1987") and relative ones
("on Thursday", "yesterday", "last year", "later this month", "in three weeks' time",
"two years ago") are found from cheap anchors (a year-like number, a month or weekday name,
"year"/"week"/"ago" ...) at which one compiled pattern is tried, then resolved against a
reference: the publication date, or one an explicit anchor gives (a byline date, "this
year's 2005 budget"), never a date the text merely mentions (see ``infer_reference``);
"later that year", "the following month" are relative to the explicit date the text gave just
before them instead (see ``resolve_all``).
Match objects use the pattern's group names; ``m.lastgroup`` names the alternative.

Never invent precision: a relative expression with no reference stays unresolved; a
year-less "June 5" takes the reference year (flagged as inferred when the reference was).
Numbers that are not years ("2,000 troops", "2% of GDP", "$2030", "1830 GMT") and
implausible years (before 1800, or more than 50 years after publication) are not dates;
a date runs within one line. A target ("by 2030") lies after the article's date.
"""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import date, timedelta
from typing import NamedTuple

from ingest.extract.names import MONTHS, WEEKDAYS

# --- vocabulary ----------------------------------------------------------------------------

_MONTH_NUM = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAY_NUM = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
                "saturday": 5, "sunday": 6}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a few": 3, "several": 3, "a couple of": 2,
}
_ORDINAL_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
              "fourth": 4, "4th": 4, "final": 4, "last": 4}

_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
               "seventeen", "eighteen", "nineteen")
# the characters other than its two cases that a case-blind ASCII letter matches
_CASE_BLIND_EXTRA = {"i": "İı", "k": "\u212a", "s": "ſ"}


def any_case(*alternatives: str) -> str:
    """``(?i:a|b|…)`` for alternatives that each start with an ASCII letter or digit, written as one
    alternative per first character, that character a class of what it matches case-blind
    (the rest of each case-blind, in the given order): the same matches, but the regex engine
    rules out an alternative at its first character instead of entering each case-blind one."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0].lower(), []).append(alt[1:])
    return "(?:" + "|".join(
        (f"[{c}{c.upper()}{_CASE_BLIND_EXTRA.get(c, '')}]" if c.isalpha() else c) + "(?i:" + "|".join(rests) + ")"
        for c, rests in groups.items()) + ")"


_LAST_THIS_NEXT = any_case("last", "this", "next")
_THE = any_case("the")
_ORDINALS_4 = any_case("first", "second", "third", "fourth")
_QUARTER = any_case("quarter")
_END = any_case("end")
# "that day", "the following month": the words before the unit
_THAT_ONE = any_case("that", r"the\s+same", r"the\s+following", r"the\s+previous", r"the\s+preceding",
                      r"the\s+next(?=\s+day)")


# a month name in any case
_MONTH_CI = any_case("january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
                      "sep", "oct", "nov", "dec")
_MONTH_TC = (r"(?:January|February|March|April|May|June|July|August|September|October|"
             r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|"
             r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|"
             r"NOVEMBER|DECEMBER)")
_MONTH_FULL = (r"(?:January|February|March|April|May|June|July|August|September|October|"
               r"November|December)")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d%])(?!,\d{3})(?![.:]\d)"
# a year, not a clock time ("1830 GMT", "2010 local time", "0930 hrs") or a decimal
_YEAR = (r"(?:1[89]\d\d|2[01]\d\d)(?![\d%])(?!,\d)(?!\.\d)"
         r"(?!\s?(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET\b|hrs\b|hours\b|h\b|local\s+time))")
_SP = r"[^\S\n]"        # a space within a line: a date never runs over a line break
_DASH = r"\s*(?:-|–|—|to|through|and|&)\s*"
_NUM = (r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"a few|several|a couple of)")
_NUM_ANY_CASE = ("(?:\\d{1,3}|" + any_case("a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight",
                                            "nine", "ten", "eleven", "twelve", "a few", "several", "a couple of") + ")")

_BRANCHES = {
    # 2025-06-05 (optionally with a time)
    "iso": r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])\b",
    # Thursday, 5 June 2025 | 24-25 June | the 5th of June
    "dmy": rf"\b(?:(?P<wd1>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<d1>{_DAY})(?:{_DASH}(?P<d1b>{_DAY}))?"
           rf"{_SP}+(?:of{_SP}+)?(?P<m1>{_MONTH_TC})\b\.?(?:,?{_SP}+(?P<y1>{_YEAR})|{_SP}+(?P<r1>{_LAST_THIS_NEXT}){_SP}+year\b)?",
    # Thursday, June 5, 2025 | June 24-25 | June 30 to July 2, 2025 | Jun 8, 2025
    "mdy": rf"\b(?:(?P<wd2>{_WEEKDAY}),?\s+)?(?P<m2>{_MONTH_CI})\b\.?{_SP}+(?P<d2>{_DAY})"
           rf"(?:{_DASH}(?:(?P<m2b>{_MONTH_CI})\b\.?\s+)?(?P<d2b>{_DAY}))?"
           rf"(?:,?{_SP}+(?P<y2>{_YEAR})|{_SP}+(?P<r2>{_LAST_THIS_NEXT}){_SP}+year\b)?",
    # March-May 2025 | March to May 2025
    "mmy": rf"\b(?P<m4>{_MONTH_TC})\b\.?{_DASH}(?P<m4b>{_MONTH_TC})\b\.?,?{_SP}+(?P<y4>{_YEAR})",
    # June 2025 | Feb. 2022
    "my": rf"\b(?P<m3>{_MONTH_CI})\b\.?,?{_SP}+(?P<y3>{_YEAR})",
    # from March to May | between March and May
    "mm": rf"\b{any_case('from', 'between')}\s+(?P<m6>{_MONTH_FULL})\s+(?:to|and|until|through|till)\s+"
          rf"(?P<m6b>{_MONTH_FULL})\b(?!\.?\s*\d)",
    # the first quarter of 1987 | Q1 2025 | the second half of 2024
    "qtr": rf"\b(?:{_THE}\s+)?(?P<qn>{any_case('first', 'second', 'third', 'fourth', '1st', '2nd', '3rd', '4th', 'final', 'last')})\s+"
           rf"(?P<qk>quarter|half)\s+(?:of\s+)?(?:(?P<qy>{_YEAR})|(?P<qrel>this|last|next)\s+year)",
    "qtr2": rf"\b(?P<qq>Q[1-4]|H[12])\s+(?P<qy2>{_YEAR})",
    # the third quarter | third-quarter (earnings): the year by tense and nearness
    "qtr3": rf"\b(?:{_THE}\s+)?(?P<qn3>{_ORDINALS_4})[\s-]+{_QUARTER}\b",
    # the first two quarters of 1990
    "qtrs": rf"\b(?P<qsn>{any_case('first', 'last')})\s+(?P<qsc>two|three)\s+quarters\s+of\s+(?P<qsy>{_YEAR})",
    # the current quarter: the one the article's date falls in (a results table's "Current
    # quarter net" is the quarter reported)
    "curq": rf"\b{_THE}\s+(?:current|present)\s+quarter\b",
    # the 1988 third quarter
    "yq": rf"(?<![\w$£€¥#.,/])(?P<yq5>{_YEAR})\s+(?P<qn5>{_ORDINALS_4})[\s-]+{_QUARTER}\b",
    # a year ago | the year-earlier quarter: the period a report compares with (checked in code)
    "yago": r"\b(?:[Tt]he\s+(?:comparable\s+|same\s+)?)?[Yy]ear[- ](?:ago|earlier)\s+"
            r"(?:(?:first|second|third|fourth|fiscal)[\s-]+)?(?:quarter|period|results)\b",
    # nineteen ninety-six | twenty twelve | (the year) two thousand (and one)
    "wyear": rf"\b(?:(?P<wc>(?i:nineteen|twenty))[\s-]+(?:(?P<wt>(?i:{'|'.join(_TENS_WORDS)}))"
             rf"(?:[\s-]+(?P<wu>(?i:{'|'.join(_UNIT_WORDS)})))?|(?P<wteen>(?i:{'|'.join(_TEEN_WORDS)})))|"
             rf"(?P<wk>(?i:two)\s+thousand)(?:\s+(?:and\s+)?(?P<wku>(?i:{'|'.join(_UNIT_WORDS + _TEEN_WORDS)})))?)\b",
    # between 2019 and 2021 | from 2019 to 2021 | 2019-2021 | 1986/87
    "yy": rf"\b{any_case('between', 'from')}\s+(?P<y6>{_YEAR})\s+(?:and|to|until|through|till)\s+(?P<y6b>{_YEAR})",
    "yy2": rf"(?<![\w$£€¥#.,/-])(?P<y7>{_YEAR})\s*(?:-|–|—|/)\s*(?P<y7b>{_YEAR}|\d\d)(?![\w%])",
    # a month name alone (checked for a cue word before it in code)
    # June last year | March this year | September of last year
    "mrel": rf"\b(?P<m8>{_MONTH_FULL})\s+(?:of\s+)?(?P<r8>{_LAST_THIS_NEXT})\s+year\b",
    "mon": rf"\b(?P<m5>{_MONTH_FULL})\b(?!\.?\s*\d)",
    # a year alone (checked in code)
    "year": rf"(?<![\w$£€¥#.,/])(?P<y9>{_YEAR})(?![\w%])",
    # relative expressions
    # Christmas Day | Thanksgiving | New Year's Eve | Easter Sunday (checked in code)
    "hol": r"\b(?P<hn>Christmas|Thanksgiving|Easter|New\s+Year['’]s)(?:\s+(?P<hold>Day|Eve|Sunday))?\b",
    "wday": rf"\b(?P<wd>{_WEEKDAY})(?:['’]s)?\b",
    "dayword": r"\b(?P<dw>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)\b",
    # last week | later this month | this year's third quarter (the "rel" a quarter: "qtr4" in code)
    "rel": rf"\b(?:(?P<rq>{any_case('earlier', 'later', 'early', 'late')})\s+)?(?P<rr>{_LAST_THIS_NEXT})\s+"
           r"(?P<ru>week|month|year)\b(?:['’]s\s+(?P<qn4>first|second|third|fourth|final|last)[\s-]+"
           r"(?P<qk4>quarter|half)\b)?",
    # later that year | the following month | earlier that day: relative to the date the text
    # gave last (resolved in ``resolve_all``), not to the article's
    "anc": rf"\b(?:{any_case('earlier', 'later')}\s+)?(?P<ar>{_THAT_ONE})"
           r"\s+(?P<au>day|month|year)\b(?!-)",
    "yend": rf"\b{any_case('year')}(?:[- ]|['’]s\s+){_END}\b(?!\s+of\b)(?!,?\s+(?:19|20)\d\d)",
    "endof": rf"\b(?:{_THE}\s+)?{_END}\s+of\s+(?:the|this)\s+(?P<eu>year|month)\b",
    "inn": rf"\b{any_case('in')}\s+(?:the\s+next\s+)?(?P<n1>{_NUM})\s+(?P<u1>days?|weeks?|months?|years?)"
           r"(?:['’]s?\s+time)?\b",
    # two years ago | a year earlier (checked in code: earlier than what?)
    "ago": rf"\b(?P<n2>{_NUM_ANY_CASE})\s+(?P<u2>days?|weeks?|months?|years?|decades?)\s+(?:ago|(?P<ae>earlier|before))\b",
}


def _alternation(names: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?P<{n}>{_BRANCHES[n]})" for n in names))


# The expressions that can start at each kind of anchor (see ``_scan``), each in the priority
# order of ``_BRANCHES`` (the first alternative that matches at a position wins).
_P_AT = {
    "num": _alternation(["iso", "yy2", "yq", "year"]),
    "month": _alternation(["mdy", "mmy", "my", "mrel", "mon"]),
    "weekday": _alternation(["dmy", "mdy", "wday"]),
    "period": _alternation(["qtr2"]),
    "holiday": _alternation(["hol"]),
    "dayword": _alternation(["dayword"]),
    "words": _alternation(["wyear"]),
}
_P_LEAD = _alternation(["dmy", "mdy", "mmy", "mm", "qtr", "yy"])      # starting words back
# the expressions that end at or after a unit word ("year", "week" ...), tried a few words
# before it, each with the words it can start with (lower-cased; "#": a number of up to three
# digits), in priority order
_LOW_LEAD_WORDS: dict[str, tuple[str, ...]] = {
    "rel": ("earlier", "later", "early", "late", "last", "this", "next"),
    "yend": ("year",),
    "endof": ("the", "end"),
    "inn": ("in",),
    "ago": ("#", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "several"),
    "yago": ("the", "year"),
    "qtr": ("the", "first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th", "final", "last"),
    "qtr3": ("the", "first", "second", "third", "fourth"),
    "anc": ("earlier", "later", "that", "the"),
    "curq": ("the",),
    "qtrs": ("first", "last"),
}
LOW_LEAD = _alternation(list(_LOW_LEAD_WORDS))      # (public: ``low_lead_at`` must agree with it)


_MONTH_CUES = frozenset({"in", "by", "since", "until", "till", "from", "during", "through",
                         "before", "after", "early", "mid", "late", "last", "next", "this",
                         "of", "on", "around", "throughout", "end", "until", "for", "to",
                         "mid-", "until", "into", "and", "or",
                         # the month used as an attribute: "his February visit", "a May vote"
                         "his", "her", "its", "their", "a", "the", "our"})
_YEAR_CUES = frozenset({"in", "by", "since", "until", "till", "from", "during", "through",
                        "before", "after", "early", "mid", "late", "of", "end", "for",
                        "around", "circa", "fiscal", "throughout",
                        "year", "since", "beyond", "into", "between", "spring", "summer",
                        "autumn", "fall", "winter"})
_COUNT_NOUNS = frozenset({
    "troops", "soldiers", "people", "men", "women", "jobs", "workers", "employees", "tonnes",
    "tons", "barrels", "bags", "shares", "units", "cars", "vehicles", "homes", "houses",
    "acres", "hectares", "miles", "km", "kilometres", "kilometers", "metres", "meters",
    "feet", "dollars", "dlrs", "euros", "pounds", "yen", "marks", "francs", "points",
    "votes", "seats", "cases", "deaths", "dead", "children", "refugees", "students",
    "delegates", "members", "visitors", "tourists", "aircraft", "planes", "tanks", "drones",
    "missiles", "rounds", "shells", "calories", "words", "pages", "copies", "items",
    "pieces", "staff", "officers", "police", "residents", "families", "households",
    "patients", "beds", "ships", "vessels", "kilos", "kg", "lbs", "ounces", "bales",
    "contracts", "lots", "cts", "cents", "pct", "percent", "stg", "mln", "billion",
    "million", "guns", "rifles", "personnel", "sailors", "marines", "rockets", "bombs",
})
_NUMBER_LABELS = frozenset({
    "room", "flight", "route", "highway", "article", "section", "model", "no", "number",
    "chapter", "page", "line", "gate", "bus", "platform", "rule", "resolution", "paragraph",
    "item", "unit", "suite", "apartment", "box", "lot", "exit", "code", "form", "order",
    "bill", "case", "batch", "serial", "version", "pin", "account", "ticket", "cell",
})
# future-tense markers (lower case; matched case-blind, as whole words)
_FUTURE_WORDS = (
    "will", "shall", "won't", "'ll", "’ll", "would", "must", "is due", "are due", "was due", "were due",
    "scheduled", "expected to", "is expected", "are expected", "set to", "subject to", "plans? to",
    "planning to", "going to", "upcoming", "is to", "are to", "meets?", "begins", "starts", "convenes",
    "resumes", "ahead of", "to be held", r"next(?!\s+to\b)", "coming", "as (?:early|soon) as", "payable",
    "effective", "until", "expires?", "expiring", "slated", "starting", "to be",
    "to (?:testify|meet|vote|visit|begin|start|open|hold|decide|rule|return|leave|arrive|resume)")
_FUTURE = re.compile(r"\b(?:" + "|".join(_FUTURE_WORDS) + r")\b", re.I)


def _lower_words(words: tuple[str, ...]) -> re.Pattern:
    """``\\b(?:words)\\b`` for lower-case text, case-sensitive and grouped by first character:
    the regex engine then skips in C to the characters that can start a word and tries there
    only the words that start with it (a case-blind pattern, or one that opens with ``\\b``,
    is tried at every position). The ``\\b`` before a word is checked once its first
    character is read; the words keep their order within a group (a word that starts with
    another character cannot match at the same place)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return re.compile("(?:" + "|".join(
        re.escape(c) + (r"(?<!\w.)" if re.match(r"\w", c) else r"(?<=\w.)") + "(?:" + "|".join(rests) + ")"
        for c, rests in groups.items()) + r")\b")


_FUTURE_LOW = _lower_words(_FUTURE_WORDS)
_DEADLINE = re.compile(r"\b(?:by|before|until|no later than)\s+$", re.I)
# where a clause ends: ! ? ; a dash or a line break, or a full stop after a word of two letters
# or more (not the points of "a.m." or "U.S.", of a title or "vs.", or of an abbreviation a
# comma or a lower-case word follows: "Birmingham, Ala., killed"), or after a number before a
# capital or a quoted sentence ("… dating to 1994. In January", "… on June 30. \"We had …")
# (One character class first, the full stop's conditions after it: the engine then skips
# to the next mark instead of trying the pattern at every character.)
_CLAUSE_END = re.compile(r"[!?;\n—.](?:(?<!\.)|(?<=[^\W\d_]{2}\.)(?<!\bvs\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)"
                         r"(?<!\bDr\.)(?<!\bSt\.)(?<!\bGen\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)(?<!\bLt\.)"
                         r"(?<!\bCol\.)(?![,a-z])|(?<=\d\.)(?=\s+[\"“‘]?[A-Z]))")
_DETERMINERS = frozenset({"a", "an", "the", "its", "his", "her", "their", "our", "your", "of", "this",
                          "that", "these", "those"})
# a determiner before a past form makes it an adjective ("its planned auction", "an earlier pact");
# not "that": "the lockout that started December 14" is a relative clause, its verb the date's
_ADJ_DETERMINERS = _DETERMINERS - {"that"}
_PREMODIFIERS = _ADJ_DETERMINERS | {"still", "yet", "newly", "previously", "recently", "long", "hastily"}
_PAST_AUX = frozenset({"had", "did"})
_PASSIVE_AUX = frozenset({"be", "been", "being", "is", "are"})     # "will be paid", "is being traded"
_PAST_PERFECT = re.compile(r"\bhad\b", re.I)
_PAST_PERFECT_LOW = _lower_words(("had",))
_PLANNED_WORDS = ("scheduled", "due", "given", "set", "expected", "extended", "planned", "postponed",
                  "delayed", "agreed", "promised", "intended", "hoped")
_PLANNED = re.compile(r"\b(?:" + "|".join(_PLANNED_WORDS) + r")\b", re.I)
_PLANNED_LOW = _lower_words(_PLANNED_WORDS)
# a reporting verb that governs the date after it: "said on Thursday", "told reporters on Saturday"
_REPORTED_ON = re.compile(r"\b(?:(?:said|told|added|announced|reported|stated)(?:\s+(?:on|late|early))?|"
                          r"told(?:\s+\w+){1,2}\s+on)\s+$")
_REPORTING = frozenset({"said", "told", "added", "announced", "reported", "stated"})   # (each in _REPORTED_ON)


def _holds_any(window: str, words: frozenset[str]) -> bool:
    """Does ``window`` hold one of ``words``? A test first: a pattern that can match only
    where one of its words is need not be tried at every position of a window without one."""
    return any(map(window.__contains__, words))
# past-tense markers: auxiliaries, regular "-ed" forms, and the irregular verbs news uses most
# ("ago" and "earlier" not after a hyphen: "year-ago", "year-earlier" are adjectives)
_PAST_WORDS = ("was", "were", "had", "did", "said", "told", "ago", "earlier", "recently", "yesterday", "since",
               "fell", "rose", "won", "lost", "met", "began", "came", "went", "took", "made", "saw", "left", "led",
               "held", "sold", "paid", "grew", "gave", "got", "ran", "spent", "sent", "fought", "bought",
               "brought", "built", "struck", "became", "broke", "chose", "flew", "knew", "spoke", "stole",
               "threw", "wrote", "sank", "shot", "slid", "stood", "fled")
_NOT_AFTER_HYPHEN = frozenset({"ago", "earlier"})


def _past_pattern() -> re.Pattern:
    """``_PAST_WORDS`` or an "-ed" form, as whole words. Any of them that matches at a place
    spans the whole word there, so their order does not matter: grouped by first character,
    the engine tries one group at a word's start instead of every word (a third faster)."""
    groups: dict[str, list[str]] = {}
    for w in _PAST_WORDS:
        groups.setdefault(w[0], []).append((f"(?<!-{w[0]})" if w in _NOT_AFTER_HYPHEN else "") + w[1:])
    return re.compile(r"\b(?:" + "|".join(c + "(?:" + "|".join(rests) + ")" for c, rests in groups.items())
                      + r"|[a-z]{2,}(?<!e)ed)\b")


_PAST = _past_pattern()
_TARGET_BEFORE = re.compile(r"(?:\bby|\bby\s+the\s+end\s+of|\bby\s+end-|\bno\s+later\s+than|"
                            r"\btarget\s+(?:date\s+|year\s+)?of|\bdeadline\s+of|\bgoal\s+of|"
                            r"\btarget\s+year|\bbefore\s+the\s+end\s+of)\s*$", re.I)
_PAST_AFTER = re.compile(r",?\s+(?:\w+\s+){0,3}?(?:had|was|were|did)\b", re.I)
_TARGET_AFTER = re.compile(r"\s*(?:target|targets|deadline|goal|goals)\b", re.I)
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")


class DateMention(NamedTuple):
    """One resolved date expression (a tuple: cheap to build, many per article)."""
    start: int                      # offsets of the expression in the text
    end: int
    date: str                       # ISO truncated to precision
    precision: str                  # day | week | month | year (a week: its Monday's date)
    date_end: str | None = None
    target: bool = False
    relative: bool = False          # resolved against the reference date
    inferred: bool = False          # the reference (or the year) was inferred


class Reference(NamedTuple):
    """What relative and year-less expressions are resolved against (a tuple: built for
    every article, and the key its resolutions are kept by)."""
    day: date | None = None          # publication day, when known
    year: int | None = None          # a year to give year-less dates
    inferred: bool = False
    month_years: tuple[tuple[int, int], ...] = ()   # (month, year) named in the text, for year-less days

    def year_for(self, month: int) -> int | None:
        """The year a year-less date of this month takes with no publication day."""
        if self.year is not None:
            return self.year
        for mo, y in self.month_years:
            if mo == month:
                return y
        return None


# --- published dates ------------------------------------------------------------------------

_ISO_PREFIX = re.compile(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_published(published: str | None) -> tuple[date | None, int | None]:
    """(day, year) from an ISO 8601 string; the day is the date as written (its own zone)."""
    if not published:
        return None, None
    m = _ISO_PREFIX.match(published)
    if not m:
        return None, None
    y = int(m.group(1))
    if m.group(3):
        try:
            return date(y, int(m.group(2)), int(m.group(3))), y
        except ValueError:
            return None, y
    return None, y


def reference_for(published: str | None) -> Reference:
    """The reference for a publication date. Only its day counts (the first ten characters of
    an ISO string, which ``parse_published`` reads no further than), so references are kept by
    day: an ingest meets many articles of one day, and events and figures ask for the same
    article's."""
    return _reference_for_day(published[:10] if published and published[0].isdigit() else published)


@lru_cache(maxsize=64)
def _reference_for_day(published: str | None) -> Reference:
    day, year = parse_published(published)
    return Reference(day=day, year=year, inferred=False)


# --- scanning -------------------------------------------------------------------------------

def _explicit_full(m: re.Match, k: str) -> date | None:
    """The date of an expression that names day, month and year."""
    try:
        if k == "iso":
            return date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        if k == "dmy" and m.group("y1"):
            return date(int(m.group("y1")), _month(m.group("m1")), _day(m.group("d1")))
        if k == "mdy" and m.group("y2"):
            return date(int(m.group("y2")), _month(m.group("m2")), _day(m.group("d2")))
    except (ValueError, KeyError):
        return None
    return None


_THIS_YEARS = re.compile(rf"\b(?i:this\s+year['’]s)\s+(?P<y>{_YEAR})\b")


def infer_reference(text: str, raws: list[tuple[re.Match, str]] | None = None) -> tuple[Reference, str | None]:
    """What an article without a date of its own can resolve dates against, from explicit
    anchors only; the second element is the publication day they give, if any.

    A full date on a short line near the top (a byline or date line) dates the article.
    "this year's 2005 budget" gives the year. A year-less "June 24" takes the year of a
    "June 2025" in the same text (not one after "since"/"from"). Nothing else: the other dates
    an article mentions are history it tells, not when it was written, so it stays undated
    and its relative expressions ("on Thursday", "last year") stay unresolved.
    """
    if raws is None:
        raws = scan(text)
    month_years: dict[int, int] = {}
    for m, k in raws:
        d = _explicit_full(m, k)
        if d is not None and 1800 <= d.year <= 2200 and m.start() < 400:
            ls = text.rfind("\n", 0, m.start()) + 1
            le = text.find("\n", m.start())
            le = len(text) if le < 0 else le
            if le - ls <= 60:
                return Reference(day=d, year=d.year, inferred=True), d.isoformat()
        if k == "my":
            before = text[max(0, m.start() - 12):m.start()].lower()
            if not re.search(r"\b(?:since|from)\s*$", before):
                month_years.setdefault(_month(m.group("m3")), int(m.group("y3")))
    folded = text.casefold()                     # a literal look first: the case-blind pattern
    this_year = (_THIS_YEARS.search(text)        # tries every position of the text
                 if "year's" in folded or "year’s" in folded else None)
    if this_year is not None:
        return Reference(year=int(this_year.group("y")), inferred=True), None
    if month_years:
        return Reference(inferred=True, month_years=tuple(sorted(month_years.items()))), None
    return Reference(), None


def find_dates(text: str, ref: Reference | None = None, pos: int = 0,
               endpos: int | None = None) -> list[DateMention]:
    """Every resolvable date expression in text[pos:endpos], in order."""
    ref = ref or Reference()
    return [dm for dm in resolve_all(text, scan(text, pos, endpos), ref) if dm is not None]


# The scan finds its anchors in one pass of one expression. An anchor is a lower-case unit
# word ("low": "year", "week", "ago" ... never a date alone, but the end of "last year", "two
# weeks ago"), a day word ("today"), a year in words ("twenty twelve"), a year-like number
# ("num"), or a month, weekday, quarter ("Q1", "H2") or holiday name. The full pattern is then
# tried only at an anchor, restricted to the expressions that can start with that kind of
# word, or a few words before it when the expression can start earlier ("the first quarter of
# 1987", "between 2019 and 2021", "24-25 June").
_NOT_LOWER = r"(?![a-z])"
_ANCHOR_FORMS: tuple[tuple[str, str], ...] = (      # (kind, pattern): each starts with a literal
    ("low", r"year"), ("low", r"month"), ("low", r"week"), ("low", r"day"),
    ("low", r"quarter"),
    ("dayword", r"Yesterday"), ("dayword", r"yesterday"), ("dayword", r"To(?:day|morrow|night)"),
    ("words", r"Nineteen\b"), ("words", r"T(?:wenty|wo\s+thousand)\b"),
    ("num", r"1[89]\d\d"), ("num", r"2[01]\d\d"),
    ("month", r"J(?:an(?:uary)?|une?|uly?|AN|UNE?|ULY?)" + _NOT_LOWER),
    ("month", r"F(?:eb(?:ruary)?|EB)" + _NOT_LOWER),
    ("month", r"M(?:ar(?:ch)?|ay|AR|AY)" + _NOT_LOWER),
    ("month", r"A(?:pr(?:il)?|ug(?:ust)?|PR|UG)" + _NOT_LOWER),
    ("month", r"S(?:ep(?:t(?:ember)?)?|EPT?)" + _NOT_LOWER),
    ("month", r"O(?:ct(?:ober)?|CT)" + _NOT_LOWER),
    ("month", r"N(?:ov(?:ember)?|OV)" + _NOT_LOWER),
    ("month", r"D(?:ec(?:ember)?|EC)" + _NOT_LOWER),
    ("weekday", r"Monday" + _NOT_LOWER), ("weekday", r"Tuesday" + _NOT_LOWER),
    ("weekday", r"Wednesday" + _NOT_LOWER), ("weekday", r"Thursday" + _NOT_LOWER),
    ("weekday", r"Friday" + _NOT_LOWER), ("weekday", r"Saturday" + _NOT_LOWER),
    ("weekday", r"Sunday" + _NOT_LOWER),
    ("period", r"Q[1-4]" + _NOT_LOWER), ("period", r"H[12]" + _NOT_LOWER),
    ("holiday", r"Christmas"), ("holiday", r"Thanksgiving"), ("holiday", r"Easter"),
    ("holiday", r"New\s+Year['’]s"),
)


# Forms that start with a common letter (t, a, n, h) cost the pass a try at every such letter
# of the text: each is left out of a text's pass unless the text holds one of its words (a
# plain substring test).
_COMMON_LETTER_FORMS: tuple[tuple[str, str], ...] = (
    ("low", r"half"),
    ("low", r"ago"),
    ("dayword", r"to(?:day|morrow|night)"),
    ("words", r"nineteen\b"),
    ("words", r"t(?:wenty|wo\s+thousand)\b"),
)


def _common_letter_words(text: str) -> tuple[bool, ...]:
    """For each of ``_COMMON_LETTER_FORMS``, in order: does the text hold one of its words?
    (The substring tests written out: a generator for each form cost half as much again.)"""
    return ("half" in text, "ago" in text, "today" in text or "tomorrow" in text or "tonight" in text,
            "nineteen" in text, "twenty" in text or "thousand" in text)


def _anchors_for(text: str) -> tuple[re.Pattern, tuple[str, ...]]:
    """The anchor expression for this text, and the kind of each of its forms."""
    return _anchor_pattern(_common_letter_words(text))


@lru_cache(maxsize=None)
def _anchor_pattern(held: tuple[bool, ...]) -> tuple[re.Pattern, tuple[str, ...]]:
    """One expression for every form (of ``_COMMON_LETTER_FORMS``, those the text holds), and
    the kind of each form by the match's ``lastindex``.

    The forms are grouped by their first character, each group one alternative that starts
    with that literal, so the regex engine skips in C to the characters that can start an
    anchor and tries there only the forms that start with it (a leading group, class or
    ``\\b`` would have it try every form at every position: three times slower). The
    lower-case forms come first: most candidate positions are lower-case letters. An empty
    group ends each form: the last group that matched names the form."""
    forms = [form for form, held_ in zip(_COMMON_LETTER_FORMS, held) if held_]
    forms += _ANCHOR_FORMS                       # (these too begin with the lower-case forms)
    by_first: dict[str, list[tuple[str, str]]] = {}
    for kind, rx in forms:
        by_first.setdefault(rx[0], []).append((kind, rx[1:]))
    kinds = [""]
    alternatives = []
    for first, rests in by_first.items():
        alternatives.append(first + "(?:" + "|".join(rest + "()" for _k, rest in rests) + ")")
        kinds += [kind for kind, _rest in rests]
    return re.compile("|".join(alternatives)), tuple(kinds)


_WORD_TOKEN = re.compile(r"\w+")


_LOW_LEADS = frozenset({"last", "this", "next", "the", "of", "first", "second", "third", "by", "at",
                        "since", "around",
                        "before", "until",
                        "fourth", "final", "1st", "2nd", "3rd", "4th", "a", "an", "one", "two",
                        "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                        "eleven", "twelve", "few", "several", "comparable", "same",
                        "that", "following", "previous", "preceding", "current", "present"})


def prev_word(text: str, p: int) -> str:
    """The word (letters, digits and hyphens) just before p, lower-cased, skipping spaces and
    commas ("" if none)."""
    tail = text[max(0, p - 24):p].rstrip(" \t\r\n,")
    word = tail[tail.rfind(" ") + 1:]
    if word.isalnum():                 # most often a plain word after a space: no walk back
        return word.lower()
    i = len(tail)
    while i > 0 and (tail[i - 1].isalnum() or tail[i - 1] == "-"):
        i -= 1
    return tail[i:].lower()


def low_lead_at(word: str) -> re.Pattern | None:
    """What of ``LOW_LEAD`` to try at a word: only the expressions that can start with it
    (the first of them that matches is the one the whole alternation gives); None for an
    ASCII word that starts none; all of them for any other (case-blind matching reaches
    beyond ASCII: "ſ", "İ")."""
    if not word.isascii():
        return LOW_LEAD
    return _LOW_LEAD_AT.get("#" if len(word) <= 3 and word.isdigit() else word.lower())


def _low_lead_patterns() -> dict[str, re.Pattern]:
    """Each word an expression of ``LOW_LEAD`` can start with -> those expressions, in order."""
    by_names: dict[tuple[str, ...], re.Pattern] = {}
    out = {}
    for word in dict.fromkeys(w for words in _LOW_LEAD_WORDS.values() for w in words):
        names = tuple(k for k, words in _LOW_LEAD_WORDS.items() if word in words)
        if names not in by_names:
            by_names[names] = _alternation(list(names))
        out[word] = by_names[names]
    return out


_LOW_LEAD_AT = _low_lead_patterns()


_UNIT_LEADS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years",
                         "decade", "decades"})


def scan(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[re.Match, str]]:
    """Raw matches in text[pos:endpos], in order (resolve them later, e.g. after inferring
    a reference). An article's whole-text scan is ``Document.date_scan``."""
    return _scan(text, pos, len(text) if endpos is None else endpos)


def _scan(text: str, pos: int, end: int) -> list[tuple[re.Match, str]]:
    out: list[tuple[re.Match, str]] = []
    last_end = pos
    anchor, kinds = _anchors_for(text)
    for a in anchor.finditer(text, pos, end):
        p = a.start()
        if p < last_end:
            continue
        kind = kinds[a.lastindex or 0]
        m = None
        if kind == "low":
            # "year", "week" ... never start a date: "later this month", "in three weeks'
            # time" start two words back, "the end of the year" four
            if p and text[p - 1].isalpha():
                continue                           # "behalf", "holiday"
            prev = prev_word(text, p)
            lead = prev.rstrip("-")
            if not (lead in _LOW_LEADS or lead.isdigit() or lead in _UNIT_LEADS):
                continue
            words = list(_WORD_TOKEN.finditer(text, p - 32 if p - 32 > last_end else last_end, p))
            for w in (words[-4:] if prev in ("the", "this") else words[-2:]):
                at = low_lead_at(w.group())
                if at is None:
                    continue                       # no expression starts with this word
                m = at.match(text, w.start(), end)
                if m is not None and m.end() > p:
                    break
                m = None
            else:                                  # "year-end" starts at its anchor
                m = _LOW_LEAD_AT["year"].match(text, p, end) if text.startswith("year", p) else None
                if m is not None and m.end() <= p:
                    m = None
        elif kind == "dayword" or kind == "words":
            m = _P_AT[kind].match(text, p, end)    # (a "\b" sees the character before p)
        else:
            if _year_may_lead(text, p) if kind == "num" else _name_may_lead(text, p):
                # "between 2019 and 2021", "24-25 June", "the 5th of June"
                m = _lead_match(text, p, last_end, end)
            if m is None:
                m = _P_AT[kind].match(text, p, end)
        if m is None:
            continue
        out.append((m, m.lastgroup or ""))
        last_end = m.end()
    return out


def _word_starts(text: str, lo: int, hi: int) -> list[int]:
    return [w.start() for w in _WORD_TOKEN.finditer(text, lo, hi)]


def _lead_match(text: str, p: int, last_end: int, end: int) -> re.Match | None:
    """An expression that starts up to four words before the anchor at p and runs past it,
    the farthest start first."""
    for st in _word_starts(text, p - 32 if p - 32 > last_end else last_end, p)[-4:]:
        m = _P_LEAD.match(text, st, end)
        if m is not None and m.end() > p:
            return m
    return None


def _year_may_lead(text: str, p: int) -> bool:
    """Cheap test: can an expression start before this year ("from 2019 to 2021")?"""
    low = text[max(0, p - 12):p].lower()
    return "between" in low or "from" in low


def _name_may_lead(text: str, p: int) -> bool:
    """Cheap test: can an expression start before this name ("24-25 June", "the 5th of
    June", "June 5 and July 6", "from March to May")? An ordinal's ending counts after a
    digit only ("Record March 13", "last March" start none)."""
    b = text[max(0, p - 12):p].rstrip()
    if not b:
        return False
    if b[-1].isdigit() or b[-2:] == "of":
        return True
    if b[-2:] in ("th", "st", "nd", "rd") and (b[-3:-2].isdigit() or b[-3:] == "and"):
        return True
    low = b.lower()
    return "from" in low or "between" in low


def resolve(text: str, m: re.Match, kind: str, ref: Reference) -> DateMention | None:
    return _resolve(text, m, kind, ref)


def resolve_all(text: str, raws: list[tuple[re.Match, str]], ref: Reference) -> list[DateMention | None]:
    """``resolve`` for every raw match, aligned with ``raws`` (an article's, once per
    reference: ``Document.resolution``). "later that year", "the following month" take
    the date resolved last before them (see ``_resolve_anchored``)."""
    return Resolution(text, raws, ref).all()


# The kinds whose resolved date may start before their match ("the 1988 third quarter" from
# "third", "January nineteen ninety" from "nineteen", "last Christmas" from "Christmas"), and
# how far before it at most; every other kind's date starts where its match does.
SHIFTED_KINDS = frozenset({"qtr3", "wyear", "hol"})
SHIFT_REACH = 12


_UNSET: DateMention = DateMention(-1, -1, "", "")       # not resolved yet (never a result)


class Resolution:
    """``resolve_all`` of an article's raw matches against one reference, each resolved on
    first use: a pass that needs only some of the dates (figures: those in a figure's
    sentence; events: all but the dateline's) resolves only those. ``at(i)`` equals
    ``resolve_all(...)[i]``: "later that year" takes the date resolved last before it, so
    asking for one resolves every match before it first."""

    __slots__ = ("text", "raws", "ref", "starts", "_got", "_done", "_last")

    def __init__(self, text: str, raws: list[tuple[re.Match, str]], ref: Reference) -> None:
        self.text = text
        self.raws = raws
        self.ref = ref
        self.starts = [m.start() for m, _k in raws]     # the matches' starts, in order
        self._got: list[DateMention | None] = [_UNSET] * len(raws)
        self._done = 0                                   # matches before this one all resolved
        self._last: DateMention | None = None            # the last date among them

    def at(self, i: int) -> DateMention | None:
        got = self._got[i]
        if got is _UNSET:
            m, k = self.raws[i]
            if k == "anc":
                self._resolve_to(i)
                got = self._got[i]
            else:
                got = self._got[i] = _resolve(self.text, m, k, self.ref)
        return got

    def all(self) -> list[DateMention | None]:
        """Every match's date, in order (``resolve_all``)."""
        self._resolve_to(len(self.raws) - 1)
        return self._got

    def _resolve_to(self, i: int) -> None:
        """Resolve every match up to ``i``, in order, "that day" against the date before it."""
        got, raws, text, ref = self._got, self.raws, self.text, self.ref
        last = self._last
        for j in range(self._done, i + 1):
            dm = got[j]
            if dm is _UNSET:
                m, k = raws[j]
                dm = got[j] = _resolve_anchored(m, last) if k == "anc" else _resolve(text, m, k, ref)
            if dm is not None:
                last = dm
        if i + 1 > self._done:
            self._done, self._last = i + 1, last


_ANCHOR_SPAN = 600          # how far back "that day" looks for the date it refers to
_ANCHOR_STEP = {"that": 0, "the same": 0, "the following": 1, "the next": 1, "the previous": -1,
                "the preceding": -1}
_UNIT_RANK = {"day": 0, "month": 2, "year": 3}


def _resolve_anchored(m: re.Match, last: DateMention | None) -> DateMention | None:
    """"later that year", "the following month", "earlier that day": the date the text gave
    just before (within a few sentences), stepped by the unit, when that date names its year
    itself (not one resolved by nearness: "April 1989 … May, June and September of that
    year" is 1989, not the year of a year-less September), is one date, not a range, and is
    at least as precise as the unit ("in 1995 … the next day": none). A week is not stepped:
    "the previous week" of a "week ended Feb 25" is not a calendar week."""
    s, e = m.start(), m.end()
    if last is None or last.relative or last.date_end is not None or s - last.end > _ANCHOR_SPAN:
        return None
    unit = m.group("au").lower()
    if _UNIT_RANK.get(last.precision, 9) > _UNIT_RANK[unit]:
        return None
    step = _ANCHOR_STEP[" ".join(m.group("ar").lower().split())]
    d = _first_day(last.date)
    if unit == "day":
        return _mk(s, e, d + timedelta(days=step), "day", inferred=last.inferred)
    if unit == "month":
        return _mk(s, e, _add_months(d.replace(day=1), step), "month", inferred=last.inferred)
    return _mk(s, e, date(d.year + step, 1, 1), "year", inferred=last.inferred)


# --- resolution -----------------------------------------------------------------------------

def _month(s: str) -> int:
    return _MONTH_NUM[s.lower().rstrip(".")]


def _day(s: str) -> int:
    return int(s.rstrip("stndrh"))


# the year now, for an undated article's bound (read once: 50 years out, a year's drift in a
# long-running process does not matter)
_YEAR_NOW = date.today().year


def _plausible(y: int, ref: Reference) -> bool:
    if y < 1800:
        return False
    top = (ref.year if ref.year else _YEAR_NOW) + 50
    return y <= top


_TARGET_SUFFIXES = ("by", "end of", "end-", "later than", "of", "target year")


# the last letters of ``_TARGET_SUFFIXES``, either case: a text before the date that ends with
# none of them ends with no suffix (no other character's lower case ends with one of them)
_TARGET_LAST = frozenset("yYfF-nNrR")


def _target(text: str, start: int, end: int) -> bool:
    """"by 2032", "by the end of 2030", "a target of 2035", "the 2032 target"."""
    if text.startswith(("'s ", "’s "), end) and text[end + 3:end + 4].isupper():
        return False        # "held by 1995's Lion King": a work of that year, not a goal
    before = text[max(0, start - 30):start].rstrip()
    if before[-1:] in _TARGET_LAST and (before := before.lower()).endswith(_TARGET_SUFFIXES) \
            and _TARGET_BEFORE.search(before) is not None:
        # "by November 2003 he had lost…": a past state reached by then, not a goal
        return _PAST_AFTER.match(text, end) is None
    nxt = text[end:end + 12].lstrip()[:1]
    return nxt in ("t", "d", "g", "T", "D", "G") and _TARGET_AFTER.match(text, end) is not None


def _tense(text: str, start: int, end: int, weekday: bool = False) -> int:
    """The tense the clause around a date speaks in, by the verb marker nearest to it:
    1 future ("will meet on Thursday"), -1 past ("the Aug. 7 blasts killed"), 0 unknown.
    A weekday in the past perfect is past even where a plan was made ("had been due to expire
    Friday": a week holds no room for a plan made then for a day still ahead)."""
    lo, hi = max(0, start - 120), min(len(text), end + 80)
    for m in _CLAUSE_END.finditer(text, lo, start):
        lo = m.end()
    if text[end:end + 1] == "," and len(_WORD_TOKEN.findall(text, lo, start)) <= 1:
        hi = min(len(text), end + 240)           # "In January, a week after …, a bombing killed":
                                                 # a fronted date's verb comes after the comma
    m = _CLAUSE_END.search(text, end, hi)
    if m is not None:
        hi = m.start()
    blind = _CaseBlind(text, lo, hi)
    if _past_perfect(blind, lo, start, end, hi, weekday):
        return -1                                # "had filed reports by Wednesday", "had been due to expire Friday"
    if _DEADLINE.search(text, max(lo, start - 12), start) is not None \
            and text[end - 2:end] not in ("'s", "’s") and text[end:end + 1] not in ("'", "’"):
        return 1                                 # "must be returned by Jan. 14": a deadline ahead (not
                                                 # "before Friday's purchases": an event named by its day)
    before = max(lo, start - 32)
    reported = (_REPORTED_ON.search(text, before, start)
                if _holds_any(text[before:start], _REPORTING) else None)
    if reported is not None and prev_word(text, reported.start()) not in _PASSIVE_AUX:
        return -1                                # "said on Thursday", "told reporters on Saturday": when it was
                                                 # said (not "will be announced on Tuesday")
    fronted = None
    best, tense = 10 ** 6, 0
    for spans, t in ((blind.spans(_FUTURE_LOW, _FUTURE, lo, hi), 1), (_PAST.finditer(text, lo, hi), -1)):
        for fm in spans:
            fs, fe = fm if t > 0 else fm.span()
            dist = start - fe if fe <= start else fs - end
            if not 0 <= dist < best:
                continue
            if t < 0:
                word = fm.group().lower()
                if word in ("was", "were") and _FUTURE.match(text, fe + 1) is not None:
                    continue                     # "were planning to", "was expected to": ahead of then
                if word not in _PAST_AUX and word != "since":
                    prev = prev_word(text, fs)
                    if prev in _PASSIVE_AUX or prev == "having":
                        continue                 # "will be paid Dec. 14", "will be announced on Tuesday":
                                                 # a passive participle, not the past; "will fly on Sunday,
                                                 # after having completed a trip": before the clause's time
                    if prev in _PREMODIFIERS and (word.endswith("ed") or prev in _ADJ_DETERMINERS):
                        continue                 # "on Dec. 7 of its preferred shares", "a still unspecified
                                                 # date in January", "when an earlier pact expires": an adjective
                if word in _REPORTING and not _governs(text, fe, start):
                    if fronted is None:          # "In September, it announced…": the clause's verb follows
                        fronted = len(_WORD_TOKEN.findall(text, lo, start)) <= 2
                    if not (fronted and fs >= end):
                        continue                 # "X said it will redeem on Dec. 7", "said he plans a July
                                                 # trip": the report's tense, unless it governs the date
                                                 # ("said on Thursday")
            best, tense = dist, t
    return tense


# what may stand between a reporting verb and the date it governs: "said Thursday", "said on
# Thursday", "said late Friday", "said in January", "reported a third-quarter loss"
_GOVERNED_GAP = re.compile(r"\s+(?:(?:on|in|at|late|early|last|this|a|an|the|its|his|her|their)\s+)*")


def _governs(text: str, verb_end: int, start: int) -> bool:
    """Does the reporting verb ending at verb_end govern the date at start ("said Thursday",
    "announced on Friday")? Not when a subject ("said he plans a July trip") or another
    preposition ("said from September a body will") stands between."""
    return 0 <= start - verb_end <= 12 and _GOVERNED_GAP.fullmatch(text, verb_end, start) is not None


def _past_perfect(blind: _CaseBlind, lo: int, start: int, end: int, hi: int, weekday: bool = False) -> bool:
    """A "had" governs the date: after it in its clause, or before it with no comma between
    ("The sale, which had been expected, … by February" is not), and the clause does not
    speak of a plan made then ("had been given until April 22", "had been scheduled for")."""
    first = blind.first(_PAST_PERFECT_LOW, _PAST_PERFECT, lo, hi)
    if first is None or (not weekday and blind.first(_PLANNED_LOW, _PLANNED, lo, hi) is not None):
        return False
    if blind.first(_PAST_PERFECT_LOW, _PAST_PERFECT, max(end, first), hi) is not None:
        return True
    last = None
    for last in blind.spans(_PAST_PERFECT_LOW, _PAST_PERFECT, lo, start):
        pass
    return last is not None and "," not in blind.text[last[1]:start]


class _CaseBlind:
    """Case-blind searches of whole words within one window of a text (a date's clause),
    offsets the text's. An ASCII window is lower-cased once and searched with the words'
    ``_lower_words`` patterns, which the regex engine skips through (about 3× faster than
    the case-blind ones); any other window (where lower-casing may change a character's
    length or how it folds) with the case-blind patterns on the text itself."""

    __slots__ = ("text", "low", "base")

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text = text
        base = lo - 1 if lo else 0                   # the character a "\b" at ``lo`` looks at
        window = text[base:hi]
        self.low = window.lower() if window.isascii() else None
        self.base = base

    def spans(self, low_rx: re.Pattern, rx: re.Pattern, lo: int, hi: int) -> list[tuple[int, int]]:
        """The (start, end) of every match of ``rx`` in ``text[lo:hi]`` (``lo``, ``hi`` within the window)."""
        if self.low is None:
            return [m.span() for m in rx.finditer(self.text, lo, hi)]
        b = self.base
        return [(m.start() + b, m.end() + b) for m in low_rx.finditer(self.low, lo - b, hi - b)]

    def first(self, low_rx: re.Pattern, rx: re.Pattern, lo: int, hi: int) -> int | None:
        """Where the first match of ``rx`` in ``text[lo:hi]`` starts, if any."""
        if self.low is None:
            m = rx.search(self.text, lo, hi)
            return None if m is None else m.start()
        m = low_rx.search(self.low, lo - self.base, hi - self.base)
        return None if m is None else m.start() + self.base


_NEAR_DAYS = 45
_ONE_DAY = timedelta(days=1)
_PAST_PRIOR_DAYS = 30


def _nearest_year(month: int, day: int | None, ref: Reference, text: str = "",
                  start: int = -1, end: int = -1) -> int | None:
    """Year for a year-less month/day: within six weeks of the reference day, that one;
    else the nearest that fits the tense of its clause (past: on or before the reference
    day; future: on or after it; unknown: the nearest)."""
    if ref.day is None:
        return ref.year_for(month)
    ref_day = ref.day
    y0 = ref_day.year
    spans = []
    for y in (y0, y0 - 1, y0 + 1):              # the reference's own year first: most often the one
        if day:
            first = last = _safe_date(y, month, day)
        else:
            first = date(y, month, 1)
            last = _add_months(first, 1) - _ONE_DAY
        dist = 0 if first <= ref_day <= last else min(abs((first - ref_day).days), abs((last - ref_day).days))
        if dist <= _NEAR_DAYS:                   # "the Aug. 7 blasts" written on Aug. 18: that one (the
            return y                             # same month or day a year off is never this near)
        spans.append((dist, y, first, last))
    if start < 0:
        return min(spans)[1]
    tense = _tense(text, start, end if end >= 0 else start)
    fits = [sp for sp in spans if not (tense < 0 and sp[2] > ref.day) and not (tense > 0 and sp[3] < ref.day)]
    if tense == 0:
        # no tense: news tells of what happened, so the past one unless the next is much nearer
        fits = [(d - _PAST_PRIOR_DAYS if last < ref.day else d, y, first, last) for d, y, first, last in fits]
    return min(fits)[1] if fits else y0


def _year_beside(month: int, day: int, ref_day: date, step: int) -> int | None:
    """The year of the nearest ``month``/``day`` before (``step`` -1) or after (+1) the
    reference day: "last Feb. 29" is the latest leap day, not a date that does not exist."""
    y = ref_day.year
    for _ in range(9):                           # a leap day is at most eight years away
        try:
            d = date(y, month, day)
        except ValueError:
            d = None
        if d is not None and (d < ref_day if step < 0 else d > ref_day):
            return y
        y += step
    return None


def _year_of_weekday(month: int, day: int, weekday: int, ref: Reference) -> int | None:
    """"Monday, Oct. 26": the year, near the reference, in which that day is that weekday."""
    assert ref.day is not None
    for y in (ref.day.year, ref.day.year + 1, ref.day.year - 1):
        try:
            if date(y, month, day).weekday() == weekday:
                return y
        except ValueError:
            continue
    return None


def _safe_date(y: int, month: int, day: int) -> date:
    try:
        return date(y, month, day)
    except ValueError:
        return date(y, month, 28)


def _mk(start: int, end: int, d: date, precision: str, d_end: date | None = None,
        target: bool = False, relative: bool = False, inferred: bool = False) -> DateMention:
    if precision == "day" or precision == "week":
        iso, iso_end = d.isoformat(), (d_end.isoformat() if d_end is not None else None)
    else:
        iso, iso_end = _fmt(d, precision), (_fmt(d_end, precision) if d_end is not None else None)
    # the tuple built directly: ``DateMention(...)`` adds a Python call of its own
    return _new_tuple(DateMention, (start, end, iso, precision, iso_end, target, relative, inferred))


_new_tuple = tuple.__new__


def _fmt(d: date, precision: str) -> str:
    """ISO truncated to the precision; a week is written as its Monday."""
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _add_months(d: date, n: int) -> date:
    mi = d.month - 1 + n
    y = d.year + mi // 12
    return date(y, mi % 12 + 1, 1)


def _resolve(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """The date of one raw match of kind ``k``, by that kind's resolver (one look-up); a target
    only when it lies after the article's date."""
    try:
        dm = _RESOLVERS.get(k, _no_date)(text, m, k, ref)
    except (ValueError, KeyError, OverflowError):
        return None
    if dm is not None and dm.target and ref.day is not None \
            and _first_day(dm.date_end or dm.date, last=True) <= ref.day:
        return dm._replace(target=False)         # "by November 2003", written in 2005: history
    return dm


def _first_day(iso: str, last: bool = False) -> date:
    """The first (or last) day of an ISO date truncated to day, month or year."""
    if len(iso) == 10:
        return date.fromisoformat(iso)
    if len(iso) == 7:
        d = date(int(iso[:4]), int(iso[5:7]), 1)
        return _add_months(d, 1) - timedelta(days=1) if last else d
    return date(int(iso[:4]), 12, 31) if last else date(int(iso[:4]), 1, 1)


def _resolve_iso(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    d = date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    if not _plausible(d.year, ref):
        return None
    return _mk(s, e, d, "day", target=_target(text, s, e))


def _resolve_month_year(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    y = int(m.group("y3"))
    if not _plausible(y, ref):
        return None
    return _mk(s, e, date(y, _month(m.group("m3")), 1), "month", target=_target(text, s, e))


def _resolve_months_year(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    y = int(m.group("y4"))
    if not _plausible(y, ref):
        return None
    m1, m2 = _month(m.group("m4")), _month(m.group("m4b"))
    y1 = y - 1 if m2 < m1 else y
    return _mk(s, e, date(y1, m1, 1), "month", date(y, m2, 1), target=_target(text, s, e))


def _resolve_months(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    m1, m2 = _month(m.group("m6")), _month(m.group("m6b"))
    y = _nearest_year(m1, None, ref, text, s, e)
    if y is None:
        return None
    y2 = y + 1 if m2 < m1 else y
    return _mk(s, e, date(y, m1, 1), "month", date(y2, m2, 1), relative=True,
               inferred=ref.inferred)


def _resolve_quarters(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """The first two quarters: the first half."""
    s, e = m.span()
    y = int(m.group("qsy"))
    if not _plausible(y, ref):
        return None
    months = 3 * (2 if m.group("qsc") == "two" else 3)
    first = date(y, 1, 1) if m.group("qsn").lower() == "first" else date(y, 13 - months, 1)
    return _mk(s, e, first, "month", _add_months(first, months - 1), target=_target(text, s, e))


def _resolve_current_quarter(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    if ref.day is None:
        return None
    s, e = m.span()
    first = date(ref.day.year, (ref.day.month - 1) // 3 * 3 + 1, 1)
    return _mk(s, e, first, "month", _add_months(first, 2), target=_target(text, s, e),
               relative=True, inferred=ref.inferred)


def _resolve_month_rel(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    if ref.day is None:
        return None
    s, e = m.span()
    y = ref.day.year + {"last": -1, "this": 0, "next": 1}[m.group("r8").lower()]
    return _mk(s, e, date(y, _month(m.group("m8")), 1), "month", target=_target(text, s, e),
               relative=True, inferred=ref.inferred)


def _resolve_year_range(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    y1, y2 = int(m.group("y6")), int(m.group("y6b"))
    if not (_plausible(y1, ref) and _plausible(y2, ref)) or y2 <= y1:
        return None
    return _mk(s, e, date(y1, 1, 1), "year", date(y2, 1, 1))


def _resolve_year_span(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    y1 = int(m.group("y7"))
    raw2 = m.group("y7b")
    y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
    if not (_plausible(y1, ref) and _plausible(y2, ref)) or not (y1 < y2 <= y1 + 30):
        return None
    return _mk(s, e, date(y1, 1, 1), "year", date(y2, 1, 1), target=_target(text, s, e))


def _resolve_dayword(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    if ref.day is None:
        return None
    s, e = m.span()
    w = m.group("dw").lower()
    if m.group("dw")[0] == "T" and s > 0 and _prev_char(text, s).isalnum():
        return None                      # "USA Today", "VOA Today": a name mid-sentence
    if w == "today" and _GENERIC_TODAY.match(text, e) is not None:
        return None                      # "today's youth", "in today's world": nowadays
    if w in ("today", "tomorrow") and _OF_AGE.search(text, max(0, s - 16), s) is not None \
            and text[e:e + 1] not in ("'", "’"):
        return None                      # "the people of tomorrow" (but "as of today")
    off = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[w]
    return _mk(s, e, ref.day + timedelta(days=off), "day", relative=True,
               inferred=ref.inferred)


def _resolve_end_of(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    if ref.day is None:
        return None
    s, e = m.span()
    unit = m.group("eu")
    tgt = _target(text, s, e)
    if unit == "year":
        return _mk(s, e, date(ref.day.year, 1, 1), "year", target=tgt, relative=True,
                   inferred=ref.inferred)
    return _mk(s, e, ref.day.replace(day=1), "month", target=tgt, relative=True,
               inferred=ref.inferred)


def _resolve_rel_or_quarter(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """"last week", "next year"; "this year's third quarter" is a quarter."""
    if m.group("qn4"):
        return _resolve_quarter(text, m, "qtr4", ref)
    return _resolve_rel(text, m, ref)


def _resolve_year_ago(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.span()
    return _year_ago_quarter(text, s, e, ref)


def _no_date(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    return None


_ROUGH_WORDS = frozenset({"around", "about", "near", "toward", "towards", "approaching"})
_AT_POINT = frozenset({"since", "of"})


def _resolve_year_end(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """This year's end, or last year's in the past. As a point in time ("since year-end", "as
    of year-end") it is December 31; "around year end" is December; otherwise ("by year-end",
    "orders at year's end") the year, as "the end of the year" is. (A "fiscal year-end", on a
    day not said, is not scanned.)"""
    if ref.day is None:
        return None
    s, e = m.start(), m.end()
    y = ref.day.year
    if ref.day < date(y, 12, 31) and _tense(text, s, e) < 0:
        y -= 1
    prev = prev_word(text, s)
    if prev in _ROUGH_WORDS:
        d, precision = date(y, 12, 1), "month"
    elif prev in _AT_POINT:
        d, precision = date(y, 12, 31), "day"
    else:
        d, precision = date(y, 1, 1), "year"
    return _mk(s, e, d, precision, target=_target(text, s, e), relative=True, inferred=ref.inferred)


_WEEK_OF = re.compile(r"\bweek\s+of\s+$", re.I)


def _resolve_day_month(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.start(), m.end()
    if k == "dmy":
        mon, d1, d2, y, mon2 = _month(m.group("m1")), _day(m.group("d1")), m.group("d1b"), m.group("y1"), None
    else:
        m2, d2_first, d2, y, m2b = m.group("m2", "d2", "d2b", "y2", "m2b")
        mon, d1 = _month(m2), _day(d2_first)
        mon2 = _month(m2b) if m2b else None
        # "May 5" where "may" is the verb: only trust a lower-case month with a year
        if m2[0].islower() and not y and m2.lower() in ("may", "mar"):
            return None
    inferred = False
    relative = False
    rel_year = m.group("r1") if k == "dmy" else m.group("r2")
    if y:
        year = int(y)
        if not _plausible(year, ref):
            return None
    elif rel_year:                               # "July 1 last year"
        if ref.day is None:
            return None
        year = ref.day.year + {"last": -1, "this": 0, "next": 1}[rel_year.lower()]
        relative, inferred = True, ref.inferred
    else:
        wd = m.group("wd1") if k == "dmy" else m.group("wd2")
        near = _year_of_weekday(mon, d1, _WEEKDAY_NUM[wd.lower()], ref) if wd and ref.day else None
        if near is None and ref.day is not None:
            prev = prev_word(text, s)
            if prev == "last":                   # "agreed last April 24": the latest before the article
                near = _year_beside(mon, d1, ref.day, -1)
            elif prev == "next":                 # "the year ending next March 31": the first after it
                near = _year_beside(mon, d1, ref.day, 1)
        if near is None:
            near = _nearest_year(mon, d1, ref, text, s, e)
        if near is None:
            return None
        year = near
        relative = True
        inferred = ref.inferred
    start_d = date(year, mon, d1)
    if not d2 and text[s - 3:s] == "of " and _WEEK_OF.search(text, max(0, s - 12), s) is not None:
        # "a court hearing the week of March 6": that week
        return _mk(s, e, _monday(start_d), "week", target=_target(text, s, e), relative=relative,
                   inferred=inferred)
    end_d = None
    if d2:
        end_mon = mon2 or mon
        end_year = year + 1 if end_mon < mon else year
        end_d = date(end_year, end_mon, _day(d2))
        if end_d <= start_d:
            end_d = None
    return _mk(s, e, start_d, "day", end_d, target=_target(text, s, e), relative=relative,
               inferred=inferred)


def _resolve_quarter(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.start(), m.end()
    if k == "qtr":
        n = _ORDINAL_Q[m.group("qn").lower()]
        half = m.group("qk").lower() == "half"
        if half and n > 2:
            n = 2
        if m.group("qy"):
            y = int(m.group("qy"))
            inferred, relative = False, False
        else:
            if ref.year is None:
                return None
            y = ref.year + {"this": 0, "last": -1, "next": 1}[m.group("qrel").lower()]
            inferred, relative = ref.inferred, True
    elif k == "qtr4":
        if ref.day is None:
            return None
        n = _ORDINAL_Q[m.group("qn4").lower()]
        half = m.group("qk4").lower() == "half"
        if half and n > 2:
            n = 2
        y = ref.day.year + {"this": 0, "last": -1, "next": 1}[m.group("rr").lower()]
        inferred, relative = ref.inferred, True
    elif k == "yq":
        n, half = _ORDINAL_Q[m.group("qn5").lower()], False
        y = int(m.group("yq5"))
        inferred = relative = False
    else:
        q = m.group("qq").upper()
        half = q[0] == "H"
        n = int(q[1])
        y = int(m.group("qy2"))
        inferred = relative = False
    if not _plausible(y, ref):
        return None
    span = 6 if half else 3
    first = (n - 1) * span + 1
    return _mk(s, e, date(y, first, 1), "month", date(y, first + span - 1, 1),
               target=_target(text, s, e), relative=relative, inferred=inferred)


_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)\s+$")


def _resolve_yearless_quarter(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """"the third quarter": the nearest such quarter that fits the clause's tense."""
    if ref.day is None:
        return None
    s, e = m.start(), m.end()
    n = _ORDINAL_Q[m.group("qn3").lower()]
    first_month = (n - 1) * 3 + 1
    year_before = _YEAR_BEFORE.search(text, max(0, s - 8), s)
    if year_before is not None:                  # "the 1988 second quarter"
        y = int(year_before.group(1))
        return _mk(year_before.start(1), e, date(y, first_month, 1), "month", date(y, first_month + 2, 1),
                   target=_target(text, s, e))
    spans = []
    for y in (ref.day.year - 1, ref.day.year, ref.day.year + 1):
        first = date(y, first_month, 1)
        last = _add_months(first, 3) - timedelta(days=1)
        dist = 0 if first <= ref.day <= last else min(abs((first - ref.day).days), abs((last - ref.day).days))
        spans.append((dist, first, last))
    nearest = min(spans)
    if nearest[0] > _NEAR_DAYS or nearest[1] > ref.day:     # not the quarter running or just ended: by tense
        tense = _tense(text, s, e)
        spans = [sp for sp in spans if not (tense < 0 and sp[1] > ref.day) and not (tense > 0 and sp[2] < ref.day)]
        if not spans:
            return None
        nearest = min(spans)
    first = nearest[1]
    return _mk(s, e, first, "month", date(first.year, first_month + 2, 1), target=_target(text, s, e),
               relative=True, inferred=ref.inferred)


_YEAR_WORD_BEFORE = re.compile(rf"\b(?:(?i:the\s+year)|(?P<mon>{_MONTH_FULL}))\s+$")


def _resolve_word_year(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """"nineteen ninety-six" -> 1996; "January nineteen ninety-seven" -> 1997-01; "the year
    two thousand" -> 2000 ("two thousand" without "the year" or a month is a count)."""
    s, e = m.start(), m.end()
    before = _YEAR_WORD_BEFORE.search(text, max(0, s - 12), s)
    if m.group("wk"):
        if before is None:
            return None
        y = 2000
        if m.group("wku"):
            w = m.group("wku").lower()
            y += 1 + _UNIT_WORDS.index(w) if w in _UNIT_WORDS else 10 + _TEEN_WORDS.index(w)
    else:
        y = _nineteen_twenty(m)
    if not _plausible(y, ref):
        return None
    if before is not None and before.group("mon"):
        return _mk(before.start(), e, date(y, _month(before.group("mon")), 1), "month",
                   target=_target(text, before.start(), e))
    return _mk(s, e, date(y, 1, 1), "year", target=_target(text, s, e))


def _nineteen_twenty(m: re.Match) -> int:
    century = 1900 if m.group("wc").lower() == "nineteen" else 2000
    if m.group("wteen"):
        y = century + 10 + _TEEN_WORDS.index(m.group("wteen").lower())
    else:
        y = century + 20 + 10 * _TENS_WORDS.index(m.group("wt").lower())
        if m.group("wu"):
            y += 1 + _UNIT_WORDS.index(m.group("wu").lower())
    return y


def _resolve_month_only(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.start(), m.end()
    prev = prev_word(text, s)
    if prev not in _MONTH_CUES:
        return None
    mon = _month(m.group("m5"))
    if ref.year_for(mon) is None:
        return None
    if ref.day is not None:
        if prev == "last":                       # "last February" written in March: not last month
            d = date(ref.day.year if mon < ref.day.month - 1 else ref.day.year - 1, mon, 1)
        elif prev == "next":
            d = date(ref.day.year if mon > ref.day.month else ref.day.year + 1, mon, 1)
        elif prev == "this":
            d = date(ref.day.year, mon, 1)
        else:
            y = _nearest_year(mon, None, ref, text, s, e)
            if y is None:
                return None
            d = date(y, mon, 1)
    elif prev in ("last", "next") or (prev == "this" and ref.year is None):
        # counted from when the article was written, which is unknown: "released last March"
        # after a "March 2002" in the text is not March 2002
        return None
    else:
        d = date(ref.year_for(mon) or 1, mon, 1)
    return _mk(s, e, d, "month", target=_target(text, s, e), relative=True, inferred=ref.inferred)


def _resolve_year(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    s, e = m.start(), m.end()
    y = int(m.group("y9"))
    if not _plausible(y, ref):
        return None
    if s > 0 and text[s - 1] == "-" and not text[max(0, s - 4):s].lower() == "mid-":
        return None                                    # "pre-2014", "post-2020"
    prev = prev_word(text, s).rstrip("-")
    cue = prev in _YEAR_CUES
    if prev in _NUMBER_LABELS or (not cue and _named_number(text, s, prev)):
        return None                                    # "Room 1999", "Flight 2025", "Terrorism Act 2000"
    if not cue and (y < 1900 or (s > 0 and text[s - 1] == "#")):
        return None
    nw = _NEXT_WORD.match(text, e)
    if nw is not None:
        nxt = nw.group(1).lower()
        if nxt in _COUNT_NOUNS:
            return None                                # "2000 troops", "2025 percent"
        if nxt in ("quarter", "period") and prev in ("the", "comparable", "same"):
            n = _report_quarter(text, s)
            if n is not None:                          # "the 1988 quarter" in a report on a third quarter
                first = date(y, (n - 1) * 3 + 1, 1)
                return _mk(s, e, first, "month", _add_months(first, 2))
    elif text[e:e + 1] == "%":
        return None
    return _mk(s, e, date(y, 1, 1), "year", target=_target(text, s, e))


# capitalised words a year follows as a date, not as part of a name ("Christmas 2004", "the
# Republican 2016 hopefuls", "March 2004")
_YEAR_AFTER_NAME = frozenset({"christmas", "easter", "new", "year", "spring", "summer", "autumn", "fall",
                              "winter", "q1", "q2", "q3", "q4", "h1", "h2", "republican", "democratic",
                              "democrat", "labour", "conservative", "tory", "liberal"}) | MONTHS | WEEKDAYS


def _named_number(text: str, s: int, prev: str) -> bool:
    """The year at ``s`` is the number in a name: right after a capitalised word inside a
    sentence that names no place or people ("the Terrorism Act 2000", "Windows 2000", "Euro
    2004"), not a date the sentence gives."""
    if not prev or prev in _YEAR_AFTER_NAME or not prev[0].isalpha():
        return False
    i = s
    while i > 0 and text[i - 1] == " ":
        i -= 1
    w = i - len(prev)
    if w <= 0 or text[w:i].lower() != prev or not text[w].isupper() or text[w:i].isupper():
        return False                                   # not a capitalised word right before (nor a heading's)
    j = w - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] in ".!?\n\"“‘'(:—-":
        return False                                   # a sentence's or a title's first word
    from ingest.extract.countries import gazetteer

    # a place or a people: "Iowa 1976", "Germany 2006", "the French 1986 accounts" are dates
    return prev not in gazetteer().gaz


def _report_quarter(text: str, at: int) -> int | None:
    """The quarter a results report is about: the last ordinal quarter named without a year
    before ``at`` ("third-quarter profit rose … from the 1988 period"), if any, unless the
    sentence speaks of a longer span ("in the nine months, … in the 1988 period")."""
    lo = max(0, at - _SENTENCE_SPAN)
    for end in _SENTENCE_END.finditer(text, lo, at):
        lo = end.end()
    if _YEAR_FIGURES.search(text, lo, at) is not None:
        return None
    named = _named_quarters(text, max(0, at - _QUARTER_BACK), at)
    return named[-1][1] if named else None


_RECURRING = frozenset({"each", "every"})
# a plural part of the day after the day's name: a habit, not a date
_HABITUAL_AFTER = re.compile(rf"(?:\s*(?:,|and|or|&)\s*{_WEEKDAY})*\s+(?:nights|mornings|afternoons|evenings)\b")
_WEEK_AFTER = re.compile(r"\s+(last|this|next)\s+week\b", re.I)
_OF_AGE = re.compile(r"(?<!\bas)(?<!\bAs)\s+of\s+$")
_PLAN_AFTER = re.compile(r"\s+(?:scheduled|planned|expected|upcoming|proposed)\b", re.I)
# "today's" before a noun that means the present age, not the day
_GENERIC_TODAY = re.compile(r"['’]s\s+(?:world|youth|society|generations?|young|children|standards|terms|dollars)\b")


def _prev_char(text: str, p: int) -> str:
    """The character before p, spaces skipped ("" at the start)."""
    i = p - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return text[i] if i >= 0 else ""


def _resolve_weekday(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    if ref.day is None:
        return None
    s, e = m.start(), m.end()
    wd = _WEEKDAY_NUM[m.group("wd").lower()]
    prev = prev_word(text, s)
    if prev in _RECURRING or _HABITUAL_AFTER.match(text, e) is not None:
        return None                              # "each Thursday", "on Monday and Tuesday nights": every week
    week = _WEEK_AFTER.match(text, e)
    if week is not None:                         # "by Monday this week": that week's Monday
        off = {"last": -1, "this": 0, "next": 1}[week.group(1).lower()]
        d = _monday(ref.day) + timedelta(days=7 * off + wd)
        return _mk(s, e, d, "day", relative=True, inferred=ref.inferred)
    back = (ref.day.weekday() - wd) % 7
    if prev == "next":
        fwd = (wd - ref.day.weekday()) % 7 or 7
        d = ref.day + timedelta(days=fwd)
    elif prev == "last":
        d = ref.day - timedelta(days=back or 7)
    elif back == 0:                              # the article's own weekday: that day, whatever the tense
        d = ref.day
    elif prev == "this" or (_tense(text, s, e, weekday=True) > 0 if text[e - 2:e - 1] not in ("'", "’")
                            else _PLAN_AFTER.match(text, e) is not None):
        # a day named as a happening's ("Wednesday's ruling", "Friday's close") is past whatever
        # the clause's tense ("ways to get around Wednesday's ruling"), unless it is a plan
        # ("Tuesday's scheduled vote")
        fwd = (wd - ref.day.weekday()) % 7
        d = ref.day + timedelta(days=fwd)
    else:
        d = ref.day - timedelta(days=back)
    return _mk(s, e, d, "day", relative=True, inferred=ref.inferred)


def _resolve_rel(text: str, m: re.Match, ref: Reference) -> DateMention | None:
    s, e = m.start(), m.end()
    rr, ru = m.group("rr").lower(), m.group("ru").lower()
    if rr == "last" and not m.group("rq") and prev_word(text, s) in ("the", "over", "during", "within"):
        return None                              # "for the last week", "over the last year": a span up to now, not a date
    off = {"last": -1, "this": 0, "next": 1}[rr]
    tgt = _target(text, s, e)
    if ru == "year":
        if ref.day is None:
            return None
        if off < 0 and not m.group("rq") and _LAST_YEARS_FIGURE.match(text, e) is not None:
            n = _sentence_quarter(text, s, e)            # "first quarter sales will be higher than
            if n is not None:                            # last year's 67.1 mln": that quarter last year
                first = date(ref.day.year - 1, (n - 1) * 3 + 1, 1)
                return _mk(s, e, first, "month", _add_months(first, 2), relative=True,
                           inferred=ref.inferred)
        return _mk(s, e, date(ref.day.year + off, 1, 1), "year", target=tgt, relative=True,
                   inferred=ref.inferred)
    if ref.day is None:
        return None
    if ru == "month":
        return _mk(s, e, _add_months(ref.day.replace(day=1), off), "month", target=tgt,
                   relative=True, inferred=ref.inferred)
    return _mk(s, e, _monday(ref.day) + timedelta(days=7 * off), "week", target=tgt, relative=True,
               inferred=ref.inferred)


# "last year's" before a figure or a report's results
_LAST_YEARS_FIGURE = re.compile(r"['’]s\s+(?:[$£€¥]|\d|(?:results|quarter|period|earnings|profits?|net|"
                                r"sales|revenues?|loss)\b)")


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


_VAGUE_COUNTS = frozenset({"a few", "several", "a couple of"})
_ROUGHLY = re.compile(r"\b(?:more\s+than|over|at\s+least|less\s+than)\s+$", re.I)


def _resolve_offset(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """"three days ago", "in two weeks", "a year ago". A vague count ("several years ago")
    or a span ahead longer than weeks ("in five years", "in two months") is a duration,
    not a date."""
    if ref.day is None:
        return None
    s, e = m.start(), m.end()
    raw = " ".join((m.group("n1") if k == "inn" else m.group("n2")).lower().split())
    if raw in _VAGUE_COUNTS or _ROUGHLY.search(text, max(0, s - 14), s) is not None:
        return None                              # "more than four decades ago": no date to give
    n = int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw)
    if not n or n > 400:
        return None
    unit = (m.group("u1") if k == "inn" else m.group("u2")).lower().rstrip("s")
    sign = 1 if k == "inn" else -1
    if k == "ago" and m.group("ae"):            # "a year earlier": a year before the period a report
        if unit == "year" and n == 1:            # names, else before a date we are not given
            return _year_ago_quarter(text, s, e, ref)
        return None
    if unit == "decade":
        n, unit = 10 * n, "year"
    elif unit == "year" and n == 1 and k == "ago":
        yq = _year_ago_quarter(text, s, e, ref)
        if yq is not None:
            return yq
    if k == "inn" and unit in ("month", "year"):
        return None
    if unit == "day":
        return _mk(s, e, ref.day + timedelta(days=sign * n), "day", relative=True,
                   inferred=ref.inferred)
    if unit == "week":
        return _mk(s, e, _monday(ref.day) + timedelta(days=sign * 7 * n), "week", relative=True,
                   inferred=ref.inferred)
    if unit == "month":
        return _mk(s, e, _add_months(ref.day.replace(day=1), sign * n), "month", relative=True,
                   inferred=ref.inferred)
    y = ref.day.year + sign * n
    if not 1 <= y <= 9999:
        return None
    if n == 1:                                   # "a year ago": that day a year before
        return _mk(s, e, _safe_date(y, ref.day.month, ref.day.day), "day", relative=True,
                   inferred=ref.inferred)
    return _mk(s, e, date(y, 1, 1), "year", relative=True, inferred=ref.inferred)


# an ordinal quarter a report is about: "third-quarter profit", "the fiscal fourth quarter"
_ORDINAL_BEFORE = re.compile(r"\b(?:((?:19|20)\d\d)\s+)?(first|second|third|fourth)[\s-]+(?:fiscal[\s-]+)?$")
_OF_YEAR = re.compile(r"\s+of\s+(?:19|20)\d\d|\w")      # "… quarter of 1987", or "quarterly"
_YEAR_FIGURES = re.compile(r"\b(?:nine|six)\s+months\b|\b(?:fiscal|full|the)\s+year\b(?!['’-])", re.I)
_YEAR_IN_SENTENCE = re.compile(r"(?<![\w$£€¥#.,/])(?:19|20)\d\d(?![\w%.,]\d|\s*(?:mln|billion|million|dlrs|pct))")
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|(?<!\n)[\"'”’]?\s+(?=[\"“‘A-Z]))")   # (one class first: see _CLAUSE_END)
_QUARTER_BACK = 2000            # how far back a report's quarter is looked for
_SENTENCE_SPAN = 400            # how far a sentence is looked for around the expression


def _year_ago_quarter(text: str, start: int, end: int, ref: Reference) -> DateMention | None:
    """"a year ago", "a year earlier", "the year-ago quarter" in a report of results: the
    period the figures are compared with, a year before the one reported. That period is the
    one its sentence names ("nine months … compared with a year earlier": the year before;
    "the year-ago quarter, the second quarter"; "in 1986 after a rise a year earlier": 1985),
    else the first quarter named before it (within 2,000 characters) that has ended by the
    article's date: the report's, which its lead names ("third-quarter profit rose … from a
    year ago"), not a later comparison ("up from the second quarter"). Without one, "a year earlier" and "the
    year-ago period" are relative to a date we do not know: None ("a year ago" is then that
    day a year before)."""
    if ref.day is None:
        return None
    lo = max(0, start - _QUARTER_BACK)
    s_lo = max(lo, start - _SENTENCE_SPAN)
    for s_lo_m in _SENTENCE_END.finditer(text, s_lo, start):
        s_lo = s_lo_m.end()
    s_end_m = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_SPAN))
    s_hi = s_end_m.start() if s_end_m is not None else min(len(text), end + _SENTENCE_SPAN)
    named = None
    for q_at, n in _named_quarters(text, s_lo, s_hi):
        if q_at < start or q_at >= end:
            named = n                            # the sentence's own quarter, the nearest after it last
            if q_at >= end:
                break
    if named is None:
        year_named = None
        for year_named in _YEAR_IN_SENTENCE.finditer(text, s_lo, start):
            pass
        if year_named is not None:               # "rose 2.2 pct in 1986 after a 3.3 pct rise a year earlier"
            y = int(year_named.group())
            return _mk(start, end, date(y - 1, 1, 1), "year", relative=True) if _plausible(y - 1, ref) else None
        if _YEAR_FIGURES.search(text, s_lo, start) is not None:
            return _mk(start, end, date(ref.day.year - 1, 1, 1), "year", relative=True, inferred=ref.inferred)
        for _q_at, n in _named_quarters(text, lo, start):
            if _quarter_ended(n, ref.day.year, ref.day):
                named = n
                break
    if named is None:
        return None
    y = ref.day.year if _quarter_ended(named, ref.day.year, ref.day) else ref.day.year - 1
    first = date(y - 1, (named - 1) * 3 + 1, 1)
    return _mk(start, end, first, "month", _add_months(first, 2), relative=True, inferred=ref.inferred)


def _sentence_quarter(text: str, start: int, end: int) -> int | None:
    """The ordinal quarter (named without a year) of the sentence around text[start:end]."""
    lo = max(0, start - _SENTENCE_SPAN)
    for m in _SENTENCE_END.finditer(text, lo, start):
        lo = m.end()
    hi_m = _SENTENCE_END.search(text, end, min(len(text), end + _SENTENCE_SPAN))
    hi = hi_m.start() if hi_m is not None else min(len(text), end + _SENTENCE_SPAN)
    named = _named_quarters(text, lo, hi)
    return named[0][1] if named else None


def _named_quarters(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(offset, n) of each ordinal quarter named without a year in text[lo:hi] ("third-quarter",
    "the fiscal fourth quarter"; not "the 1988 second quarter" or "the first quarter of 1987",
    dated already). Found from the word "quarter" (a plain search), then the ordinal before it."""
    low = text[lo:hi].lower()
    out = []
    i = low.find("quarter")
    while i >= 0:
        m = _ORDINAL_BEFORE.search(low, max(0, i - 24), i)
        if m is not None and not m.group(1) and _OF_YEAR.match(low, i + 7) is None:
            out.append((lo + m.start(2), _ORDINAL_Q[m.group(2)]))
        i = low.find("quarter", i + 7)
    return out


def _quarter_ended(n: int, year: int, day: date) -> bool:
    """Has quarter n of year ended by the day, or will it within six weeks (a company's
    fiscal quarter may end a month before the calendar one it is named like)?"""
    return _add_months(date(year, (n - 1) * 3 + 1, 1), 3) <= day + timedelta(days=_NEAR_DAYS)


def _easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _holiday(name: str, part: str | None, y: int) -> date | None:
    if name == "christmas":
        return date(y, 12, 24 if part == "eve" else 25)
    if name == "thanksgiving":                   # the fourth Thursday of November (US)
        first = date(y, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "easter":
        return _easter(y)
    if part == "eve":                            # New Year's Eve
        return date(y, 12, 31)
    return date(y, 1, 1)


# a holiday's name as a season or an attribute ("the Christmas shopping season", "Easter week")
_HOLIDAY_SPAN = re.compile(r"\s+(?:week|weekend|holidays?|season|period|break|shopping|sales|recess|"
                           r"vacation|card|tree|rush|trading)\b", re.I)


def _resolve_holiday(text: str, m: re.Match, k: str, ref: Reference) -> DateMention | None:
    """"on Thanksgiving Day", "last Christmas", "by New Year's Eve": the holiday's date in
    the year nearest the reference that fits the tense ("last"/"next" say which way)."""
    if ref.day is None:
        return None
    s, e = m.start(), m.end()
    name = " ".join(m.group("hn").lower().replace("’", "'").split())
    name = "new year" if name.startswith("new year") else name
    part = (m.group("hold") or "").lower() or None
    if name == "new year" and part not in ("day", "eve"):
        return None                              # "the New Year's celebrations"
    if (part == "sunday" and name != "easter") or (part == "eve" and name not in ("christmas", "new year")):
        return None
    prev = prev_word(text, s)
    if part is None and _HOLIDAY_SPAN.match(text, e) is not None:
        return None
    if prev in _RECURRING:
        return None
    days = [d for d in (_holiday(name, part, y) for y in (ref.day.year - 1, ref.day.year, ref.day.year + 1))
            if d is not None]
    if prev == "last":
        days = [d for d in days if d < ref.day]
    elif prev == "next":
        days = [d for d in days if d > ref.day]
    else:
        tense = _tense(text, s, e)
        days = [d for d in days if not (tense < 0 and d > ref.day) and not (tense > 0 and d < ref.day)] or days
    if not days:
        return None
    d = min(days, key=lambda x: abs((x - ref.day).days))
    start = s - 5 if prev in ("last", "next") and text[s - 5:s - 1].lower() in ("last", "next") else s
    return _mk(start, e, d, "day", target=_target(text, start, e), relative=True, inferred=ref.inferred)


# each kind's resolver (``_resolve``); a kind not here (an "anc", resolved against the
# date before it by ``Resolution``) resolves to nothing on its own
_RESOLVERS = {
    "iso": _resolve_iso, "dmy": _resolve_day_month, "mdy": _resolve_day_month, "my": _resolve_month_year,
    "mmy": _resolve_months_year, "mm": _resolve_months, "qtr3": _resolve_yearless_quarter,
    "qtrs": _resolve_quarters, "curq": _resolve_current_quarter, "mrel": _resolve_month_rel,
    "wyear": _resolve_word_year, "yend": _resolve_year_end, "hol": _resolve_holiday,
    "qtr": _resolve_quarter, "qtr2": _resolve_quarter, "yq": _resolve_quarter, "rel": _resolve_rel_or_quarter,
    "yago": _resolve_year_ago, "yy": _resolve_year_range, "yy2": _resolve_year_span,
    "mon": _resolve_month_only, "year": _resolve_year, "wday": _resolve_weekday, "dayword": _resolve_dayword,
    "endof": _resolve_end_of, "inn": _resolve_offset, "ago": _resolve_offset,
}
