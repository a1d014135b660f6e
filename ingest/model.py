"""Records that flow from ingest to the store.

Readers produce :class:`Article`; extractors produce the other records with
character offsets into ``Article.body`` so the reader view can highlight them.
Everything here is plain data: no SQL, no terminal.
"""
from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field, fields


@dataclass(slots=True)
class Article:
    source: str                      # file path, or URL/id of a record inside a JSON/feed file
    body: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None     # ISO 8601, time zone kept when known
    outlet: str | None = None        # site name when the input says it
    url: str | None = None
    format: str = "text"             # text | markdown | html | json | jsonl | feed | csv
    # the hash once computed: a worker computes it, and the writer, which is the pipeline's
    # narrowest point, reads it (not copied by dataclasses.replace, which changes content)
    _hash: str | None = field(default=None, init=False, repr=False, compare=False)
    _text_hash: str | None = field(default=None, init=False, repr=False, compare=False)

    def content_hash(self) -> str:
        """Hash of what the user would see; a changed file changes it, a re-read does not.
        The database stores these hashes: a change here raises ``content_hash``'s version in
        db/keys.py."""
        if self._hash is None:
            # each field and a 0x1f byte after it; the short ones in one piece
            head = (self.title or "", self.byline or "", self.published or "", self.outlet or "", self.url or "", "")
            h = hashlib.sha1("\x1f".join(head).encode("utf-8", "surrogatepass"))
            h.update(self.body.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
            self._hash = h.hexdigest()
        return self._hash

    def text_hash(self) -> str:
        """Hash of the title and text with whitespace collapsed: the same story stored under
        another name (a copied file, a re-wrapped one) has the same one. Computed once, like
        ``content_hash``."""
        if self._text_hash is None:
            self._text_hash = text_hash(self.title, self.body)
        return self._text_hash


HASH_CHUNK = 1 << 20


def text_hash(title: str | None, body: str, *, chunk: int = HASH_CHUNK) -> str:
    """SHA-1 of the title and body with every run of whitespace made one space and none at
    either end, fed ``chunk`` characters at a time (a 20 MB body costs no copy of itself); the
    hash is the same whatever ``chunk``. The database stores these hashes: a change here
    raises ``text_hash``'s version in db/keys.py."""
    h = hashlib.sha1()
    _feed_collapsed(h, title or "", chunk)
    h.update(b"\x1f")
    _feed_collapsed(h, body, chunk)
    return h.hexdigest()


def _feed_collapsed(h: "hashlib._Hash", text: str, chunk: int) -> None:
    if len(text) <= chunk:
        h.update(_collapsed(text))
        return
    started = pending = False          # something written yet; a space owed before the next word
    for i in range(0, len(text), chunk):
        piece = text[i:i + chunk]
        part = _collapsed(piece)
        pending = pending or piece[:1].isspace()
        if part:
            if started and pending:
                h.update(b" ")
            h.update(part)
            started, pending = True, piece[-1:].isspace()


# every ASCII character str.isspace() holds a space (tab, line breaks, 0x1c-0x1f) as a space
_ASCII_SPACES = bytes(32 if chr(c).isspace() else c for c in range(128)) + bytes(range(128, 256))


def _collapsed(text: str) -> bytes:
    """The words of ``text`` (split where ``str.split()`` splits: the regex ``\\s``, the stored
    hashes' definition) joined by single spaces, in UTF-8."""
    if not text.isascii():
        return " ".join(text.split()).encode("utf-8", "surrogatepass")
    # ASCII: whole-text byte operations, not an object a word; the blank line between two
    # paragraphs is the commonest run (split and joined: replace counts them first, slower)
    raw = b" ".join(text.encode("ascii").split(b"\n\n")).translate(_ASCII_SPACES)
    while b"  " in raw:
        raw = raw.replace(b"  ", b" ")
    return raw.strip(b" ")


def pickled_as_values(cls: type) -> type:
    """Class decorator: an instance pickles as its class and its fields' values in order, and
    is rebuilt by calling the class with them. A slotted dataclass otherwise pickles a dict
    of its fields' names and values, and is rebuilt empty and then given each field by name,
    for every record a worker sends back to the process that writes, the pipeline's
    narrowest point (bench/README.md, "Writer, session 26")."""
    names = [f.name for f in fields(cls)]
    assert all(f.init for f in fields(cls)) and len(names) > 1, cls   # cls(*values) rebuilds it
    values = operator.attrgetter(*names)

    def __reduce__(self: object) -> tuple:
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


@pickled_as_values
@dataclass(slots=True)
class Quote:
    start: int                       # offsets of the quoted words (without the marks) in the body
    end: int
    text: str
    speaker: str | None = None       # canonical name as resolved in this article, None = unknown
    role: str | None = None
    confidence: float = 0.0          # confidence of the attribution (0 when speaker is unknown)
    partial: bool = False            # a fragment quoted inside the reporter's sentence
    speaker_start: int | None = None  # where the speaker (or pronoun) is mentioned, when found
    speaker_end: int | None = None
    cue: str | None = None           # "said", "told reporters", …
    speaker_kind: str | None = None  # "person" | "organisation" when there is a speaker
    countries: list[str] = field(default_factory=list)  # ISO3 named in the quote's paragraph (set by the pipeline)


@pickled_as_values
@dataclass(slots=True)
class Person:
    name: str                        # fullest form seen in the article
    role: str | None = None
    aliases: list[str] = field(default_factory=list)      # other forms in this article (surname, misspelling)
    mentions: list[tuple[int, int]] = field(default_factory=list)


@pickled_as_values
@dataclass(slots=True)
class CountryMention:
    iso3: str
    start: int
    end: int
    surface: str
    kind: str = "name"               # name | variant | demonym | city | dateline | group | historical


@pickled_as_values
@dataclass(slots=True)
class Event:
    start: int                       # the sentence that carries the date
    end: int
    text: str
    date: str                        # ISO truncated to precision: 2025-06-05 | 2025-06 | 2025
    precision: str                   # day | month | year
    date_end: str | None = None      # end of a range, same truncation
    inferred: bool = False           # resolved against an inferred publication date
    target: bool = False             # "by 2030": a target year, not something that happened
    date_start: int | None = None    # offsets of the date expression itself
    date_stop: int | None = None
    countries: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


@pickled_as_values
@dataclass(slots=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str                        # gdp_share | money | troops | percent
    value: float
    unit: str | None = None          # "%", "USD", "GBP", "EUR", "troops"
    iso3: str | None = None
    year: int | None = None
    value_high: float | None = None  # upper bound of a range ("3.5% to 3.7%")


@pickled_as_values
@dataclass(slots=True)
class Extraction:
    quotes: list[Quote] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    countries: list[CountryMention] = field(default_factory=list)
    # what the story is about (countries.subject_countries), ISO3 in order of first mention:
    # a mark on some of ``countries``, every one of which the article still counts for;
    # None where it was not worked out (the time budget ran out first)
    subject_countries: list[str] | None = None
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    published_inferred: str | None = None   # a likely date when the article had none of its own
    cut_short: bool = False          # the time budget ran out: some of the article was not read


@dataclass(slots=True)
class ReadError:
    source: str
    reason: str
    skipped: bool = False            # not an article, left out on purpose (README, an image): no failure


@dataclass(slots=True)
class Ingested:
    """One article and everything found in it: the unit written in one transaction."""
    article: Article
    extraction: Extraction
    # text -> wording key (``ingest.extract.variants.quote_key``) of its quotes (not partial)
    # and events, computed where it was extracted: the writer, the pipeline's one serial
    # stage, computes only those missing here
    wordings: dict[str, str | None] = field(default_factory=dict)
