"""Linear growth, measured as CPU time: the one check of the pathological-input tests.

``assert_linear(fn, make_input)`` grows the input until ``fn`` takes a measurable amount of
CPU time, then checks that eight times the input costs at most twenty times the time (a
quadratic step costs 64 times; a linear one on a megabyte-sized input, out of the CPU's
caches and beside another test process, was seen at 12). CPU time of this process (``time.process_time``), the least
of up to three runs, so another program on the machine does not make a test fail; the
ratio, never an absolute time, is what is asserted. A run past its bound is stopped by a
CPU-time timer, so a quadratic or exponential function fails in seconds instead of hanging
the suite.
"""
from __future__ import annotations

import gc
import math
import signal
import time
from typing import Callable, Sized, TypeVar

T = TypeVar("T", bound=Sized)

FACTOR = 8           # how much bigger the second input is
SLACK = 20.0         # how much longer it may take (linear: 8; quadratic: 64)
FLOOR = 0.05         # CPU seconds the first size takes at least, so timer noise is small
RUNS = 3             # the least of this many runs is the measurement
JUMP = 40            # while the size doubles, a run this many times the one before fails at once
MAX_LEN = 1_000_000  # the largest first input: a function still under FLOOR is called repeatedly


class _OverBudget(BaseException):
    """Not an Exception: code under test may catch those from third-party code and carry on."""


def _on_timer(signum, frame):
    raise _OverBudget


def cpu_time(fn: Callable[[T], object], inputs: list[T], budget: float | None = None) -> float:
    """CPU seconds of ``fn`` called once on each of ``inputs``; ``inf`` once past ``budget``.

    Each call gets an input object of its own: a cache keyed on the last text seen must not
    make a repeated call look free. The cyclic garbage collector is off during the calls (an
    ingest turns it off; its workers collect rarely): its full passes walk every object alive
    in the test process, a growing share at larger sizes that is not the code under test."""
    gc.collect()
    old = signal.signal(signal.SIGPROF, _on_timer)
    enabled = gc.isenabled()
    gc.disable()
    try:
        if budget is not None:
            signal.setitimer(signal.ITIMER_PROF, budget, 0.05)   # again and again, until it ends
        t0 = time.process_time()
        try:
            for arg in inputs:
                fn(arg)
        except _OverBudget:
            return math.inf
        return time.process_time() - t0
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        if enabled:
            gc.enable()
        signal.signal(signal.SIGPROF, old)


def assert_linear(fn: Callable[[T], object], make_input: Callable[[int], T], start: int = 16,
                  factor: int = FACTOR, slack: float = SLACK) -> None:
    """``fn(make_input(factor * n))`` costs at most ``slack`` times ``fn(make_input(n))``.

    ``n`` doubles from ``start`` until a call takes FLOOR seconds (the least of three); past
    MAX_LEN the input stops growing and ``fn`` is called repeatedly instead. While it doubles,
    a run over JUMP times the one before fails at once: an exponential case is caught while
    its runs are still short."""
    fn(make_input(start))          # lazy tables (gazetteers, compiled patterns) built first
    n, prev, repeat = start, 0.0, 1

    def fresh(size: int) -> list[T]:
        return [make_input(size) for _ in range(repeat)]

    while True:
        budget = max(1.0, JUMP * prev)
        t1 = cpu_time(fn, fresh(n), budget)
        assert t1 != math.inf, f"size {n} took over {budget:.2f}s of CPU, {prev:.4f}s at half that size"
        if t1 >= FLOOR:
            t1 = min(t1, *(cpu_time(fn, fresh(n)) for _ in range(RUNS - 1)))
            if t1 >= FLOOR:
                break
        prev = t1
        if len(make_input(n)) * 2 > MAX_LEN:
            repeat *= 2
        else:
            n *= 2
    t8 = math.inf
    for _ in range(RUNS):
        t8 = min(t8, cpu_time(fn, fresh(factor * n), slack * t1))
        if t8 <= slack * t1:
            return
    raise AssertionError(f"not linear: size {n} took {t1:.3f}s of CPU, size {factor * n} took over "
                         f"{slack:g} times that (linear is {factor})")
