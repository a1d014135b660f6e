"""The per-article time budget (issue 21): an article whose extraction runs past it is
stored with what was found so far, marked as cut short, and the ingest goes on."""
from __future__ import annotations

import json
import time

import pytest

import ingest.extract.countries as countries_mod
from briefing.cli import main
from ingest import pipeline
from ingest.deadline import Deadline, cpu_seconds
from ingest.model import Article, Ingested

SLOW = ('Finance Minister Anna Berg said: "We will spend $5 billion on roads." '
        "Germany agreed on 3 March 2021 to spend 2% of GDP on defence. SLOW\n")
QUICK = ('Finance Minister Anna Berg said: "We will spend $5 billion on roads." '
         "Germany agreed on 3 March 2021 to spend 2% of GDP on defence.\n")


@pytest.fixture
def slow_countries(monkeypatch):
    """Country extraction burns 0.3 s of CPU on an article marked SLOW; the budget is 0.1 s."""
    real = countries_mod.extract_countries

    def slow(text: str):
        if "SLOW" in text:
            t0 = time.process_time()
            while time.process_time() - t0 < 0.3:
                pass
        return real(text)

    monkeypatch.setattr(countries_mod, "extract_countries", slow)
    monkeypatch.setattr(pipeline, "ARTICLE_BUDGET", 0.1)


def test_deadline_passes_once_its_cpu_time_is_spent():
    d = Deadline(0.05)
    assert not d.passed()
    t0 = time.process_time()
    while time.process_time() - t0 < 0.06:
        pass
    assert d.passed() and d.expired


def test_the_deadline_clock_is_this_threads_cpu_time():
    """The cheap clock counts what ``time.thread_time`` counts (within a scheduler tick or
    two), and only this thread's work: time spent waiting is not CPU time."""
    t0, c0 = time.thread_time(), cpu_seconds()
    while time.thread_time() - t0 < 0.2:
        pass
    spent = cpu_seconds() - c0
    assert 0.15 < spent < 0.3
    c1 = cpu_seconds()
    time.sleep(0.1)
    assert cpu_seconds() - c1 < 0.05


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_slow_article_is_cut_short_and_the_next_is_whole(slow_countries, workers):
    items = [Article(source="slow.txt", body=SLOW), Article(source="quick.txt", body=QUICK)]
    out = list(pipeline.process_all(items, workers=workers))
    assert [type(r) for r in out] == [Ingested, Ingested]
    slow, quick = out[0].extraction, out[1].extraction
    assert slow.cut_short and not quick.cut_short
    # what came before the slow step is kept; what comes after it was not run
    assert slow.people and slow.quotes and slow.countries
    assert not slow.events and not slow.figures
    assert quick.events and quick.figures


@pytest.mark.slow
def test_cut_short_is_stored_and_shown(slow_countries, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "slow.txt").write_text("Roads\n\n" + SLOW)
    (tmp_path / "in" / "quick.txt").write_text("Roads\n\n" + QUICK)
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "ingest", "--workers", "1", str(tmp_path / "in")]) == 0
    assert "2 new" in capsys.readouterr().out
    shown = {}
    for aid in (1, 2):
        assert main(["--db", db, "show", str(aid), "--json"]) == 0
        a = json.loads(capsys.readouterr().out)
        shown[a["source"].rsplit("/", 1)[-1]] = a
    assert shown["slow.txt"]["extraction_cut_short"] is True
    assert shown["quick.txt"]["extraction_cut_short"] is False
    assert shown["slow.txt"]["quotes"] and not shown["slow.txt"]["figures"]
    slow_id = shown["slow.txt"]["id"]
    assert main(["--db", db, "show", str(slow_id)]) == 0
    assert "extraction cut short" in capsys.readouterr().out


def test_budget_stops_a_long_extractor_part_way(monkeypatch):
    """Inside an extractor too: a budget spent before the events start leaves none."""
    from ingest.extract import extract

    body = "On 3 March 2021 the talks began. " * 50
    whole = extract(Article(source="a", body=body))
    assert whole.events and not whole.cut_short
    spent = Deadline(0.0, start=cpu_seconds() - 1.0)
    x = extract(Article(source="a", body=body), spent)
    assert x.cut_short and not x.events and not x.quotes


def test_a_spent_budget_stops_the_people_pass_between_names():
    """The people pass reads its names against the budget, every 64 names: a crafted list of
    hundreds of names stops at the budget, not at its end."""
    from ingest.extract.people import extract_people

    letters = "bcdfgklmnprstvz"
    body = "".join(f"Minister Jane B{(letters[i % 15] + 'a') * 3}{(letters[i // 15 % 15] + 'o') * 3} said so. "
                   for i in range(300))
    whole = extract_people(body)
    assert len(whole) >= 200
    spent = Deadline(0.0, start=cpu_seconds() - 1.0)
    assert len(extract_people(body, spent)) < 100
