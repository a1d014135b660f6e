"""The headless core stays headless: ingest/ and db/ never load Textual or Rich, ingest/ never SQL."""
from __future__ import annotations

import ast
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
    checks): ingest imports neither db nor briefing, db no Textual or Rich, briefing no
    sqlite-utils."""
    pytest.importorskip("importlinter", reason="import-linter is a [test] dependency: pip install -e '.[test]'")
    code = ("import sys\nfrom importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filenames=('pyproject.toml',), no_cache=True, show_timings=False,"
            " verbose=False))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert f"{len(contracts)} kept, 0 broken" in out.stdout


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


# NamedTuple's public API starts with an underscore too
_TUPLE_API = {"_fields", "_replace", "_asdict", "_make", "_field_defaults"}
_PRODUCT = ("briefing", "db", "ingest", "textual", "rich")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in _TUPLE_API


def private_reaches(source: str) -> list[str]:
    """Where test code reaches a private name: ``from db.store import _x``, ``import
    db._x``, ``thing._x`` (on anything but the test's own ``self``) and ``setattr(thing,
    "_x", …)``, ``monkeypatch.setattr`` included."""
    found = []
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.ImportFrom) and n.module and n.module.split(".")[0] in _PRODUCT:
            found += [f"{n.lineno}: from {n.module} import {a.name}" for a in n.names
                      if _private(a.name) or any(map(_private, n.module.split(".")))]
        elif isinstance(n, ast.Import):
            found += [f"{n.lineno}: import {a.name}" for a in n.names
                      if a.name.split(".")[0] in _PRODUCT and any(map(_private, a.name.split(".")))]
        elif isinstance(n, ast.Attribute) and _private(n.attr) and not (
                isinstance(n.value, ast.Name) and n.value.id in ("self", "cls")):
            found.append(f"{n.lineno}: {ast.unparse(n)}")
        elif (isinstance(n, ast.Call) and ast.unparse(n.func).endswith(("setattr", "getattr", "delattr"))
              and len(n.args) >= 2 and isinstance(n.args[1], ast.Constant)
              and isinstance(n.args[1].value, str) and _private(n.args[1].value)):
            found.append(f"{n.lineno}: {ast.unparse(n.func)}(…, {n.args[1].value!r}, …)")
    return found


def test_the_scan_for_private_names_finds_each_way_in():
    source = ("from db.store import _Pending\nimport ingest._wire\nstore._replaces_stored = f\n"
              "monkeypatch.setattr(pipeline, '_extraction', f)\nx = row._replace(a=1)._fields\n"
              "self._thread = t\nfrom tests.test_db import _article\n")
    assert [f.split(":")[0] for f in private_reaches(source)] == ["1", "2", "3", "4"]


def test_no_test_reaches_a_private_name():
    """Tests use the product's and Textual's public API: a private hook patched in a test pins
    an implementation, and the test stops saying what a user or a caller can rely on."""
    found = [f"{p.name}:{hit}" for p in sorted((REPO / "tests").glob("*.py"))
             for hit in private_reaches(p.read_text(encoding="utf-8"))]
    assert not found
