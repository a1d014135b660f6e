"""The benchmark suite: `python bench/run.py [--scale N] [--workers N] [--out bench/out/results.json]`.

Builds the corpora (Reuters-21578 -> JSONL -> a scale corpus of N distinct articles), then
measures ingest, search and the app against their baselines in the same run, at each growth
size up to N, prints a table and writes everything (with the machine) as JSON.
See bench/README.md for what each figure means.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus, growth  # noqa: E402
from bench.measure import fmt_ms, fmt_rate, machine  # noqa: E402

TARGETS = {
    "ingest_ratio": 5.0,          # baseline rate / product rate
    "search_ratio": 1.2,          # engine p95 / raw FTS5 p95
    "cli_vs_rg": 10.0,            # rg p95 / CLI p95
    "launch_ratio": 1.5,          # briefing launch / minimal launch
    "switch_ms": 100.0,
    "peak_mb": 250.0,
    "ingest_growth": 1.15,        # exponent of ingest time in N (1 = linear; noise allowance)
    "search_growth": 1.0,         # exponent of search p95 in N (linear or better)
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0],
                                epilog="bench/run.py --show RESULTS.json prints the table of an earlier run.")
    p.add_argument("--scale", type=int, default=200_000, help="articles in the largest corpus (default 200000)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction processes (default: CPUs)")
    p.add_argument("--out", type=Path, default=corpus.OUT / "results.json", help="JSON results file")
    p.add_argument("--work", type=Path, default=corpus.OUT, help="cache for corpora and databases (bench/out)")
    p.add_argument("--base", choices=("reuters", "synthetic"), default="reuters",
                   help="base corpus: Reuters-21578 (default) or invented articles (tests)")
    p.add_argument("--synthetic-n", type=int, default=200, help="base size with --base synthetic")
    p.add_argument("--sizes", default=",".join(map(str, growth.DEFAULT_SIZES)),
                   help="growth sizes; those below --scale are measured too")
    p.add_argument("--no-growth", action="store_true", help="measure --scale only")
    p.add_argument("--via", choices=("cli", "api"), default="cli", help="ingest through the CLI or run_ingest")
    p.add_argument("--repeats", type=int, default=5, help="timed passes over the queries (in-process methods)")
    p.add_argument("--cli-repeats", type=int, default=2)
    p.add_argument("--rg-repeats", type=int, default=2)
    p.add_argument("--queries", type=int, default=20, help="use the first N of the 20 fixed queries")
    p.add_argument("--app-runs", type=int, default=3)
    p.add_argument("--scroll-rows", type=int, default=1000)
    p.add_argument("--compare-workers", default="1",
                   help="also ingest the largest corpus with these worker counts (comma list; '' for none)")
    p.add_argument("--skip", default="", help="comma list of: ingest,search,cli,rg,app,stages")
    p.add_argument("--profile", action="store_true", help="write pyinstrument profiles to the work dir")
    p.add_argument("--merge", type=Path, default=None,
                   help="start from this earlier results JSON: figures measured now replace its ones "
                        "(e.g. re-measure the app with --skip ingest,search,stages)")
    return p.parse_args(argv)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> dict:
    from bench import search_bench

    skip = frozenset(s.strip() for s in args.skip.split(",") if s.strip())
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    t_start = time.time()
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                     "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}}
    log("base corpus…")
    base_name, base = corpus.base_records(args.base, work, args.synthetic_n)
    results["corpus"] = {"base": base_name, "base_articles": len(base)}
    sizes = [args.scale] if args.no_growth else growth.sizes_for(
        args.scale, tuple(int(s) for s in args.sizes.split(",") if s))
    queries = search_bench.QUERIES[: max(1, args.queries)]
    results["queries"] = list(queries)

    by_size: dict[int, dict] = {}
    for n in sizes:
        by_size[n] = growth.measure_size(n, base_name, base, work, workers=args.workers, via=args.via,
                                         repeats=args.repeats, cli_repeats=args.cli_repeats,
                                         rg_repeats=args.rg_repeats, queries=queries, skip=skip, log=log)
    results["sizes"] = {str(n): r for n, r in by_size.items()}
    results["growth"] = growth.summarise(by_size)
    top = max(sizes)
    db_path = Path(by_size[top]["db"])

    others = sorted({int(w) for w in args.compare_workers.split(",") if w.strip()} - {args.workers})
    if others and "ingest" not in skip:
        from bench import ingest_bench

        jsonl = corpus.scale_jsonl(top, base_name, base, work)
        alt = results["sizes"][str(top)].setdefault("ingest_other_workers", {})
        for w in others:
            log(f"[{top:,}] product ingest via {args.via}, workers={w} (comparison)…")
            alt[str(w)] = ingest_bench.product_ingest(jsonl, work / f"briefing-{base_name}-{top}-w{w}.db",
                                                      workers=w, via=args.via)
            log(f"[{top:,}]   {alt[str(w)]['rate']:,.0f} articles/s")

    if "stages" not in skip:
        from bench import ingest_bench

        log("ingest stages on a sample…")
        jsonl = corpus.scale_jsonl(top, base_name, base, work)
        results["stages"] = ingest_bench.stages(jsonl, work / "stages.db", n=min(2000, top))
        if db_path.exists():
            log("store at scale…")
            results["stages"]["at_scale"] = ingest_bench.store_at_scale(
                jsonl, db_path, work / "stages-at-scale.db", n=min(2000, top))

    if "app" not in skip:
        from bench.app_bench import app_bench

        log(f"app on the {top:,}-article database…")
        try:
            results["app"] = app_bench(db_path, work, runs=args.app_runs, scroll_rows=args.scroll_rows)
        except (ImportError, RuntimeError) as e:
            results["app"] = {"error": str(e)[-2000:]}
            log(f"app bench failed: {str(e)[-500:]}")

    if args.profile:
        results["profiles"] = write_profiles(by_size[top], base_name, base, work)
    if args.merge:
        old = json.loads(args.merge.read_text())
        history = old.get("history") or [_run_note(old)]
        results = deep_merge(old, results)
        results["history"] = history + [_run_note(results)]
        results["growth"] = growth.summarise({int(n): r for n, r in results["sizes"].items()})
    results["targets"] = targets(results, top)
    results["seconds"] = time.time() - t_start
    results["machine"]["loadavg_at_end"] = list(os.getloadavg())
    return results


def _run_note(results: dict) -> dict:
    """When a run started, what it skipped and how busy the machine was: merged runs keep these."""
    return {"started": results.get("started"), "skip": _get(results, "config", "skip"),
            "loadavg_at_start": _get(results, "machine", "loadavg_at_start")}


def deep_merge(old: dict, new: dict) -> dict:
    """``old`` with every value measured in ``new`` put in (dicts merged key by key)."""
    out = dict(old)
    for k, v in new.items():
        out[k] = deep_merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def write_profiles(size_res: dict, base_name: str, base: list[dict], work: Path) -> dict:
    """pyinstrument profiles of the ingest hot path and one search, for missed targets."""
    from pyinstrument import Profiler

    from bench import ingest_bench, search_bench

    out = {}
    jsonl = corpus.scale_jsonl(min(2000, size_res["articles_in_corpus"]), base_name, base, work)
    prof = Profiler(interval=0.001)
    prof.start()
    ingest_bench.product_ingest(jsonl, work / "profile.db", workers=1, via="api")
    prof.stop()
    p = work / "profile-ingest.txt"
    p.write_text(prof.output_text(unicode=True, color=False))
    out["ingest"] = str(p)
    p = work / "profile-search.txt"
    p.write_text(search_bench.profile_engine(Path(size_res["db"])))
    out["search"] = str(p)
    return out


# ---- targets ------------------------------------------------------------------------------
def _get(d: dict | None, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def targets(results: dict, top: int) -> list[dict]:
    """Each target of issue 5 with the measured value and whether it is met (None: not measured)."""
    r = results["sizes"][str(top)]
    s = r.get("search", {})
    app = results.get("app", {})
    out = []

    def add(tid: str, text: str, value: float | None, limit: float, better: str, detail: str = "") -> None:
        met = None if value is None else (value <= limit if better == "le" else value >= limit)
        out.append({"id": tid, "target": text, "value": value, "limit": limit, "met": met, "detail": detail})

    runs = {str(_get(r, "ingest", "workers")): _get(r, "ingest", "rate"),
            **{w: x.get("rate") for w, x in (r.get("ingest_other_workers") or {}).items()}}
    runs = {w: v for w, v in runs.items() if v}
    base_rate = _get(r, "baseline", "rate")
    best_w = max(runs, key=runs.get) if runs else None
    add("ingest_ratio", "ingest <= 5x slower than bare sqlite-utils+FTS5 (best --workers)",
        base_rate / runs[best_w] if best_w and base_rate else None, TARGETS["ingest_ratio"], "le",
        f"baseline {fmt_rate(base_rate)} articles/s; product "
        + ", ".join(f"workers={w}: {fmt_rate(v)}" for w, v in sorted(runs.items())))
    e95, f95 = _get(s, "engine", "p95_ms"), _get(s, "fts5", "p95_ms")
    add("search_ratio", "search engine p95 <= 1.2x raw FTS5 p95",
        e95 / f95 if e95 and f95 else None, TARGETS["search_ratio"], "le", f"{fmt_ms(e95)} vs {fmt_ms(f95)} ms")
    c95, g95 = _get(s, "cli", "p95_ms"), _get(s, "rg", "p95_ms")
    add("cli_vs_rg", "briefing search CLI >= 10x faster than rg -l -i (p95)",
        g95 / c95 if c95 and g95 else None, TARGETS["cli_vs_rg"], "ge", f"rg {fmt_ms(g95)} vs CLI {fmt_ms(c95)} ms")
    bl, ml = _get(app, "briefing", "launch_ms"), _get(app, "minimal", "launch_ms")
    add("launch_ratio", "app first screen with data <= 1.5x minimal Textual app",
        bl / ml if bl and ml else None, TARGETS["launch_ratio"], "le", f"{fmt_ms(bl)} vs {fmt_ms(ml)} ms")
    add("switch_ms", "pane switch <= 100 ms (slowest pane, first show)", _get(app, "briefing", "switch_max_ms"),
        TARGETS["switch_ms"], "le",
        "first " + json.dumps({k: round(v) for k, v in (_get(app, "briefing", "switch_ms") or {}).items()})
        + ", again " + json.dumps({k: round(v) for k, v in (_get(app, "briefing", "switch_again_ms") or {}).items()}))
    peaks = {"app": _get(app, "briefing", "peak_mb"), "ingest": _get(r, "ingest", "peak_mb")}
    known = [v for v in peaks.values() if v]
    add("peak_mb", "peak memory <= 250 MB (app; ingest process)", max(known) if known else None,
        TARGETS["peak_mb"], "le", ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items() if v))
    ex = _get(results, "growth", "exponents") or {}
    add("ingest_growth", "ingest time grows linearly (N^b, b <= 1.15)", ex.get("ingest_time"),
        TARGETS["ingest_growth"], "le", f"baseline b={_fmt(ex.get('baseline_time'))}")
    add("search_growth", "search p95 grows linearly or better (b <= 1.0)", ex.get("engine_p95"),
        TARGETS["search_growth"], "le", f"raw FTS5 b={_fmt(ex.get('fts5_p95'))}, CLI b={_fmt(ex.get('cli_p95'))}")
    return out


def _fmt(x: float | None, nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


# ---- the table ----------------------------------------------------------------------------
def table(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"machine: {m['cpu']}, {m['nproc']} CPUs, {m['ram_mb']:,} MB RAM, Python {m['python']}, "
        f"SQLite {m['sqlite']}, Textual {m['textual']}, {m['ripgrep'] or 'no ripgrep'}; "
        f"load at start {', '.join(f'{x:.1f}' for x in m['loadavg_at_start'])}",
        f"load at end {', '.join(f'{x:.1f}' for x in m.get('loadavg_at_end', []))}",
        *([f"interpreter: {i['executable']} (libpython {'shared' if i['libpython_shared'] else 'static'}),"
           f" plain-Python loop {i['loop_ms']:.1f} ms"] if (i := m.get("interpreter")) else []),
        *([f"merged runs: " + "; ".join(f"{h['started']} (skip {h['skip'] or 'nothing'})"
                                          for h in results["history"])] if results.get("history") else []),
        f"corpus: {results['corpus']['base']} ({results['corpus']['base_articles']:,} base articles), "
        f"workers={results['config']['workers']}, ingest via {results['config']['via']}",
        "",
    ]
    sizes = sorted(int(n) for n in results["sizes"])
    lines.append("INGEST                         " + "".join(f"{n:>14,}" for n in sizes))
    rows = [(f"product articles/s (w{results['config']['workers']})", lambda r: fmt_rate(_get(r, "ingest", "rate"))),
            ("baseline articles/s (mean)", lambda r: fmt_rate(_get(r, "baseline", "rate"))),
            ("  before / after product", lambda r: " / ".join(
                f"{x / 1000:.1f}k" for x in (_get(r, "baseline", "runs") or [])) or "-"),
            ("slowdown (target <= 5x)", lambda r: _fmt(r.get("ingest_ratio"), 1) + "x"),
            ("product, other --workers", lambda r: " ".join(
                f"w{w}:{fmt_rate(x.get('rate'))}" for w, x in (r.get("ingest_other_workers") or {}).items()) or "-"),
            ("product seconds", lambda r: _fmt(_get(r, "ingest", "seconds"), 1)),
            ("failed articles", lambda r: str(_get(r, "ingest", "failed", default="-"))),
            ("ingest peak MB", lambda r: _fmt(_get(r, "ingest", "peak_mb"), 0)),
            ("database MB (baseline MB)",
             lambda r: f"{_fmt(_get(r, 'ingest', 'db_mb'), 0)} ({_fmt(_get(r, 'baseline', 'db_mb'), 0)})")]
    for label, fn in rows:
        lines.append(f"  {label:<29}" + "".join(f"{fn(results['sizes'][str(n)]):>14}" for n in sizes))
    lines.append("")
    lines.append("SEARCH p50 / p95 ms (20 queries)" + "".join(f"{n:>18,}" for n in sizes))
    methods = [("engine  db.queries.search", "engine"), ("raw FTS5 top-50 (canonical)", "fts5"),
               ("raw FTS5, snippet every hit", "fts5_all"), ("CLI  briefing search --json (best 50)", "cli"),
               ("CLI  ... --limit 0 (every hit)", "cli_all"), ("rg -l -i -F (files)", "rg")]
    for label, key in methods:
        cells = []
        for n in sizes:
            s = _get(results["sizes"][str(n)], "search", key)
            cells.append("-" if not s else f"{fmt_ms(s['p50_ms'])} / {fmt_ms(s['p95_ms'])}")
        lines.append(f"  {label:<30}" + "".join(f"{c:>18}" for c in cells))
    app = results.get("app")
    if app:
        lines.append("")
        if "error" in app:
            lines.append(f"APP: not measured ({app['error'][:200]})")
        else:
            b, mi = app["briefing"], app["minimal"]
            lines.append(f"APP ({max(sizes):,} articles, {app['size'][0]}x{app['size'][1]}, median of {app['runs']})")
            lines.append(f"  launch to first screen with data  {fmt_ms(b['launch_ms'])} ms "
                         f"(minimal Textual app {fmt_ms(mi['launch_ms'])} ms, "
                         f"ratio {_fmt(b['launch_ms'] / mi['launch_ms'])}x); imports done at {fmt_ms(b['import_ms'])} ms")
            sw, sw2 = b.get("switch_ms") or {}, b.get("switch_again_ms") or {}
            lines.append("  pane switch ms, first show        " + ", ".join(f"{k}: {fmt_ms(v)}" for k, v in sw.items()))
            lines.append("  pane switch ms, shown before      " + ", ".join(f"{k}: {fmt_ms(v)}" for k, v in sw2.items()))
            st = b.get("switch_settled_ms") or {}
            if st:
                lines.append("  first show until all its work done " + ", ".join(f"{k}: {fmt_ms(v)}" for k, v in st.items()))
            if "scroll_ms" in b:
                lines.append(f"  scroll {b.get('scroll_rows')} rows (j one by one)      {fmt_ms(b['scroll_ms'])} ms "
                             f"({_fmt(b['scroll_ms_per_row'], 2)} ms/row; per key p50 {fmt_ms(b.get('scroll_key_p50_ms'))}, "
                             f"p95 {fmt_ms(b.get('scroll_key_p95_ms'))}, max {fmt_ms(b.get('scroll_key_max_ms'))}); "
                             f"G to the end {fmt_ms(b.get('jump_end_ms'))} ms; keys lost {b.get('scroll_lost_keys', 0)}")
            if "search_ms" in b:
                lines.append(f"  search in the app (4, type, enter) {fmt_ms(b['search_ms'])} ms to {b.get('search_rows')} rows")
            if b.get("timed_out"):
                lines.append(f"  timed out: {', '.join(b['timed_out'])}")
            lines.append(f"  peak memory                       {b['peak_mb']:.0f} MB (minimal app {mi['peak_mb']:.0f} MB)")
    st = results.get("stages")
    if st:
        lines.append("")
        lines.append(f"INGEST STAGES (1 process, {st['articles']:,} articles, seconds per 1,000): "
                     f"read {st['read_s_per_1k']:.2f}, extract {st['extract_s_per_1k']:.2f}, "
                     f"store {st['store_s_per_1k']:.2f}")
        if "store_cpu_s_per_1k" in st:
            lines.append(f"  CPU seconds per 1,000: read {st['read_cpu_s_per_1k']:.2f}, "
                         f"extract {st['extract_cpu_s_per_1k']:.2f}, store {st['store_cpu_s_per_1k']:.2f}")
        sc = st.get("at_scale")
        if sc:
            lines.append(f"  store into the {sc['into']:,}-article database: {sc['store_s_per_1k']:.2f} "
                         f"seconds per 1,000 ({sc['articles']:,} articles)")
    ex = _get(results, "growth", "exponents")
    if ex:
        lines.append("")
        lines.append("GROWTH exponent b (cost ~ N^b, smallest -> largest size): " +
                     ", ".join(f"{k} {_fmt(v)}" for k, v in ex.items()))
    lines.append("")
    lines.append("TARGETS")
    for t in results["targets"]:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[t["met"]]
        val = "-" if t["value"] is None else f"{t['value']:.2f}"
        lines.append(f"  [{mark}] {t['target']:<58} {val:>8}  ({t['detail']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--show"] and len(argv) == 2:      # print the table of an earlier run
        print(table(json.loads(Path(argv[1]).read_text())))
        return 0
    args = parse_args(argv)
    results = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str))
    print(table(results))
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
