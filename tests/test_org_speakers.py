"""Organisations as speakers: 'the company said' resolves to the organisation named nearby
and is marked as an organisation; people stay people; without a name nearby, unknown."""
from __future__ import annotations

import json
import sqlite3

import pytest

from briefing.citation import citation, speaker_label
from briefing.cli import main
from db.rows import Quote
from ingest.extract.people import extract_people
from ingest.extract.quotes import extract_quotes


def _quotes(text: str):
    return extract_quotes(text, extract_people(text))


def _one(text: str):
    qs = [q for q in _quotes(text) if not q.partial]
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text, speaker", [
    # 'the company said' -> the company named in the previous paragraph
    ('Shares in Zendora Inc fell sharply on Tuesday.\n\n"We expect a better year," the company said.',
     "Zendora Inc"),
    # introduced by its noun ('the retailer X'), referred to by a kindred one ('the firm')
    ('The Leeds-based retailer Brightmoor posted a loss.\n\n"We regret the outcome," the firm said in a statement.',
     "Brightmoor"),
    # a name modifying its noun, then the same noun
    ('The Morning Lantern newspaper ran the story on Friday. "We stand by it," the newspaper said.',
     "Morning Lantern"),
    # 'Ministry of X' then 'the ministry'
    ('Officials at the Ministry of Fisheries were briefed. "No boats will sail," the ministry said.',
     "Ministry of Fisheries"),
    # cue first: 'The company said:'
    ('Quillmark Ltd cut 200 jobs. The company said: "This was a hard decision."', "Quillmark Ltd"),
    # a classifier noun before the name, and an acronym opening it
    ('Security firm Quorvex found the flaw. "Users are safe," the firm said.', "Quorvex"),
    ('Crews at ZX Airways, the seventh-largest airline, struck. "We regret it," the airline said.',
     "ZX Airways"),
    # 'a/an ORG spokesman said'
    ('"The operation is under way," a Pentagon spokesman said.', "Pentagon"),
    ('"We have no comment," said a spokeswoman for Globex Corp.', "Globex Corp"),
    ('Quillmark Ltd cut jobs. "It is sad," a spokeswoman for the company said.', "Quillmark Ltd"),
    # 'ORG said in a statement' where ORG is clearly an organisation
    ('Vantor Group said in a statement: "Our results were strong."', "Vantor Group"),
    # a bare form of a name introduced with its suffix
    ('Zendora Inc posted results on Monday. "We grew," Zendora said.', "Zendora"),
    # none introduced as a firm: the one name that spoke nearby
    ('Dravonix said on Monday that it would merge two units.\n\n"Growth will make up for the cuts,"'
     ' the firm said in a statement.', "Dravonix"),
    ('Dravonix has announced that it will cut 400 jobs. "We regret it," the company added.', "Dravonix"),
    # a name whose first word may open a role ('Cabinet', 'Home'): the whole name
    ('"It is not right to say so," said a Home Office spokesman.', "Home Office"),
    ('"We will act," said a Department of Fisheries spokeswoman.', "Department of Fisheries"),
])
def test_organisation_speakers_are_resolved_and_marked(text, speaker):
    q = _one(text)
    assert q.speaker == speaker
    assert q.speaker_kind == "organisation"
    assert q.role is None and q.confidence > 0


@pytest.mark.parametrize("text", [
    # no organisation named nearby: unknown beats wrong
    '"Nothing has changed," the company said.',
    # a different kind of organisation is not 'the newspaper'
    'Zendora Inc bought land. "We stand by the report," the newspaper said.',
    # named three paragraphs back: too far
    'Zendora Inc bought land.\n\nIt rained.\n\nThe river rose.\n\n"We are ready," the company said.',
    # a person's name before 'spokesman' is not an organisation
    'Jane Rowley campaigned in Ohio. "We are ready," a Rowley campaign spokesman said.',
    # a place is not a company
    'It opened a Tokyo company last year. "Sales grew," the company said.',
    # an organisation named inside the quote is not the one speaking
    '"Our plans for Brightmoor Group are bold," the company said.',
    # someone speaking for an organisation is not the organisation
    'Quillmark Ltd cut jobs. "It is sad," one worker, a spokeswoman for the company, said.',
    # a name modifying a noun other than the press's is no organisation's name
    'It is a Quietist party at heart. "We will win," the party said.',
    'Shares in the company Monday rose. "We will win," the company said.',
    # a region or a nationality says where an organisation is, not which one
    'The West Midshire company, led by a new chief, cut costs. "Sales grew," the company said.',
    'The Japanese company cut costs. "Sales grew," the company said.',
    '"We will go ahead," a Russian spokesman said.',
    '"We have no comment," said a spokeswoman for the Ohio-based retailer.',
    # two names that spoke nearby: 'the company' could be either
    'Dravonix said it would merge, and Quelbrook said it would not.\n\n"The outlook is strong," the company said.',
    # a name that spoke is a person's, a place's (a government) or a people's, or the noun
    # is not a firm's
    'Marta Velling said the tapes were lost.\n\n"The outlook is strong," the company said.',
    'Washington said the talks would resume.\n\n"The outlook is strong," the company said.',
    'Dravonix said it would cut jobs.\n\n"We are mourning," the agency said.',
])
def test_without_a_named_organisation_the_speaker_stays_unknown(text):
    q = _one(text)
    assert q.speaker is None and q.speaker_kind is None


@pytest.mark.parametrize("text, speaker", [
    ('Jane Rowley met investors on Monday. "We are ready," said Rowley.', "Jane Rowley"),
    ('"We will win," Tom Ashcombe, the party leader, said.', "Tom Ashcombe"),
    # an apposition naming an organisation is the person's title, not the organisation speaking
    ('On Monday, Hale, a spokeswoman for Globex Corp, said: "No comment."', "Hale"),
    ('Tom Ashcombe, chief executive of Quillmark Ltd, spoke. "Sales grew," Ashcombe said.', "Tom Ashcombe"),
])
def test_people_stay_people(text, speaker):
    q = _one(text)
    assert q.speaker == speaker
    assert q.speaker_kind == "person"


def test_organisation_is_marked_in_labels_and_citations():
    assert speaker_label("Zendora Inc", "organisation") == "Zendora Inc (organisation)"
    assert speaker_label("Jane Rowley", "person") == "Jane Rowley"
    assert speaker_label(None, None) == ""
    quote = Quote(**dict.fromkeys(Quote._fields) | {"text": "We grew.", "speaker": "Zendora Inc",
                                                     "speaker_kind": "organisation", "outlet": "The Paper",
                                                     "day": "2025-06-08", "partial": False})
    line = citation(quote)
    assert "Zendora Inc (organisation), The Paper" in line


ARTICLE = """Title: Zendora results
Date: 2025-06-08

Shares in Zendora Inc fell sharply on Tuesday after a weak quarter.

"We expect a better year," the company said.

Jane Rowley, an analyst, was unconvinced. "It will take time," Rowley said.
"""


def test_cli_json_and_table_show_the_speaker_kind(tmp_path, capsys):
    src = tmp_path / "zendora.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "ingest", str(src)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "quotes", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    kinds = {r["speaker"]: r["speaker_kind"] for r in rows}
    assert kinds == {"Zendora Inc": "organisation", "Jane Rowley": "person"}
    assert main(["--db", db, "quotes"]) == 0
    out = capsys.readouterr().out
    assert "(organisation)" in out and "Rowley (organisation)" not in out
    c = sqlite3.connect(db)
    assert dict(c.execute("SELECT speaker_text, speaker_kind FROM quotes").fetchall()) == kinds
    c.close()
    assert main(["--db", db, "export"]) == 0
    note = capsys.readouterr().out
    assert "**Zendora Inc (organisation)**" in note and "**Jane Rowley**" in note


def test_migration_backfills_existing_speakers_as_people(tmp_path):
    from db import connect
    from tests.old_schema import at_version

    path = tmp_path / "old.db"
    c = at_version(path, 8)
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's1', 'T', 'Words.', 'h', 'now')")
    c.execute("INSERT INTO people (id, name) VALUES (1, 'Jane Rowley')")
    c.execute("INSERT INTO quotes (article_id, text, start, \"end\", speaker_id) VALUES (1, 'a', 0, 1, 1)")
    c.execute("INSERT INTO quotes (article_id, text, start, \"end\") VALUES (1, 'b', 2, 3)")
    c.close()
    c = connect(path, create=False)
    rows = c.execute("SELECT text, speaker_kind FROM quotes ORDER BY text").fetchall()
    assert [tuple(r) for r in rows] == [("a", "person"), ("b", None)]
    c.close()


def test_organisation_speakers_are_not_people(tmp_path, capsys):
    """An organisation keeps its quotes, marked as an organisation, but is no row of people:
    the People list, the person filter and the people count hold persons only."""
    from db import connect, queries
    from db.queries import Filters

    src = tmp_path / "zendora.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "ingest", str(src)]) == 0
    c = connect(db)
    assert [r[0] for r in c.execute("SELECT name FROM people")] == ["Jane Rowley"]
    assert [r[0] for r in c.execute("SELECT name FROM organisations")] == ["Zendora Inc"]
    assert [p.name for p in queries.people(c)] == ["Jane Rowley"]
    assert queries.counts(c)["people"] == 1
    assert queries.count_quotes(c, Filters(person="Zendora")) == 0
    by_org = queries.quotes(c, speaker="Zendora")
    assert [(q.speaker, q.speaker_kind) for q in by_org] == [("Zendora Inc", "organisation")]
    assert {(s.name, s.kind) for s in queries.speakers(c)} == {("Zendora Inc", "organisation"),
                                                               ("Jane Rowley", "person")}
    assert [q.speaker for q in queries.quotes(c, speaker="?")] == []
    art = queries.article(c, 1)
    assert {(q.speaker, q.speaker_kind) for q in art.quotes} == {("Zendora Inc", "organisation"),
                                                               ("Jane Rowley", "person")}
    assert [p.name for p in art.people_detail] == ["Jane Rowley"]
    c.close()
    capsys.readouterr()
    assert main(["--db", db, "people", "--json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["Jane Rowley"]


def test_migration_moves_organisation_speakers_out_of_people(tmp_path):
    from db import connect, queries
    from tests.old_schema import at_version

    path = tmp_path / "v10.db"
    c = at_version(path, 10)
    c.execute("INSERT INTO articles (id, source, title, body, content_hash, ingested_at)"
              " VALUES (1, 's1', 'T', 'Words.', 'h', 'now')")
    c.executemany("INSERT INTO people (id, name) VALUES (?, ?)",
                  [(1, "Jane Rowley"), (2, "Zendora Inc"), (3, "Acme")])
    c.executemany("INSERT INTO person_aliases (alias, person_id) VALUES (?, ?)",
                  [("Jane Rowley", 1), ("Zendora Inc", 2), ("Acme", 3)])
    c.executemany("INSERT INTO article_people (article_id, person_id) VALUES (1, ?)", [(1,), (2,)])
    c.execute("INSERT INTO statements (id, speaker_id) VALUES (1, 2)")
    c.executemany("INSERT INTO quotes (article_id, text, start, \"end\", speaker_id, speaker_text, speaker_kind,"
                  " statement_id) VALUES (1, ?, 0, 1, ?, ?, ?, ?)",
                  [("a", 1, "Jane Rowley", "person", None), ("b", 2, "Zendora Inc", "organisation", 1),
                   ("c", 3, "Acme", "organisation", None), ("d", 3, "Acme", "person", None)])
    c.close()
    c = connect(path, create=False)
    # Zendora spoke only as an organisation: moved out; Acme also spoke as a person: it stays one
    assert [r[0] for r in c.execute("SELECT name FROM people ORDER BY id")] == ["Jane Rowley", "Acme"]
    assert [r[0] for r in c.execute("SELECT name FROM organisations ORDER BY name")] == ["Acme", "Zendora Inc"]
    assert c.execute("SELECT count(*) FROM person_aliases WHERE person_id = 2").fetchone()[0] == 0
    assert c.execute("SELECT count(*) FROM article_people WHERE person_id = 2").fetchone()[0] == 0
    assert c.execute("SELECT speaker_id FROM statements WHERE id = 1").fetchone()[0] is None
    shown = {q.text: (q.speaker, q.speaker_kind) for q in queries.quotes(c)}
    assert shown == {"a": ("Jane Rowley", "person"), "b": ("Zendora Inc", "organisation"),
                     "c": ("Acme", "organisation"), "d": ("Acme", "person")}
    assert [p.name for p in queries.people(c)] == ["Jane Rowley"]
    c.close()


@pytest.mark.slow
async def test_choosing_an_organisation_in_the_speaker_facet_lists_its_quotes(tmp_path):
    """An organisation is no person to narrow every pane to: choosing it in the Quotes pane's
    facet lists its quotes (the pane's own speaker filter), not zero."""
    from tests.app_fixtures import SIZE, make_app, press, settle

    src = tmp_path / "zendora.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "ingest", str(src)]) == 0
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        pane = app.pane("quotes")
        rows = [pane.facet.item(i) for i in range(pane.facet.count)]
        at = next(i for i, r in enumerate(rows) if r.kind == "organisation")
        pane.facet.focus()
        await press(pilot, "g", *["j"] * at, "enter")
        assert app.filters.person is None and pane.speaker == "Zendora Inc"
        assert pane.list.count == 1
        assert pane.facet.item(pane.facet.cursor).kind == "organisation"   # the facet keeps the choice


# A one-word source the people pass did not take for a person is an organisation (a party, a
# club, a firm); a person only where a first name or a title says so somewhere in the text.
@pytest.mark.parametrize("text, speaker, kind", [
    ('The Tories say: "The scheme is a costly propaganda exercise that will fail."', "Tories", "organisation"),
    ('The coach was upbeat. "We played with real heart," the Lions said.', "Lions", "organisation"),
    ('Mr Harrow said the sale went well. Later Harrow said: "We were amazed by the demand."', "Harrow", "person"),
    ('Tom Quell scored twice. "It was a great day," Quell said.', "Tom Quell", "person"),
])
def test_a_one_word_source_that_is_no_person_is_an_organisation(text, speaker, kind):
    q = _one(text)
    assert (q.speaker, q.speaker_kind) == (speaker, kind)


def test_a_quote_that_continues_an_organisation_s_is_the_whole_name_s():
    text = ('On Sunday the Cabinet Office said it was reviewing the scheme. "Unions will be consulted. '
            '"Schemes need to remain affordable."')
    assert [(q.speaker, q.speaker_kind) for q in _quotes(text)] == [("Cabinet Office", "organisation")] * 2


def test_the_name_that_spoke_is_found_however_many_speak_later_in_the_article():
    later = "\n\n".join(f"Kelvar{chr(97 + i % 26)}{chr(97 + i // 26)}o said it would hire." for i in range(60))
    text = f'Dravonix said it would merge two units.\n\n"We will grow," the company said.\n\n{later}'
    q = _one(text)
    assert (q.speaker, q.speaker_kind) == ("Dravonix", "organisation")
