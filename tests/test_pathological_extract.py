"""Every extractor in time linear in its input (issue 21): repeated dates, money,
percentages, names and quote marks of each kind, eight times the size costing at most
twelve times the CPU time (tests/linear.py). Each input is one that once took minutes."""
from __future__ import annotations

import random

import pytest

from ingest.extract import extract
from ingest.extract.countries import extract_countries
from ingest.extract.events import extract_events
from ingest.extract.figures import extract_figures
from ingest.extract.people import extract_people
from ingest.extract.quotes import extract_quotes
from ingest.extract.sentences import sentences
from ingest.model import Article
from tests.linear import assert_linear

pytestmark = pytest.mark.slow        # ~2.5 minutes: each case runs at eight times its size


def _sentences(text: str) -> None:
    sentences("Intro. " + text + " End.")


def _people(text: str) -> None:
    extract_people(text)


def _quotes(text: str) -> None:
    extract_quotes(text, extract_people(text))


def _countries(text: str) -> None:
    extract_countries(text)


def _events(text: str) -> None:
    extract_events(text, None, extract_countries(text), extract_people(text))


def _figures(text: str) -> None:
    extract_figures(text, extract_countries(text), "2025-06-05")


def _all(text: str) -> None:
    extract(Article(source="pathological", body=text))


# (what it is, the unit repeated, the extractor it once made quadratic)
CASES = [
    ("iso dates", "2025-06-05 ", _events),
    ("written dates", "June 5 ", _events),
    ("years", "in 2024 ", _events),
    ("date ranges", "2025-06-05 to 2025-06-07 ", _events),
    ("money", "$1.2 billion ", _figures),
    ("money in words", "5 billion dollars ", _figures),
    ("gdp shares", "5% of GDP ", _figures),
    ("percent words", "two percent ", _figures),
    ("troops", "5,000 troops ", _figures),
    ("single marks", "'ab' ", _quotes),
    ("single and double marks", "'a' \"b\" ", _quotes),
    ("double marks", '"a" ', _quotes),
    ("curly marks", "“a” ‘b’ ", _quotes),
    ("doubled single marks", "''a'' ", _quotes),
    ("guillemets", "« a » ", _quotes),
    ("unclosed marks", '"a ', _quotes),
    ("cue before quotes", 'said "a" ', _quotes),
    ("split quotes", '"We will," said Smith, "act." ', _quotes),
    ("organisation speakers", 'Acme Inc rose. "a," the company said. ', _quotes),
    ("organisation nouns", 'the company Acme Group said "a" ', _quotes),
    ("names", "Minister Jane Doe said. ", _people),
    ("shared surnames", "Jane Smith met John Smith. Smith said. ", _people),
    ("surnames after cues", "said Smith ", _people),
    ("possessives", "Smith’s ", _people),
    ("countries", "Germany France ", _countries),
    ("datelines", "LONDON, June 5 - ", _countries),
    ("dotted single letters", "A.", _sentences),
    ("dotted letters and spaces", "A. ", _sentences),
]


@pytest.mark.parametrize("unit,fn", [(u, f) for _n, u, f in CASES], ids=[n for n, _u, _f in CASES])
def test_extractor_is_linear(unit, fn):
    assert_linear(fn, lambda n: unit * n)


# The inputs of the issue, whole extraction (every extractor, as an ingest runs it)
ISSUE_UNITS = ["2025-06-05 ", "$1.2 billion ", "5% of GDP ", "'ab' ", "'a' \"b\" ", '"a" ',
               '"We will," said Smith, "act." ']


@pytest.mark.parametrize("unit", ISSUE_UNITS)
def test_extraction_is_linear(unit):
    assert_linear(_all, lambda n: "T\n\n" + unit * n)


_TOKENS = ["2025-06-05", "June 5", "$1.2 billion", "5%", "of GDP", "'", '"', "“", "”", "‘", "’",
           "''", "«", "»", "said", "Smith", "Jane Doe", "Minister", "Germany", "LONDON,", "-",
           ",", ".", ":", "he", "the", "according to", "in 2024", "troops", "5,000", "\n"]


def _mixture(n: int) -> str:
    """n tokens from the pathological ones, in a fixed random order (the same for each n)."""
    rng = random.Random(21)
    return " ".join(rng.choice(_TOKENS) for _ in range(n))


def test_mixture_is_linear():
    assert_linear(_all, _mixture)


_NAMES_USED = [0]


def _distinct_names(n: int, form: str) -> str:
    """n sentences, each naming someone else, every surname with the same first letter (the
    worst case for the misspelling comparisons, which once set each new name against every
    earlier one). Each call names people no call named before, so that no cache of words seen
    makes a repeated measurement cheaper than the first."""
    def name(i: int) -> str:
        # each base-15 digit spelled three times ("Bkakaka…"): any two names differ by three
        # letters or more, so none is taken for another's misspelling and merged with it
        letters = "bcdfgklmnprstvz"
        out = "B"
        for _ in range(5):
            out += (letters[i % 15] + "a") * 3
            i //= 15
        return out
    first = _NAMES_USED[0]
    _NAMES_USED[0] += n + 1
    return "".join(form.format(N=name(first + i), M=name(first + i + 1)) for i in range(n))


@pytest.mark.parametrize("form", [
    "met G {N} and ",                                   # an initial and a surname
    '{N} {M}, a former aide, said, "we go now." ',      # a name and an apposition
    'Jane {N} said the plan works. "We go," said {M}. ',  # lone surnames, one letter apart
    "{N} said so. ",                                     # lone words a speech verb makes people
])
def test_many_distinct_names_are_linear(form):
    # from 64 names on: the comparisons a name costs have reached their bound by then
    assert_linear(_people, lambda n: _distinct_names(n, form), start=64)
