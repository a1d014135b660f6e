"""Extraction: article in, records with offsets into its body out.

Each extractor lives in its own module and is a pure function of the text (and the
article's metadata). This module builds the article's one :class:`Document` (the
analyses the extractors share) and hands it to each, in the order their inputs need:
people before quotes (speakers resolve to people), countries and people before
events and figures (which are tied to the country their sentence is about); a quote
is then tied to the countries named in its paragraph.
"""
from __future__ import annotations

from ingest.deadline import Deadline, passed
from ingest.model import Article, Extraction


def extract(article: Article, deadline: Deadline | None = None) -> Extraction:
    """Everything found in the article. Past ``deadline`` the remaining steps are skipped
    (or stop part way) and the extraction is marked ``cut_short``."""
    from ingest.extract.countries import extract_countries, subject_countries
    from ingest.extract.document import Document
    from ingest.extract.events import extract_events
    from ingest.extract.figures import extract_figures
    from ingest.extract.people import extract_people
    from ingest.extract.quotes import attach_countries, extract_quotes

    doc = Document(article.body)
    x = Extraction()
    x.people = extract_people(doc)
    if not passed(deadline):
        x.quotes = extract_quotes(doc, x.people, deadline)
    if not passed(deadline):
        x.countries = extract_countries(doc)
        x.subject_countries = subject_countries(doc, x.countries, article.title or "")
    inferred = None
    if not passed(deadline):
        x.events, inferred = extract_events(doc, article.published, x.countries, x.people, deadline)
    if not passed(deadline):
        x.figures = extract_figures(doc, x.countries, article.published or inferred, deadline)
    attach_countries(x.quotes, x.countries, doc.paragraphs)
    x.published_inferred = None if article.published else inferred
    x.cut_short = passed(deadline)
    return x


_warm = False


def warm_up() -> None:
    """Build every lazy table and cache (gazetteers, name lists) now: called before worker
    processes fork, so each starts ready instead of building its own copy, and before the
    first article's time budget starts, so that budget is not spent building them. Once a
    process (a forked worker inherits it)."""
    global _warm
    if _warm:
        return
    _warm = True
    from ingest.model import Article

    extract(Article(source="warm-up", body=(
        'On 3 March 2021 the Finance Minister, Anna Berg, said in Oslo: "We will raise spending '
        'to 2.5% of GDP by 2030." Berg added that Norway and Sweden had agreed.')))
