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
    before = datacache._package_stamp("fakepkg")
    (meta / "RECORD").write_text("fakepkg/__init__.py,,0\nfakepkg/data.json,,10\n")
    after = datacache._package_stamp("fakepkg")
    meta.rename(site / "fakepkg-2.0.dist-info")
    upgraded = datacache._package_stamp("fakepkg")
    assert len({before, after, upgraded}) == 3
    assert datacache._package_stamp("no_such_package_here") == "no_such_package_here:absent"


def test_a_package_without_metadata_is_stamped_by_its_files(tmp_path, monkeypatch):
    site = tmp_path / "src"
    (site / "barepkg").mkdir(parents=True)
    data = site / "barepkg" / "data.txt"
    data.write_text("one")
    (site / "barepkg" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(site))
    before = datacache._package_stamp("barepkg")
    data.write_text("one two")
    assert datacache._package_stamp("barepkg") != before


@pytest.mark.slow
def test_the_gazetteer_read_back_is_the_one_built(cache, monkeypatch):
    """What extraction uses from the cache equals a fresh build, field by field, and reading
    it back builds nothing."""
    from ingest.extract import countries

    fresh = countries._Tables()
    monkeypatch.setattr(countries, "_TABLES", None)
    countries._tables()                                   # builds and stores
    stored = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert len(stored) == 1

    def gone(*_a, **_k):
        raise RuntimeError("built again instead of read back")

    monkeypatch.setattr(countries._Tables, "_build", gone)
    monkeypatch.setattr(countries, "_TABLES", None)
    loaded = countries._tables()
    assert vars(loaded) == vars(fresh)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")} == stored     # none written again


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("BRIEFING_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datacache.cache_dir() == os.path.join(str(tmp_path / "xdg"), "briefing")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert datacache.cache_dir().endswith(os.path.join(".cache", "briefing"))
