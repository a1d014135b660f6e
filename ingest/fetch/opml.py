"""OPML 1.0/2.0 subscription lists, the format every feed reader imports and exports."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import quoteattr


@dataclass
class Outline:
    url: str
    title: str | None = None


class OpmlError(ValueError):
    """The file is not OPML; the message is one line for the user."""


def read_opml(data: bytes) -> list[Outline]:
    """Every outline with an xmlUrl, folders flattened, in document order, without repeats.
    Parsed without DTDs or entity expansion (a subscription list is untrusted input)."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise OpmlError("OPML with a DOCTYPE or entities is not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise OpmlError(f"not valid OPML: {e}") from None
    if root.tag.lower() != "opml":
        raise OpmlError(f"not OPML: the document is <{root.tag[:40]}>")
    out: dict[str, Outline] = {}
    for el in root.iter():
        if el.tag.lower() != "outline":
            continue
        attrs = {k.lower(): v for k, v in el.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")) and url not in out:
            out[url] = Outline(url, (attrs.get("title") or attrs.get("text") or "").strip() or None)
    return list(out.values())


def write_opml(outlines: list[Outline], title: str = "briefing subscriptions") -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for o in outlines:
        name = o.title or o.url
        lines.append(f'    <outline type="rss" text={quoteattr(name)} title={quoteattr(name)}'
                     f" xmlUrl={quoteattr(o.url)}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
