"""Growth: ingest and search measured at several corpus sizes (20k, 100k, 200k by default).

Each size is a prefix of the same scale corpus, ingested from scratch into its own database,
so the figures differ only in size. Growth is summarised as an exponent b in cost ~ N^b
between the smallest and the largest size: b = 1 is linear, b < 1 sub-linear.
"""
from __future__ import annotations

import math
import os
from pathlib import Path

from bench import corpus, ingest_bench, search_bench

DEFAULT_SIZES = (20_000, 100_000, 200_000)


def sizes_for(scale: int, sizes: tuple[int, ...] = DEFAULT_SIZES) -> list[int]:
    """The growth sizes below ``scale``, and ``scale`` itself."""
    return sorted({s for s in sizes if s < scale} | {scale})


def measure_size(n: int, base_name: str, base: list[dict], out_dir: Path, *, workers: int,
                 via: str = "cli", repeats: int = 5, cli_repeats: int = 2, rg_repeats: int = 2,
                 queries: tuple[str, ...] = search_bench.QUERIES, skip: frozenset[str] = frozenset(),
                 log=print) -> dict:
    """Ingest (product and baseline) and search (every method) at size ``n``."""
    jsonl = corpus.scale_jsonl(n, base_name, base, out_dir)
    product_db = out_dir / f"briefing-{base_name}-{n}.db"
    baseline_db = out_dir / f"baseline-{base_name}-{n}.db"
    res: dict = {"articles_in_corpus": n, "corpus": str(jsonl), "db": str(product_db)}

    if "ingest" not in skip:
        # the baseline before and after the product, so the machine's drift during the
        # product's run (a minute at 200k, on shared cores) lands on both sides of the ratio
        log(f"[{n:,}] baseline ingest (sqlite-utils + FTS5 triggers)…")
        before = ingest_bench.baseline_ingest(jsonl, baseline_db)
        log(f"[{n:,}]   {before['rate']:,.0f} articles/s")
        log(f"[{n:,}] product ingest via {via}, workers={workers}…")
        res["ingest"] = ingest_bench.product_ingest(jsonl, product_db, workers=workers, via=via)
        log(f"[{n:,}]   {res['ingest']['rate']:,.0f} articles/s, {res['ingest']['failed']} failed")
        log(f"[{n:,}] baseline ingest again…")
        after = ingest_bench.baseline_ingest(jsonl, baseline_db)
        log(f"[{n:,}]   {after['rate']:,.0f} articles/s")
        res["baseline"] = ingest_bench.bracketed(before, after)
        res["ingest_ratio"] = res["baseline"]["rate"] / res["ingest"]["rate"] if res["ingest"]["rate"] else None
        res["counts"] = ingest_bench.db_counts(product_db)
    elif not product_db.exists():
        raise FileNotFoundError(f"{product_db} missing: run without skipping ingest first")

    if "search" not in skip:
        # the ~1 GB the ingests just wrote goes to disk first: searches are timed on a settled
        # machine, as a user searches an ingest that finished earlier, not beside the kernel's
        # writeback (which put two or three of the CLI's 40 timed searches at 50-70 ms in
        # some runs, where the same database searched again gave ~40)
        os.sync()
        s: dict = {}
        log(f"[{n:,}] search: engine, raw FTS5…")
        s["engine"] = search_bench.engine(product_db, queries, repeats)
        s["fts5"] = search_bench.raw_fts5(product_db, queries, repeats, topk=True)
        s["fts5_all"] = search_bench.raw_fts5(product_db, queries, repeats, topk=False)
        if "cli" not in skip and "rg" not in skip and rg_repeats == cli_repeats:
            files = corpus.text_files(jsonl)
            log(f"[{n:,}] search: briefing search --json (subprocess) and rg -l -i over {n:,} files, in turns…")
            s.update(search_bench.cli_and_ripgrep(product_db, files, queries, cli_repeats))
        else:
            if "cli" not in skip:
                log(f"[{n:,}] search: briefing search --json (subprocess)…")
                s["cli"] = search_bench.cli(product_db, queries, cli_repeats)
            if "rg" not in skip:
                files = corpus.text_files(jsonl)
                log(f"[{n:,}] search: rg -l -i over {n:,} files…")
                s["rg"] = search_bench.ripgrep(files, queries, rg_repeats)
        if "cli" not in skip:
            log(f"[{n:,}] search: briefing search --json --limit 0…")
            s["cli_all"] = search_bench.cli(product_db, queries, cli_repeats, limit=0)
        res["search"] = s
    return res


def exponent(n1: int, c1: float | None, n2: int, c2: float | None) -> float | None:
    """b in cost ~ N^b from two sizes."""
    if not c1 or not c2 or n1 == n2 or c1 <= 0 or c2 <= 0:
        return None
    return math.log(c2 / c1) / math.log(n2 / n1)


def summarise(by_size: dict[int, dict]) -> dict:
    """Per-size rows and growth exponents (smallest -> largest size)."""
    sizes = sorted(by_size)
    rows = []
    for n in sizes:
        r = by_size[n]
        s = r.get("search", {})
        rows.append({
            "n": n,
            "ingest_s": r.get("ingest", {}).get("seconds"),
            "ingest_rate": r.get("ingest", {}).get("rate"),
            "baseline_s": r.get("baseline", {}).get("seconds"),
            "baseline_rate": r.get("baseline", {}).get("rate"),
            **{f"{m}_p95_ms": (s.get(m) or {}).get("p95_ms") for m in ("engine", "fts5", "cli", "rg")},
            **{f"{m}_p50_ms": (s.get(m) or {}).get("p50_ms") for m in ("engine", "fts5", "cli", "rg")},
        })
    out: dict = {"rows": rows}
    if len(sizes) >= 2:
        a, b = rows[0], rows[-1]
        out["exponents"] = {
            "ingest_time": exponent(a["n"], a["ingest_s"], b["n"], b["ingest_s"]),
            "baseline_time": exponent(a["n"], a["baseline_s"], b["n"], b["baseline_s"]),
            **{f"{m}_p95": exponent(a["n"], a[f"{m}_p95_ms"], b["n"], b[f"{m}_p95_ms"])
               for m in ("engine", "fts5", "cli", "rg")},
        }
    return out
