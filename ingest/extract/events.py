"""Timeline events: every sentence that carries a resolvable date.

One event per distinct date in a sentence, so a sentence that mentions both a meeting on
June 5 and a summit on June 24-25 is on the timeline at both dates.  The event keeps the
sentence span and text, the date expression's own offsets, the countries mentioned in the
sentence and the people whose mentions fall inside it.

Relative dates need a reference: the publication date when the article has one; otherwise
a date inferred from the article's explicit full dates (events resolved against it are
marked ``inferred``); otherwise relative expressions are dropped rather than guessed.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import islice
from typing import TYPE_CHECKING

from ingest.extract import dates as _dates
from ingest.extract.document import Document
from ingest.deadline import Deadline, passed
from ingest.model import CountryMention, Event, Person

if TYPE_CHECKING:
    from ingest.extract.countries import Dateline

_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


def extract_events(text: str, published: str | None, countries: list[CountryMention],
                   people: list[Person], deadline: Deadline | None = None) -> tuple[list[Event], str | None]:
    """Events in ``text``; second element: the inferred publication date when none was given.
    Past ``deadline``, the events found before it."""
    if not text:
        return [], None
    doc = Document.of(text)
    raws = doc.date_scan
    if not raws:
        return [], None
    inferred_pub: str | None = None
    ref = _dates.reference_for(published)
    if ref.day is None and ref.year is None:       # none given, or not a date we can read
        ref, inferred_pub = _dates.infer_reference(text, raws)

    skip = doc.dateline
    first = 0                                      # the first date outside the dateline
    if skip:
        while first < len(raws) and _in_dateline(raws[first], skip):
            first += 1
        if first == len(raws):                     # a wire story's usual case: nothing to set up
            return [], (None if published else inferred_pub)
    country_pos = sorted([(c.start, c.iso3) for c in countries])
    person_pos = sorted([(s, p.name) for p in people for s, _e in p.mentions])

    date_line = _DateLines(text)
    events: list[Event] = []
    seen: set[tuple[int, str, str | None]] = set()
    dates = doc.resolution(ref)
    for i in range(first, len(raws)):
        if skip and _in_dateline(raws[i], skip):
            continue                               # in the dateline: not resolved at all
        dm = dates.at(i)
        if dm is None:
            continue
        if passed(deadline):
            break
        if skip and skip.start <= dm.start < skip.end:
            continue                               # "BRUSSELS, June 5 -" dates the story
        span = doc.sentence_at(dm.start)
        if span is None:
            continue
        s, e = span
        key = (s, dm.date, dm.date_end)
        if key in seen:
            continue
        if text[e - 1] not in ".!?" and date_line(s, e, dm.start, dm.end):
            continue                               # "2:32pm PDT, Jun 8, 2025": metadata (a sentence
                                                   # that ends with its mark is none)
        seen.add(key)
        events.append(Event(
            start=s, end=e, text=text[s:e], date=dm.date, precision=dm.precision,
            date_end=dm.date_end, inferred=dm.inferred, target=dm.target,
            date_start=dm.start, date_stop=dm.end,
            countries=_inside(country_pos, s, e), people=_inside(person_pos, s, e),
        ))
    return _own_clauses(text, events), (None if published else inferred_pub)


def _in_dateline(raw: tuple[re.Match, str], skip: Dateline) -> bool:
    """A date expression of the dateline ("BRUSSELS, June 5 -"): it dates the story, it is
    no event (one of the kinds whose date may start before their match, only where that
    start too lies inside)."""
    m, k = raw
    ms = m.start()
    return skip.start <= ms < skip.end and (k not in _dates.SHIFTED_KINDS or ms - _dates.SHIFT_REACH >= skip.start)


# where a sentence may be cut between two of its dates: punctuation, or a word that opens a clause
# (one class first, so that the engine skips to the next mark or space)
_CLAUSE_BREAK = re.compile(r"[;,:—–\s](?:(?<=[;,:—–])\s|(?<=\s)(?=(?:to|and|but|while|after|before|when|as|with|"
                           r"which|who|ahead\s+of|because|although|whereas|then)\s))")


_MIN_CLAUSE_WORDS = 4


def _own_clauses(text: str, events: list[Event]) -> list[Event]:
    """A sentence with several dates gives each of its events its own clause: the sentence
    is cut at the first clause break after each date (else just after the date), so no two
    entries show the same text under two dates."""
    if len(events) < 2:
        return events
    out: list[Event] = []
    i, n = 0, len(events)
    while i < n:
        start = events[i].start
        j = i + 1
        while j < n and events[j].start == start:
            j += 1
        if j == i + 1:                             # the sentence's only date
            out.append(events[i])
            i = j
            continue
        group = events[i:j]
        i = j
        group.sort(key=lambda ev: ev.date_start or 0)
        cuts = [group[0].start]
        for a, b in zip(group, group[1:]):
            lo, hi = a.date_stop or a.start, b.date_start or b.start
            m = _CLAUSE_BREAK.search(text, lo, hi) if hi > lo else None
            cut = m.end() if m is not None else lo
            cuts.append(max(cut, cuts[-1]))
        cuts.append(group[0].end)
        spans = []
        for k in range(len(group)):
            cs, ce = cuts[k], cuts[k + 1]
            if not _has_words(text, cs, ce, _MIN_CLAUSE_WORDS):
                # "… in 2000 and 2001.": too short to stand alone, it takes its neighbour's clause
                if k > 0:
                    cs = cuts[k - 1]
                elif k + 2 < len(cuts):
                    ce = cuts[k + 2]
            spans.append((cs, ce))
        for k, ev in enumerate(group):
            cs, ce = spans[k]
            if spans.count((cs, ce)) > 1:
                # two short clauses would both take the whole sentence ("Dividend pay April 30,
                # record April 16."): each keeps its own, so no text shows under two dates
                cs, ce = cuts[k], cuts[k + 1]
            while cs < ce and text[cs].isspace():
                cs += 1
            while ce > cs and text[ce - 1] in " \t,;:—–":
                ce -= 1
            if ce - cs < 3:
                out.append(ev)
                continue
            ev.start, ev.end, ev.text = cs, ce, text[cs:ce]
            out.append(ev)
    return out


def _has_words(text: str, s: int, e: int, n: int) -> bool:
    """Does ``text[s:e]`` hold ``n`` words or more? (The scan stops at the ``n``-th: a
    clause is often a long sentence.)"""
    return next(islice(_ALPHA_WORD.finditer(text, s, e), n - 1, None), None) is not None


def _inside(pos: list[tuple[int, str]], s: int, e: int) -> list[str]:
    """The names of the sorted (start, name) pairs that start in ``[s, e)``, each once."""
    out: list[str] = []
    i = bisect_left(pos, (s,))                     # (s,) sorts before every (s, name)
    while i < len(pos) and pos[i][0] < e:
        v = pos[i][1]
        if v not in out:
            out.append(v)
        i += 1
    return out


class _DateLines:
    """Is a sentence little more than its date (a byline or timestamp line)? Each sentence's
    words are found once, so a sentence of thousands of dates costs one scan, not one per date."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentences: dict[tuple[int, int], tuple[bool, list[int], list[int]]] = {}

    def __call__(self, s: int, e: int, ds: int, de: int) -> bool:
        got = self._sentences.get((s, e))
        if got is None:
            text = self.text
            # the sentence with its closing marks stripped: where it ends
            end = e
            while end > s and text[end - 1] in "\"'”’)":
                end -= 1
            ended = end > s and text[end - 1] in ".!?"
            starts: list[int] = []
            ends: list[int] = []
            if not ended:
                for m in _ALPHA_WORD.finditer(text, s, e):
                    starts.append(m.start())
                    ends.append(m.end())
            got = (ended, starts, ends)
            self._sentences[(s, e)] = got
        ended, starts, ends = got
        if ended:
            return False
        return _words_outside(starts, ends, ds, de) < 3


def _words_outside(starts: list[int], ends: list[int], ds: int, de: int) -> int:
    """How many words ``_ALPHA_WORD`` finds in the sentence before ``ds`` and after ``de``
    taken apart (a word cut by the date counts when two letters of it remain)."""
    n = bisect_right(ends, ds)                     # words that end before the date
    i = n
    if i < len(starts) and starts[i] < ds and ds - starts[i] >= 2:
        n += 1                                     # a word the date's start cuts
    j = bisect_left(starts, de)                    # words that start after the date
    n += len(starts) - j
    if j > 0 and ends[j - 1] > de and ends[j - 1] - de >= 2:
        n += 1                                     # a word the date's end cuts
    return n
