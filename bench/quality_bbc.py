"""Quote and people quality on the BBC corpus (../shared/corpora/bbc), which has no gold.

Measures, over every article read as the product reads it (``read_path``, then ``extract``):
  * no-mark share: of the full (non-partial) quotes, the share with no quotation mark on
    either side in the article (the character right before the quote and the one right
    after it are both not quote marks): narrative taken for a quote;
  * articles with at least one such quote; partial share; short (<= 3 words) share;
  * samples for checking by hand (the items whose hash with the seed is lowest, so a rerun
    draws the same ones and a small change elsewhere keeps most of them): ``--quotes N``
    quotes with a named speaker, ``--people N`` people, with the text around each.

Usage: python bench/quality_bbc.py [--quotes 50] [--people 100] [--seed 18] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.extract import extract  # noqa: E402
from ingest.model import Article  # noqa: E402
from ingest.readers import read_path  # noqa: E402

from bench.corpus import SHARED  # noqa: E402

BBC = SHARED / "corpora" / "bbc"
MARKS = set("\"“”'‘’«»„")


def _articles() -> list[Article]:
    out = []
    for p in sorted(BBC.glob("*/*.txt")):
        for a in read_path(p):
            if isinstance(a, Article):
                a.source = str(p.relative_to(BBC))
                out.append(a)
    return out


def _mark_beside(text: str, start: int, end: int) -> bool:
    """A quotation mark right against the quote's first or last character (no space
    between): a mark with a space on the quote's side opens or closes something else."""
    return (start > 0 and text[start - 1] in MARKS) or (end < len(text) and text[end] in MARKS)


def _around(text: str, start: int, end: int, pad: int = 120) -> str:
    return " ".join(text[max(0, start - pad):min(len(text), end + pad)].split())


def sample_key(seed: int, *parts: object) -> str:
    """A sample's sort key: a hash of what an item is, not its position in a list, so that a
    change that adds or drops a few items elsewhere leaves the rest of the sample as it was."""
    return hashlib.sha1(":".join(map(str, (seed, *parts))).encode()).hexdigest()


def run(quotes_n: int = 50, people_n: int = 100, seed: int = 18) -> dict:
    arts = _articles()
    full = nomark = partial = short = total = 0
    bad_articles = set()
    named: list[tuple[Article, object]] = []
    people: list[tuple[Article, object]] = []
    for a in arts:
        x = extract(a)
        for q in x.quotes:
            total += 1
            if q.partial:
                partial += 1
            if len(q.text.split()) <= 3:
                short += 1
            if not q.partial:
                full += 1
                if not _mark_beside(a.body, q.start, q.end):
                    nomark += 1
                    bad_articles.add(a.source)
            if q.speaker and not q.partial:
                named.append((a, q))
        for p in x.people:
            people.append((a, p))
    def key(*parts: object) -> str:
        return sample_key(seed, *parts)

    qs = sorted(named, key=lambda aq: key(aq[0].source, aq[1].start))[:quotes_n]
    ps = sorted(people, key=lambda ap: key(ap[0].source, ap[1].name))[:people_n]
    return {
        "articles": len(arts),
        "quotes": total,
        "full_quotes": full,
        "no_mark_full": nomark,
        "no_mark_share": round(nomark / full, 4) if full else 0.0,
        "articles_with_no_mark_quote": len(bad_articles),
        "partial_share": round(partial / total, 4) if total else 0.0,
        "short_share": round(short / total, 4) if total else 0.0,
        "people": len(people),
        "quote_sample": [
            {"source": a.source, "speaker": q.speaker, "role": q.role, "text": q.text[:300],
             "around": _around(a.body, q.start, q.end)} for a, q in qs],
        "people_sample": [
            {"source": a.source, "name": p.name, "role": p.role,
             "around": _around(a.body, *p.mentions[0], pad=80) if p.mentions else ""}
            for a, p in ps],
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quotes", type=int, default=50)
    ap.add_argument("--people", type=int, default=100)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--out", default=None, help="write the samples as JSON here")
    args = ap.parse_args()
    if not BBC.exists():
        print("BBC corpus not found:", BBC)
        return
    r = run(args.quotes, args.people, args.seed)
    summary = {k: v for k, v in r.items() if not k.endswith("_sample")}
    print(json.dumps(summary, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(r, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
