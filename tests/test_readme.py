"""README.md's layout and dependency table say what the tree and pyproject.toml hold."""
from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _package_name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_file_the_layout_names_exists_and_every_module_is_named():
    layout = _section("Layout")
    named = set(re.findall(r"[\w.]+\.(?:py|tcss|tsv|txt)\b", layout)) - {"robots.txt"}   # the sites' file
    files = {p.name for p in REPO.rglob("*") if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts}
    assert named - files == set(), "the layout names files that are not in the tree"
    modules = {p.name for pkg in ("briefing", "db", "ingest") for p in (REPO / pkg).glob("*.py")
               if p.name != "__init__.py"}
    assert modules - named == set(), "modules the layout does not name"
    folders = {f"{p.name}/" for pkg in ("briefing", "db", "ingest") for p in (REPO / pkg).iterdir()
               if p.is_dir() and p.name != "__pycache__"}
    assert folders - set(re.findall(r"\b\w+/", layout)) == set(), "folders the layout does not name"


def test_the_dependency_table_is_pyprojects_dependencies():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = _section("Dependencies and why")
    runtime, _, rest = deps.partition("Built into plain data files")
    rows = {name.strip().lower().replace("_", "-") for line in runtime.splitlines() if line.startswith("| ")
            for name in line.split("|")[1].split(",")} - {"package", "---"}
    assert rows == {_package_name(r) for r in project["dependencies"]}
    extra_rows = {line.split("|")[1].strip() for line in rest.split("For the tests")[0].splitlines()
                  if line.startswith("| ")} - {"package", "---"}
    assert extra_rows == {_package_name(r) for r in project["optional-dependencies"]["lexicons"]}
    words = rest.split("For the tests", 1)[1].lower().replace("_", "-")
    for extra in ("test", "bench"):
        for r in project["optional-dependencies"][extra]:
            assert _package_name(r) in words, r
