"""Undated articles that share a person: does storing one cost more as the database grows?

Writes tiny undated text files that all name "Minister Jane Doe" (each with words of its own,
so none is a copy of another), ingests ``--prior`` of them into a database, then times the
ingest of ``--new`` more into that database and into a fresh one (CPU of the child, the
best of ``--repeats``). Dating an undated article by its story must not read every article
that shares its person (issue 21 item 5): the two times should be close.

Usage: python bench/undated_growth.py [--prior 20000] [--new 2000]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_WORDS = ["harbour", "budget", "railway", "school", "bridge", "hospital", "tariff", "grain", "power",
          "water", "housing", "police", "court", "market", "pension", "road"]


def _files(folder: Path, start: int, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        a, b, c = _WORDS[i % 16], _WORDS[(i // 16) % 16], _WORDS[(i // 256) % 16]
        (folder / f"{i:06d}.txt").write_text(
            f"Note {i}\n\nMinister Jane Doe spoke about the {a} plan, the {b} bill and the {c} fund "
            f"(item {i}).\n", encoding="utf-8")


def _ingest(db: Path, folder: Path) -> float:
    """CPU seconds of one ingest in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "briefing", "--db", str(db), "ingest", "--workers", "1", str(folder)],
                   cwd=REPO, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(prior: int, new: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        _files(t / "prior", 0, prior)
        _files(t / "new", prior, new)
        _ingest(t / "big.db", t / "prior")
        into_big = _ingest(t / "big.db", t / "new")
        into_fresh = _ingest(t / "fresh.db", t / "new")
    return {"prior": prior, "new": new, "cpu_s_into_fresh": round(into_fresh, 2),
            "cpu_s_into_big": round(into_big, 2), "ratio": round(into_big / into_fresh, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prior", type=int, default=20000)
    ap.add_argument("--new", type=int, default=2000)
    args = ap.parse_args()
    print(json.dumps(run(args.prior, args.new)))


if __name__ == "__main__":
    main()
