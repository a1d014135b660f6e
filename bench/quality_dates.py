"""Measured quality of dated timeline entries on TimeML news with gold dates.

Each ``.tml`` document under ../shared/corpora/dates-gold (TempEval-3 training data:
TimeBank and AQUAINT) is fed as an article whose date is its document creation time (DCT),
its text being the ``<TEXT>`` element with the tags removed. The timeline entries
``extract_events`` makes are then compared with the document's gold ``TIMEX3 type="DATE"``
values that name a calendar date (``1998-08-07``, ``1998-08``, ``1998``, ``1998-Q3``, ``1998-H2``,
``1998-W32``; a trailing unknown part is dropped, so ``1968-XX`` is the year 1968;
``PRESENT_REF``, ``XXXX-…`` and the like are not dates an entry can carry):

  * precision: the share of entries whose date, at its precision, is a gold value of the
    same document (a quarter entry is written ``YYYY-Qn``, a week entry ``YYYY-Www``);
  * recall: the share of the documents' distinct gold values that some entry carries.

A range entry ("June 24-25") is compared by its first day; for recall it carries its last
day (month, year) too. Halves are written ``YYYY-H1``/``YYYY-H2``. Prints a table and a JSON line;
``run() -> dict``. Usage: python bench/quality_dates.py [--set DIR] [--errors N]
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

GOLD_DIR = REPO.parent / "shared" / "corpora" / "dates-gold"

_DCT = re.compile(r'<DCT>\s*<TIMEX3[^>]*\bvalue="(\d{4}-\d\d-\d\d)')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_TAG = re.compile(r"<[^>]+>")
_TIMEX_DATE = re.compile(r'<TIMEX3\b[^>]*\btype="DATE"[^>]*\bvalue="([^"]+)"')
_GOLD_VALUE = re.compile(r"\d{4}(?:-(?:\d\d(?:-\d\d)?|Q[1-4]|H[12]|W\d\d?))?")
_WEEK = re.compile(r"-W(\d)$")
_UNKNOWN_PART = re.compile(r"(?:-XX)+$")      # "1968-XX": the year 1968, its month not known


def read_doc(path: Path) -> tuple[str, str, set[str]] | None:
    """(article date, plain text, gold DATE values) of one TimeML file, or None without a DCT."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    dct = _DCT.search(raw)
    body = _TEXT.search(raw)
    if dct is None or body is None:
        return None
    inner = body.group(1)
    values = (_UNKNOWN_PART.sub("", v) for v in _TIMEX_DATE.findall(inner))
    gold = {_WEEK.sub(r"-W0\1", v) for v in values if _GOLD_VALUE.fullmatch(v)}
    text = html.unescape(_TAG.sub("", inner)).strip()
    return dct.group(1), text, gold


_TIMEX_SPAN = re.compile(r'(<TIMEX3\b[^>]*>)(.*?)</TIMEX3>', re.S)
_VALUE_ATTR = re.compile(r'\bvalue="([^"]+)"')


def gold_spans(path: Path) -> dict[str, list[str]]:
    """Each gold DATE value of a document with the words it was written as (for --errors)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    body = _TEXT.search(raw)
    out: dict[str, list[str]] = {}
    for tag, inner in _TIMEX_SPAN.findall(body.group(1) if body else ""):
        v = _VALUE_ATTR.search(tag)
        if 'type="DATE"' not in tag or v is None:
            continue
        value = _WEEK.sub(r"-W0\1", _UNKNOWN_PART.sub("", v.group(1)))
        out.setdefault(value, []).append(html.unescape(_TAG.sub("", inner)))
    return out


def _context(text: str, start: int, stop: int, width: int = 50) -> str:
    """The words around an expression, the expression in [brackets], on one line."""
    left = text[max(0, start - width):start]
    right = text[stop:stop + width]
    return " ".join(f"{left}[{text[start:stop]}]{right}".split())


def entry_value(date_: str, precision: str, date_end: str | None) -> str:
    """An entry's date written as TimeML writes it (quarters and weeks included)."""
    if precision == "week":
        y, w, _ = date.fromisoformat(date_).isocalendar()
        return f"{y:04d}-W{w:02d}"
    if precision == "month" and date_end and len(date_end) == 7:
        y, m = int(date_[:4]), int(date_[5:7])
        y2, m2 = int(date_end[:4]), int(date_end[5:7])
        if y == y2 and m2 - m == 2 and (m - 1) % 3 == 0:
            return f"{y:04d}-Q{(m - 1) // 3 + 1}"
        if y == y2 and m2 - m == 5 and m in (1, 7):
            return f"{y:04d}-H{1 if m == 1 else 2}"
    return date_


def range_end_value(date_: str, precision: str, date_end: str | None) -> str | None:
    """The last day, month or year of a range entry ("between 1994 and 1997", "April 24 and
    25"), which it carries too; None for a quarter, a half or a single date."""
    if not date_end or entry_value(date_, precision, date_end) != date_:
        return None
    return date_end


def run(gold_dir: Path = GOLD_DIR, errors: int = 0) -> dict | None:
    from ingest.extract.events import extract_events

    files = sorted(gold_dir.rglob("*.tml")) if gold_dir.exists() else []
    if not files:
        return None
    right = entries = found = gold_total = docs = 0
    wrong: list[tuple[str, str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    for path in files:
        doc = read_doc(path)
        if doc is None:
            continue
        dct, text, gold = doc
        docs += 1
        events, _ = extract_events(text, dct, [], [])
        got = set()
        for ev in events:
            v = entry_value(ev.date, ev.precision, ev.date_end)
            got.add(v)
            last = range_end_value(ev.date, ev.precision, ev.date_end)
            if last is not None:
                got.add(last)
            entries += 1
            if v in gold:
                right += 1
            elif len(wrong) < errors:
                ctx = _context(text, ev.date_start, ev.date_stop) if ev.date_start is not None else ""
                wrong.append((path.name, v, dct, ctx))
        gold_total += len(gold)
        found += len(gold & got)
        lost = sorted(gold - got)
        if lost and len(missed) < errors:
            spans = gold_spans(path)
            for v in lost[:errors - len(missed)]:
                missed.append((path.name, v, " | ".join(spans.get(v, []))))
    out = {
        "documents": docs,
        "entries": entries,
        "precision": right / entries if entries else 1.0,
        "gold_dates": gold_total,
        "recall": found / gold_total if gold_total else 1.0,
    }
    if errors:
        out["wrong"] = wrong
        out["missed"] = missed
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=GOLD_DIR, help="folder of .tml files (default: dates-gold)")
    ap.add_argument("--errors", type=int, default=0, help="list up to N wrong entries (in context) and N missed gold dates (with their words)")
    args = ap.parse_args()
    res = run(args.set, args.errors)
    if res is None:
        print(f"no .tml files under {args.set}", file=sys.stderr)
        sys.exit(1)
    for name, v, dct, ctx in res.get("wrong", []):
        print(f"wrong   {name} (dated {dct}): {v:<10} {ctx}")
    for name, v, words in res.get("missed", []):
        print(f"missed  {name}: {v:<10} {words!r}")
    print(f"documents {res['documents']}  entries {res['entries']}  dated entries right {res['precision']:.3f}"
          f"  gold dates {res['gold_dates']}  found {res['recall']:.3f}")
    print(json.dumps({k: v for k, v in res.items() if k not in ("wrong", "missed")}))


if __name__ == "__main__":
    main()
