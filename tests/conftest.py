"""Shared fixtures: temporary databases, the app under a Pilot, and the sample articles in
../shared/seeds (or $BRIEFING_SHARED/seeds).

Async tests (``async def test_…``) and async fixtures run on asyncio through AnyIO's pytest
plugin (``anyio_mode = "auto"`` in pyproject.toml)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BRIEFING_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPORA = SHARED / "corpora"


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _isolate_user_dirs(tmp_path_factory, monkeypatch, _session_cache):
    """No test reads or writes the real user's database, config or cache (one cache for the
    session: the gazetteers are built once, not in every CLI a test starts)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(_session_cache))
    monkeypatch.delenv("BRIEFING_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def conn(db_path):
    import db

    c = db.connect(db_path)
    yield c
    c.close()


@pytest.fixture
def server():
    """A feed and page server on 127.0.0.1 (tests/feedserver.py), stopped after the test."""
    from tests.feedserver import FeedServer

    s = FeedServer().start()
    yield s
    s.stop()


def need_seeds():
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"sample articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """A database ingested once from ../shared/seeds for the end-to-end tests."""
    need_seeds()
    import db
    from briefing.ingest_run import run_ingest

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    c = db.connect(path)
    summary = run_ingest(c, [str(SEEDS)])
    c.close()
    assert summary.failed == 0, summary.errors
    return path


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Textual runs on asyncio: every async test and fixture does too."""
    return "asyncio"


@pytest.fixture(scope="module")
def fx_db(tmp_path_factory) -> Path:
    """The hand-made database of tests/app_fixtures.py, built once per module: the tests that
    share it only read it (a test that changes its database builds its own)."""
    from tests import app_fixtures

    return app_fixtures.build(tmp_path_factory.mktemp("fixtures") / "briefing.db")


@pytest.fixture
async def pilot(fx_db):
    """The app running on ``fx_db`` at 100x30 (``pilot.app``), its first screen's data loaded."""
    from tests import app_fixtures

    app = app_fixtures.make_app(fx_db)
    async with app_fixtures.running(app) as pilot:
        yield pilot
