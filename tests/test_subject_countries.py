"""An article counts for the countries it is about; every mention stays, with its offsets."""
from __future__ import annotations

from db import queries
from db.queries import Filters
from db.store import Store
from ingest.extract import extract
from ingest.extract.countries import extract_countries, subject_countries
from ingest.model import Article, CountryMention, Extraction, Ingested
from ingest.pipeline import process

BODY = ("Portugal's parliament approved the budget on Monday, the finance ministry said.\n\n"
        "The vote came after weeks of talks. A delegation had visited Spain in May.\n\n"
        "Lisbon expects growth of 2 percent.")


def _mention(body: str, surface: str, iso3: str, kind: str = "name") -> CountryMention:
    i = body.index(surface)
    return CountryMention(iso3, i, i + len(surface), surface, kind)


def test_the_lead_and_repeated_countries_are_the_subject_a_passing_one_is_not():
    mentions = extract_countries(BODY)
    assert {c.iso3 for c in mentions} == {"PRT", "ESP"}
    assert subject_countries(BODY, mentions) == ["PRT"]


def test_a_country_in_the_headline_is_a_subject():
    mentions = extract_countries(BODY)
    assert subject_countries(BODY, mentions, title="Spain and Portugal agree on water") == ["PRT", "ESP"]
    assert subject_countries(BODY, mentions, title="Budget passes") == ["PRT"]


def test_extraction_carries_the_subject():
    x = extract(Article(source="a.txt", body=BODY, title="Budget passes"))
    assert x.subject_countries == ["PRT"]
    assert {c.iso3 for c in x.countries} == {"PRT", "ESP"}


def test_store_counts_the_subject_and_keeps_every_mention(conn):
    x = Extraction(countries=[_mention(BODY, "Portugal", "PRT"), _mention(BODY, "Spain", "ESP"),
                              _mention(BODY, "Lisbon", "PRT", "city")],
                   subject_countries=["PRT"])
    Store(conn).write(Ingested(Article(source="a.txt", body=BODY, title="Budget passes"), x))
    assert [(r.iso3, r.mentions, r.articles) for r in queries.countries(conn)] == [("PRT", 2, 1)]
    assert queries.articles(conn, Filters(country="ESP")) == []
    (art,) = queries.articles(conn, Filters(country="PRT"))
    assert art.countries == ["PRT"]
    kept = conn.execute("SELECT iso3, surface FROM country_mentions ORDER BY start").fetchall()
    assert [tuple(r) for r in kept] == [("PRT", "Portugal"), ("ESP", "Spain"), ("PRT", "Lisbon")]


def test_an_extraction_without_a_subject_counts_every_country(conn):
    x = Extraction(countries=[_mention(BODY, "Portugal", "PRT"), _mention(BODY, "Spain", "ESP")])
    Store(conn).write(Ingested(Article(source="b.txt", body=BODY, title="T"), x))
    assert {r.iso3 for r in queries.countries(conn)} == {"PRT", "ESP"}


def test_ingested_article_counts_for_its_subject_only(conn):
    item = process(Article(source="c.txt", body=BODY, title="Budget passes"))
    Store(conn).write(item)
    assert [r.iso3 for r in queries.countries(conn)] == ["PRT"]
    assert {r[0] for r in conn.execute("SELECT iso3 FROM country_mentions")} == {"PRT", "ESP"}


def test_the_one_country_named_is_the_subject_even_in_passing():
    text = "Spammers now route junk mail through net firms.\n\nA UK director of a filtering firm said so."
    mentions = extract_countries(text)
    assert subject_countries(text, mentions) == ["GBR"]
    text += " Sales in France fell."
    assert subject_countries(text, extract_countries(text)) == []
