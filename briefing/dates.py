"""Dates typed by the user (--since/--until, filter boxes) to day bounds."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class DateInputError(ValueError):
    """One-line message for a date the user typed that we cannot read."""


def parse_bound(text: str, *, end: bool = False) -> str:
    """'2025' / '2025-06' / 'June 2025' / '5 June 2025' / '2025-06-05' -> first (or last) day covered."""
    t = (text or "").strip()
    if not t:
        raise DateInputError("empty date")
    m = _YEAR.match(t)
    if m:
        y = int(m.group(1))
        return _clamp(y, 12 if end else 1, 31 if end else 1, end)
    m = _MONTH.match(t)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        if not 1 <= mo <= 12:
            raise DateInputError(f"no month {mo} in {t!r}")
        return _clamp(y, mo, 31 if end else 1, end)
    if len(t) > 64:
        raise DateInputError("date too long")
    from dateutil import parser

    try:
        a = parser.parse(t, default=datetime(2000, 1, 1), fuzzy=False)
        b = parser.parse(t, default=datetime(2001, 2, 2), fuzzy=False)
    except (ValueError, OverflowError, TypeError) as e:
        raise DateInputError(f"cannot read {t!r} as a date (try 2025-06-05, 2025-06 or 2025)") from e
    if a.year != b.year:
        raise DateInputError(f"{t!r} has no year (try 'June 2025')")
    y = a.year
    if a.month != b.month:      # year only
        return _clamp(y, 12 if end else 1, 31 if end else 1, end)
    if a.day != b.day:          # month precision
        return _clamp(y, a.month, 31 if end else 1, end)
    return date(y, a.month, a.day).isoformat()


def _clamp(y: int, m: int, d: int, end: bool) -> str:
    if not 1 <= y <= 9999:
        raise DateInputError(f"year {y} is out of range")
    last = calendar.monthrange(y, m)[1]
    return date(y, m, min(d, last) if end else 1 if d < 1 else min(d, last)).isoformat()
