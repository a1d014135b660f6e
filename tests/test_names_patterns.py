"""The name patterns of ``ingest.extract.names`` find what their plain forms find: ``CAPSEQ``
tries a further word only where one can start, and ``_TAIL`` reads a word's hyphens and
apostrophes in a loop of their own; both are written for speed and must match exactly as
the plain patterns below do."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.names import CAPSEQ, INITIAL, LETTER, LOWER, PARTICLE, UPPER, WORD_RE

_SP = r"[ \u00a0]"           # the space between a name's words: a space or a no-break space
# The plain forms: a word's tail as one alternation per letter run, every further word tried
_PLAIN_TAIL = rf"(?:{LETTER}+|-(?={LETTER})|(?<=-{UPPER})['’](?={UPPER}))*"
_PLAIN_WORD = rf"(?:{UPPER}['’])?{UPPER}{LOWER}{_PLAIN_TAIL}"
PLAIN_CAPSEQ = re.compile(
    rf"{UPPER}(?<![\w.’'\-&]{UPPER})(?:\.(?={_SP}{UPPER})|(?:['’]{UPPER})?{LOWER}{_PLAIN_TAIL})"
    rf"(?:(?:{_SP}{PARTICLE})*{_SP}(?:(?:al|el|ad|as|ash|an|ar|at|az)-)?"
    rf"(?:{_PLAIN_WORD}|{INITIAL}(?={_SP}{UPPER})|(?!A{_SP}|I{_SP}){UPPER}(?={_SP}{UPPER}{LOWER})))*")
PLAIN_WORD_RE = re.compile(rf"(?<![\w.’'\-]){_PLAIN_WORD}")

# Pieces that exercise every branch: particles, prefixes, initials, hyphens, apostrophes,
# no-break spaces, accented and non-Latin capitals, digits and punctuation
_PIECES = ["Jane", "Doe", "de", "la", "van", "bin", "al-", "el-", "y", "J.", "Q", "A", "I", "W", "O'", "O’",
           "Brien", "Jean-", "Claude", "-", "'", "’", "Ørsted", "Dvořák", "Éa", "ΑΒγ", "Дом",
           "said", "and", "a", "e", "x", "3", ".", ",", "&", "_", "UN", "U.S.", "Mc", "Cain"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", " ", "\u00a0", "\n", "  "])),
                max_size=14))
def test_name_patterns_match_their_plain_forms(parts):
    text = "".join(p + sep for p, sep in parts)
    assert [m.span() for m in CAPSEQ.finditer(text)] == [m.span() for m in PLAIN_CAPSEQ.finditer(text)]
    assert [m.span() for m in WORD_RE.finditer(text)] == [m.span() for m in PLAIN_WORD_RE.finditer(text)]
    for a in range(0, len(text), 3):       # a window's search, as the speakers' reader makes
        assert [m.span() for m in CAPSEQ.finditer(text, a, a + 20)] == \
            [m.span() for m in PLAIN_CAPSEQ.finditer(text, a, a + 20)]


def test_runs_of_names_with_particles_and_prefixes():
    text = "Abu al-Zarqawi met Osama bin Laden and Jean-Claude van Damme, said Mr O'Brien-Ørsted."
    assert [m.group() for m in CAPSEQ.finditer(text)] == \
        ["Abu al-Zarqawi", "Osama bin Laden", "Jean-Claude van Damme", "Mr O'Brien-Ørsted"]


def test_an_undotted_middle_initial_joins_a_name_but_a_and_i_do_not():
    text = "President George W Bush met John F Kennedy Jr and Charles A Blixt; Then I Went Home."
    assert [m.group() for m in CAPSEQ.finditer(text)] == \
        ["President George W Bush", "John F Kennedy Jr", "Charles", "Blixt", "Then", "Went Home"]
