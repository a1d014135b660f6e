"""One kind of search hit ranked in a forked child while this process ranks the others.

bm25 over a common word's matches is CPU-bound C: at 200k articles "oil" matches 15-17k rows in
each of the article and event indexes, ~2.5 us of bm25 a row. Two threads gain little (SQLite's
threads contend on its allocator mutex); two processes rank the two big indexes in about half
the time on two cores. Only for a fresh single-threaded process such as a CLI command, and
never with a connection open across the fork: SQLite forbids carrying one into a child, so the
caller closes its own first and the child opens one of its own.
"""
from __future__ import annotations

import os
import sqlite3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from db.queries import Filters

# Below this many articles a ranking takes a few ms: forking and a second connection would not repay.
FORK_FROM_ARTICLES = 10_000


class ChildRanking:
    """The pending result of :func:`rank_in_child`; read it once with :meth:`result`."""

    def __init__(self, pid: int, fd: int):
        self.pid, self._fd = pid, fd

    def result(self) -> list[tuple[int, float]] | None:
        """The child's (id, rank) pairs, or None if it failed (the caller then ranks here)."""
        import marshal

        if self._fd < 0:                  # read (or cancelled) already
            return None
        chunks = []
        try:
            while True:
                b = os.read(self._fd, 1 << 16)
                if not b:
                    break
                chunks.append(b)
        finally:
            ok = self._reap()
        if not ok:
            return None
        try:
            return [tuple(p) for p in marshal.loads(b"".join(chunks))]
        except (EOFError, ValueError, TypeError):
            return None

    def cancel(self) -> None:
        """Stop the child if it is still running (the caller failed or was interrupted)."""
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass
            self._reap()

    def _reap(self) -> bool:
        pid, self.pid = self.pid, 0
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if not pid:
            return False
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0


def should_fork(conn: sqlite3.Connection) -> bool:
    """Whether ranking in a child repays its cost here: fork exists, this process runs no other
    thread (forking a threaded process can deadlock the child) and the corpus is big enough."""
    import sys

    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    biggest = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    return bool(biggest) and biggest >= FORK_FROM_ARTICLES


def rank_in_child(path: str, query: str, kind: str, f: "Filters", n: int,
                  advanced: bool | None = None) -> ChildRanking | None:
    """Fork a child that ranks ``kind``'s best ``n`` ids for ``query`` inside ``f`` on its own
    read-only connection to ``path``. The caller must hold no open connection. None when the
    fork failed (rank here instead)."""
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:                          # the child: never returns, never runs the parent's cleanup
        code = 1
        try:
            os.close(r)
            import marshal

            from db.connection import connect
            from db.queries import ranked_ids

            conn = connect(path, create=False, readonly=True)
            data = marshal.dumps([list(p) for p in ranked_ids(conn, query, kind, f, n, advanced)])
            view = memoryview(data)
            while view:
                view = view[os.write(w, view):]
            code = 0
        except BaseException:             # the parent ranks this kind itself; nothing to print here
            pass
        finally:
            os._exit(code)
    os.close(w)
    return ChildRanking(pid, r)
