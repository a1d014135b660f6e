"""Half of a search's ranking done in a forked child while this process does the other half.

bm25 over a common word's matches is CPU-bound C: at 200k articles "oil" matches 15-17k rows in
each of the article and event indexes, ~2.5 us of bm25 a row. Two threads on two connections
gained little when tried (1.2x, not 2x); two processes, each ranking half of every kind's ids,
take about half the time on two cores (measured: 123 -> 64 ms for "oil").

Only for a fresh single-threaded process such as a CLI command, and never with a connection
open across the fork (SQLite forbids carrying one into a child): the caller forks first, then
both open their own connections at the same time.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from db.queries import Filters

# Below this size a ranking takes a few ms: forking would not repay (about 3.5 KB an article).
FORK_FROM_BYTES = 32 << 20


class ChildRanking:
    """A share of a ranking under way in a child: :meth:`ask` it, then read :meth:`result`."""

    def __init__(self, pid: int, result_fd: int, ask_fd: int):
        self.pid, self._fd, self._ask = pid, result_fd, ask_fd
        self.upto: dict[str, int] = {}

    def ask(self, f: "Filters", upto: dict[str, int]) -> None:
        """Send the filters and, for each kind, the id up to which the child ranks (the caller
        ranks the ids above). The child has opened its connection meanwhile."""
        import marshal

        self.upto = dict(upto)
        self._send(marshal.dumps((tuple(f), self.upto)))

    def result(self) -> dict[str, list[tuple[int, float]]] | None:
        """Each asked kind's (id, rank) pairs, or None if the child failed (rank them here)."""
        import marshal

        if self._fd < 0:                  # read (or cancelled) already
            return None
        self._send(b"")                   # never asked: the child gets nothing and gives up
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
            got = marshal.loads(b"".join(chunks))
            return {k: [(int(i), float(r)) for i, r in got[k]] for k in self.upto}
        except (EOFError, ValueError, TypeError, KeyError):
            return None

    def cancel(self) -> None:
        """Stop the child if it is still running (the caller failed or was interrupted)."""
        if self.pid:
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass
        self._send(b"")
        self._reap()

    def _send(self, data: bytes) -> None:
        fd, self._ask = self._ask, -1
        if fd < 0:
            return
        try:
            _write_all(fd, data)
        except OSError:                   # the child is gone: result() says so
            pass
        finally:
            os.close(fd)

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


def should_fork(path: str) -> bool:
    """Whether ranking in a child repays its cost: fork exists, this process runs no other
    thread (forking a threaded process can deadlock the child) and the database is big."""
    import sys

    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    try:
        return os.path.getsize(path) >= FORK_FROM_BYTES
    except OSError:
        return False


def rank_in_child(path: str, query: str, n: int, advanced: bool | None = None) -> ChildRanking | None:
    """Fork a child that opens its own read-only connection to ``path`` (while the caller opens
    its own) and, once :meth:`ChildRanking.ask` gives it the filters and its share of the ids,
    ranks each kind's best ``n`` ids of that share for ``query``. Call it with no connection
    open. None when the fork failed."""
    from db.queries import Filters

    result_r, result_w = os.pipe()
    ask_r, ask_w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for fd in (result_r, result_w, ask_r, ask_w):
            os.close(fd)
        return None
    if pid == 0:                          # the child: never returns, never runs the parent's cleanup
        code = 1
        try:
            os.close(result_r)
            os.close(ask_w)
            import marshal

            from db.connection import connect
            from db.queries import ranked_ids

            conn = connect(path, create=False, readonly=True)
            asked = _read_all(ask_r)
            if asked:
                f, upto = marshal.loads(asked)
                f = Filters(*f)
                got = {k: [list(p) for p in ranked_ids(conn, query, k, f, n, advanced, (None, v))]
                       for k, v in upto.items()}
                _write_all(result_w, marshal.dumps(got))
                code = 0
        except BaseException:             # the parent ranks this share itself; nothing to print here
            pass
        finally:
            os._exit(code)
    os.close(result_w)
    os.close(ask_r)
    return ChildRanking(pid, result_r, ask_w)


def _read_all(fd: int) -> bytes:
    chunks = []
    while b := os.read(fd, 1 << 16):
        chunks.append(b)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
