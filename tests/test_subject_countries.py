"""An article counts for the countries it is about; every mention stays, with its offsets."""
from __future__ import annotations

from db import queries
from db.queries import Filters
from db.store import Store
from ingest.extract.countries import extract_countries, subject_countries
from ingest.model import Article
from ingest.pipeline import process

BODY = ("Portugal's parliament approved the budget on Monday, the finance ministry said.\n\n"
        "The vote came after weeks of talks. A delegation had visited Spain in May.\n\n"
        "Lisbon expects growth of 2 percent.")


def test_the_lead_and_repeated_countries_are_the_subject_a_passing_one_is_not():
    mentions = extract_countries(BODY)
    assert {c.iso3 for c in mentions} == {"PRT", "ESP"}
    assert subject_countries(BODY, mentions) == ["PRT"]


def test_a_country_in_the_headline_is_a_subject():
    mentions = extract_countries(BODY)
    assert subject_countries(BODY, mentions, title="Spain and Portugal agree on water") == ["PRT", "ESP"]
    assert subject_countries(BODY, mentions, title="Budget passes") == ["PRT"]


def test_an_article_counts_for_every_country_it_names_a_passing_one_too(conn):
    """The Countries pane and --country list every country an article names: a country named in
    passing (a minister quoted, an exemption granted) is one an analyst looks for.
    ``subject_countries`` is measured (bench/quality_places.py), not what an article counts for."""
    item = process(Article(source="c.txt", body=BODY, title="Budget passes"))
    Store(conn).write(item)
    assert {r.iso3 for r in queries.countries(conn)} == {"PRT", "ESP"}
    assert [a.source for a in queries.articles(conn, Filters(country="ESP"))] == ["c.txt"]
    assert {r[0] for r in conn.execute("SELECT iso3 FROM country_mentions")} == {"PRT", "ESP"}


def test_the_one_country_named_is_the_subject_even_in_passing():
    text = "Spammers now route junk mail through net firms.\n\nA UK director of a filtering firm said so."
    mentions = extract_countries(text)
    assert subject_countries(text, mentions) == ["GBR"]
    text += " Sales in France fell."
    assert subject_countries(text, extract_countries(text)) == []
