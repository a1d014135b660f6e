"""Names of shows are no one's words: a Title-Case name after 'on' or 'told', after
'interview with' or 'speaking to', or after a channel's name that follows them.

Each fixture is a sentence written for the test, in the shape of the PolNeAR sentence named
in its docstring (issue 18, point 4: titles are not statements)."""
from __future__ import annotations

from ingest.extract.people import extract_people
from ingest.extract.quotes import extract_quotes


def _texts(text: str) -> list[str]:
    return [q.text for q in extract_quotes(text, extract_people(text))]


def test_a_show_named_after_on_or_told_is_not_a_quote():
    """PolNeAR: '… he said on “Meet the Press.”', 'Fiorina told "Fox and Friends," reminding
    …', 'Later on ''This Week,'' Senator Bernie Sanders questioned …'."""
    for text in ('"I expect to be vetted," Mira Holt said on “Morning Round Table.”',
                 '"The vote was close," Mira Holt told "Harbour and Friends," reminding the hosts.',
                 'Later on "This Week," Mira Holt questioned the plan.'):
        assert not any(t.startswith(("Morning Round", "Harbour and", "This Week")) for t in _texts(text)), text


def test_a_show_after_an_interview_or_a_channel_is_not_a_quote():
    """PolNeAR: 'in an interview with “Fox News Sunday.”', 'Speaking to “CBS This Morning”
    Monday, Rubio …', 'On ABC’s “Good Morning America” Tuesday, he said', 'host of MSNBC’s
    “Morning Joe,”' (the capitalised 'On' before the channel is the same 'on')."""
    for text in ('Mira Holt said in an interview with “Harbour News Sunday.” The vote was close.',
                 'Speaking to “Harbour This Morning” on Monday, Mira Holt refrained from attacks.',
                 'On HBC’s “Good Morning Harbour” on Tuesday, she said the vote was close.',
                 'Ivo Kral, host of HBC’s “Morning Ivo,” praised Mira Holt.'):
        assert not any(t.startswith(("Harbour", "Good Morning", "Morning Ivo")) for t in _texts(text)), text


def test_words_after_on_that_are_no_title_stay_quotes():
    """A fragment after 'on' in lower case, or one capitalised word, is someone's words."""
    assert _texts('Mira Holt insisted on "a fair and open count" of the vote.') == ["a fair and open count"]
    assert _texts('Mira Holt said she would focus on "Jobs" this year.') == ["Jobs"]


def test_a_quoted_label_alone_on_its_line_is_not_a_quote():
    """PolNeAR: a web page's '"Related:"' on a line of its own, before a list of links."""
    text = ('The harbour will reopen in May, Mira Holt said.\n\n"Related:"\n\n'
            'Pilots Return To The Harbour\n\n"We are ready," said Ivo Kral.')
    assert _texts(text) == ["We are ready,"]
