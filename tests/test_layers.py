"""The headless core stays headless: ingest/ and db/ never load Textual or Rich, ingest/ never SQL."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def _loaded_after(imports: str) -> set[str]:
    code = f"import sys\n{imports}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


CORE = """
import ingest, ingest.model, ingest.pipeline, ingest.sanitize, ingest.readers
import ingest.extract, ingest.extract.quotes, ingest.extract.speakers, ingest.extract.people
import ingest.extract.countries, ingest.extract.events, ingest.extract.dates, ingest.extract.figures
import ingest.extract.variants
import db, db.schema, db.store, db.queries, db.fts
import briefing.export, briefing.ingesting
import ingest.fetch.http, ingest.fetch.discover, ingest.fetch.opml, db.feeds
"""


def test_core_never_loads_textual_or_rich():
    mods = _loaded_after(CORE)
    assert not {m for m in mods if m.split(".")[0] in ("textual", "rich")}


def test_ingest_never_speaks_sql():
    mods = _loaded_after("""
import ingest.pipeline, ingest.readers, ingest.extract
from ingest.model import Article
from ingest.pipeline import process
process(Article(source="x", body='"We will act," Jane Doe said in Paris on June 5, 2024.', published="2024-06-07"))
""")
    assert "sqlite3" not in mods and "sqlite_utils" not in mods


@pytest.mark.parametrize("module", ["briefing.cli"])
def test_cli_start_path_is_light(module):
    mods = _loaded_after(f"import {module}")
    heavy = {"textual", "rich", "trafilatura", "lxml", "feedparser", "pandas", "numpy", "sqlite_utils"}
    assert not {m.split(".")[0] for m in mods} & heavy
