"""One article's shared analysis: built once, handed to every extractor.

Several extractors need the same readings of an article: the text with its wrap newlines
unwrapped (people, quotes), the sentence around a position (events), the dateline
(countries, events), the date expressions and their resolution against a reference date
(events, figures), the runs of capitalised words that may be names (people). A
``Document`` computes each on first use and keeps it on the instance, so each is computed
once per article and nothing is kept once the article is done.

A ``Document`` is the article's text itself (a ``str``), so every text operation an
extractor does (regexes, slices, ``find``) works on it unchanged, and an extractor given
plain text builds its own.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

from ingest.extract import names
from ingest.extract.sentences import line_span, paragraphs, split_paragraph

if TYPE_CHECKING:
    from ingest.extract.countries import Dateline
    from ingest.extract.dates import DateMention, Reference, Resolution

_NEWLINE = re.compile("\n")
# Where the sentence splitter may end a sentence: . ! ? (and closing quotes) before a
# space, a capital or an opening quote. A line without one is a single sentence.
_MAY_SPLIT = re.compile(r"""[.!?][.!?"'”’)\]]*(?=[\s"“‘A-Z])""")


T = TypeVar("T")


class reading(Generic[T]):
    """A Document's reading, computed on first use and then kept in the instance's
    ``__dict__`` (where later reads find it without calling this descriptor). Like
    ``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    read; a Document belongs to one thread)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, cls: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class Document(str):
    """An article's text with the analyses its extractors share, each computed on first use."""

    @classmethod
    def of(cls, text: str) -> Document:
        """``text`` itself when it is already a Document, else a new one."""
        return text if isinstance(text, Document) else cls(text)

    @reading
    def plain(self) -> str:
        """The text as a plain ``str``: what the readings kept below (matches hold the string
        they searched) point into, so that none refers back to the Document and an article
        is freed by reference counting as soon as it is done, with no cycle for the garbage
        collector to find."""
        return str(self)

    @reading
    def unwrapped(self) -> str:
        """The text with hard-wrap newlines turned into spaces (same length, same offsets):
        equal to the text when it is not hard-wrapped."""
        return names.unwrap_lines(self.plain)

    @reading
    def paragraphs(self) -> list[tuple[int, int]]:
        """Spans of the non-empty lines (news text puts one paragraph per line)."""
        return paragraphs(self)

    @reading
    def name_runs(self) -> list[re.Match]:
        """Runs of capitalised words in the unwrapped text: the candidates for names."""
        return list(names.CAPSEQ.finditer(self.unwrapped))

    @reading
    def _newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self)]

    @reading
    def _line_sentences(self) -> dict[int, tuple[list[int], list[tuple[int, int]]]]:
        return {}

    def sentence_at(self, pos: int) -> tuple[int, int] | None:
        """The span of the sentence (as ``sentences.sentences`` splits the text) that holds ``pos``;
        None between sentences. Only the lines asked about are split: sentences never
        cross a line break, so one line split alone gives the spans the whole text would."""
        starts, spans = self._line_split(pos)
        i = bisect_right(starts, pos) - 1
        if i < 0 or pos >= spans[i][1]:
            return None
        return spans[i]

    def line_sentences(self, pos: int) -> list[tuple[int, int]]:
        """The sentence spans, in order, of the line that holds ``pos``."""
        return self._line_split(pos)[1]

    def _line_split(self, pos: int) -> tuple[list[int], list[tuple[int, int]]]:
        nl = self._newlines
        k = bisect_left(nl, pos)
        ls = nl[k - 1] + 1 if k else 0
        got = self._line_sentences.get(ls)
        if got is None:
            le = nl[k] if k < len(nl) else len(self)
            spans = self._split_line(ls, le)
            got = ([a for a, _b in spans], spans)
            self._line_sentences[ls] = got
        return got

    def _split_line(self, ls: int, le: int) -> list[tuple[int, int]]:
        one = line_span(self, ls, le)           # the line as a paragraph
        if one is None or _MAY_SPLIT.search(self, *one) is None:
            return [one] if one else []         # nothing could end a sentence: one sentence
        out: list[tuple[int, int]] = []
        split_paragraph(self.plain, *one, out)
        return out

    @reading
    def dateline(self) -> Dateline | None:
        """The dateline prefix ("BRUSSELS, June 5 -") and the country it names, if any."""
        from ingest.extract.countries import find_dateline

        return find_dateline(self)

    @reading
    def date_scan(self) -> list[tuple[re.Match, str]]:
        """Every date expression in the text, unresolved, in order."""
        from ingest.extract.dates import scan

        return scan(self.plain)

    @reading
    def _resolved(self) -> dict[Reference, Resolution]:
        return {}

    def resolution(self, ref: Reference) -> Resolution:
        """``date_scan`` resolved against ``ref``, each date on first use (a pass that needs
        only some resolves only those)."""
        got = self._resolved.get(ref)
        if got is None:
            from ingest.extract.dates import Resolution

            got = self._resolved[ref] = Resolution(self.plain, self.date_scan, ref)
        return got

    def resolved_dates(self, ref: Reference) -> list[DateMention | None]:
        """``date_scan`` resolved against ``ref`` (None where one does not resolve)."""
        return self.resolution(ref).all()
