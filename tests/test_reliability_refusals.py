"""Every refusal is one line with a reason and exit status 1 or 2 (issue 21, item 7)."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

import db
from briefing.cli import MAX_WORKERS, main
from db import queries

TEXT = "Budget talks\n\nThe finance committee met on Tuesday and approved the rail budget.\n"


def _run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as e:                   # argparse's usage errors
        code = e.code
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.fixture
def src(tmp_path):
    d = tmp_path / "src"
    d.mkdir()
    for i in range(3):
        (d / f"a{i}.txt").write_text(TEXT.replace("Tuesday", f"day {i}"), encoding="utf-8")
    return d


@pytest.fixture
def stored(tmp_path, src, capsys):
    path = tmp_path / "x.db"
    assert _run(capsys, "--db", str(path), "ingest", str(src))[0] == 0
    return path


def test_workers_has_an_upper_bound(tmp_path, src, capsys):
    for n in ("99999999999999999999", "0", str(MAX_WORKERS + 1)):
        code, _, err = _run(capsys, "--db", str(tmp_path / "x.db"), "ingest", "--workers", n, str(src))
        assert code == 2 and "--workers" in _one_line(err)
    assert not (tmp_path / "x.db").exists()


def test_a_database_path_under_a_file_or_nowhere_is_one_line(tmp_path, src, capsys):
    (tmp_path / "FILE").write_text("x")
    for bad in (tmp_path / "FILE" / "sub" / "x.db", "/proc/self/nope/x.db"):
        code, _, err = _run(capsys, "--db", str(bad), "ingest", str(src))
        assert code == 1 and str(bad) in _one_line(err)


def test_a_device_or_fifo_is_refused_before_sqlite_touches_it(tmp_path, src, capsys):
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    for bad in ("/dev/null", str(fifo)):
        for command in (["ingest", str(src)], ["articles"]):
            code, _, err = _run(capsys, "--db", bad, *command)
            assert code == 1 and "not a regular file" in _one_line(err)
    assert not os.path.exists("/dev/null-journal") or os.path.getmtime("/dev/null-journal") < os.path.getmtime(fifo)
    assert sorted(os.listdir(tmp_path)) == ["fifo.db", "src"]


def _deny_writes(monkeypatch, under) -> None:
    """What a non-root user meets in a read-only folder (tests may run as root, whom chmod
    does not stop): the access check says no for everything under ``under``."""
    real = os.access

    def access(path, mode, *a, **k):
        if mode & os.W_OK and os.path.abspath(path).startswith(str(under)):
            return False
        return real(path, mode, *a, **k)

    monkeypatch.setattr(db.connection.os, "access", access)


def test_a_database_nobody_may_write_opens_read_only_for_reading(stored, monkeypatch, capsys):
    _deny_writes(monkeypatch, stored.parent)
    c = db.connect(stored, create=False)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        c.execute("CREATE TABLE scratch (x)")
    assert [h.kind for h in queries.search(c, "budget", kind="article")] == ["article"] * 3
    c.close()
    code, out, err = _run(capsys, "--db", str(stored), "search", "rail")
    assert code == 0 and "budget" in out, err


def test_ingest_into_a_read_only_database_says_so_once_up_front(stored, src, monkeypatch, capsys):
    _deny_writes(monkeypatch, stored.parent)
    (src / "new.txt").write_text(TEXT.replace("Tuesday", "Friday"), encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(stored), "ingest", str(src))
    assert code == 1 and "read-only" in _one_line(err) and out == ""


def test_a_database_sqlite_can_open_only_read_only_is_refused_for_writing(stored):
    """The lock probe: a file whose permission this process bypasses no longer (a read-only
    mount) fails once when opened for writing, however the access check answered."""
    conn = sqlite3.connect(f"file:{stored}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(db.DatabaseError, match="read-only"):
        db.connection.check_writes(conn, str(stored))
    conn.close()


@pytest.mark.slow
def test_read_only_folder_and_file_for_real(stored, src, tmp_path):
    """The same with real permissions: as root, with the capabilities that bypass them dropped."""
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: permissions cannot be made to bite")
        caps = "-dac_override,-dac_read_search,-fowner"
        prefix = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]
    os.chmod(stored, 0o444)
    os.chmod(stored.parent, 0o555)
    try:
        def cli(*argv):
            return subprocess.run([*prefix, sys.executable, "-m", "briefing", "--db", str(stored), *argv],
                                  capture_output=True, text=True, env=env, timeout=120)

        r = cli("search", "budget", "--json")
        assert r.returncode == 0, r.stderr
        assert "Budget talks" in r.stdout
        r = cli("ingest", str(src))
        assert r.returncode == 1 and "read-only" in _one_line(r.stderr)
        assert sorted(os.listdir(stored.parent)) == sorted(["x.db", "src"])
    finally:
        os.chmod(stored.parent, 0o755)
        os.chmod(stored, 0o644)


def _full_disk(monkeypatch, spare_pages: int) -> None:
    """A disk with room for ``spare_pages`` more pages: SQLite's max_page_count answers as a
    full disk does (SQLITE_FULL)."""
    real = db.connect

    def connect(*a, **k):
        c = real(*a, **k)
        c.execute(f"PRAGMA max_page_count = {c.execute('PRAGMA page_count').fetchone()[0] + spare_pages}")
        return c

    monkeypatch.setattr(db, "connect", connect)


@pytest.mark.slow
def test_a_full_disk_is_named_and_the_database_keeps_what_it_had(stored, tmp_path, monkeypatch, capsys):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(40):
        words = " ".join(f"word{i}x{j}" for j in range(2000))
        (big / f"b{i}.txt").write_text(f"Long {i}\n\n{words}.\n", encoding="utf-8")
    _full_disk(monkeypatch, 30)
    code, out, err = _run(capsys, "--db", str(stored), "ingest", str(big))
    line = _one_line(err)
    assert code == 1 and "full" in line and "damaged" not in line
    monkeypatch.undo()
    c = db.connect(stored, create=False)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT count(*) FROM articles WHERE source LIKE '%a_.txt'").fetchone()[0] == 3
    c.close()
