"""Fetch an event's coverage with trafilatura: concurrent across hosts, polite per host.

All network access of the product goes through `download`. Workers download and extract; only
the calling thread writes to the store, so a failure in one page never touches another's data.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from urllib.parse import urlsplit

import trafilatura.downloads
from trafilatura.settings import use_config

from ingest.conditional import TooLarge, conditional_get
from ingest.config import Event, FetchSettings
from ingest.errors import StoreError
from ingest.extract import decode_html, extract_document
from ingest.pagekind import classify_page
from ingest.robots import RobotsRules
from ingest.store import Document, LogEntry, Page, Store

LOGGER = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Outcome:
    """What became of one URL."""

    url: str
    outlet: str
    status: str  # fetched, skipped or failed
    reason: str
    detail: str = ""
    http_status: int | None = None
    elapsed_ms: float | None = None
    page: Page | None = None
    document: Document | None = None


@dataclass
class Summary:
    total: int = 0
    counts: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == "failed":
            self.failures[outcome.reason] += 1

    def line(self) -> str:
        text = (
            f"fetched {self.counts['fetched']}, skipped {self.counts['skipped']}, "
            f"failed {self.counts['failed']}"
        )
        if self.failures:
            text += " (" + ", ".join(f"{r}: {n}" for r, n in self.failures.most_common()) + ")"
        return text

    @property
    def nothing_fetched(self) -> bool:
        return self.counts["fetched"] == 0 and self.counts["skipped"] == 0


class _Failure(Exception):
    def __init__(self, reason: str, detail: str = "", http_status: int | None = None):
        super().__init__(detail or reason)
        self.reason, self.detail, self.http_status = reason, detail, http_status


class _ReasonCapture(logging.Handler):
    """trafilatura logs why a download failed and returns None; keep that reason per thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last: dict[int, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.last[record.thread or 0] = record.getMessage()

    def pop(self) -> str:
        return self.last.pop(threading.get_ident(), "")


_CAPTURE = _ReasonCapture()
logging.getLogger("trafilatura.downloads").addHandler(_CAPTURE)

# Substrings of trafilatura's and urllib3's messages, and the reason a user reads for each.
_REASONS = (
    ("SSRF protection", "private address"),
    ("MAX_FILE_SIZE", "too large"),
    ("Connection refused", "connection refused"),
    ("timed out", "timeout"),
    ("Timeout", "timeout"),
    ("Name or service not known", "unreachable host"),
    ("Failed to resolve", "unreachable host"),
    ("too many redirects", "too many redirects"),
    ("redirect", "too many redirects"),
    ("too many 5", "server error"),
    ("Connection reset", "connection reset"),
    ("RemoteDisconnected", "connection reset"),
)


def _classify(message: str) -> str:
    return next((reason for key, reason in _REASONS if key in message), "download error")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    ip = getattr(ip, "ipv4_mapped", None) or ip
    return ip.is_global


def check_address(url: str, allow_private: bool) -> None:
    """Refuse a URL whose host is not http(s), does not resolve, or resolves to a private address.

    trafilatura checks the connected peer again, which also covers redirects and DNS rebinding;
    this early check is there to give the user a clear reason.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _Failure("bad url", f"{url} is not an http(s) URL")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise _Failure("unreachable host", f"{parts.hostname} does not resolve ({err})") from None
    if allow_private:
        return
    private = [info[4][0] for info in infos if not _is_public(info[4][0])]
    if private:
        raise _Failure(
            "private address",
            f"{parts.hostname} is {private[0]}, a private or loopback address; set "
            "allow_private_networks in settings.toml or FRAMING_ALLOW_PRIVATE_NETWORKS=1 to allow",
        )


def trafilatura_config(settings: FetchSettings):  # -> configparser.ConfigParser
    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(settings.timeout))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(settings.max_bytes))
    config.set("DEFAULT", "MAX_REDIRECTS", str(settings.max_redirects))
    config.set("DEFAULT", "USER_AGENTS", settings.identity)
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if settings.allow_private_networks else "on")
    # a page that fails certificate checks is not fetched again without them
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")
    return config


class _NotModified(Exception):
    """The server says the stored copy is current (304)."""


def _refetch(url: str, settings: FetchSettings, stored: dict):
    """A conditional GET with the stored page's validators (see ingest.conditional)."""
    try:
        answer = conditional_get(
            url,
            etag=stored.get("etag") or "",
            last_modified=stored.get("last_modified") or "",
            user_agent=settings.identity,
            timeout=settings.timeout,
            max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects,
            allow_private=settings.allow_private_networks,
        )
    except TooLarge as err:
        raise _Failure("too large", str(err)) from None
    except Exception as err:  # urllib3 raises many kinds; the message says which
        raise _Failure(_classify(str(err)), str(err)) from None
    if answer.status == 304:
        raise _NotModified()
    return answer


def download(
    url: str,
    settings: FetchSettings,
    config=None,
    accept: tuple[str, ...] = HTML_TYPES,
    stored: dict | None = None,
) -> Page:
    """Fetch one URL with trafilatura; raise _Failure with a reason unless its type is accepted.

    `accept` lists the content types taken (HTML by default; discovery passes feed types).
    `stored`: the page as stored before (its ETag and Last-Modified); the request is then
    conditional and a 304 answer raises _NotModified.
    """
    check_address(url, settings.allow_private_networks)
    _CAPTURE.pop()
    if stored and (stored.get("etag") or stored.get("last_modified")):
        response = _refetch(url, settings, stored)
        response = SimpleNamespace(
            status=response.status, headers=response.headers, data=response.body, url=response.url
        )
    else:
        response = trafilatura.downloads.fetch_response(
            url, decode=False, config=config or trafilatura_config(settings)
        )
    if response is None:
        message = _CAPTURE.pop()
        raise _Failure(_classify(message), message or "no answer")
    if response.status != 200:
        raise _Failure(
            f"http {response.status}", f"the server answered {response.status}", response.status
        )
    headers = response.headers or {}
    content_type = headers.get("content-type", "")
    mime = content_type.split(";")[0].strip().lower()
    data = response.data or b""
    if mime and mime not in accept:
        reason = "not html" if accept == HTML_TYPES else "unexpected content type"
        raise _Failure(reason, f"content type {mime}", response.status)
    if data.lstrip()[:5] == b"%PDF-":  # servers label PDFs as HTML often enough to check
        reason = "not html" if accept == HTML_TYPES else "unexpected content type"
        raise _Failure(reason, "the body is a PDF", response.status)
    return Page(
        url=url,
        raw=data,
        final_url=response.url or url,
        http_status=response.status,
        content_type=content_type,
        etag=headers.get("etag", ""),
        last_modified=headers.get("last-modified", ""),
    )


def page_outcome(page: Page, url: str, outlet: str) -> Outcome:
    """Decode and extract a page; the outcome says whether it held an article."""
    html, charset = decode_html(page.raw, page.content_type)
    page = replace(page, charset=charset)
    document = extract_document(html, url, outlet)
    if document is None:
        return Outcome(
            url,
            outlet,
            "failed",
            "no article",
            "no main text was found in the page",
            page.http_status,
            page=page,
        )
    kind, why = classify_page(page.final_url or url, html, document.text)
    if kind != "article":
        # kept raw, logged with its reason, never scored as coverage
        reason = "paywall teaser" if kind == "paywall" else "not an article"
        return Outcome(url, outlet, "failed", reason, why, page.http_status, page=page)
    return Outcome(url, outlet, "fetched", "ok", "", page.http_status, page=page, document=document)


class HostGate:
    """Politeness toward one host: at most `per_host` requests in flight, and request starts
    at least `delay` seconds apart."""

    def __init__(self, per_host: int, delay: float):
        self._slots = threading.Semaphore(per_host)
        self._lock = threading.Lock()
        self._delay = delay
        self._next_start = 0.0

    def __enter__(self) -> HostGate:
        self._slots.acquire()
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self._delay
        time.sleep(start - now)
        return self

    def __exit__(self, *exc: object) -> None:
        self._slots.release()


def _robots_text(settings: FetchSettings, config) -> Callable[[str], str | None]:
    def fetch(url: str) -> str | None:
        try:
            page = download(url, settings, config, accept=("text/plain",))
        except _Failure:
            return None
        return decode_html(page.raw, page.content_type)[0]

    return fetch


def _fetch_one(
    url: str,
    outlet: str,
    settings: FetchSettings,
    config,
    gates: dict[str, HostGate],
    robots: RobotsRules | None,
    stored: dict | None = None,
) -> Outcome:
    started = time.perf_counter()
    host = (urlsplit(url).hostname or "").lower()
    with gates[host]:
        try:
            if robots is not None and not robots.allowed(url):
                raise _Failure(
                    "robots.txt",
                    "the site's robots.txt disallows this page for "
                    "our User-Agent (respect_robots in settings.toml)",
                )
            page = download(url, settings, config, stored=stored)
        except _NotModified:
            outcome = Outcome(
                url,
                outlet,
                "skipped",
                "not modified",
                "the server says the stored copy is current (304)",
                304,
            )
        except _Failure as failure:
            outcome = Outcome(
                url, outlet, "failed", failure.reason, failure.detail, failure.http_status
            )
        else:
            outcome = page_outcome(page, url, outlet)
    outcome.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def _interleave_hosts(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Round-robin over hosts, so workers are not all parked on one host's limit."""
    by_host: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for url, outlet in items:
        by_host[(urlsplit(url).hostname or "").lower()].append((url, outlet))
    queues = list(by_host.values())
    ordered = []
    while queues:
        ordered.extend(q.pop(0) for q in queues)
        queues = [q for q in queues if q]
    return ordered


def record(store: Store, event: str, outcome: Outcome) -> None:
    """Write an outcome: the raw page (even without an article), the document, the log row."""
    if outcome.reason == "not modified":  # stored already; this event may not have it yet
        store.link(event, outcome.url, outcome.outlet)
    if outcome.page is not None:
        store.save_page(outcome.page)
    if outcome.document is not None:
        same = store.url_of_canonical(outcome.document.canonical)
        if same and same != outcome.url:
            # two addresses of one article (tracking parameters, mobile pages): store it once
            store.link(event, same, outcome.outlet)
            outcome = replace(
                outcome,
                status="skipped",
                reason="same canonical",
                detail=f"the same article as {same} (canonical {outcome.document.canonical})",
                document=None,
            )
        else:
            store.save_document(event, outcome.document)
    store.log(
        LogEntry(
            event,
            outcome.url,
            outcome.outlet,
            outcome.status,
            outcome.reason,
            outcome.detail,
            outcome.http_status,
            outcome.elapsed_ms,
        )
    )


def fetch_event(
    event: Event,
    settings: FetchSettings,
    store: Store,
    *,
    refresh: bool = False,
    on_progress: Callable[[Outcome, Summary], None] | None = None,
) -> Summary:
    """Fetch every coverage URL of the event into the store; return the counts."""
    return fetch_urls(
        event.id,
        [(c.url, c.outlet) for c in event.coverage],
        settings,
        store,
        refresh=refresh,
        on_progress=on_progress,
    )


def fetch_urls(
    event_id: str,
    items: Iterable[tuple[str, str]],
    settings: FetchSettings,
    store: Store,
    *,
    refresh: bool = False,
    on_progress: Callable[[Outcome, Summary], None] | None = None,
) -> Summary:
    items = list(items)
    summary = Summary(total=len(items))

    def finish(outcome: Outcome) -> None:
        try:
            record(store, event_id, outcome)
        finally:
            summary.add(outcome)
            if on_progress:
                on_progress(outcome, summary)

    todo = []
    for url, outlet in items:
        if not refresh and store.has_document(url):
            store.link(event_id, url, outlet)
            finish(
                Outcome(
                    url,
                    outlet,
                    "skipped",
                    "already stored",
                    "stored earlier; use --refresh to fetch again",
                )
            )
        else:
            todo.append((url, outlet))
    if not todo:
        return summary
    # pages stored before are asked for again conditionally (ETag, Last-Modified)
    stored = {url: store.page_info(url) for url, _ in todo} if refresh else {}

    config = trafilatura_config(settings)
    # one gate per host, made here rather than lazily from the worker threads
    gates = {
        (urlsplit(url).hostname or "").lower(): HostGate(settings.per_host, settings.delay)
        for url, _ in todo
    }
    robots = (
        RobotsRules(_robots_text(settings, config), settings.identity)
        if settings.respect_robots
        else None
    )
    with ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="fetch") as pool:
        futures = {
            pool.submit(
                _fetch_one, url, outlet, settings, config, gates, robots, stored.get(url)
            ): (url, outlet)
            for url, outlet in _interleave_hosts(todo)
        }
        for future in as_completed(futures):
            url, outlet = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # one page's bug must not stop the batch
                LOGGER.exception("unexpected failure on %s", url)
                outcome = Outcome(url, outlet, "failed", "internal error", repr(err))
            try:
                finish(outcome)
            except StoreError:
                # the store cannot take more (disk full, damaged, read-only): downloading the
                # rest would be lost work, so no URL not yet started is started
                for pending in futures:
                    pending.cancel()
                raise
    return summary
