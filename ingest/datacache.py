"""The place gazetteer, built from the shipped data files, kept on disk between runs.

Why: building it from ``ingest/data/`` takes about 0.3 s (34,000 cities normalised and
ranked), reading it back about 0.03 s (bench/README.md), and every ``briefing ingest``
pays it before its first article: more than a handful of articles take to extract. A table
is stored under a key made of everything it is built from (the builder's source files, the
data files it reads, the installed packages' install records and the Python version), so any
change to those builds it afresh; a missing, unreadable or corrupt entry is built again too.
Nothing here is needed for correctness: where the cache cannot be written, the table is
built each time.

Where: ``$BRIEFING_CACHE_DIR``, else the platform's user cache folder (platformdirs:
``$XDG_CACHE_HOME/briefing``, else ``~/.cache/briefing`` on Linux).
"""
from __future__ import annotations

import os
import pickle
import sys
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

# bumped when what a stored entry means changes in a way its sources do not show
FORMAT = 3


def cache_dir() -> str:
    own = os.environ.get("BRIEFING_CACHE_DIR")
    if own:
        return own
    import platformdirs

    return platformdirs.user_cache_dir("briefing")


def load_or_build(name: str, build: Callable[[], T], *, files: Iterable[str | os.PathLike] = (),
                  packages: Iterable[str] = ()) -> T:
    """``build()``, or what an earlier run stored for the very same ``files`` (read whole)
    and ``packages`` (as installed: see ``package_stamp``)."""
    try:
        key = _key(name, files, packages)
    except OSError:
        return build()                 # a source cannot be read: build, and store nothing
    path = os.path.join(cache_dir(), f"{name}-{key}.pickle")
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - missing, truncated, written by another version: rebuild
        pass
    value = build()
    _store(path, name, value)
    return value


def _key(name: str, files: Iterable[str | os.PathLike], packages: Iterable[str]) -> str:
    import hashlib

    h = hashlib.sha1(f"{FORMAT}:{name}:{sys.version_info[:2]}".encode())
    for p in files:
        with open(p, "rb") as f:
            h.update(f.read())
        h.update(b"\0")
    for pkg in packages:
        h.update(package_stamp(pkg).encode())
    return h.hexdigest()[:16]


def package_stamp(pkg: str) -> str:
    """What changes when a package is upgraded or reinstalled, without importing it: its
    installed metadata (the version in the folder's name, and RECORD, the list of every file
    it installed with its hash, rewritten by each install); for a package without any (a
    source checkout), its files' names, sizes and times."""
    from importlib.util import find_spec

    spec = find_spec(pkg)
    if spec is None or not spec.submodule_search_locations:
        return f"{pkg}:absent"
    for root in spec.submodule_search_locations:
        parent = os.path.dirname(root)
        for entry in os.listdir(parent):
            if entry.endswith(".dist-info") and entry.split("-")[0].lower().replace(".", "_") == pkg.lower():
                st = os.stat(os.path.join(parent, entry, "RECORD"))
                return f"{pkg}:{entry}:{st.st_size}:{st.st_mtime_ns}"
    parts = [pkg]
    for root in spec.submodule_search_locations:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for fn in sorted(filenames):
                st = os.stat(os.path.join(dirpath, fn))
                parts.append(f"{os.path.relpath(os.path.join(dirpath, fn), root)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def _store(path: str, name: str, value: object) -> None:
    """Written whole or not at all (a temporary file renamed), older entries of ``name`` removed."""
    folder = os.path.dirname(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        keep = os.path.basename(path)
        for old in os.listdir(folder):
            if old.startswith(f"{name}-") and old.endswith(".pickle") and old != keep:
                try:
                    os.remove(os.path.join(folder, old))
                except OSError:
                    pass
    except Exception:  # noqa: BLE001 - read-only home, full disk, unpicklable: just don't keep it
        try:
            os.remove(tmp)
        except OSError:
            pass
