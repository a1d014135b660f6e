"""SIGKILL in the middle of `briefing update` leaves no half article, and the next update ends
with the counts of an uninterrupted run (loopback server on 127.0.0.1 only)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.feedserver import FeedServer, Item, Route, rss2
from tests.soundness import assert_sound
from tests.test_reliability_crash import write_corpus

REPO = Path(__file__).resolve().parent.parent
N_FEEDS, PER_FEED = 4, 30


@pytest.fixture
def server(tmp_path):
    """Pages are invented articles (the crash test's corpus), each answered a little late, so
    an update takes a few seconds and commits more than once."""
    import json

    s = FeedServer().start()
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, N_FEEDS * PER_FEED)
    records = [json.loads(line) for line in corpus.read_text().splitlines()]
    for f in range(N_FEEDS):
        items = []
        for i in range(PER_FEED):
            rec = records[f * PER_FEED + i]
            path = f"/f{f}/a{i}"
            text = (rec.get("title") or "") + "\n\n" + (rec.get("body") or rec.get("text") or "")
            s.routes[path] = Route(text.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}, delay=0.1)
            items.append(Item(rec.get("title") or f"Item {i}", s.url(path), "summary", guid=f"f{f}-{i}"))
        s.routes[f"/f{f}.xml"] = Route(rss2(f"Feed {f}", items), headers={"Content-Type": "application/rss+xml"})
    yield s
    s.stop()


def _cli(db: Path, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "briefing", "--db", str(db), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def _subscribe(db: Path, server: FeedServer) -> None:
    assert _cli(db, "feeds", "add", *[server.url(f"/f{f}.xml") for f in range(N_FEEDS)]).wait(60) == 0


def _counts(db: Path) -> dict[str, int]:
    c = sqlite3.connect(db)
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "quotes", "events", "people", "article_countries")}
    finally:
        c.close()


def test_sigkill_mid_update_leaves_whole_articles(tmp_path, server):
    clean = tmp_path / "clean.db"
    _subscribe(clean, server)
    assert _cli(clean, "update").wait(120) == 0
    want = _counts(clean)
    assert want["articles"] == N_FEEDS * PER_FEED and want["quotes"] > 0 and want["events"] > 0

    db = tmp_path / "killed.db"
    _subscribe(db, server)
    proc = _cli(db, "update")
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        try:
            c = sqlite3.connect(db, timeout=1)
            stored = c.execute("SELECT count(*) FROM articles").fetchone()[0]
            c.close()
        except sqlite3.Error:
            continue
        if stored:
            break
    assert proc.poll() is None, "the update ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < stored < N_FEEDS * PER_FEED
    assert_sound(db)
    assert _cli(db, "update").wait(120) == 0
    assert _counts(db) == want
    assert_sound(db)
