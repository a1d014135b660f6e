"""Build: the extractors compiled to C with mypyc, when it can; pure Python when it cannot.

Why: extraction is most of an ingest's CPU (regular expressions plus many small loops over
words and tuples), and mypyc runs those loops ~1.3-1.6x faster from the same typed source.
Compiling is an optimisation, never a requirement: with ``BRIEFING_PURE=1``, without mypyc or
without a C compiler, the same modules install as plain Python and behave the same (a test
checks the compiled ones against their sources). Everything else lives in pyproject.toml.
"""
from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The extraction modules: pure functions over str/int/tuples, fully typed (mypy-clean).
# ingest/extract/__init__.py stays Python: tests and callers replace `extract` on it.
COMPILED = [
    f"ingest/extract/{name}.py"
    for name in ("names", "people", "dates", "events", "figures", "countries",
                 "sentences", "quotes", "speakers", "variants")
]


class _OptionalBuildExt(build_ext):
    """A failed compile leaves the pure-Python modules in place instead of failing the
    install. All or none: each compiled module is a shim over one shared library."""

    def run(self) -> None:
        self._failure: Exception | None = None
        try:
            super().run()
        except Exception as e:  # no compiler, no headers
            self._failure = e
        if self._failure is not None:
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            print(f"briefing: compiling the extractors failed ({self._failure}); installing them "
                  "as pure Python", file=sys.stderr)

    def build_extension(self, ext) -> None:
        if self._failure is None:
            try:
                super().build_extension(ext)
            except Exception as e:
                self._failure = e


def _ext_modules() -> list:
    if os.environ.get("BRIEFING_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("briefing: mypyc is not installed; the extractors stay pure Python", file=sys.stderr)
        return []
    try:
        # the optional dependencies' packages ship no type information: typed as Any
        return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3", group_name="briefing_extract")
    except (Exception, SystemExit) as e:     # mypy refuses the source (a newer mypy's new check)
        print(f"briefing: mypyc could not compile the extractors ({e}); they stay pure Python", file=sys.stderr)
        return []


setup(ext_modules=_ext_modules(), cmdclass={"build_ext": _OptionalBuildExt})
