"""Figures: GDP shares, money, troops, spending percentages, with their country and year."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract.countries import extract_countries
from ingest.extract.figures import extract_figures

PUB = "2025-06-05"


def figs(text: str, published: str | None = PUB):
    return extract_figures(text, extract_countries(text), published)


def one(text: str, published: str | None = PUB):
    found = figs(text, published)
    assert len(found) == 1, found
    return found[0]


# --- shares of GDP ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,expr", [
    ("Poland spends 4% of GDP on defence.", 4.0, "4% of GDP"),
    ("Greece spends 3.5% of its gross domestic product on defence.", 3.5,
     "3.5% of its gross domestic product"),
    ("Norway spends two percent of GDP on defence.", 2.0, "two percent of GDP"),
    ("Chile spends 1.5 per cent of GDP on defence.", 1.5, "1.5 per cent of GDP"),
    ("Japan's budget is 2 pct of GNP.", 2.0, "2 pct of GNP"),
    ("Members agreed a 5% GDP goal.", 5.0, "5% GDP"),
])
def test_gdp_share(text, value, expr):
    f = one(text)
    assert (f.kind, f.value, f.unit, f.text) == ("gdp_share", value, "%", expr)
    assert text[f.start:f.end] == f.text


def test_gdp_share_range():
    f = one("Officials estimate the cost at 3.5% to 3.7% of GDP.")
    assert (f.kind, f.value, f.value_high) == ("gdp_share", 3.5, 3.7)
    assert f.text == "3.5% to 3.7% of GDP"


def test_word_number_percent_needs_a_whole_word():
    assert [f.value for f in figs("The budget rose twenty percent.")] == [20.0]
    assert figs("The budget of someone percent.") == []


def test_spending_percent_and_unrelated_percent():
    f = one("Canada agreed to a 5% defence spending target.")
    assert (f.kind, f.value, f.iso3) == ("percent", 5.0, "CAN")
    assert figs("About 45% of the sources lean left.") == []
    assert figs("Growth was 0.2 percentage point lower.") == []


# --- money ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,value,unit", [
    ("Washington gave $65.9 billion.", 65.9e9, "USD"),
    ("London gave £4.3 billion.", 4.3e9, "GBP"),
    ("Paris gave €1.5bn.", 1.5e9, "EUR"),
    ("Tokyo gave ¥7 billion.", 7e9, "JPY"),
    ("Berlin gave $86 billion.", 86e9, "USD"),
    ("It would cost almost $750 billion.", 750e9, "USD"),
    ("The package totals £186.56 million.", 186.56e6, "GBP"),
    ("Rome pledged 10 million euros.", 10e6, "EUR"),
    ("The firm earned Dlrs 1.5 mln.", 1.5e6, "USD"),
    ("The firm earned 1.5 billion dlrs.", 1.5e9, "USD"),
    ("The firm lost 250,000 stg.", 250e3, "GBP"),
    ("The bank raised 30 mln Swiss francs.", 30e6, "CHF"),
    ("The bank raised 40 mln Canadian dlrs.", 40e6, "CAD"),
    ("It paid US$2 million.", 2e6, "USD"),
    ("It paid A$5 million.", 5e6, "AUD"),
])
def test_money(text, value, unit):
    f = one(text)
    assert (f.kind, f.value, f.unit) == ("money", value, unit)
    assert text[f.start:f.end] == f.text


# --- troops ------------------------------------------------------------------------------------

def test_a_year_before_troops_is_not_a_troop_number():
    assert [f for f in figs("In 2024 US troops left the base.") if f.kind == "troops"] == []


def test_troop_range():
    f = one("Berlin must add 50,000 to 60,000 new troops.")
    assert (f.kind, f.value, f.value_high, f.unit, f.iso3) == ("troops", 50000, 60000, "troops", "DEU")
    assert f.text == "50,000 to 60,000 new troops"


@pytest.mark.parametrize("text,value", [
    ("France sent 10,000 soldiers.", 10000),
    ("Britain keeps 3,500 personnel there.", 3500),
    ("Japan keeps 3,000 military personnel there.", 3000),
    ("Italy has 2,000 peacekeepers in Lebanon.", 2000),
    ("Ten thousand troops marched.", 10000),
])
def test_troops(text, value):
    found = [f for f in figs(text) if f.kind == "troops"]
    if value is None:
        assert found == []
    else:
        assert found[0].value == value


# --- country and year ---------------------------------------------------------------------------

def test_possessor_owns_the_figure():
    text = "Germany's defense spending rose, with its 2024 budget rising to $86 billion."
    f = one(text)
    assert (f.iso3, f.year) == ("DEU", 2024)


def test_subject_of_the_clause_and_its():
    text = ("While the U.S. has contributed $65.9 billion to Ukraine since February 2022, "
            "representing over 3% of its GDP, other countries like Britain have provided "
            "£4.3 billion per year.")
    a, b, c = figs(text)
    assert (a.kind, a.iso3) == ("money", "USA")
    assert (b.kind, b.iso3) == ("gdp_share", "USA")
    assert (c.kind, c.iso3) == ("money", "GBR")


def test_would_cost_the_country():
    f = one("The Dutch minister said the plan would cost the Netherlands 3.5% of its GDP.")
    assert f.iso3 == "NLD"


def test_location_is_not_the_subject():
    f = one("Speaking in Brussels, the envoy said allies are above the 2% defence mark.")
    assert f.iso3 is None


def test_target_year_and_relative_year():
    f = one("Spain aims to reach 2% of GDP by 2029.")
    assert (f.iso3, f.year) == ("ESP", 2029)
    f = one("Last year, Italy spent 1.5% of GDP on defence.")
    assert (f.iso3, f.year) == ("ITA", 2024)


def test_its_with_no_country_uses_the_dominant_one():
    text = ("Portugal raised spending. Portugal bought jets. Portugal trained pilots. "
            "The government said its budget will reach 2% of GDP.")
    f = figs(text)[-1]
    assert f.iso3 == "PRT"


def test_their_does_not_pick_a_country():
    text = "Portugal raised spending. Allies must spend 5% of their GDP."
    assert figs(text)[-1].iso3 is None


@pytest.mark.parametrize("text,year", [
    ("In 2019, the firm paid 5 mln dlrs to its owners and bankers for the whole of 2024.", 2024),
    ("The firm paid 5 mln dlrs to its owners and bankers for the whole of 2024.", 2024),
    ("In 2019, the firm paid 5 mln dlrs to its owners and bankers.", 2019),
    ("The firm paid 5 mln dlrs to its owners.", None),
])
def test_money_with_no_country_takes_the_year_of_its_clause(text, year):
    f = one(text)
    assert (f.iso3, f.year) == (None, year)


def test_no_country_no_year():
    f = one("Officials estimate the cost at 3.5% of GDP.")
    assert (f.iso3, f.year) == (None, None)


# --- properties ------------------------------------------------------------------------------------

@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_never_raises_and_text_is_the_slice(text):
    for f in extract_figures(text, extract_countries(text), PUB):
        assert f.text == text[f.start:f.end]
        assert f.kind in ("gdp_share", "money", "troops", "percent")


_WORDS = ["$", "£", "€", "5", "3.5", "%", "percent", "of", "GDP", "its", "billion", "mln",
          "dlrs", "Dlrs", "to", "60,000", "troops", "new", "Germany's", "Spain", "by", "2032",
          ".", ",", "two", "per cent", "euros", "US$", "-", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_figure_like_text_offsets(words):
    text = " ".join(words)
    for f in extract_figures(text, extract_countries(text), None):
        assert f.text == text[f.start:f.end]
        assert f.value == f.value                    # not NaN


def test_a_figure_belongs_only_to_the_country_its_sentence_ties_it_to():
    from ingest.extract.countries import extract_countries
    text = ("Britain's national debt will reach £3.3tn, while the US spends $86bn. "
            "Germany aims for 3.5% of GDP on defence by 2030. Oil hit $50 a barrel.")
    got = {f.text: f.iso3 for f in extract_figures(text, extract_countries(text), None)}
    assert got == {"£3.3tn": "GBR", "$86bn": "USA", "3.5% of GDP": "DEU", "$50": None}


def test_a_figure_reads_its_own_sentence_not_the_next():
    # the figure's sentence ends after "$500m." and after a closing bracket: the country
    # and the year of the sentence after it are not the figure's
    text = ("The company previously set reserves at $500m. German firms deal with it.\n"
            "It will buy back shares worth 1bn Swiss francs ($861m). Growth will be 5% in 2005.")
    got = {f.text: (f.iso3, f.year) for f in figs(text)}
    assert got["$500m"] == (None, None)
    assert got["1bn Swiss francs"][1] is None and got["$861m"][1] is None


def test_a_figure_sentence_runs_past_an_initial():
    text = ("HOUSTON, March 3 - Pennzoil chairman J. Hugh Liedtke said Texaco should settle "
            "a 9.13 billion dlr judgment awarded in 1987.")
    (f,) = figs(text)
    assert f.year == 1987


@pytest.mark.parametrize("text", [
    # a country's name inside another body's name does not make the amount that country's
    "The Laura Ashley chain floated on the London Stock Exchange for £200m in 1995.",
    "The UK Film Council has awarded a contract worth £11.5m to a cinema firm.",
    "Bob Murray, chairman of Sunderland FC, has launched a £1.5m bid for the club.",
    # a price, a fine or a wage is not a country's figure even with the country as subject
    "Northampton coach Budge Pountney has been fined £2,000 by the union.",
    # a country after the amount in a locative is where, not whose
    "Apple expects the Mac mini to sell for £339 in the UK.",
])
def test_money_not_tied_to_the_country_has_none(text):
    (f,) = [f for f in figs(text) if f.kind == "money"][:1]
    assert f.iso3 is None


@pytest.mark.parametrize("text,iso3", [
    ("The UK Treasury will borrow £50bn next year.", "GBR"),
    ("British Defence Secretary John Healey announced £1 billion of military aid.", "GBR"),
    ("Forecasts predict that British people will spend £4bn buying gifts online.", "GBR"),
    ("Japan pledged $2 billion to the fund.", "JPN"),
])
def test_public_money_keeps_its_country(text, iso3):
    (f,) = [f for f in figs(text) if f.kind == "money"][:1]
    assert f.iso3 == iso3


def test_a_firms_its_does_not_give_money_the_articles_country():
    text = ("Britain's economy grew. Britain's exports rose. Britain's banks lent more. "
            "The bank said it cut its debt to £610m.")
    assert figs(text)[-1].iso3 is None


def test_a_figure_in_other_digits_is_read():
    # Arabic-Indic digits are digits to the number scan
    found = extract_figures("Spending rose \u0663 percent, the ministry said.", [], None)
    assert [(f.kind, f.value) for f in found] == [("percent", 3.0)]
    found = extract_figures("Spending rose 3 percent to £5 billion, the ministry said.", [], None)
    assert [(f.kind, f.value) for f in found] == [("percent", 3.0), ("money", 5e9)]


@pytest.mark.parametrize("text,number,scale", [
    ("The budget adds $65.9 billion.", "65.9", 10**9), ("The budget adds $5.93 mln.", "5.93", 10**6),
    ("The budget adds $1,234,567 bn.", "1234567", 10**9), ("The budget adds $0.5k.", "0.5", 10**3),
    ("The budget adds $12.345 thousand.", "12.345", 10**3), ("The budget adds $1.2345k.", "1.2345", 10**3),
    ("The budget adds $123456789012345678.25 trillion.", "123456789012345678.25", 10**12),
    ("The budget adds $3.000001m.", "3.000001", 10**6), ("It sent two thousand troops.", "2", 10**3),
])
def test_a_scaled_number_is_the_exact_product_rounded_once(text, number, scale):
    # a whole product is read as an integer, the rest through Decimal: either way the float
    # nearest the exact product, so 65.9 billion is 65900000000.0, not 65.9 * 1e9
    from decimal import Decimal

    (f,) = extract_figures(text, [], None)
    assert repr(f.value) == repr(float(Decimal(number) * Decimal(scale)))


@pytest.mark.parametrize("text,expected", [
    ("Defence spending rose 5-6% in May.", [("percent", 5.0, 6.0)]),
    ("Defence spending rose 5 - 6 pct in May.", [("percent", 5.0, 6.0)]),
    ("Defence spending rose 5\tpercent to 7 percent.", [("percent", 5.0, 7.0)]),
    ("Defence spending rose 5 per cent.", [("percent", 5.0, None)]),
    ("It lent 5  mln  U.S.  dlrs.", [("money", 5e6, None)]),
    ("It lent 5 Hong Kong Dollars.", [("money", 5.0, None)]),
    ("It lent 5 sTERLING.", [("money", 5.0, None)]),
    ("Defence spending: 155 bags, 26 - and 1,987 kilos against 5 mln units.", []),
])
def test_the_forms_after_a_number(text, expected):
    # what follows a number is tested by its first characters before each form is tried:
    # every form that can follow is still found, in any spacing and case it may be written
    found = extract_figures(text, [], None)
    assert [(f.kind, f.value, f.value_high) for f in found] == expected


_NUMBER_WORDS = ["5", "12", "3.5", "1,000", "60,000", "1,2", "7.", "2024", "%", "pct", "percent", "per cent",
                 "-", "–", "to", "mln", "billion", "bn", "dlrs", "dollars", "U.S.", "Canadian", "deutsche marks",
                 "yen", "of", "GDP", "troops", "spending", "defence", "Spain", ",", ".", "$", "US$", "Dlrs"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_NUMBER_WORDS), st.sampled_from([" ", "", "  ", "\n"])), max_size=30))
def test_an_ascii_text_gives_the_figures_a_text_with_other_characters_gives(pairs):
    """Numbers in an ASCII text are read with an ASCII digit class, in other texts with the
    Unicode one: a line of a non-ASCII character after the text changes none of its figures."""
    text = "".join(w + sep for w, sep in pairs)
    assert figs(text) == figs(text + "\n\u00e9")


@pytest.mark.parametrize("code,unit", [("Dlrs", "USD"), ("DLRS", "USD"), ("USD", "USD"), ("EUR", "EUR"),
                                       ("GBP", "GBP"), ("Stg", "GBP"), ("STG", "GBP")])
def test_every_currency_code_before_a_number(code, unit):
    for expr, wrap in ((f"{code} 5 mln", "{}"), (f"{code}5 mln", "{}"), (f"{code} 5 mln", "({})")):
        f = one("The firm paid " + wrap.format(expr) + " for it.")
        assert (f.kind, f.value, f.unit, f.text) == ("money", 5e6, unit, expr)
    assert figs(f"The firm paid X{code} 5 for it.") == []          # inside a word: no code


def test_figures_of_every_form_come_in_text_order():
    """Each form is found by a scan of its own (signs, codes, numbers, percent words, troop
    words); the figures come out in text order, whichever scan found them."""
    text = ("Defence spending rose 5 pct. Germany will spend $5 billion, or USD 5 mln. Some 10,000 "
            "troops left. Spending rose two percent and 3%.")
    assert [f.text for f in figs(text)] == ["5 pct", "$5 billion", "USD 5 mln", "10,000 troops",
                                            "two percent", "3%"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_NUMBER_WORDS + ["two", "two percent", "10,000 soldiers", "£5bn"]),
                          st.sampled_from([" ", "", "\n"])), max_size=30))
def test_figures_come_in_text_order_and_never_overlap(pairs):
    text = "".join(w + sep for w, sep in pairs)
    found = figs(text)
    assert all(a.end <= b.start for a, b in zip(found, found[1:])), found
