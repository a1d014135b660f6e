"""The rows db.queries returns: the contract the panes, the CLI and the export read.

Each is a typed, immutable, slotted record; :func:`as_json` gives the CLI's ``--json`` form
(field order is the JSON key order, so keep it). They are named tuples, not frozen
dataclasses: a CLI command is a fresh interpreter, and sixteen frozen slotted dataclasses
(with the dataclasses import) cost ten times what these do to import (bench/README.md).
Type checkers read them as ``typing.NamedTuple``s; at run time the same class syntax makes
``collections.namedtuple``s, so a command does not import ``typing`` (bench/README.md).
"""
from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NamedTuple
else:
    class _NamedTupleMeta(type):
        def __new__(mcls, name: str, bases: tuple, ns: dict):
            if not bases:                    # NamedTuple itself
                return super().__new__(mcls, name, bases, ns)
            if "__annotations__" not in ns:     # (a module without the future import, on 3.14+)
                raise TypeError(f"{name}: the fields must be annotated in the class body")
            fields = list(ns["__annotations__"])
            defaults = [ns[f] for f in fields if f in ns]
            if any(f in ns for f in fields[:len(fields) - len(defaults)]):
                raise TypeError(f"{name}: a field without a default follows one with a default")
            record = namedtuple(name, fields, defaults=defaults, module=ns["__module__"])
            for key, value in ns.items():    # the docstring, the annotations, any methods
                if key not in fields and key not in ("__module__", "__qualname__"):
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """``class Row(NamedTuple):`` with annotated fields, defaults after them, and a
        docstring, as typing's: a ``collections.namedtuple`` with the fields in order."""

__all__ = ["ArticleRow", "Article", "ArticleQuote", "PersonInArticle", "PersonMention", "CountryMention",
           "Figure", "Quote", "Variant", "Speaker", "Person", "Event", "Country", "CountryFigure",
           "CountryDossier", "SearchHit", "as_json"]


class ArticleRow(NamedTuple):
    """An article in a list: its metadata, its countries (most mentioned first) and people."""
    id: int
    source: str
    title: str | None
    byline: str | None
    outlet: str | None
    url: str | None
    published: str | None
    day: str | None
    date_inferred: bool
    countries: list[str]
    people: list[str]
    # the countries it is about (a subset of ``countries``, same order); None: unknown
    # (stored before briefing recorded it)
    subject_countries: list[str] | None = None


class ArticleQuote(NamedTuple):
    """A quote as one article holds it (offsets into its body)."""
    id: int
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_kind: str | None
    role: str | None
    confidence: float
    partial: bool
    cue: str | None
    speaker_start: int | None
    speaker_end: int | None
    statement_id: int | None
    sources: int


class PersonInArticle(NamedTuple):
    """A person an article names, with the role it gives them."""
    id: int
    name: str
    role: str | None
    mentions: int
    aliases: list[str]


class PersonMention(NamedTuple):
    start: int
    end: int
    name: str


class CountryMention(NamedTuple):
    iso3: str
    name: str | None
    start: int
    end: int
    surface: str
    kind: str


class Figure(NamedTuple):
    """A figure (share of GDP, a target, money) as one article states it."""
    id: int
    iso3: str | None
    kind: str
    value: float
    value_high: float | None
    unit: str | None
    year: int | None
    text: str
    start: int
    end: int


class Event(NamedTuple):
    """A dated event (a timeline entry); ``sources`` counts the distinct articles (``articles``)
    reporting the same happening. ``end`` is the date range's end, ``start``/``stop`` the
    event's offsets in its article."""
    id: int
    date: str
    end: str | None
    precision: str
    text: str
    article_id: int
    source: str
    title: str | None
    countries: list[str]
    inferred: bool
    target: bool
    start: int
    stop: int
    span_start: str
    span_end: str
    date_start: int | None
    date_stop: int | None
    happening_id: int
    article_date_inferred: bool
    arrived: str
    articles: list[int]
    sources: int


class Article(NamedTuple):
    """One article with its text and everything extracted from it."""
    id: int
    source: str
    title: str | None
    byline: str | None
    outlet: str | None
    url: str | None
    published: str | None
    day: str | None
    date_inferred: bool
    countries: list[str]
    people: list[str]
    subject_countries: list[str] | None      # as in ArticleRow
    body: str
    format: str | None
    content_hash: str
    extraction_cut_short: bool
    quotes: list[ArticleQuote]
    people_detail: list[PersonInArticle]
    person_mentions: list[PersonMention]
    country_mentions: list[CountryMention]
    events: list[Event]
    locations: list[str]
    figures: list[Figure]


class Quote(NamedTuple):
    """A quote in the quotes list; ``sources`` counts the articles (``articles``) reporting
    the same statement."""
    id: int
    text: str
    speaker: str | None
    speaker_kind: str | None
    role: str | None
    article_id: int
    source: str
    title: str | None
    outlet: str | None
    date: str | None
    published: str | None
    day: str | None
    date_inferred: bool
    confidence: float
    partial: bool
    statement_id: int | None
    articles: list[int]
    start: int
    end: int
    sources: int


class Variant(NamedTuple):
    """One report of a statement."""
    id: int
    text: str
    speaker: str | None
    speaker_kind: str | None
    article_id: int
    source: str
    title: str | None
    date: str | None
    published: str | None
    day: str | None
    date_inferred: bool


class Speaker(NamedTuple):
    """A row of the speaker facet (``name`` None: the unknown speaker)."""
    name: str | None
    role: str | None
    kind: str | None
    quotes: int


class Person(NamedTuple):
    id: int
    name: str
    role: str | None
    articles: int
    quotes: int
    aliases: list[str]


class Country(NamedTuple):
    """A country with its mentions, the articles naming it and, of those, the articles about it
    (its dateline, headline or lead, named twice, or the only country named)."""
    iso3: str
    name: str
    mentions: int
    articles: int
    subject_articles: int = 0


class CountryFigure(NamedTuple):
    """A figure in a country's dossier, with the first article that reports it and how many
    articles do."""
    id: int
    kind: str
    value: float
    value_high: float | None
    unit: str | None
    year: int | None
    text: str
    article_id: int
    start: int
    end: int
    source: str
    title: str | None
    day: str | None
    sources: int = 1


class CountryDossier(NamedTuple):
    iso3: str
    name: str
    figures: list[CountryFigure]
    events: list[Event]
    quotes: list[Quote]
    articles: list[ArticleRow]


class SearchHit(NamedTuple):
    """A ranked search result with its marked snippet (``speaker``: a quote's, marked too)."""
    kind: str
    id: int
    snippet: str
    speaker: str | None
    speaker_kind: str | None
    rank: float | None
    article_id: int
    source: str
    title: str | None
    day: str | None


def as_json(value: Any) -> Any:
    """A record (or lists and dicts of them, nested) as plain dicts and lists, for ``json.dumps``
    (which would write a record as a list)."""
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {k: as_json(v) for k, v in zip(value._fields, value)}
    return value
