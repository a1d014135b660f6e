"""One analysis per article (issue 19): the Document every extractor reads."""
from __future__ import annotations

import gc
from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ingest.extract.countries as countries_mod
import ingest.extract.dates as dates_mod
import ingest.extract.names as names_mod
from ingest.extract import extract
from ingest.extract.document import Document
from ingest.extract.events import extract_events
from ingest.extract.people import extract_people, word_facts
from ingest.extract.sentences import ABBREVIATIONS, sentences
from ingest.model import Article

WRAPPED = (
    "OSLO, March 3 - Finance Minister Anna Berg said on Tuesday the\n"
    "government would raise spending to 2.5 pct of GDP by 2030, and\n"
    "that Norway and Sweden had agreed on the plan in February.\n"
    '"We will not wait," Berg told reporters in Oslo after the meeting\n'
    "with Swedish officials, who said they expected a deal next month.\n"
)


def _sentence_texts(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize("text,want", [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("The U.S. Treasury said so. Markets fell.", ["The U.S. Treasury said so.", "Markets fell."]),
    ("Vice Adm. Jane Roe resigned on Monday. Pres. Doe agreed.",
     ["Vice Adm. Jane Roe resigned on Monday.", "Pres. Doe agreed."]),
    ("Growth was 3.5 pct. It rose.", ["Growth was 3.5 pct.", "It rose."]),
    ("Wendy R. Weiser spoke. She left.", ["Wendy R. Weiser spoke.", "She left."]),
    ("He flew to the US. Then he rested.", ["He flew to the US.", "Then he rested."]),
])
def test_an_abbreviation_an_initial_or_a_decimal_does_not_end_a_sentence(text, want):
    assert _sentence_texts(text) == want
    doc = Document(text)
    spans = sorted({doc.sentence_at(i) for i in range(len(text))} - {None})
    assert [text[a:b] for a, b in spans] == want


@pytest.mark.parametrize("text,want", [
    # an initial or dotted initials do not end a sentence
    ("Pennzoil chairman J. Hugh Liedtke said so. Texaco did not.",
     ["Pennzoil chairman J. Hugh Liedtke said so.", "Texaco did not."]),
    ("Reserves fell to 7.15 billion N.Z. Dlrs in January. Debt rose.",
     ["Reserves fell to 7.15 billion N.Z. Dlrs in January.", "Debt rose."]),
    # ... but the last letter of a word does: a possessive, a contraction, "$500m"
    ("He had Alzheimer's. The 71-year-old served there.",
     ["He had Alzheimer's.", "The 71-year-old served there."]),
    ("It set them at $500m. It intends to change that.",
     ["It set them at $500m.", "It intends to change that."]),
    # a mark after a closing quote or bracket ends one
    ('Lending was "weaker". Overall, it rose by £4bn.',
     ['Lending was "weaker".', "Overall, it rose by £4bn."]),
    # a lower-case word goes on with the sentence: an unlisted abbreviation, an attribution
    ("It sold the rights to a firm of Houston, Tex. for 200,000 dlrs. It said so.",
     ["It sold the rights to a firm of Houston, Tex. for 200,000 dlrs.", "It said so."]),
    ('"Why now?" she asked. Nobody knew.', ['"Why now?" she asked.', "Nobody knew."]),
])
def test_where_a_sentence_ends(text, want):
    assert _sentence_texts(text) == want


def test_the_abbreviation_list_holds_titles_and_initialisms():
    assert {"mr", "dr", "sen", "adm", "u.s", "a.m"} <= ABBREVIATIONS


def test_sentence_at_gives_the_split_of_the_whole_text():
    text = "First one here. Second, with Mr. Doe in it!\nA new line? Yes.\n\n- A bullet point"
    doc = Document(text)
    spans = sentences(text)
    for a, b in spans:
        for pos in range(a, b):
            assert doc.sentence_at(pos) == (a, b)
    between = [p for p in range(len(text)) if not any(a <= p < b for a, b in spans)]
    assert between and all(doc.sentence_at(p) is None for p in between)


_LINE_BITS = ["- ", "• ", "* ", "1. ", "12) ", "٣. ", "²) ", "3.5 ", "-x ", "  ", "Mr. Doe", "It rose.", "Yes!",
              "A new one", "U.S.", "\"Why?\" he asked.", "then", "\t"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_BITS), max_size=5), min_size=1, max_size=4))
def test_sentence_at_splits_any_line_as_the_whole_text_is_split(lines):
    # a line is split alone (its list marker dropped, or the whole line taken when nothing in it
    # could end a sentence): the spans the split of the whole text gives
    text = "\n".join("".join(bits) for bits in lines)
    doc = Document(text)
    spans = sentences(text)
    for a, b in spans:
        for pos in range(a, b):
            assert doc.sentence_at(pos) == (a, b), (text, pos)


def test_a_document_is_its_text_and_is_built_once():
    doc = Document(WRAPPED)
    assert doc == WRAPPED and isinstance(doc, str)
    assert Document.of(doc) is doc
    assert Document.of(WRAPPED) is not doc and Document.of(WRAPPED) == WRAPPED


def test_the_unwrapped_text_keeps_every_offset():
    doc = Document(WRAPPED)
    flat = doc.unwrapped
    assert len(flat) == len(doc) and flat != doc
    assert flat.count("\n") < doc.count("\n")
    plain = Document("One line only.")
    assert plain.unwrapped == plain


def test_the_dateline_and_the_date_scan_are_read_from_the_document():
    doc = Document(WRAPPED)
    assert doc.dateline is not None and doc[doc.dateline.start:doc.dateline.end].startswith("OSLO")
    assert [c.iso3 for c in doc.dateline.mentions] == ["NOR"]
    found = [doc[m.start():m.end()] for m, _kind in doc.date_scan]
    assert "Tuesday" in found and "2030" in found
    ref = dates_mod.reference_for("1987-03-03")
    assert doc.resolved_dates(ref) is doc.resolved_dates(ref)       # resolved once per reference
    assert len(doc.resolved_dates(ref)) == len(doc.date_scan)


def test_events_take_their_sentences_from_the_document():
    text = "Opening line. Mr. Smith arrived on 5 June 2025 in the U.S. capital. Closing line."
    doc = Document(text)
    evs, _ = extract_events(doc, "2025-06-10", [], [])
    assert evs and all((e.start, e.end) == doc.sentence_at(e.date_start) for e in evs)
    assert evs[0].text == "Mr. Smith arrived on 5 June 2025 in the U.S. capital."


def test_one_article_is_read_once(monkeypatch):
    """The unwrapping, the dateline and the date scan each run once per article, however
    many extractors read them."""
    calls = {"unwrap": 0, "dateline": 0, "scan": 0}

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(names_mod, "unwrap_lines", counted("unwrap", names_mod.unwrap_lines))
    monkeypatch.setattr(countries_mod, "find_dateline", counted("dateline", countries_mod.find_dateline))
    monkeypatch.setattr(dates_mod, "scan", counted("scan", dates_mod.scan))
    x = extract(Article(source="a", body=WRAPPED, published="1987-03-03"))
    assert x.people and x.quotes and x.countries and x.events and x.figures
    assert calls == {"unwrap": 1, "dateline": 1, "scan": 1}


def test_results_do_not_depend_on_what_was_read_before():
    """Nothing is kept between articles: an article reads the same alone or after another."""
    other = Article(source="b", body='Sen. John Roe said in Paris on 4 May 1987: "No deal."\n')
    mine = Article(source="a", body=WRAPPED, published="1987-03-03")
    alone = asdict(extract(mine))
    extract(other)
    assert asdict(extract(mine)) == alone
    assert asdict(extract(Article(source="c", body=str(WRAPPED)))) == asdict(extract(
        Article(source="c", body=WRAPPED)))


def test_people_read_the_same_from_text_or_document():
    doc = Document(WRAPPED)
    assert extract_people(doc) == extract_people(WRAPPED)
    assert any(p.name == "Anna Berg" and p.role == "Finance Minister" for p in extract_people(doc))


def test_word_facts_name_what_the_name_finder_asks():
    mr = word_facts("Mr.")
    assert mr.title and mr.title_gender == "m" and mr.lower == "mr"
    anna = word_facts("Anna")
    assert anna.given and not anna.stop and anna.key == "anna"
    assert word_facts("The").stop and word_facts("Ministry").nonperson and word_facts("Jr.").suffix


def test_an_article_is_freed_as_soon_as_it_is_done():
    """The Document's kept readings do not point back at it: no reference cycle is left for
    the garbage collector after an article (it would hold every text until a collection)."""
    article = Article(source="a", body=WRAPPED, published="1987-03-03")
    extract(article)
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            extract(article)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_dates_resolved_on_first_use_in_any_order_are_those_resolved_in_order():
    # "later that year" takes the date before it: asked for first, it resolves those before it
    text = ("BRUSSELS, June 5 - Ministers met on March 3, 2024. Later that year they agreed a "
            "plan, and the following month they signed it. They meet again on June 24.")
    doc = Document(text)
    ref = dates_mod.reference_for("2025-06-05")
    backwards = dates_mod.Resolution(text, doc.date_scan, ref)
    got = [backwards.at(i) for i in reversed(range(len(doc.date_scan)))][::-1]
    assert got == dates_mod.Resolution(text, doc.date_scan, ref).all() == doc.resolved_dates(ref)
    assert [d and d.date for d in got] == ["2025-06-05", "2024-03-03", "2024", None, "2025-06-24"]
    assert doc.resolution(ref) is doc.resolution(ref)
    found, _inferred = extract_events(doc, "2025-06-05", [], [])
    assert [e.date for e in found] == ["2024-03-03", "2024", "2025-06-24"]   # not the dateline's
