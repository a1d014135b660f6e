"""iter_inputs and read_path on hostile file systems and hostile bytes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import Article, ReadError
from ingest.readers import MAX_FILE_BYTES, iter_inputs, read_path

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def article(title: str = "Harbour reopens") -> str:
    return f"{title}\n\nThe harbour reopened on Monday, officials said.\n"


def make_tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text(article())
    (root / "b" / "c.md").write_text(article())
    (root / "b" / "d.json").write_text('{"title": "t", "body": "b"}')
    (root / "b" / "skip.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "b" / "notes.docx").write_bytes(b"PK\x03\x04")
    (root / ".hidden.txt").write_text(article())
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text(article())
    (root / "z.HTML").write_text("<html><body><p>hello there</p></body></html>")


def paths(items) -> list[str]:
    return [str(p) for p in items if isinstance(p, Path)]


def test_folder_walk_is_recursive_sorted_and_filtered(tmp_path):
    make_tree(tmp_path)
    got = paths(iter_inputs([str(tmp_path)]))
    assert got == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.md"), str(tmp_path / "b" / "d.json"),
                   str(tmp_path / "z.HTML")]


def test_each_file_once_and_argument_order_kept(tmp_path):
    make_tree(tmp_path)
    a = str(tmp_path / "a.txt")
    got = paths(iter_inputs([a, str(tmp_path), a]))
    assert got[0] == a
    assert got.count(a) == 1
    assert len(got) == len(set(got)) == 4


def test_named_file_read_whatever_its_extension_and_hidden(tmp_path):
    make_tree(tmp_path)
    p = tmp_path / "b" / "notes.docx"
    assert paths(iter_inputs([str(p), str(tmp_path / ".hidden.txt")])) == [str(p), str(tmp_path / ".hidden.txt")]
    (e,) = list(read_path(p))
    assert isinstance(e, ReadError) and e.reason.startswith("binary file")


def test_globs(tmp_path):
    make_tree(tmp_path)
    got = paths(iter_inputs([str(tmp_path / "**" / "*.md"), str(tmp_path / "*.txt")]))
    assert got == [str(tmp_path / "b" / "c.md"), str(tmp_path / "a.txt")]
    (err,) = list(iter_inputs([str(tmp_path / "nothing-*.txt")]))
    assert isinstance(err, ReadError) and err.reason == "no files match"


def test_missing_path_and_empty_arg(tmp_path):
    out = list(iter_inputs([str(tmp_path / "missing.txt"), ""]))
    assert [type(x) for x in out] == [ReadError, ReadError]
    assert out[0].reason == "no such file or directory"


def test_symlink_loops_do_not_hang(tmp_path):
    make_tree(tmp_path)
    os.symlink(tmp_path, tmp_path / "b" / "loop")            # a folder pointing at its ancestor
    os.symlink(tmp_path / "b", tmp_path / "b2")               # a second way into the same folder
    os.symlink("self.txt", tmp_path / "self.txt")             # a link to itself
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    out = list(iter_inputs([str(tmp_path)]))
    got = paths(out)
    assert len(got) == len(set(got)) == 4                     # nothing twice, nothing endless
    errors = {os.path.basename(e.source): e.reason for e in out if isinstance(e, ReadError) and not e.skipped}
    assert errors == {"self.txt": "symbolic link loop", "dangling.txt": "broken symbolic link"}


def test_fifo_is_not_read(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert paths(iter_inputs([str(tmp_path)])) == []
    (e,) = list(iter_inputs([str(fifo)]))
    assert isinstance(e, ReadError) and e.reason == "not a regular file"
    (e2,) = list(read_path(fifo))
    assert e2.reason == "not a regular file"


def test_unreadable_file_and_folder(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(article())
    d = tmp_path / "locked"
    d.mkdir()
    (d / "x.txt").write_text(article())
    p.chmod(0)
    d.chmod(0)
    try:
        out = list(iter_inputs([str(tmp_path)]))
        read = list(read_path(p))
    finally:
        p.chmod(0o644)
        d.chmod(0o755)
    if IS_ROOT:
        return  # root reads anything: nothing to assert beyond "no exception"
    assert ReadError(str(p), "permission denied") in out
    assert ReadError(str(d), "permission denied") in out
    assert read == [ReadError(str(p), "permission denied")]


@pytest.mark.parametrize("name", ["with space.txt", "ünïcødé – 日本.txt", "-leading-dash.txt", "--.txt",
                                  "semi;colon'quote\".txt", "new\nline.txt"])
def test_odd_file_names(tmp_path, name):
    p = tmp_path / name
    p.write_text(article())
    assert paths(iter_inputs([str(tmp_path)])) == [str(p)]
    (a,) = list(read_path(p))
    # the source is the path, with control characters written as visible escapes
    assert isinstance(a, Article) and a.source == str(p).replace("\n", "\\n") and a.title == "Harbour reopens"


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "empty file"),
        ("ws.txt", b"  \n\t\r\n   \n", "empty file"),
        ("ws.json", b"  \n ", "empty file"),
        ("empty.jsonl", b"\n\n", "empty file"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file (PNG image)"),
        ("nuls.txt", b"\x00" * 500, "binary file (NUL bytes)"),
        ("ctrl.txt", bytes(range(1, 9)) * 60, "binary file (control bytes)"),
        ("gz.json", b"\x1f\x8b\x08\x00" + bytes(100), "binary file (gzip archive)"),
        ("png.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
        ("escapes.txt", b"\x1b[0m\x1b]0;title\x07   \n", "no article text"),
    ],
)
def test_bad_inputs_give_one_line_reasons(tmp_path, name, data, reason):
    p = tmp_path / name
    p.write_bytes(data)
    out = list(read_path(p))
    assert len(out) == 1 and isinstance(out[0], ReadError), out
    assert out[0].reason == reason
    assert out[0].source == str(p)


def test_directory_given_to_read_path(tmp_path):
    (e,) = list(read_path(tmp_path))
    assert e.reason == "is a directory"


@pytest.mark.slow
def test_twenty_megabyte_article(tmp_path):
    p = tmp_path / "big.txt"
    para = ("The committee heard evidence from many witnesses about the budget. " * 15).strip()
    with open(p, "w", encoding="utf-8") as f:
        f.write("Very long report\n\n")
        while f.tell() < 20 * 1024 * 1024:
            f.write(para + "\n\n")
    (a,) = list(read_path(p))
    assert isinstance(a, Article)
    assert a.title == "Very long report"
    assert len(a.body) > 19 * 1024 * 1024


def test_one_megabyte_single_line(tmp_path):
    p = tmp_path / "line.txt"
    p.write_text("Headline\n\n" + "word " * 210_000)
    (a,) = list(read_path(p))
    assert isinstance(a, Article) and len(a.body) > 1_000_000 and "\n" not in a.body


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    p = tmp_path / "huge.html"
    with open(p, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)   # sparse: no disk space used
    (e,) = list(read_path(p))
    assert e.reason.startswith("file too large")


def test_big_json_that_is_really_jsonl_is_streamed(tmp_path, monkeypatch):
    import ingest.readers as r

    monkeypatch.setattr(r, "MAX_FILE_BYTES", 1000)
    p = tmp_path / "big.json"
    p.write_text("".join(f'{{"title": "t{i}", "body": "b{i}"}}\n' for i in range(200)))
    out = list(read_path(p))
    assert len(out) == 200 and all(isinstance(a, Article) for a in out)


def test_import_is_light():
    code = ("import sys, ingest.readers, ingest.sanitize; "
            "heavy = [m for m in ('trafilatura', 'feedparser', 'lxml', 'charset_normalizer', 'dateutil', "
            "'textual', 'rich') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=True)
    assert out.stdout.strip() == "[]"


# --- property: never raises ---------------------------------------------------------

_SEEDS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<?xml version='1.0'?><rss><channel><item>", b"<html><body><p>",
          b"{\"title\": ", b"[{", b"---\ntitle: x\n---\n", b"# H\n\n", b"By Ann Lee\n", b"\x89PNG\r\n\x1a\n",
          b"<feed xmlns='http://www.w3.org/2005/Atom'><entry>", b"\x1b]52;c;"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(_SEEDS), data=st.binary(max_size=600),
       ext=st.sampled_from([".txt", ".json", ".jsonl", ".html", ".xml", ".md", ".rss", ""]))
def test_read_path_never_raises_on_arbitrary_bytes(tmp_path, prefix, data, ext):
    p = tmp_path / f"fuzz{ext}"
    p.write_bytes(prefix + data)
    out = list(read_path(p))
    assert out, "every file gives at least one result"
    for r in out:
        assert isinstance(r, (Article, ReadError))
        if isinstance(r, ReadError):
            assert r.reason and "\n" not in r.reason
            assert not r.reason.startswith("could not read"), r   # no unexpected exception inside
        else:
            assert r.body
            for field in (r.body, r.title or "", r.byline or "", r.source):
                assert "\x1b" not in field and "\x00" not in field
                field.encode("utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=400), ext=st.sampled_from([".txt", ".md", ".json", ".html"]))
def test_read_path_never_raises_on_arbitrary_text(tmp_path, text, ext):
    p = tmp_path / f"t{ext}"
    p.write_bytes(text.encode("utf-8", "surrogatepass"))
    for r in read_path(p):
        assert isinstance(r, (Article, ReadError))
        if isinstance(r, ReadError):
            assert not r.reason.startswith("could not read"), r


# --- inputs that are not articles (issue 18) ------------------------------------------------------

def test_a_folders_readme_license_and_other_files_are_skipped_and_named(tmp_path):
    (tmp_path / "story.txt").write_text(article(), encoding="utf-8")
    for name in ("README.md", "README.TXT", "LICENSE", "CHANGELOG.md"):
        (tmp_path / name).write_text("About this folder.\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    out = list(iter_inputs([str(tmp_path)]))
    assert [p.name for p in out if isinstance(p, Path)] == ["story.txt"]
    skipped = {os.path.basename(e.source) for e in out if isinstance(e, ReadError) and e.skipped}
    assert skipped == {"README.md", "README.TXT", "LICENSE", "CHANGELOG.md", "photo.jpg"}


def test_sgml_markup_is_refused_with_its_reason(tmp_path):
    p = tmp_path / "reut2-000.sgm"
    p.write_text('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS NEWID="1"><TEXT><TITLE>Cocoa'
                 '</TITLE><BODY>Showers continued.</BODY></TEXT></REUTERS>\n', encoding="utf-8")
    (e,) = list(read_path(p))
    assert isinstance(e, ReadError) and not e.skipped
    assert "not HTML, RSS or Atom" in e.reason and "lewis" in e.reason


def test_csv_with_a_header_gives_one_article_per_row(tmp_path):
    p = tmp_path / "news.csv"
    p.write_text('title,text,date,url\n'
                 '"Flood hits town","The river rose fast, the mayor said.",2024-03-01,https://example.test/a\n'
                 '"Bridge reopens","Traffic returned on Monday.",,\n'
                 '"Empty","",,\n', encoding="utf-8")
    out = list(read_path(p))
    arts = [a for a in out if isinstance(a, Article)]
    assert [(a.title, a.body) for a in arts] == [
        ("Flood hits town", "The river rose fast, the mayor said."),
        ("Bridge reopens", "Traffic returned on Monday.")]
    assert arts[0].published.startswith("2024-03-01") and arts[0].url == "https://example.test/a"
    (bad,) = [e for e in out if isinstance(e, ReadError)]
    assert bad.source.endswith("#row4")


def test_csv_without_such_a_header_is_refused(tmp_path):
    p = tmp_path / "numbers.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    (e,) = list(read_path(p))
    assert isinstance(e, ReadError) and "header" in e.reason
