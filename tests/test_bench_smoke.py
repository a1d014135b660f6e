"""The benchmark harness still runs: a tiny end-to-end run on ~200 invented articles.

No timing is asserted (the machine is shared); only that every stage produces figures, the
JSON has the shape the README documents, and the scale corpus keeps its promises.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import corpus, growth, run, search_bench  # noqa: E402


def test_scale_corpus_is_distinct_deterministic_and_shifted():
    base = corpus.synthetic_records(20)
    a = list(corpus.scaled(base, 70))
    b = list(corpus.scaled(base, 70))
    assert a == b                                    # deterministic
    assert len(a) == 70 and corpus.distinct_texts(a)
    assert len({r["url"] for r in a}) == 70          # distinct sources too
    assert a[:20] == list(corpus.scaled(base, 20))   # a smaller scale is a prefix of a larger one
    third = a[2 * 20 + 3]                            # copy k=2 of base record 3
    assert third["body"].rstrip().endswith(f"Ref: BRF-2-{base[3]['id']}")
    assert "1989" in third["body"] and "1987" not in third["body"].replace("Ref: BRF", "")
    assert third["date"].startswith(str(int(base[3]["date"][:4]) + 2))


def test_shift_years_keeps_other_numbers():
    s = "In 1986/87 output was 1,987 tonnes, up 12 pct from 1985; see 2010-05-01 and 19870."
    assert corpus.shift_years(s, 3) == "In 1989/90 output was 1,987 tonnes, up 12 pct from 1988; see 2013-05-01 and 19870."
    assert corpus.shift_years(s, 0) == s


def test_raw_baseline_matches_what_the_product_matches():
    # the raw FTS5 baseline searches the product's terms: quoted words, no function words
    assert search_bench.match_string("bank of japan") == '"bank" "japan"'
    assert search_bench.match_string("U.S. trade") == '"U" "S" "trade"'


def test_growth_exponent():
    assert growth.exponent(10, 1.0, 100, 10.0) == pytest.approx(1.0)
    assert growth.exponent(10, 1.0, 100, 1.0) == pytest.approx(0.0)
    assert growth.sizes_for(150_000) == [20_000, 100_000, 150_000]
    assert growth.sizes_for(200) == [200]


@pytest.mark.slow
def test_tiny_run_end_to_end(tmp_path):
    out = tmp_path / "results.json"
    skip = [] if importlib.util.find_spec("briefing.app") else ["app"]
    argv = ["--base", "synthetic", "--synthetic-n", "60", "--scale", "200", "--sizes", "100",
            "--workers", "1", "--work", str(tmp_path / "work"), "--out", str(out), "--queries", "3",
            "--repeats", "1", "--cli-repeats", "1", "--rg-repeats", "1", "--app-runs", "1",
            "--scroll-rows", "20"] + (["--skip", ",".join(skip)] if skip else [])
    assert run.main(argv) == 0
    res = json.loads(out.read_text())

    assert set(res["sizes"]) == {"100", "200"}
    for n in ("100", "200"):
        r = res["sizes"][n]
        assert r["ingest"]["articles"] == int(n), r["ingest"]["errors"]
        assert r["ingest"]["failed"] == 0
        assert r["baseline"]["articles"] == int(n)
        lo, hi = sorted(r["baseline"]["runs"])              # measured before and after the product
        assert lo <= r["baseline"]["rate"] <= hi
        assert r["ingest_ratio"] > 0
        assert r["counts"]["articles"] == int(n)
        s = r["search"]
        for method in ("engine", "fts5", "fts5_all", "cli", "cli_all"):
            assert s[method]["p95_ms"] >= s[method]["p50_ms"] > 0
        assert s["engine"]["hits"]["oil"] > 0                   # the invented stories mention oil prices
        assert s["engine"]["hits"] == s["cli"]["hits"]           # same answers through the CLI (best 50)
        assert all(s["cli_all"]["hits"][q] >= n for q, n in s["cli"]["hits"].items())
        if s.get("rg") is not None:
            assert s["rg"]["hits"]["oil"] > 0
    assert res["growth"]["exponents"]["ingest_time"] is not None
    assert {"nproc", "cpu", "ram_mb", "python", "sqlite", "interpreter"} <= set(res["machine"])
    interp = res["machine"]["interpreter"]        # which build ran the figures, and how fast
    assert interp["loop_ms"] > 0 and interp["executable"]
    assert interp["libpython_shared"] in (True, False, None)
    assert res["stages"]["articles"] == 200
    at_scale = res["stages"]["at_scale"]          # 200 more articles into a copy of the largest database
    assert at_scale["articles"] == 200 and at_scale["into"] == 200 and at_scale["store_s_per_1k"] > 0
    ids = {t["id"] for t in res["targets"]}
    assert ids == set(run.TARGETS)
    if "app" not in skip:
        app = res["app"]
        assert "error" not in app, app.get("error")
        assert app["briefing"]["launch_ms"] > 0 and app["minimal"]["launch_ms"] > 0
        assert app["briefing"]["rows_on_first_screen"] > 0
        assert set(app["briefing"]["switch_ms"]) == {"1", "2", "3", "4"}
        assert app["briefing"]["peak_mb"] > 0
    assert "TARGETS" in run.table(res) and "interpreter:" in run.table(res)


@pytest.mark.slow
def test_huge_article_bench_runs_at_a_small_size(tmp_path):
    from bench import huge_article

    figures = huge_article.run(0.05, tmp_path / "huge")
    assert set(figures) == {"ingest", "search and", "search John Smith", "show 1", "show 1 --full", "show 1 --json"}
    assert all(s > 0 for s, _ in figures.values())
