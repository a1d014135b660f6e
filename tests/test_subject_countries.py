"""An article counts for every country it names, and the ones it is about are marked beside
them (``subject``), with every mention's offsets kept."""
from __future__ import annotations

from db import queries
from db.queries import Filters
from db.store import Store
import json

from briefing.cli import main
from ingest.extract.countries import extract_countries, subject_countries
from ingest.model import Article
from ingest.pipeline import process
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.soundness import assert_sound

BODY = ("Portugal's parliament approved the budget on Monday, the finance ministry said.\n\n"
        "The vote came after weeks of talks. A delegation had visited Spain in May.\n\n"
        "Lisbon expects growth of 2 percent.")


def test_the_lead_and_repeated_countries_are_the_subject_a_passing_one_is_not():
    mentions = extract_countries(BODY)
    assert {c.iso3 for c in mentions} == {"PRT", "ESP"}
    assert subject_countries(BODY, mentions) == ["PRT"]


def test_a_country_in_the_headline_is_a_subject():
    mentions = extract_countries(BODY)
    assert subject_countries(BODY, mentions, title="Spain and Portugal agree on water") == ["PRT", "ESP"]
    assert subject_countries(BODY, mentions, title="Budget passes") == ["PRT"]


def test_an_article_counts_for_every_country_it_names_a_passing_one_too(conn):
    """The Countries pane and --country list every country an article names: a country named in
    passing (a minister quoted, an exemption granted) is one an analyst looks for. The subject
    is a mark beside them, never a filter."""
    item = process(Article(source="c.txt", body=BODY, title="Budget passes"))
    Store(conn).write(item)
    assert {r.iso3 for r in queries.countries(conn)} == {"PRT", "ESP"}
    assert [a.source for a in queries.articles(conn, Filters(country="ESP"))] == ["c.txt"]
    assert {r[0] for r in conn.execute("SELECT iso3 FROM country_mentions")} == {"PRT", "ESP"}


def test_the_one_country_named_is_the_subject_even_in_passing():
    text = "Spammers now route junk mail through net firms.\n\nA UK director of a filtering firm said so."
    mentions = extract_countries(text)
    assert subject_countries(text, mentions) == ["GBR"]
    text += " Sales in France fell."
    assert subject_countries(text, extract_countries(text)) == []


def _store(conn, *articles: Article) -> None:
    store = Store(conn)
    for a in articles:
        store.write(process(a))


def test_the_subject_is_stored_beside_every_country_named(conn):
    _store(conn, Article(source="c.txt", body=BODY, title="Budget passes"))
    assert dict(conn.execute("SELECT iso3, subject FROM article_countries").fetchall()) == {"PRT": 1, "ESP": 0}
    [row] = queries.articles(conn)
    assert (row.countries, row.subject_countries) == (["PRT", "ESP"], ["PRT"])
    [row] = queries.articles(conn, Filters(country="ESP"))
    assert row.subject_countries == ["PRT"]
    a = queries.article(conn, row.id)
    assert (a.countries, a.subject_countries) == (["PRT", "ESP"], ["PRT"])
    assert {m.iso3 for m in a.country_mentions} == {"PRT", "ESP"}


def test_the_countries_count_the_articles_about_each(conn):
    passing = Article(source="d.txt", title="Water deal", body=(
        "Spain and France signed a water deal on Monday.\n\nPortugal was not at the table."))
    _store(conn, Article(source="c.txt", body=BODY, title="Budget passes"), passing)
    want = {"PRT": (2, 1), "ESP": (2, 1), "FRA": (1, 1)}
    assert {c.iso3: (c.articles, c.subject_articles) for c in queries.countries(conn)} == want
    filtered = queries.countries(conn, Filters(text="water"))       # the aggregate, not the totals
    assert {c.iso3: (c.articles, c.subject_articles) for c in filtered} == {
        "PRT": (1, 0), "ESP": (1, 1), "FRA": (1, 1)}


def test_the_json_says_what_an_article_is_about(tmp_path, capsys):
    path = tmp_path / "b.db"
    src = tmp_path / "c.txt"
    src.write_text("Budget passes\n\n" + BODY, encoding="utf-8")
    assert main(["--db", str(path), "ingest", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "articles", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["countries"], row["subject_countries"]) == (["PRT", "ESP"], ["PRT"])
    assert main(["--db", str(path), "show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["countries"], shown["subject_countries"]) == (["PRT", "ESP"], ["PRT"])
    assert main(["--db", str(path), "countries", "--json"]) == 0
    assert {r["iso3"]: r["subject_articles"] for r in json.loads(capsys.readouterr().out)} == {"PRT": 1, "ESP": 0}
    assert main(["--db", str(path), "articles", "--country", "ESP", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def _v10_article_naming_two_countries(tmp_path):
    """A database as schema v10 stored it: one article naming Portugal and Spain, no subject."""
    from tests.old_schema import at_version

    path = tmp_path / "old.db"
    c = at_version(path, 10)
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's1', 'T', 'Portugal and Spain.', 'h', 'now')")
    c.executemany("INSERT INTO countries (iso3, name) VALUES (?, ?)", [("PRT", "Portugal"), ("ESP", "Spain")])
    c.executemany("INSERT INTO article_countries (article_id, iso3, mentions) VALUES (1, ?, 1)", [("PRT",), ("ESP",)])
    c.executescript("INSERT INTO country_totals (iso3, mentions, articles) VALUES ('PRT', 1, 1), ('ESP', 1, 1);")
    c.close()
    return path


def test_an_older_database_keeps_its_countries_with_the_subject_unknown(tmp_path):
    """Rows stored before schema v11 have no subject: unknown (None), not "about nothing",
    until an ingest works it out; the totals stay exact through the upgrade and a delete."""
    import db

    path = _v10_article_naming_two_countries(tmp_path)
    c = db.connect(path)
    [row] = queries.articles(c)
    assert (sorted(row.countries), row.subject_countries) == (["ESP", "PRT"], None)
    assert {r.iso3: (r.articles, r.subject_articles) for r in queries.countries(c)} == {"PRT": (1, 0), "ESP": (1, 0)}
    _store(c, Article(source="c.txt", body=BODY, title="Budget passes"))
    assert {r.iso3: (r.articles, r.subject_articles) for r in queries.countries(c)} == {"PRT": (2, 1), "ESP": (2, 0)}
    c.close()
    assert_sound(path)
    c = db.connect(path)
    Store(c).delete_source("c.txt")
    assert {r.iso3: (r.articles, r.subject_articles) for r in queries.countries(c)} == {"PRT": (1, 0), "ESP": (1, 0)}
    c.close()
    assert_sound(path)


async def test_the_reader_shows_what_the_article_is_about_before_what_it_names_in_passing(tmp_path):
    import db
    from briefing.widgets.reader import Passage
    from tests.app_fixtures import SIZE, make_app, settle

    path = tmp_path / "r.db"
    c = db.connect(path)
    _store(c, Article(source="c.txt", body=BODY, title="Budget passes"))
    c.close()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_article(Passage(1))
        await settle(pilot)
        meta = app.screen.view.query_one("#reader-meta").render().plain
        assert "About PRT  Also ESP" in meta
        assert {k for _, _, k in app.screen.view.page.spans} >= {"country"}


def test_the_dossier_counts_and_marks_the_articles_about_its_country(conn):
    from rich.console import Console

    from briefing.panes.countries import dossier_options

    passing = Article(source="d.txt", title="Water deal", body=(
        "Spain and France signed a water deal on Monday.\n\nPortugal was not at the table."))
    _store(conn, Article(source="c.txt", body=BODY, title="Budget passes"), passing)
    opts, _targets = dossier_options(queries.country_dossier(conn, "PRT"), 80, Console(width=80))
    lines = [str(o.prompt) for o in opts if o is not None]
    assert "Articles  2, 1 about it" in lines
    assert [line for line in lines if "in passing" in line] == [
        next(line for line in lines if "Water deal" in line)]


def test_the_next_ingest_works_out_the_subject_of_articles_stored_before(tmp_path, capsys):
    from tests.old_schema import at_version

    path = tmp_path / "old.db"
    c = at_version(path, 10)
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's1', 'Budget passes', ?, 'h', 'now')", (BODY,))
    c.executemany("INSERT INTO countries (iso3, name) VALUES (?, ?)", [("PRT", "Portugal"), ("ESP", "Spain")])
    c.executemany("INSERT INTO article_countries (article_id, iso3, mentions) VALUES (1, ?, ?)",
                  [("PRT", 2), ("ESP", 1)])
    c.executemany('INSERT INTO country_mentions (article_id, iso3, start, "end", surface, kind)'
                  " VALUES (1, ?, ?, ?, ?, ?)",
                  [(m.iso3, m.start, m.end, m.surface, m.kind) for m in extract_countries(BODY)])
    c.executescript("INSERT INTO country_totals (iso3, mentions, articles) VALUES ('PRT', 2, 1), ('ESP', 1, 1);")
    c.close()
    src = tmp_path / "other.txt"
    src.write_text("Rain in Oslo\n\nIt rained in Norway all week.", encoding="utf-8")
    assert main(["--db", str(path), "ingest", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "countries", "--json"]) == 0
    assert {r["iso3"]: r["subject_articles"] for r in json.loads(capsys.readouterr().out)} == {
        "PRT": 1, "ESP": 0, "NOR": 1}
    assert main(["--db", str(path), "show", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["subject_countries"] == ["PRT"]
    assert_sound(path)


def test_an_article_whose_subject_cannot_be_worked_out_counts_for_none_and_is_not_retried(tmp_path, monkeypatch):
    """The fill-in of old rows runs at the end of every ingest: one stored article the rule
    fails on must not fail the ingest, now or on the next one."""
    import db
    from briefing.ingest_run import backfill_subjects
    from ingest.extract import countries

    path = _v10_article_naming_two_countries(tmp_path)
    c = db.connect(path)

    def broken(*args, **kwargs):
        raise ValueError("a rule that fails on this article")

    monkeypatch.setattr(countries, "subject_countries", broken)
    assert backfill_subjects(c, Store(c)) == 1
    [row] = queries.articles(c)
    assert row.subject_countries == []
    assert backfill_subjects(c, Store(c)) == 0
    c.close()


_SUBJECT_PIECES = ["Spain", "France", "Japan's", "the U.S.", "Britain", "officials said", "on Monday",
                   "the ministry said more talks were needed and the markets fell for a third day", ".",
                   ". ", ",", "\n", "\n\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["", "PARIS, March 3 - ", "TALKS END - MINISTER\n", "Spain and Japan talk\n"]),
       st.lists(st.sampled_from(_SUBJECT_PIECES), max_size=40),
       st.sampled_from(["", "Japan trade", "Budget passes"]))
def test_the_lead_is_found_only_where_a_mention_can_be_in_it(opening, pieces, title):
    """The lead ends at most LEAD_MAX characters after its start, so only a mention named
    once before that is read against it: the subjects are those of the lead found first."""
    from ingest.extract import countries
    from ingest.extract.document import Document

    text = opening + " ".join(pieces)
    doc = Document(text)
    mentions = extract_countries(doc)
    got = subject_countries(doc, mentions, title)
    # the plain reading: the lead found first, every mention read against it
    if not mentions or len({c.iso3 for c in mentions}) == 1:
        assert got == [c.iso3 for c in mentions[:1]]
        return
    dl = doc.dateline
    start = dl.end if dl is not None else len(text) - len(text.lstrip())
    lead = countries.lead_end(doc, start, headline=dl is None or not dl.mentions)
    counts = {iso: sum(1 for c in mentions if c.iso3 == iso) for iso in {c.iso3 for c in mentions}}
    in_title = {m.iso3 for m in extract_countries(title)} if title else set()
    want: list[str] = []
    for c in sorted(mentions, key=lambda c: c.start):
        if c.iso3 not in want and (c.kind == "dateline" or c.start < lead or counts[c.iso3] >= 2
                                   or c.iso3 in in_title):
            want.append(c.iso3)
    assert got == want
