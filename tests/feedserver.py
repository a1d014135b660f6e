"""A loopback HTTP server for the feed tests: routes set per test, every request recorded.

Binds 127.0.0.1 only, on a free port, in a thread the fixture starts and stops.
"""
from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from xml.sax.saxutils import escape

from ingest.fetch.http import Limits


# For the fault tests only (timeouts, retries, caps reached quickly). Success paths run with the
# default Limits: a 0.5 s read timeout fails spuriously on a loaded machine.
FAST = Limits(connect_timeout=1.0, read_timeout=0.5, deadline=5.0, max_bytes=1 << 20, retries=1,
              backoff=0.01, max_retry_after=0.3)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0                       # seconds before answering
    etag: str | None = None                  # answer 304 to a matching If-None-Match
    stream_bytes: int = 0                    # send this many filler bytes instead of body
    hold: threading.Event | None = None      # answer only once this is set (or the server stops)


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()        # releases every held answer
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True     # headers and body in separate writes: no 40 ms stalls

            def log_message(self, *a) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
                r = server.routes.get(self.path)
                if callable(r):
                    r = r()
                if r is None:
                    r = Route(b"not here", 404, {"Content-Type": "text/plain"})
                if r.delay:
                    time.sleep(r.delay)
                if r.hold is not None:
                    while not r.hold.wait(0.05) and not server.stopping.is_set():
                        pass
                if r.etag and self.headers.get("If-None-Match") == r.etag:
                    self.send_response(304)
                    self.send_header("ETag", r.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    self.send_response(r.status)
                    for k, v in r.headers.items():
                        self.send_header(k, v)
                    if r.etag:
                        self.send_header("ETag", r.etag)
                    if r.stream_bytes:
                        self.send_header("Content-Length", str(r.stream_bytes))
                        self.end_headers()
                        chunk = b"x" * 65536
                        sent = 0
                        while sent < r.stream_bytes:
                            self.wfile.write(chunk)
                            sent += len(chunk)
                        return
                    self.send_header("Content-Length", str(len(r.body)))
                    self.end_headers()
                    self.wfile.write(r.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> "FeedServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


# ---- feed documents ------------------------------------------------------------------------
@dataclass
class Item:
    title: str
    link: str | None
    summary: str
    guid: str | None = None
    date: datetime | None = datetime(2025, 6, 5, 12, 0, tzinfo=timezone.utc)
    content: str | None = None


def rss2(title: str, items: list[Item], encoding: str = "utf-8") -> bytes:
    out = [f'<?xml version="1.0" encoding="{encoding}"?>', '<rss version="2.0"><channel>',
           f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>d</description>"]
    for it in items:
        out.append("<item>")
        out.append(f"<title>{escape(it.title)}</title>")
        if it.link:
            out.append(f"<link>{escape(it.link)}</link>")
        if it.guid:
            out.append(f'<guid isPermaLink="false">{escape(it.guid)}</guid>')
        out.append(f"<description>{escape(it.summary)}</description>")
        if it.content:
            out.append(f"<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">"
                       f"{escape(it.content)}</content:encoded>")
        if it.date:
            out.append(f"<pubDate>{format_datetime(it.date)}</pubDate>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode(encoding)


def atom(title: str, items: list[Item]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape(title)}</title><id>urn:feed:{escape(title)}</id><updated>2025-06-05T12:00:00Z</updated>"]
    for it in items:
        out.append("<entry>")
        out.append(f"<title>{escape(it.title)}</title>")
        if it.link:
            out.append(f'<link rel="alternate" href="{escape(it.link)}"/>')
        out.append(f"<id>{escape(it.guid or it.link or '')}</id>")
        if it.date:
            out.append(f"<published>{it.date.isoformat()}</published><updated>{it.date.isoformat()}</updated>")
        out.append(f"<summary>{escape(it.summary)}</summary>")
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out).encode()


def rss1(title: str, items: list[Item]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
           ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
           f'<channel rdf:about="http://127.0.0.1/"><title>{escape(title)}</title><link>http://127.0.0.1/</link>'
           "<description>d</description></channel>"]
    for it in items:
        out.append(f'<item rdf:about="{escape(it.link or "")}"><title>{escape(it.title)}</title>'
                   f"<link>{escape(it.link or '')}</link><description>{escape(it.summary)}</description>"
                   + (f"<dc:date>{it.date.isoformat()}</dc:date>" if it.date else "") + "</item>")
    out.append("</rdf:RDF>")
    return "\n".join(out).encode()


def gzip_bomb(decoded: int) -> bytes:
    """``decoded`` zero bytes, gzipped (about a thousandth of the size)."""
    import io

    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as g:
        chunk = b"\0" * (1 << 20)
        for _ in range(decoded // len(chunk)):
            g.write(chunk)
    return buf.getvalue()


# ---- article pages the feeds link to ---------------------------------------------------------
PAGE = ("<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
        "{paras}</article><footer>Contact us</footer></body></html>")
TEXT = [
    ('Harbour strike ends', ['The dock workers returned on Monday after a week-long strike.',
                             '"We have a deal that protects every job," union leader Marta Kovacs said on Monday.',
                             'The port authority said ships would be unloaded by Friday.']),
    ('Rail fares to rise', ['Fares will rise by 4% in January, the operator said.',
                            '"Passengers deserve better value," transport critic Owen Bright told reporters.']),
]


def page(title: str, paras: list[str]) -> bytes:
    """An article page: the title, the paragraphs, and site furniture around them."""
    return PAGE.format(title=title, paras="".join(f"<p>{p}</p>" for p in paras)).encode()


def two_pages(server: FeedServer, prefix: str = "/p") -> list[Item]:
    """The two TEXT articles served as pages under ``prefix``, as feed items linking to them."""
    items = []
    for n, (title, paras) in enumerate(TEXT):
        path = f"{prefix}{n}"
        # each page a text of its own (the same text at another URL would be a copy: one article)
        own = [*paras[:-1], f"{paras[-1]} (Filed as {path.strip('/')}.)"]
        server.routes[path] = Route(page(title, own), headers={"Content-Type": "text/html; charset=utf-8"})
        items.append(Item(title, server.url(path), paras[0][:40], guid=f"{prefix}-g{n}"))
    return items
