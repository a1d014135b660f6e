"""Issue 6, bad input: every file is read right or named in a one-line error, and nothing partial is left.

Every input here is generated in tmp_path. Each case goes through the real command line
(``briefing.cli.main``) into its own database; after every run the database must pass
``PRAGMA integrity_check``, every FTS index's integrity-check, and hold no extracted row
without its article.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from tests.soundness import assert_sound

from briefing.cli import main

REPO = Path(__file__).resolve().parent.parent

# what a terminal would act on, or what reorders text; \n and \t are allowed
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def stored_text(path: str | Path) -> list[tuple[str, str, str]]:
    """(table, column, value) for every stored string an article could have put there."""
    c = sqlite3.connect(str(path))
    out = []
    cols = {"articles": ("title", "byline", "outlet", "url", "body", "published", "source"),
            "quotes": ("text", "speaker_text", "role", "cue"), "events": ("text",),
            "people": ("name", "role"), "person_aliases": ("alias",), "figures": ("text",),
            "country_mentions": ("surface",)}
    for t, cs in cols.items():
        for row in c.execute(f"SELECT {', '.join(cs)} FROM {t}"):
            out += [(t, col, v) for col, v in zip(cs, row) if isinstance(v, str)]
    c.close()
    return out


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def error_lines(self) -> list[str]:
        return [ln for ln in self.err.splitlines() if ln.startswith("error: ")]


def ingest(capsys, db: Path, *paths: str | Path, json_summary: bool = False) -> Run:
    argv = ["--db", str(db), "ingest", *(["--json"] if json_summary else []), "--", *map(str, paths)]
    code = main(argv)
    out, err = capsys.readouterr()
    return Run(code, out, err)


def check_run(run: Run, db: Path, failed_names: list[str]) -> None:
    """The contract of one run: exit status, one line per failure naming the file, no traceback."""
    assert "Traceback" not in run.err, run.err
    summary = json.loads(run.out)
    assert summary["failed"] == len(summary["errors"])
    if summary["failed"]:
        assert run.code == 1, run.err
    else:
        assert run.code == 0, run.err
    # every failure is exactly one stderr line "error: SOURCE: REASON", with a non-empty reason
    lines = run.err.splitlines()
    assert len(run.error_lines) == summary["failed"], f"one line per failure expected:\n{run.err}"
    assert all(ln.startswith(("error: ", "skipped: ")) or re.fullmatch(r"\d+ articles…", ln) for ln in lines), run.err
    for e in summary["errors"]:
        assert "\n" not in e["reason"] and e["reason"].strip()
    for name in failed_names:
        assert any(name in ln for ln in run.error_lines), f"{name!r} not named in:\n{run.err}"
    assert_sound(db)


def article_bodies(db: Path) -> dict[str, str]:
    """source -> title and body as stored."""
    c = sqlite3.connect(str(db))
    rows = dict(c.execute("SELECT source, coalesce(title, '') || char(10) || body FROM articles"))
    c.close()
    return rows


# ---- the cases -------------------------------------------------------------------------------
NEWS = ("\u201cThe harbour will reopen before winter,\u201d said Marta Lindqvist, the port director, "
        "on 14 March 2024.\n\nOfficials in Norway and Denmark welcomed the plan.\n")

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _deep_html(depth: int = 5000) -> str:
    return ("<!doctype html><html><head><title>Deep page</title>"
            "<script>var SCRIPT_SECRET = 1; alert('boo');</script></head><body>"
            + "<div>" * depth
            + "<p>The deep paragraph reports that Estonia opened a new rail line on 2 May 2023.</p>"
            + "</div>" * depth
            + "<script>document.write('SCRIPT_TRAILER')</script></body></html>")


@dataclass
class Case:
    name: str
    files: dict[str, bytes]                 # file name -> bytes
    expect: str                             # ok | error | either
    check: Callable[[dict[str, str]], None] | None = None   # on {source: body} when read


def _has(*needles: str) -> Callable[[dict[str, str]], None]:
    def check(bodies: dict[str, str]) -> None:
        text = "\n".join(bodies.values())
        for n in needles:
            assert n in text, f"{n!r} not in stored text {text[:300]!r}"
    return check


def _no_script(bodies: dict[str, str]) -> None:
    text = "\n".join(bodies.values())
    assert "deep paragraph" in text
    assert "SCRIPT_SECRET" not in text and "SCRIPT_TRAILER" not in text and "alert(" not in text


def _one_line_article(bodies: dict[str, str]) -> None:
    # a 1 MB line is read whole (as title and/or body): nothing silently dropped
    assert sum(len(b) for b in bodies.values()) >= 900_000


ONE_MB_LINE = " ".join(f"word{i % 997} in Portugal" for i in range(60_000)).encode()[:1_000_000]

JSONL_MIXED = "\n".join([
    json.dumps({"url": "https://news.example/a1", "title": "First", "body": "Ships left Gdansk on 3 May 2022."}),
    json.dumps({"url": "https://news.example/a2", "title": "Second", "body": "Trains left Vilnius in 2021."}),
    '{"url": "https://news.example/a3", "title": "Broken", "body": "unterminated',
    json.dumps({"url": "https://news.example/a4", "title": "Fourth", "body": "Planes left Riga in June 2020."}),
]).encode()

FEED_BAD_ENTITIES = textwrap.dedent("""\
    <?xml version="1.0" encoding="utf-8"?>
    <rss version="2.0"><channel><title>Wire &amp; Co &bogus;</title>
    <item><title>Fish &nbsp; chips &#0; &#xD800; &#99999999999;</title><link>https://wire.example/1</link>
    <description>Fishers in Iceland &mdash; and Faroe &undefined; &#x1b;[2J said on 2 June 2021 that stocks fell.</description></item>
    <item><title>Second & unescaped</title><link>https://wire.example/2</link>
    <description>Quotas in Greenland &eacute;tude were cut in 2019 &#12;.</description></item>
    </channel></rss>
    """).encode()

CASES = [
    Case("empty", {"empty.txt": b""}, "error"),
    Case("whitespace", {"blank.txt": b"  \n\t\n   \r\n \x0c\n"}, "error"),
    Case("png", {"picture.png": PNG}, "error"),
    Case("png_named_txt", {"picture.txt": PNG}, "error"),
    Case("png_named_json", {"picture.json": PNG}, "error"),
    Case("nuls", {"zeros.txt": b"\x00" * 4096}, "error"),
    Case("text_with_nuls", {"nul.txt": ("Port news\n\n" + NEWS).encode().replace(b"harbour", b"har\x00bour")},
         "ok", _has("har", "Marta Lindqvist")),
    Case("invalid_utf8", {"bad.txt": "Caf\u00e9 owners in Z\u00fcrich and na\u00efve r\u00e9sum\u00e9s\n\n".encode()
                          + b"A pint costs \xa3 5 and \xff\xfe odd bytes follow.\n\n" + NEWS.encode()},
         "ok", _has("Caf\u00e9", "Z\u00fcrich", "Marta Lindqvist")),
    Case("cp1252", {"win.txt": ("Caf\u00e9 news\n\n" + NEWS).encode("cp1252")}, "ok",
         _has("\u201cThe harbour will reopen before winter,\u201d", "Marta Lindqvist")),
    Case("latin1", {"latin.txt": "Der B\u00fcrgermeister\n\nDie Stra\u00dfe in M\u00fcnchen, gar\u00e7on, "
                    "\u00bd Preis. Marta Lindqvist besuchte Norwegen am 14 March 2024.\n".encode("latin-1")},
         "ok", _has("Stra\u00dfe", "M\u00fcnchen", "gar\u00e7on")),
    Case("utf16_bom", {"wide.txt": ("Harbour news\n\n" + NEWS).encode("utf-16")}, "ok",
         _has("\u201cThe harbour will reopen before winter,\u201d", "Marta Lindqvist")),
    Case("utf8_bom", {"bom.txt": b"\xef\xbb\xbf" + ("Harbour news\n\n" + NEWS).encode()}, "ok",
         _has("Marta Lindqvist")),
    Case("one_mb_line", {"line.txt": ONE_MB_LINE}, "ok", _one_line_article),
    Case("deep_html", {"deep.html": _deep_html().encode()}, "ok", _no_script),
    Case("truncated_json", {"cut.json": b'{"title": "Cut short", "body": "The ministry in Oslo said'}, "error"),
    Case("truncated_json_array", {"cut2.json": b'[{"title": "A", "body": "Text about Malta."}, {"title": "B", "bo'},
         "error"),
    Case("jsonl_one_bad_line", {"mixed.jsonl": JSONL_MIXED}, "error", _has("Gdansk", "Vilnius", "Riga")),
    Case("feed_bad_entities", {"wire.rss": FEED_BAD_ENTITIES}, "either"),
    Case("html_named_txt_binary_tail", {"tail.html": b"<html><body><p>Lisbon port news for 2020.</p>"
                                        + b"\x00\x01\x02" * 10 + b"</body></html>"}, "either"),
]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_read_right_or_named(case: Case, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for name, data in case.files.items():
        (src / name).write_bytes(data)
    db = tmp_path / "x.db"
    run = ingest(capsys, db, *(src / n for n in case.files), json_summary=True)
    summary = json.loads(run.out)
    names = list(case.files)
    if case.expect == "ok":
        assert summary["failed"] == 0, run.err
        assert summary["new"] >= 1
    elif case.expect == "error":
        assert summary["failed"] >= 1, f"expected an error for {names}: {summary}"
    check_run(run, db, names if case.expect == "error" else [])
    bodies = article_bodies(db)
    if case.check and bodies:
        case.check(bodies)
    for t, col, v in stored_text(db):
        assert not FORBIDDEN.search(v), f"control character stored in {t}.{col}: {v[:80]!r}"
    # idempotent: a second run over the same input writes nothing new
    again = ingest(capsys, db, *(src / n for n in case.files), json_summary=True)
    s2 = json.loads(again.out)
    assert (s2["new"], s2["updated"]) == (0, 0), again.out
    assert s2["failed"] == summary["failed"]
    check_run(again, db, [])


def test_jsonl_bad_line_is_named_with_its_line_and_the_rest_go_in(tmp_path, capsys):
    p = tmp_path / "mixed.jsonl"
    p.write_bytes(JSONL_MIXED)
    db = tmp_path / "x.db"
    run = ingest(capsys, db, p)
    assert run.code == 1
    assert len(run.error_lines) == 1 and "line 3" in run.error_lines[0] and "JSON" in run.error_lines[0]
    assert assert_sound(db)["articles"] == 3
    assert "3 new" in run.out and "1 failed" in run.out


@pytest.mark.slow
def test_a_run_goes_on_past_every_bad_file(tmp_path, capsys):
    """All the bad cases in one folder with good files between them: the good ones all go in."""
    src = tmp_path / "mix"
    src.mkdir()
    good = 0
    for i, case in enumerate(CASES):
        for name, data in case.files.items():
            (src / f"{i:02d}_{name}").write_bytes(data)
        (src / f"{i:02d}_good.txt").write_text(f"Good story {i}\n\n{NEWS}Story number {i} about Finland.\n")
        good += 1
    db = tmp_path / "x.db"
    run = ingest(capsys, db, src, json_summary=True)
    check_run(run, db, [])
    assert run.code == 1
    bodies = article_bodies(db)
    assert sum(1 for s in bodies if s.endswith("_good.txt")) == good
    failed_files = {Path(e["source"].split(":line")[0].split("#")[0]).name for e in json.loads(run.out)["errors"]}
    # (picture.png is skipped, named as skipped: inside a folder only article extensions are read)
    skipped_files = {Path(e["source"]).name for e in json.loads(run.out)["skipped_files"]}
    assert skipped_files == {"02_picture.png"}
    assert {"00_empty.txt", "01_blank.txt", "03_picture.txt", "04_picture.json", "05_zeros.txt",
            "14_cut.json", "15_cut2.json", "16_mixed.jsonl"} <= failed_files, failed_files


def test_symlink_loops_end_and_the_rest_is_read(tmp_path, capsys):
    root = tmp_path / "tree"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "story.txt").write_text("Loop story\n\n" + NEWS)
    (root / "a" / "b" / "up").symlink_to(root)                 # a folder loop
    (root / "a" / "again").symlink_to(root / "a")              # a second way into the same folder
    (root / "self.txt").symlink_to(root / "self.txt")          # ELOOP on stat
    (root / "dangling.txt").symlink_to(root / "missing.txt")   # broken link
    db = tmp_path / "x.db"
    run = ingest(capsys, db, root, json_summary=True)
    check_run(run, db, ["self.txt", "dangling.txt"])
    assert run.code == 1
    bodies = article_bodies(db)
    assert len(bodies) == 1 and next(iter(bodies)).endswith("story.txt")
    reasons = " ".join(run.error_lines)
    assert "loop" in reasons and ("broken" in reasons or "no such file" in reasons)


def test_odd_file_names(tmp_path, capsys):
    src = tmp_path / "odd names"
    src.mkdir()
    names = ["with space.txt", "\u00fcn\u00efc\u00f6d\u00e9 \u5317\u4eac.txt", "-leading-dash.txt",
             "new\nline.txt", "tab\there.md", "quote\"and'apostrophe.txt", "a" * 240 + ".txt",
             "semi;colon&amp.txt", "[bold]markup[b].txt", "star*question?.txt"]
    for i, n in enumerate(names):
        (src / n).write_text(f"Odd name {i}\n\n{NEWS}")
    db = tmp_path / "x.db"
    # the folder, then each file by name (a leading dash after "--", the glob characters literally)
    run = ingest(capsys, db, src, json_summary=True)
    check_run(run, db, [])
    assert json.loads(run.out)["new"] == len(names)
    run = ingest(capsys, db, *(src / n for n in names), json_summary=True)
    check_run(run, db, [])
    assert json.loads(run.out)["unchanged"] == len(names)
    sources = set(article_bodies(db))
    assert len(sources) == len(names)
    # a plain name is stored as its path; one with a control character in a visible, safe form
    name_controls = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")     # \n and \t too
    plain = {str(src / n) for n in names if not name_controls.search(n)}
    assert plain <= sources
    assert not any(name_controls.search(s) for s in sources), sources


def test_odd_file_name_errors_stay_on_one_line(tmp_path, capsys):
    """A failing file whose name holds a newline or an escape sequence: still one clean stderr line."""
    src = tmp_path / "in"
    src.mkdir()
    bad = ["empty\nname.txt", "esc\x1b[2Jname.txt", "osc\x1b]52;c;ZXZpbA==\x07name.txt", "bidi\u202ename.txt"]
    for n in bad:
        (src / n).write_bytes(b"")
    db = tmp_path / "x.db"
    run = ingest(capsys, db, src)
    assert run.code == 1
    assert len(run.error_lines) == len(bad), run.err
    assert len(run.err.splitlines()) == len(bad), f"a file name broke an error line:\n{run.err!r}"
    assert not FORBIDDEN.search(run.err), f"control characters reached the terminal: {run.err!r}"
    assert_sound(db)


def test_file_names_with_control_characters_are_stored_clean(tmp_path, capsys):
    """A readable file whose name carries an escape sequence: its source is stored without it."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "evil\x1b]52;c;ZXZpbA==\x07name.txt").write_text("Evil name\n\n" + NEWS)
    (src / "rlo\u202etxt.exe.txt").write_text("Bidi name\n\n" + NEWS)
    db = tmp_path / "x.db"
    run = ingest(capsys, db, src, json_summary=True)
    check_run(run, db, [])
    for t, col, v in stored_text(db):
        assert not FORBIDDEN.search(v), f"control character stored in {t}.{col}: {v[:80]!r}"


@pytest.mark.slow
def test_undecodable_file_name_is_read(tmp_path, capsys):
    """A name that is not UTF-8 (a latin-1 archive copied to Linux) must not break the store."""
    src = tmp_path / "in"
    src.mkdir()
    raw = os.fsencode(str(src)) + b"/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(("Cafe story\n\n" + NEWS).encode())
    db = tmp_path / "x.db"
    # in a child process: a real stderr writes such a name with backslashreplace, capsys would not
    proc = subprocess.run([sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--json", str(src)],
                          cwd=REPO, capture_output=True, timeout=300)
    out = proc.stdout.decode("utf-8")          # JSON output must be valid UTF-8 whatever the file names
    err = proc.stderr.decode("utf-8", errors="backslashreplace")
    check_run(Run(proc.returncode, out, err), db, [])
    assert json.loads(out)["new"] == 1, err


def test_unreadable_file_is_named(tmp_path, capsys):
    if os.geteuid() == 0:
        pytest.skip("root reads anything; see test_unreadable_file_is_named_as_root_without_override")
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Readable\n\n" + NEWS)
    locked = src / "locked.txt"
    locked.write_text("Locked\n\n" + NEWS)
    locked.chmod(0)
    try:
        db = tmp_path / "x.db"
        run = ingest(capsys, db, src)
        assert run.code == 1
        assert len(run.error_lines) == 1 and "locked.txt" in run.error_lines[0]
        assert "permission" in run.error_lines[0]
        assert assert_sound(db)["articles"] == 1
    finally:
        locked.chmod(0o644)


@pytest.mark.slow
def test_unreadable_file_is_named_as_root_without_override(tmp_path):
    """As root, drop CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH in a child (setpriv) so chmod 000 really bites."""
    import shutil

    if os.geteuid() != 0:
        pytest.skip("covered by test_unreadable_file_is_named")
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("setpriv (util-linux) not installed")
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Readable\n\n" + NEWS)
    locked = src / "locked.txt"
    locked.write_text("Locked\n\n" + NEWS)
    closed = src / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text("Inside\n\n" + NEWS)
    locked.chmod(0)
    closed.chmod(0)
    try:
        db = tmp_path / "x.db"
        proc = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", "--",
                               sys.executable, "-m", "briefing", "--db", str(db), "ingest", str(src), str(locked)],
                              cwd=REPO, capture_output=True, text=True, timeout=300)
        if "setpriv:" in proc.stderr:
            pytest.skip(f"setpriv cannot drop capabilities here: {proc.stderr.strip()[:200]}")
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.returncode == 1, proc.stderr
        errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
        assert len(errors) == 2, proc.stderr          # the folder once, the file once (named twice, read once)
        assert all("permission denied" in ln for ln in errors), proc.stderr
        assert any("locked.txt" in ln for ln in errors) and any("closed" in ln for ln in errors)
        assert assert_sound(db)["articles"] == 1
    finally:
        locked.chmod(0o644)
        closed.chmod(0o755)


@pytest.mark.slow
def test_feed_with_ten_thousand_entries(tmp_path, capsys):
    items = "".join(
        f"<item><title>Bulletin {i}</title><link>https://wire.example/{i}</link>"
        f"<pubDate>Mon, 0{1 + i % 9} Jun 2025 10:00:00 GMT</pubDate>"
        f"<description>Bulletin {i}: ministers from Chile met in Lima on {1 + i % 28} May 2025.</description></item>"
        for i in range(10_000))
    p = tmp_path / "big.rss"
    p.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>')
    db = tmp_path / "x.db"
    run = ingest(capsys, db, p, json_summary=True)
    check_run(run, db, [])
    assert json.loads(run.out)["new"] == 10_000
    assert assert_sound(db)["articles"] == 10_000


def _big_article(target: int) -> str:
    people = ["Ines Calloway", "Piet Vromans", "Hana Kobel", "Oskar Lindgren", "Maud Ferrant"]
    places = ["Norway", "Chile", "Kenya", "Portugal", "Japan", "Canada", "Poland"]
    parts, n, i = ["The long report\n\nBy Desk Staff\n\n"], 0, 0
    while n < target:
        p = (f"\u201cWe expect progress on item {i} soon,\u201d said {people[i % 5]} in {places[i % 7]} "
             f"on {1 + i % 28} March {2000 + i % 25}. The budget rose by {i % 90}.{i % 10}% to "
             f"{i % 400} million euros over the year, officials said.\n\n")
        parts.append(p)
        n += len(p)
        i += 1
    return "".join(parts)


MEMORY_BOUND_MB = 400
HANG_GUARD_S = 240      # not a speed requirement: only stops a runaway (quadratic) ingest from hanging the suite


@pytest.mark.slow
def test_twenty_megabyte_article_in_bounded_memory(tmp_path):
    """A 20 MB article is read (or refused with a reason) without the ingest's RSS passing 400 MB."""
    big = tmp_path / "huge.txt"
    big.write_text(_big_article(20 * 1024 * 1024))
    assert big.stat().st_size >= 20 * 1024 * 1024
    db = tmp_path / "x.db"
    # a wrapper process whose only child is the ingest: RUSAGE_CHILDREN is the ingest's peak alone;
    # it also stops the child at once if its peak (VmHWM) passes the bound, or if it runs away
    wrapper = textwrap.dedent(f"""
        import json, resource, subprocess, sys, time
        p = subprocess.Popen([sys.executable, "-m", "briefing", "--db", sys.argv[1], "ingest", "--json",
                              sys.argv[2]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        t0, why = time.monotonic(), None
        while p.poll() is None:
            try:
                with open(f"/proc/{{p.pid}}/status") as f:
                    hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
            except (OSError, StopIteration):
                hwm = 0
            if hwm > {MEMORY_BOUND_MB} * 1024:
                why = "memory"
            elif time.monotonic() - t0 > {HANG_GUARD_S}:
                why = "hang guard"
            if why:
                p.kill()
                break
            time.sleep(0.05)
        out, err = p.communicate()
        print(json.dumps({{"rc": p.returncode, "out": out, "err": err, "stopped": why,
                          "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
    """)
    proc = subprocess.run([sys.executable, "-c", wrapper, str(db), str(big)], cwd=REPO, capture_output=True,
                          text=True, timeout=HANG_GUARD_S + 120)
    res = json.loads(proc.stdout)
    peak_mb = res["maxrss_kb"] / 1024
    print(f"20 MB article: exit {res['rc']}, peak RSS {peak_mb:.0f} MB, stopped: {res['stopped']}")
    assert res["stopped"] is None, (f"ingest of a 20 MB article stopped by the {res['stopped']} "
                                    f"(peak RSS {peak_mb:.0f} MB)")
    assert "Traceback" not in res["err"], res["err"][-2000:]
    assert peak_mb < MEMORY_BOUND_MB, f"peak RSS {peak_mb:.0f} MB"
    summary = json.loads(res["out"])
    if res["rc"] == 0:
        assert summary["new"] == 1
        body = article_bodies(db)[str(big)]
        assert len(body) > 19_000_000
    else:
        assert res["rc"] == 1 and summary["failed"] == 1
        lines = [ln for ln in res["err"].splitlines() if ln.startswith("error: ")]
        assert len(lines) == 1 and "huge.txt" in lines[0], res["err"]
    assert_sound(db)


def test_skipped_files_are_named_and_do_not_fail_the_run(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text("Harbour reopens\n\nThe harbour reopened on Monday, officials said.\n",
                                      encoding="utf-8")
    (folder / "README.md").write_text("# About\n", encoding="utf-8")
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    run = ingest(capsys, tmp_path / "x.db", folder, json_summary=True)
    summary = json.loads(run.out)
    assert run.code == 0 and summary["new"] == 1 and summary["failed"] == 0
    assert summary["skipped"] == 2
    assert sorted(os.path.basename(s["source"]) for s in summary["skipped_files"]) == ["README.md", "chart.png"]
    assert sum(ln.startswith("skipped: ") for ln in run.err.splitlines()) == 2


def test_sgml_file_fails_the_run(tmp_path, capsys):
    p = tmp_path / "reut2-000.sgm"
    p.write_text('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS><BODY>Showers.</BODY></REUTERS>\n',
                 encoding="utf-8")
    run = ingest(capsys, tmp_path / "x.db", p)
    assert run.code == 1
    assert any("not HTML, RSS or Atom" in ln for ln in run.error_lines)
