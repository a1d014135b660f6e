"""The seeds end to end through the CLI, as a user would run it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.cli import emit_json, main
from ingest.sanitize import INVISIBLE
from tests.conftest import REPO, need_seeds


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def js(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def seeded(tmp_path, capsys):
    seeds = need_seeds()
    path = str(tmp_path / "x.db")
    code, out, err = run(capsys, "--db", path, "ingest", str(seeds))
    assert code == 0, err
    assert "5 new" in out
    return path


@pytest.mark.slow
def test_seeds_end_to_end(seeded, capsys):
    arts = js(capsys, "--db", seeded, "articles")
    assert len(arts) == 5
    assert set(arts[0]) >= {"id", "source", "title", "byline", "published", "countries", "people"}
    first = next(a for a in arts if a["source"].endswith("000_2b50966df35a0fab.txt"))
    assert first["byline"] == "Isabella Torregiani"
    assert first["published"].startswith("2025-06-08T14:32")
    assert "USA" in first["countries"]

    quotes = js(capsys, "--db", seeded, "quotes")
    assert len(quotes) >= 10
    assert set(quotes[0]) >= {"id", "text", "speaker", "role", "article_id", "source", "title", "date"}

    timeline = js(capsys, "--db", seeded, "timeline")
    assert timeline and all(e["precision"] in ("day", "month", "year") for e in timeline)
    assert set(timeline[0]) >= {"id", "date", "end", "precision", "text", "article_id", "source", "countries"}
    assert any(e["date"] == "2025-06-24" and e["end"] == "2025-06-25" for e in timeline)

    countries = js(capsys, "--db", seeded, "countries")
    assert {"NLD", "USA", "BEL", "UKR"} <= {c["iso3"] for c in countries}

    hits = js(capsys, "--db", seeded, "search", "Hague")
    assert hits and {"kind", "id", "snippet", "rank", "article_id", "source"} <= set(hits[0])
    assert all("**Hague**" in h["snippet"] for h in hits)
    ranks = [h["rank"] for h in hits]
    assert ranks == sorted(ranks)


@pytest.mark.slow
def test_second_ingest_changes_nothing(seeded, capsys):
    import sqlite3

    before = sqlite3.connect(seeded).execute("SELECT count(*), sum(length(body)) FROM articles").fetchone()
    code, out, _ = run(capsys, "--db", seeded, "ingest", str(need_seeds()), "--json")
    assert code == 0
    s = json.loads(out)
    assert (s["new"], s["updated"], s["unchanged"], s["failed"]) == (0, 0, 5, 0)
    assert sqlite3.connect(seeded).execute("SELECT count(*), sum(length(body)) FROM articles").fetchone() == before


@pytest.mark.slow
def test_timeline_slices(seeded, capsys):
    june = js(capsys, "--db", seeded, "timeline", "--since", "2025-06-01", "--until", "2025-06-30")
    assert june and all(e["date"] >= "2025-06" or (e["end"] or "") >= "2025-06" for e in june)
    nld = js(capsys, "--db", seeded, "timeline", "--country", "Netherlands")
    assert nld and all("NLD" in e["countries"] for e in nld)
    assert js(capsys, "--db", seeded, "timeline", "--country", "nld") == nld
    assert len(js(capsys, "--db", seeded, "timeline", "--limit", "2")) == 2


def test_bad_input_gets_one_line_and_exit_2(seeded, capsys):
    code, out, err = run(capsys, "--db", seeded, "search", 'defence AND "unclosed', "--json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", seeded, "timeline", "--since", "someday")
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "--db", seeded, "timeline", "--country", "Atlantis")
    assert code == 2


@pytest.mark.slow
def test_search_operators_work(seeded, capsys):
    assert js(capsys, "--db", seeded, "search", '"The Hague"')
    assert js(capsys, "--db", seeded, "search", "Hag*")
    assert js(capsys, "--db", seeded, "search", "Hague OR Brussels")
    assert js(capsys, "--db", seeded, "search", "NEAR(summit Hague, 5)")
    assert js(capsys, "--db", seeded, "search", "U.S.")
    only_quotes = js(capsys, "--db", seeded, "search", "alliance", "--kind", "quote")
    assert only_quotes and {h["kind"] for h in only_quotes} == {"quote"}


@pytest.mark.slow
def test_show_and_export(seeded, capsys, tmp_path):
    a = js(capsys, "--db", seeded, "show", "1")
    assert a["body"] and "quotes" in a and "events" in a
    code, out, err = run(capsys, "--db", seeded, "export", "--country", "NLD")
    assert code == 0 and out.startswith("# Briefing") and "## Sources" in out
    dest = tmp_path / "note.md"
    assert run(capsys, "--db", seeded, "export", "-o", str(dest))[0] == 0
    assert dest.read_text().startswith("# Briefing")
    code, _, err = run(capsys, "--db", seeded, "export", "-o", str(dest))
    assert code == 1 and "exists" in err


def test_missing_database_says_what_to_do(tmp_path, capsys):
    code, out, err = run(capsys, "--db", str(tmp_path / "none.db"), "timeline", "--json")
    assert code == 1 and out == "" and "briefing ingest" in err


def test_db_from_environment(tmp_path, capsys, monkeypatch):
    need_seeds()
    monkeypatch.setenv("BRIEFING_DB", str(tmp_path / "env.db"))
    assert run(capsys, "ingest", str(need_seeds() / "003_e0dbb7f7a9286c8d.txt"))[0] == 0
    assert (tmp_path / "env.db").exists()


def test_default_db_in_user_data_folder(tmp_path, capsys, monkeypatch):
    need_seeds()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert run(capsys, "ingest", str(need_seeds() / "003_e0dbb7f7a9286c8d.txt"))[0] == 0
    assert (tmp_path / "xdg" / "briefing" / "briefing.db").exists()


def test_failed_file_gives_exit_1_and_the_rest_goes_in(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday.\n")
    (tmp_path / "in" / "bad.json").write_text('{"title": "x", "body": ')
    code, out, err = run(capsys, "--db", str(tmp_path / "y.db"), "ingest", str(tmp_path / "in"))
    assert code == 1 and "bad.json" in err and "1 new" in out


def test_python_dash_m_works(tmp_path):
    out = subprocess.run([sys.executable, "-m", "briefing", "--help"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0 and "ingest" in out.stdout


@pytest.mark.slow
def test_read_only_commands_flush_their_output_and_close_the_database(seeded):
    from pathlib import Path

    def briefing(*argv):
        return subprocess.run([sys.executable, "-m", "briefing", "--db", seeded, *argv], cwd=REPO,
                              capture_output=True, text=True)

    out = briefing("search", "hague", "--json", "--limit", "0")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) > 1                    # all of the output, flushed
    out = briefing("quotes")
    assert out.returncode == 0 and out.stdout.count("\n") > 5
    out = briefing("search", 'harbour AND "unclosed')
    assert out.returncode == 2 and "cannot search" in out.stderr
    # closed before the exit: the last connection's close removes the WAL files
    assert not [p.name for p in Path(seeded).parent.iterdir() if p.name.endswith(("-wal", "-shm"))]


def test_console_script_installed():
    from pathlib import Path

    script = Path(sys.executable).parent / "briefing"
    if not script.exists():
        script = shutil.which("briefing")
    if script is None:
        pytest.skip("console script not installed (package not pip-installed)")
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert out.returncode == 0


def test_search_shows_the_best_matches_and_says_when_it_cut(tmp_path, capsys):
    """A ranked search prints the best SEARCH_LIMIT by default; --limit 0 prints every match."""
    from briefing.cli import SEARCH_LIMIT

    texts = tmp_path / "in"
    texts.mkdir()
    n = SEARCH_LIMIT + 7
    for i in range(n):
        (texts / f"{i:03d}.txt").write_text(f"Walrus census {i}\n\nKeepers counted walruses on the shore, year {i}.\n")
    path = str(tmp_path / "w.db")
    assert run(capsys, "--db", path, "ingest", str(texts))[0] == 0
    code, out, err = run(capsys, "--db", path, "search", "census", "--kind", "article", "--json")
    assert code == 0 and len(json.loads(out)) == SEARCH_LIMIT
    assert "--limit 0" in err
    code, out, err = run(capsys, "--db", path, "search", "census", "--kind", "article", "--json", "--limit", "0")
    assert len(json.loads(out)) == n and "--limit" not in err
    code, out, err = run(capsys, "--db", path, "search", "census", "--kind", "article", "--json", "--limit", str(n))
    assert len(json.loads(out)) == n and "--limit" not in err          # exactly all: nothing was cut
    with pytest.raises(SystemExit):
        main(["--db", path, "search", "census", "--limit", "-1"])


@pytest.mark.parametrize("argv", [
    ["search", "oil", "--json", "--limit", "5"],
    ["--db", "x.db", "search", "oil prices", "--kind", "quote", "--since", "2024"],
    ["--db=x.db", "timeline", "--country", "NLD", "--json"],
    ["ingest", "a", "b", "--workers", "2"],
    ["export", "-o", "out.md", "--force"],
    ["people"],
])
def test_one_commands_parser_parses_what_the_full_parser_parses(argv):
    """Only the named command's sub-parser is built (start-up cost), with the same result."""
    from briefing import cli

    assert cli.command_in(argv) == next(a for a in argv if not a.startswith("-") and a != "x.db")
    assert vars(cli.build_parser(cli.command_in(argv)).parse_args(argv)) == vars(cli.build_parser().parse_args(argv))


def test_help_and_unknown_commands_still_get_the_full_parser(capsys):
    from briefing import cli

    assert cli.command_in(["--help"]) is None and cli.command_in(["frobnicate"]) is None
    with pytest.raises(SystemExit) as e:
        cli.main(["frobnicate"])
    assert e.value.code == 2
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "search" in out and "timeline" in out and "export" in out


def test_list_commands_print_every_row_unless_limited_and_search_the_best_50():
    """--limit's default is the command's own: search's 50 does not leak into the lists."""
    from briefing import cli

    for argv in (["timeline"], ["quotes"], ["articles"], ["people"], ["countries"], ["--db", "x", "timeline"]):
        assert cli.build_parser().parse_args(argv).limit is None
        assert cli.build_parser(cli.command_in(argv)).parse_args(argv).limit is None
    assert cli.build_parser().parse_args(["search", "x"]).limit == cli.SEARCH_LIMIT
    assert cli.build_parser().parse_args(["search", "x", "--limit", "0"]).limit is None


def test_quotes_and_export_show_full_statements_unless_partial(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Harbour deal signed\n\nMayor Ines Varga called the deal a \"genuine step\" "
                     "for the town. \"We will rebuild the harbour by spring,\" Varga said.\n",
                     encoding="utf-8")
    db = str(tmp_path / "q.db")
    assert main(["--db", db, "ingest", str(story)]) == 0
    capsys.readouterr()
    full = js(capsys, "--db", db, "quotes")
    assert [q["text"] for q in full] == ["We will rebuild the harbour by spring,"]
    both = js(capsys, "--db", db, "quotes", "--partial")
    assert sorted(q["text"] for q in both) == ["We will rebuild the harbour by spring,", "genuine step"]
    assert [q["partial"] for q in both if q["text"] == "genuine step"] == [True]
    code, out, _ = run(capsys, "--db", db, "export")
    assert "We will rebuild" in out and "genuine step" not in out
    code, out, _ = run(capsys, "--db", db, "export", "--partial")
    assert "genuine step" in out


def test_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"briefing {version('briefing')}\n"


PIER = ("Harbour board approves the new pier\n\n"
        "PORTVILLE, March 4, 2025 — The harbour board approved a new pier on Tuesday.\n\n"
        "“We can’t wait another winter for this pier,” harbour master Tomas Lindqvist said after the vote.\n")


@pytest.fixture
def pier_db(tmp_path, capsys):
    (tmp_path / "pier.txt").write_text(PIER, encoding="utf-8")
    path = str(tmp_path / "pier.db")
    code, _, err = run(capsys, "--db", path, "ingest", str(tmp_path / "pier.txt"))
    assert code == 0, err
    return path


def test_search_table_shows_the_match_styled_with_titles_and_whole_words(pier_db, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, err = run(capsys, "--db", pier_db, "search", "can't", "--kind", "quote")
    assert code == 0, err
    assert "**" not in out and "title" in out and "Harbour board approves the new pier" in out
    assert "\x1b[1mcan’t\x1b[0m" in out                 # one word, marked whole: not can’t
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = run(capsys, "--db", pier_db, "search", "Lindqvist", "--kind", "quote", "--limit", "1")
    assert "\x1b[1;7mLindqvist\x1b[0m" in out           # reverse under NO_COLOR
    assert "We can’t wait another winter" in out        # found through its speaker: the quote is shown
    assert "\x1b[38" not in out
    assert err.startswith("the best match;") or err == ""


def test_empty_no_color_means_colour_as_no_color_org_says(pier_db, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "")
    code, out, err = run(capsys, "--db", pier_db, "search", "Lindqvist", "--kind", "quote", "--limit", "1")
    assert code == 0, err
    assert "\x1b[1mLindqvist\x1b[0m" in out            # bold, as without NO_COLOR: not reverse


@pytest.mark.slow
def test_show_header_gives_a_readable_date_marked_when_inferred(seeded, capsys, monkeypatch):
    from briefing.citation import human_date

    monkeypatch.setenv("COLUMNS", "300")
    for a in js(capsys, "--db", seeded, "articles"):
        code, out, err = run(capsys, "--db", seeded, "show", str(a["id"]))
        assert code == 0, err
        header = " " + out.splitlines()[1]
        if a["published"]:
            assert f" {human_date(a['published'])} · " in header and a["published"] not in header
            assert "(inferred)" not in header
        elif a["day"]:
            assert f" {human_date(a['day'])} (inferred) · " in header and a["day"] not in header


@pytest.mark.slow
def test_timeline_lists_undated_articles_on_request_and_says_when_it_leaves_them_out(seeded, tmp_path, capsys):
    (tmp_path / "mill.txt").write_text("Mill to reopen in the valley\n\nThe old mill will reopen next week "
                                       "in Norway, its owners said on Monday.\n", encoding="utf-8")
    assert run(capsys, "--db", seeded, "ingest", str(tmp_path / "mill.txt"))[0] == 0
    dated = js(capsys, "--db", seeded, "timeline")
    assert dated and all(r["date"] and not r["undated"] for r in dated)
    code, out, err = run(capsys, "--db", seeded, "timeline", "--json")
    assert "1 undated article in this slice not listed: --undated lists it" in err
    rows = js(capsys, "--db", seeded, "timeline", "--undated")
    assert rows[:len(dated)] == dated
    [mill] = rows[len(dated):]
    assert mill["undated"] and mill["date"] is None and mill["title"] == "Mill to reopen in the valley"
    assert mill["source"] == str(tmp_path / "mill.txt") and mill["articles"] == [mill["article_id"]]
    assert len(js(capsys, "--db", seeded, "timeline", "--undated", "--limit", str(len(dated)))) == len(dated)
    assert [r["title"] for r in js(capsys, "--db", seeded, "timeline", "--undated", "--country", "NOR")] \
        == ["Mill to reopen in the valley"]
    assert not any(r["undated"] for r in js(capsys, "--db", seeded, "timeline", "--undated", "--since", "2020"))
    code, out, err = run(capsys, "--db", seeded, "timeline", "--undated")
    assert code == 0 and "undated" in out and "Mill to reopen" in out and err == ""


@pytest.mark.slow
def test_search_says_how_many_it_cut_in_good_english(seeded, capsys):
    code, _, err = run(capsys, "--db", seeded, "search", "NATO", "--limit", "1")
    assert code == 0 and err.startswith("the best match; more with --limit N")
    code, _, err = run(capsys, "--db", seeded, "search", "NATO", "--limit", "2")
    assert err.startswith("the 2 best matches;")


def test_an_old_relative_source_is_adopted_not_stored_again(tmp_path, capsys, monkeypatch):
    import sqlite3

    (tmp_path / "data").mkdir()
    (tmp_path / "work").mkdir()
    (tmp_path / "data" / "pier.txt").write_text(PIER, encoding="utf-8")

    def old_db(name: str) -> str:
        """A database as ingest wrote it from tmp_path before sources were stored absolute."""
        db = str(tmp_path / name)
        monkeypatch.chdir(tmp_path)
        assert run(capsys, "--db", db, "ingest", "data")[0] == 0
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE articles SET source = 'data/pier.txt'")
        conn.close()
        return db

    db = old_db("a.db")
    code, out, err = run(capsys, "--db", db, "ingest", "data")      # from the folder it names
    assert code == 0, err
    assert "0 new, 1 unchanged, 0 updated, 0 duplicates" in out
    [article] = js(capsys, "--db", db, "articles")
    assert article["source"] == str(tmp_path / "data" / "pier.txt")
    assert js(capsys, "--db", db, "show", str(article["id"]))["locations"] == []
    monkeypatch.chdir(tmp_path / "work")
    code, out, err = run(capsys, "--db", db, "ingest", "../data")
    assert "0 new, 1 unchanged, 0 updated, 0 duplicates" in out

    db = old_db("b.db")
    monkeypatch.chdir(tmp_path / "work")         # from elsewhere "data/pier.txt" is another file:
    code, out, err = run(capsys, "--db", db, "ingest", "../data")   # a copy's location, as before
    assert code == 0, err
    assert "0 new, 0 unchanged, 0 updated, 1 duplicates" in out
    assert [a["source"] for a in js(capsys, "--db", db, "articles")] == ["data/pier.txt"]
    monkeypatch.chdir(tmp_path)                  # then from the folder it names: adopted all the same
    code, out, err = run(capsys, "--db", db, "ingest", "data")
    assert "0 new, 1 unchanged, 0 updated, 0 duplicates" in out
    [article] = js(capsys, "--db", db, "articles")
    assert article["source"] == str(tmp_path / "data" / "pier.txt")
    assert js(capsys, "--db", db, "show", str(article["id"]))["locations"] == []

    db = old_db("c.db")
    (tmp_path / "data" / "pier.txt").write_text(PIER + "\nA later line.\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "ingest", "data")     # changed since: not that article
    assert "1 new" in out
    assert len(js(capsys, "--db", db, "articles")) == 2


def test_sources_are_stored_absolute_and_shown_relative_where_shorter(tmp_path, capsys, monkeypatch):
    from briefing.render import display_path

    (tmp_path / "data").mkdir()
    (tmp_path / "work" / "deep").mkdir(parents=True)
    (tmp_path / "data" / "pier.txt").write_text(PIER, encoding="utf-8")
    db = str(tmp_path / "p.db")
    monkeypatch.chdir(tmp_path / "work")
    code, _, err = run(capsys, "--db", db, "ingest", "../data/pier.txt")
    assert code == 0, err
    monkeypatch.chdir(tmp_path / "work" / "deep")          # the app and the CLI run from elsewhere
    [article] = js(capsys, "--db", db, "articles")
    assert article["source"] == str(tmp_path / "data" / "pier.txt")
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run(capsys, "--db", db, "show", "1")
    assert "../../data/pier.txt" in out
    assert display_path("/a/b/c.txt", cwd="/a/b") == "c.txt"
    assert display_path("/x.txt", cwd="/a/b/c/d") == "/x.txt"               # shorter as it is
    assert display_path("https://example.org/a", cwd="/") == "https://example.org/a"


_JSON_ESCAPED = "[\x7f-\x9f" + INVISIBLE + "]"      # what --json writes as \uXXXX escapes
_ANY = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)
_SEEN = st.text(alphabet=st.characters(codec=None, categories=("L", "N", "P", "S")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=_ANY, max_size=20), st.builds(
    lambda before, one, after: before + one + after, _SEEN, st.one_of(_ANY, st.sampled_from(
        ["\n", "\t", "\x1b", "\x85", "\x9b", "\xa0", " ", "\u202e", "\u200b", "\ue000", "\U000e0041", "\U0010fffd"])),
    _SEEN)), max_size=4))
def test_json_escapes_what_the_plain_pattern_escapes(texts):
    """--json writes C1 controls and invisible characters as escapes; a text with none of them
    is written as json.dumps gives it."""
    import io
    import re
    from contextlib import redirect_stdout

    rows = [{"text": t, "n": i} for i, t in enumerate(texts)]
    with redirect_stdout(io.StringIO()) as out:
        emit_json(rows)
    plain = json.dumps(rows, ensure_ascii=False, indent=2)
    assert out.getvalue() == re.sub(_JSON_ESCAPED, lambda m: json.dumps(m.group())[1:-1], plain) + "\n"
