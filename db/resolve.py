"""Entity resolution: which stored person, statement, happening or story a new article's rows
are the same as.

The resolver only reads; the store writes what it decides and tells it what it wrote
(``learn_person``, ``wrote_events``, ``wrote_quotes``). Every look-up is an index range with
a LIMIT, so the work per article is the same at 50 articles or 500,000.

Work is done once per write batch where it can be: ``begin`` takes the wording key of every
quote and event of the batch (``Ingested.wordings``, computed where the article was
extracted; any missing are computed here) and asks in one query per few hundred keys which
of its quotes' keys are stored, so the exact-wording look-ups run only for keys that can match
(an event's, by date and words, is one look-up of an index led by the date); it asks the same
way which people the batch's names are aliases of; a date's newest events are read once a
batch. Each is kept current as the batch writes.
"""
from __future__ import annotations

import sqlite3
import string
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator, Sequence

from ingest.extract.variants import (VARIANT_THRESHOLD, only_exact_variants, quote_key, variant_similarity,
                                     variant_tokens)
from ingest.model import Ingested

# dating an undated article by its story: statements and people asked about, newest articles
# read for each, and how near its median the story's days must mostly lie
STORY_ASK = 3
STORY_NEWEST = 40
STORY_AGREE_DAYS = 31
# an event's text must have this many words to be linked to another article's as one happening
HAPPENING_MIN_WORDS = 6
HAPPENING_NEWEST = 12           # events of the same date compared with a new one
HAPPENING_MIN_SHARED = 0.3      # content words in common (Jaccard) before the closer comparison
SAME_PERSON = 0.8               # ``same_person`` score from which two names are one person (``name_keys``
                                # keys only the pairs that can reach it)
_STATEMENT_EXACT = 10           # reports of the very same words read for a statement
_STATEMENT_CANDIDATES = 40      # full-text matches read for a reworded one
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_A_QUERY = 500                  # keys or names asked about in one query (SQLite allows 32,766 parameters)


def content_words(text: str) -> frozenset[str]:
    """The longer words of a sentence, lower-cased (punctuation kept: a cheap first comparison)."""
    return frozenset([w for w in text.lower().split() if len(w) > 3])


def _nocase(text: str) -> str:
    """What SQLite's NOCASE collation compares (person_aliases.alias): ASCII letters folded."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True, slots=True)
class PersonMatch:
    """Who a name is: ``how`` is 'known' (an alias already stored: nothing more to write),
    'merged' (a stored person found by name keys or by the very name) or 'new' (``id`` is
    None: the store inserts the person); for those two, ``keys`` are the name's keys to store."""
    id: int | None
    how: str
    rename: bool = False        # the name is a fuller form than the stored one: it becomes canonical
    keys: frozenset[str] = frozenset()


class Resolver:
    """Resolution against one connection, with what it has learnt about people cached."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._by_alias: dict[str, int] = {}        # casefolded full name -> person id
        self._names: dict[int, str] = {}           # person id -> canonical name, this transaction
        # from ``begin`` to ``end`` (a write transaction, which no other writer can change):
        # the batch's wording keys, by text; the quotes' wording keys that may be stored
        # (every one that is, and perhaps some deleted since); (date, precision) -> the newest events of
        # that date as (content words, text, happening id), newest first (the words kept with
        # them: an event is compared with each new event of its date); each name of the
        # batch (NOCASE) -> the people it is an alias of. Outside, None: ask the database.
        self._wordings: dict[str, str | None] = {}
        self._quote_keys: set[str] | None = None
        self._dated: dict[tuple[str, str], list[tuple[frozenset[str], str, int]]] | None = None
        self._alias_owners: dict[str, set[int]] | None = None
        self._compared: dict[str, frozenset[str]] = {}  # content words of the events compared, until written

    def begin(self, items: Sequence[Ingested] = ()) -> None:
        """A new transaction, under the write lock, for ``items``: another process may have
        written or renamed since the last one."""
        self._names.clear()
        self._dated = {}
        quotes = {q.text for it in items for q in it.extraction.quotes if not q.partial}
        events = {e.text for it in items for e in it.extraction.events}
        wordings: dict[str, str | None] = {}
        for it in items:
            wordings.update(it.wordings)            # computed where the article was extracted
        for t in (quotes | events) - wordings.keys():
            wordings[t] = quote_key(t)
        self._wordings = wordings
        self._quote_keys = self._stored_keys("quotes", {self._wordings[t] for t in quotes} - {None})
        names = {_nocase(p.name) for it in items for p in it.extraction.people}
        names.update(_nocase(q.speaker) for it in items for q in it.extraction.quotes if q.speaker)
        self._alias_owners = {n: set() for n in names}
        for alias, pid in self._rows_in("SELECT alias, person_id FROM person_aliases WHERE alias IN", names):
            self._alias_owners[_nocase(alias)].add(pid)

    def _stored_keys(self, table: str, keys: set[str]) -> set[str]:
        return {r[0] for r in self._rows_in(f"SELECT DISTINCT wording_key FROM {table} WHERE wording_key IN", keys)}

    def _rows_in(self, sql: str, values: Iterable[str]) -> Iterator[tuple]:
        """The rows of ``sql``, which ends in "IN", for all ``values``, a few hundred to a query."""
        ask = sorted(values)
        for i in range(0, len(ask), _A_QUERY):
            chunk = ask[i:i + _A_QUERY]
            yield from self.conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk)

    def end(self) -> None:
        """The transaction is over: what it learnt about the batch no longer holds."""
        self._wordings = {}
        self._quote_keys = self._dated = self._alias_owners = None

    def forget(self) -> None:
        """What was learnt may have been rolled back (the stored keys known may now include a
        few that are not: they cost a look-up, never a wrong answer)."""
        self._by_alias.clear()
        self._names.clear()
        self._alias_owners = None
        self.deleted()

    def deleted(self) -> None:
        """The store deleted rows: a date's newest events are read again."""
        if self._dated is not None:
            self._dated.clear()

    def wording_key(self, text: str) -> str | None:
        """``quote_key`` of a quote's or event's text, computed once a batch."""
        key = self._wordings.get(text, False)
        return quote_key(text) if key is False else key

    def wrote_quotes(self, keys: Iterable[str | None]) -> None:
        """The store wrote quotes (not partial) with these wording keys."""
        if self._quote_keys is not None:
            self._quote_keys.update(k for k in keys if k)

    def wrote_events(self, events: list[tuple[str, str, str, str | None, int]]) -> None:
        """The store wrote an article's events, as (text, date, precision, wording key,
        happening id) in the order of their ids."""
        compared, self._compared = self._compared, {}
        if self._dated is None:
            return
        for text, day, precision, _key, hid in events:
            newest = self._dated.get((day, precision))
            if newest is not None:
                words = compared.get(text)
                newest.insert(0, (content_words(text) if words is None else words, text, hid))   # the newest first
                del newest[HAPPENING_NEWEST:]

    # ---- people: one row per real person across the corpus ----------------------------
    def person(self, name: str) -> PersonMatch:
        """The stored person ``name`` names: a cached full name, an alias that names exactly
        one person ("Smith" shared by two names nobody), else the best ``same_person`` among
        those sharing a name key, if it scores ``SAME_PERSON`` and no other ties it."""
        from ingest.extract.people import name_keys, same_person

        pid = self._by_alias.get(name.casefold())
        if pid is not None:
            return PersonMatch(pid, "known")
        c = self.conn
        owners = None if self._alias_owners is None else self._alias_owners.get(_nocase(name))
        if owners is None:
            owners = {r[0] for r in c.execute(
                "SELECT DISTINCT person_id FROM person_aliases WHERE alias = ? LIMIT 2", (name,))}
        if len(owners) == 1:
            return PersonMatch(next(iter(owners)), "known")
        all_keys = name_keys(name)
        keys = sorted(all_keys)
        best, best_name, best_score, tie = None, "", 0.0, False
        cands: list[tuple[int, str]] = []
        if keys:
            cands = c.execute(
                f"SELECT DISTINCT p.id, p.name FROM person_keys k JOIN people p ON p.id = k.person_id"
                f" WHERE k.key IN ({','.join('?' * len(keys))}) LIMIT 50", keys).fetchall()
            for cid, cname in cands:
                s = same_person(name, cname)
                if s > best_score + 1e-9:
                    best, best_name, best_score, tie = cid, cname, s, False
                elif best is not None and abs(s - best_score) <= 1e-9 and cid != best:
                    tie = True
        if best is not None and best_score >= SAME_PERSON and not tie and " " in name and " " not in best_name \
                and any(cid != best and cname.rsplit(None, 1)[-1].casefold() == best_name.casefold()
                        for cid, cname in cands):
            # a bare surname stored while another person of that surname is too ("Mr Blair"
            # beside Tony Blair) may stand for either: no full name is merged into it
            best = None
        if best is not None and best_score >= SAME_PERSON and not tie:
            # keep the fuller form as the canonical name ("Doe" -> "Jane Doe")
            rename = len(name.split()) > len(best_name.split()) and not c.execute(
                "SELECT 1 FROM people WHERE name = ?", (name,)).fetchone()
            self._names[best] = name if rename else best_name
            return PersonMatch(best, "merged", rename, all_keys)
        existing = c.execute("SELECT id FROM people WHERE name = ?", (name,)).fetchone()
        if existing:
            self._names[existing[0]] = name
            return PersonMatch(existing[0], "merged", keys=all_keys)
        return PersonMatch(None, "new", keys=all_keys)

    def learn_person(self, pid: int, name: str | None, forms: Iterable[str]) -> None:
        """What the store wrote: ``name`` the person's canonical name (None: unchanged) and
        ``forms`` the aliases now stored for them."""
        if name is not None:
            self._names[pid] = name
        for f in forms:
            owners = None if self._alias_owners is None else self._alias_owners.get(_nocase(f))
            if owners is not None:
                owners.add(pid)
            if " " in f:      # only full names are safe to cache; surnames are ambiguous
                self._by_alias[f.casefold()] = pid

    def name_of(self, pid: int) -> str:
        """The person's canonical name."""
        name = self._names.get(pid)
        if name is None:
            name = self._names[pid] = self.conn.execute("SELECT name FROM people WHERE id = ?",
                                                        (pid,)).fetchone()[0]
        return name

    # ---- statements: one statement, every article's report of it ---------------------
    def statement_for(self, text: str, key: str | None, aid: int, speaker_id: int | None) -> int | None:
        """The statement an earlier quote in another article already stands for, if any:
        the very same words (``key``, an index lookup), else a variant found by full-text
        search. Two named speakers are two statements, whatever the words."""
        if key is None:
            return None
        # the same words reported before (a wire copy, a reprint): an index lookup, newest first
        known = self._quote_keys
        seen = 0
        for stmt, spk in () if known is not None and key not in known else self.conn.execute(
                "SELECT statement_id, speaker_id FROM quotes WHERE wording_key = ? AND article_id != ?"
                " AND partial = 0 ORDER BY id DESC LIMIT ?", (key, aid, _STATEMENT_EXACT)):
            if not (speaker_id and spk and spk != speaker_id) and stmt is not None:
                return stmt
            seen += 1
        if seen < _STATEMENT_EXACT and only_exact_variants(text):
            # every report of these very words was read above, and no other wording can be
            # a variant of so short a quote: the full-text search could only find nothing
            return None

        tokens = ['"' + t.replace('"', '""') + '"' for t in variant_tokens(text)[:3]]
        if len(tokens) < 2:
            return None
        # a report of the same statement shares at least two of its three most distinctive
        # words; newest first and a hard limit keep the work per quote constant as the corpus grows.
        # "a AND (b OR c) OR b AND c" is "two of a, b, c" with four term lookups, not six
        if len(tokens) == 2:
            words = f"{tokens[0]} AND {tokens[1]}"
        else:
            a, b, c = tokens
            words = f"({a} AND ({b} OR {c})) OR ({b} AND {c})"
        match = "{text} : (" + words + ")"      # the words, not a speaker's name
        try:
            rows = self.conn.execute(
                "SELECT q.text, q.statement_id, q.speaker_id FROM"
                " (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m"
                " JOIN quotes q ON q.id = m.rowid WHERE q.article_id != ? AND q.partial = 0",
                (match, _STATEMENT_CANDIDATES, aid))
            best, best_sim = None, 0.0
            # read lazily: the newest report with the very same words ends the search, and the
            # older candidates' rows (random pages of a big file) are never fetched
            for qtext, stmt, spk in rows:
                if speaker_id and spk and spk != speaker_id:
                    continue
                sim = variant_similarity(text, qtext)
                if sim > best_sim:
                    best, best_sim = stmt, sim
                    if sim >= 1.0:
                        break
        except sqlite3.OperationalError:
            return None
        return best if best is not None and best_sim >= VARIANT_THRESHOLD else None

    # ---- happenings: one event, every article's report of it --------------------------
    def happening_for(self, text: str, key: str | None, day: str, precision: str, aid: int) -> int | None:
        """The happening an event of another article with the same date already stands for:
        the very same words (an index lookup), else, for a day, week or month, a variant
        (``variant_similarity``, as statements are linked) among that date's newest events."""
        if key is None or len(text.split()) < HAPPENING_MIN_WORDS:
            return None                         # "and 2001.": too few words to be the same report
        c = self.conn
        # the very same words with this date: one look-up of the date-led wording index
        row = c.execute("SELECT happening_id FROM events WHERE wording_key = ? AND date = ?"
                        " AND precision = ? AND article_id != ? LIMIT 1", (key, day, precision, aid)).fetchone()
        if row is not None:
            return row[0]
        if precision == "year":
            # a year is the date of too many unrelated sentences for a reworded one to be
            # the same report; the very same words (above) still are
            return None
        # a reworded report: among the newest events of other articles with this date (an
        # index range, LIMITed, read once a batch: ``aid`` is newer than every article stored),
        # the one sharing most content words, if it is a variant
        newest = None if self._dated is None else self._dated.get((day, precision))
        if newest is None:
            newest = [(content_words(t), t, hid) for t, hid in c.execute(
                "SELECT text, happening_id FROM events WHERE date = ? AND precision = ? AND article_id < ?"
                " ORDER BY article_id DESC LIMIT ?", (day, precision, aid, HAPPENING_NEWEST))]
            if self._dated is not None:
                self._dated[(day, precision)] = newest
        mine = self._compared[text] = content_words(text)    # kept for ``wrote_events``
        n = len(mine)
        best, best_j, best_text = None, 0.0, ""
        for other, etext, hid in newest:
            shared = len(mine & other)
            if shared:          # none shared: 0, which never beats the best so far
                j = shared / (n + len(other) - shared)          # Jaccard: shared / in either
                if j > best_j:
                    best, best_j, best_text = hid, j, etext
        if best is None or best_j < HAPPENING_MIN_SHARED:
            return None
        return best if variant_similarity(text, best_text) >= VARIANT_THRESHOLD else None

    # ---- stories: the day of an article that gives none --------------------------------
    def story_day(self, aid: int, people: list[tuple[int, int]], statements: list[int]) -> str | None:
        """For an article with no date of its own and none in its text: the median day of the
        dated articles of its story, or None when the evidence is weak.

        ``people`` are (person id, mentions) and ``statements`` the statements it shares with
        earlier articles. The story is the articles that report one of its statements, or
        share two of its people, or one of its people and a country. The days must agree:
        more than half of them within a month of their median, else no date."""
        c = self.conn
        strong: set[int] = set()
        for st in statements[:STORY_ASK]:
            strong.update(r[0] for r in c.execute(
                "SELECT article_id FROM quotes WHERE statement_id = ? AND article_id != ?"
                " ORDER BY id DESC LIMIT ?", (st, aid, STORY_NEWEST)))
        shared: dict[int, int] = {}
        for pid, _n in sorted(people, key=lambda p: -p[1])[:STORY_ASK]:
            for (other,) in c.execute(
                    "SELECT article_id FROM article_people WHERE person_id = ? AND article_id != ?"
                    " ORDER BY article_id DESC LIMIT ?", (pid, aid, STORY_NEWEST)):
                shared[other] = shared.get(other, 0) + 1
        strong.update(a for a, n in shared.items() if n >= 2)
        one = [a for a, n in shared.items() if n == 1 and a not in strong]
        if one:
            mine = [r[0] for r in c.execute("SELECT iso3 FROM article_countries WHERE article_id = ?", (aid,))]
            if mine:
                strong.update(r[0] for r in c.execute(
                    f"SELECT DISTINCT article_id FROM article_countries WHERE article_id IN ({','.join('?' * len(one))})"
                    f" AND iso3 IN ({','.join('?' * len(mine))})", (*one, *mine)))
        if not strong:
            return None
        ids = sorted(strong)
        days = sorted(date.fromisoformat(r[0]) for r in c.execute(
            f"SELECT day FROM articles WHERE id IN ({','.join('?' * len(ids))})"
            " AND day IS NOT NULL AND date_inferred = 0", ids))
        return median_day(days)


def median_day(days: list[date]) -> str | None:
    """The median of sorted ``days`` when more than half of them lie within
    ``STORY_AGREE_DAYS`` of it; None for a story spread over many months."""
    if not days:
        return None
    mid = days[len(days) // 2]
    if 2 * sum(1 for d in days if abs((d - mid).days) <= STORY_AGREE_DAYS) <= len(days):
        return None
    return mid.isoformat()
