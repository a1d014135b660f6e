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
import briefing.export, briefing.ingest_run
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


def test_import_contracts_hold():
    """The layers as pyproject.toml's import-linter contracts state them (what `lint-imports`
    checks): ingest imports neither db nor briefing, db no Textual or Rich."""
    code = ("import sys\nfrom importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filenames=('pyproject.toml',), no_cache=True, show_timings=False,"
            " verbose=False))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_briefing_reaches_sql_only_through_db():
    """No statement is run outside db/: the app and the CLI call db.queries and db.store."""
    import re

    running = re.compile(r"\.(execute|executemany|executescript)\(")
    found = [f"{p.relative_to(REPO)}:{n}" for p in sorted((REPO / "briefing").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if running.search(line)]
    assert not found


def test_briefing_holds_no_sql_statements():
    """No SQL text in briefing/ either (a statement handed to db/ to run would pass the test
    above): every query is a db/ function with a name."""
    import ast
    import re

    statement = re.compile(r"^\s*(SELECT|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|PRAGMA|CREATE\s+"
                           r"(TABLE|INDEX|VIRTUAL|TRIGGER)|DROP\s+(TABLE|INDEX|TRIGGER)|WITH\s+\w+\s+AS)\b")
    found = []
    for p in sorted((REPO / "briefing").rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}     # docstrings
        found += [f"{p.relative_to(REPO)}:{n.lineno}" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in prose
                  and statement.match(n.value)]
    assert not found
