"""Extraction: article in, records with offsets into its body out.

Each extractor lives in its own module and is a pure function of the text (and the
article's metadata); this module only runs them in the order their inputs need:
people before quotes (speakers resolve to people), countries and people before
events and figures (which are tied to the country their sentence is about).
"""
from __future__ import annotations

from ingest.model import Article, Extraction


def extract(article: Article) -> Extraction:
    from ingest.extract.countries import extract_countries
    from ingest.extract.events import extract_events
    from ingest.extract.figures import extract_figures
    from ingest.extract.people import extract_people
    from ingest.extract.quotes import extract_quotes

    text = article.body
    people = extract_people(text)
    quotes = extract_quotes(text, people)
    countries = extract_countries(text)
    events, inferred = extract_events(text, article.published, countries, people)
    figures = extract_figures(text, countries, article.published or inferred)
    return Extraction(
        quotes=quotes,
        people=people,
        countries=countries,
        events=events,
        figures=figures,
        published_inferred=None if article.published else inferred,
    )


def warm_up() -> None:
    """Build every lazy table and cache (gazetteers, name lists) now: called before worker
    processes fork, so each starts ready instead of building its own copy."""
    from ingest.model import Article

    extract(Article(source="warm-up", body=(
        'On 3 March 2021 the Finance Minister, Anna Berg, said in Oslo: "We will raise spending '
        'to 2.5% of GDP by 2030." Berg added that Norway and Sweden had agreed.')))
