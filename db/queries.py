"""Reads: every view of the app and every CLI command gets its rows here.

All functions take a connection and a :class:`Filters` (the browse state: date range,
country, person, text) so a filter set in one place narrows every view. Lists take
``limit``/``offset`` so a view fetches only the rows it shows.
"""
from __future__ import annotations

import sqlite3
from collections import namedtuple

from db.fts import QueryError, clean_input, explain, to_match
from db.rows import (Article, ArticleQuote, ArticleRow, Country, CountryDossier, CountryFigure, CountryMention, Event,
                     Figure, Person, PersonInArticle, PersonMention, Quote, SearchHit, Speaker, Variant)

# dataclasses (which imports inspect) is not imported at run time: a CLI command is a fresh
# interpreter (db/rows.py says why its records are NamedTuples).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "Filters", "QueryError", "articles", "count_articles", "article", "quotes", "count_quotes",
    "speakers", "timeline", "count_timeline", "timeline_position", "undated_articles", "count_undated",
    "timeline_with_undated", "timeline_opening", "countries", "country_dossier",
    "search", "counts", "person_ids", "resolve_country", "people", "country_name", "has_articles",
    "data_version",
]

MARK = ("**", "**")


class Filters(namedtuple("Filters", "since until country person text new", defaults=(None,) * 6)):
    """The browse state: a date range (YYYY-MM-DD, inclusive), a country (ISO3), a person (a
    name as the user typed it), a full-text filter (plain words, or FTS5 syntax) and ``new``
    (only articles stored after this article id, the last session's mark); None is no filter. Immutable and
    hashable; typed input is cleaned on the way in."""
    __slots__ = ()

    def __new__(cls, since: str | None = None, until: str | None = None, country: str | None = None,
                person: str | None = None, text: str | None = None, new: str | None = None) -> "Filters":
        return super().__new__(cls, *(None if v is None else clean_input(v)
                                      for v in (since, until, country, person, text, new)))

    def is_empty(self) -> bool:
        return not any(self)

    def replace(self, **changes: "str | None") -> "Filters":
        return Filters(**{**self._asdict(), **changes})

    def without(self, name: str) -> "Filters":
        return self.replace(**{name: None})


class _Where:
    __slots__ = ("clauses", "params")

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any] | tuple = ()) -> list[dict]:
    cur = conn.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _page(limit: int | None, offset: int) -> str:
    if limit is None:
        return f" LIMIT -1 OFFSET {int(offset)}" if offset else ""
    return f" LIMIT {int(limit)} OFFSET {int(offset)}"


def _order(terms: tuple[str, ...], reverse: bool = False) -> str:
    return "ORDER BY " + ", ".join(t + " DESC" if reverse else t for t in terms)


def _page_ids(select: str, where: _Where, order: tuple[str, ...], limit: int | None, offset: int,
              total: int | None) -> tuple[str, list[Any]] | None:
    """The WHERE clause of one page: its ids picked by a subquery that reads only indexes.

    Joins and per-row columns are then computed for the page's rows alone (an OFFSET over
    the full row would join every skipped row). When ``total`` is known, a page in the far
    half is counted from the end in reverse order, so jumping to the end (G) costs what the
    first page costs. Everything (no limit, no offset): the filters as they are. Returns
    None when the page is empty.
    """
    if limit is None and not offset:
        return where.sql(), list(where.params)
    alias = select.split()[1]                      # "SELECT e.id ..." -> "e.id"
    reverse = total is not None and limit is not None and offset > total // 2
    if reverse:
        assert total is not None and limit is not None
        end = min(total, offset + limit)
        if end <= offset:
            return None
        limit, offset = end - offset, total - end
    sql = f"{select}{where.sql()} {_order(order, reverse)}{_page(limit, offset)}"
    return f" WHERE {alias} IN ({sql})", list(where.params)


# SQLite errors that say something about the database, not about what the user typed
_NOT_THE_USERS_FAULT = ("database is locked", "database table is locked", "disk i/o error", "no such table",
                        "attempt to write a readonly database", "database or disk is full", "interrupted")


def _match(conn: sqlite3.Connection, sql: str, params: list[Any], query: str) -> list[dict]:
    try:
        return _rows(conn, sql, params)
    except sqlite3.OperationalError as e:
        msg = str(e).lower()
        if query.strip() and not msg.startswith(_NOT_THE_USERS_FAULT):
            raise explain(e, query) from None       # FTS5 could not parse what the user typed
        raise
    except UnicodeEncodeError:
        raise QueryError("the search or filter contains characters that are not valid text") from None


# ---- people and countries ---------------------------------------------------------------
def person_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    """People a typed name may mean: an exact name or alias, else names containing it."""
    return _named_ids(conn, name, "SELECT DISTINCT person_id FROM person_aliases WHERE alias = ?",
                      "SELECT id FROM people WHERE name LIKE ? ESCAPE '\\'")


def organisation_ids(conn: sqlite3.Connection, name: str) -> list[int]:
    """Organisations (speakers) a typed name may mean: the exact name, else names containing it."""
    return _named_ids(conn, name, "SELECT id FROM organisations WHERE name = ? COLLATE NOCASE",
                      "SELECT id FROM organisations WHERE name LIKE ? ESCAPE '\\'")


def _named_ids(conn: sqlite3.Connection, name: str, exact_sql: str, like_sql: str) -> list[int]:
    """Ids for a typed name: those ``exact_sql`` finds for it, else those ``like_sql`` finds
    for names containing it."""
    name = clean_input(name).strip()
    if not name:
        return []
    rows = conn.execute(exact_sql, (name,)).fetchall() or conn.execute(like_sql, (_like(name),)).fetchall()
    return [r[0] for r in rows]


def resolve_country(conn: sqlite3.Connection, text: str) -> str | None:
    """ISO3 for a typed country (the CLI's --country, the filter bar's country:): a code or a
    name as stored in the countries table first, then the extractor's gazetteer."""
    t = clean_input(text).strip()
    if not t:
        return None
    row = conn.execute("SELECT iso3 FROM countries WHERE iso3 = ? COLLATE NOCASE OR name = ? COLLATE NOCASE",
                       (t, t)).fetchone()
    if row:
        return row[0]
    from ingest.extract.countries import iso3_from_name     # the gazetteer: loaded only when needed

    return iso3_from_name(t)


def _person_clause(conn: sqlite3.Connection, f: Filters, column_sql: str, w: _Where) -> None:
    """Restrict to rows whose person column (an SQL expression yielding a person id set) matches."""
    if not f.person:
        return
    ids = person_ids(conn, f.person)
    if not ids:
        w.add("0")
        return
    w.add(column_sql.format(ids=",".join(str(int(i)) for i in ids)))


def _like(name: str) -> str:
    """A LIKE pattern (ESCAPE '\\') for names containing ``name``."""
    return "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _speaker_clause(conn: sqlite3.Connection, speaker: str, w: _Where) -> None:
    """Quotes by a typed speaker: the people and the organisations the name may mean."""
    pids, oids = person_ids(conn, speaker), organisation_ids(conn, speaker)
    either = [f"q.speaker_id IN ({','.join(str(int(i)) for i in pids)})"] if pids else []
    if oids:
        either.append(f"q.organisation_id IN ({','.join(str(int(i)) for i in oids)})")
    w.add("(" + " OR ".join(either) + ")" if either else "0")


# the `new` filter: articles stored after the last session's mark (ids only grow)
_NEW = "{col} > CAST(? AS INTEGER)"


# ---- articles -----------------------------------------------------------------------------
def _article_where(conn: sqlite3.Connection, f: Filters) -> _Where:
    w = _Where()
    if f.since:
        w.add("a.day >= ?", f.since)
    if f.until:
        w.add("a.day <= ?", f.until)
    if f.country:
        w.add("a.id IN (SELECT article_id FROM article_countries WHERE iso3 = ?)", f.country)
    _person_clause(conn, f, "a.id IN (SELECT article_id FROM article_people WHERE person_id IN ({ids}))", w)
    if f.text:
        w.add("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", to_match(f.text))
    if f.new:
        w.add(_NEW.format(col="a.id"), f.new)
    return w


# each country code carries its subject mark (_SUBJECT_MARKS): one subquery gives both lists
_ARTICLE_COLS = """a.id, a.source, a.title, a.byline, a.outlet, a.url, a.published, a.day, a.date_inferred,
 (SELECT group_concat(iso3 || CASE WHEN subject IS NULL THEN '?' WHEN subject THEN '*' ELSE '' END, ' ')
   FROM (SELECT iso3, subject FROM article_countries WHERE article_id = a.id
   ORDER BY mentions DESC, iso3)) AS countries,
 (SELECT group_concat(name, char(31)) FROM (SELECT p.name FROM article_people ap JOIN people p ON p.id = ap.person_id
   WHERE ap.article_id = a.id ORDER BY ap.mentions DESC, p.name)) AS people"""


def _article_fields(r: dict) -> dict:
    marked = r["countries"].split() if r.get("countries") else []
    r["countries"] = [c.rstrip("*?") for c in marked]
    # "*" about it, "" named in passing, "?" stored before the subject was (schema v11): unknown
    r["subject_countries"] = None if any(c.endswith("?") for c in marked) else [c[:-1] for c in marked
                                                                                 if c.endswith("*")]
    r["people"] = r["people"].split("\x1f") if r.get("people") else []
    r["date_inferred"] = bool(r.get("date_inferred"))
    return r


def _article_row(r: dict) -> ArticleRow:
    return ArticleRow(**_article_fields(r))


_ARTICLE_ORDER = ("a.day IS NULL", "a.day", "a.id")       # the articles_day_order index


def _by_day(order: tuple[str, ...], f: Filters) -> tuple[str, ...]:
    """Under a date filter no article is undated: order by day alone, a range seek on articles_day."""
    return order[1:] if (f.since or f.until) else order


def articles(conn: sqlite3.Connection, f: Filters = Filters(), limit: int | None = None, offset: int = 0,
             total: int | None = None) -> list[ArticleRow]:
    """Articles in date order (undated last); ``total`` (their count) lets far pages read from the end."""
    return _article_page(conn, _article_where(conn, f), _by_day(_ARTICLE_ORDER, f), f, limit, offset, total)


def _article_page(conn: sqlite3.Connection, w: _Where, order: tuple[str, ...], f: Filters,
                  limit: int | None, offset: int, total: int | None) -> list[ArticleRow]:
    page = _page_ids("SELECT a.id FROM articles a", w, order, limit, offset, total)
    if page is None:
        return []
    sql = f"SELECT {_ARTICLE_COLS} FROM articles a{page[0]} {_order(order)}"
    return [_article_row(r) for r in _match(conn, sql, page[1], f.text or "")]


def count_articles(conn: sqlite3.Connection, f: Filters = Filters()) -> int:
    return _count_where(conn, _article_where(conn, f), f)


def _count_where(conn: sqlite3.Connection, w: _Where, f: Filters) -> int:
    return _match(conn, f"SELECT count(*) AS n FROM articles a{w.sql()}", w.params, f.text or "")[0]["n"]


def article(conn: sqlite3.Connection, article_id: int) -> Article | None:
    """One article with its text and everything extracted from it (offsets into the text)."""
    rows = _rows(conn, f"SELECT {_ARTICLE_COLS}, a.body, a.format, a.content_hash, a.extraction_cut_short"
                       " FROM articles a WHERE a.id = ?", [article_id])
    if not rows:
        return None
    a = _article_fields(rows[0])
    a["extraction_cut_short"] = bool(a["extraction_cut_short"])
    quotes = _rows(conn, """SELECT q.id, q.text, q.start, q."end", coalesce(p.name, o.name) AS speaker, q.speaker_kind, q.role, q.confidence,
        q.partial, q.cue, q.speaker_start, q.speaker_end, q.statement_id,
        (SELECT count(DISTINCT q2.article_id) FROM quotes q2 WHERE q2.statement_id = q.statement_id) AS sources
        FROM quotes q LEFT JOIN people p ON p.id = q.speaker_id
        LEFT JOIN organisations o ON o.id = q.organisation_id WHERE q.article_id = ? ORDER BY q.start""",
                        [article_id])
    for q in quotes:
        q["partial"] = bool(q["partial"])
    a["quotes"] = [ArticleQuote(**q) for q in quotes]
    people = _rows(conn, """SELECT p.id, p.name, coalesce(ap.role, p.role) AS role, ap.mentions,
        (SELECT group_concat(alias, char(31)) FROM person_aliases pa WHERE pa.person_id = p.id AND pa.alias != p.name)
          AS aliases
        FROM article_people ap JOIN people p ON p.id = ap.person_id WHERE ap.article_id = ?
        ORDER BY ap.mentions DESC, p.name""", [article_id])
    for p in people:
        p["aliases"] = p["aliases"].split("\x1f") if p["aliases"] else []
    a["people_detail"] = [PersonInArticle(**p) for p in people]
    a["person_mentions"] = [PersonMention(**r) for r in _rows(conn, """SELECT pm.start, pm."end", p.name FROM person_mentions pm
        JOIN people p ON p.id = pm.person_id WHERE pm.article_id = ? ORDER BY pm.start""", [article_id])]
    a["country_mentions"] = [CountryMention(**r) for r in _rows(conn, """SELECT cm.iso3, c.name, cm.start, cm."end", cm.surface, cm.kind
        FROM country_mentions cm LEFT JOIN countries c ON c.iso3 = cm.iso3 WHERE cm.article_id = ?
        ORDER BY cm.start""", [article_id])]
    a["events"] = _timeline_rows(conn, "WHERE e.article_id = ?", [article_id], "ORDER BY e.start", "")
    a["locations"] = [r[0] for r in conn.execute(
        "SELECT source FROM article_locations WHERE article_id = ? ORDER BY source", (article_id,))] \
        if _has_table(conn, "article_locations") else []
    a["figures"] = [Figure(**r) for r in _rows(conn, """SELECT f.id, f.iso3, f.kind, f.value, f.value_high, f.unit, f.year, f.text,
        f.start, f."end" FROM figures f WHERE f.article_id = ? ORDER BY f.start""", [article_id])]
    return Article(**a)


def articles_without_subject(conn: sqlite3.Connection, limit: int = 500
                             ) -> list[tuple[int, str | None, str, list[CountryMention]]]:
    """Up to ``limit`` articles whose countries were stored before their subject was (schema
    v11: ``subject`` NULL), each with its title, body and stored country mentions: what
    ``ingest.extract.countries.subject_countries`` reads to fill the subject in."""
    ids = [r[0] for r in conn.execute(
        "SELECT DISTINCT article_id FROM article_countries WHERE subject IS NULL LIMIT ?", (int(limit),))]
    out = []
    for aid in ids:
        title, body = conn.execute("SELECT title, body FROM articles WHERE id = ?", (aid,)).fetchone()
        mentions = [CountryMention(**r) for r in _rows(conn, """SELECT cm.iso3, NULL AS name, cm.start, cm."end",
            cm.surface, cm.kind FROM country_mentions cm WHERE cm.article_id = ? ORDER BY cm.start""", [aid])]
        out.append((aid, title, body or "", mentions))
    return out


# ---- quotes -----------------------------------------------------------------------------
def _quote_where(conn: sqlite3.Connection, f: Filters, speaker: str | None, query: str | None,
                 partial: bool = True) -> _Where:
    w = _Where()
    if not partial:
        w.add("q.partial = 0")
    if f.since:
        w.add("a.day >= ?", f.since)
    if f.until:
        w.add("a.day <= ?", f.until)
    if f.country:
        w.add("q.id IN (SELECT quote_id FROM quote_countries WHERE iso3 = ?)", f.country)
    _person_clause(conn, f, "q.speaker_id IN ({ids})", w)
    if speaker:
        if speaker == "?":
            w.add("q.speaker_id IS NULL AND q.organisation_id IS NULL")
        else:
            _speaker_clause(conn, speaker, w)
    for text in (f.text, query):
        if text:
            w.add("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", to_match(text))
    if f.new:
        w.add(_NEW.format(col="q.article_id"), f.new)
    return w


# articles by day (articles_day_order), then each article's quotes by position (quotes_article_start)
_QUOTE_ORDER = ("a.day IS NULL", "a.day", "a.id", "q.start", "q.id")


def quotes(conn: sqlite3.Connection, f: Filters = Filters(), speaker: str | None = None, query: str | None = None,
           limit: int | None = None, offset: int = 0, total: int | None = None,
           partial: bool = True) -> list[Quote]:
    """Quotes in date order; ``sources`` counts the articles reporting the same statement.

    ``total`` (what :func:`count_quotes` says) lets a page near the end be read from the end.
    ``partial=False`` keeps full statements only (no fragments, titles or scare quotes).
    """
    w = _quote_where(conn, f, speaker, query, partial)
    order = _by_day(_QUOTE_ORDER, f)
    # no selective filter: walk articles in day order and their quotes by position (CROSS JOIN
    # keeps that loop order even without statistics); a country, person or text filter drives
    # the query from its own index instead
    join = "JOIN" if (f.country or f.person or f.text or speaker or query) else "CROSS JOIN"
    page = _page_ids(f"SELECT q.id FROM articles a {join} quotes q ON q.article_id = a.id", w, order,
                     limit, offset, total)
    if page is None:
        return []
    sql = f"""SELECT q.id, q.text, coalesce(p.name, o.name) AS speaker, q.speaker_kind, q.role, q.article_id, a.source, a.title, a.outlet,
        coalesce(a.published, a.day) AS date, a.published, a.day, a.date_inferred, q.confidence, q.partial, q.statement_id,
        (SELECT group_concat(article_id) FROM (SELECT DISTINCT q2.article_id FROM quotes q2
          WHERE q2.statement_id = q.statement_id ORDER BY q2.article_id)) AS articles,
        q.start, q."end"
        FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.speaker_id
        LEFT JOIN organisations o ON o.id = q.organisation_id
        {page[0]} {_order(order)}"""
    rows = _match(conn, sql, page[1], (f.text or "") + " " + (query or ""))
    for r in rows:
        r["partial"] = bool(r["partial"])
        r["date_inferred"] = bool(r["date_inferred"])
        r["articles"] = [int(i) for i in r["articles"].split(",")] if r["articles"] else [r["article_id"]]
        r["sources"] = len(r["articles"])
    return [Quote(**r) for r in rows]


def count_quotes(conn: sqlite3.Connection, f: Filters = Filters(), speaker: str | None = None,
                 query: str | None = None, partial: bool = True) -> int:
    w = _quote_where(conn, f, speaker, query, partial)
    join = " JOIN articles a ON a.id = q.article_id" if (f.since or f.until) else ""   # only dates need it
    sql = f"SELECT count(*) AS n FROM quotes q{join}{w.sql()}"
    return _match(conn, sql, w.params, (f.text or "") + " " + (query or ""))[0]["n"]


def variants(conn: sqlite3.Connection, statement_id: int) -> list[Variant]:
    """Every report of one statement, one per quote."""
    rows = _rows(conn, """SELECT q.id, q.text, coalesce(p.name, o.name) AS speaker, q.speaker_kind, q.article_id, a.source, a.title,
        coalesce(a.published, a.day) AS date, a.published, a.day, a.date_inferred FROM quotes q
        JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.speaker_id
        LEFT JOIN organisations o ON o.id = q.organisation_id
        WHERE q.statement_id = ? ORDER BY a.day, q.id""", [statement_id])
    for r in rows:
        r["date_inferred"] = bool(r["date_inferred"])
    return [Variant(**r) for r in rows]


def speakers(conn: sqlite3.Connection, f: Filters = Filters(), query: str | None = None,
             limit: int | None = None, partial: bool = True) -> list[Speaker]:
    """Speaker facet with counts, under the same filters as the quotes (unknown speaker as None)."""
    w = _quote_where(conn, f.without("person"), None, query, partial)
    join = " JOIN articles a ON a.id = q.article_id" if (f.since or f.until) else ""   # only dates need it
    sql = f"""SELECT coalesce(p.name, o.name) AS name, max(q.role) AS role, max(q.speaker_kind) AS kind,
        count(*) AS quotes
        FROM quotes q{join} LEFT JOIN people p ON p.id = q.speaker_id
        LEFT JOIN organisations o ON o.id = q.organisation_id
        {w.sql()} GROUP BY q.speaker_id, q.organisation_id
        ORDER BY quotes DESC, coalesce(p.name, o.name) IS NULL, coalesce(p.name, o.name)""" + _page(limit, 0)
    return [Speaker(**r) for r in _match(conn, sql, w.params, (f.text or "") + " " + (query or ""))]


def people(conn: sqlite3.Connection, f: Filters = Filters(), limit: int | None = None) -> list[Person]:
    """People with article and quote counts, for jumping to a person."""
    w = _article_where(conn, f.without("person"))
    sql = f"""SELECT p.id, p.name, p.role, count(DISTINCT ap.article_id) AS articles,
        (SELECT count(*) FROM quotes q WHERE q.speaker_id = p.id) AS quotes,
        (SELECT group_concat(alias, char(31)) FROM person_aliases pa WHERE pa.person_id = p.id AND pa.alias != p.name)
          AS aliases
        FROM people p JOIN article_people ap ON ap.person_id = p.id JOIN articles a ON a.id = ap.article_id
        {w.sql()} GROUP BY p.id ORDER BY articles DESC, quotes DESC, p.name""" + _page(limit, 0)
    rows = _match(conn, sql, w.params, f.text or "")
    for r in rows:
        r["aliases"] = r["aliases"].split("\x1f") if r["aliases"] else []
    return [Person(**r) for r in rows]


# ---- timeline -----------------------------------------------------------------------------
def _timeline_where(conn: sqlite3.Connection, f: Filters) -> _Where:
    w = _Where()
    if f.since:
        w.add("e.span_end >= ?", f.since)      # an event is in a slice when its span overlaps it
    if f.until:
        w.add("e.span_start <= ?", f.until)
    if f.country:
        w.add("e.id IN (SELECT event_id FROM event_countries WHERE iso3 = ?)", f.country)
    _person_clause(conn, f, "e.id IN (SELECT event_id FROM event_people WHERE person_id IN ({ids}))", w)
    if f.text:
        w.add("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", to_match(f.text))
    if f.new:
        w.add(_NEW.format(col="e.article_id"), f.new)
    return w


def _timeline_rows(conn: sqlite3.Connection, where: str, params: list[Any], order: str, page: str,
                   query: str = "") -> list[Event]:
    sql = f"""SELECT e.id, e.date, e.date_end AS "end", e.precision, e.text, e.article_id, a.source, a.title,
        (SELECT group_concat(iso3, ' ') FROM event_countries ec WHERE ec.event_id = e.id) AS countries,
        e.inferred, e.target, e.start, e."end" AS stop, e.span_start, e.span_end, e.date_start, e.date_stop,
        coalesce(e.happening_id, e.id) AS happening_id, a.date_inferred AS article_date_inferred,
        a.ingested_at AS arrived
        FROM events e JOIN articles a ON a.id = e.article_id {where} {order}{page}"""
    rows = _match(conn, sql, params, query)
    reports = _happening_articles(conn, {r["happening_id"] for r in rows})
    for r in rows:
        r["countries"] = sorted(r["countries"].split()) if r["countries"] else []
        r["inferred"], r["target"] = bool(r["inferred"]), bool(r["target"])
        r["article_date_inferred"] = bool(r["article_date_inferred"])
        r["articles"] = reports.get(r["happening_id"]) or [r["article_id"]]
        r["sources"] = len(r["articles"])
    return [Event(**r) for r in rows]


SOURCES_SQL = ("SELECT /* sources */ DISTINCT article_id FROM events WHERE happening_id = ? ORDER BY article_id")


def _happening_articles(conn: sqlite3.Connection, happenings: set[int]) -> dict[int, list[int]]:
    """The distinct articles reporting each happening (an event's sources), read once per
    happening from its index, not once per row."""
    return {h: [r[0] for r in conn.execute(SOURCES_SQL, (h,))] for h in happenings}


_TIMELINE_ORDER = ("e.span_start", "e.span_end", "e.id")          # the events_span index (id is its rowid)


def timeline(conn: sqlite3.Connection, f: Filters = Filters(), limit: int | None = None, offset: int = 0,
             total: int | None = None) -> list[Event]:
    """Dated events in date order; ``sources`` counts the distinct articles reporting the same
    happening (``articles``: their ids), linked by wording and variants as statements are.

    ``total`` (what :func:`count_timeline` says) lets a page near the end be read from the end.
    """
    w = _timeline_where(conn, f)
    page = _page_ids("SELECT e.id FROM events e", w, _TIMELINE_ORDER, limit, offset, total)
    if page is None:
        return []
    return _timeline_rows(conn, page[0], page[1], _order(_TIMELINE_ORDER), "", f.text or "")


def count_timeline(conn: sqlite3.Connection, f: Filters = Filters()) -> int:
    w = _timeline_where(conn, f)
    return _match(conn, f"SELECT count(*) AS n FROM events e{w.sql()}", w.params, f.text or "")[0]["n"]


def timeline_position(conn: sqlite3.Connection, f: Filters, day: str) -> int:
    """Index in the timeline of the first event starting on or after ``day`` (for date jumps)."""
    w = _timeline_where(conn, f)
    w.add("e.span_start < ?", day)
    return _match(conn, f"SELECT count(*) AS n FROM events e{w.sql()}", w.params, f.text or "")[0]["n"]


# the timeline's "undated" group: articles with no date of their own, whose relative dates
# stay unresolved (never guessed), listed after the dated events
def _undated_where(conn: sqlite3.Connection, f: Filters) -> _Where:
    w = _article_where(conn, f)         # a date filter leaves none: NULL is in no range
    w.add("a.day IS NULL")
    return w


def undated_articles(conn: sqlite3.Connection, f: Filters = Filters(), limit: int | None = None,
                     offset: int = 0, total: int | None = None) -> list[ArticleRow]:
    """Undated articles in the slice (country, person, text and new filters apply to the
    article), in the order they were stored."""
    return _article_page(conn, _undated_where(conn, f), ("a.id",), f, limit, offset, total)


def count_undated(conn: sqlite3.Connection, f: Filters = Filters()) -> int:
    return _count_where(conn, _undated_where(conn, f), f)


def timeline_with_undated(conn: sqlite3.Connection, f: Filters, limit: int, offset: int, dated: int,
                          undated: int) -> list[Event | ArticleRow]:
    """One page of the timeline as the app lists it: ``dated`` events (count_timeline), then
    ``undated`` articles (count_undated, as ArticleRow); each part is paged by its own index."""
    rows: list[Event | ArticleRow] = []
    if offset < dated:
        rows += timeline(conn, f, limit=min(limit, dated - offset), offset=offset, total=dated)
    rest = limit - len(rows)
    if rest > 0 and undated:
        rows += undated_articles(conn, f, limit=rest, offset=max(0, offset - dated), total=undated)
    return rows


def timeline_opening(conn: sqlite3.Connection, f: Filters, limit: int
                     ) -> tuple[int, int, list[Event | ArticleRow]]:
    """The counts of dated events and undated articles, and the first page of both."""
    dated, undated = count_timeline(conn, f), count_undated(conn, f)
    return dated, undated, timeline_with_undated(conn, f, limit, 0, dated, undated) if dated + undated else []


# ---- countries ---------------------------------------------------------------------------
def countries(conn: sqlite3.Connection, f: Filters = Filters(), order: str = "mentions") -> list[Country]:
    """Countries with mention and article counts, under the article-level filters."""
    w = _article_where(conn, f.without("country"))
    orders = {"mentions": "mentions DESC, articles DESC, c.name", "articles": "articles DESC, mentions DESC, c.name",
              "name": "c.name"}
    order_sql = orders.get(order, orders["mentions"])
    if not w.clauses and _has_table(conn, "country_totals"):
        # no filter: the totals kept by triggers (schema v2), not an aggregate over every article
        return [Country(**r) for r in _rows(conn, f"""SELECT c.iso3, c.name, t.mentions, t.articles,
            t.subjects AS subject_articles
            FROM country_totals t JOIN countries c ON c.iso3 = t.iso3 WHERE t.articles > 0 ORDER BY {order_sql}""")]
    join = " JOIN articles a ON a.id = ac.article_id" if w.clauses else ""   # no filter: the link table alone
    sql = f"""SELECT c.iso3, c.name, sum(ac.mentions) AS mentions, count(*) AS articles,
        sum(coalesce(ac.subject, 0)) AS subject_articles
        FROM article_countries ac JOIN countries c ON c.iso3 = ac.iso3{join}
        {w.sql()} GROUP BY c.iso3 ORDER BY {order_sql}"""
    return [Country(**r) for r in _match(conn, sql, w.params, f.text or "")]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """A summary table of a newer schema may be missing from a database opened read-only."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def country_dossier(conn: sqlite3.Connection, iso3: str, f: Filters = Filters(), limit: int = 200
                    ) -> CountryDossier:
    """Everything about one country: figures, its events, quotes that concern it, its articles."""
    f = f.replace(country=iso3)
    name = conn.execute("SELECT name FROM countries WHERE iso3 = ?", (iso3,)).fetchone()
    aw = _article_where(conn, f.without("country"))
    aw.add("fg.iso3 = ?", iso3)
    # one row a figure however many articles report it (the first report's passage), with the
    # count of those articles as its sources
    figures = [CountryFigure(**r) for r in _match(conn, f"""SELECT fg.id, fg.kind, fg.value, fg.value_high, fg.unit,
        fg.year, fg.text, fg.article_id, fg.start, fg."end", a.source, a.title, a.day, g.sources
        FROM (SELECT min(fg.id) AS id, count(DISTINCT fg.article_id) AS sources
              FROM figures fg JOIN articles a ON a.id = fg.article_id{aw.sql()}
              GROUP BY fg.kind, fg.value, fg.value_high, fg.unit, fg.year) g
        JOIN figures fg ON fg.id = g.id JOIN articles a ON a.id = fg.article_id
        ORDER BY fg.kind, fg.year IS NULL, fg.year, g.sources DESC, a.day LIMIT {int(limit)}""", aw.params, f.text or "")]
    return CountryDossier(iso3=iso3, name=name[0] if name else iso3, figures=figures,
                          events=timeline(conn, f, limit=limit), quotes=quotes(conn, f, limit=limit),
                          articles=articles(conn, f, limit=limit))


# ---- search ---------------------------------------------------------------------------
KINDS = ("article", "quote", "event")


# kind -> (FTS table, bm25 column weights, snippet tokens, row alias, joins from the FTS row, day)
_HITS = {
    "article": ("articles_fts", "8.0, 2.0, 1.0", 16, "a", "JOIN articles a ON a.id = articles_fts.rowid", "a.day"),
    "quote": ("quotes_fts", "1.0, 0.5", 24, "q",
              "JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id", "a.day"),
    "event": ("events_fts", "", 24, "e",
              "JOIN events e ON e.id = events_fts.rowid JOIN articles a ON a.id = e.article_id", "e.date"),
}
_WHERE = {"article": lambda conn, f: _article_where(conn, f),
          "quote": lambda conn, f: _quote_where(conn, f, None, None),
          "event": lambda conn, f: _timeline_where(conn, f)}
_IDS_PER_STATEMENT = 500


def search(conn: sqlite3.Connection, query: str, kind: str | None = None, f: Filters = Filters(),
           limit: int | None = 50, offset: int = 0, advanced: bool | None = None,
           mark: tuple[str, str] = MARK) -> list[SearchHit]:
    """bm25-ranked results across articles, quotes and events, each with a marked snippet.

    The active filters apply: a search runs inside the slice the user is looking at.

    A page is found in two steps: each kind's best ``limit + offset`` ids by rank, merged, and
    then joins and snippets for the page's rows alone. Without filters the ranking reads the
    FTS index only; with the joins it would seek the content table for every match, and with
    FTS5's own ``ORDER BY rank`` it runs a nested statement (a common word at 200k articles
    matches 15-17k rows per table: both cost a third more).
    """
    if kind is not None and kind not in KINDS:
        raise QueryError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    match = to_match(query, advanced)
    kinds = [k for k in KINDS if kind in (None, k)]
    wheres = {k: _WHERE[k](conn, f) for k in kinds}
    if limit is None:
        hits = [r for k in kinds for r in _hit_rows(conn, k, match, wheres[k], None, mark, query)]
        hits.sort(key=lambda r: (r.rank, KINDS.index(r.kind), r.id))
        return hits[int(offset):]
    n = int(limit) + int(offset)
    per_kind = {k: _ranked_ids(conn, k, match, wheres[k], n, query) for k in kinds}
    ranked = sorted((rank, KINDS.index(k), i) for k, pairs in per_kind.items() for i, rank in pairs)
    page = ranked[int(offset):n]
    found: dict[tuple[str, int], SearchHit] = {}
    for k in kinds:
        ids = [i for rank, ki, i in page if KINDS[ki] == k]
        for chunk in range(0, len(ids), _IDS_PER_STATEMENT):
            for r in _hit_rows(conn, k, match, None, ids[chunk:chunk + _IDS_PER_STATEMENT], mark, query):
                found[(k, r.id)] = r
    out = []
    for rank, ki, i in page:
        r = found.get((KINDS[ki], i))
        if r is not None:             # an index row with no content row (never written so) is no hit
            out.append(r._replace(rank=rank))
    return out


def _ranked_ids(conn: sqlite3.Connection, kind: str, match: str, w: _Where, n: int, query: str
                ) -> list[tuple[int, float]]:
    """One kind's best ``n`` (id, rank) pairs inside the filters, best first."""
    fts, weights, _, alias, joins, _ = _HITS[kind]
    if not w.clauses:
        sql = (f"SELECT rowid AS id, bm25({fts}{', ' + weights if weights else ''}) AS r FROM {fts}"
               f" WHERE {fts} MATCH ? ORDER BY r LIMIT {n}")
        params: list[Any] = [match]
    else:
        # filtered: FTS5 ranks, and the LIMIT stops the joins at the rows kept
        sql = (f"SELECT {alias}.id AS id, rank AS r FROM {fts} {joins} WHERE {fts} MATCH ?"
               f" AND rank MATCH 'bm25({weights})' AND {' AND '.join(w.clauses)} ORDER BY rank LIMIT {n}")
        params = [match, *w.params]
    return [(r["id"], r["r"]) for r in _match(conn, sql, params, query)]


def _hit_rows(conn: sqlite3.Connection, kind: str, match: str, w: _Where | None, ids: list[int] | None,
              mark: tuple[str, str], query: str) -> list[SearchHit]:
    """A kind's hits with their snippets: the given ids (ranked already), or every match inside
    the filters with its rank.

    The ids are a filter on the scan (``+rowid``), not a rowid constraint handed to FTS5: FTS5
    would run the MATCH again for each id (about 1.5 ms each for two words at 200k), while one
    pass over the matches, with a snippet for the kept rows only, costs a few ms."""
    fts, weights, tokens, alias, joins, day = _HITS[kind]
    clauses = [f"{fts} MATCH ?3"]
    params: list[Any] = [mark[0], mark[1], match]
    rank = "rank"
    if ids is not None:
        clauses.append(f"+{fts}.rowid IN ({','.join(str(int(i)) for i in ids)})")
        rank = "NULL"
    else:
        clauses.append(f"rank MATCH 'bm25({weights})'")
    if w is not None:
        clauses += w.clauses
        params += w.params
    article_id = "a.id" if kind == "article" else f"{alias}.article_id"
    # a quote's snippet is always its words (found through its speaker, the best column would be
    # the name alone), and its speaker comes beside it, marked where the search matched it
    column, speaker = (0, f"highlight({fts}, 1, ?1, ?2)") if kind == "quote" else (-1, "NULL")
    snippet = f"snippet({fts}, {column}, ?1, ?2, '…', {tokens})"
    if kind == "article" and _has_table(conn, "article_passages"):
        snippet = _long_article_snippet(snippet, match, tokens)
    speaker_kind = f"{alias}.speaker_kind" if kind == "quote" else "NULL"
    sql = f"""SELECT '{kind}' AS kind, {alias}.id AS id, {snippet} AS snippet, {speaker} AS speaker,
        {speaker_kind} AS speaker_kind, {rank} AS rank, {article_id} AS article_id, a.source AS source, a.title AS title, {day} AS day
        FROM {fts} {joins} WHERE {' AND '.join(clauses)}"""
    return [SearchHit(**r) for r in _match(conn, sql, params, query)]


def _long_article_snippet(whole: str, match: str, tokens: int) -> str:
    """The snippet of an article hit (?1, ?2: the marks, ?3: the MATCH), from a bounded text.

    A long article (one with passages, db/passages.py) takes it from its first passage that
    matches, found by a rowid range over its passages in FTS5's own order, so a common word
    in a 20 MB article costs one passage's snippet, not a quadratic pass over the body. When
    no single passage matches (words far apart, a match in the title, a column filter) it
    shows the body's opening instead; other articles keep ``whole``."""
    opening = f"substr(a.body, 1, {tokens * 12}) || '…'"
    if ":" in match:                  # a column filter names articles_fts's columns, not a passage's
        passage = "NULL"
    else:
        passage = f"""(SELECT snippet(article_passages_fts, 0, ?1, ?2, '…', {tokens}) FROM article_passages_fts
            WHERE article_passages_fts MATCH ?3
              AND rowid >= (SELECT min(id) FROM article_passages WHERE article_id = a.id)
              AND rowid <= (SELECT max(id) FROM article_passages WHERE article_id = a.id)
            ORDER BY rowid LIMIT 1)"""
    return f"""CASE WHEN EXISTS (SELECT 1 FROM article_passages WHERE article_id = a.id)
        THEN coalesce({passage}, {opening}) ELSE {whole} END"""


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when another connection commits to the database (an ingest
    elsewhere): comparing two answers on one connection tells whether what it shows is stale."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    out = {}
    for name, sql in (("articles", "SELECT count(*) FROM articles"), ("quotes", "SELECT count(*) FROM quotes"),
                      ("events", "SELECT count(*) FROM events"),
                      ("people", "SELECT count(*) FROM people WHERE EXISTS"
                                 " (SELECT 1 FROM article_people ap WHERE ap.person_id = people.id)"),
                      ("countries", "SELECT count(*) FROM country_totals WHERE articles > 0"
                       if _has_table(conn, "country_totals") else "SELECT count(DISTINCT iso3) FROM article_countries")):
        out[name] = conn.execute(sql).fetchone()[0]
    return out


def has_articles(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0])


def country_name(conn: sqlite3.Connection, iso3: str) -> str | None:
    """The name stored for an ISO3 code, if the database knows it."""
    row = conn.execute("SELECT name FROM countries WHERE iso3 = ?", (iso3,)).fetchone()
    return row[0] if row else None
