"""Convert Reuters-21578 (raw SGML) to JSONL records the JSONL reader ingests.

One record per article that has a BODY:
    {"id", "url", "title", "body", "date", "places"}
``body`` starts with the article's dateline ("BRUSSELS, March 3 - ...") because that is how
the wire story reads, and it is the only place most US stories name where they come from.
``places`` keeps Reuters' own lowercase codes; :data:`PLACE_ISO3` maps them to ISO 3166
alpha-3 for scoring the country extractor (bench/quality_places.py).

Usage: python bench/reuters.py OUT.jsonl [CORPUS_DIR]
"""
from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared")) / "corpora" / "reuters21578"

_REUTERS = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_FIELD = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
          for name in ("DATE", "PLACES", "TITLE", "DATELINE", "BODY")}
_D = re.compile(r"<D>(.*?)</D>", re.S)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|apos|#\d+);")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})")
_MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}

# Reuters PLACES codes -> ISO 3166 alpha-3.  Dissolved states keep their historic code
# (ussr SUN, east-germany DDR, czechoslovakia CSK, yugoslavia YUG, yemen-demo-republic YMD);
# renamed ones map to today's code (west-germany DEU, zaire COD, burma MMR, kampuchea KHM),
# the same choices ingest/extract/countries.py makes.
_SPECIAL = {
    "usa": "USA", "uk": "GBR", "ussr": "SUN", "west-germany": "DEU", "east-germany": "DDR",
    "czechoslovakia": "CSK", "yugoslavia": "YUG", "zaire": "COD", "burma": "MMR",
    "kampuchea": "KHM", "uae": "ARE", "ivory-coast": "CIV", "south-korea": "KOR",
    "north-korea": "PRK", "yemen-arab-republic": "YEM", "yemen-demo-republic": "YMD",
    "western-samoa": "WSM", "trinidad-tobago": "TTO", "vatican": "VAT",
    "us-virgin-islands": "VIR", "british-virgin-islands": "VGB", "macao": "MAC",
    "swaziland": "SWZ", "netherlands-antilles": "ANT", "hong-kong": "HKG", "taiwan": "TWN",
    "iran": "IRN", "syria": "SYR", "vietnam": "VNM", "laos": "LAO", "tanzania": "TZA",
    "venezuela": "VEN", "bolivia": "BOL", "brunei": "BRN", "cape-verde": "CPV",
    "congo": "COG", "russia": "RUS", "turkey": "TUR", "micronesia": "FSM",
    "guinea-bissau": "GNB",
}


def _build_place_map() -> dict[str, str]:
    import pycountry

    out = dict(_SPECIAL)
    listing = CORPUS / "all-places-strings.lc.txt"
    codes = listing.read_text(encoding="latin-1").split() if listing.exists() else []
    for code in codes:
        if code in out:
            continue
        name = code.replace("-", " ")
        try:
            out[code] = pycountry.countries.lookup(name).alpha_3
        except LookupError:
            try:
                out[code] = pycountry.countries.search_fuzzy(name)[0].alpha_3
            except LookupError:
                pass
    return out


_PLACE_ISO3: dict[str, str] | None = None


def place_iso3(code: str) -> str | None:
    """ISO3 for one Reuters PLACES code ("west-germany" -> "DEU"), None when unknown."""
    global _PLACE_ISO3
    if _PLACE_ISO3 is None:
        _PLACE_ISO3 = _build_place_map()
    return _PLACE_ISO3.get(code)


def places_to_iso3(codes: list[str]) -> list[str]:
    """ISO3 codes for a record's PLACES, order kept, unknown codes dropped."""
    out: list[str] = []
    for c in codes:
        iso = place_iso3(c)
        if iso and iso not in out:
            out.append(iso)
    return out


def _unescape(s: str) -> str:
    def rep(m: re.Match) -> str:
        e = m.group(1)
        if e[0] == "#":
            return chr(int(e[1:]))
        return {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}[e]

    return _CONTROL.sub("", _ENTITY.sub(rep, s))


def _unwrap(body: str) -> str:
    """Undo the wire's fixed-width line wrapping: an indented line starts a paragraph
    (a table row is one too), any other line continues the one before."""
    paras: list[str] = []
    for line in body.split("\n"):
        if not line.strip():
            continue
        if paras and not line[:1].isspace():
            paras[-1] += " " + line.strip()
        else:
            paras.append(line.strip())
    return "\n\n".join(paras)


def _iso_date(raw: str) -> str | None:
    m = _DATE.search(raw)
    if not m:
        return None
    d, mon, y, hh, mm, ss = m.groups()
    try:
        return datetime(int(y), _MONTHS[mon], int(d), int(hh), int(mm), int(ss)).isoformat()
    except (KeyError, ValueError):
        return None


def records(corpus: Path = CORPUS):
    """Yield one dict per article with a BODY, in file order."""
    for path in sorted(corpus.glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for m in _REUTERS.finditer(raw):
            attrs, inner = m.group(1), m.group(2)
            body_m = _FIELD["BODY"].search(inner)
            if not body_m:
                continue
            newid = _NEWID.search(attrs).group(1)
            field = {k: (rx.search(inner).group(1) if rx.search(inner) else "")
                     for k, rx in _FIELD.items() if k != "BODY"}
            title = " ".join(_unescape(field["TITLE"]).split())
            dateline = " ".join(_unescape(field["DATELINE"]).split())
            body = _unwrap(_unescape(body_m.group(1)))
            if dateline:
                body = f"{dateline} {body}"
            yield {
                "id": f"reuters21578-{newid}",
                "url": f"urn:reuters21578:{newid}",
                "title": title or None,
                "body": body,
                "date": _iso_date(field["DATE"]),
                "places": _D.findall(field["PLACES"]),
            }


def convert(out_path: str | Path, corpus: Path = CORPUS) -> int:
    """Write the JSONL file; returns the number of records written."""
    n = 0
    with open(out_path, "w", encoding="utf-8") as fh:
        for rec in records(corpus):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    corpus = Path(argv[1]) if len(argv) > 1 else CORPUS
    if not corpus.exists():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 1
    n = convert(argv[0], corpus)
    print(f"{n} records -> {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
