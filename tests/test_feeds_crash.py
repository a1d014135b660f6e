"""SIGKILL in the middle of `briefing update` leaves no half article, and the next update ends
with the counts of an uninterrupted run (loopback server on 127.0.0.1 only)."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.feedserver import FeedServer, Item, Route, rss2
from tests.soundness import assert_sound, row_counts
from tests.test_reliability_crash import write_corpus

REPO = Path(__file__).resolve().parent.parent
N_FEEDS, PER_FEED = 4, 30


class Gate:
    """While closed, each page waits for a ticket the test hands out one at a time: the update
    that is killed is certain to be half-way (the rest of its pages are still held), whatever
    the machine's speed."""

    def __init__(self, server: FeedServer):
        self.server = server
        self.open = threading.Event()
        self.open.set()
        self.tickets = threading.Semaphore(0)

    def hold(self, route: Route):
        def answer() -> Route:
            while not self.open.is_set() and not self.server.stopping.is_set():
                if self.tickets.acquire(timeout=0.05):
                    break
            return route
        return answer


@pytest.fixture
def server(tmp_path):
    """Pages are invented articles (the crash test's corpus), behind a Gate."""
    import json

    s = FeedServer().start()
    s.gate = Gate(s)
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, N_FEEDS * PER_FEED)
    records = [json.loads(line) for line in corpus.read_text().splitlines()]
    for f in range(N_FEEDS):
        items = []
        for i in range(PER_FEED):
            rec = records[f * PER_FEED + i]
            path = f"/f{f}/a{i}"
            text = (rec.get("title") or "") + "\n\n" + (rec.get("body") or rec.get("text") or "")
            s.routes[path] = s.gate.hold(Route(text.encode(), headers={"Content-Type": "text/plain; charset=utf-8"}))
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
    return row_counts(db, ("articles", "quotes", "events", "people", "article_countries"))


@pytest.mark.slow
def test_sigkill_mid_update_leaves_whole_articles(tmp_path, server):
    clean = tmp_path / "clean.db"
    _subscribe(clean, server)
    assert _cli(clean, "update").wait(120) == 0
    want = _counts(clean)
    assert want["articles"] == N_FEEDS * PER_FEED and want["quotes"] > 0 and want["events"] > 0

    db = tmp_path / "killed.db"
    _subscribe(db, server)
    server.gate.open.clear()
    proc = _cli(db, "update")
    deadline = time.monotonic() + 120
    stored = 0
    # one page at a time until a batch is committed (the writer commits every FLUSH_SECONDS):
    # the pages not let through yet keep the update from finishing
    released = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if released < N_FEEDS * PER_FEED - 4:     # a few pages are never let through before the kill
            server.gate.tickets.release()
            released += 1
        time.sleep(0.1)
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
    server.gate.open.set()
    assert 0 < stored < N_FEEDS * PER_FEED
    assert_sound(db)
    assert _cli(db, "update").wait(120) == 0
    assert _counts(db) == want
    assert_sound(db)
