"""Benchmark corpora: Reuters-21578 as JSONL, and a deterministic scale corpus built from it.

The scale corpus is what a user with years of wire copy would have: copy ``k`` of every base
article has every year in its date, title and text shifted by ``k`` (1987 -> 1987+k) and a
reference line of its own ("Ref: BRF-<k>-<id>"), so no two texts are equal and FTS, dedup
and the content hash all see distinct articles. Records are laid out copy-major, so the first
N records of the 200k corpus are the corpus at scale N (growth runs compare like with like).

Everything is cached under ``bench/out/`` (git-ignored) and rebuilt only when missing.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
from pathlib import Path
from typing import Iterable, Iterator

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
REUTERS_SGML = SHARED / "corpora" / "reuters21578"

# a four-digit year from 1800 to 2099 standing alone, with a crop/fiscal "/87" suffix if any
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?:/(\d\d))?(?!\d)")


# ---- base corpus -------------------------------------------------------------------------
def reuters_jsonl(out_dir: Path = OUT) -> Path:
    """Reuters-21578 articles with a body as JSONL (converted once by bench/reuters.py)."""
    path = out_dir / "reuters.jsonl"
    if path.exists() and path.stat().st_size > 0:
        return path
    if not REUTERS_SGML.is_dir():
        raise FileNotFoundError(f"Reuters-21578 not found at {REUTERS_SGML}")
    from bench.reuters import convert

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".jsonl.tmp")
    convert(tmp)
    tmp.replace(path)
    return path


_PEOPLE = ["Marta Velloso", "Ingrid Solberg", "Tomasz Wrobel", "Amadou Keita", "Lena Hartmann",
           "Rafael Quintero", "Yuki Tanabe", "Oskar Lindqvist"]
_ROLES = ["finance minister", "central bank governor", "trade spokesman", "oil minister", "chief economist"]
_PLACES = [("Brazil", "bra"), ("Norway", "nor"), ("Poland", "pol"), ("Mali", "mli"), ("Germany", "deu"),
           ("Chile", "chl"), ("Japan", "jpn"), ("Sweden", "swe")]
_TOPICS = ["oil prices", "interest rates", "the trade deficit", "coffee exports", "wheat harvests",
           "the dollar", "gold reserves", "bank lending", "sugar quotas", "crude output"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def synthetic_records(n: int, seed: int = 7) -> list[dict]:
    """Invented wire stories in the Reuters JSONL shape, for tests and for runs without Reuters.

    Each has a dateline, a quote with a speaker and a role, a country, a dated event and a
    figure, so every extractor has something to find.
    """
    rnd = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        person, role = rnd.choice(_PEOPLE), rnd.choice(_ROLES)
        (country, code), topic = rnd.choice(_PLACES), rnd.choice(_TOPICS)
        month, day = rnd.randrange(12), rnd.randrange(1, 28)
        pct = rnd.randrange(1, 90) / 10
        body = (
            f"OSLO, {_MONTHS[month]} {day} - {country} said on Tuesday that {topic} would rise "
            f"by {pct} pct in 1987 after a weak 1986.\n\n"
            f'"We expect {topic} to stabilise before the end of the year," {person}, {country}\'s {role}, '
            f"told reporters. {person.split()[-1]} added that talks would resume on {_MONTHS[(month + 1) % 12]} "
            f"{day}, 1987.\n\n"
            f"The government pledged {rnd.randrange(2, 900)} mln dlrs to support {topic}, "
            f"equal to {pct / 2:.1f} pct of gross domestic product.\n\nReuter"
        )
        out.append({
            "id": str(i), "url": f"synthetic://wire/{i}",
            "title": f"{country.upper()} SEES {topic.upper()} RISING IN 1987",
            "body": body, "date": f"1987-{month + 1:02d}-{day:02d}T10:00:00", "places": [code],
        })
    return out


# ---- scale corpus ------------------------------------------------------------------------
def shift_years(text: str | None, k: int) -> str | None:
    """Every four-digit year moved forward by ``k``."""
    if not text or k == 0:
        return text

    def shift(m: re.Match) -> str:
        year = str(int(m.group(1)) + k)
        return year if m.group(2) is None else f"{year}/{(int(m.group(2)) + k) % 100:02d}"

    return _YEAR.sub(shift, text)


def scaled(base: list[dict], n: int) -> Iterator[dict]:
    """The first ``n`` records of the scale corpus built from ``base`` (copy-major order)."""
    if not base:
        raise ValueError("empty base corpus")
    produced = 0
    k = 0
    while produced < n:
        for r in base:
            if produced >= n:
                return
            rid = str(r.get("id", produced))
            url = r.get("url") or f"bench://{rid}"
            out = dict(r)
            out["id"] = rid if k == 0 else f"{rid}-{k}"
            out["url"] = url if k == 0 else f"{url}?copy={k}"
            out["title"] = shift_years(r.get("title"), k)
            out["date"] = shift_years(r.get("date"), k)
            body = shift_years(r.get("body") or "", k).rstrip()
            out["body"] = f"{body}\n\nRef: BRF-{k}-{rid}\n"
            produced += 1
            yield out
        k += 1


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, records: Iterable[dict]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False))
            f.write("\n")
            n += 1
    tmp.replace(path)
    return n


def base_records(source: str = "reuters", out_dir: Path = OUT, synthetic_n: int = 200) -> tuple[str, list[dict]]:
    """The base corpus and its name: Reuters when available (or asked), else synthetic."""
    if source == "synthetic":
        return f"synthetic{synthetic_n}", synthetic_records(synthetic_n)
    return "reuters", read_jsonl(reuters_jsonl(out_dir))


def scale_jsonl(n: int, base_name: str, base: list[dict], out_dir: Path = OUT) -> Path:
    """The scale corpus of ``n`` records as one JSONL file (cached)."""
    path = out_dir / f"{base_name}-{n}.jsonl"
    if not (path.exists() and path.stat().st_size > 0):
        write_jsonl(path, scaled(base, n))
    return path


def distinct_texts(records: Iterable[dict]) -> bool:
    """True when no two records share a body (what the scale corpus promises)."""
    seen: set[bytes] = set()
    for r in records:
        h = hashlib.sha1((r.get("body") or "").encode("utf-8")).digest()
        if h in seen:
            return False
        seen.add(h)
    return True


def text_files(jsonl: Path, out_dir: Path | None = None) -> Path:
    """The corpus as one .txt file per article (title + body): what ripgrep users search."""
    out_dir = out_dir or jsonl.with_name(jsonl.stem + "-files")
    done = out_dir / ".complete"
    if done.exists():
        return out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(jsonl, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if not line.strip():
                continue
            r = json.loads(line)
            sub = out_dir / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(exist_ok=True)
            (sub / f"{i:07d}.txt").write_text(f"{r.get('title') or ''}\n\n{r.get('body') or ''}", encoding="utf-8")
    done.write_text("ok\n")
    return out_dir
