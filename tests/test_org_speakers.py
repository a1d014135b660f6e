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
    from db import connect, schema

    path = tmp_path / "old.db"
    c = sqlite3.connect(path, isolation_level=None)
    for v in range(1, 9):
        c.execute("BEGIN")
        schema.MIGRATIONS[v](schema._NoCommit(c))
        c.execute(f"PRAGMA user_version = {v}")
        c.execute("COMMIT")
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
