"""Safe Rich text from article data: every data string is shown literally.

Article text is attacker-controlled. Nothing from it may ever be parsed as Rich/Textual
markup or reach the terminal as an escape sequence, so every string goes through
``clean_text`` and into a :class:`rich.text.Text` via ``append`` (which never parses
markup). Widgets get ``Text`` objects, never markup strings built from data.
"""
from __future__ import annotations

import os
import re
from typing import Iterable

from rich.style import Style
from rich.text import Text

from db.rows import CountryFigure, Figure
from ingest.sanitize import clean_text

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"   # private-use marks around FTS snippet matches
ELLIPSIS = "…"


def clean(value: object) -> str:
    """A data value as a safe string (None -> '')."""
    if value is None:
        return ""
    return clean_text(str(value))


def one_line(value: object) -> str:
    """A data value folded onto one line (titles, sentences in list rows)."""
    return " ".join(clean(value).split())


def safe(value: object, style: str | Style = "") -> Text:
    """A literal Text for a data value: markup-like text stays as typed."""
    return Text(one_line(value), style=style, no_wrap=False)


def assemble(*parts: tuple[object, str | Style] | str | Text) -> Text:
    """Join literal pieces: ``(value, style)`` pairs are data, bare strings are our own labels."""
    out = Text()
    for p in parts:
        if isinstance(p, Text):
            out.append_text(p)
        elif isinstance(p, tuple):
            out.append(one_line(p[0]), style=p[1])
        else:
            out.append(p)
    return out


_JOINED = re.compile(f"{MARK_CLOSE}(['’]){MARK_OPEN}")
_TAIL = re.compile(f"{MARK_CLOSE}(['’]\\w+)")
_HEAD = re.compile(f"(?<!\\w)(\\w+['’]){MARK_OPEN}")   # from a word's start only: linear in a long word


def whole_tokens(snippet: str) -> str:
    """Marks around whole words: FTS5 splits "can’t" at the apostrophe, so its marks do too
    (can’t); a word's pieces are marked as one."""
    s = _JOINED.sub(r"\1", snippet)
    s = _TAIL.sub(lambda m: m.group(1) + MARK_CLOSE, s)
    return _HEAD.sub(lambda m: MARK_OPEN + m.group(1), s)


def marked(snippet: str, match_style: str | Style = "bold reverse", base: str | Style = "") -> Text:
    """An FTS snippet with its private-use marks turned into styled spans (marks never shown).

    The marks are found before cleaning, since cleaning drops private-use characters; stored
    text has none of its own (the sanitiser removed them at ingest), so every mark is ours."""
    out = Text(style=base)
    s = whole_tokens(" ".join(str(snippet or "").split()))
    pos, inside = 0, False
    while pos <= len(s):
        nxt = s.find(MARK_CLOSE if inside else MARK_OPEN, pos)
        end = len(s) if nxt < 0 else nxt
        chunk = clean(s[pos:end])
        if chunk:
            out.append(chunk, style=match_style if inside else "")
        if nxt < 0:
            break
        pos, inside = nxt + 1, not inside
    return out


def spans_text(text: str, spans: Iterable[tuple[int, int, Style | str]], base: Style | str = "") -> Text:
    """``text[...]`` with styled spans (offsets into the raw text), cleaned piece by piece.

    Cleaning between span boundaries keeps the offsets right even when the raw text
    still holds control characters (databases written before ingest sanitised them).
    """
    spans = [(max(0, s), min(len(text), e), st) for s, e, st in spans if e > s]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = Text(style=base)
    new_pos: dict[int, int] = {}
    for a, b in zip(cuts, cuts[1:]):
        new_pos[a] = len(out)
        out.append(clean_text(text[a:b]))
    new_pos[len(text)] = len(out)
    for s, e, st in spans:
        if s in new_pos and e in new_pos and new_pos[e] > new_pos[s]:
            out.stylize(st, new_pos[s], new_pos[e])
    return out


def truncate(text: Text, width: int) -> Text:
    """One line of at most ``width`` cells, with an ellipsis when cut."""
    t = text.copy()
    t.no_wrap = True
    t.truncate(max(0, width), overflow="ellipsis", pad=False)
    return t


def date_label(date: str | None, end: str | None = None, precision: str | None = None) -> str:
    """'2025-06-05', '2025-06', '2025' as stored (the precision is visible), ranges joined;
    a week (stored as its Monday) is 'week of 2025-06-02'."""
    if not date:
        return "undated"
    if precision == "week":
        return f"week of {date}"
    if end and end != date:
        # keep the shared prefix out of the end: 2025-06-05..07
        common = 0
        for x, y in zip(date, end):
            if x != y:
                break
            common += 1
        cut = end.rfind("-", 0, common + 1) + 1 if common < len(end) else 0
        return f"{date}–{end[cut:]}"
    return date


def when(published: str | None, day: str | None = None) -> str:
    """An ISO timestamp as a person reads it: '2025-03-04 09:00 +01:00'; the day if that is all."""
    p = one_line(published)
    if not p:
        return f"{day} (date inferred)" if day else "undated"
    if "T" in p and len(p) >= 16:
        d, t = p.split("T", 1)
        tz = t[8:] if len(t) > 8 and t[5:6] == ":" else t[5:]
        tz = tz.lstrip(".0123456789")
        return f"{d} {t[:5]}" + (f" {tz}" if tz and tz not in ("Z", "+00:00") else " UTC" if tz else "")
    return p


def no_color() -> bool:
    """NO_COLOR (no-color.org) is set: present with a non-empty value, as the convention and
    Rich read it (``NO_COLOR=`` means colour). The app follows the same rule (see BriefingApp)."""
    return bool(os.environ.get("NO_COLOR"))


def display_path(source: object, cwd: str | None = None) -> str:
    """A stored source as a person types it: an absolute path relative to the current folder
    when that is shorter (``../shared/seeds/a.txt``); URLs and anything else as stored."""
    s = clean(source)
    if not os.path.isabs(s) or "://" in s:
        return s
    try:
        rel = os.path.relpath(s, cwd or os.getcwd())
    except (OSError, ValueError):          # no current folder, or another drive
        return s
    return rel if len(rel) < len(s) else s


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def format_figure(f: Figure | CountryFigure) -> str:
    """A figure row as a short phrase: the amount as the article wrote it ('£3.3tn', '$86bn',
    '3.5% of GDP') with its year; from the value and unit only when the text is missing."""
    written = " ".join((f.text or "").split())
    if written:
        return clean(written + (f" ({f.year})" if f.year else ""))
    value, high, unit = f.value, f.value_high, f.unit or ""

    def num(v: float | None) -> str:
        if v is None:
            return "?"
        if unit not in ("%", "troops") and abs(v) >= 1e9:
            return f"{v / 1e9:.3g}bn"
        if unit not in ("%", "troops") and abs(v) >= 1e6:
            return f"{v / 1e6:.3g}m"
        return f"{v:,.2f}".rstrip("0").rstrip(".")

    amount = num(value) + (f"–{num(high)}" if high is not None else "")
    kind = f.kind or ""
    if unit == "%":
        amount += "%"
        if kind == "gdp_share":
            amount += " of GDP"
    elif unit == "troops":
        amount += " troops"
    elif unit:
        amount = f"{unit} {amount}"
    if f.year:
        amount += f" ({f.year})"
    return clean(amount)
