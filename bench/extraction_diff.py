"""Extraction output and cost on fixed corpora: to prove a speed change changes no output, and
to measure what extraction costs an article.

    python bench/extraction_diff.py dump OUT.json [--reuters 5000] [--bbc 2000]
    python bench/extraction_diff.py compare BEFORE.json AFTER.json [--show 20]
    python bench/extraction_diff.py time [--reuters 2000] [--bbc 2000] [--rounds 3] [--passes]
    python bench/extraction_diff.py profile [--corpus reuters] [-n 2000]

The corpora: the seeds, the first N BBC files (sorted paths), the first N Reuters articles
(``bench/out/reuters.jsonl``), the bench's synthetic corpus (200 articles) and, when asked,
PolNeAR's training texts. ``dump`` writes every article's full extraction (every record's
every field) and the wording keys its worker sends with it (``ingest.pipeline.wordings``),
keyed by corpus and source; ``compare`` counts the articles whose output differs
and prints the first differences; ``time`` gives CPU milliseconds an article of
``ingest.pipeline.process`` (``time.process_time``, the best of ``--rounds`` passes, after a
warming pass; the caches keyed by a text are emptied before each pass, as an ingest meets
each text once), and with ``--passes`` each pass's share, timed in place;
``profile`` prints cProfile's top functions (CPU) over one corpus, or with ``--sampler``
pyinstrument's call tree.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.corpus import SHARED, reuters_jsonl, synthetic_records  # noqa: E402


def _articles_from_jsonl_lines(lines: list[str], src: str) -> list:
    from ingest.model import Article
    from ingest.readers import read_bytes

    return [a for a in read_bytes("".join(lines).encode("utf-8"), src, ".jsonl")
            if isinstance(a, Article)]


def corpora(reuters: int, bbc: int, polnear: bool = False) -> dict[str, list]:
    """Corpus name -> its articles, read with the product's own readers."""
    from ingest.model import Article
    from ingest.pipeline import read_all

    out: dict[str, list] = {}
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        out["seeds"] = [a for a in read_all([str(seeds)]) if isinstance(a, Article)]
    bbc_dir = SHARED / "corpora" / "bbc"
    if bbc and bbc_dir.is_dir():
        files = sorted(p for p in bbc_dir.rglob("*.txt") if p.name[0].isdigit())[:bbc]
        out["bbc"] = [a for a in read_all([str(p) for p in files]) if isinstance(a, Article)]
    if reuters:
        with open(reuters_jsonl(), encoding="utf-8") as f:
            lines = [line for _i, line in zip(range(reuters), f)]
        out["reuters"] = _articles_from_jsonl_lines(lines, "reuters.jsonl")
    out["synthetic"] = _articles_from_jsonl_lines(
        [json.dumps(r) + "\n" for r in synthetic_records(200)], "synthetic.jsonl")
    pol = SHARED / "corpora" / "quotes-gold" / "polnear" / "train"
    if polnear and pol.is_dir():
        out["polnear"] = [a for a in read_all([str(pol)]) if isinstance(a, Article)]
    return out


def _extract(article):
    from ingest.extract import extract

    return extract(article)


def _record(article) -> dict:
    """The article's extraction, every field, with the wording keys of its texts."""
    from ingest.pipeline import wordings

    x = _extract(article)
    return {**asdict(x), "wordings": wordings(x)}


def _forget_texts() -> None:
    """Empty the caches keyed by a text (the wording keys, the reference of a date), so a
    timed pass over texts already read costs what a first reading does."""
    from ingest.extract import dates, variants

    for cached in (variants.quote_key, variants._features, variants._ranked_tokens, dates._reference_for_day):
        cached.cache_clear()


# the passes ``time --passes`` times in place (``passes.extract_article`` reads each from its
# module at each call), and the step after them that a worker runs
_PASSES = (("people", "extract_people"), ("quotes", "extract_quotes"), ("countries", "extract_countries"),
           ("countries", "subject_countries"), ("events", "extract_events"), ("figures", "extract_figures"),
           ("quotes", "attach_countries"))


def _timed_passes(spent: dict[str, float]) -> list[tuple[object, str, object]]:
    """Wrap each pass (and ``pipeline.wordings``) to add its CPU time to ``spent``; returns
    what to put back."""
    import importlib

    import ingest.pipeline

    targets = [(importlib.import_module(f"ingest.extract.{mod}"), fn) for mod, fn in _PASSES]
    targets.append((ingest.pipeline, "wordings"))
    undo = []
    for mod, fn in targets:
        original = getattr(mod, fn)
        def timed(*args, _f=original, _name=fn, **kwargs):
            t0 = time.process_time()
            try:
                return _f(*args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - t0

        setattr(mod, fn, timed)
        undo.append((mod, fn, original))
    return undo


def dump(path: str, reuters: int, bbc: int, polnear: bool) -> None:
    from ingest.extract import warm_up

    warm_up()
    result: dict[str, dict[str, dict]] = {}
    for name, arts in corpora(reuters, bbc, polnear).items():
        got = result[name] = {}
        for i, a in enumerate(arts):
            got[f"{i:05d} {a.source}"] = _record(a)
        print(f"{name}: {len(arts)} articles", file=sys.stderr)
    Path(path).write_text(json.dumps(result, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _first_difference(a: dict, b: dict) -> str:
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            va, vb = a.get(key), b.get(key)
            if isinstance(va, list) and isinstance(vb, list):
                gone = [r for r in va if r not in vb]
                new = [r for r in vb if r not in va]
                return f"{key}: before only {gone}\n      after only {new}"
            return f"{key}: {va!r} -> {vb!r}"
    return ""


def compare(before: str, after: str, show: int) -> int:
    a = json.loads(Path(before).read_text(encoding="utf-8"))
    b = json.loads(Path(after).read_text(encoding="utf-8"))
    changed = 0
    shown = 0
    for name in sorted(set(a) | set(b)):
        ca, cb = a.get(name, {}), b.get(name, {})
        diff = [k for k in sorted(set(ca) | set(cb)) if ca.get(k) != cb.get(k)]
        print(f"{name}: {len(diff)} of {len(cb)} articles differ")
        changed += len(diff)
        for k in diff:
            if shown >= show:
                break
            shown += 1
            print(f"  {k}\n    {_first_difference(ca.get(k, {}), cb.get(k, {}))}")
    return 1 if changed else 0


def timing(reuters: int, bbc: int, rounds: int, passes: bool = False) -> None:
    """CPU time of ``ingest.pipeline.process`` (what an ingest's worker runs for an article:
    the extraction with its time budget, then its texts' wording keys) an article; with
    ``passes``, each pass's too (the best of the rounds for each; the wrappers add ~1 µs a
    call to the whole, and a pass called inside another, the headline's countries inside
    ``subject_countries``, counts in both)."""
    from ingest.extract import warm_up
    from ingest.pipeline import process

    warm_up()
    spent: dict[str, float] = {}
    undo = _timed_passes(spent) if passes else []
    try:
        for name, arts in corpora(reuters, bbc).items():
            for a in arts:                           # warming pass
                process(a)
            best: dict[str, float] = {}
            for _ in range(rounds):
                _forget_texts()
                spent.clear()
                t0 = time.process_time()
                for a in arts:
                    process(a)
                spent["process"] = time.process_time() - t0
                for k, v in spent.items():
                    best[k] = min(best.get(k, float("inf")), v)
            print(f"{name:10s} {len(arts):5d} articles  {1000 * best.pop('process') / len(arts):.3f} ms an article "
                  f"(CPU, best of {rounds})")
            for k, v in best.items():
                print(f"    {k:20s} {1000 * v / len(arts):.4f}")
    finally:
        for mod, fn, original in undo:
            setattr(mod, fn, original)


def profile(corpus: str, n: int, top: int, sampler: bool) -> None:
    import cProfile
    import pstats

    from ingest.extract import warm_up

    warm_up()
    arts = corpora(n if corpus == "reuters" else 0, n if corpus == "bbc" else 0)[corpus]
    for a in arts:
        _extract(a)
    if sampler:                     # pyinstrument (not a dependency): no per-call overhead
        from pyinstrument import Profiler

        prof = Profiler(interval=0.0002)
        with prof:
            for _ in range(3):
                for a in arts:
                    _extract(a)
        print(prof.output_text(show_all=False, short_mode=False))
        return
    pr = cProfile.Profile(time.process_time)
    pr.enable()
    for a in arts:
        _extract(a)
    pr.disable()
    st = pstats.Stats(pr)
    st.sort_stats("tottime").print_stats(top)
    st.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out")
    d.add_argument("--reuters", type=int, default=5000)
    d.add_argument("--bbc", type=int, default=2000)
    d.add_argument("--polnear", action="store_true")
    c = sub.add_parser("compare")
    c.add_argument("before")
    c.add_argument("after")
    c.add_argument("--show", type=int, default=20)
    t = sub.add_parser("time")
    t.add_argument("--reuters", type=int, default=2000)
    t.add_argument("--bbc", type=int, default=2000)
    t.add_argument("--rounds", type=int, default=3)
    t.add_argument("--passes", action="store_true", help="also each pass's CPU, timed in place")
    p = sub.add_parser("profile")
    p.add_argument("--corpus", choices=["reuters", "bbc", "synthetic", "seeds"], default="reuters")
    p.add_argument("-n", type=int, default=2000)
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--sampler", action="store_true", help="pyinstrument instead of cProfile")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.reuters, args.bbc, args.polnear)
    elif args.cmd == "compare":
        return compare(args.before, args.after, args.show)
    elif args.cmd == "time":
        timing(args.reuters, args.bbc, args.rounds, args.passes)
    else:
        profile(args.corpus, args.n, args.top, args.sampler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
