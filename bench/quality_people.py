"""A random sample of the people found in Reuters-21578 articles (``bench/out/reuters.jsonl``)
or the BBC corpus, each with the text around its first mention, to judge by hand: is each one
a person named as one? (Reuters has no gold people; the share of persons is the precision.)

    python bench/quality_people.py [--corpus reuters|bbc] [-n 2000] [--sample 100] [--seed 26]

The draw is by a hash of each person's article (its position among the first N, as printed)
and name (``quality_bbc.sample_key``): a change that adds or drops a few people elsewhere
leaves the rest of the sample as it was.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_diff import corpora  # noqa: E402
from bench.quality_bbc import _around, sample_key  # noqa: E402
from ingest.extract.document import Document  # noqa: E402
from ingest.extract.people import extract_people  # noqa: E402


def sample(corpus: str, n: int, size: int, seed: int) -> tuple[int, int, list[tuple[str, str, str | None, str]]]:
    """(articles, people found, [(source, name, role, text around the first mention)])."""
    arts = corpora(n if corpus == "reuters" else 0, n if corpus == "bbc" else 0)[corpus]
    found = []
    for i, a in enumerate(arts):
        for p in extract_people(Document(a.body)):
            s, e = p.mentions[0]
            found.append((f"{i:05d}", p.name, p.role, _around(a.body, s, e, 100)))
    return len(arts), len(found), sorted(found, key=lambda item: sample_key(seed, *item[:2]))[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["reuters", "bbc"], default="reuters")
    ap.add_argument("-n", type=int, default=2000, help="the first N articles")
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args()
    arts, found, items = sample(args.corpus, args.n, args.sample, args.seed)
    print(f"{args.corpus}: {arts} articles, {found} people; sample of {len(items)} (seed {args.seed})")
    for k, (src, name, role, around) in enumerate(items, 1):
        print(f"{k:3d}. [{src}] {name}" + (f" ({role})" if role else "") + f"\n     {around}")


if __name__ == "__main__":
    main()
