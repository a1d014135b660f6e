"""Linear growth, measured as CPU time: the shared check of the pathological-input tests.

``assert_linear(fn, make_input)`` finds a size at which ``fn`` takes a measurable amount
of CPU time, then checks that eight times the input costs at most twelve times the time
(a quadratic step costs 64 times). CPU time of this process (``time.process_time``), the
least of up to three runs, so another program on the machine does not make a test fail;
the ratio, never an absolute time, is what is asserted.
"""
from __future__ import annotations

import gc
import time
from typing import Callable, TypeVar

T = TypeVar("T")

FACTOR = 8          # how much bigger the second input is
SLACK = 12.0        # how much longer it may take (linear: 8; quadratic: 64)
FLOOR = 0.05        # CPU seconds the first size takes at least, so timer noise is small
RUNS = 3            # the least of this many runs is the measurement
MAX_SIZE = 1 << 22  # calibration gives up here: fn does not grow with its input at all


def cpu_time(fn: Callable[[T], object], arg: T, runs: int = 1, below: float | None = None) -> float:
    """The least CPU time of up to ``runs`` calls (stopping early once one is under ``below``).
    The cyclic garbage collector is off during a call (an ingest turns it off; its workers
    collect rarely): its full collections walk every live object, a growing share at larger
    sizes that is not the code under test."""
    best = float("inf")
    enabled = gc.isenabled()
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            t0 = time.process_time()
            fn(arg)
            best = min(best, time.process_time() - t0)
        finally:
            if enabled:
                gc.enable()
        if below is not None and best <= below:
            break
    return best


def calibrate(fn: Callable[[T], object], make_input: Callable[[int], T], start: int = 16,
              floor: float = FLOOR) -> int:
    """The smallest size (``start`` doubled) at which a call takes at least ``floor`` (the
    lesser of two, so one slow first call does not stop the doubling too soon)."""
    n = start
    while n < MAX_SIZE:
        if cpu_time(fn, make_input(n), 2) >= floor:
            return n
        n *= 2
    raise AssertionError(f"{getattr(fn, '__name__', fn)} takes under {floor}s even at size {n}")


def assert_linear(fn: Callable[[T], object], make_input: Callable[[int], T], start: int = 16,
                  factor: int = FACTOR, slack: float = SLACK) -> None:
    """``fn(make_input(factor * n))`` costs at most ``slack`` times ``fn(make_input(n))``."""
    fn(make_input(start))          # lazy tables (gazetteers, compiled patterns) built first
    n = calibrate(fn, make_input, start)
    small, big = make_input(n), make_input(factor * n)
    t1 = cpu_time(fn, small, RUNS)
    t8 = cpu_time(fn, big, RUNS, below=slack * t1)
    assert t8 <= slack * t1, (
        f"not linear: size {n} took {t1:.3f}s of CPU, size {factor * n} took {t8:.3f}s "
        f"({t8 / t1:.1f} times; linear is {factor}, the bound {slack:g})")
