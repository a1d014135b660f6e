"""ingest.sanitize: nothing from article text may drive the terminal."""
from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.sanitize import INVISIBLE, clean_text, needs_sanitizing, printable, sanitize, sanitize_line

# Anything a terminal would act on, or that reorders text, or cannot be stored.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\r\u2028\u2029"
    "\u061c\u200b-\u200f\u2060\ue000-\uf8ff\U000e0000-\U000e007f\U000f0000-\U0010ffff]"
)


def test_clean_text_is_returned_unchanged_and_identical():
    s = "Plain “quoted” text,\ttabs and\nnewlines — café 5%."
    assert sanitize(s) is s
    assert not needs_sanitizing(s)


def test_none_and_empty_pass_through():
    assert sanitize(None) is None
    assert sanitize("") == ""
    assert sanitize_line(None) is None


def test_csi_colour_and_cursor_sequences_removed():
    assert sanitize("a\x1b[31mred\x1b[0m b") == "ared b"
    assert sanitize("x\x1b[2J\x1b[Hy") == "xy"
    assert sanitize("x\x1b[?1049hy") == "xy"


def test_osc52_clipboard_write_removed_with_payload():
    s = "before\x1b]52;c;ZWNobyBoYWNrZWQ=\x07after"
    assert sanitize(s) == "beforeafter"
    s2 = "before\x1b]52;c;ZWNobyBoYWNrZWQ=\x1b\\after"
    assert sanitize(s2) == "beforeafter"


def test_osc8_hyperlink_removed_but_link_text_kept():
    s = "see \x1b]8;;https://evil.example/\x1b\\this link\x1b]8;;\x1b\\ now"
    assert sanitize(s) == "see this link now"


def test_osc_window_title_and_unterminated_osc():
    assert sanitize("a\x1b]0;pwned\x07b") == "ab"
    # Unterminated: cut to the end of the line, the next line survives.
    assert sanitize("a\x1b]0;pwned forever\nnext line") == "a\nnext line"


def test_dcs_apc_and_other_escapes():
    assert sanitize("a\x1bP1;2|payload\x1b\\b") == "ab"
    assert sanitize("a\x1b_apc stuff\x1b\\b") == "ab"
    assert sanitize("a\x1b(Bb") == "ab"
    assert sanitize("a\x1b7b\x1b8") == "ab"
    assert sanitize("lone escape \x1b") == "lone escape "


def test_c1_controls_removed_one_by_one():
    # 8-bit introducers go; what followed them is inert text and is kept, because
    # these code points mostly come from mojibake where the rest is real words.
    assert sanitize("a\x9b31mb") == "a31mb"
    assert sanitize("a\x9d52;c;AAAA\x9cb") == "a52;c;AAAAb"
    assert sanitize("a\x80\x81\x9fb") == "ab"
    assert sanitize("line\x85next") == "line\nnext"


def test_bidi_overrides_and_isolates_removed():
    s = "access\u202e level\u202c \u2066admin\u2069 \u202dx\u202a\u202b\u2067\u2068"
    out = sanitize(s)
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", out)
    assert out == "access level admin x"


def test_bidi_marks_removed_but_right_to_left_letters_kept():
    # LRM, RLM and the Arabic letter mark reorder neighbouring text without being seen.
    assert sanitize("\u05e9\u05dc\u05d5\u05dd\u200e 42\u200f \u0645\u0631\u062d\u0628\u0627\u061c!") == (
        "\u05e9\u05dc\u05d5\u05dd 42 \u0645\u0631\u062d\u0628\u0627!")
    hebrew_arabic = "שלום עולם — مرحبا بالعالم، ١٢٣"
    assert sanitize(hebrew_arabic) is hebrew_arabic


def test_zero_width_characters_removed():
    assert sanitize("pass\u200bword \u200cjoin\u200d \u2060x mid\ufefftext") == "password join x midtext"
    # A ZWJ emoji sequence falls apart into its emoji: nothing is lost but the joiner.
    assert sanitize("\U0001f469\u200d\U0001f52c") == "\U0001f469\U0001f52c"


def test_tag_characters_removed():
    # "hidden" spelt in tag characters (U+E0000 block) is invisible on screen but readable by software.
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "hidden")
    assert sanitize(f"plain{hidden} text\U000e0001\U000e007f") == "plain text"


def test_private_use_characters_removed():
    # The app marks search matches with U+E000/U+E001: article text must not carry them.
    assert sanitize("\ue000FAKE\ue001 match") == "FAKE match"
    assert sanitize("a\uf8ffb\U000f0000c\U0010fffdd") == "abcd"
    assert sanitize("a\ue000b") == "ab" and needs_sanitizing("\ue001")


def test_neighbours_of_the_removed_ranges_are_kept():
    kept = "\u061b\u061d\u200a\u2010\u2061\ud7ff\uf900\ufb01\U000e0080\U000efffd"
    assert sanitize(kept) == kept


def test_nul_bel_backspace_del_removed_tab_newline_kept():
    assert sanitize("a\x00b\x07c\x08d\x7fe\tf\ng") == "abcde\tf\ng"


def test_line_endings_normalised():
    assert sanitize("a\r\nb\rc\n") == "a\nb\nc\n"
    assert sanitize("a\x0bb\x0cc\u2028d\u2029e") == "a\nb\nc\nd\ne"


def test_bom_and_lone_surrogates_removed():
    assert sanitize("\ufeffHello\ud800 world\udfff") == "Hello world"
    sanitize("x\ud83dy").encode("utf-8")  # must be encodable afterwards


def test_markup_is_not_touched():
    s = "[bold]not bold[/bold] [link=http://x]x[/link] [@click=quit]q[/]"
    assert sanitize(s) == s


def test_sanitize_line_folds_whitespace():
    assert sanitize_line("  A\ttitle\n\nwith \x1b[1mbreaks\x1b[0m  ") == "A title with breaks"


def test_sanitize_changes_no_printable_character():
    """What sanitize_line relies on to skip sanitize for a printable text."""
    assert [hex(i) for i in range(sys.maxunicode + 1) if chr(i).isprintable() and sanitize(chr(i)) != chr(i)] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([chr(i) for i in range(0x3001) if chr(i).isspace()] + [
    "a", "Wort", "\x1b[1m", "\x1b]52;c;eA==\x07", "\u200b", "é", "\u202e", "\ue000", "\x9b", "\x7f", "\ufeff", "\U000e0041",
    "\ud800", "\r\n"]), max_size=30).map("".join))
def test_sanitize_line_makes_every_run_of_any_space_one(text):
    assert sanitize_line(text) == (re.sub(r"\s+", " ", sanitize(text)).strip() if text else text)


def test_idempotent_on_mixed_input():
    s = "x\x1b[1m\r\n\u202e\x00y\x9b2J"
    once = sanitize(s)
    assert sanitize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=200))
def test_output_never_contains_controls(s):
    out = sanitize(s)
    assert not _FORBIDDEN.search(out)
    assert "\x1b" not in out
    out.encode("utf-8")
    assert sanitize(out) == out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["\x1b", "[", "]", "52", ";", "c", "\x07", "\\", "P", "_", "8", "\x9b", "\x9d", "\x9c", "m", "a", "\n", "\r",
     "\u202e", "\x00", "text "]), max_size=60))
def test_escape_fragments_never_survive(parts):
    out = sanitize("".join(parts))
    assert "\x1b" not in out and not _FORBIDDEN.search(out)


def test_clean_text_alias_for_render_time():
    assert clean_text("a\x1b[2Jb\u202e") == "ab"
    assert clean_text("") == ""


# What printable() writes as escapes: controls, C1, the invisible characters, lone surrogates
_NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + INVISIBLE + "\ud800-\udfff]")


def _escape_all(s: str) -> str:
    return _NAME_UNSAFE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), s)


def test_no_character_printable_escapes_is_printable():
    """What printable() relies on to return a printable text as it is, compiling nothing."""
    assert [hex(i) for i in range(sys.maxunicode + 1) if chr(i).isprintable() and _NAME_UNSAFE.match(chr(i))] == []


_ANY = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)
_SEEN = st.text(alphabet=st.characters(codec=None, categories=("L", "N", "P", "S")), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ANY, max_size=40), _SEEN, st.one_of(_ANY, st.sampled_from(
    ["\x1b", "\n", "\t", "\x85", "\xa0", " ", "\u202e", "\u200b", "\ue000", "\U000e0041", "\U0010fffd", "\udcff"])),
    _SEEN)
def test_printable_escapes_what_the_plain_pattern_escapes(any_text, before, one, after):
    for s in (any_text, before + one + after):
        assert printable(s) == _escape_all(s)
