"""Timeline events: one per dated sentence, with countries, people, inference and targets."""
from __future__ import annotations

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract.countries import extract_countries
from ingest.extract.events import extract_events
from ingest.model import Person

PUB = "2025-06-05T10:00:00+02:00"                  # a Thursday


def events(text: str, published: str | None = PUB, people: list[Person] | None = None):
    return extract_events(text, published, extract_countries(text), people or [])


def test_a_dated_sentence_is_an_event_with_its_span():
    text = "Opening line. The summit on June 24–25 will be held in The Hague. Closing line."
    evs, inferred = events(text)
    assert inferred is None
    assert len(evs) == 1
    e = evs[0]
    assert e.text == text[e.start:e.end] == "The summit on June 24–25 will be held in The Hague."
    assert (e.date, e.date_end, e.precision) == ("2025-06-24", "2025-06-25", "day")
    assert text[e.date_start:e.date_stop] == "June 24–25"
    assert e.countries == ["NLD"]
    assert not e.inferred and not e.target


def test_undated_sentences_are_not_events():
    evs, _ = events("Ministers talked. Nothing was agreed.")
    assert evs == []


def test_two_dates_in_one_sentence_are_two_events():
    text = "Ministers met in early June 2025 ahead of the June 24-25 summit."
    evs, _ = events(text)
    assert [(e.date, e.precision) for e in evs] == [("2025-06", "month"), ("2025-06-24", "day")]
    # each shows its own date's clause: never the same text under two dates
    assert [e.text for e in evs] == ["Ministers met in early June 2025", "ahead of the June 24-25 summit."]
    assert all(text[e.start:e.end] == e.text for e in evs)


def test_a_sentence_with_three_dates_is_cut_at_its_clause_breaks():
    # a seed sentence: a weekday, and two target years
    text = ("Lithuanian Defense Minister Dovile Sakaliene said on Wednesday that the 2032 target is "
            "\u201cabsolutely too late, with the latest launch of the 2030 target.")
    evs, _ = events(text)
    assert [e.date for e in evs] == ["2025-06-04", "2032", "2030"]
    assert len({e.text for e in evs}) == 3
    for e in evs:
        assert e.start <= e.date_start and e.date_stop <= e.end


def test_two_short_clauses_each_keep_their_own_text():
    # Reuters: both clauses are too short to stand alone; taking each other's, both would
    # show the whole sentence under two dates
    for text in ("Dividend pay April 30, record April 16.",
                 "Dividend payable June 3, books close May 11-21."):
        evs, _ = events(text, "1987-03-20")
        assert len(evs) == 2
        assert len({e.text for e in evs}) == 2
        for e in evs:
            assert e.start <= e.date_start and e.date_stop <= e.end


def test_a_clause_of_four_words_stands_alone_and_one_of_three_takes_its_neighbours():
    # "Talks opened June 5" has three words (a number is none): it shows the whole sentence;
    # "and ended quietly June 9." has four: it keeps its own clause
    text = "Talks opened June 5 and ended quietly June 9."
    evs, _ = events(text, "1987-06-20")
    assert [(e.date, e.text) for e in evs] == [("1987-06-05", text), ("1987-06-09", "and ended quietly June 9.")]


def test_a_day_with_last_year_is_one_date():
    evs, _ = events("Sales have risen 5% since July 1 last year, the company said.", "1987-03-20")
    assert [(e.date, e.precision) for e in evs] == [("1986-07-01", "day")]


def test_a_date_in_a_short_list_keeps_the_clause_before_it():
    # BBC business: "and 2001." alone would say nothing (and would match any other "and 2001.")
    text = "The company first sold shares in private placements during 2000 and 2001."
    evs, _ = events(text)
    assert [e.date for e in evs] == ["2000", "2001"]
    assert evs[0].text == "The company first sold shares in private placements during 2000"
    assert evs[1].text == text


def test_same_date_twice_in_a_sentence_is_one_event():
    evs, _ = events("The 2032 target means reaching 5% by 2032.")
    assert [e.date for e in evs] == ["2032"]


def test_relative_dates_resolved_against_publication():
    text = ("Ministers met on Wednesday. Spending rose last year. A deal is due later this month. "
            "The summit is in three weeks' time.")
    evs, _ = events(text)
    assert [(e.date, e.precision) for e in evs] == [
        ("2025-06-04", "day"), ("2024", "year"), ("2025-06", "month"), ("2025-06-23", "week")]


def test_future_weekday():
    evs, _ = events("Leaders will meet on Monday to sign.")
    assert evs[0].date == "2025-06-09"


def test_targets_are_marked():
    evs, _ = events("Members agreed to reach 5% by 2032. In 2017 leaders met.")
    assert [(e.date, e.target) for e in evs] == [("2032", True), ("2017", False)]


def test_implausible_years_and_non_years_are_not_events():
    text = ("Soldiers marched on Victory Day in 224. The army sent 2,000 troops. "
            "Spending reached 2% of GDP.")
    evs, _ = events(text)
    assert evs == []


def test_countries_and_people_inside_the_sentence():
    text = ("Dana Whitfield met Dutch and Polish ministers in Warsaw on June 3. "
            "Later, Germany said nothing on June 4.")
    start = text.index("Dana Whitfield")
    people = [Person(name="Dana Whitfield", mentions=[(start, start + 14)])]
    evs, _ = events(text, people=people)
    assert evs[0].countries == ["NLD", "POL"]
    assert evs[0].people == ["Dana Whitfield"]
    assert evs[1].countries == ["DEU"]
    assert evs[1].people == []


def test_no_publication_date_infers_one_from_the_byline():
    text = ("By Sam Carter\n2:32pm PDT, Jun 8, 2025\n"
            "Ministers met in Brussels on Thursday, June 5, to discuss spending. "
            "They met again on Friday. Last year, budgets rose.")
    evs, inferred = events(text, None)
    assert inferred == "2025-06-08"
    got = [(e.date, e.inferred) for e in evs]
    assert ("2025-06-05", True) in got          # year taken from the inferred date
    assert ("2025-06-06", True) in got          # Friday before June 8
    assert ("2024", True) in got
    # the byline itself is metadata, not an event
    assert all("PDT" not in e.text for e in evs)


def test_no_publication_date_and_nothing_to_infer():
    text = "Ministers met on Thursday. A deal is due later this month. Spending rose in 2019."
    evs, inferred = events(text, None)
    assert inferred is None
    assert [(e.date, e.inferred) for e in evs] == [("2019", False)]


def test_year_from_month_year_mentions_is_inferred():
    text = "Ministers met in early June 2025. The summit on June 24-25 followed."
    evs, inferred = events(text, None)
    assert inferred is None
    summit = [e for e in evs if e.date == "2025-06-24"][0]
    assert summit.inferred and summit.date_end == "2025-06-25"


def test_dateline_date_is_not_an_event():
    text = "BRUSSELS, June 5 - Ministers agreed to raise spending by 2030."
    evs, _ = events(text)
    assert [e.date for e in evs] == ["2030"]


def test_published_with_date_only():
    evs, _ = events("He arrived yesterday.", "2025-06-05")
    assert evs[0].date == "2025-06-04"


def test_published_is_given_so_nothing_inferred():
    _evs, inferred = events("Posted June 8, 2025\nHe arrived yesterday.", PUB)
    assert inferred is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.sampled_from([None, PUB, "2025-06-05", "garbage"]))
def test_never_raises_and_text_is_the_slice(text, published):
    evs, _ = extract_events(text, published, extract_countries(text), [])
    for e in evs:
        assert e.text == text[e.start:e.end]
        assert e.start <= e.date_start < e.date_stop <= e.end
        assert e.precision in ("day", "month", "year")


_WORDS = ["Ministers", "met", "on", "Thursday", "June", "5", "24–25", "2025", ".", ",", "\n",
          "last", "year", "by", "2032", "in", "three", "weeks'", "time", "Germany", "said",
          "yesterday", "224", "2,000", "troops", "BRUSSELS", "-"]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.sampled_from([None, PUB]))
def test_date_heavy_text_offsets(words, published):
    text = " ".join(words)
    evs, _ = extract_events(text, published, extract_countries(text), [])
    for e in evs:
        assert e.text == text[e.start:e.end]


def test_a_list_item_is_an_event_without_its_marker():
    text = ("Key dates:\n- Ministers meet in Vilnius on March 3, 2026\n"
            "• Budgets are due by 1 May 2026\n2) A review follows in June 2026")
    evs, _ = events(text)
    assert [e.text for e in evs] == ["Ministers meet in Vilnius on March 3, 2026", "Budgets are due by 1 May 2026",
                                     "A review follows in June 2026"]
    assert all(e.text == text[e.start:e.end] for e in evs)


def test_a_date_relative_to_the_texts_last_date_is_its_own_event_in_an_undated_article():
    # dates-gold (APW): "later that year" is 1998 from "June 1998", even with no article date,
    # and each entry shows its own clause
    text = ("Munero had fled to Florida in June 1998 and returned to Cuba later that year, only to be "
            "jailed for several months.")
    evs, _ = events(text, None)
    assert [(e.date, e.precision) for e in evs] == [("1998-06", "month"), ("1998", "year")]
    assert evs[0].text != evs[1].text and "later that year" in evs[1].text
    assert not any(e.inferred for e in evs)


@pytest.mark.parametrize("line,kept", [
    ("Updated June 8, 2025", False),               # little more than its date: metadata
    ("(June 8, 2025)", False),                     # a closing bracket is not a sentence's mark
    ('"June 8, 2025"', False),
    ("Updated June 8, 2025.", True),               # a sentence ended with its mark is read as one
    ("Talks resumed on June 8, 2025, in Geneva", True),
])
def test_a_line_that_is_little_more_than_its_date_is_no_event(line, kept):
    evs, _ = extract_events(f"{line}\nMinisters met on June 5, 2025 in Brussels.", "2025-06-10", [], [])
    assert [e.date for e in evs] == (["2025-06-08", "2025-06-05"] if kept else ["2025-06-05"])
