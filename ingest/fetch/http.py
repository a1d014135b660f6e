"""Polite, bounded HTTP GETs (httpx): everything fetched is hostile input.

Each fetch has connect/read timeouts and an overall deadline, follows at most
``max_redirects`` redirects (noticing loops and whether every hop was permanent), retries
5xx answers and timeouts a few times with backoff, honours Retry-After up to a cap, and
reads at most ``max_bytes`` of *decoded* body: the body is decompressed here, chunk by
chunk with a bounded output, so a gzip bomb stops at the cap instead of filling memory.
Connections are bounded overall and per host. No SQL, no terminal.
"""
from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import sys

# httpx's __init__ does `try: from ._main import main / except ImportError: <a stub>`: its
# command-line tool is loaded whenever click and pygments happen to be installed, and with it
# rich (ours), ~60 ms and a terminal library in the headless core (tests/test_layers.py). A
# None in sys.modules makes an import fail (documented import-system behaviour), so httpx takes
# its own stub. The block lasts only for our import of httpx and is removed after it: nothing
# else in the process is affected, and an httpx that stops tolerating the missing tool still
# imports (the guard is then simply lost, and the layer test says so).
if "httpx" not in sys.modules and "httpx._main" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx
    except ImportError:
        sys.modules.pop("httpx._main", None)
        import httpx
    finally:
        if sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]
else:
    import httpx

# Loopback, private, link-local and unique-local addresses: a page on the internet may not send
# us to them (a link or a redirect into the user's own network).
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
    "100.64.0.0/10", "::1/128", "::/128", "fc00::/7", "fe80::/10"))

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
RETRY_STATUS = frozenset({500, 502, 503, 504, 429})


def user_agent() -> str:
    """``briefing/<version>``: who is asking, so a site can tell us apart."""
    try:
        from importlib.metadata import version

        v = version("briefing")
    except Exception:  # noqa: BLE001 - not installed (a checkout on sys.path)
        v = "dev"
    return f"briefing/{v}"


@dataclass(frozen=True)
class Limits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0             # one request, all redirects and retries included
    max_bytes: int = 10 << 20          # decoded body
    max_redirects: int = 5
    retries: int = 2                   # after the first try, on 5xx and timeouts
    backoff: float = 1.0               # seconds, doubled each retry
    max_retry_after: float = 30.0      # a longer Retry-After is not waited for: the fetch fails
    connections: int = 16
    per_host: int = 4


@dataclass
class Fetched:
    url: str                           # what was asked for
    final_url: str                     # where the body came from
    status: int = 0                    # 0: no answer (error says why)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    moved_to: str | None = None        # every redirect was permanent: the new address to keep
    moved_away: str | None = None      # permanent, but to another host or from https to http: not kept
    error: str | None = None           # one line, None when the body is usable (or 304)
    retry_after: float | None = None   # seconds the server asked us to wait

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class TooLarge(Exception):
    pass


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class _Decoder:
    """gzip/deflate decoded with a bounded output per step: at most ``limit`` bytes, ever."""

    def __init__(self, encoding: str, limit: int):
        enc = encoding.strip().lower()
        self._z = None
        if enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        elif enc not in ("", "identity"):
            raise ValueError(f"unsupported content encoding {enc!r}")
        self._limit = limit
        self.size = 0
        self.parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        if self._z is None:
            self._take(chunk)
            return
        data = chunk
        while data:
            room = self._limit - self.size + 1
            out = self._z.decompress(data, room)
            self._take(out)
            data = self._z.unconsumed_tail

    def finish(self) -> bytes:
        if self._z is not None:
            self._take(self._z.flush(self._limit - self.size + 1))
        return b"".join(self.parts)

    def _take(self, out: bytes) -> None:
        self.size += len(out)
        if self.size > self._limit:
            raise TooLarge
        if out:
            self.parts.append(out)


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _keeps_origin(old: str, new: str) -> bool:
    """A permanent move worth remembering: the same host, the scheme kept or raised to https."""
    a, b = urlsplit(old), urlsplit(new)
    return _host_of(old) == _host_of(new) and (a.scheme == b.scheme or (a.scheme, b.scheme) == ("http", "https"))


async def _pause(within, seconds: float) -> bool:
    """Sleep before a retry, inside the deadline; False when the deadline ends first."""
    try:
        await within(asyncio.sleep(seconds))
        return True
    except asyncio.TimeoutError:
        return False


class Fetcher:
    """One client for a whole update; use ``async with``."""

    def __init__(self, limits: Limits = Limits(), *, transport: httpx.AsyncBaseTransport | None = None):
        self.limits = limits
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
            limits=httpx.Limits(max_connections=limits.connections,
                                max_keepalive_connections=limits.connections),
            follow_redirects=False,
            headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"},
            transport=transport,
            trust_env=False,
        )
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._robots: dict[str, asyncio.Future] = {}
        self._private: dict[str, bool] = {}

    async def is_private(self, url: str) -> bool:
        """Is the URL's host a loopback, private or link-local address (any of its addresses)?
        A name that does not resolve is not: its fetch fails on its own."""
        host = (urlsplit(url).hostname or "").lower()
        if host not in self._private:
            try:
                addrs = {ipaddress.ip_address(host)}
            except ValueError:
                try:
                    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
                except (OSError, UnicodeError):
                    infos = []
                addrs = {ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos}
            addrs |= {a.ipv4_mapped for a in addrs if getattr(a, "ipv4_mapped", None)}
            self._private[host] = any(a in n for a in addrs for n in PRIVATE_NETWORKS if a.version == n.version)
        return self._private[host]

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc) -> None:
        await self._client.aclose()

    def _host(self, url: str) -> asyncio.Semaphore:
        host = urlsplit(url).netloc.lower()
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.limits.per_host)
        return sem

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                  max_bytes: int | None = None, private_ok: bool | None = None) -> Fetched:
        """GET with redirects, retries and limits; never raises for network or server trouble.

        ``private_ok``: may this fetch (and its redirects) reach a private or loopback address?
        None: only if ``url`` itself is one (an address the user gave is theirs to give). The
        conditional headers go to ``url``'s host only, never across a redirect to another.

        The deadline counts the time spent asking and waiting to retry, not the time spent
        waiting for a connection slot to the host (other fetches' time is not this one's)."""
        lim = self.limits
        clock = asyncio.get_running_loop().time
        spent = 0.0

        def late() -> Fetched:
            return Fetched(url, url, error=f"no complete answer within {lim.deadline:g} s")

        async def within(aw):
            """``aw`` awaited in what is left of the deadline, the time taken counted."""
            nonlocal spent
            start = clock()
            try:
                return await asyncio.wait_for(aw, max(0.0, lim.deadline - spent))
            finally:
                spent += clock() - start

        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, seen, permanent = url, {url}, True
        hops = 0
        attempt = 0
        if private_ok is None:
            private_ok = await self.is_private(url)
        while True:
            if urlsplit(current).scheme not in ("http", "https"):
                return Fetched(url, current, error=f"refusing a non-HTTP address: {current[:200]}")
            if not private_ok and await self.is_private(current):
                return Fetched(url, current, error=f"refusing a private or local address: {current[:200]}")
            if _host_of(current) != _host_of(url):
                headers = {}
            try:
                async with self._host(current):
                    res = await within(self._once(current, headers, max_bytes or lim.max_bytes))
            except asyncio.TimeoutError:
                return late()
            except TooLarge:
                return Fetched(url, current, error=f"response larger than {_mb(max_bytes or lim.max_bytes)}")
            except httpx.TimeoutException as e:
                if attempt < lim.retries:
                    attempt += 1
                    if not await _pause(within, lim.backoff * 2 ** (attempt - 1)):
                        return late()
                    continue
                kind = "connect" if isinstance(e, httpx.ConnectTimeout) else "read"
                return Fetched(url, current, error=f"timed out ({kind}) after {attempt + 1} tries")
            except (httpx.HTTPError, ValueError, zlib.error) as e:
                reason = str(e).splitlines()[0] if str(e) else type(e).__name__
                return Fetched(url, current, error=f"{type(e).__name__}: {reason}"[:300])
            res.url = url
            if res.status in REDIRECTS:
                loc = res.headers.get("location")
                if not loc:
                    return Fetched(url, current, res.status, error=f"HTTP {res.status} without a Location")
                permanent = permanent and res.status in PERMANENT
                nxt = urljoin(current, loc.strip())
                hops += 1
                if nxt in seen:
                    return Fetched(url, nxt, res.status, error="redirect loop")
                if hops > lim.max_redirects:
                    return Fetched(url, nxt, res.status, error=f"more than {lim.max_redirects} redirects")
                seen.add(nxt)
                current = nxt
                continue
            if res.status in RETRY_STATUS:
                wait = res.retry_after
                if wait is not None and wait > lim.max_retry_after:
                    res.error = f"HTTP {res.status}, asked to retry after {wait:g} s"
                    return res
                if attempt < lim.retries:
                    attempt += 1
                    if not await _pause(within, wait if wait is not None else lim.backoff * 2 ** (attempt - 1)):
                        return late()
                    continue
            if res.status >= 400:
                res.error = f"HTTP {res.status} {httpx.codes.get_reason_phrase(res.status)}".strip()
            if hops and permanent:
                if _keeps_origin(url, current):
                    res.moved_to = current
                else:
                    res.moved_away = current
            return res

    async def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as r:
            hdrs = {k.lower(): v for k, v in r.headers.items()}
            out = Fetched(url, url, r.status_code, headers=hdrs,
                          retry_after=retry_after_seconds(hdrs.get("retry-after")))
            if r.status_code != 200:
                return out          # nothing of a redirect, an error page or a 304 is kept
            length = hdrs.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes and not hdrs.get("content-encoding"):
                raise TooLarge
            dec = _Decoder(hdrs.get("content-encoding", ""), max_bytes)
            async for chunk in r.aiter_raw():
                dec.feed(chunk)
            out.body = dec.finish()
            return out

    # ---- robots.txt ----------------------------------------------------------------------
    async def allowed(self, url: str) -> bool | None:
        """May we fetch this page? robots.txt per RFC 9309: unavailable (4xx) allows
        everything; unreachable (5xx, no answer) is None: not now, ask again another time
        (only an actual Disallow is a lasting no)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        fut = self._robots.get(origin)
        if fut is None:
            fut = self._robots[origin] = asyncio.ensure_future(self._robots_for(origin))
        parser = await fut
        if parser is True or parser is None:
            return parser
        return parser.can_fetch(user_agent().split("/")[0], url)

    async def _robots_for(self, origin: str):
        from urllib.robotparser import RobotFileParser

        got = await self.get(origin + "/robots.txt", max_bytes=512 * 1024)
        if got.status == 200 and not got.error:
            p = RobotFileParser()
            p.parse(got.body.decode("utf-8", "replace").splitlines())
            return p
        if 400 <= got.status < 500:
            return True
        return None
