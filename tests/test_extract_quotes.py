"""Quote spans: marks, splits, continuations, partial quotes, unclosed marks, titles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.deadline import Deadline
from ingest.extract.people import extract_people, same_person
from ingest.extract.quotes import extract_quotes, find_quote_spans, quote_marks

from tests.conftest import SHARED


def _quotes(text):
    return extract_quotes(text, extract_people(text))


def _texts(text):
    return [q.text for q in _quotes(text)]


def test_straight_and_curly_double_quotes():
    text = ('"We will rebuild the bridge," Mayor Ines Varga said.\n'
            '“It will take two years,” Varga added.')
    qs = _quotes(text)
    assert [q.text for q in qs] == ["We will rebuild the bridge,", "It will take two years,"]
    for q in qs:
        assert text[q.start:q.end] == q.text
        assert not q.partial


def test_multi_sentence_quote_is_one_quote():
    text = '"The river rose fast. We had no warning. Nobody did," said farmer Olek Brandt.'
    assert _texts(text) == ["The river rose fast. We had no warning. Nobody did,"]


def test_quote_split_around_attribution_gives_two_records_same_speaker():
    text = '"We are not leaving," Olek Brandt said. "This is our land."'
    qs = _quotes(text)
    assert [q.text for q in qs] == ["We are not leaving,", "This is our land."]
    assert qs[0].speaker == qs[1].speaker == "Olek Brandt"
    assert qs[1].confidence < qs[0].confidence


def test_continuation_in_next_paragraph_keeps_speaker_with_lower_confidence():
    text = ('"The budget is fixed," Finance Minister Sara Lund said on Tuesday.\n\n'
            '"There will be no new taxes this year."')
    qs = _quotes(text)
    assert qs[1].speaker == "Sara Lund"
    assert 0 < qs[1].confidence <= 0.6


def test_partial_quote_in_a_sentence():
    text = 'Sara Lund called the deal a "genuine step forward" for the region.'
    (q,) = _quotes(text)
    assert q.text == "genuine step forward"
    assert q.partial
    assert q.speaker == "Sara Lund"


def test_single_curly_quotes_mark_a_partial_quote():
    text = "The envoy Olek Brandt warned of ‘hard choices’ ahead. Brandt’s aides declined to comment."
    (q,) = _quotes(text)
    assert q.text == "hard choices"
    assert q.partial


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="'\"aZ1_ .,!-(\n\t", max_size=40))
def test_the_marks_of_ascii_text_found_apart_are_the_whole_class_patterns(text):
    # ASCII text's "'" and '"' are found by two literal-led patterns and merged; a text
    # with a character beyond ASCII is read by the one pattern over every kind of mark. A
    # no-break space after a line break changes no mark before it.
    assert quote_marks(text) == quote_marks(text + "\n\u00a0")


def test_apostrophes_are_not_quote_marks():
    text = "Brandt’s plan isn’t new, and the farmers' union can't back it."
    assert _quotes(text) == []


def test_nyt_double_apostrophe_style():
    text = "''We finally have an answer,'' said Mira Holt, a spokeswoman. ''It took months.''"
    qs = _quotes(text)
    assert [q.text for q in qs] == ["We finally have an answer,", "It took months."]
    assert {q.speaker for q in qs} == {"Mira Holt"}


def test_nested_single_quotes_stay_inside():
    text = "\"He told me, 'stay home,' and I did,\" said Mira Holt."
    (q,) = _quotes(text)
    assert q.text == "He told me, 'stay home,' and I did,"


def test_unclosed_quote_ends_at_paragraph():
    text = ("Minister Sara Lund said on Monday that the date is “far too late for us.\n"
            "Other ministers disagreed. They said the plan was fine.")
    (q,) = _quotes(text)
    assert q.text == "far too late for us."
    assert q.end <= text.index("\n")
    assert q.speaker == "Sara Lund"


def test_an_unclosed_quote_with_narrative_after_it_keeps_only_its_first_sentence():
    # the closing mark was forgotten and the paragraph goes on in the reporter's words
    text = ("The winner gave her prize to the flood appeal. Lena Marsh said afterwards: \"I'm giving "
            "the money to the families who lost their homes, it is the least I can do. Her gift "
            "follows pledges by three other players. The organisers said they would match it.\n\n"
            "The final was played in heavy rain.")
    (q,) = _quotes(text)
    assert q.text == "I'm giving the money to the families who lost their homes, it is the least I can do."
    assert q.speaker == "Lena Marsh"


def test_an_unclosed_quote_going_on_in_a_quoted_paragraph_is_kept_whole():
    # the convention for a quote over several paragraphs: no closing mark, the next one opens
    text = ("Lena Marsh said: \"We lost the first set. We won the next two.\n\n"
            "\"That is what counts,\" she added.")
    first = _quotes(text)[0]
    assert first.text == "We lost the first set. We won the next two."


def test_headline_in_quotes_is_not_a_quote():
    text = '“Nobody Can Stop The Tide”\n\nThe flood reached the town on Friday.'
    assert _quotes(text) == []


def test_a_named_work_is_not_a_quote():
    # a title with a work named before it, after it, or on a channel's show: no one's words
    for text in ('She stars in the series "The Long Valley Years," which ends next month.',
                 'Mira Holt said on Channel Nine\'s "Morning Round" that the vote was close.',
                 'The mayor spoke for an hour on the "Dust Roads" podcast last week.',
                 'Critics praised her first film, "Harbour."',
                 'Mira Holt told Channel Nine\'s "Morning Round" that the vote was close.',
                 'On this weekend\'s broadcast of "Morning Round," Mira Holt spoke first.'):
        assert _texts(text) == [], text


def test_a_title_case_phrase_someone_uses_stays_a_partial_quote():
    text = 'Mira Holt told supporters the "Long Valley Years" were over.'
    (q,) = _quotes(text)
    assert q.partial and q.speaker == "Mira Holt"


def test_no_space_after_colon_and_period():
    text = 'Olek Brandt stated:“The harvest is lost.” The rain stopped.“Nobody expected it,” he said.'
    qs = _quotes(text)
    assert [q.text for q in qs] == ["The harvest is lost.", "Nobody expected it,"]
    assert {q.speaker for q in qs} == {"Olek Brandt"}


def test_misused_closing_mark_as_opener():
    text = 'Olek Brandt says,” the pumps are working now.”'
    (q,) = _quotes(text)
    assert q.text == "the pumps are working now."


def test_offsets_exclude_marks():
    text = 'A «quoted phrase» and “another one here now” said Mira Holt.'
    for q in _quotes(text):
        assert text[q.start - 1] in "«“"
        assert text[q.start:q.end] == q.text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_offsets_hold(text):
    for q in _quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
        if q.speaker is None:
            assert q.confidence == 0.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(['"', "“", "”", "‘", "’", "'", "''", "Jane Doe", "said", "he",
                                 "told", ",", ".", ":", "\n", "\n\n", "Roe", "We are here",
                                 "added", "according to", "—", "Mr.", "she"]), max_size=50))
def test_quote_soup(tokens):
    text = " ".join(tokens)
    for q in _quotes(text):
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(text)


# ---------------------------------------------------------------------------------------
# the seed articles against the hand-written gold (skipped when ../shared is absent)

def _norm(s):
    return " ".join(s.replace("’", "'").lower().split())


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_seed_gold_quotes_and_speakers():
    gold = json.loads((Path(__file__).parent / "gold" / "seed_quotes.json").read_text("utf-8"))
    found = total = right = extra = 0
    for art in gold["articles"]:
        path = SHARED / "seeds" / art["file"]
        if not path.exists():
            pytest.skip("seed file missing")
        text = path.read_text("utf-8")
        qs = extract_quotes(text, extract_people(text))
        used = set()
        for g in art["quotes"]:
            total += 1
            hit = next((i for i, q in enumerate(qs)
                        if i not in used and _norm(q.text).startswith(_norm(g["prefix"]))), None)
            if hit is None:
                continue
            used.add(hit)
            found += 1
            if qs[hit].speaker and same_person(qs[hit].speaker, g["speaker"]) >= 0.9:
                right += 1
        extra += len(qs) - len(used)
    assert found / total >= 0.95
    assert found / (found + extra) >= 0.95
    assert right / total >= 0.95


# --- boundaries follow the marks (BBC house style: a paragraph break lost between quotes) ---

def test_new_quote_opening_on_the_line_of_an_unclosed_one_ends_it():
    # BBC sport, a paragraph break lost inside a quote: the first quote never closes
    text = ('But Ferguson said: "I think what makes it so bad is that both our rivals dropped '
            'points at the weekend. "It was a great opportunity - and we haven\'t delivered." '
            'United went ahead through Alan Smith in the 33rd minute before the visitors '
            'levelled late on.')
    texts = _texts(text)
    assert texts == ["I think what makes it so bad is that both our rivals dropped points at the weekend.",
                     "It was a great opportunity - and we haven't delivered."]


def test_text_between_two_quotes_on_one_line_is_not_a_quote():
    text = ('Nora Vance said: "We were slow. "We lost our shape." The side then conceded twice '
            'and Vance called it an "absolute giveaway" after the match. '
            'She added: "We move on."')
    qs = _quotes(text)
    assert [q.text for q in qs] == ["We were slow.", "We lost our shape.", "absolute giveaway",
                                    "We move on."]
    for q in qs:
        # every quote sits right against an opening mark
        assert text[q.start - 1] == '"'


def test_colon_introduction_is_never_the_quote():
    text = ('"The tournament is a test," she said. "I don\'t know how my body will react. '
            '"I support several charities." Speaking to a newspaper, the 24-year-old added: '
            '"There will not be as many people at this event."')
    texts = _texts(text)
    assert not any("Speaking to" in t for t in texts)
    assert texts[-1] == "There will not be as many people at this event."


def test_an_opening_curly_mark_typed_as_a_closer_closes():
    text = ('“It\'s unusual,“ said Larry Noble, an attorney with the Campaign Legal Center. '
            '“It\'s a hard thing to pull off.”')
    qs = extract_quotes(text, extract_people(text))
    assert [q.text for q in qs] == ["It's unusual,", "It's a hard thing to pull off."]
    assert [q.speaker for q in qs] == ["Larry Noble"] * 2


def test_two_capitalised_sentences_are_speech_not_a_title():
    text = '“Like Oakland. Or Ferguson,” Trump said. “The crime numbers are worse.”'
    qs = extract_quotes(text, extract_people(text))
    assert [q.partial for q in qs] == [False, False]
    assert [q.speaker for q in qs] == ["Trump", "Trump"]


# --- not statements: scare quotes, markup (issue 18, point 4) ---

def test_a_scare_quote_with_no_speech_verb_is_not_a_quote():
    for text in ('The tax package comes with a two-year "pause" on the levy.',
                 'Rebels in the so-called "safe zone" moved north on Monday.',
                 # a long sentence with no word of speech in it
                 'One of the main problems with rural broadband is "jitter" in which there is an '
                 'uneven delay between a viewer pressing play on a remote and what appears on screen.',
                 # a word of speech inside a compound is none
                 'The show-and-tell "lag" spoils many online games for players on slow lines.'):
        assert _texts(text) == [], text


def test_a_short_fragment_with_a_speech_verb_stays():
    # a speech verb or noun in the sentence makes the fragment someone's words, even when
    # the speaker is not named in it
    for text, frag in (('Critics claimed the plan was "unfair" to renters.', "unfair"),
                       ('The statement warned of "grave risks" ahead.', "grave risks"),
                       ('Sara Lund called the deal a "genuine step" forward.', "genuine step")):
        qs = _quotes(text)
        assert [q.text for q in qs] == [frag], text
        assert qs[0].partial


def test_marks_inside_a_markup_tag_are_not_quotes():
    text = ('<tweet id="7201" author="@jdoe" date="2016-03-01">We won tonight.</tweet>\n'
            '"We won tonight," Jon Doe said.')
    assert _texts(text) == ["We won tonight,"]


def test_a_quote_nested_in_the_same_marks_stays_inside():
    # the writer quotes herself inside her quote, in the same straight marks
    text = ('"You plan; you don\'t go to the gym because you "had a long day at the office"; you '
            'skip or postpone the weekend hikes, you spend much less time reading novels (a bad '
            'thing, surely)," she wrote, explaining how a puzzle app took over her evenings.')
    (q,) = _quotes(text)
    assert q.text.startswith("You plan;") and q.text.endswith("surely),")
    assert not q.partial


def test_a_lost_closing_mark_before_a_new_quote_still_ends_the_first():
    # the next mark opens another quote, not a nested one: the first was never closed
    text = ('A spokeswoman said the venture had been "ambitious, but take-up had not been '
            '"sufficient to continue". She added: "It was not the only one."')
    texts = _texts(text)
    assert not any("She added" in t for t in texts)
    assert texts[-1] == "It was not the only one."


def test_a_nickname_between_two_names_is_not_a_quote():
    # (a speech verb in the sentence: it is still no one's words)
    text = "Tomas 'Sparrow' Velde told a radio station in Ontario he had left the choir."
    assert _texts(text) == []


def test_a_nickname_rule_leaves_headlines_alone():
    # every word of a headline is capitalised: a quoted word there is no nickname
    text = 'Retired General Reveals ‘Demoralizing’ Experience Of Serving Under Obama\n'
    assert _texts(text) == ["Demoralizing"]


def test_a_paragraph_opening_with_a_closing_mark_opens_a_quote():
    # PolNeAR: the quote's opening mark is typed as a closer at the paragraph's start
    text = ('Rita Moss covered the debate.\n\n'
            '” … he delivered a mix of orthodoxy and rejoinders with a coolness and polish,” '
            'Moss wrote.')
    qs = _quotes(text)
    assert [q.text for q in qs] == ["… he delivered a mix of orthodoxy and rejoinders with a coolness and polish,"]
    assert qs[0].speaker == "Rita Moss"


# --- a line dense with short quotes (a hostile file must not stall an ingest) ---

class _ChecksLeft(Deadline):
    """A deadline that passes after ``checks`` checks: the work is counted, not timed."""

    def __init__(self, checks: int):
        super().__init__(3600.0)
        self.left = checks

    def passed(self) -> bool:
        self.left -= 1
        return self.left < 0


def test_past_the_deadline_the_scare_quote_check_keeps_the_quotes_left():
    # a line dense with scare quotes: each one's sentence reaches the whole line, so the
    # check must stop at the deadline like the other passes
    text = 'a “b” \'c\' the "x" a ' * 300
    spans = find_quote_spans(text)
    assert extract_quotes(text, []) == []     # every one is a scare quote
    # the deadline passes a few quotes into the check (attribution checks it once a quote)
    qs = extract_quotes(text, [], _ChecksLeft(len(spans) + 5))
    assert 0 < len(qs) < len(spans)
    assert [q.start for q in qs] == [s.start for s in spans[len(spans) - len(qs):]]


def test_the_first_words_of_a_sentence_split_around_its_cue_are_a_fragment():
    """BBC tech/: '"But," he added, "it's a pretty recent thing"': the lead words are part of
    one quoted sentence, kept with the speaker but not a statement of their own."""
    text = 'Ivo Kral spoke. "But," he added, "it is a recent thing and we will see."'
    got = [(q.text, q.speaker, q.partial) for q in extract_quotes(text, extract_people(text))]
    assert got == [("But,", "Ivo Kral", True), ("it is a recent thing and we will see.", "Ivo Kral", False)]
    # a quoted sentence of its own, then another: both statements
    text = 'Ivo Kral spoke. "No," he said. "We will not sell the port."'
    assert not any(q.partial for q in extract_quotes(text, extract_people(text)))


def test_a_quote_set_between_dashes_in_the_reporter_s_sentence_is_a_fragment():
    """BBC politics/: 'The pledge on education - "your child achieving more" - was one of six'."""
    text = 'The pledge on schools - "every pupil reading well" - was one of six pledges.'
    assert [(q.text, q.partial) for q in extract_quotes(text, [])] == [("every pupil reading well", True)]
