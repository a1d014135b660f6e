"""Markdown export: golden file, escaping of hostile text, atomic no-clobber writes."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from briefing.export import ExportExists, default_export_name, escape_md, export_markdown, write_atomic
from db.queries import Filters
from db.store import Store
from ingest.model import Article, CountryMention, Event, Extraction, Ingested, Person, Quote

GOLDEN = Path(__file__).parent / "golden" / "export.md"


def _ingest(conn):
    s = Store(conn)
    b1 = ('Finance Minister Ada Quill said on March 4, 2024 that the port of Lisbon would reopen. '
          '"We will rebuild the harbour, # no matter what | the cost," Quill said.')
    q1 = b1.index("We will")
    s.write(Ingested(
        Article(source="/news/port.txt", body=b1, title="Port to [reopen](http://evil.example)",
                byline="Lena Ray", outlet="The Coast <b>Times</b>", published="2024-03-05T09:00:00+00:00"),
        Extraction(
            people=[Person("Ada Quill", role="Finance Minister", mentions=[(b1.index("Ada"), b1.index("Ada") + 9)])],
            quotes=[Quote(q1, b1.index(',"'), b1[q1:b1.index(',"')], speaker="Ada Quill", role="Finance Minister",
                          confidence=0.95, countries=["PRT"])],
            countries=[CountryMention("PRT", b1.index("Lisbon"), b1.index("Lisbon") + 6, "Lisbon", "city")],
            events=[Event(0, b1.index(". ") + 1, b1[: b1.index(". ") + 1], date="2024-03-04", precision="day",
                          countries=["PRT"], people=["Ada Quill"])],
        )))
    b2 = ('The ministry expects traffic to recover by 2030. '
          '"We are going to rebuild the harbour, no matter what the cost," the minister Ada Quill said.')
    q2 = b2.index("We are")
    s.write(Ingested(
        Article(source="https://example.org/harbour", body=b2, title="Harbour plan", url="https://example.org/harbour",
                published="2024-03-06"),
        Extraction(
            people=[Person("Ada Quill", mentions=[(b2.index("Ada"), b2.index("Ada") + 9)])],
            quotes=[Quote(q2, b2.index(',"'), b2[q2:b2.index(',"')], speaker="Ada Quill", confidence=0.9,
                          countries=["PRT"])],
            events=[Event(0, b2.index(". ") + 1, b2[: b2.index(". ") + 1], date="2030", precision="year", target=True,
                          countries=["PRT"])],
            countries=[CountryMention("PRT", 0, 0, "", "name")],
        )))


def test_export_matches_golden_file(conn):
    _ingest(conn)
    text = export_markdown(conn, Filters(country="PRT"), today=date(2024, 4, 1))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_export_cites_every_source_and_groups_variants(conn):
    _ingest(conn)
    text = export_markdown(conn, Filters())
    assert "### 2024-03-04" in text and "### 2030" in text and "**Target:**" in text
    assert "reported by 2 sources" in text
    assert "1. **Port to \\[reopen\\](http://evil.example)**" in text
    assert "<https://example.org/harbour>" in text and "`/news/port.txt`" in text
    assert "<b>" not in text and "&lt;b&gt;" in text


def test_export_slice_narrows(conn):
    _ingest(conn)
    text = export_markdown(conn, Filters(since="2031-01-01"))
    assert "_No dated events in this slice._" in text and "_No quotes in this slice._" in text


@pytest.mark.parametrize("raw, expected", [
    ("# Heading", "\\# Heading"),
    ("a | b", "a \\| b"),
    ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
    ("[link](http://x)", "\\[link\\](http://x)"),
    ("*bold* _it_", "\\*bold\\* \\_it\\_"),
    ("1. item", "1\\. item"),
    ("line\n# two", "line # two"),
    ("esc\x1b[31mred", "escred"),
])
def test_escape_md(raw, expected):
    assert escape_md(raw) == expected


def test_write_atomic_never_overwrites_without_asking(tmp_path):
    p = tmp_path / "note.md"
    assert write_atomic(p, "one") == p.resolve()
    with pytest.raises(ExportExists):
        write_atomic(p, "two")
    assert p.read_text() == "one"
    write_atomic(p, "three", overwrite=True)
    assert p.read_text() == "three"
    assert [x.name for x in tmp_path.iterdir()] == ["note.md"]      # no temp files left behind


def test_default_name_reflects_the_slice():
    assert default_export_name(Filters()) == "briefing.md"
    assert default_export_name(Filters(country="NLD", since="2025-06-01")) == "briefing-nld-2025-06-01.md"


def test_a_quote_cut_before_its_attribution_ends_as_a_sentence_and_the_heading_names_the_slice(conn):
    from briefing.citation import period, quote_words

    b = 'The council met on June 3, 2025. "We will open the bridge in spring," Mayor Ivo Brant said.'
    s, e = b.index("We will"), b.index('"', b.index("We will"))        # the comma inside, as extracted
    Store(conn).write(Ingested(
        Article(source="/news/bridge.txt", body=b, title="Bridge to open", published="2025-06-04"),
        Extraction(people=[Person("Ivo Brant", role="Mayor", mentions=[(b.index("Ivo"), b.index("Ivo") + 9)])],
                   quotes=[Quote(s, e, b[s:e], speaker="Ivo Brant", role="Mayor", confidence=0.9)],
                   events=[Event(0, b.index(".") + 1, b[:b.index(".") + 1], date="2025-06-03", precision="day")])))
    text = export_markdown(conn, Filters(), today=date(2025, 7, 1))
    assert "> “We will open the bridge in spring.”" in text and "spring,”" not in text
    assert text.splitlines()[0] == "# Briefing: 3 June 2025"
    june = export_markdown(conn, Filters(since="2025-06-01", until="2025-06-30", person="Ivo Brant"))
    assert june.splitlines()[0] == "# Briefing: Ivo Brant, June 2025"
    assert quote_words("a partial one,", partial=True) == "a partial one"
    assert quote_words("Is it over?") == "Is it over?"
    assert (period("2025-01-01", "2025-12-31"), period("2025-06-01", None)) == ("2025", "since 1 June 2025")
    assert (period("2025-06", "2025-06-25"), period("2025-06-03", "2025-06-25")) == ("June 2025", "3–25 June 2025")
    assert period("2025-06-03", "2030") == "3 June 2025 – 2030"


# ---- only regular files, never a new folder (issue 21 item 6, issue 22 item 4) ----------------
def test_write_atomic_creates_no_folder_and_names_the_missing_one(tmp_path):
    from briefing.export import ExportRefused

    target = tmp_path / "new" / "deep" / "x.md"
    with pytest.raises(ExportRefused, match="new/deep does not exist"):
        write_atomic(target, "text")
    assert not (tmp_path / "new").exists()
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportRefused, match="is not a folder"):
        write_atomic(tmp_path / "file" / "x.md", "text")


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "device"])
def test_write_atomic_replaces_only_regular_files_even_when_forced(tmp_path, kind):
    import os
    import stat

    from briefing.export import ExportRefused

    real = tmp_path / "real.md"
    real.write_text("mine")
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        target.symlink_to(real)
    elif kind == "folder":
        target.mkdir()
    else:
        target = Path("/dev/null")       # a character device every system has; never replaced
        if not stat.S_ISCHR(os.lstat(target).st_mode):
            pytest.skip("no /dev/null device here")
    before = os.lstat(target)
    for overwrite in (False, True):
        with pytest.raises(ExportRefused, match="not a regular file|symbolic link"):
            write_atomic(target, "text", overwrite=overwrite)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert real.read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_to_a_missing_folder_or_a_fifo_is_one_line_and_exit_1(tmp_path, capsys):
    import os

    from briefing.cli import main

    import db

    dbp = str(tmp_path / "x.db")
    db.connect(dbp).close()                      # an empty database is enough
    for target in (tmp_path / "nope" / "x.md", tmp_path / "fifo"):
        if target.name == "fifo":
            os.mkfifo(target)
        code = main(["--db", dbp, "export", "-o", str(target), "--force"])
        err = capsys.readouterr().err
        assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert not (tmp_path / "nope").exists()


def test_the_header_counts_what_the_export_lists(conn):
    """The same event line from two articles is one line and one event in the header; a
    statement and its variant are one quote, its reports counted beside it."""
    _ingest(conn)
    s = Store(conn)
    b3 = 'Finance Minister Ada Quill said on March 4, 2024 that the port of Lisbon would reopen. Ships wait.'
    s.write(Ingested(
        Article(source="/news/port-copy.txt", body=b3, title="Port reopens", published="2024-03-07"),
        Extraction(events=[Event(0, b3.index(". ") + 1, b3[: b3.index(". ") + 1], date="2024-03-04",
                                 precision="day", countries=["PRT"])],
                   countries=[CountryMention("PRT", b3.index("Lisbon"), b3.index("Lisbon") + 6, "Lisbon", "city")])))
    text = export_markdown(conn, Filters(country="PRT"), today=date(2024, 4, 1))
    assert "· 2 events, 1 quote (2 reports) ·" in text
    assert text.count("- Finance Minister Ada Quill said on March 4, 2024") == 1
