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
    Parsed without DTDs or entity expansion (a subscription list is untrusted input): expat's
    own hooks refuse them, as defusedxml does, after expat has decoded the document (UTF-16
    included), where a byte search for "<!ENTITY" would not see them."""
    import xml.parsers.expat as expat

    root: list[str] = []
    out: dict[str, Outline] = {}

    def start(name: str, attributes: dict[str, str]) -> None:
        if not root:
            root.append(name)
        if name.lower() != "outline":
            return
        attrs = {k.lower(): v for k, v in attributes.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")) and url not in out:
            out[url] = Outline(url, (attrs.get("title") or attrs.get("text") or "").strip() or None)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        raise OpmlError(f"not valid OPML: {e}") from None
    if root[0].lower() != "opml":
        raise OpmlError(f"not OPML: the document is <{root[0][:40]}>")
    return list(out.values())


def _refuse_dtd(*_) -> None:
    raise OpmlError("OPML with a DOCTYPE or entities is not accepted")


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
