"""Find the feeds a web page announces: ``<link rel="alternate" type="application/rss+xml">``."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/feed+xml"})
FEED_CONTENT_TYPES = FEED_TYPES | {"application/xml", "text/xml"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"].strip()
        if tag != "link":
            return
        rels = a.get("rel", "").lower().split()
        kind = a.get("type", "").split(";")[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES and a.get("href", "").strip():
            self.found.append(a["href"].strip())

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            raise _Done


class _Done(Exception):
    pass


def discover_feeds(html: str, page_url: str) -> list[str]:
    """Absolute URLs of the feeds a page links to, in page order, without repeats."""
    p = _Links()
    try:
        p.feed(html[:1_000_000])
        p.close()
    except _Done:
        pass
    base = urljoin(page_url, p.base) if p.base else page_url
    out = [urljoin(base, href) for href in p.found]
    return [u for u in dict.fromkeys(out) if u.startswith(("http://", "https://"))]
