"""One huge article, as a user would meet it: `python bench/huge_article.py [--mb 20]`.

Writes a text file of one sentence repeated to ``--mb`` megabytes, ingests it into a fresh
database with the CLI, and times the commands that once took minutes on it (search for its
commonest word, a two-word search, `show`, `show --full`, `show --json`), each a fresh process
as a user runs it. Prints seconds and peak memory (ru_maxrss of the child) per command.
See bench/README.md ("One huge article").
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus  # noqa: E402

SENTENCE = "John Smith and the ministers agreed to review the plan. "


def _timed(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's peak resident MB of one CLI run (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefing", *argv], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def run(mb: float, folder: Path) -> dict[str, tuple[float, float]]:
    folder.mkdir(parents=True, exist_ok=True)
    src, dbp = folder / "huge.txt", folder / "huge.db"
    src.write_text("One huge article\n\n" + SENTENCE * int(mb * 1e6 / len(SENTENCE)), encoding="utf-8")
    for p in folder.glob("huge.db*"):
        p.unlink()
    db = ["--db", str(dbp)]
    out = {"ingest": _timed([*db, "ingest", str(src)])}
    for label, argv in (("search and", ["search", "and"]), ("search John Smith", ["search", "John Smith"]),
                        ("show 1", ["show", "1"]), ("show 1 --full", ["show", "1", "--full"]),
                        ("show 1 --json", ["show", "1", "--json"])):
        out[label] = _timed([*db, *argv])
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/huge_article.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--mb", type=float, default=20.0, help="size of the article in MB (default 20)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = p.parse_args(argv)
    figures = run(args.mb, corpus.OUT / "huge")
    if args.json:
        print(json.dumps({k: {"s": round(s, 3), "peak_mb": round(m)} for k, (s, m) in figures.items()}))
    else:
        print(f"one {args.mb:g} MB article")
        for k, (s, m) in figures.items():
            print(f"  {k:<20} {s:7.2f} s  {m:6.0f} MB peak (largest child so far)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
