"""Quotes as a journalist cites them: the words closed cleanly, who said them, where and when.

Plain strings, no terminal: the app's ``y`` (copy) and the Markdown export both use these.
"""
from __future__ import annotations

import calendar
import re

from ingest.sanitize import clean_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from db.rows import Quote

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_OPEN_END = re.compile(r"[\s,;:\u2013\u2014-]+$")       # a comma, or a dash, left by "…,” he said"


def _line(value: object) -> str:
    return " ".join(clean_text("" if value is None else str(value)).split())


def quote_words(text: str, partial: bool = False) -> str:
    """A quote's words ending as a sentence would: "…cannot be reliance," (cut where the
    attribution followed) becomes "…cannot be reliance." (so does one cut before its comma);
    a partial quote, set inside a sentence of its own, just drops the comma."""
    words = _line(text)
    trimmed = _OPEN_END.sub("", words)
    if not trimmed or partial:
        return trimmed or words
    return trimmed if trimmed[-1] in ".?!…'\"’”)]" else trimmed + "."


def human_date(value: object) -> str:
    """'2025-06-08T14:32:00-07:00' or '2025-06-08' -> '8 June 2025'; '2025-06' -> 'June 2025'."""
    m = _DAY.match(_line(value))
    if not m:
        return _line(value)
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def period(since: str | None, until: str | None) -> str:
    """A date range as a heading says it: 'June 2025', '2025', '3 June 2025 – 2030', 'since May 2025'."""
    if not since and not until:
        return ""
    if not until:
        return f"since {human_date(since)}"
    if not since:
        return f"until {human_date(until)}"
    if since == until:
        return human_date(since)
    if since[:4] == until[:4] and since[4:] in ("", "-01", "-01-01") and until[4:] in ("", "-12", "-12-31"):
        return since[:4]
    if since[:7] == until[:7] and len(since) >= 7:
        last = calendar.monthrange(int(until[:4]), int(until[5:7]))[1]
        if since[7:] in ("", "-01") and until[7:] in ("", f"-{last:02d}") or not (since[7:] and until[7:]):
            return human_date(since[:7])                 # the whole month, or a month and a day in it
        return f"{int(since[8:10])}–{human_date(until)}"  # 3–25 June 2025
    return f"{human_date(since)} – {human_date(until)}"


ORGANISATION_MARK = " (organisation)"


def speaker_label(name: object, kind: object = None) -> str:
    """A speaker's name as shown, marked when the speaker is an organisation ('the company
    said'), so it is never read as a person; "" for an unknown speaker."""
    name = str(name or "")
    return name + ORGANISATION_MARK if name and kind == "organisation" else name


def citation(q: Quote) -> str:
    """One line to paste into a memo: “words.” — Speaker, role, outlet (or title), 8 June 2025."""
    words = quote_words(q.text or "", q.partial)
    quoted = f"… “{words}” …" if q.partial else f"“{words}”"
    who = [_line(speaker_label(q.speaker, q.speaker_kind)) or "unknown speaker"]
    if q.role:
        who.append(_line(q.role))
    where = _line(q.outlet) or _line(q.title)
    if where.endswith(".") and not where.endswith(".."):
        where = where[:-1]                     # a headline's full stop would stand before the comma
    when = human_date(q.date or q.day)
    if when and q.date_inferred and not q.published:
        when += " (date inferred)"             # the article had no date of its own
    tail = ", ".join(x for x in (*who, where, when) if x)
    return f"{quoted} — {tail}"
