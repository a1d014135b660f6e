"""Tables built from package data are kept on disk, and built again whenever what they are
built from changes, or the stored copy cannot be used."""
from __future__ import annotations

import os

import pytest

from ingest import datacache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(d))
    return d


def _counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_built_once_then_read_back(cache, tmp_path):
    src = tmp_path / "rules.py"
    src.write_text("A = 1\n")
    build, calls = _counting({"x": frozenset({"a"})})
    assert datacache.load_or_build("t", build, files=[src]) == {"x": frozenset({"a"})}
    assert datacache.load_or_build("t", build, files=[src]) == {"x": frozenset({"a"})}
    assert len(calls) == 1
    assert len(list(cache.glob("t-*.pickle"))) == 1


def test_a_changed_source_builds_afresh_and_replaces_the_old_entry(cache, tmp_path):
    src = tmp_path / "rules.py"
    src.write_text("A = 1\n")
    datacache.load_or_build("t", lambda: "old", files=[src])
    src.write_text("A = 2\n")
    assert datacache.load_or_build("t", lambda: "new", files=[src]) == "new"
    assert len(list(cache.glob("t-*.pickle"))) == 1
    assert datacache.load_or_build("t", lambda: "never", files=[src]) == "new"


def test_a_corrupt_entry_is_built_again(cache, tmp_path):
    datacache.load_or_build("t", lambda: [1, 2])
    (entry,) = cache.glob("t-*.pickle")
    entry.write_bytes(b"\x80\x05not a pickle")
    assert datacache.load_or_build("t", lambda: [3]) == [3]
    assert datacache.load_or_build("t", lambda: [4]) == [3]      # and stored again


def test_no_cache_where_it_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "sub"))
    build, calls = _counting("v")
    assert datacache.load_or_build("t", build) == "v"
    assert datacache.load_or_build("t", build) == "v"
    assert len(calls) == 2
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_an_unreadable_source_means_build_and_keep_nothing(cache, tmp_path):
    build, calls = _counting("v")
    assert datacache.load_or_build("t", build, files=[tmp_path / "missing.py"]) == "v"
    assert not cache.exists() or not list(cache.iterdir())


def test_a_reinstalled_package_changes_the_key(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "fakepkg").mkdir(parents=True)
    (site / "fakepkg" / "__init__.py").write_text("")
    meta = site / "fakepkg-1.0.dist-info"
    meta.mkdir()
    (meta / "RECORD").write_text("fakepkg/__init__.py,,0\n")
    monkeypatch.syspath_prepend(str(site))
    before = datacache.package_stamp("fakepkg")
    (meta / "RECORD").write_text("fakepkg/__init__.py,,0\nfakepkg/data.json,,10\n")
    after = datacache.package_stamp("fakepkg")
    meta.rename(site / "fakepkg-2.0.dist-info")
    upgraded = datacache.package_stamp("fakepkg")
    assert len({before, after, upgraded}) == 3
    assert datacache.package_stamp("no_such_package_here") == "no_such_package_here:absent"


def test_a_package_without_metadata_is_stamped_by_its_files(tmp_path, monkeypatch):
    site = tmp_path / "src"
    (site / "barepkg").mkdir(parents=True)
    data = site / "barepkg" / "data.txt"
    data.write_text("one")
    (site / "barepkg" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(site))
    before = datacache.package_stamp("barepkg")
    data.write_text("one two")
    assert datacache.package_stamp("barepkg") != before


_GAZETTEER_DIGEST = """
import hashlib, sys
from ingest.extract import countries
if sys.argv[1] == "read-back":
    def built_again(self, *a, **k):
        raise RuntimeError("built again instead of read back")
    countries.Gazetteer.build = built_again
def canon(v):
    if isinstance(v, (set, frozenset)):
        return sorted(map(canon, v), key=repr)
    if isinstance(v, dict):
        return sorted(((canon(k), canon(x)) for k, x in v.items()), key=repr)
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    return repr(v)
g = countries.Gazetteer() if sys.argv[1] == "fresh" else countries.gazetteer()
print(hashlib.sha256(repr(canon(vars(g))).encode()).hexdigest())
"""


@pytest.mark.slow
def test_the_gazetteer_read_back_is_the_one_built(cache):
    """What extraction uses from the cache equals a fresh build, field by field, and reading
    it back builds nothing (each step a fresh interpreter: nothing held in memory between)."""
    import subprocess
    import sys

    def digest(step: str) -> str:
        env = dict(os.environ, BRIEFING_CACHE_DIR=str(cache))
        return subprocess.run([sys.executable, "-c", _GAZETTEER_DIGEST, step], env=env, check=True,
                              capture_output=True, text=True).stdout.strip()

    fresh = digest("fresh")
    assert digest("store") == fresh                        # builds and stores
    stored = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert len(stored) == 1
    assert digest("read-back") == fresh
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")} == stored     # none written again


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFING_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datacache.cache_dir() == os.path.join(str(tmp_path / "xdg"), "briefing")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert datacache.cache_dir().endswith(os.path.join(".cache", "briefing"))
