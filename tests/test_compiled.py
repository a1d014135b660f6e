"""The extractors as installed: compiled by mypyc where the machine can (setup.py), and then
doing exactly what their Python source says.

setup.py compiles every module of ingest/extract but its __init__ (which stays Python so
callers and tests can replace ``extract``)."""
from __future__ import annotations

import importlib.util
import os
import pickle
import shutil
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from tests.conftest import CORPORA, REPO, SEEDS

EXTRACT = REPO / "ingest" / "extract"
MODULES = sorted(p.stem for p in EXTRACT.glob("*.py") if p.stem != "__init__")


def _origin(name: str) -> str:
    spec = importlib.util.find_spec(f"ingest.extract.{name}")
    assert spec is not None and spec.origin
    return spec.origin


def _compiled() -> list[str]:
    return [m for m in MODULES if _origin(m).endswith(tuple(EXTENSION_SUFFIXES))]


def test_the_extractors_are_compiled_where_the_machine_can():
    if os.environ.get("BRIEFING_PURE"):
        pytest.skip("BRIEFING_PURE is set: the extractors are meant to be pure Python")
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler: the extractors install as pure Python")
    assert _compiled() == MODULES, (
        "some extractors are pure Python although a C compiler is here: a new module belongs in "
        "setup.py's COMPILED; otherwise install again with `pip install -e .` and read its output")


def test_no_compiled_extractor_is_older_than_its_source():
    """An editable install keeps the compiled module beside the source, and Python imports
    the compiled one: an edited source does nothing until it is built again."""
    stale = [m for m in _compiled()
             if (EXTRACT / f"{m}.py").stat().st_mtime > Path(_origin(m)).stat().st_mtime + 2]
    assert not stale, f"edited since they were compiled: {stale}; run `pip install -e .` again"


_SENTENCES = [
    'On 3 March 2021 the Finance Minister, Anna Berg, said in Oslo: "We will raise spending to 2.5% '
    'of GDP by 2030." Berg added that Norway and Sweden had agreed.',
    "LONDON, May 4 (Wire) - Prime Minister Tom Reed said on Tuesday the country would cut its "
    "deficit by 40 billion pounds over five years. \"It is not easy,\" Reed told reporters.",
    "Sen. Mary O'Neil, a Democrat from Ohio, met Chinese and Brazilian trade officials last "
    "week. Exports fell 3.2 pct in the first quarter of 1987, the ministry said.",
    "\"We are ready,\" said Gen. Paul Dubois, whose 5,000 troops arrived in Mali in January.",
]


def _texts() -> list[str]:
    texts = list(_SENTENCES)
    if SEEDS.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.iterdir()) if p.is_file()]
    bbc = CORPORA / "bbc"
    if bbc.is_dir():
        for section in sorted(p for p in bbc.iterdir() if p.is_dir()):
            texts += [p.read_text(encoding="latin-1") for p in sorted(section.glob("*.txt"))[:40]]
    return texts


_RUN_PURE = """
import pickle, sys
from ingest.extract import extract
from ingest.model import Article
import ingest.extract.people
assert ingest.extract.people.__file__.endswith(".py"), ingest.extract.people.__file__
texts = pickle.load(sys.stdin.buffer)
sys.stdout.buffer.write(pickle.dumps([extract(Article(source=str(i), body=t)) for i, t in enumerate(texts)]))
"""


def test_compiled_extraction_equals_its_python_source(tmp_path):
    """The same articles through the compiled extractors and through their .py sources (a
    copy of the package without the compiled files) give equal records, field by field:
    mypyc checks types at run time, so a wrong annotation would show here as a failure."""
    if not _compiled():
        pytest.skip("the extractors are pure Python here: nothing to compare")
    from ingest.extract import extract
    from ingest.model import Article

    pure = tmp_path / "pure"
    shutil.copytree(REPO / "ingest", pure / "ingest", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    texts = _texts()
    env = {**os.environ, "PYTHONPATH": str(pure)}
    out = subprocess.run([sys.executable, "-c", _RUN_PURE], input=pickle.dumps(texts), env=env, cwd=tmp_path,
                         capture_output=True, check=True, timeout=300).stdout
    expected = pickle.loads(out)
    got = [extract(Article(source=str(i), body=t)) for i, t in enumerate(texts)]
    assert len(got) == len(expected) >= len(_SENTENCES)
    differ = [i for i, (a, b) in enumerate(zip(got, expected)) if a != b]
    assert not differ, f"{len(differ)} of {len(texts)} texts differ, first: {texts[differ[0]][:200]!r}"
    assert sum(len(x.people) + len(x.events) for x in got) > len(texts)      # it did extract
