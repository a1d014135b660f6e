"""Quote variants: one statement in several wordings is linked; different statements are not."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.variants import (
    VARIANT_THRESHOLD, normalise_quote, variant_similarity, variant_tokens,
)

ORIGINAL = ("We're here to finish the job that Governor Alma Reyes began, which is a pledge of "
            "4% of the budget for schools across the state, which we think will pass")
TRANSLATED = ("We are here to finish the job that Governor Reyes began, which is a pledge of 4% "
              "of the budget of schools in this state, and we think that will pass, which will "
              "be voted at the session in the capital later this month")


def test_normalise_folds_case_marks_contractions_and_percent():
    assert normalise_quote("We’re at 3.5%!") == "we are at 3.5 percent"
    assert normalise_quote("“It can't,” he said…") == "it can not he said"
    assert normalise_quote("They won't; we'll see.") == "they will not we will see"
    assert normalise_quote("We’re") == normalise_quote("We are")


def test_normalise_maps_a_backtick_in_plain_ascii_text_and_spells_out_every_contraction():
    # "`" is the one ASCII character the mark table maps: ASCII text skips the table only
    # when it holds none
    assert normalise_quote("It`s done") == normalise_quote("It's done") == "it is done"
    assert normalise_quote("Let's see: ain't, shan't, I'm, you'd, they've, she's Ann's") == \
        "let us see is not shall not i am you would they have she is ann"


def test_normalise_keeps_only_decimal_points_and_collapses_every_space():
    assert normalise_quote("Up 3.5 in Q2. Then 4. And .5 or 7.x, U.S. too") == \
        "up 3.5 in q2 then 4 and 5 or 7 x u s too"
    assert normalise_quote("  one\u2003two\u00a0three\n\tfour  ") == "one two three four"
    assert normalise_quote("1.2.3") == "1.2.3" and normalise_quote("...") == ""


def test_machine_translated_rewording_is_a_variant():
    assert variant_similarity(ORIGINAL, TRANSLATED) >= VARIANT_THRESHOLD


def test_identical_after_normalising_is_one():
    assert variant_similarity("We're ready.", "“We are ready”") == 1.0


def test_partial_cut_of_the_same_statement_is_a_variant():
    cut = "finish the job that Governor Alma Reyes began, which is a pledge of 4% of the budget"
    assert variant_similarity(ORIGINAL, cut) >= VARIANT_THRESHOLD


def test_two_statements_by_one_speaker_on_one_topic_are_not_variants():
    other = ("The schools in this state need more teachers, and 4% of the budget will not be "
             "enough unless the governor finds new money next year.")
    assert variant_similarity(ORIGINAL, other) < VARIANT_THRESHOLD
    other2 = ("We believe the state will pass the pledge for schools, 2% this year and 2% "
              "next year, in the coming weeks.")
    assert variant_similarity(ORIGINAL, other2) < VARIANT_THRESHOLD


def test_short_fragments_need_an_exact_match():
    assert variant_similarity("extremely difficult", "extremely difficult") == 1.0
    assert variant_similarity("extremely difficult", ORIGINAL) < VARIANT_THRESHOLD
    assert variant_similarity("deeply concerned", "deeply worried") < VARIANT_THRESHOLD


def test_variant_tokens_find_the_other_wording():
    toks = variant_tokens(ORIGINAL)
    assert 1 <= len(toks) <= 5
    assert all(t.isalpha() and t == t.lower() for t in toks)
    assert set(toks) & set(normalise_quote(TRANSLATED).split())
    assert variant_tokens("") == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_bounded_and_symmetric(a, b):
    s = variant_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert abs(s - variant_similarity(b, a)) < 1e-9


def test_quote_key_is_shared_by_exactly_the_same_words():
    from ingest.extract.variants import quote_key

    a = "We’re ready to sign the harbour deal — today."
    assert quote_key(a) == quote_key("we are ready to sign the harbour deal today") is not None
    assert quote_key(a) != quote_key("We're ready to sign the harbour deal tomorrow.")
    assert quote_key("…!") is None


def test_ascii_marks_become_spaces_as_in_any_other_text():
    # an ASCII text's marks are replaced by a byte table, any other text's by a regex: the two
    # must agree for every ASCII character (the non-ASCII word only sends the text the other way)
    for c in map(chr, range(128)):
        text = f"a{c}b 1{c}.2 x{c}{c}y {c}5.{c}"
        assert normalise_quote(text + " é") == (normalise_quote(text) + " é").strip(), repr(c)
