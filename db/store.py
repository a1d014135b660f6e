"""Writes: one article and everything extracted from it, all or nothing.

Which stored person, statement or happening a new row is the same as, and the day of an
undated article's story, are decided by ``db.resolve.Resolver``; the store writes what it
decides.

Articles are written in batches inside one transaction for speed, and a crash (even
SIGKILL) leaves the database at the last commit: never an article without its rows, never
rows without their article. A batch is first written straight through; only if one of its
articles fails is the batch rolled back and written again with each article inside its own
SAVEPOINT, so the failure costs exactly that article. (A savepoint per article on the happy
path would make FTS5 flush its pending terms for every article, about 4x the index work.)

Straight through, the rows nothing reads back while ingesting (mentions, events, figures,
the article index…) wait in ``_Pending`` and go in with one executemany per statement for
the whole batch, and the country totals are summed first: a dozen statements a batch
instead of a dozen an article.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Iterable

from db.passages import is_long, split_passages
from db.schema import COUNTRY_TOTALS_ADD, PASSAGES_FTS_INSERT, PASSAGES_INSERT, TEXT_PREFIX, fts_insert_sql
from db.resolve import Resolver
from ingest.model import Article, Extraction, Ingested
from ingest.sanitize import printable_path

ORGANISATION = "organisation"        # quotes.speaker_kind of an organisation speaker

_ARTICLE_SQL = (
    "INSERT INTO articles (id, source, title, byline, outlet, url, published, day, date_inferred,"
    " format, body, content_hash, ingested_at, extraction_cut_short, text_hash)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
_QUOTE_SQL = (
    'INSERT INTO quotes (id, article_id, text, start, "end", speaker_id, speaker_text, role,'
    " confidence, partial, cue, speaker_start, speaker_end, statement_id, wording_key, speaker_kind,"
    " organisation_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
_EVENT_SQL = (
    'INSERT INTO events (id, article_id, text, start, "end", date, date_end, precision, span_start,'
    " span_end, inferred, target, date_start, date_stop, happening_id, wording_key)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
_FIGURE_SQL = (
    'INSERT INTO figures (article_id, iso3, kind, value, value_high, unit, year, text, start, "end")'
    " VALUES (?,?,?,?,?,?,?,?,?,?)")
_ARTICLES_FTS, _QUOTES_FTS, _EVENTS_FTS = (fts_insert_sql(t) for t in ("articles", "quotes", "events"))
_ARTICLE_PEOPLE_SQL = "INSERT OR IGNORE INTO article_people (article_id, person_id, role, mentions) VALUES (?,?,?,?)"
_PERSON_MENTION_SQL = 'INSERT INTO person_mentions (article_id, person_id, start, "end") VALUES (?,?,?,?)'
_ARTICLE_COUNTRY_SQL = "INSERT INTO article_countries (article_id, iso3, mentions, subject) VALUES (?,?,?,?)"
_COUNTRY_MENTION_SQL = ('INSERT INTO country_mentions (article_id, iso3, start, "end", surface, kind)'
                        " VALUES (?,?,?,?,?,?)")
_EVENT_COUNTRY_SQL = "INSERT OR IGNORE INTO event_countries (event_id, iso3) VALUES (?,?)"
_EVENT_PERSON_SQL = "INSERT OR IGNORE INTO event_people (event_id, person_id) VALUES (?,?)"
_QUOTE_COUNTRY_SQL = "INSERT OR IGNORE INTO quote_countries (quote_id, iso3) VALUES (?,?)"
# an article by its text hash: the index holds the hash's first TEXT_PREFIX characters; the
# "+" keeps SQLite from putting the full hash's value into the indexed expression (constant
# propagation), which would leave the index unused
_TEXT_PREFIX_SQL = f"substr(text_hash, 1, {TEXT_PREFIX})"
_BY_TEXT = f"{_TEXT_PREFIX_SQL} = ? AND +text_hash = ?"
# SQLite's answers about the database or its disk, not about what one article holds: they end
# the write (SQLite may have rolled the whole transaction back already) instead of failing
# every article in turn
_DATABASE_ERRORS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CORRUPT", "SQLITE_NOTADB",
                    "SQLITE_CANTOPEN", "SQLITE_INTERRUPT", "SQLITE_NOMEM")


def about_the_database(e: BaseException) -> bool:
    return isinstance(e, sqlite3.Error) and (getattr(e, "sqlite_errorname", None) or "").startswith(_DATABASE_ERRORS)


@dataclass
class WriteResult:
    outcome: str                      # new | updated | unchanged | duplicate | failed
    article_id: int | None = None
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    person_ids: tuple[int, ...] = ()  # the stored people the article names, aliases merged


@dataclass
class Copy:
    """An article read whose text (whitespace aside) is stored already under another name:
    written as another location of that article, never extracted or stored a second time."""
    article: Article


@dataclass
class StoredSources:
    """What an ingest compares the articles it reads with: source -> content hash, of the
    stored articles and of the other names their copies were read under."""
    articles: dict[str, str]
    locations: dict[str, str]


class _Failed(Exception):
    """An article of a straight-through batch failed: write the batch again, isolated."""


class _Replaces(Exception):
    """A batch written without foreign-key checks meets an article it must replace: the
    delete needs the keys' cascades, so the batch is written again with them."""


class _Pending:
    """Rows to insert later, by statement, and country totals to add, summed."""

    def __init__(self) -> None:
        self.rows: dict[str, list[tuple]] = {}
        self.totals: dict[str, list[int]] = {}     # iso3 -> [mentions, articles, articles about it]

    def add(self, sql: str, rows: "list[tuple] | tuple") -> None:
        got = self.rows.get(sql)
        if got is None:
            got = self.rows[sql] = []
        if isinstance(rows, tuple):
            got.append(rows)
        else:
            got.extend(rows)

    def count(self, iso3: str, mentions: int, subject: bool) -> None:
        t = self.totals.get(iso3)
        if t is None:
            self.totals[iso3] = [mentions, 1, int(subject)]
        else:
            t[0] += mentions
            t[1] += 1
            t[2] += subject

    def write(self, conn: sqlite3.Connection) -> None:
        for sql, rows in self.rows.items():         # in first-use order: parents before children
            if rows:
                conn.executemany(sql, rows)
        if self.totals:
            conn.executemany(COUNTRY_TOTALS_ADD, [(k, *t) for k, t in self.totals.items()])
        self.clear()

    def clear(self) -> None:
        self.rows.clear()
        self.totals.clear()


class Store:
    """Writer for one database connection; keeps small caches of rows it knows exist, so
    repeated names and countries cost nothing."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.resolve = Resolver(conn)              # who and what the new rows are the same as
        self._aliases: set[tuple[str, int]] = set()   # (alias, person id) rows known to exist
        self._has_role: set[int] = set()           # people whose role is set
        self._organisations: dict[str, int] = {}   # name -> organisation id, rows known to exist
        self._country_names: set[str] = {r[0] for r in conn.execute("SELECT iso3 FROM countries")}
        self._next: dict[str, int] = {}            # table -> next id; valid inside one transaction
        self._pending = _Pending()
        self._now = ""                             # ingested_at of the batch being written
        self._keys = True                          # foreign keys enforced in this transaction
        self._olds: dict[str, tuple[int, str]] = {}   # source -> (id, hash) stored, this transaction
        self._located: set[str] = set()            # the batch's sources stored as other locations, perhaps
        self._texts: set[str] = set()              # the batch's new texts stored when it began
        self.written = 0

    # ---- what is stored --------------------------------------------------------------
    def stored_sources(self) -> StoredSources:
        """Every stored article's source and content hash, and those of its copies' names."""
        articles = dict(self.conn.execute("SELECT source, content_hash FROM articles"))
        locations = dict(self.conn.execute("SELECT source, content_hash FROM article_locations"))
        for src in [s for s in articles if _is_relative(s)]:
            # the file a name from before sources were absolute names from here: unknown, so
            # that it is read as a copy and the store adopts its full name (``_copy_of``)
            full = printable_path(os.path.abspath(src))
            articles.pop(full, None)
            locations.pop(full, None)
        return StoredSources(articles, locations)

    def has_text(self, text_hash: str) -> bool:
        """Whether an article with this text (``Article.text_hash``) is stored."""
        return self.conn.execute(f"SELECT 1 FROM articles WHERE {_BY_TEXT} LIMIT 1",
                                 (text_hash[:TEXT_PREFIX], text_hash)).fetchone() is not None

    # ---- writing -----------------------------------------------------------------------
    def write_batch(self, items: Iterable[Ingested | Copy]) -> list[WriteResult]:
        """Write several articles (or copies' locations) in one transaction, each atomically."""
        items = list(items)
        isolate, keys = False, self._replaces_stored(items)
        while True:
            try:
                results = self._transaction(items, isolate, keys)
                break
            except _Replaces:
                keys = True
            except _Failed:
                isolate = True
        self.written += sum(1 for r in results if r.outcome in ("new", "updated"))
        return results

    def _replaces_stored(self, items: list[Ingested | Copy]) -> bool:
        """Whether an item would replace a stored article (same source, other content).

        Only a replacement deletes, and only a delete needs the foreign keys (their cascades);
        a batch of new articles is written without them: every row it writes points at rows
        the store wrote just before, so the checks (a lookup per reference, ~7% of storing)
        could only ever pass. Checked before the transaction, where the setting can change;
        an article stored meanwhile by another process is caught under the lock (_Replaces)."""
        by_source = {it.article.source: it.article for it in items}
        if any(h != by_source[src].content_hash() for src, (_id, h) in self._stored_rows(by_source).items()):
            return True
        return len(by_source) < len(items)      # a source twice: the second replaces the first

    def _stored_rows(self, sources: Iterable[str]) -> dict[str, tuple[int, str]]:
        """source -> (id, content hash) of those stored."""
        return {src: (aid, h) for src, aid, h in
                self._rows_in("SELECT source, id, content_hash FROM articles", "source", sources)}

    def _stored_locations(self, sources: Iterable[str]) -> set[str]:
        """Those of ``sources`` stored as another location of an article."""
        return {src for src, in self._rows_in("SELECT source FROM article_locations", "source", sources)}

    def _stored_texts(self, hashes: Iterable[str]) -> set[str]:
        """Those of ``hashes`` (``Article.text_hash``) an article is stored with."""
        hashes = set(hashes)
        return {h for h, in self._rows_in("SELECT text_hash FROM articles", _TEXT_PREFIX_SQL,
                                          {h[:TEXT_PREFIX] for h in hashes}) if h in hashes}

    def _rows_in(self, select: str, column: str, values: Iterable[str]) -> Iterable[tuple]:
        """``select`` (which has no WHERE) for the rows whose ``column`` is one of ``values``,
        a few hundred to a query."""
        values = list(values)
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            yield from self.conn.execute(f"{select} WHERE {column} IN ({','.join('?' * len(chunk))})", chunk)

    def _transaction(self, items: list[Ingested | Copy], isolate: bool, keys: bool) -> list[WriteResult]:
        conn = self.conn
        restore = not keys and conn.execute("PRAGMA foreign_keys").fetchone()[0]
        if restore:
            conn.execute("PRAGMA foreign_keys = OFF")      # a no-op inside a transaction: here
        self._keys = keys or not restore
        try:
            return self._write_all(items, isolate)
        finally:
            self.resolve.end()
            if restore:
                conn.execute("PRAGMA foreign_keys = ON")

    def _write_all(self, items: list[Ingested | Copy], isolate: bool) -> list[WriteResult]:
        results: list[WriteResult] = []
        conn = self.conn
        pending = self._pending
        conn.execute("BEGIN IMMEDIATE")
        try:
            self._number()
            self.resolve.begin([it for it in items if isinstance(it, Ingested)])   # a Copy has no rows
            self._now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            # what is stored under the batch's sources, read once under the lock (kept up to
            # date as the batch writes), not a query per article
            sources = {it.article.source for it in items}
            self._olds = self._stored_rows(sources)
            self._located = self._stored_locations(sources)
            # texts stored under other names, read under the lock too: an ingest running at
            # the same time may have stored one of this batch's new texts since the work list
            # was made, and it is then written as that article's copy (``_write_one``)
            self._texts = self._stored_texts({it.article.text_hash() for it in items if isinstance(it, Ingested)})
            for item in items:
                if isolate:
                    conn.execute("SAVEPOINT article")
                try:
                    res = self._write_one(item)
                    if isolate:
                        pending.write(conn)
                except _Replaces:
                    raise
                except Exception as e:  # one bad article never takes the batch down
                    if about_the_database(e) or not conn.in_transaction:
                        raise               # a full disk or a read-only file is no article's fault
                    if not isolate:
                        raise _Failed from e
                    conn.execute("ROLLBACK TO article")
                    conn.execute("RELEASE article")
                    src = item.article.source     # what the rollback left under its source
                    self._olds.pop(src, None)
                    self._olds.update(self._stored_rows([src]))
                    self._located.update(self._stored_locations([src]))
                    self._forget()                  # the caches may hold rows that were rolled back
                    self._number()
                    results.append(WriteResult("failed", error=f"{type(e).__name__}: {e}"))
                    continue
                if isolate:
                    conn.execute("RELEASE article")
                results.append(res)
            try:
                pending.write(conn)
            except Exception as e:
                if not isolate and not about_the_database(e) and conn.in_transaction:
                    raise _Failed from e
                raise
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self._forget()
            raise
        return results

    def _number(self) -> None:
        """Ids for the rows about to be written, so an article's rows go in with executemany.
        Safe: the write lock is held from BEGIN IMMEDIATE, nobody else inserts meanwhile."""
        for table in ("articles", "quotes", "events", "statements"):
            self._next[table] = self.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]

    def _ids(self, table: str, n: int) -> range:
        first = self._next[table]
        self._next[table] = first + n
        return range(first, first + n)

    def _forget(self) -> None:
        self._pending.clear()
        self.resolve.forget()
        self._aliases.clear()
        self._has_role.clear()
        self._organisations.clear()
        self._country_names = {r[0] for r in self.conn.execute("SELECT iso3 FROM countries")}

    def write(self, item: Ingested | Copy) -> WriteResult:
        return self.write_batch([item])[0]

    def _write_one(self, item: Ingested | Copy) -> WriteResult:
        a = item.article
        c = self.conn
        h = a.content_hash()
        old = self._olds.get(a.source)
        if isinstance(item, Copy):
            if old is not None:     # stored under this very name meanwhile (another process)
                return WriteResult("unchanged", old[0]) if old[1] == h else WriteResult(
                    "failed", error="stored meanwhile under this name with other content")
            return self._copy_of(a, h) or WriteResult(
                "failed", error="a copy of a text that is not stored (its first copy could not be)")
        x = item.extraction
        outcome = "new"
        if old is not None:
            if old[1] == h:
                return WriteResult("unchanged", old[0])
            if not self._keys:
                raise _Replaces
            self._pending.write(c)         # the old copy's rows may be waiting still (same batch)
            self._delete_article(old[0])
            outcome = "updated"
        else:
            if a.text_hash() in self._texts:      # stored meanwhile under another name
                copied = self._copy_of(a, h)
                if copied is not None:
                    return copied
            if a.source in self._located:     # a copy's name whose file changed is an article of its own now
                c.execute("DELETE FROM article_locations WHERE source = ?", (a.source,))
                self._located.discard(a.source)
        th = a.text_hash()
        day, inferred = _day(a.published), 0
        if day is None and x.published_inferred:
            day, inferred = _day(x.published_inferred), 1
        aid = self._ids("articles", 1)[0]
        later = self._pending
        c.execute(_ARTICLE_SQL, (aid, a.source, a.title, a.byline, a.outlet, a.url, a.published, day, inferred,
                                 a.format, a.body, h, self._now, int(x.cut_short), th))
        self._olds[a.source] = (aid, h)            # a later item of the batch with this source replaces it
        later.add(_ARTICLES_FTS, (aid, a.title, a.byline, a.body))
        if is_long(a.body):
            # written now, a piece at a time (the article row above is their parent)
            c.executemany(PASSAGES_INSERT, ((aid, start, text) for start, text in split_passages(a.body)))
            later.add(PASSAGES_FTS_INSERT, (aid,))

        # people first: quotes and events point at them
        person_ids: dict[str, int] = {}
        pm_rows, ap_rows = [], []
        for p in x.people:
            pid = self._person_id(p.name, p.aliases, p.role)
            for form in [p.name, *p.aliases]:
                person_ids[form] = pid
            ap_rows.append((aid, pid, p.role, max(1, len(p.mentions))))
            pm_rows.extend((aid, pid, s, e) for s, e in p.mentions)
        if ap_rows:
            later.add(_ARTICLE_PEOPLE_SQL, ap_rows)
            later.add(_PERSON_MENTION_SQL, pm_rows)

        # countries
        per_country: dict[str, int] = {}
        for m in x.countries:
            per_country[m.iso3] = per_country.get(m.iso3, 0) + 1
        self._ensure_countries(per_country)
        if per_country:
            # every country named counts; the ones the story is about are marked (None: unknown)
            about = x.subject_countries
            subject = {k: (None if about is None else int(k in about)) for k in per_country}
            later.add(_ARTICLE_COUNTRY_SQL, [(aid, k, v, subject[k]) for k, v in per_country.items()])
            for k, v in per_country.items():
                later.count(k, v, bool(subject[k]))
            later.add(_COUNTRY_MENTION_SQL, [(aid, m.iso3, m.start, m.end, m.surface, m.kind) for m in x.countries])

        statements = self._write_quotes(aid, x, person_ids) if x.quotes else []

        if x.events:
            ids = self._ids("events", len(x.events))
            rows, fts, ev_countries, ev_people, written = [], [], [], [], []
            for eid, ev in zip(ids, x.events):
                span_start, span_end = span_of(ev.date, ev.date_end or ev.date, ev.precision)
                key = self.resolve.wording_key(ev.text)
                happening = self.resolve.happening_for(ev.text, key, ev.date, ev.precision, aid) or eid
                rows.append((eid, aid, ev.text, ev.start, ev.end, ev.date, ev.date_end, ev.precision, span_start,
                             span_end, int(ev.inferred), int(ev.target), ev.date_start, ev.date_stop, happening, key))
                fts.append((eid, ev.text))
                written.append((ev.text, ev.date, ev.precision, key, happening))
                ev_countries.extend((eid, iso) for iso in set(ev.countries) if iso)
                ev_people.extend((eid, pid) for pid in {person_ids[n] for n in ev.people if n in person_ids})
            c.executemany(_EVENT_SQL, rows)        # now: the next article's events look these up
            later.add(_EVENTS_FTS, fts)            # nothing searches them while the batch is written
            self.resolve.wrote_events(written)
            if ev_countries:
                self._ensure_countries(iso for _, iso in ev_countries)
                later.add(_EVENT_COUNTRY_SQL, ev_countries)
            if ev_people:
                later.add(_EVENT_PERSON_SQL, ev_people)

        if x.figures:
            self._ensure_countries([f.iso3 for f in x.figures if f.iso3])
            later.add(_FIGURE_SQL, [(aid, f.iso3, f.kind, f.value, f.value_high, f.unit, f.year, f.text,
                                     f.start, f.end) for f in x.figures])
        if day is None:
            later.write(c)                 # the story's other articles may still be waiting
            story_day = self.resolve.story_day(aid, [(r[1], r[3]) for r in ap_rows], statements)
            if story_day is not None:
                c.execute("UPDATE articles SET day = ?, date_inferred = 1 WHERE id = ?", (story_day, aid))
        return WriteResult(outcome, aid, counts={
            "quotes": len(x.quotes), "people": len(x.people), "events": len(x.events),
            "countries": len(per_country), "figures": len(x.figures),
        }, person_ids=tuple(r[1] for r in ap_rows))

    def _copy_of(self, a: Article, h: str) -> WriteResult | None:
        """``a`` written as another name of the stored article with its text (whitespace aside):
        one article, its other names kept as locations, never a second source. None: no such
        article is stored."""
        c = self.conn
        loc = c.execute("SELECT article_id, content_hash FROM article_locations WHERE source = ?",
                        (a.source,)).fetchone()
        if loc is not None and loc[1] != h:
            c.execute("DELETE FROM article_locations WHERE source = ?", (a.source,))   # it changed: its own now
            loc = None
        th = a.text_hash()
        rows = c.execute(f"SELECT id, source, content_hash FROM articles WHERE {_BY_TEXT}",
                         (th[:TEXT_PREFIX], th)).fetchall()
        for aid, stored, stored_hash in rows:
            if stored_hash == h and _names_this_file(stored, a.source):
                # stored before sources were absolute: the same file, now under its full name
                c.execute("UPDATE articles SET source = ? WHERE id = ?", (a.source, aid))
                c.execute("DELETE FROM article_locations WHERE source = ?", (a.source,))
                self._olds[a.source] = (aid, h)
                return WriteResult("unchanged", aid)
        if loc is not None:
            return WriteResult("unchanged", loc[0])
        if not rows:
            return None
        c.execute("INSERT INTO article_locations (source, article_id, content_hash) VALUES (?,?,?)",
                  (a.source, rows[0][0], h))
        self._located.add(a.source)
        return WriteResult("duplicate", rows[0][0])

    def _write_quotes(self, aid: int, x: Extraction, person_ids: dict[str, int]) -> list[int]:
        """Quotes, each joined to a statement (its variants in other articles); returns the
        statements other articles reported first.

        Statements are looked up before any quote of this article is indexed: the lookup takes
        the newest 40 matches, and this article's own quotes (newest of all, then thrown away)
        must not crowd out the other articles' reports of the same words."""
        c = self.conn
        speakers: list[int | None] = []          # person speakers
        orgs: list[int | None] = []              # organisation speakers ('the company said')
        for q in x.quotes:
            sid = oid = None
            if q.speaker and q.speaker_kind == ORGANISATION:
                oid = self._organisation_id(q.speaker)
            elif q.speaker:
                sid = person_ids.get(q.speaker)
                if sid is None:
                    sid = self._person_id(q.speaker, [], q.role)
            speakers.append(sid)
            orgs.append(oid)
        keys = [None if q.partial else self.resolve.wording_key(q.text) for q in x.quotes]
        found = [None if q.partial else self.resolve.statement_for(q.text, key, aid, sid)
                 for q, key, sid in zip(x.quotes, keys, speakers)]
        shared = list(dict.fromkeys(st for st in found if st is not None))
        fresh = [i for i, st in enumerate(found) if st is None]
        if fresh:
            for i, st in zip(fresh, self._ids("statements", len(fresh))):
                found[i] = st
            c.executemany("INSERT INTO statements (id, speaker_id) VALUES (?,?)",
                          [(found[i], speakers[i]) for i in fresh])
        rows, fts, q_countries = [], [], []
        for qid, q, sid, oid, statement, key in zip(self._ids("quotes", len(x.quotes)), x.quotes, speakers, orgs,
                                                    found, keys):
            name = self.resolve.name_of(sid) if sid else (q.speaker if oid else None)
            kind = "person" if sid else (ORGANISATION if oid else None)
            rows.append((qid, aid, q.text, q.start, q.end, sid, name, q.role, q.confidence, int(q.partial),
                         q.cue, q.speaker_start, q.speaker_end, statement, key, kind, oid))
            fts.append((qid, q.text, name))
            q_countries.extend((qid, iso) for iso in set(q.countries) if iso)
        c.executemany(_QUOTE_SQL, rows)        # now: the next article's quotes look these up
        c.executemany(_QUOTES_FTS, fts)
        self.resolve.wrote_quotes(keys)
        if q_countries:
            self._ensure_countries(iso for _, iso in q_countries)
            self._pending.add(_QUOTE_COUNTRY_SQL, q_countries)
        return shared

    def delete_source(self, source: str) -> bool:
        row = self.conn.execute("SELECT id FROM articles WHERE source = ?", (source,)).fetchone()
        if row is None:
            return False
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._delete_article(row[0])
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return True

    def _delete_article(self, aid: int) -> None:
        c = self.conn
        stmts = [r[0] for r in c.execute(
            "SELECT DISTINCT statement_id FROM quotes WHERE article_id = ? AND statement_id IS NOT NULL", (aid,))]
        c.execute("DELETE FROM articles WHERE id = ?", (aid,))   # cascades to everything extracted
        self.resolve.deleted()
        if stmts:
            c.executemany("DELETE FROM statements WHERE id = ? AND NOT EXISTS"
                          " (SELECT 1 FROM quotes WHERE statement_id = statements.id)", [(s,) for s in stmts])

    # ---- people: one row per real person across the corpus ----------------------------
    def _person_id(self, name: str, aliases: list[str], role: str | None) -> int:
        """The person ``name`` names (``Resolver.person``), written or updated as resolved."""
        c = self.conn
        match = self.resolve.person(name)
        pid = match.id
        if match.how != "known":
            if pid is None:
                pid = c.execute("INSERT INTO people (name, role) VALUES (?, ?)", (name, role)).lastrowid
                self.resolve.learn_person(pid, name, ())
            elif match.rename:
                c.execute("UPDATE people SET name = ? WHERE id = ?", (name, pid))
                c.execute("UPDATE quotes SET speaker_text = ? WHERE speaker_id = ?", (name, pid))
            c.executemany("INSERT OR IGNORE INTO person_keys (key, person_id) VALUES (?,?)",
                          [(k, pid) for k in match.keys])
        if role and pid not in self._has_role:
            c.execute("UPDATE people SET role = ? WHERE id = ? AND role IS NULL", (role, pid))
            self._has_role.add(pid)
        forms = [(f, pid) for f in (name, *aliases) if f and (f, pid) not in self._aliases]
        if forms:
            c.executemany("INSERT OR IGNORE INTO person_aliases (alias, person_id) VALUES (?,?)", forms)
            self._aliases.update(forms)
            self.resolve.learn_person(pid, None, (f for f, _ in forms))
        return pid

    # ---- organisations that speak: one row per name ------------------------------------
    def _organisation_id(self, name: str) -> int:
        """The organisation row of ``name`` (exact name: an organisation is named as it is
        written, and never merged with a person), inserted if new."""
        oid = self._organisations.get(name)
        if oid is None:
            c = self.conn
            row = c.execute("SELECT id FROM organisations WHERE name = ?", (name,)).fetchone()
            oid = row[0] if row else c.execute("INSERT INTO organisations (name) VALUES (?)", (name,)).lastrowid
            self._organisations[name] = oid
        return oid

    def _ensure_countries(self, codes: Iterable[str]) -> None:
        new = [c for c in set(codes) if c and c not in self._country_names]
        if not new:
            return
        from ingest.extract.countries import country_name

        self.conn.executemany("INSERT OR IGNORE INTO countries (iso3, name) VALUES (?,?)",
                              [(c, country_name(c) or c) for c in new])
        self._country_names.update(new)

    # ---- after a bulk load -------------------------------------------------------------
    def set_subjects(self, subjects: dict[int, list[str]]) -> None:
        """Mark which of each article's countries it is about (ISO3 codes by article id), for
        rows stored before the subject was (schema v11); the totals follow by trigger."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany("UPDATE article_countries SET subject = 0 WHERE article_id = ?",
                          [(aid,) for aid in subjects])
            c.executemany("UPDATE article_countries SET subject = 1 WHERE article_id = ? AND iso3 = ?",
                          [(aid, iso3) for aid, codes in subjects.items() for iso3 in codes])
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def optimize(self) -> None:
        """Merge FTS segments once at the end of a large ingest instead of rebuilding per row."""
        from db.schema import FTS_TABLES

        # BEGIN IMMEDIATE: an autocommit write would start as a read and could fail at once with
        # SQLITE_BUSY (no waiting) if another ingest committed meanwhile
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for table in (*FTS_TABLES, "article_passages"):
                self.conn.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES('optimize')")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("PRAGMA optimize")      # statistics only: skip it if another writer is busy
        except sqlite3.OperationalError:
            pass


def _names_this_file(stored: str, source: str) -> bool:
    """Whether a stored relative source (databases from before sources were stored absolute)
    names, from the current folder, the file ``source`` (absolute) names. Where that folder was
    is not recorded, so only the current one can tell; a URL or an absolute name never matches."""
    return _is_relative(stored) and printable_path(os.path.abspath(stored)) == source


def _is_relative(source: str) -> bool:
    return bool(source) and not os.path.isabs(source) and "://" not in source


def _day(iso: str | None) -> str | None:
    if not iso or len(iso) < 10 or iso[4] != "-":
        return None
    return iso[:10]


@lru_cache(maxsize=4096)
def span_of(date: str, date_end: str, precision: str = "") -> tuple[str, str]:
    """First and last day covered by an ISO date truncated to day, month or year, or by the
    week starting on a Monday (cached: a corpus dates its events to a few thousand distinct
    days, months and years)."""
    if precision == "week":
        from datetime import date as _date, timedelta

        return date, (_date.fromisoformat(date) + timedelta(days=6)).isoformat()
    return _first_day(date), _last_day(date_end)


def _first_day(d: str) -> str:
    return d if len(d) == 10 else (d + "-01" if len(d) == 7 else d + "-01-01")


def _last_day(d: str) -> str:
    if len(d) == 10:
        return d
    if len(d) == 7:
        import calendar

        y, m = int(d[:4]), int(d[5:7])
        return f"{d}-{calendar.monthrange(y, m)[1]:02d}"
    return d + "-12-31"
