"""The product's one HTTP client: every request that leaves the machine goes through `get`.

Fetching articles, discovery (homepages, feeds, sitemaps), robots.txt and conditional
re-fetches all call `get`. Each guard lives here once, and each failure is named by the code
that saw it, as a `Reason`:

- the address actually connected to is checked after connecting, so a redirect or a changed
  DNS answer cannot reach a private network; IPv4-mapped, NAT64 and 6to4 spellings of a
  private IPv4 address count as private;
- a whole-download deadline per request: a watchdog shuts the socket when it passes, so a
  server that trickles one byte a second is cut off however short each read is;
- the size cap holds while the body streams in, after decompression;
- redirects are followed here, at most `max_redirects`, each hop checked again;
- 429 and 503 are retried after their Retry-After when it is at most `max_retry_wait`; a
  longer one fails the URL as rate limited until then, leaving it for the next run;
- If-None-Match and If-Modified-Since for pages fetched before.
"""

from __future__ import annotations

import contextlib
import enum
import ipaddress
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from http.client import HTTPException
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3 import exceptions as u3

from ingest.config import FetchSettings

LOGGER = logging.getLogger(__name__)

# 429 and 503 answers are asked again at most this many times (each after its Retry-After)
MAX_RETRIES = 2
# without a Retry-After, the first retry waits this long, the next twice as long
BACKOFF = 0.5
REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 2**16


class Reason(enum.StrEnum):
    """Why a request failed, as the fetch log names it."""

    BAD_URL = "bad url"
    UNREACHABLE = "unreachable host"
    PRIVATE = "private address"
    REFUSED = "connection refused"
    TIMEOUT = "timeout"
    RESET = "connection reset"
    TLS = "certificate error"
    TOO_LARGE = "too large"
    REDIRECTS = "too many redirects"
    RATE_LIMITED = "rate limited"
    HTTP = "http"  # shown with its status: "http 404"
    BAD_ANSWER = "bad answer"  # a malformed status line, header or compressed body
    ROBOTS = "robots.txt"
    NOT_HTML = "not html"  # a page whose content type is not HTML (or a PDF)
    WRONG_TYPE = "unexpected content type"  # a feed, sitemap or robots.txt of another type
    DOWNLOAD_ERROR = "download error"


class FetchFailure(Exception):
    """A request that gave no usable answer: its reason, a line of detail, the HTTP status."""

    def __init__(
        self,
        reason: Reason,
        detail: str = "",
        http_status: int | None = None,
        *,
        retry_at: datetime | None = None,
    ):
        super().__init__(detail or str(reason))
        self.kind, self.detail, self.http_status = reason, detail, http_status
        self.retry_at = retry_at

    @property
    def reason(self) -> str:
        """The reason as logged: the kind, with the status for HTTP errors ("http 404")."""
        if self.kind is Reason.HTTP and self.http_status is not None:
            return f"http {self.http_status}"
        return str(self.kind)


@dataclass(frozen=True)
class Response:
    url: str  # the URL asked for
    final_url: str  # where the redirects ended
    status: int  # 200, or 304 for a conditional request whose copy is current
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""


# ---- which addresses are private ---------------------------------------------------------

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def is_public(address: str) -> bool:
    """True for a globally reachable address; IPv6 forms that carry an IPv4 address inside
    (IPv4-mapped, NAT64, 6to4) are judged by that IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and any(ip in net for net in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return embedded.is_global and ip.is_global
    return ip.is_global


def _private_hint(host: str, address: str) -> str:
    return (
        f"{host} is {address}, a private or loopback address; set allow_private_networks in "
        "settings.toml or FRAMING_ALLOW_PRIVATE_NETWORKS=1 to allow"
    )


def check_url(url: str, allow_private: bool) -> None:
    """Refuse a URL that is not http(s), has a bad port or host, or resolves to a private
    address. The peer check after connecting is what protects; this gives a clear reason."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        raise FetchFailure(Reason.BAD_URL, f"{url}: {err}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchFailure(Reason.BAD_URL, f"{url} is not an http(s) URL")
    if port == 0:
        raise FetchFailure(Reason.BAD_URL, f"{url}: port 0")
    if allow_private:
        return
    default = 443 if parts.scheme == "https" else 80
    try:
        infos = socket.getaddrinfo(parts.hostname, port or default, type=socket.SOCK_STREAM)
    except UnicodeError as err:
        raise FetchFailure(Reason.BAD_URL, f"{parts.hostname}: not a valid host ({err})") from None
    except OSError as err:
        raise FetchFailure(
            Reason.UNREACHABLE, f"{parts.hostname} does not resolve ({err})"
        ) from None
    for info in infos:
        if not is_public(info[4][0]):
            raise FetchFailure(Reason.PRIVATE, _private_hint(parts.hostname, info[4][0]))


# ---- the deadline ------------------------------------------------------------------------


class _Watch:
    """One request's deadline: when it passes, the request's sockets are shut down, which
    ends any read blocked on them."""

    def __init__(self, seconds: float):
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[tuple[socket.socket, bool]] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def attach(self, sock: socket.socket, owned: bool = False) -> None:
        with self._lock:
            self._sockets.append((sock, owned))
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock, _ in self._sockets:
                _shut(sock)

    def stop(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock, owned in self._sockets:
                if owned:
                    sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already
        sock.shutdown(socket.SHUT_RDWR)


_ACTIVE = threading.local()


class _PrivatePeer(u3.HTTPError):
    """The connection reached a private address (raised after connecting, before sending)."""

    def __init__(self, host: str, peer: str):
        super().__init__(_private_hint(host, peer))


class _GuardedHTTPConnection(urllib3.connection.HTTPConnection):
    allow_private = False

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        watch = getattr(_ACTIVE, "watch", None)
        if watch is not None:
            # a duplicate of the descriptor: shutting it down ends reads on the TLS socket too
            watch.attach(sock.dup(), owned=True)
        peer = sock.getpeername()[0]
        if not self.allow_private and not is_public(peer):
            sock.close()
            raise _PrivatePeer(self.host, peer)
        return sock

    def request(self, *args: object, **kwargs: object) -> None:
        watch = getattr(_ACTIVE, "watch", None)
        if watch is not None and self.sock is not None:  # a connection kept alive
            watch.attach(self.sock)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(_GuardedHTTPConnection, urllib3.connection.HTTPSConnection):
    pass


@lru_cache(maxsize=2)
def _pool(allow_private: bool) -> urllib3.PoolManager:
    plain = type("Connection", (_GuardedHTTPConnection,), {"allow_private": allow_private})
    secure = type("SecureConnection", (_GuardedHTTPSConnection,), {"allow_private": allow_private})
    # certificates are always checked, against certifi's roots as browsers' lists go
    manager = urllib3.PoolManager(
        num_pools=100, maxsize=8, cert_reqs="CERT_REQUIRED", ca_certs=certifi.where()
    )
    manager.pool_classes_by_scheme = {
        "http": type("Pool", (urllib3.HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("SecurePool", (urllib3.HTTPSConnectionPool,), {"ConnectionCls": secure}),
    }
    return manager


# ---- naming a failure --------------------------------------------------------------------


def _chain(err: BaseException | None):
    """The error and what caused it (urllib3 wraps the socket's error in its own)."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        if isinstance(err, u3.MaxRetryError) and err.reason is not None:
            err = err.reason
        else:
            err = err.__cause__ or err.__context__


def _name(err: BaseException, url: str, deadline: float, watch: _Watch) -> FetchFailure:
    """The reason for an error raised while asking: by the kinds of error in its chain."""
    if watch.expired:
        return FetchFailure(Reason.TIMEOUT, f"no complete answer within {deadline:g} s (deadline)")
    where = urlsplit(url).netloc
    causes = list(_chain(err))
    for cause in causes:
        if isinstance(cause, _PrivatePeer):
            return FetchFailure(Reason.PRIVATE, str(cause))
        if isinstance(cause, u3.NameResolutionError):
            return FetchFailure(Reason.UNREACHABLE, f"{urlsplit(url).hostname} does not resolve")
        if isinstance(cause, ConnectionRefusedError):
            return FetchFailure(Reason.REFUSED, f"{where} refused the connection")
        if isinstance(cause, ssl.SSLError | u3.SSLError):
            return FetchFailure(Reason.TLS, f"{where}: {cause}")
        if isinstance(cause, TimeoutError | u3.TimeoutError) and not isinstance(
            cause, u3.NewConnectionError
        ):
            return FetchFailure(Reason.TIMEOUT, f"{where} did not answer within {deadline:g} s")
    for cause in causes:
        if isinstance(cause, u3.NewConnectionError):
            return FetchFailure(Reason.UNREACHABLE, f"cannot connect to {where}")
        if isinstance(cause, u3.DecodeError | u3.HeaderParsingError):
            return FetchFailure(Reason.BAD_ANSWER, f"{where}: {cause}")
        if isinstance(cause, u3.LocationValueError):
            return FetchFailure(Reason.BAD_URL, f"{url}: {cause}")
    for cause in causes:
        if isinstance(cause, OSError | u3.ProtocolError | HTTPException):
            return FetchFailure(Reason.RESET, f"the connection broke off ({type(cause).__name__})")
    return FetchFailure(Reason.DOWNLOAD_ERROR, f"{type(err).__name__}: {err}")


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (a number or an HTTP date); None if absent."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# ---- the request -------------------------------------------------------------------------


def _once(
    url: str, headers: dict[str, str], settings: FetchSettings, max_bytes: int, seconds: float
) -> Response:
    """One GET, no redirect followed, within `seconds`; the body is read only for 200."""
    watch = _Watch(seconds)
    _ACTIVE.watch = watch
    response = None
    try:
        limit = min(float(settings.timeout), seconds)
        response = _pool(settings.allow_private_networks).request(
            "GET",
            url,
            headers=headers,
            retries=False,
            redirect=False,
            timeout=urllib3.Timeout(connect=limit, read=limit),
            preload_content=False,
        )
        answer_headers = {k.lower(): v for k, v in response.headers.items()}
        body = bytearray()
        if response.status == 200:
            declared = answer_headers.get("content-length", "")
            if (
                declared.isdigit()
                and int(declared) > max_bytes
                and not response.headers.get("content-encoding")
            ):
                raise FetchFailure(
                    Reason.TOO_LARGE, f"{declared} bytes, more than max_bytes = {max_bytes}"
                )
            for chunk in response.stream(CHUNK, decode_content=True):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchFailure(Reason.TOO_LARGE, f"more than max_bytes = {max_bytes} bytes")
                if watch.expired:
                    break
            if watch.expired:
                raise FetchFailure(
                    Reason.TIMEOUT, f"no complete answer within the {seconds:g} s deadline"
                )
        return Response(url, url, response.status, answer_headers, bytes(body))
    except FetchFailure:
        raise
    except Exception as err:  # urllib3 and the socket raise many kinds; _name sorts them
        raise _name(err, url, seconds, watch) from None
    finally:
        _ACTIVE.watch = None
        if response is not None:
            if response.status != 200 or watch.expired:
                response.close()  # a body left unread: the connection cannot be reused
            response.release_conn()
        watch.stop()


def get(
    url: str,
    settings: FetchSettings,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
) -> Response:
    """GET a URL with every guard of this module; raise FetchFailure unless the answer is 200,
    or 304 when `etag` or `last_modified` made the request conditional."""
    max_bytes = settings.max_bytes if max_bytes is None else max_bytes
    headers = {"User-Agent": settings.identity, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    ends = time.monotonic() + settings.deadline
    current, redirects, retries = url, 0, 0
    while True:
        check_url(current, settings.allow_private_networks)
        left = ends - time.monotonic()
        if left <= 0:
            raise FetchFailure(
                Reason.TIMEOUT, f"no complete answer within the {settings.deadline} s deadline"
            )
        answer = _once(current, headers, settings, max_bytes, left)
        status = answer.status
        if status in REDIRECTS and answer.headers.get("location"):
            if redirects >= settings.max_redirects:
                raise FetchFailure(
                    Reason.REDIRECTS,
                    f"more than max_redirects = {settings.max_redirects} redirects",
                    status,
                )
            redirects += 1
            current = urljoin(current, answer.headers["location"].strip())
            continue
        if status in (429, 503):
            wait = retry_after(answer.headers.get("retry-after"))
            if wait is not None and wait > settings.max_retry_wait:
                until = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=wait)
                LOGGER.info("%s: rate limited until %s", url, until.isoformat())
                raise FetchFailure(
                    Reason.RATE_LIMITED,
                    f"rate limited until {until.isoformat()} (the server asked for {wait:.0f} s, "
                    f"more than max_retry_wait = {settings.max_retry_wait}); left for the next run",
                    status,
                    retry_at=until,
                )
            if retries < MAX_RETRIES:
                wait = BACKOFF * 2**retries if wait is None else wait
                retries += 1
                time.sleep(wait)
                ends += wait  # the wait the server asked for is not download time
                continue
        if status == 200 or (status == 304 and (etag or last_modified)):
            return Response(url, current, status, answer.headers, answer.body)
        raise FetchFailure(Reason.HTTP, f"the server answered {status}", status)
