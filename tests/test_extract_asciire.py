"""ASCII twins of whole-text patterns: the same matches on ASCII text, the Unicode pattern elsewhere."""
from __future__ import annotations

import re

import pytest

from ingest.extract.figures import extract_figures
from ingest.extract.asciire import ascii_twin, twin


@pytest.mark.parametrize("pattern,expected", [
    (r"\d+", r"[0-9]+"),
    (r"[\d.,]\d", r"[0-9.,][0-9]"),
    (r"\w+\s\b", r"[a-zA-Z0-9_]+\s\b"),
    (r"[^\d_]", r"[^0-9_]"),
    (r"[]\d]", r"[]0-9]"),
    (r"\\d\[\d", r"\\d\[[0-9]"),                    # an escaped backslash, an escaped bracket
    (r"\D\W\S", r"\D\W\S"),                         # the negated classes are left alone
])
def test_ascii_twin_writes_digits_and_word_characters_as_ranges(pattern, expected):
    assert ascii_twin(pattern) == expected
    re.compile(ascii_twin(pattern))


def test_the_twin_finds_what_the_unicode_pattern_finds_on_ascii_text():
    pair = twin(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?\s?(?P<unit>\w+)")
    text = ("Net profit rose 12.5 pct to 3,450,000 dlrs, or 1.05 dlrs a share, from 2.1 mln U.S. "
            "dollars; sales were up 4 to 5 percent.\n\n7 billion yen_2 12_000")
    assert text.isascii() and pair.of(text) is pair.ascii
    assert ([m.groupdict() for m in pair.ascii.finditer(text)]
            == [m.groupdict() for m in pair.unicode.finditer(text)] != [])
    assert pair.of("12 \u0663\u0660 pct") is pair.unicode


def test_a_text_with_other_digits_is_read_with_the_unicode_pattern():
    # Arabic-Indic digits are digits to "\d": the ASCII twin would not see this figure
    found = extract_figures("Spending rose \u0663 percent, the ministry said.", [], None)
    assert [(f.kind, f.value) for f in found] == [("percent", 3.0)]
    found = extract_figures("Spending rose 3 percent to £5 billion, the ministry said.", [], None)
    assert [(f.kind, f.value) for f in found] == [("percent", 3.0), ("money", 5e9)]
