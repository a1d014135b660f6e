"""Parse the publication dates news sites print into ISO 8601 strings.

Handles "2:32pm PDT, Jun 8, 2025", "June 8, 2025", "8 June 2025",
"2025-06-08", "2025-06-08T14:32:00Z", RFC 822 feed dates
("Sun, 08 Jun 2025 14:32:00 GMT"), "Thursday, June 5, 2025 at 2:32 p.m. ET",
and the same with a "Published"/"Updated" label in front.

Output: ``YYYY-MM-DD`` when only the day is known, ``YYYY-MM-DDTHH:MM:SS``
when the time is known, plus ``±HH:MM`` when the zone is known. A date
without a day or a year, a relative date ("3 hours ago") or an implausible
year gives None: a wrong publication date is worse than none, because event
dates are resolved against it.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

__all__ = ["parse_published", "looks_like_date_line", "TZINFOS", "MIN_YEAR"]

MIN_YEAR = 1900


def _max_year() -> int:
    return datetime.now().year + 1


_MAX_YEAR_AT_START = _max_year()    # the latest year stays plausible: asked again only past it


def _fixed(hours: float, name: str) -> timezone:
    return timezone(timedelta(hours=hours), name)


def _zone(key: str, hours: float, name: str) -> tzinfo:
    """An IANA zone for ambiguous labels like "ET" (EST or EDT by date), else a fixed offset."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(key)
    except Exception:  # noqa: BLE001 - no tz database on this machine
        return _fixed(hours, name)


# Abbreviations printed by US and European news sites. Ambiguous ones worldwide
# (IST, CST in China, BST in Bangladesh) are resolved the way US/EU outlets use them.
TZINFOS: dict[str, tzinfo] = {
    "UTC": timezone.utc, "GMT": timezone.utc, "Z": timezone.utc, "UT": timezone.utc,
    "EST": _fixed(-5, "EST"), "EDT": _fixed(-4, "EDT"),
    "CST": _fixed(-6, "CST"), "CDT": _fixed(-5, "CDT"),
    "MST": _fixed(-7, "MST"), "MDT": _fixed(-6, "MDT"),
    "PST": _fixed(-8, "PST"), "PDT": _fixed(-7, "PDT"),
    "AKST": _fixed(-9, "AKST"), "AKDT": _fixed(-8, "AKDT"),
    "HST": _fixed(-10, "HST"), "AST": _fixed(-4, "AST"), "ADT": _fixed(-3, "ADT"),
    "NST": _fixed(-3.5, "NST"), "NDT": _fixed(-2.5, "NDT"),
    "ET": _zone("America/New_York", -5, "ET"), "CT": _zone("America/Chicago", -6, "CT"),
    "MT": _zone("America/Denver", -7, "MT"), "PT": _zone("America/Los_Angeles", -8, "PT"),
    "WET": _fixed(0, "WET"), "WEST": _fixed(1, "WEST"),
    "BST": _fixed(1, "BST"), "IST": _fixed(1, "IST"),
    "CET": _fixed(1, "CET"), "CEST": _fixed(2, "CEST"), "MEZ": _fixed(1, "MEZ"),
    "MESZ": _fixed(2, "MESZ"),
    "EET": _fixed(2, "EET"), "EEST": _fixed(3, "EEST"),
    "MSK": _fixed(3, "MSK"), "TRT": _fixed(3, "TRT"),
    "AEST": _fixed(10, "AEST"), "AEDT": _fixed(11, "AEDT"),
    "JST": _fixed(9, "JST"), "KST": _fixed(9, "KST"), "HKT": _fixed(8, "HKT"),
    "SGT": _fixed(8, "SGT"),
}


def _tzinfos(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil callback: known names, explicit offsets; unknown names stay naive (no warning)."""
    if name:
        tz = TZINFOS.get(name.upper())
        if tz is not None:
            return tz
    if offset is not None:
        return timezone(timedelta(seconds=offset))
    return None


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Cheap gate before dateutil: a month name next to a year, or an all-numeric date.
_DATEISH = re.compile(
    rf"\b{_MONTH}\b\.?.{{0,30}}\b(?:1[89]|2\d)\d\d\b"
    rf"|\b(?:1[89]|2\d)\d\d\b.{{0,30}}\b{_MONTH}\b"
    r"|\b(?:1[89]|2\d)\d\d[-/.]\d\d?[-/.]\d\d?\b"
    r"|\b\d\d?[-/.]\d\d?[-/.](?:1[89]|2\d)\d\d\b",
    re.IGNORECASE,
)
# Labels in front of (or after) the date on a date line; removed before parsing.
_LABEL = re.compile(
    r"^\s*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|created|issued|"
    r"released|filed|written|dated?)(?:\s+(?:on|at))?|last\s+updated|date|on)\s*[:\-–—|]?\s*",
    re.IGNORECASE,
)
_AMPM = re.compile(r"\b([ap])\.\s?m\.?(?=\s|$|[,)])", re.IGNORECASE)
_AT = re.compile(r"\s(?:at|@|-|–|—|\||·|•)\s", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$")
_RELATIVE = re.compile(r"\b(?:ago|yesterday|today|tomorrow|just now)\b", re.IGNORECASE)
_TRAILING_JUNK = re.compile(r"[\s,.;|/]+$")

_D1 = datetime(2001, 1, 1, 0, 0, 0, 0)
_D2 = datetime(2002, 2, 2, 1, 1, 1, 1)


def _iso(dt: datetime, has_time: bool) -> str:
    if not has_time:
        return dt.strftime("%Y-%m-%d") if dt.year >= 1000 else dt.date().isoformat()
    if dt.microsecond:
        dt = dt.replace(microsecond=0)
    return dt.isoformat()


def _plausible(dt: datetime) -> bool:
    return MIN_YEAR <= dt.year and (dt.year <= _MAX_YEAR_AT_START or dt.year <= _max_year())


def _fast_iso(s: str) -> str | None:
    """ISO 8601 strings (the common case in JSON and meta tags) without dateutil: the forms
    ``_ISO`` admits ("Z", a space for "T", "+0200") are all ``datetime.fromisoformat``'s."""
    if not _ISO.match(s):
        return None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        return None
    if not _plausible(dt):
        return None
    if len(s) == 10 or (len(s) == 19 and s[10] == "T"):
        return s            # "2025-06-08", "2025-06-08T14:32:00": already as _iso writes them
    return _iso(dt, len(s) > 10)


def parse_published(value: object) -> str | None:
    """ISO 8601 for a printed publication date, or None when unparseable/implausible.

    Accepts strings, datetime objects and Unix timestamps (seconds or
    milliseconds, as JSON exports write them); anything else gives None.
    """
    if isinstance(value, str):
        return _parse_str(value)
    if isinstance(value, datetime):
        return _iso(value, True) if _plausible(value) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        ts = float(value)
        if ts != ts or abs(ts) > 1e15:  # NaN or absurd
            return None
        if abs(ts) > 1e11:
            ts /= 1000.0
        try:
            dt = datetime.fromtimestamp(ts, timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _iso(dt, True) if _plausible(dt) else None
    return None


@lru_cache(maxsize=4096)
def _parse_str(value: str) -> str | None:
    """Cached: feeds and JSON exports repeat the same few date strings thousands of times."""
    s = value.strip()
    if not s or len(s) > 120:
        return None
    fast = _fast_iso(s)
    if fast is not None:
        return fast
    quick = _fast_text(s)
    if quick is not False:
        return quick  # type: ignore[return-value]
    if _RELATIVE.search(s):
        return None
    s = _LABEL.sub("", s, count=1)
    s = _AMPM.sub(r"\1m", s)
    s = _AT.sub(" ", s)
    s = _TRAILING_JUNK.sub("", s)
    if not s:
        return None
    fast = _fast_text(s)
    if fast is not False:
        return fast  # type: ignore[return-value]
    return _parse_with_dateutil(s)


_MONTHS = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for m in names}
_TIME = r"(?P<{p}H>\d{{1,2}})(?:(?::|\.)(?P<{p}M>\d\d)(?::(?P<{p}S>\d\d)(?:\.\d+)?)?)?\s*(?P<{p}ap>[ap]m)?"
_TZ = r"(?P<{p}tz>[A-Za-z]{{1,5}}|[+-]\d\d:?\d\d|Z)"
# The shapes news sites and feeds print, parsed without dateutil (10x faster):
# "[Sun, ]08 Jun 2025[ 14:32:00][ GMT]", "26-FEB-1987 15:01:01.79", "June 8, 2025[, 2:32 pm ET]",
# "2:32pm PDT, Jun 8, 2025".
_FAST = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:" + _TIME.format(p="a") + r"(?:\s+" + _TZ.format(p="a") + r")?,?\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+(?P<m1>[a-z]{3,9})\.?,?[\s\-/.]+(?P<y1>\d{4})"
    r"|(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))"
    r"(?:,?\s+" + _TIME.format(p="b") + r")?"
    r"(?:\s*" + _TZ.format(p="b") + r")?\s*$",
    re.IGNORECASE,
)


def _fast_text(s: str) -> str | None | bool:
    """Parse the common printed shapes; False when the shape is not one of them."""
    m = _FAST.match(s)
    if not m:
        return False
    g = m.groupdict()
    month = _MONTHS.get((g["m1"] or g["m2"]).lower())
    if month is None:
        return False
    day = int(g["d1"] or g["d2"])
    year = int(g["y1"] or g["y2"])
    p = "a" if g["aH"] else "b" if g["bH"] else None
    hour = minute = second = 0
    tz: tzinfo | None = None
    if p:
        if not g[p + "M"] and not g[p + "ap"]:
            return False     # a bare number after the date is not a time
        hour, minute, second = int(g[p + "H"]), int(g[p + "M"] or 0), int(g[p + "S"] or 0)
        ap = (g[p + "ap"] or "").lower()
        if ap:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ap == "pm" else 0)
    tzs = g["atz"] or g["btz"]
    if tzs:
        if tzs[0] in "+-":
            sign = -1 if tzs[0] == "-" else 1
            digits = tzs[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        else:
            tz = TZINFOS.get(tzs.upper())
            if tz is None:
                return False    # an unknown word: let dateutil judge the whole string
    try:
        dt = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except (ValueError, OverflowError):
        return None
    if not _plausible(dt):
        return None
    return _iso(dt, p is not None)


def _parse_with_dateutil(s: str) -> str | None:
    from dateutil import parser as du

    try:
        a = du.parse(s, default=_D1, tzinfos=_tzinfos)
        b = du.parse(s, default=_D2, tzinfos=_tzinfos)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None
    except Exception:  # noqa: BLE001 - dateutil raises odd things on odd input
        return None
    if a.year != b.year or a.month != b.month or a.day != b.day:
        return None  # year, month or day missing: not a publication date
    # Fields that differ between the two parses were filled from the defaults.
    has_time = a.hour == b.hour and a.minute == b.minute
    if not _plausible(a):
        return None
    return _iso(a, has_time)


def looks_like_date_line(line: str) -> bool:
    """Cheap test: could this short line be just a date (worth a full parse)?"""
    return len(line) <= 90 and _DATEISH.search(line) is not None
