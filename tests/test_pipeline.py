"""The pure pipeline: extraction in worker processes gives exactly the serial results, in order."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.model import Article, ReadError
from ingest.pipeline import process, process_all


@dataclass
class Passing:
    """Something that is not work for the pipeline: it passes through, in its place."""
    source: str


def _articles(n):
    for i in range(n):
        yield Article(source=f"mem://{i}", published="2024-07-01",
                      body=f'"We will open the bridge on time," Mara Vell said in Oslo on June {i % 28 + 1}, 2024.')


def test_parallel_equals_serial_and_keeps_order():
    serial = list(process_all(_articles(300), workers=1))
    parallel = list(process_all(_articles(300), workers=2, chunksize=7))
    assert [r.article.source for r in parallel] == [f"mem://{i}" for i in range(300)]
    assert [(r.extraction.quotes, r.extraction.events) for r in parallel] == \
        [(r.extraction.quotes, r.extraction.events) for r in serial]


def test_non_articles_pass_through():
    items = [ReadError("a", "bad"), Passing("b")]
    assert list(process_all(iter(items), workers=2)) == items


def test_extractor_crash_is_a_per_article_error(monkeypatch):
    import ingest.extract

    def boom(article, deadline=None):
        raise RuntimeError("kaput")

    monkeypatch.setattr(ingest.extract, "extract", boom)
    res = process(Article(source="x", body="text"))
    assert isinstance(res, ReadError) and "kaput" in res.reason


def test_huge_body_is_kept_whole_and_extracted_from_its_head(monkeypatch):
    import ingest.pipeline as pipeline

    monkeypatch.setattr(pipeline, "EXTRACT_LIMIT", 200)
    head = '"We will open the bridge," Mara Vell said in Oslo on June 3, 2024.\n'
    body = head + ("Filler text without much in it.\n" * 50) + '"Late words," Ivo Brant said.\n'
    res = process(Article(source="big", body=body, published="2024-07-01"))
    assert res.article.body == body
    assert [q.text for q in res.extraction.quotes] == ["We will open the bridge,"] or \
        [q.text.rstrip(",") for q in res.extraction.quotes] == ["We will open the bridge"]
    assert all(q.end <= 200 for q in res.extraction.quotes)


def test_parallel_keeps_order_with_errors_and_skips_between_articles():
    arts = list(_articles(90))
    items = []
    for i, a in enumerate(arts):
        items.append(a)
        if i % 7 == 0:
            items.append(ReadError(f"bad-{i}", "unreadable"))
        if i % 11 == 0:
            items.append(Passing(f"same-{i}"))
    out = list(process_all(iter(items), workers=2, chunksize=3))
    assert [getattr(r, "source", None) or r.article.source for r in out] == \
        [getattr(i, "source") for i in items]
    assert all(r.article is a for r, a in zip([r for r in out if hasattr(r, "article")], arts))


def test_a_worker_crash_is_that_articles_error(monkeypatch):
    import ingest.extract

    real = ingest.extract.extract

    def flaky(article, deadline=None):
        if article.source.endswith("3"):
            raise ValueError("bad luck")
        return real(article, deadline)

    monkeypatch.setattr(ingest.extract, "extract", flaky)     # inherited by the forked workers
    out = list(process_all(_articles(40), workers=2, chunksize=4))
    bad = [r for r in out if isinstance(r, ReadError)]
    assert [r.source for r in bad] == [f"mem://{i}" for i in range(40) if str(i).endswith("3")]
    assert all("bad luck" in r.reason for r in bad)
    assert len(out) == 40


def test_auto_workers_uses_every_cpu_only_for_big_inputs(tmp_path, monkeypatch):
    import os

    import briefing.ingest_run as ingest_run

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    small = tmp_path / "small"
    small.mkdir()
    (small / "a.txt").write_text("A short article.\n")
    assert ingest_run.auto_workers([str(small)]) == 1
    monkeypatch.setattr(ingest_run, "AUTO_PARALLEL_BYTES", 1000)
    (small / "b.txt").write_text("Long article. " * 100)
    assert ingest_run.auto_workers([str(small)]) == 3
    assert ingest_run.auto_workers([str(tmp_path / "missing")]) == 1


def test_serial_passes_non_articles_through_too():
    items = [ReadError("a", "bad"), Passing("b")]
    assert list(process_all(iter(items), workers=1)) == items


def test_the_pipeline_extracts_what_it_is_handed_and_forks_nothing_for_the_rest(monkeypatch):
    """``Workers.extract`` extracts Articles only: a run whose work holds none (all stored)
    forks no worker at all."""
    import ingest.extract
    from ingest.pipeline import Workers

    def no_warm_up():
        raise AssertionError("workers were started with nothing to extract")

    monkeypatch.setattr(ingest.extract, "warm_up", no_warm_up)
    items = [Passing(f"same-{i}") for i in range(20)]
    with Workers(2) as w:
        assert list(w.extract(iter(items))) == items


def test_the_pipeline_keeps_no_state_between_runs():
    """Nothing a run was told stays in the module: no table of what is stored, no flag."""
    import ingest.pipeline as pipeline
    from ingest.pipeline import Workers

    def state():
        return {k: v for k, v in vars(pipeline).items()
                if not k.startswith("__") and not callable(v) and not isinstance(v, type(pipeline))}

    before = state()
    assert not [k for k, v in before.items() if isinstance(v, (dict, set, list))]
    with Workers(2) as w:
        out = list(w.extract(w.read(_articles(5))))
    assert len(out) == 5 and state() == before


def test_raw_jsonl_lines_are_parsed_by_the_worker(tmp_path):
    from pathlib import Path

    from ingest.readers import read_path
    from ingest.readers.jsonl import RawLine

    p = tmp_path / "a.jsonl"
    p.write_text('{"id": "x1", "body": "Mara Vell said in Oslo on June 3, 2024 that it opens."}\n'
                 '\u00a0\n'                                   # blank to str.strip(): no record
                 '[1, 2]\n'
                 '{"id": "x2", "body": "It opened in Oslo on June 4, 2024."}\n', encoding="utf-8")
    raw = list(read_path(Path(p), raw_lines=True))
    assert all(isinstance(r, RawLine) for r in raw) and [r.lineno for r in raw] == [1, 2, 3, 4]
    for workers in (1, 2):
        out = list(process_all(iter(raw), workers=workers))
        assert [type(r).__name__ for r in out] == ["Ingested", "ReadError", "Ingested"]
        assert [r.article.source for r in out if hasattr(r, "article")] == ["x1", "x2"]
        assert out[1].source.endswith("a.jsonl:line 3")
        assert out[0].extraction.people and out[0].extraction.events


def test_parallel_reads_a_bounded_way_ahead():
    """The input is handed to workers in windows: never drained whole (a 200k-line file would
    sit in memory), but far enough ahead that workers keep busy while a batch is stored."""
    taken = []

    def source():
        for a in _articles(400):
            taken.append(a.source)
            yield a

    out = process_all(source(), workers=2, chunksize=4, ahead=100)
    next(out)
    assert 100 <= len(taken) <= 100 + 2 * 4 * 4        # `ahead`, rounded up to whole windows
    rest = list(out)
    assert len(rest) == 399 and len(taken) == 400
    out = process_all(_fresh(source, taken), workers=2, chunksize=4)
    next(out)
    assert len(taken) == 3 * 2 * 4 * 4                  # no `ahead`: three windows
    out.close()


def test_reading_stays_further_ahead_than_the_extraction_it_feeds(tmp_path):
    """Lines to parse and articles to extract share the workers' one queue, first in first
    out: a window to read waits behind every extraction handed out before it. Reading only a
    few windows ahead, the extraction in flight ran dry while the consumer waited for its next
    lines (both workers idle beside the writer); so reading keeps more than the extraction's
    ``ahead`` handed out, by ``READ_LEAD`` windows, and no more than that."""
    from pathlib import Path

    from ingest import pipeline
    from ingest.readers import read_path

    p = tmp_path / "a.jsonl"
    p.write_text("".join(f'{{"id": "x{i}", "body": "Mara Vell said in Oslo on June 3, 2024 that it opens."}}\n'
                         for i in range(600)), encoding="utf-8")
    taken: list[int] = []

    def lines():
        for raw in read_path(Path(p), raw_lines=True):
            taken.append(raw.lineno)
            yield raw

    window, ahead = 2 * 4 * pipeline.WINDOW_CHUNKS, 100
    extracting = -(-ahead // window) * window            # `ahead`, in whole windows
    out = process_all(lines(), workers=2, chunksize=4, ahead=ahead)
    next(out)
    # beyond the lines extraction has taken, at least as many again are out to be read
    assert 2 * extracting <= len(taken) <= 2 * extracting + pipeline.READ_LEAD * window
    rest = list(out)
    assert [r.article.source for r in rest] == [f"x{i}" for i in range(1, 600)]


def test_the_consumer_hears_once_when_the_whole_input_is_with_the_workers():
    """``drained`` comes after the last unit is read and before the last result: the stretch
    in which the consumer's own work (an index merge) can run beside the workers'."""
    events: list[str] = []

    def source():
        for a in _articles(60):
            events.append("read")
            yield a

    out = []
    for r in process_all(source(), workers=2, chunksize=2, drained=lambda: events.append("drained")):
        out.append(r)
        events.append("result")
    assert len(out) == 60 and events.count("drained") == 1
    i = events.index("drained")
    assert events[:i].count("read") == 60 and "result" in events[i:]
    called: list[int] = []            # in one process nothing runs beside the consumer
    assert len(list(process_all(_articles(5), workers=1, drained=lambda: called.append(1)))) == 5
    assert called == []


def _slow_and_named(monkeypatch, seconds=0.01):
    """Every article's extraction takes ``seconds`` of sleep and fails with the id of the
    worker process that ran it (patched before the workers fork, so they inherit it)."""
    import os
    import time

    import ingest.extract

    def report(article, deadline=None):
        time.sleep(seconds)
        raise RuntimeError(f"pid {os.getpid()}")

    monkeypatch.setattr(ingest.extract, "warm_up", lambda: None)
    monkeypatch.setattr(ingest.extract, "extract", report)


def test_the_input_s_last_window_is_shared_by_the_workers(monkeypatch):
    """The last window goes out in small messages, not as one: the workers end together
    instead of one extracting the whole of it while the other has nothing left."""
    _slow_and_named(monkeypatch)
    out = list(process_all(_articles(20), workers=2, chunksize=4))     # a window holds 32
    assert len(out) == 20 and len({r.reason.rsplit(" ", 1)[-1] for r in out}) == 2


def test_the_consumer_is_told_when_it_would_wait_in_the_last_stretch(monkeypatch):
    """``idle`` comes, in the consumer's thread between two results, only once the whole input
    is with the workers, and when the next result is not back yet: the consumer's chance to
    do its own work (store what it holds) beside the workers' last, rather than after it."""
    import threading

    _slow_and_named(monkeypatch, 0.02)
    events: list[str] = []
    told: list[tuple[int, int]] = []          # (results to come, as told; results yielded so far)

    def idle(left):
        assert threading.current_thread() is threading.main_thread()
        events.append("idle")
        told.append((left, events.count("result")))

    for _ in process_all(_articles(100), workers=2, chunksize=4, drained=lambda: events.append("drained"),
                         idle=idle):
        events.append("result")
    assert events.count("result") == 100 and events.count("drained") == 1
    assert "idle" not in events[:events.index("drained")] and events.count("idle") >= 1
    # the results of a message come together: idle only before a message's first
    assert events.count("idle") <= 100 // 4
    assert all(left == 100 - yielded for left, yielded in told)


def _fresh(source, taken):
    taken.clear()
    return source()


def _report_from_the_workers(monkeypatch, what):
    """Every article's extraction fails with ``what()`` as it is in the worker that ran it (the
    patched extractor is inherited by the forked workers): a per-article ReadError the test reads."""
    import ingest.extract

    def report(article, deadline=None):
        raise RuntimeError(what())

    monkeypatch.setattr(ingest.extract, "warm_up", lambda: None)
    monkeypatch.setattr(ingest.extract, "extract", report)


def test_workers_yield_the_cpu_to_the_writer(monkeypatch):
    """The process storing results in order is the narrowest point: workers run at a lower
    priority (a higher niceness) than it."""
    import os

    from ingest import pipeline

    _report_from_the_workers(monkeypatch, lambda: f"niceness {os.nice(0)}")
    out = list(process_all(_articles(4), workers=2, chunksize=1))
    here = os.nice(0)
    assert {r.reason.rsplit(" ", 1)[-1] for r in out} == {str(min(19, here + pipeline.WORKER_NICENESS))}
    assert os.nice(0) == here                                  # this process is left as it was


def test_workers_collect_their_garbage_even_when_the_writer_does_not(monkeypatch):
    import gc

    from ingest import pipeline

    _report_from_the_workers(monkeypatch, lambda: f"gc {gc.isenabled()} {gc.get_threshold()}")
    gc.disable()                      # as run_ingest does in the writer
    try:
        out = list(process_all(_articles(4), workers=2, chunksize=1))
    finally:
        gc.enable()
    assert {r.reason.split(": ", 2)[-1] for r in out} == {f"gc True {pipeline.WORKER_GC_THRESHOLD}"}


def test_the_workers_send_each_text_s_wording_key_with_its_extraction():
    """The wording keys are computed where the article is extracted, serial or in workers: the
    writer (one process for the whole ingest) only looks them up."""
    from ingest.extract.variants import quote_key

    for res in [*process_all(_articles(20), workers=1), *process_all(_articles(20), workers=2)]:
        x = res.extraction
        texts = {q.text for q in x.quotes if not q.partial} | {e.text for e in x.events}
        assert texts and res.wordings == {t: quote_key(t) for t in texts}


def test_an_extraction_travels_as_its_values_alone():
    """What a worker sends back is rebuilt equal, and its records carry no field names: the
    writer's process reads every one of them."""
    import pickle

    from ingest.model import CountryMention, Event, Extraction, Figure, Person, Quote

    x = Extraction(
        quotes=[Quote(4, 30, "We will build the bridge.", speaker="Ana Ruiz", role="mayor", confidence=0.9,
                      speaker_start=0, speaker_end=8, cue="said", speaker_kind="person", countries=["ESP"])],
        people=[Person("Ana Ruiz", "mayor", ["Ruiz"], [(0, 8), (40, 44)])],
        countries=[CountryMention("ESP", 50, 55, "Spain")], subject_countries=["ESP"],
        events=[Event(60, 90, "The bridge opened on 3 May.", "2025-05-03", "day", people=["Ana Ruiz"])],
        figures=[Figure(95, 99, "3.5%", "percent", 3.5, "%", "ESP", 2025)],
        published_inferred="2025-05-04", cut_short=True)
    data = pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(data) == x
    assert b"speaker_start" not in data and b"published_inferred" not in data and b"value_high" not in data
