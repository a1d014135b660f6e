"""The browse state every pane shares.

The state itself is one reactive :class:`~db.queries.Filters` on the app (``app.filters``):
a pane calls :func:`watch_filters` and reloads when it changes, so a filter set anywhere
narrows every view. This module holds the plain logic around it — editing filters piece by
piece, describing them for the filter bar, reading ``since:``/``country:`` prefixes out of
typed text, and resolving a typed country. No Textual imports here: it is tested without a terminal.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Callable

from db.queries import Filters

FIELDS = ("since", "until", "country", "person", "text", "new")
LABELS = {"since": "since", "until": "until", "country": "country", "person": "person", "text": "text",
          "new": "new"}


# ---- the filters --------------------------------------------------------------------------
def set_filter(f: Filters, name: str, value: str | None) -> Filters:
    if name not in FIELDS:
        raise ValueError(name)
    return f.replace(**{name: (value or None)})


def active(f: Filters) -> list[str]:
    """Names of the filters that are set, in display order."""
    return [n for n in FIELDS if getattr(f, n)]


def describe(f: Filters, country_names: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(field, label) chips for the filter bar: 'since 2025-06-01', 'country Netherlands'."""
    out = []
    for n in active(f):
        v = getattr(f, n)
        if n == "country" and country_names:
            v = country_names.get(v, v)
        if n == "text":
            v = f"“{v}”"
        out.append((n, "new articles" if n == "new" else f"{LABELS[n]} {v}"))
    return out


def summary(f: Filters, country_names: dict[str, str] | None = None) -> str:
    return ", ".join(label for _, label in describe(f, country_names)) or "no filters"


# ---- typed prefixes -----------------------------------------------------------------------
PREFIXES = ("kind", "speaker", "person", "country", "since", "until", "new")
_PREFIX = re.compile(r'(?<!\S)(kind|speaker|person|country|since|until|new):("[^"]*"|\S*)', re.IGNORECASE)


@dataclass
class Typed:
    """What a person typed in a filter or search box, prefixes taken out."""
    text: str = ""                                  # the rest: words or FTS5 syntax
    prefixes: dict[str, str] = field(default_factory=dict)


def parse_typed(raw: str) -> Typed:
    """``kind:quote speaker:"Jane Doe" since:2025-06 budget`` -> prefixes and the rest.

    Only the known prefixes are taken; anything else (FTS5 column filters such as
    ``title:budget``) stays in the text.
    """
    prefixes: dict[str, str] = {}

    def take(m: re.Match) -> str:
        value = m.group(2)
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1]
        if value or m.group(1).lower() == "new":          # `new:` alone says it all
            prefixes[m.group(1).lower()] = value.strip() or "yes"
        return " "

    rest = _PREFIX.sub(take, raw or "")
    return Typed(" ".join(rest.split()), prefixes)


class TypedError(ValueError):
    """A prefix value we cannot use; the message is one line for the user."""


def filters_from_typed(base: Filters, typed: Typed, resolve_country: Callable[[str], str | None],
                       new_since: str | None = None) -> Filters:
    """Apply typed prefixes to ``base`` (the rest of the text is left to the caller).

    ``resolve_country`` maps a name or code to ISO3 (it reads the database: call this in a
    worker); ``new_since`` is when the last session ended (``new:`` keeps what came after).
    """
    from briefing.dates import DateInputError, parse_bound

    f = base
    p = typed.prefixes
    try:
        if "since" in p:
            f = f.replace(since=parse_bound(p["since"]))
        if "until" in p:
            f = f.replace(until=parse_bound(p["until"], end=True))
    except DateInputError as e:
        raise TypedError(str(e)) from None
    if "country" in p:
        iso3 = resolve_country(p["country"])
        if iso3 is None:
            raise TypedError(f"no country called {p['country']!r} (try a name such as Spain or a code such as ESP)")
        f = f.replace(country=iso3)
    who = p.get("person") or p.get("speaker")
    if who:
        f = f.replace(person=who)
    if "new" in p:
        if p["new"].lower() in ("no", "off", "0", "false"):
            f = f.replace(new=None)
        elif new_since is None:
            raise TypedError("nothing is new yet: new articles are those that arrive after this session")
        else:
            f = f.replace(new=new_since)
    return f


def quote_words(text: str) -> str:
    """Words for the reader's n/N: the plain words of a filter, without FTS operators."""
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
    words = []
    for p in parts:
        if p.upper() in ("AND", "OR", "NOT", "NEAR"):
            continue
        p = p.strip('"()*^{}')
        if ":" in p:
            p = p.split(":", 1)[1]
        if p:
            words.append(p)
    return " ".join(words)


# ---- the database -------------------------------------------------------------------------
