"""Memory bounded by bytes in flight, not by record counts (issue 21): the windows handed
to the workers, the batches waiting to be stored, and feeds read whole."""
from __future__ import annotations

import random

from ingest import pipeline
from ingest.model import Article, Ingested, ReadError
from ingest.pipeline import Feeder, held_bytes


def _articles(sizes: list[int]) -> list[Article]:
    return [Article(source=f"mem://{i}", body="x" * n) for i, n in enumerate(sizes)]


def test_feeder_never_has_more_bytes_out_than_its_limit():
    rng = random.Random(21)
    sizes = [rng.choice([10, 200, 900, 2500, 40]) for _ in range(400)]
    units = _articles(sizes)
    limit = 3000
    feeder = Feeder(units, limit)
    out: list[Article] = []
    windows: list[tuple[list, int]] = []
    most = 0
    while True:
        while len(windows) < 4:
            chunk, n = feeder.take(8)
            if not chunk:
                break
            assert len(chunk) <= 8 and n == sum(held_bytes(u) for u in chunk)
            windows.append((chunk, n))
            most = max(most, feeder.inflight)
            # over the limit only when one unit bigger than it is out alone
            assert feeder.inflight <= limit or (len(windows) == 1 and len(chunk) == 1)
        if not windows:
            break
        chunk, n = windows.pop(0)
        out.extend(chunk)
        feeder.release(n)
    assert feeder.exhausted and feeder.inflight == 0
    assert out == units                       # every unit, once, in order
    assert most > limit // 2                  # the bound is used, not just respected


def test_a_unit_bigger_than_the_limit_goes_alone():
    units = _articles([10, 5000, 10, 10])
    feeder = Feeder(units, 1000)
    first, n1 = feeder.take(10)
    assert [len(u.body) for u in first] == [10]
    assert feeder.take(10) == ([], 0)          # no room beside the first window
    feeder.release(n1)
    big, n2 = feeder.take(10)
    assert [len(u.body) for u in big] == [5000]
    feeder.release(n2)
    rest, _ = feeder.take(10)
    assert [len(u.body) for u in rest] == [10, 10]


def test_parallel_ingest_keeps_its_bytes_in_flight_bounded(monkeypatch):
    limit = 20_000
    monkeypatch.setattr(pipeline, "INFLIGHT_BYTES", limit)
    seen: list[int] = []
    real_take = Feeder.take

    def take(self, count):
        got = real_take(self, count)
        seen.append(self.inflight)
        return got

    monkeypatch.setattr(Feeder, "take", take)
    units = [Article(source=f"mem://{i}", body=("Anna Berg said it would rain in Oslo. " * 40))
             for i in range(60)]
    out = list(pipeline.process_all(units, workers=2, chunksize=32))
    assert [r.article.source for r in out if isinstance(r, Ingested)] == [u.source for u in units]
    assert seen and max(seen) <= limit
    # a count window alone (2 workers * 32 * 4) would have handed out all 60 at once
    assert max(seen) < sum(held_bytes(u) for u in units)


def test_ingest_stores_a_batch_once_it_holds_its_bytes(tmp_path, monkeypatch):
    import briefing.ingest_run as ingest_run
    import db
    from db.store import Store

    monkeypatch.setattr(ingest_run, "BATCH_BYTES", 5_000)
    batches: list[int] = []
    real = Store.write_batch

    def write_batch(self, items):
        batches.append(sum(held_bytes(i.article) for i in items))
        return real(self, items)

    monkeypatch.setattr(Store, "write_batch", write_batch)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        (src / f"{i:02}.txt").write_text(f"Title {i}\n\n" + f"Article {i} says little. " * 60)
    conn = db.connect(tmp_path / "x.db")
    summary = ingest_run.run_ingest(conn, [str(src)], workers=1)
    assert summary.new == 12
    assert len(batches) > 2
    assert all(b < 5_000 + 2_000 for b in batches)     # each article holds under 2,000 bytes


def test_a_feed_over_its_limit_is_refused_in_one_line(monkeypatch):
    import ingest.readers as readers

    monkeypatch.setattr(readers, "MAX_FEED_BYTES", 2_000)
    items = "".join(f"<item><title>Item {i}</title><description>Text {i}.</description></item>"
                    for i in range(100))
    data = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    out = list(readers.read_bytes(data, "big.rss", ".rss"))
    assert len(out) == 1 and isinstance(out[0], ReadError)
    assert "feed too large" in out[0].reason and "\n" not in out[0].reason
    small = data[:1000].rsplit(b"<item>", 1)[0] + b"</channel></rss>"
    read = list(readers.read_bytes(small, "small.rss", ".rss"))
    assert read and all(isinstance(a, Article) for a in read)
