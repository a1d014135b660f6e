"""SVG snapshots of every pane and the reader at 100x30 (cursor blink off, no clock shown).

Update after a deliberate change with ``pytest tests/test_app_snapshots.py --snapshot-update``
and look at the new SVGs before committing them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests import app_fixtures
from tests.app_fixtures import make_app, press, settle, settle_timers

pytestmark = pytest.mark.slow            # end to end: left out of `pytest -m "not slow"`

SIZE = (100, 30)


def keys(*pressed: str, shown=None):
    """A run_before that waits for the data, presses keys, and waits again (until ``shown(app)``
    holds, for a debounced view: app_fixtures.quote_detail_shown, dossier_shown)."""
    async def before(pilot) -> None:
        await settle(pilot)
        for k in pressed:
            await press(pilot, k)
        if shown is not None:
            await settle_timers(pilot, shown)
    return before


def test_timeline(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("j", "j"))


def test_timeline_80x24(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=(80, 24), run_before=keys())


def test_quotes(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("2", shown=app_fixtures.quote_detail_shown))


def test_countries(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("3", shown=app_fixtures.dossier_shown))


def test_search(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE,
                        run_before=keys("4", *"rail pact", "enter"))


def test_reader_markup_article(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE,
                        run_before=keys("j", "j", "j", "j", "j", "enter"))


def test_reader_quote_highlights(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("2", "enter", "n"))


def test_filtered_to_nothing(snap_compare, fx_db):
    async def before(pilot) -> None:
        """The filter typed at once: typed key by key, a busy machine let the filter box's live
        filter fire on the words so far, which the picture then caught."""
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.query_one("#filter-input").value = "since:2025-04 country:Poland zeppelin"
        await press(pilot, "enter")

    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=before)


def test_help(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("question_mark"))


def test_export_dialog(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=SIZE, run_before=keys("e"))


def test_missing_database(snap_compare, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert snap_compare(make_app(Path("missing.db")), terminal_size=SIZE, run_before=keys())


def test_quotes_80x24(snap_compare, fx_db):
    """The quote under the cursor whole, with its citation, at the smallest supported size."""
    assert snap_compare(make_app(fx_db), terminal_size=(80, 24), run_before=keys("2", "j", shown=app_fixtures.quote_detail_shown))


def test_countries_80x24(snap_compare, fx_db):
    assert snap_compare(make_app(fx_db), terminal_size=(80, 24), run_before=keys("3", shown=app_fixtures.dossier_shown))
