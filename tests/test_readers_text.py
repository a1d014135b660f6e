"""Plain-text and Markdown readers: title, byline, date, furniture, paragraphs."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest.model import Article, ReadError
from ingest.readers import read_path
from ingest.readers.text import clean_body, is_boilerplate, parse_byline, parse_text, split_paragraphs

from tests.conftest import CORPORA, SEEDS


def read_one(path: Path) -> Article:
    out = list(read_path(path))
    assert len(out) == 1, out
    assert isinstance(out[0], Article), out[0]
    return out[0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- the layouts --------------------------------------------------------------

def test_headline_blank_line_paragraphs(tmp_path):
    p = write(tmp_path, "a.txt", "Ferry strike ends after talks\n\nThe ferry strike ended on Monday.\n\n"
              "\"We are glad,\" said union chief Orla Brandt.\n")
    a = read_one(p)
    assert a.title == "Ferry strike ends after talks"
    assert a.body == "The ferry strike ended on Monday.\n\n\"We are glad,\" said union chief Orla Brandt."
    assert a.source == str(p)
    assert a.format == "text"
    assert a.byline is None and a.published is None


def test_headline_ending_in_period_followed_by_blank_line_is_still_the_title(tmp_path):
    a = read_one(write(tmp_path, "a.txt", "Port city votes to expand harbour.\n\nVoters backed the plan on Sunday.\n"))
    assert a.title == "Port city votes to expand harbour."
    assert a.body == "Voters backed the plan on Sunday."


def test_one_paragraph_per_line_gives_blank_line_separated_body(tmp_path):
    text = ("By Ann Lee\n2:32pm PDT, Jun 8, 2025\n_\nThe first paragraph is long enough to be prose, "
            "and it keeps going for a while to make that clear to anyone reading it.\n"
            "Keep reading to get more details on the plan…\nMORE: Follow Some Outlet on MSN for more\n_\n"
            "Second paragraph.\n\"A quote,\" she said.\n")
    a = read_one(write(tmp_path, "a.txt", text))
    assert a.byline == "Ann Lee"
    assert a.published == "2025-06-08T14:32:00-07:00"
    assert a.body.split("\n\n") == [
        "The first paragraph is long enough to be prose, and it keeps going for a while to make that clear "
        "to anyone reading it.",
        "Second paragraph.",
        "\"A quote,\" she said.",
    ]
    # No headline: the title is the first sentence, and the paragraph stays in the body.
    assert a.title.startswith("The first paragraph is long enough")


def test_title_not_repeated_in_body(tmp_path):
    text = ("Mayor opens new bridge\nCrowds gather at the river bank for the opening, a photo caption.\n\n"
            "Mayor opens new bridge\n\nThe mayor, Ilse Varga, cut the ribbon on Friday.\n")
    a = read_one(write(tmp_path, "a.txt", text))
    assert a.title == "Mayor opens new bridge"
    assert "Mayor opens new bridge" not in a.body
    assert a.body.endswith("The mayor, Ilse Varga, cut the ribbon on Friday.")


def test_section_label_above_headline_is_skipped(tmp_path):
    text = "News\n\nCouncil backs tram plan\n\nA short dek about the plan.\n\nThe council voted 9-2.\n"
    a = read_one(write(tmp_path, "a.txt", text))
    assert a.title == "Council backs tram plan"
    assert a.body.split("\n\n")[0] == "A short dek about the plan."
    assert "News" not in a.body.split("\n\n")


def test_one_word_headline_above_a_paragraph_is_the_title(tmp_path):
    a = read_one(write(tmp_path, "a.txt", "Headline\n\nBody text here.\n"))
    assert a.title == "Headline"
    assert a.body == "Body text here."


def test_breadcrumb_byline_with_outlet_and_date_and_updated_line(tmp_path):
    text = ("Home > World > Europe\nTram deal agreed\nBy Ann Lee and Bo Chen, Reuters | June 8, 2025\n"
            "Updated: 9 June 2025\n***\nBody text here.\nAdvertisement\nShare this article\nMore body.\n")
    a = read_one(write(tmp_path, "a.txt", text))
    assert a.title == "Tram deal agreed"
    assert a.byline == "Ann Lee and Bo Chen"
    assert a.outlet == "Reuters"
    assert a.published == "2025-06-08"
    assert a.body == "Body text here.\n\nMore body."


def test_date_line_formats(tmp_path):
    for line, iso in [("June 8, 2025", "2025-06-08"), ("2025-06-08", "2025-06-08"),
                      ("Published: 8 June 2025 14:05 BST", "2025-06-08T14:05:00+01:00"),
                      ("Sun, 08 Jun 2025 14:32:00 GMT", "2025-06-08T14:32:00+00:00")]:
        a = read_one(write(tmp_path, "d.txt", f"Headline here\n{line}\n\nBody.\n"))
        assert a.published == iso, line
        assert line not in a.body


def test_boilerplate_lines_dropped():
    furniture = [
        "MORE: Follow Some Site on MSN for more", "Keep reading to find out more…", "Continue reading",
        "Related Articles", "Related", "Back to top button", "To view factuality data please Upgrade to Premium",
        "To view ownership data please Upgrade to Vantage", "124 Articles", "3 Articles", "Coverage Details",
        "Bias Distribution", "- 45% of the sources are Center", "Share this article", "Share", "Advertisement",
        "Sign up for our newsletter", "Subscribe to our daily briefing", "Click here to subscribe",
        "Follow us on Twitter", "© 2025 Example Media. All rights reserved.", "Copyright 2024 Some Press",
        "Listen to this article", "5 min read", "Reporting by Ann Lee; Editing by Bo Chen", "Read more: other story",
        "You may also like", "Most read", "Skip to main content", "Image source, Getty Images",
        "Image caption", "Photo credit: Some Agency", "Loading...", "Menu", "Home", "Print", "Email",
        "Copy link", "Trending Stories", "Recommended for you", "More from Some Outlet", "Latest news",
        "Download the Example News app", "This article originally appeared on Example.com",
        "We use cookies to improve your experience", "Already a subscriber? Log in",
        "Follow Jane Roe on Twitter @janeroe.", "Media playback is unsupported on your device",
        "Subscribe now to Premium", "12K shares", "1,204 comments",
    ]
    for line in furniture:
        assert is_boilerplate(line), line      # through the first-word gate and the patterns behind it
    prose = [
        "The council voted to share the costs of the new bridge.",
        "More than 40 people were hurt, officials said.",
        "Related talks will continue next week, the minister said.",
        "To view the documents, reporters had to travel to the capital.",
        "This is not fair to the taxpayers, she said.",
        "12 people were arrested.",
        "Follow-up talks are planned.",
        "We are here to continue the work, he said.",
    ]
    for line in prose:
        assert not is_boilerplate(line), line


def test_related_stories_block_after_marker_is_dropped():
    body = clean_body("Real paragraph one.\nRelated Articles\nSome other headline\nA teaser that trails off...\n"
                      "A real paragraph that ends like prose.\n")
    assert body == "Real paragraph one.\n\nA real paragraph that ends like prose."


def test_hard_wrapped_text_is_unwrapped_into_paragraphs():
    text = ("Showers continued throughout the week in\nthe coastal zone, easing the drought since early\n"
            "January and improving prospects for the crop,\nthe trade house said in its weekly review.\n"
            "    The dry period means the harvest will be late this year.\n"
            "    Arrivals for the week ended were 155,221 bags\nof 60 kilos, making a total for the season of\n"
            "5.93 mln against 5.81 a year ago.\n")
    body = clean_body(text)
    paras = body.split("\n\n")
    assert paras[0].startswith("Showers continued throughout the week in the coastal zone,")
    assert paras[0].endswith("in its weekly review.")
    assert paras[1] == "The dry period means the harvest will be late this year."
    assert paras[2].endswith("5.93 mln against 5.81 a year ago.")


def test_crlf_and_trailing_spaces(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"Title line  \r\n\r\nFirst para.  \r\nSecond para.\r\n")
    a = read_one(p)
    assert a.title == "Title line"
    assert a.body == "First para.\n\nSecond para."


def test_bylines():
    assert parse_byline("By Ann Lee") == ("Ann Lee", None)
    assert parse_byline("By Ann Lee and Bo Chen") == ("Ann Lee and Bo Chen", None)
    assert parse_byline("By Ann Lee, Reuters") == ("Ann Lee", "Reuters")
    assert parse_byline("By Ann Lee, Bo Chen and Cai Dunn") == ("Ann Lee, Bo Chen and Cai Dunn", None)
    assert parse_byline("BY ANN LEE") == ("ANN LEE", None)
    assert parse_byline("By Jean-Luc de la Croix, The Associated Press") == (
        "Jean-Luc de la Croix", "The Associated Press")
    assert parse_byline("By 2030 the alliance will have grown.") is None
    assert parse_byline("By Friday, ministers had agreed") is None
    assert parse_byline("By the way, this is prose.") is None


def test_escape_sequences_and_bidi_stripped_from_text_file(tmp_path):
    p = tmp_path / "esc.txt"
    p.write_bytes("Title \x1b[31mred\x1b[0m\n\nBody \x1b]52;c;SGVsbG8=\x07text \u202egnp.exe\u202c "
                  "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ end.\n".encode())
    a = read_one(p)
    assert a.title == "Title red"
    assert a.body == "Body text gnp.exe link end."
    for field in (a.title, a.body):
        assert "\x1b" not in field and "\u202e" not in field and "\x07" not in field


def test_only_furniture_is_no_article_text(tmp_path):
    out = list(read_path(write(tmp_path, "f.txt", "_\nAdvertisement\n---\nShare this article\n")))
    assert len(out) == 1 and isinstance(out[0], ReadError)
    assert out[0].reason == "no article text"


def test_txt_holding_an_html_document_is_read_as_html(tmp_path):
    html = ("<!DOCTYPE html><html><head><title>Dam repair finished</title></head><body><article>"
            "<p>The repair of the old dam was finished on Tuesday after three years of work on it.</p>"
            "<p>Engineers said the structure is now safe for another century of use by the town.</p>"
            "</article></body></html>")
    a = read_one(write(tmp_path, "page.txt", html))
    assert a.format == "html"
    assert "<p>" not in a.body and "repair of the old dam" in a.body


def test_txt_mentioning_tags_stays_text(tmp_path):
    a = read_one(write(tmp_path, "t.txt", "Coding tips\n\nUse <p> for paragraphs and </p> to close them.\n"))
    assert a.format == "text"
    assert a.body == "Use <p> for paragraphs and </p> to close them."


# --- Markdown -----------------------------------------------------------------

MD = """---
title: "Harbour plan approved"
author:
  - Mira Holt
  - Ossian Vale
date: 2024-03-05T09:15:00+01:00
---

# Harbour plan approved

<!-- internal note: do not publish -->
![A crane](img/crane.png)

The **council** voted on Tuesday to approve the [harbour plan](https://example.org/plan "Plan"),
which had been *delayed* for two years. It costs `4m`.

> "This is a good day," said deputy mayor Tova Lind.

- First point about snake_case_names
- Second point

## Background

Earlier plans, see [the archive][ref], were __rejected__.

[ref]: https://example.org
"""


def test_markdown_front_matter_and_syntax(tmp_path):
    a = read_one(write(tmp_path, "story.md", MD))
    assert a.format == "markdown"
    assert a.title == "Harbour plan approved"
    assert a.byline == "Mira Holt and Ossian Vale"
    assert a.published == "2024-03-05T09:15:00+01:00"
    paras = a.body.split("\n\n")
    assert paras[0] == ("The council voted on Tuesday to approve the harbour plan, which had been delayed "
                        "for two years. It costs 4m.")
    assert paras[1] == "\"This is a good day,\" said deputy mayor Tova Lind."
    assert "- First point about snake_case_names" in paras
    assert "Background" in paras
    assert paras[-1] == "Earlier plans, see the archive, were rejected."
    for junk in ("**", "](", "<!--", "internal note", "crane", "#", "[ref]"):
        assert junk not in a.body, junk


def test_markdown_without_front_matter_uses_first_heading(tmp_path):
    a = read_one(write(tmp_path, "n.markdown", "## Storm closes schools\n\nSchools shut on *Monday*.\n"))
    assert a.title == "Storm closes schools"
    assert a.body == "Schools shut on Monday."


def test_markdown_past_the_size_limit_is_read_as_plain_text(monkeypatch):
    from ingest.readers import text

    doc = "---\ntitle: Storm closes schools\n---\n\nSchools shut on **Monday**, the council said.\n"
    assert text.parse_markdown(doc)[1] == "Schools shut on Monday, the council said."
    monkeypatch.setattr(text, "MARKDOWN_MAX_CHARS", 20)
    header, body = text.parse_markdown(doc)
    assert header.title == "Storm closes schools"
    assert body == "Schools shut on **Monday**, the council said."


# --- the shared sample data ---------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_seed_000_byline_and_date():
    files = sorted(SEEDS.glob("000_*.txt"))
    assert files
    a = read_one(files[0])
    assert a.byline == "Isabella Torregiani"
    assert a.published == "2025-06-08T14:32:00-07:00"
    assert "MORE: Follow" not in a.body and "Keep reading" not in a.body
    assert "\n_\n" not in a.body and not a.body.startswith("By ")
    assert "\n\n\n" not in a.body


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_all_seeds_read_with_titles_and_clean_bodies():
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) == 5
    for f in files:
        a = read_one(f)
        assert a.title and len(a.title) <= 220, f
        assert a.body and "\n\n\n" not in a.body, f
        for junk in ("Coverage Details", "Bias Distribution", "Upgrade to", "124 Articles", "Back to top"):
            assert junk not in a.body, (f, junk)
        if f.name.startswith(("001_", "002_", "003_")):
            # A real headline: taken out of the body, not repeated in its first paragraphs.
            assert a.title not in a.body.split("\n\n")[:3], f
        else:
            # No headline line: the title is the first sentence and the body keeps it.
            assert a.body.startswith(a.title.rstrip("…")), f


@pytest.mark.skipif(not (CORPORA / "bbc").is_dir(), reason="BBC corpus not present")
def test_bbc_layout_headline_then_paragraphs():
    files = sorted((CORPORA / "bbc" / "politics").glob("*.txt"))[:40]
    for f in files:
        raw = f.read_text(encoding="utf-8", errors="replace")
        lines = raw.split("\n")
        a = read_one(f)
        assert a.title == " ".join(lines[0].split()), f
        expected = [ln.strip() for ln in lines[1:] if ln.strip()]
        got = a.body.split("\n\n")
        # Paragraphs kept in order; only furniture/separators may be dropped.
        assert all(p in expected for p in got), f
        assert len(got) >= len(expected) - 2, f


@pytest.mark.skipif(not (CORPORA / "quotes-gold").is_dir(), reason="PolNeAR corpus not present")
def test_polnear_layout_body_is_the_text_after_the_headline():
    files = sorted((CORPORA / "quotes-gold" / "polnear" / "train" / "text").glob("*.txt"))[:40]
    assert files
    exact = 0
    for f in files:
        raw = f.read_text(encoding="utf-8")
        head, _, rest = raw.partition("\n")
        a = read_one(f)
        assert a.title == " ".join(head.split()), f
        expected = [ln.strip() for ln in rest.split("\n") if ln.strip()]
        got = a.body.split("\n\n")
        # Same paragraphs in the same order; only furniture ("Follow X on Twitter") and
        # separator lines ("___.") may be left out.
        it = iter(expected)
        for para in got:
            for want in it:
                if want == para:
                    break
                assert is_boilerplate(want) or not any(c.isalnum() for c in want), (f, want)
            else:
                raise AssertionError((f, para))
        for want in it:
            assert is_boilerplate(want) or not any(c.isalnum() for c in want), (f, want)


def test_parse_text_is_pure_and_fast_enough_on_large_input():
    text = "Big headline\n\n" + ("A sentence of a long article. " * 30 + "\n\n") * 20000
    header, body = parse_text(text)
    assert header.title == "Big headline"
    assert body.count("\n\n") == 19999


FIRST = "Talks resumed on Monday."


@pytest.mark.parametrize("front,title,byline,published", [
    # YAML's own forms: a quoted title with a colon, a folded title, a flow list of authors,
    # a bare date
    ('title: "Talks: day two"\nauthor: [Ann Lee, Bo Park]\ndate: 2024-03-05\n',
     "Talks: day two", "Ann Lee and Bo Park", "2024-03-05"),
    ("title: >-\n  Harbour plan\n  approved\nbyline: Mira Holt\n", "Harbour plan approved", "Mira Holt", None),
    # not a mapping, or not YAML at all: no metadata (the title is then the text's first line,
    # as without front matter), the article still read
    ("- just\n- a list\n", FIRST, None, None),
    ("title: [unclosed\n", FIRST, None, None),
    # nested values are no header field; an alias is not walked
    ("base: &b {a: 1}\ntitle: *b\nauthor: Ann Lee\n", FIRST, "Ann Lee", None),
])
def test_markdown_front_matter_is_yaml(front, title, byline, published):
    from ingest.readers.text import parse_markdown

    header, body = parse_markdown(f"---\n{front}---\n\nTalks resumed on Monday.\n")
    assert (header.title, header.byline) == (title, byline)
    assert (header.published or None) == published
    assert body == FIRST


_LINES = st.lists(st.sampled_from(["", " ", "\t", "A line of text.", "  Indented line", "Short", "Related", "---",
                                   "x" * 120, "Ends open and", "Another\u2003line"]), max_size=30)


@settings(max_examples=400, deadline=None)
@given(_LINES)
def test_plain_layout_paragraphs_are_the_lines_each_with_whether_a_blank_line_follows(lines):
    """Fewer than three lines followed by a line of text: no hard wrapping to undo, so each
    line of text is a paragraph, and its flag says whether a blank line (or the end) follows."""
    stripped = [ln.strip() for ln in lines]
    assume(sum(1 for a, b in zip(stripped, stripped[1:]) if a and b) < 3)
    want = [(ln, i + 1 == len(stripped) or not stripped[i + 1]) for i, ln in enumerate(stripped) if ln]
    assert [(p.text, p.blank_after) for p in split_paragraphs("\n".join(lines))] == want


def test_short_hard_wrapped_paragraphs_between_blank_lines_are_joined():
    """Two wrapped lines a paragraph: the blank lines between them are no evidence either way."""
    paragraphs = [(f"Paragraph {n} opens with a line that the exporter wrapped at",
                   f"sixty characters, and closes on this shorter one number {n}.") for n in range(4)]
    text = "\n\n".join("\n".join(p) for p in paragraphs)
    assert [p.text for p in split_paragraphs(text)] == [" ".join(p) for p in paragraphs]
