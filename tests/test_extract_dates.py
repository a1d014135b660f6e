"""Date expressions: explicit, ranges, relative, targets, and numbers that are not dates."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract.dates import Reference, find_dates, infer_reference, reference_for

PUB = reference_for("2025-06-05T10:00:00+02:00")      # a Thursday


def dates(text: str, ref: Reference | None = PUB) -> list[tuple]:
    return [(d.date, d.precision, d.date_end) for d in find_dates(text, ref)]


def one(text: str, ref: Reference | None = PUB):
    found = find_dates(text, ref)
    assert len(found) == 1, found
    return found[0]


# --- explicit dates -------------------------------------------------------------------------

@pytest.mark.parametrize("text,date,precision", [
    ("It happened on June 5, 2025.", "2025-06-05", "day"),
    ("It happened on 5 June 2025.", "2025-06-05", "day"),
    ("It happened on the 5th of June 2025.", "2025-06-05", "day"),
    ("Posted Jun 8, 2025 at noon.", "2025-06-08", "day"),
    ("Filed 2025-06-05 by the clerk.", "2025-06-05", "day"),
    ("It was signed in June 2025.", "2025-06", "month"),
    ("It was signed in early June 2025.", "2025-06", "month"),
    ("Prices peaked in Feb. 2022.", "2022-02", "month"),
    ("The war began in 2014.", "2014", "year"),
])
def test_explicit(text, date, precision):
    d = one(text)
    assert (d.date, d.precision) == (date, precision)
    assert not d.relative and not d.inferred
    assert text[d.start:d.end]


def test_weekday_prefix_is_part_of_the_expression():
    text = "Ministers met in Brussels on Thursday, June 5, 2025, for talks."
    d = one(text)
    assert d.date == "2025-06-05"
    assert text[d.start:d.end] == "Thursday, June 5, 2025"


def test_year_less_date_takes_the_reference_year():
    d = one("The vote is on June 24.")
    assert d.date == "2025-06-24" and d.precision == "day"
    # nearest year: a December date read in January is last December
    d = one("Shipments ended December 28.", reference_for("2026-01-03"))
    assert d.date == "2025-12-28"


def test_invalid_day_is_not_a_date():
    assert dates("It happened on February 30, 2025.") == []


# --- ranges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,start,end,precision", [
    ("The summit is on June 24–25.", "2025-06-24", "2025-06-25", "day"),
    ("The summit is on June 24-25, 2025.", "2025-06-24", "2025-06-25", "day"),
    ("The summit runs 24-25 June.", "2025-06-24", "2025-06-25", "day"),
    ("The fair runs June 30 to July 2, 2025.", "2025-06-30", "2025-07-02", "day"),
    ("Output fell from March to May.", "2025-03", "2025-05", "month"),
    ("Output fell between March and May.", "2025-03", "2025-05", "month"),
    ("Output fell March-May 2024.", "2024-03", "2024-05", "month"),
    ("Growth slowed between 2019 and 2021.", "2019", "2021", "year"),
    ("Growth slowed from 2019 to 2021.", "2019", "2021", "year"),
    ("The plan covers 2019-2021.", "2019", "2021", "year"),
    ("The plan covers 2019–21.", "2019", "2021", "year"),
    ("The 1986/87 crop was poor.", "1986", "1987", "year"),
    ("Profit rose in the first quarter of 1987.", "1987-01", "1987-03", "month"),
    ("Profit rose in Q3 2024.", "2024-07", "2024-09", "month"),
    ("Profit rose in the second half of 2024.", "2024-07", "2024-12", "month"),
])
def test_ranges(text, start, end, precision):
    assert dates(text) == [(start, precision, end)]


# --- relative expressions ----------------------------------------------------------------------

@pytest.mark.parametrize("text,date,precision", [
    ("Ministers met on Thursday.", "2025-06-05", "day"),        # publication day itself
    ("Ministers met on Wednesday.", "2025-06-04", "day"),
    ("Ministers met on Monday.", "2025-06-02", "day"),
    ("Ministers met last Thursday.", "2025-05-29", "day"),
    ("Ministers will meet on Monday.", "2025-06-09", "day"),
    ("Ministers are due to meet on Friday.", "2025-06-06", "day"),
    ("Ministers meet next Thursday.", "2025-06-12", "day"),
    ("He arrived yesterday.", "2025-06-04", "day"),
    ("He arrives today.", "2025-06-05", "day"),
    ("He leaves tomorrow.", "2025-06-06", "day"),
    ("Spending rose last year.", "2024", "year"),
    ("Spending rose earlier this year.", "2025", "year"),
    ("Spending will rise next year.", "2026", "year"),
    ("The deal comes later this month.", "2025-06", "month"),
    ("The deal comes this month.", "2025-06", "month"),
    ("The deal came last month.", "2025-05", "month"),
    ("The deal comes next month.", "2025-07", "month"),
    ("The summit is in three weeks' time.", "2025-06-23", "week"),
    ("The summit is in 10 days.", "2025-06-15", "day"),
    ("The law passed two years ago.", "2023", "year"),
    ("The law passed three days ago.", "2025-06-02", "day"),
    ("Spending has risen since February.", "2025-02", "month"),
    ("It won't be met until the end of the year.", "2025", "year"),
])
def test_relative(text, date, precision):
    d = one(text)
    assert (d.date, d.precision) == (date, precision)
    assert d.relative


def test_said_after_will_is_past():
    d = one("NATO will grow, the minister said on Thursday.", reference_for("2025-06-07"))
    assert d.date == "2025-06-05"


def test_since_month_year_is_that_month():
    d = one("Spending has risen since February 2022.")
    assert (d.date, d.precision) == ("2022-02", "month")


def test_relative_without_reference_stays_unresolved():
    assert dates("Ministers met on Thursday and again later this month.", None) == []
    assert dates("Spending rose last year.", Reference()) == []
    assert dates("The vote is on June 24.", None) == []


def test_month_alone_needs_a_cue():
    assert dates("May I ask a question?") == []
    assert dates("March on, soldiers.") == []
    assert dates("The vote is in May.") == [("2025-05", "month", None)]


# --- targets ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,year", [
    ("Members must reach 5% by 2032.", "2032"),
    ("Members must reach 5% by the end of 2030.", "2030"),
    ("They set a target of 2035.", "2035"),
    ("The 2032 target is too late.", "2032"),
    ("It sets a 2030 deadline.", "2030"),
])
def test_targets(text, year):
    d = one(text)
    assert (d.date, d.precision, d.target) == (year, "year", True)


def test_a_past_year_is_not_a_target():
    assert one("In 2017, leaders met.").target is False


# --- numbers that are not dates -----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The army sent 2,000 troops.",
    "The army sent 2000 troops.",
    "Spending is 2% of GDP.",
    "Spending is 3.5% of GDP.",
    "The bill was $2030.",
    "Victory Day in 224 was grand.",
    "The year 3100 is far away.",
    "Borders of pre-2014 Ukraine.",
    "It rose 2025 percent.",
    "Room 1999 is booked.",
    "He paid 1,987 dlrs.",
])
def test_not_dates(text):
    assert dates(text) == []


def test_implausible_years_against_publication():
    assert dates("By 2070 it will be done.", reference_for("2025-06-05")) == [("2070", "year", None)]
    assert dates("By 2090 it will be done.", reference_for("2025-06-05")) == []
    assert dates("In 1750 the town was founded.") == []


# --- inferring a reference ----------------------------------------------------------------------

def test_infer_from_a_byline_date():
    text = "By A. Writer\n2:32pm PDT, Jun 8, 2025\nMinisters met on Thursday, June 5."
    ref, iso = infer_reference(text)
    assert iso == "2025-06-08" and ref.inferred
    ds = find_dates(text, ref)
    assert [d.date for d in ds] == ["2025-06-08", "2025-06-05"]
    assert ds[1].inferred


def test_history_in_the_text_never_dates_the_article():
    """Dates an article tells of are history, not when it was written: it stays undated."""
    for text in ("Talks began on March 3, 2024, and resumed on May 9, 2024, when a long draft that "
                 "nobody had read was tabled.",
                 # BBC politics: a historical date low in the text
                 "Republicans have blamed the deficit on the costs of the war on terror after the "
                 "attacks of 11 September 2001.\nThe figures were published on Tuesday."):
        ref, iso = infer_reference(text)
        assert iso is None and ref.day is None and ref.year is None
        assert not any(d.relative for d in find_dates(text, ref))    # "on Tuesday": unresolved


def test_a_year_less_day_takes_the_year_of_its_month_named_with_one():
    ref, iso = infer_reference("Ministers met in early June 2025 ahead of the June 24 summit.")
    assert iso is None and ref.day is None and ref.year is None
    assert [d.date for d in find_dates("ahead of the June 24 summit", ref)] == ["2025-06-24"]
    # another month gets no year from it: "in July" stays unresolved
    assert find_dates("a second round in July", ref) == []


def test_this_years_budget_anchors_the_year():
    ref, iso = infer_reference("Ministers set out this year's 2005 budget on Monday, and cuts in March.")
    assert iso is None and ref.year == 2005 and ref.day is None
    assert [d.date for d in find_dates("cuts in March", ref)] == ["2005-03"]
    assert find_dates("on Monday", ref) == []            # a weekday needs the day itself


def test_last_or_next_month_in_an_undated_article_stays_unresolved():
    # "last March" counts from when the article was written, which a "March 2002" in its
    # text does not say
    text = ("He was arrested in Zambia in March 2002. He was told he would be released last March, "
            "and again that he would go home next March.")
    ref, iso = infer_reference(text)
    assert iso is None and ref.day is None and ref.year_for(3) == 2002
    assert [d.date for d in find_dates(text, ref)] == ["2002-03"]
    # with the year it was written in, "this March" is that year's
    ref, _ = infer_reference("Ministers set out this year's 2005 budget, with cuts this March.")
    assert [d.date for d in find_dates("with cuts this March", ref)] == ["2005-03"]


def test_since_month_year_does_not_set_the_year():
    ref, iso = infer_reference("Spending has grown since June 2022; talks are on June 24.")
    assert iso is None and ref.year is None and ref.year_for(6) is None


def test_nothing_to_infer():
    ref, iso = infer_reference("Ministers met on Thursday.")
    assert iso is None and ref.day is None and ref.year is None


# --- properties ------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_offsets_are_inside(text):
    for d in find_dates(text, PUB):
        assert 0 <= d.start < d.end <= len(text)
        assert d.precision in ("day", "month", "year")


_TOKENS = ["June", "5", "24–25", ",", "2025", "Thursday", "on", "by", "last", "year", "in",
           "three", "weeks'", "time", "between", "and", "2019", "2021", "the", "end", "of",
           "May", "March", "-", "Q1", "ago", "since", "February", "30", "31", "0", "9999"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=14))
def test_date_like_text_never_raises(tokens):
    text = " ".join(tokens)
    for d in find_dates(text, PUB):
        assert text[d.start:d.end].strip() == text[d.start:d.end]


# --- numbers that are not years (BBC sentences) -------------------------------------------------

@pytest.mark.parametrize("text", [
    "Light crude oil for February delivery rose 41 cents to $10.44 by 1830 GMT.",
    "The Orange British Academy Film Awards will be shown on BBC One at 2010 GMT on Saturday.",
    "The match kicks off at 1945 local time.",
])
def test_clock_times_are_not_years(text):
    assert [d for d in find_dates(text) if d.precision == "year"] == []


def test_a_dateline_day_does_not_take_a_clock_time_on_the_next_line_as_its_year():
    text = "Ewood Park\n\nTuesday, 1 March\n\n2000 GMT\n\nHoward Webb (South Yorkshire)"
    assert [d.date for d in find_dates(text, Reference())] == []
    assert infer_reference(text)[1] is None


def test_by_a_past_date_with_a_past_tense_is_not_a_target():
    text = "It claims Tony Blair felt by November 2003 he had lost voters' trust because of the Iraq war."
    d = one(text, reference_for("2005-01-10"))
    assert d.date == "2003-11" and not d.target
    assert not one(text, Reference()).target


def test_by_a_years_work_is_not_a_target():
    """"held by 1995's Lion King": a possessive year before a title names a work of that year."""
    text = "The sales record is held by 2001's Silver Harbour, followed by two sequels."
    d = one(text, Reference())
    assert d.date == "2001" and not d.target
    assert one("Emissions must fall by 2030's end, the plan says.", Reference()).target


def test_a_target_lies_after_the_article_date():
    text = "The government wants to halve child poverty by 2010."
    assert one(text, reference_for("2005-01-10")).target
    assert not one(text, reference_for("2011-03-01")).target      # told after the date passed


# --- relative and partial dates by tense and nearness (sentences from dates-gold and BBC) ---------

def _on(text: str, published: str) -> list[tuple]:
    return dates(text, reference_for(published))


@pytest.mark.parametrize("text,published,want", [
    # a Wednesday article: the future "on Thursday" is the next day, not the one before
    ("Albright will leave Nairobi on Thursday for Dar es Salaam.", "1998-08-19", "1998-08-20"),
    # a Friday article: "will meet separately Monday" is the coming Monday
    ("The two leaders will meet separately Monday with the mediators.", "2000-01-07", "2000-01-10"),
    # past tense: the most recent such day on or before the article date
    ("The embassy was bombed on Friday, officials said.", "1998-08-10", "1998-08-07"),
    ("The group would be ready to leave as soon as Tuesday, Castro said.", "2000-04-03", "2000-04-04"),
    ("The group might come to the U.S. as early as Tuesday.", "2000-04-03", "2000-04-04"),
    # the points of "a.m." do not end the clause that holds "will leave"
    ("The father will leave at 4 in the morning (4 a.m. EDT Thursday), Castro said.", "2000-04-05",
     "2000-04-06"),
])
def test_weekdays_by_tense(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == [want]


@pytest.mark.parametrize("text", [
    "The panel will meet on Thursday.", "The panel met on Thursday.", "The panel meets Thursday.",
    "Thursday's vote was close.", "The committee said on Thursday it had agreed.",
])
def test_the_articles_own_weekday_is_its_day_whatever_the_tense(text):
    # (the tense of the clause is not read: either way the day is the article's)
    assert dates(text) == [("2025-06-05", "day", None)]


@pytest.mark.parametrize("text,published,want", [
    ("Investigators studied the Aug. 7 terrorist blasts in Nairobi.", "1998-08-18", "1998-08-07"),
    ("Elian must be returned to his father by Jan. 14.", "2000-01-06", "2000-01-14"),
    ("Production fell sharply in early August.", "2013-03-20", "2012-08"),
    ("The new plant will open in August.", "2013-03-20", "2013-08"),
    ("He won the title in June last year.", "2013-03-20", "2012-06"),
])
def test_a_month_or_day_without_a_year_takes_the_nearest_that_fits_the_tense(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == [want]


def test_weeks_have_week_precision():
    assert _on("Talks resumed this week in Geneva.", "2013-03-20") == [("2013-03-18", "week", None)]
    assert _on("Shares fell last week.", "2013-03-20") == [("2013-03-11", "week", None)]
    assert _on("Ministers meet again next week.", "2013-03-20") == [("2013-03-25", "week", None)]


@pytest.mark.parametrize("text,want", [
    ("The company expects to finish the sale by year-end.", [("2013", "year", None)]),
    ("Rules should be in place by year's end.", [("2013", "year", None)]),
    # a point in time: the last day of the year; in the past, the year-end gone by
    # (dates-gold, WSJ)
    ("The percentage change is since year-end.", [("2012-12-31", "day", None)]),
    # not a point (Reuters-21578): the end of last year
    ("Increases in durable goods orders at year's end reinforced the view that businesses "
     "anticipated the changing tax law.", [("2012", "year", None)]),
    # roughly then: December (dates-gold, WSJ); a fiscal year-end: its day is not said
    ("The transaction is expected to close around year end.", [("2013-12", "month", None)]),
    ("Debt fell to 12 mln dlrs at the fiscal year-end.", []),
    ("Sales rose 5% from a year ago.", [("2012-03-20", "day", None)]),
    ("Prices fell earlier this month.", [("2013-03", "month", None)]),
    ("A decision is expected later this month.", [("2013-03", "month", None)]),
    ("The treaty was signed in nineteen ninety-six.", [("1996", "year", None)]),
    ("Third-quarter profit fell 12%.", [("2012-07", "month", "2012-09")]),
])
def test_other_relative_expressions(text, want):
    assert _on(text, "2013-03-20") == want


@pytest.mark.parametrize("text", [
    "The reactor will be finished in five years.",
    "The two sides have fought for decades.",
    "Several years ago the town flooded.",
    "Prices could double in two months.",
])
def test_vague_durations_are_not_dates(text):
    assert _on(text, "2013-03-20") == []


def test_without_an_article_date_relative_expressions_stay_unresolved():
    for text in ("Talks resumed this week in Geneva.", "The embassy was bombed on Friday.",
                 "Sales rose 5% from a year ago.", "He won the title in June last year."):
        assert dates(text, Reference()) == []


@pytest.mark.parametrize("text,published,want", [
    # a weekday named with the day pins the year
    ("The New York Times said in an editorial on Monday, Oct. 26:", "1998-10-25", "1998-10-26"),
    # "payable", "effective": a date ahead, whatever tense the rest of the sentence is in
    ("ONEIDA Ltd. declared a 10% stock dividend, payable Dec. 15 to stock of record Nov. 17.",
     "1989-10-26", "1989-12-15"),
    # the report's own verb ("said") is not the tense of the date it reports
    ("Conseco Inc. said it is calling for the redemption on Dec. 7 of its preferred shares.",
     "1989-10-30", "1989-12-07"),
])
def test_the_year_of_a_day_named_without_one(text, published, want):
    assert _on(text, published)[0][0] == want


@pytest.mark.parametrize("text,published,want", [
    # a fronted date takes the tense of the verb that follows it
    ("In March, American Medical received a $100 million loan.", "1989-10-27", "1989-03"),
    ("In September, it announced plans to sell its plants.", "1989-10-30", "1989-09"),
    # "due to" is "because of", not a date ahead
    ("It cut the dividend due to its third-quarter loss of $992,000.", "1989-11-02", "1989-07"),
])
def test_tense_around_a_year_less_month_or_quarter(text, published, want):
    assert _on(text, published)[0][0] == want


# --- tense: what marks it and what does not (sentences from dates-gold) ----------------------

@pytest.mark.parametrize("text,published,want", [
    # a passive participle after "be" is not the past: "will be paid Dec. 14" lies ahead
    ("The increased dividend will be paid Dec. 14 to holders of record Nov. 15.", "1989-10-26",
     ["1989-12-14", "1989-11-15"]),
    ("The accession would still be held at the NATO Washington summit on April 24.", "1999-02-10",
     ["1999-04-24"]),
    # a past perfect governs the date, whatever future word is nearer
    # ... unless it tells of a plan made then
    ("The companies had been given until April 22 to comply.", "1987-03-05", ["1987-04-22"]),
    ("Only two members had filed compliance reports by Wednesday.", "1990-08-16", ["1990-08-15"]),
    ("Until Thursday, they had not called Kopp a suspect.", "1999-05-07", ["1999-05-06"]),
    # ... but not from inside a relative clause set off by commas
    ("The sale, which had been expected, is part of a plan to pay down the loan by February.",
     "1989-10-30", ["1990-02"]),
    # "since" points back
    ("Investigators have been searching for Kopp since shortly after the Oct. 23 slaying.",
     "1999-05-06", ["1998-10-23"]),
    # "is to" + verb, and a scheduled present ("meet Monday"), point ahead
    ("The stock is to resume trading in Paris Tuesday.", "1989-10-27", ["1989-10-31"]),
    ("He and Arafat meet separately Monday with the Secretary of State.", "1998-05-01", ["1998-05-04"]),
    # "next to" is a place, not a time ahead
    ("Over 1,000 were injured since a bomb ripped through a building next to the embassy Friday morning.",
     "1998-08-08", ["1998-08-07"]),
    # "before" a date ahead is a deadline
    ("They hope to negotiate quotas before September 30, delegates said.", "1987-03-01", ["1987-09-30"]),
    # an "-ed" adjective is not a past tense
    ("The split would be paid on a still unspecified date in January to holders of record Dec. 21.",
     "1989-10-26", ["1990-01", "1989-12-21"]),
    # "before" is not a deadline: "before Friday's purchases" is history
    ("Nestle's share of 7% before Friday's purchases is far below the leaders'.", "1989-10-30",
     ["1989-10-27"]),
])
def test_tense_markers(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == want


@pytest.mark.parametrize("text,want", [
    ("Orangemen march each July from their rural church.", []),
    ("The third flight departs every Thursday from August 6.", [("1998-08-06", "day", None)]),
])
def test_recurring_days_and_months_are_not_dates(text, want):
    assert _on(text, "1998-03-22") == want


def test_the_last_week_is_a_span_not_a_date():
    assert _on("He has been in Bethesda for the last week, she said.", "2000-04-14") == []
    assert _on("Shares fell over the last month.", "2000-04-14") == []
    # but "last week" alone is the week before
    assert _on("Shares fell last week.", "2000-04-14") == [("2000-04-03", "week", None)]


@pytest.mark.parametrize("text,published,want", [
    ("Net sales for this year's third quarter were $14 million.", "1989-11-01", ("1989-07", "1989-09")),
    ("It could be effective as early as next year's first quarter.", "1989-10-31", ("1990-01", "1990-03")),
    ("In the 1988 third quarter, the company posted a net loss.", "1989-10-26", ("1988-07", "1988-09")),
    # a year-less quarter just ended is that one, whatever the tense of a plan around it
    ("It plans to restructure in the wake of a third-quarter loss of $7.7 million.", "1989-10-26",
     ("1989-07", "1989-09")),
])
def test_quarters_named_with_a_year_word(text, published, want):
    assert [(d, e) for d, _p, e in _on(text, published)] == [want]


@pytest.mark.parametrize("text,published,want", [
    # the quarter about to begin is not "near" in a past-tense clause
    ("Productivity rose 0.5 pct in the second quarter.", "1987-03-02", ("1986-04", "1986-06")),
    ("The sale is expected to be completed during the second quarter.", "1987-03-02", ("1987-04", "1987-06")),
])
def test_an_upcoming_quarter_by_tense(text, published, want):
    assert [(d, e) for d, _p, e in _on(text, published)] == [want]


def test_a_year_ago_in_a_results_report_is_the_year_ago_quarter():
    report = ("Third-quarter net income rose 12% to $45 million, or $1.35 a share, "
              "from $40 million, or $1.12 a share, a year ago. ")
    assert _on(report, "1989-11-01") == [("1989-07", "month", "1989-09"), ("1988-07", "month", "1988-09")]
    # the quarter the sentence names wins over one named before
    text = ("Profit fell in the third quarter. In the comparable year-ago quarter, the second "
            "quarter ended Oct. 31, it had a loss.")
    got = _on(text, "1989-10-27")
    assert ("1988-04", "month", "1988-06") in got
    # figures for nine months: the year before
    text = ("Third-quarter profit rose. Profit for the first nine months was $9 million, compared "
            "with $8 million a year earlier.")
    assert ("1988", "year", None) in _on(text, "1989-10-26")
    # a year the sentence names: the year before it
    text = "First-quarter profit fell. Unit labour cost rose 2.2 pct in 1986 after a 3.3 pct rise a year earlier."
    assert ("1985", "year", None) in _on(text, "1987-03-02")
    # with no quarter in sight "a year ago" is that day, and "a year earlier" (relative to a date
    # we do not know) is nothing
    assert _on("He was elected a year ago.", "1989-10-26") == [("1988-10-26", "day", None)]
    assert _on("He had been elected a year earlier.", "1989-10-26") == []


@pytest.mark.parametrize("text,want", [
    ("A decade ago, Poland was still under the Soviet umbrella.", [("1989", "year", None)]),
    ("NATO warplanes helped end the war in Bosnia almost four years ago.", [("1995", "year", None)]),
    ("The men launched the revolution more than four decades ago.", []),
])
def test_decades_and_rough_spans_ago(text, want):
    assert _on(text, "1999-03-12") == want


@pytest.mark.parametrize("text,published,want", [
    ("Elian was found Thanksgiving Day clinging to an inner tube.", "2000-01-07", ["1999-11-25"]),
    ("He was found in the Atlantic last Thanksgiving after a boat wreck.", "2000-02-10", ["1999-11-25"]),
    ("Leaders will meet again on Christmas Eve.", "1999-12-01", ["1999-12-24"]),
    ("Talks resume after Easter, officials said.", "2000-04-17", ["2000-04-23"]),
    ("The fireworks on New Year's Eve drew a million people.", "2000-01-03", ["1999-12-31"]),
    # a holiday as a season or an attribute is not a day
    ("Shops expect a record Christmas shopping season.", "2000-02-10", []),
    ("Protesters prayed as Easter week began.", "2000-04-17", []),
])
def test_holidays_by_tense_and_nearness(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == want


# --- dates relative to a date the text gives ------------------------------------------------

@pytest.mark.parametrize("text,published,want", [
    # dates-gold (APW, 2000-01-28)
    ("Munero had fled to Florida in June 1998 and returned to Cuba later that year, only to be "
     "jailed for several months.", "2000-01-28", ["1998-06", "1998"]),
    # dates-gold (APW, 1998-04-18)
    ("On May 22, 1995, Farkas was made a brigadier general, and the following year he was "
     "appointed military attache at the Hungarian embassy in Washington.", "1998-04-18", ["1995-05-22", "1996"]),
    # Reuters-21578
    ("Ivaco earlier reported 1986 profit rose to 44.1 mln dlrs, after a one mln dlr extraordinary "
     "gain, from 35.1 mln dlrs the previous year.", "1987-03-02", ["1986", "1985"]),
    ("Hyundai began selling the car in the U.S. on February 20, 1986. Sales that month totaled 588.",
     "1987-03-04", ["1986-02-20", "1986-02"]),
    # dates-gold (APW, 1999-10-24)
    ("Slepian was killed on Oct. 23, 1999 by a sniper hiding in his backyard. Earlier that day, the "
     "Slepian family sent a fax to local police", "1999-10-24", ["1999-10-23", "1999-10-23"]),
])
def test_that_year_the_following_year_take_the_date_the_text_gave_just_before(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == want


@pytest.mark.parametrize("text", [
    # the last date was resolved by nearness (Reuters-21578): "that year" is 1989, not its year
    # (not taking 1987 from the year-less September)
    "The first is due for delivery in April 1989 with the others arriving in May, June and "
    "September of that year, he said in a statement.",
    # a year is not precise enough for "the next day"
    "In 1995 the plant closed. The next day the workers marched.",
    # no date before it
    "Earlier that day, the family sent a fax to local police.",
])
def test_an_anchored_expression_without_a_sound_anchor_is_not_dated(text):
    got = find_dates(text, reference_for("1987-03-02"))
    assert not [d for d in got if text[d.start:d.end].lower().endswith(("that year", "next day", "that day"))]


@pytest.mark.parametrize("text,published,want", [
    # dates-gold (WSJ, a Thursday): a weekday that names a deadline is dated by the clause's tense
    ("Sony Corp. completed its tender offer for Columbia Pictures Entertainment Inc., with Columbia "
     "shareholders tendering 99.3% of all common shares outstanding by the Tuesday deadline.",
     "1989-11-02", "1989-10-31"),
    # dates-gold (APW, a Friday): "were planning to" looks ahead from then, it is no past
    ("Protesters planned a large demonstration in Little Havana on Saturday and were planning to "
     "drive around Miami International Airport on Monday.", "2000-01-07", "2000-01-08"),
    # Reuters-21578 (a Monday): the reporting verb governs the day, not the reported "would"
    ("Finance Secretary Jaime Ongpin told reporters on Saturday that Sy would definitely sit on the "
     "SMC board.", "1987-03-02", "1987-02-28"),
])
def test_weekday_tense_from_the_verb_that_governs_it(text, published, want):
    assert [d for d, _p, _e in _on(text, published)][0] == want


def test_the_week_of_a_day_is_that_week():
    # dates-gold (NYT, 2000-02-24)
    text = ("In a drama that has divided his once close-knit family and may finally be resolved in a "
            "court hearing the week of March 6, Manuel Gonzalez, 59, a soft-spoken bus mechanic, has "
            "remained")
    assert _on(text, "2000-02-24") == [("2000-03-06", "week", None)]


@pytest.mark.parametrize("text", [
    "This is VOA Today.",                                   # dates-gold (VOA): a programme's name
    "``The case of Elian is for today's youth what 40 years of the blockade, armed invasions, "
    "sabotage and",                                         # dates-gold (APW): nowadays
    "\"If I were choosing the people of tomorrow, I would have chosen the people who are now on the "
    "board,\" he said.",                                     # dates-gold (WSJ): the future
])
def test_today_as_a_name_or_as_nowadays_is_not_a_date(text):
    assert _on(text, "2000-01-07") == []


def test_as_of_today_is_a_date():
    # Reuters-21578
    assert _on("As of today, about 45,690 shares were tendered.", "1987-03-02") == [("1987-03-02", "day", None)]


def test_the_year_period_of_a_results_report_is_the_reported_quarter_that_year():
    # Reuters-21578
    text = ("For its fourth-quarter ended December 31, 1986, Rospatch reported net loss 2,649,000 or "
            "1.10 dlrs a share compared a loss of 627,500 or 35 cts profit for the 1985 period.")
    assert ("1985-10", "month", "1985-12") in _on(text, "1987-03-02")
    # dates-gold (WSJ): a sentence about nine months compares years
    text = ("Third-quarter net rose 8%. In the nine months, net was $306 million, compared with a loss "
            "of $195 million in the 1988 period.")
    assert ("1988", "year", None) in _on(text, "1989-11-02")


@pytest.mark.parametrize("text,want", [
    # dates-gold (CNN, PRI transcripts)
    ("A bomb blast shocks the Olympic games. One person is killed. January nineteen ninety-seven. "
     "Atlanta again.", [("1997-01", "month", None)]),
    ("His promise to half unemployment by the year two thousand has now been abandoned.",
     [("2000", "year", None)]),
    # a count, not a year
    ("Some two thousand workers marched on the ministry.", []),
])
def test_years_in_words_with_a_month_or_after_the_year(text, want):
    assert _on(text, "1998-02-27") == want


def test_the_current_quarter_is_the_one_the_article_is_dated_in():
    # Reuters-21578
    text = "Smith sees GE earning 1.35 dlrs per share in the current quarter."
    assert _on(text, "1987-03-17") == [("1987-01", "month", "1987-03")]
    # a results table's "Current quarter net" is the quarter reported, not the running one
    assert _on("Current quarter net includes 580,000 dlr tax credit.", "1987-03-17") == []


@pytest.mark.parametrize("text,published,want", [
    # dates-gold (APW): written on March 1, "last February" is not last month
    ("In addition, 73 soldiers were killed en route to Lebanon when two military helicopters "
     "crashed last February.", "1998-03-01", ("1997-02", "month", None)),
    # Reuters-21578
    ("Toyota Motor Sales, U.S.A. Inc said its February car sales totaled 36,811, down from 40,012 last "
     "February.",
     "1987-03-04", ("1986-02", "month", None)),
    # dates-gold (WSJ)
    ("The company expects the trend to continue into the fourth quarter and through at least the "
     "first two quarters of 1990, when the industry will increasingly see the effect of price erosion.",
     "1989-10-26", ("1990-01", "month", "1990-06")),
    # dates-gold (NYT): a fronted month takes the tense of the verb after its comma ("Ala." and
    # "vs." end no clause)
    ("The shootings date to 1994. In January, a week after the 25th anniversary of the Roe vs. Wade "
     "Supreme Court decision, a clinic bombing in Birmingham, Ala., killed a security guard and "
     "severely wounded a nurse.", "1998-10-25", ("1998-01", "month", None)),
])
def test_months_and_quarters_by_what_the_words_around_them_say(text, published, want):
    assert want in _on(text, published)


def test_a_weekday_in_the_past_perfect_is_past_even_for_a_plan():
    # dates-gold (WSJ, a Monday): the offer was extended; the day it had been due is behind
    text = ("The offer, which Telerate's two independent directors have rejected as inadequate, "
            "previously had been scheduled to expire at midnight Friday.")
    assert _on(text, "1989-10-30") == [("1989-10-27", "day", None)]


@pytest.mark.parametrize("text,want", [
    # Reuters-21578: the sentence's quarter, last year
    ("Because of these acquisitions, it said, first quarter sales will be substantially higher than "
     "last year's 67.1 mln dlrs.", ("1986-01", "month", "1986-03")),
    # no quarter in the sentence: the year
    ("The board noted the growth in the main estimates is the lowest since 1962, and below last "
     "year's 3.9 pct increase.", ("1986", "year", None)),
])
def test_last_years_figure_in_a_sentence_on_a_quarter_is_that_quarter_last_year(text, want):
    assert want in _on(text, "1987-02-26")


@pytest.mark.parametrize("text,published,want", [
    # dates-gold (APW, a Friday): the ruling is behind, whatever "would look" says
    ("The boy's relatives in Miami said they would look for ways to get around Wednesday's ruling by "
     "the U.S. Immigration and Naturalization Service", "2000-01-07", "2000-01-05"),
    # Reuters-21578 (a Thursday)
    ("He said that about 750 mln dlrs of Wednesday's float figure was due to holdover and "
     "transportation float", "1987-02-26", "1987-02-25"),
    # a plan named by its day is ahead
    ("Senators prepared for Tuesday's scheduled vote on the bill.", "1987-02-26", "1987-03-03"),
])
def test_a_day_named_as_a_happenings_is_past_unless_planned(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == [want]


def test_with_no_tense_a_year_less_day_half_a_year_off_is_the_past_one():
    # dates-gold (NYT, 1998-02-06): August 6 is 181 days ahead and 184 behind
    text = ("Stocks rose, pushing the Dow Jones industrial average up 72.24 points, to 8,189.49, leaving "
            "the index within 70 points of its record high set on Aug. 6.")
    assert _on(text, "1998-02-06") == [("1997-08-06", "day", None)]


def test_the_year_ago_period_is_the_reports_quarter_named_first_not_a_later_comparison():
    # dates-gold (WSJ, 1989-11-01), the lead and a later comparison written for the test
    text = ("Third-quarter profit rose 5% to $120 million. Net was up 9% from the second quarter. "
            "The quarter-to-quarter comparison was also enhanced by charges taken in the year-earlier "
            "period, including $11 million related to the modernization of a pulp and newsprint mill.")
    assert ("1988-07", "month", "1988-09") in _on(text, "1989-11-01")


@pytest.mark.parametrize("text,published,want", [
    # "year-ago" is an adjective, not a past tense: the quarter's end is ahead
    ("The firm expects profit for the quarter ending May 30 to top the year-ago level.", "1987-02-26",
     ["1987-05-30"]),
    # a clause ends after a number before a quoted sentence: its "had" is not the date's
    ('The accord with the banks expires on June 30. "We had many talks," the minister said.', "1987-03-06",
     ["1987-06-30"]),
    # a condition still to be met lies ahead
    ("The board declared a stock split, subject to approval at the April 23 annual meeting.", "1987-03-02",
     ["1987-04-23"]),
    # a reporting verb with a subject after it does not govern the date: the plan is ahead
    ("The trade envoy said he plans a July trip to Peking.", "1987-03-04", ["1987-07"]),
    # "yet specified" is an adjective, not a past tense
    ("The notes will trade in Frankfurt from May, with no date yet specified.", "1987-03-05", ["1987-05"]),
    # "as recently as" looks back
    ("The minister as recently as December 17 said there would be no cuts.", "1987-03-13", ["1986-12-17"]),
    # "that" before a participle opens a relative clause: "started" is the date's verb
    ("The company will end the lockout that started December 14.", "1987-03-16", ["1986-12-14"]),
    # "starts", like "begins", looks ahead
    ("The main crop season officially starts on October 1.", "1987-03-12", ["1987-10-01"]),
    # a past form after a determiner is an adjective ("an earlier pact")
    ("Funds will be credited on Thursday, when an earlier pact expires.", "1987-03-03", ["1987-03-05"]),
    # "is expected" looks ahead
    ("The oil minister is expected here on Friday for talks.", "1987-03-04", ["1987-03-06"]),
    # a reporting verb in the passive is not the past
    ("Results will be announced on Tuesday.", "1987-03-05", ["1987-03-10"]),
    # a perfect participle ("having completed") is before the clause's time, not the past
    ("He will fly to Tokyo on Sunday, after having completed a trip.", "1987-03-05", ["1987-03-08"]),
])
def test_tense_markers_newswires_use(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == want


def test_a_weekday_with_a_plural_part_of_the_day_is_a_habit_not_a_date():
    text = "Two new flights will leave Bombay on Monday and Tuesday nights, and one on Friday mornings."
    assert _on(text, "1998-02-13") == []
    # a single night is a date
    assert _on("The flight will leave on Monday night.", "1998-02-13") == [("1998-02-16", "day", None)]


def test_a_weekday_with_its_week_named_is_that_weeks_day():
    # a Thursday article
    got = _on("He said the strike had to be settled by Monday this week.", "1987-03-05")
    assert ("1987-03-02", "day", None) in got
    got = _on("The talks will end by Friday next week.", "1987-03-05")
    assert ("1987-03-13", "day", None) in got and ("1987-03-06", "day", None) not in got


def test_a_month_of_last_year_is_one_date():
    assert _on("Prices last rose in April of last year.", "1987-02-26") == [("1986-04", "month", None)]
    assert _on("The plant reopens in June of next year.", "1987-02-26") == [("1988-06", "month", None)]


@pytest.mark.parametrize("text,published,want", [
    # "last" before a year-less day: the latest such day before the article, whatever the tense
    ("The banks agreed the loans last April 24.", "1987-06-19", "1987-04-24"),
    ("Prices were frozen under a plan announced last February 28.", "1987-02-26", "1986-02-28"),
    # "next": the first such day after it
    ("Growth in the year ending next March 31 could be three pct.", "1987-04-08", "1988-03-31"),
    # a leap day: the nearest one that exists on that side
    ("The accord was signed last February 29.", "1987-01-10", "1984-02-29"),
    ("The accord runs out next February 29.", "1987-01-10", "1988-02-29"),
])
def test_last_or_next_before_a_day_and_month(text, published, want):
    assert [d for d, _p, _e in _on(text, published)] == [want]


def test_a_reporting_verb_does_not_govern_a_date_after_another_preposition():
    # "said from September": when the plan starts, not when it was said
    got = _on("They said from September a state body will guarantee the loans.", "1987-03-18")
    assert got == [("1987-09", "month", None)]
    # but "said in January" is when it was said
    assert _on("The minister said in January the loans were safe.", "1987-03-18") == [("1987-01", "month", None)]


@pytest.mark.parametrize("text,found", [
    # the words the scan looks for only in a text that holds them
    ("Profit rose in the second half of 2024.", ("2024-07", "month", "2024-12")),
    ("He left two years ago.", ("2023", "year", None)),
    ("He arrives today.", ("2025-06-05", "day", None)),
    ("He leaves tomorrow.", ("2025-06-06", "day", None)),
    ("He speaks tonight.", ("2025-06-05", "day", None)),
    ("It was built in nineteen ninety-six.", ("1996", "year", None)),
    ("It was built in twenty twelve.", ("2012", "year", None)),
    ("It was built in the year two thousand.", ("2000", "year", None)),
])
def test_each_word_the_scan_looks_for_only_when_held_is_found(text, found):
    assert dates(text) == [found]


def test_a_clause_read_case_blind_gives_one_tense_whatever_its_characters():
    # an ASCII clause is read lower-cased, any other with the case-blind patterns: the same tense
    ahead, behind = [("2025-06-06", "day", None)], [("2025-05-30", "day", None)]
    assert dates("The panel WILL MEET on Friday.") == dates("The panel will meet on Friday, £5 a seat.") == ahead
    assert dates("The vote HAD been held by Friday.") == dates("The vote had been held by Friday – £5.") == behind
    assert dates("He'll sign it on Friday.") == dates("He’ll sign it on Friday.") == ahead


def test_any_case_matches_what_the_case_blind_list_matches():
    # the date patterns' case-blind word lists are written with a class for each first letter:
    # every character whose case mappings touch ASCII, put first, matches as it does case-blind,
    # and where several words match, the same one (the list's order) wins
    import re

    from ingest.extract.dates import any_case

    words = ("january", "june", "jun", "september", "sept", "sep", "in", "kilo", "the", "that", "1st", "a",
             "a few", "last", "dec")
    fast, blind = re.compile(any_case(*words)), re.compile("(?i:" + "|".join(words) + ")")
    firsts = [chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000
              and any(f(chr(i))[:1].isascii() for f in (str.lower, str.upper, str.casefold))]
    for w in words:
        for c in firsts:
            for text in (c + w[1:], c + w[1:] + " few", c + w[1:] + "tember 5"):
                a, b = fast.match(text), blind.match(text)
                assert (a and a.span()) == (b and b.span()), (w, hex(ord(c)), text)


# --- the scan's short cuts give what the plain reading gives ----------------------------------------

def _plain_prev_word(text: str, p: int) -> str:
    tail = text[max(0, p - 24):p].rstrip(" \t\r\n,")
    i = len(tail)
    while i > 0 and (tail[i - 1].isalnum() or tail[i - 1] == "-"):
        i -= 1
    return tail[i:].lower()


_WORDISH = st.one_of(st.text(alphabet="aZé9-_.'’(ſİ²", max_size=6), st.sampled_from(["said", "on", "U.S.", "mid-"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_WORDISH, st.sampled_from([" ", ", ", "\t", "\n", "", "  ", " (", "-"])), max_size=8),
       st.integers(0, 60))
def test_the_previous_word_is_the_run_of_letters_digits_and_hyphens_before(parts, p):
    from ingest.extract.dates import prev_word

    text = "".join(w + sep for w, sep in parts)
    p = min(p, len(text))
    assert prev_word(text, p) == _plain_prev_word(text, p)


_LEAD_TOKENS = [
    "the", "The", "THE", "a", "A", "an", "one", "Two", "twelve", "several", "few", "couple", "3", "12", "123",
    "1234", "first", "Second", "third", "fourth", "1st", "4th", "final", "last", "Last", "this", "next",
    "earlier", "Later", "early", "late", "that", "same", "following", "previous", "preceding", "end", "End",
    "of", "in", "In", "year", "Year", "years", "year-end", "year's", "year-ago", "year-earlier", "month",
    "week", "weeks", "weeks'", "day", "days", "decades", "quarter", "quarters", "half", "ago", "before",
    "time", "current", "present", "comparable", "period", "results", "fiscal", "1987", "said", "ſecond",
    "İn", "thıs", "-", ",", "it",
]


def _low_leads_agree(text: str) -> None:
    # before a unit word the scan tries only the expressions a word can start: at every word,
    # they match as the whole alternation does (or, where none is tried, the alternation fails)
    import re

    from ingest.extract.dates import LOW_LEAD, low_lead_at

    for w in re.finditer(r"\w+", text):
        want = LOW_LEAD.match(text, w.start())
        at = low_lead_at(w.group())
        got = at.match(text, w.start()) if at is not None else None
        assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup)), (text, w.group())


@pytest.mark.parametrize("phrase", [
    # each word each expression can start with
    "earlier this year", "Later this month", "early next week", "late last year", "last week", "This year",
    "next month", "year-end", "year's end", "the end of the year", "End of this month", "in three weeks",
    "In 2 days' time", "3 days ago", "123 days ago", "a year ago", "An year ago", "one month ago",
    "two weeks ago", "Three years ago", "four days ago", "five days ago", "six days ago", "seven days ago",
    "eight days ago", "nine days ago", "ten days ago", "eleven days ago", "twelve days ago",
    "several decades ago", "the year-ago quarter", "year-earlier period", "The same year-ago period",
    "the first quarter of 1987", "second half of 2024", "1st quarter of 1990", "2nd half of 1988",
    "3rd quarter of 1987", "4th quarter this year", "the final quarter of 1999", "last quarter of 1990",
    "third quarter next year", "fourth quarter of 1986", "the third quarter", "first-quarter", "second quarter",
    "Fourth quarter", "earlier that day", "later that year", "that month", "the following year", "the same day",
    "the previous month", "the preceding year", "the next day", "the current quarter", "the present quarter",
    "first two quarters of 1990", "last three quarters of 1989",
])
def test_the_expressions_tried_at_a_word_are_all_that_can_start_there(phrase):
    from ingest.extract.dates import LOW_LEAD

    assert LOW_LEAD.match(phrase) is not None          # (the phrase is one of the expressions)
    _low_leads_agree(phrase)
    _low_leads_agree(f"Sales rose {phrase}, it said.")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_LEAD_TOKENS), min_size=1, max_size=10), st.sampled_from([" ", "-", "  "]))
def test_the_expressions_tried_at_any_word_match_as_the_whole_alternation(tokens, sep):
    _low_leads_agree(sep.join(tokens))


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.none(),
    st.builds(lambda w, d, t: w + d.isoformat() + t, st.sampled_from(["", " ", "\t "]), st.dates(),
              st.sampled_from(["", "T15:01:01", "T00:00:00+02:00", "Z", " x"])),
    st.text(alphabet="0123456789-T: ٣\t", max_size=24)))
def test_a_reference_is_the_publication_day_whatever_follows_it(published):
    # references are kept by day: each is the one the whole string gives
    from ingest.extract.dates import parse_published

    day, year = parse_published(published)
    assert reference_for(published) == Reference(day=day, year=year, inferred=False)
    assert reference_for(published) == Reference(day=day, year=year, inferred=False)   # (kept)


# A year right after a capitalised word inside a sentence is the number in a name, not a date;
# after a place, a people, a party, a season or a month it is a date.
@pytest.mark.parametrize("text", [
    "Police may hold them under the Harbour Security Act 2011 for questioning.",
    "The update only runs on machines with Orbix 2000 installed.",
    "Tickets for the Lakeside Festival 2019 sold out within hours.",
])
def test_a_year_in_a_name_is_no_date(text):
    assert [m for m in find_dates(text) if m.precision == "year"] == []


@pytest.mark.parametrize("text, year", [
    ("He first stood in Ohio 1996 and lost.", "1996"),
    ("The French 1986 current account surplus was revised.", "1986"),
    ("None of the Republican 2016 hopefuls came.", "2016"),
    ("The shops were busy at Christmas 2004 in the town.", "2004"),
    ("Sales rose in 2004.", "2004"),
])
def test_a_year_after_a_place_or_a_season_is_a_date(text, year):
    assert year in [m.date for m in find_dates(text)]
