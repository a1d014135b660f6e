"""A per-article CPU-time budget for extraction.

Extractors run one after the other and check the deadline between steps (between
extractors, and between quotes, dates and figures inside the longest ones); past it they
stop and keep what they found. No signal or thread interrupts them, so nothing is left
half-built: an article past its budget is stored with what was found and marked as cut
short, and the ingest moves on.
"""
from __future__ import annotations

import resource
import time
from dataclasses import dataclass, field

_THREAD = getattr(resource, "RUSAGE_THREAD", None)


def cpu_seconds() -> float:
    """This thread's CPU time, in seconds: the clock every ``Deadline`` reads.

    ``getrusage(RUSAGE_THREAD)`` (Linux) rather than ``time.thread_time()``: the latter makes
    the kernel bring the running thread's account up to date first, which on a virtual
    machine can cost tens of microseconds a read (bench/README.md, session 32), and a read
    starts every article. The account it returns can be a scheduler tick behind, which a
    budget of seconds does not notice."""
    if _THREAD is None:
        return time.thread_time()
    r = resource.getrusage(_THREAD)
    return r.ru_utime + r.ru_stime


@dataclass
class Deadline:
    """``seconds`` of this thread's CPU time from when it was made (a thread's, so an app
    that extracts in a worker thread does not charge its interface's work to the article)."""
    seconds: float
    start: float = -1.0              # the thread's CPU clock at the start (default: now)
    expired: bool = False
    wall_start: float = field(init=False)

    def __post_init__(self) -> None:
        now = cpu_seconds()
        if self.start < 0:
            self.start = now
        # the wall clock at the start: CPU time already spent (an earlier ``start``) counts
        # as wall time gone
        self.wall_start = time.perf_counter() - (now - self.start)

    def passed(self) -> bool:
        """Has the budget run out? Once it has, it stays out (and the clock is not read again).

        A thread's CPU time never runs ahead of the wall clock, so until ``seconds`` of wall
        time have gone the budget cannot have run out, and the thread's CPU clock (a system
        call, where the wall clock is not) is not read."""
        if self.expired:
            return True
        if time.perf_counter() - self.wall_start <= self.seconds:
            return False
        if cpu_seconds() - self.start > self.seconds:
            self.expired = True
        return self.expired


def passed(deadline: Deadline | None) -> bool:
    """``deadline.passed()``, where no deadline never passes."""
    return deadline is not None and deadline.passed()
