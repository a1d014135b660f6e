"""Articles and extractions as plain tuples, for the trip from an extraction worker to the
writer, and the bytes they travel in.

Why: pickle rebuilds a dataclass attribute by attribute through its ``__reduce_ex__``, about
fifteen objects an article; a tuple of the fields, in declaration order, pickles and
unpickles in C and is rebuilt here by the class's own ``__init__``. On 4,000 Reuters
articles: 19.5 -> 10.3 us to pickle an article's results and 20.1 -> 8.5 us to unpickle
them, about 3% of an ingest's CPU. The tuples are derived from ``dataclasses.fields``, so a
field added to a record travels without a change here.
"""
from __future__ import annotations

import marshal
import pickle
from dataclasses import fields
from operator import attrgetter

from ingest.model import Article, CountryMention, Event, Extraction, Figure, Person, Quote


class _Record:
    """One dataclass: its fields as a tuple (the ``__init__`` ones first) and back."""

    def __init__(self, cls: type) -> None:
        fs = fields(cls)
        init = [f.name for f in fs if f.init]
        rest = [f.name for f in fs if not f.init]     # Article's cached hash
        self.cls = cls
        self.n_init = len(init)
        self.rest = rest
        self.get = attrgetter(*init, *rest)

    def new(self, t: tuple):
        if not self.rest:
            return self.cls(*t)
        obj = self.cls(*t[:self.n_init])
        for name, value in zip(self.rest, t[self.n_init:]):
            setattr(obj, name, value)
        return obj


_ARTICLE = _Record(Article)
# Extraction's list fields and the record each holds, in declaration order
_LISTS = (("quotes", _Record(Quote)), ("people", _Record(Person)), ("countries", _Record(CountryMention)),
          ("events", _Record(Event)), ("figures", _Record(Figure)))
_SCALARS = tuple(f.name for f in fields(Extraction) if f.name not in dict(_LISTS))


def pack_article(a: Article) -> tuple:
    return _ARTICLE.get(a)


def unpack_article(t: tuple) -> Article:
    return _ARTICLE.new(t)


def pack_extraction(x: Extraction) -> tuple:
    get = x.__getattribute__
    return (*([rec.get(r) for r in get(name)] for name, rec in _LISTS), *(get(name) for name in _SCALARS))


def unpack_extraction(t: tuple) -> Extraction:
    n = len(_LISTS)
    kw = {name: [rec.new(r) for r in rows] for (name, rec), rows in zip(_LISTS, t[:n])}
    kw.update(zip(_SCALARS, t[n:]))
    return Extraction(**kw)


def dumps(obj) -> bytes:
    """A result's bytes. Packed records are plain data (tuples, lists, str, numbers, None),
    which marshal writes and reads about twice as fast as pickle: on 4,000 Reuters articles
    14.6 -> 7.8 us to read an article's results in the writer, the pipeline's narrowest
    point. Anything else (a ReadError) is pickled. Both ends run one interpreter (forked or
    spawned from it), so marshal's version-specific format is safe here."""
    try:
        return b"M" + marshal.dumps(obj)
    except ValueError:              # an object marshal does not know
        return b"P" + pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def loads(data: bytes):
    body = memoryview(data)[1:]
    return marshal.loads(body) if data[:1] == b"M" else pickle.loads(body)
