"""A small hand-made database for the app tests: invented stories, written through the Store.

Nothing here comes from the sample articles. Offsets are computed from the bodies so the
reader's highlights land on the words they name.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from ingest.model import Article, CountryMention, Event, Extraction, Figure, Ingested, Person, Quote

SIZE = (100, 30)    # the terminal the Pilot tests run in (columns, rows)
MARKUP_TITLE = "Ferry strike [bold]update[/bold]"
MARKUP_BITS = ("[bold]x[/bold]", "[@click=app.quit]y[/]", "\x1b]52;c;ZXZpbA==\x07")


def _span(body: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = body.index(needle, pos + 1)
    return pos, pos + len(needle)


def _sentence(body: str, needle: str) -> tuple[int, int, str]:
    s, _ = _span(body, needle)
    start = body.rfind("\n", 0, s) + 1
    for stop in (". ", ".\n"):
        e = body.find(stop, s)
        if e >= 0:
            break
    e = (e + 1) if e >= 0 else len(body)
    return start, e, body[start:e]


def _person(body: str, name: str, role: str | None, *forms: str) -> Person:
    mentions = []
    for form in (name, *forms):
        pos = body.find(form)
        while pos >= 0:
            if not any(s <= pos < e for s, e in mentions):
                mentions.append((pos, pos + len(form)))
            pos = body.find(form, pos + 1)
    return Person(name=name, role=role, aliases=list(forms), mentions=sorted(mentions))


def _countries(body: str, *pairs: tuple[str, str]) -> list[CountryMention]:
    out = []
    for surface, iso3 in pairs:
        pos = body.find(surface)
        while pos >= 0:
            out.append(CountryMention(iso3, pos, pos + len(surface), surface))
            pos = body.find(surface, pos + 1)
    return sorted(out, key=lambda m: m.start)


def _quote(body: str, words: str, speaker: str | None, role: str | None, countries: list[str] | None = None,
           speaker_form: str | None = None) -> Quote:
    s, e = _span(body, words)
    q = Quote(s, e, words, speaker=speaker, role=role, confidence=0.9 if speaker else 0.0, cue="said",
              countries=countries or [])
    if speaker_form:
        q.speaker_start, q.speaker_end = _span(body, speaker_form)
    return q


def _event(body: str, needle: str, date: str, precision: str, date_text: str, countries: list[str],
           people: list[str] | None = None, **kw) -> Event:
    s, e, text = _sentence(body, needle)
    ds, de = _span(body, date_text)
    return Event(s, e, text, date, precision, countries=countries, people=people or [], date_start=ds,
                 date_stop=de, **kw)


def articles() -> list[Ingested]:
    """Five invented articles on a (made-up) Nordic rail pact, plus one with markup-like text."""
    out: list[Ingested] = []

    body = ("STOCKHOLM — Transport ministers from Sweden, Norway and Finland signed the Northern Rail Pact on "
            "3 March 2025 in Stockholm.\n"
            "\"We are finally connecting the north of our continent,\" Swedish transport minister Maja Elvström "
            "said after the signing.\n"
            "The pact commits each country to spend 1.5% of GDP on rail by 2030.\n"
            "Norway's minister Jonas Rekdal said the first trains could run in 2027, adding: \"Nobody believed "
            "us ten years ago.\"\n")
    out.append(Ingested(
        Article(source="fixtures/rail-pact-signed.txt", body=body, title="Nordic ministers sign rail pact",
                byline="By Ulla Fagerlund", published="2025-03-04T09:00:00+01:00", outlet="Nordic Wire"),
        Extraction(
            quotes=[_quote(body, "We are finally connecting the north of our continent", "Maja Elvström",
                           "transport minister", ["SWE"], "Maja Elvström"),
                    _quote(body, "Nobody believed us ten years ago.", "Jonas Rekdal", "minister", ["NOR"],
                           "Jonas Rekdal")],
            people=[_person(body, "Maja Elvström", "transport minister"),
                    _person(body, "Jonas Rekdal", "minister")],
            countries=_countries(body, ("Sweden", "SWE"), ("Norway", "NOR"), ("Finland", "FIN"),
                                 ("Stockholm", "SWE"), ("Swedish", "SWE")),
            events=[_event(body, "Transport ministers", "2025-03-03", "day", "3 March 2025", ["FIN", "NOR", "SWE"]),
                    _event(body, "The pact commits", "2030", "year", "2030", ["SWE"], target=True),
                    _event(body, "first trains could run", "2027", "year", "2027", ["NOR"], ["Jonas Rekdal"])],
            figures=[Figure(*_span(body, "1.5% of GDP"), "1.5% of GDP", "gdp_share", 1.5, "%", "SWE", 2030)],
        )))

    body = ("HELSINKI, March 5 (Baltic Ledger) - Finland will back the rail pact with EUR 2 billion, its "
            "finance ministry said on 5 March 2025.\n"
            "Swedish minister Maja Elvström said: \"We are finally connecting the north of the continent.\"\n"
            "Critics in Finland said the money would be better spent on roads.\n")
    out.append(Ingested(
        Article(source="fixtures/finland-funds.html", body=body, title="Finland pledges EUR 2 billion to rail pact",
                byline="Baltic Ledger staff", published="2025-03-05", outlet="Baltic Ledger",
                url="https://example.org/finland-funds", format="html"),
        Extraction(
            quotes=[_quote(body, "We are finally connecting the north of the continent.", "Maja Elvström",
                           "minister", ["SWE"], "Maja Elvström")],
            people=[_person(body, "Maja Elvström", "minister")],
            countries=_countries(body, ("Finland", "FIN"), ("HELSINKI", "FIN"), ("Swedish", "SWE")),
            events=[_event(body, "Finland will back", "2025-03-05", "day", "5 March 2025", ["FIN"])],
            figures=[Figure(*_span(body, "EUR 2 billion"), "EUR 2 billion", "money", 2e9, "EUR", "FIN", None)],
        )))

    body = ("Poland wants to join the Northern Rail Pact, deputy prime minister Kasia Drozdowska said in April "
            "2025.\n"
            "\"Warsaw belongs on this line,\" Drozdowska told reporters, adding that Germany had been asked to "
            "study a southern link.\n"
            "Talks are expected to continue in May 2025.\n")
    out.append(Ingested(
        Article(source="fixtures/poland-joins.md", body=body, title="Poland asks to join the Nordic rail pact",
                byline="Piotr Sadowy", published="2025-04-12", outlet="Vistula Daily", format="markdown"),
        Extraction(
            quotes=[_quote(body, "Warsaw belongs on this line,", "Kasia Drozdowska", "deputy prime minister",
                           ["POL"], "Drozdowska")],
            people=[_person(body, "Kasia Drozdowska", "deputy prime minister", "Drozdowska")],
            countries=_countries(body, ("Poland", "POL"), ("Warsaw", "POL"), ("Germany", "DEU")),
            events=[_event(body, "Poland wants to join", "2025-04", "month", "April 2025", ["POL"],
                           ["Kasia Drozdowska"]),
                    _event(body, "Talks are expected", "2025-05", "month", "May 2025", ["DEU", "POL"])],
        )))

    body = ("An unsigned memo circulated on Tuesday said the northern line would cost more than planned.\n"
            "\"The budget was a guess,\" one engineer said.\n")
    out.append(Ingested(
        Article(source="fixtures/memo.txt", body=body, title="Memo questions rail costs"),
        Extraction(
            quotes=[_quote(body, "The budget was a guess,", None, None)],
            events=[_event(body, "An unsigned memo", "2025-05-20", "day", "Tuesday", [], inferred=True)],
            published_inferred="2025-05-21",
        )))

    body = ("Ferry workers in Tallinn walked out on 2 June 2025, the union said.\n"
            f"A banner read {MARKUP_BITS[0]} and another {MARKUP_BITS[1]} while a leaflet printed "
            f"{MARKUP_BITS[2]} in small type.\n"
            "\"[red]Pay us[/red] and we sail,\" union leader Eero Tamm said.\n")
    out.append(Ingested(
        Article(source="fixtures/ferry-strike.txt", body=body, title=MARKUP_TITLE, byline="Liis [i]Kask[/i]",
                published="2025-06-02", outlet="Harbour Post"),
        Extraction(
            quotes=[_quote(body, "[red]Pay us[/red] and we sail,", "Eero Tamm", "union leader", ["EST"],
                           "Eero Tamm")],
            people=[_person(body, "Eero Tamm", "union leader")],
            countries=_countries(body, ("Tallinn", "EST")),
            events=[_event(body, "Ferry workers", "2025-06-02", "day", "2 June 2025", ["EST"])],
        )))
    return out


def bulk(n: int) -> list[Ingested]:
    """``n`` one-event articles over ~two years, for paging and scrolling tests."""
    out = []
    for i in range(n):
        day = f"2023-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}"
        year = 2023 + i // (28 * 12)
        day = f"{year}{day[4:]}"
        body = f"Depot {i} opened on {day} in the north of Sweden.\n"
        out.append(Ingested(
            Article(source=f"fixtures/bulk/{i:05d}.txt", body=body, title=f"Depot {i} opens", published=day),
            Extraction(countries=_countries(body, ("Sweden", "SWE")),
                       events=[Event(0, len(body) - 1, body.strip(), day, "day", countries=["SWE"],
                                     date_start=body.index(day), date_stop=body.index(day) + len(day))])))
    return out


def undated(n: int) -> list[Ingested]:
    """``n`` articles with no date of their own and nothing to date them by (the timeline's
    'undated' group); every third is about Norway."""
    out = []
    for i in range(n):
        where = "Norway" if i % 3 == 0 else "the valley"
        body = f"Mill {i} will reopen next week in {where}, its owners said.\n"
        countries = _countries(body, ("Norway", "NOR")) if i % 3 == 0 else []
        out.append(Ingested(Article(source=f"fixtures/undated/{i:05d}.txt", body=body, title=f"Mill {i} to reopen"),
                            Extraction(countries=countries)))
    return out


def build(path: Path, extra: int = 0, undated_n: int = 0) -> Path:
    """Write the fixture articles (and ``extra`` bulk ones, ``undated_n`` undated ones) into a
    new database at ``path``."""
    import db
    from db.store import Store

    conn = db.connect(path)
    try:
        store = Store(conn)
        store.write_batch(articles())
        if extra:
            store.write_batch(bulk(extra))
        if undated_n:
            store.write_batch(undated(undated_n))
    finally:
        conn.close()
    return path


# ---- driving the app in tests ---------------------------------------------------------------
def make_app(path: Path, **kw):
    from briefing.app import BriefingApp

    return BriefingApp(path, frozen=True, config_path=path.parent / "no-config.toml", **kw)


@asynccontextmanager
async def running(app, size: tuple[int, int] = SIZE) -> AsyncIterator:
    """``app`` under a Pilot in a terminal of ``size``, its first screen's data loaded."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


def notes(app) -> list[str]:
    """What ``app`` tells the user (``notify``) from now on, in order."""
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))
    return said


async def workers_done(app) -> None:
    """Every worker started so far has ended. A worker superseded in its exclusive group ends
    cancelled, which is how the app drops stale queries: that is an ending, not a failure
    (``WorkersManager.wait_for_complete`` would raise it)."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            pass


async def settle(pilot, rounds: int = 3) -> None:
    """Until every worker is done and what they posted is handled (pages, dossiers, variants)."""
    app = pilot.app
    quiet = 0
    for _ in range(400):
        await pilot.pause()
        await workers_done(app)
        await pilot.pause()
        busy = any(not w.is_finished for w in app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet >= rounds:
            return


async def press(pilot, *keys: str) -> None:
    """Press ``keys``, then settle: what each key started has ended and been drawn."""
    await pilot.press(*keys)
    await settle(pilot)


async def until(pilot, condition, rounds: int = 1200) -> bool:
    """Until ``condition()`` holds, the app running between checks (its timers fire, its
    workers end); whether it came to hold. The bound (about a minute) is only ever reached by
    an app that is stuck: the test waits on the app's state, never on a guess of how long."""
    for _ in range(rounds):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def quote_detail_shown(app) -> bool:
    """The quotes pane's detail (debounced) shows the quote under the cursor, with the other
    outlets' variants when it has any."""
    pane = app.pane("quotes")
    item = pane.list.item(pane.list.cursor)
    text = str(pane.query_one("#quotes-detail-text").render())
    if item is None:
        return not text
    return " ".join(item.text.split())[:20] in " ".join(text.split()) and (
        (item.sources or 1) <= 1 or "Reported by" in text)


def dossier_shown(app) -> bool:
    """The countries pane's dossier (debounced) is the country under the cursor's."""
    pane = app.pane("countries")
    row = pane.table.item(pane.table.cursor)
    title = pane.query_one("#countries-dossier").border_title
    return row is not None and str(title or "").endswith(f"({row.country.iso3})")


async def settle_timers(pilot, shown=quote_detail_shown) -> None:
    """Until a debounced view shows what ``shown(app)`` checks (its timer fired and its worker
    ended), then settle."""
    assert await until(pilot, lambda: shown(pilot.app)), f"{shown.__name__}: never caught up"
    await settle(pilot)
