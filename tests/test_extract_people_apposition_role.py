"""A role given after a name, between commas ("Jane Orve, managing director of Acme, said"), is
the person's role when none stands before the name; an apposition that is a clause, a list, a
prepositional phrase or cut short by an abbreviation's point gives none (unknown beats wrong)."""
from __future__ import annotations

import pytest

from ingest.extract.people import extract_people


def roles(text: str) -> dict[str, str | None]:
    return {p.name: p.role for p in extract_people(text)}


@pytest.mark.parametrize("text,name,role", [
    ('"Prices will ease," said Dora Pyke, chief economist at Halden Bank.', "Dora Pyke",
     "chief economist at Halden Bank"),
    ("Tomas Rell, managing director of Brightwater Ltd, said sales rose.", "Tomas Rell",
     "managing director of Brightwater Ltd"),
    ('"We are ready," Ana Kovac, director of marketing for Vantor Media, told reporters.', "Ana Kovac",
     "director of marketing for Vantor Media"),
    ("Jonah Reeve, Fenwick's finance director, said the plan was sound.", "Jonah Reeve",
     "Fenwick's finance director"),
])
def test_a_role_after_the_name_is_the_persons_role(text, name, role):
    assert roles(text)[name] == role


def test_a_role_before_the_name_wins():
    assert roles("Halden Bank chief economist Dora Pyke, a former trader, said prices would ease.")[
        "Dora Pyke"] == "Halden Bank chief economist"


@pytest.mark.parametrize("text,name", [
    ("Dora Pyke, through a spokeswoman, declined to comment.", "Dora Pyke"),          # a preposition
    ("Tomas Rell, chairman of the House Ways and Means Committee, said no.", "Tomas Rell"),  # a name cut at "and"
    ("Ana Kovac, president of the A.F.L. chapter, said the strike would go on.", "Ana Kovac"),  # a point
    ("Jonah Reeve, largely because the chairman resigned, took over.", "Jonah Reeve"),  # a clause
])
def test_an_apposition_that_is_no_clean_role_gives_none(text, name):
    assert roles(text)[name] is None


def test_a_role_said_of_a_name_by_is_makes_it_a_person_and_its_pronoun_speaks():
    """A name with no known first name, whose role is given by "is" ("X is senior benefit
    officer at …"), is a person; the "He said:" after it is theirs, not an earlier speaker's."""
    from ingest.extract.document import Document
    from ingest.extract.quotes import extract_quotes

    text = ('Union spokesman Jeff Evans said: "The cuts go too deep." '
            'Orwin Blessop is senior benefit officer at Halden House. He said: "We will stay out all week."')
    doc = Document(text)
    people = extract_people(doc)
    assert "Orwin Blessop" in {p.name for p in people}
    speakers = {q.text: q.speaker for q in extract_quotes(doc, people)}
    assert speakers["We will stay out all week."] == "Orwin Blessop"


def test_what_leads_a_market_is_no_person():
    assert roles("Zentra Plus is the market leader in video recorders, with 400,000 users.") == {}


@pytest.mark.parametrize("text, name, role", [
    # a day, a month or a sentence's adverb before a role is no part of it
    ("On Tuesday Harbour chairman Ivo Kral said the party was ambitious.", "Ivo Kral", "Harbour chairman"),
    ("Earlier Tory leader Oskar Lind said so.", "Oskar Lind", "Tory leader"),
    ('Said Orvia assistant coach Piet Vos: "We are fine."', "Piet Vos", "Orvia assistant coach"),
    # the scan stops inside a body's name: its tail after "of" is no role ("Bank of England")
    ("Bank of Orvia deputy governor Mara Roe said the data came late.", "Mara Roe", "deputy governor"),
    # a list's "and" ends the scan without cutting the role
    ("The talks brought Jane Roe and Ohio Gov. Piet Vos together.", "Piet Vos", "Ohio Gov."),
    # a band's jobs are roles
    ("Former Orvtones drummer Bill Orvay said the tour was over.", "Bill Orvay", "Former Orvtones drummer"),
    # an owner's capitalised run stops at the sentence before ("… Generoso Rossi. R's manager")
    ("The club also signed Italian Marco Orvelli. Harbour's manager Ian Kral said they were ready.",
     "Ian Kral", "Harbour's manager"),
])
def test_a_role_before_a_name_is_an_office(text, name, role):
    got = {p.name: p.role for p in extract_people(text)}
    assert got.get(name) == role, got
