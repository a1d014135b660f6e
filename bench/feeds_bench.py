"""`briefing update` against ingesting the same articles from files, in the same run.

100 feeds x 50 items (by default) whose items carry only a summary, each item's page a full
HTML article served from a loopback server (127.0.0.1); the same pages written as .html files
are ingested with `run_ingest` for the baseline. Each side runs in a child process of its own
(time and peak RSS of that process alone), one extraction worker each. Then a second update
with nothing new.

    python -m bench.feeds_bench                 # 100 x 50
    python -m bench.feeds_bench --feeds 20 --items 25
"""
from __future__ import annotations

import argparse
import html
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out" / "feeds"


def _page(r: dict) -> bytes:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in (r.get("body") or "").split("\n\n") if p.strip())
    title = html.escape(r.get("title") or "")
    return (f"<!doctype html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{r.get("date") or ""}"></head>'
            f"<body><nav>Home | World | Business</nav><article><h1>{title}</h1>{paras}</article>"
            f"<footer>Copyright the outlet</footer></body></html>").encode()


def _child(mode: str, db: str, arg: str) -> None:
    sys.path.insert(0, str(REPO))
    import db as dbm

    conn = dbm.connect(db)
    t0 = time.perf_counter()
    if mode == "ingest":
        from briefing.ingest_run import run_ingest

        s = run_ingest(conn, [arg])
        out = {"new": s.new, "failed": s.failed}
    else:
        from briefing.updating import run_update

        s = run_update(conn)
        out = {"new": s.ingest.new, "failed": s.ingest.failed, "feeds_failed": len(s.failed),
               "not_modified": sum(f.not_modified for f in s.feeds)}
    out["seconds"] = time.perf_counter() - t0
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    conn.close()
    print(json.dumps(out))


def _run_child(*args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-m", "bench.feeds_bench", "--child", *args], env=env,
                       capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--child", nargs=3, metavar=("MODE", "DB", "ARG"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return

    sys.path.insert(0, str(REPO))
    import db as dbm
    from bench.corpus import scaled, synthetic_records
    from db import feeds as fdb
    from tests.feedserver import FeedServer, Item, Route, rss2

    n = args.feeds * args.items
    records = list(scaled(synthetic_records(500), n))
    shutil.rmtree(OUT, ignore_errors=True)
    pages = OUT / "pages"
    pages.mkdir(parents=True)
    server = FeedServer().start()
    try:
        for f in range(args.feeds):
            items = []
            for i in range(args.items):
                k = f * args.items + i
                body = _page(records[k])
                (pages / f"{k:06d}.html").write_bytes(body)
                path = f"/f{f}/{k}.html"
                server.routes[path] = Route(body, headers={"Content-Type": "text/html; charset=utf-8"})
                items.append(Item(records[k].get("title") or f"item {k}", server.url(path), "A summary.",
                                  guid=f"urn:bench:{k}", date=None))
            server.routes[f"/f{f}.xml"] = Route(rss2(f"Feed {f}", items), etag=f'"feed-{f}"',
                                                headers={"Content-Type": "application/rss+xml"})
        files = _run_child("ingest", str(OUT / "files.db"), str(pages))
        conn = dbm.connect(OUT / "feeds.db")
        for f in range(args.feeds):
            fdb.add_feed(conn, server.url(f"/f{f}.xml"))
        conn.close()
        first = _run_child("update", str(OUT / "feeds.db"), "-")
        second = _run_child("update", str(OUT / "feeds.db"), "-")
    finally:
        server.stop()
    result = {"articles": n, "ingest_files": files, "update": first, "update_again": second,
              "update_vs_ingest": round(first["seconds"] / files["seconds"], 2)}
    print(json.dumps(result, indent=2))
    print(f"\n{n} articles: files {files['seconds']:.1f} s, update {first['seconds']:.1f} s "
          f"({result['update_vs_ingest']}x; target <= 1.3x), second update {second['seconds']:.2f} s "
          f"(target <= 2 s), peak RSS of the update {first['peak_rss_mb']:.0f} MB (target <= 250 MB)")


if __name__ == "__main__":
    main()
