"""A per-article CPU-time budget for extraction.

Extractors run one after the other and check the deadline between steps (between
extractors, and between quotes, dates and figures inside the longest ones); past it they
stop and keep what they found. No signal or thread interrupts them, so nothing is left
half-built: an article past its budget is stored with what was found and marked as cut
short, and the ingest moves on.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Deadline:
    """``seconds`` of this thread's CPU time from when it was made (a thread's, so an app
    that extracts in a worker thread does not charge its interface's work to the article)."""
    seconds: float
    start: float = field(default_factory=time.thread_time)
    expired: bool = False

    def passed(self) -> bool:
        """Has the budget run out? Once it has, it stays out (and the clock is not read again)."""
        if not self.expired and time.thread_time() - self.start > self.seconds:
            self.expired = True
        return self.expired


def passed(deadline: Deadline | None) -> bool:
    """``deadline.passed()``, where no deadline never passes."""
    return deadline is not None and deadline.passed()
