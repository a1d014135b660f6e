"""The passes over one article, in the order their inputs need.

People come before quotes (speakers resolve to people), countries and people before events
and figures (which are tied to the country their sentence is about); a quote is then tied to
the countries named in its paragraph. Every pass reads the article's one :class:`Document`.
This module imports every extractor: ``ingest.extract.extract`` loads it on first use, so
importing the package (or one helper module of it) stays cheap.
"""
from __future__ import annotations

from ingest.deadline import Deadline, passed
from ingest.extract import countries, events, figures, people, quotes
from ingest.extract.document import Document
from ingest.model import Article, Extraction

# The passes are read from their modules at each call (``countries.extract_countries``), so
# that a test may replace one.


def extract_article(article: Article, deadline: Deadline | None = None) -> Extraction:
    """Everything found in the article (see ``ingest.extract.extract``)."""
    doc = Document(article.body)
    x = Extraction()
    x.people = people.extract_people(doc, deadline)
    if not passed(deadline):
        x.quotes = quotes.extract_quotes(doc, x.people, deadline)
    if not passed(deadline):
        x.countries = countries.outside_names(countries.extract_countries(doc), x.people)
        x.subject_countries = countries.subject_countries(doc, x.countries, article.title or "")
    inferred = None
    if not passed(deadline):
        x.events, inferred = events.extract_events(doc, article.published, x.countries, x.people, deadline)
    if not passed(deadline):
        x.figures = figures.extract_figures(doc, x.countries, article.published or inferred, deadline)
    if x.quotes and x.countries:           # the paragraphs are split only where a quote needs them
        quotes.attach_countries(x.quotes, x.countries, doc.paragraphs)
    x.published_inferred = None if article.published else inferred
    x.cut_short = passed(deadline)
    return x
