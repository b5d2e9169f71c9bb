"""Fetch an event's coverage: concurrent across hosts, polite per host.

Every request goes through `ingest.http`, the product's one HTTP client; trafilatura only
extracts. Workers download and extract; the calling thread writes what they found to the
store, so a failure in one page never touches another's data. Before downloading, a worker
claims its URL's job in the store's job table (the same table continuous ingest takes its work
from), so two fetches or watchers of one store never download a page twice at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ingest import http
from ingest.config import Event, FetchSettings
from ingest.errors import StoreError
from ingest.extract import decode_html, extract_page
from ingest.http import FetchFailure, Reason
from ingest.pagekind import classify_page
from ingest.politeness import SharedHostGate
from ingest.robots import RobotsRules
from ingest.store import Document, LogEntry, Page, Store

if TYPE_CHECKING:
    from distributed import Client

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


class _NotModified(Exception):
    """The server says the stored copy is current (304)."""


def _wrong_type(accept: tuple[str, ...], detail: str, status: int) -> FetchFailure:
    kind = Reason.NOT_HTML if accept == HTML_TYPES else Reason.WRONG_TYPE
    return FetchFailure(kind, detail, status)


def download(
    url: str,
    settings: FetchSettings,
    accept: tuple[str, ...] = HTML_TYPES,
    stored: dict | None = None,
    *,
    max_bytes: int | None = None,
) -> Page:
    """Fetch one URL through the HTTP client; raise FetchFailure unless its type is accepted.

    `accept` lists the content types taken (HTML by default; discovery passes feed types).
    `stored`: the page as stored before (its ETag and Last-Modified); the request is then
    conditional and a 304 answer raises _NotModified.
    """
    stored = stored or {}
    response = http.get(
        url,
        settings,
        etag=stored.get("etag") or "",
        last_modified=stored.get("last_modified") or "",
        max_bytes=max_bytes,
    )
    if response.status == 304:
        raise _NotModified()
    content_type = response.headers.get("content-type", "")
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in accept:
        raise _wrong_type(accept, f"content type {mime}", response.status)
    if response.body.lstrip()[:5] == b"%PDF-":  # servers label PDFs as HTML often enough
        raise _wrong_type(accept, "the body is a PDF", response.status)
    return Page(
        url=url,
        raw=response.body,
        final_url=response.final_url,
        http_status=response.status,
        content_type=content_type,
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
    )


FLAGGED_REASONS = {"non-article": "not an article", "paywall": "paywall teaser"}


def page_outcome(page: Page, url: str, outlet: str, kind: str = "") -> Outcome:
    """Decode and extract a page; the outcome says whether it held an article.

    `kind="article"` (the user's word, from the event config or a keep) takes the page as an
    article whatever it looks like. A page flagged as something else keeps its document in the
    outcome, so its text is stored beside its raw page and the user can take it back.
    """
    html, charset = decode_html(page.raw, page.content_type)
    page = replace(page, charset=charset)
    extraction = extract_page(html, url, outlet)
    document = extraction.document
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
    found, why = classify_page(page.final_url or url, extraction.signals, document.text)
    if found != "article":
        # kept with its text, logged with its reason, never scored as coverage unless kept
        flagged = Outcome(
            url,
            outlet,
            "failed",
            FLAGGED_REASONS[found],
            why,
            page.http_status,
            page=page,
            document=document,
        )
        return as_article(flagged) if kind == "article" else flagged
    return Outcome(url, outlet, "fetched", "ok", "", page.http_status, page=page, document=document)


def as_article(outcome: Outcome) -> Outcome:
    """A flagged page's outcome, taken as an article because the user says it is one."""
    if outcome.status != "failed" or outcome.reason not in FLAGGED_REASONS.values():
        return outcome
    detail = f"taken as an article by the user (looked like: {outcome.reason}, {outcome.detail})"
    return replace(outcome, status="fetched", reason="ok", detail=detail)


# A robots.txt larger than this is not read (the robots.txt standard asks crawlers to read at
# least 500 KiB); the site's pages are then not fetched, as when it cannot be read at all.
ROBOTS_MAX_BYTES = 512_000


def robots_text(settings: FetchSettings) -> Callable[[str], str | None]:
    """Fetches a robots.txt: its text, None when the site has none (a 4xx answer, or a page
    that is not plain text); raises FetchFailure when it cannot be read."""

    def fetch(url: str) -> str | None:
        try:
            page = download(
                url,
                settings,
                accept=("text/plain",),
                max_bytes=min(settings.max_bytes, ROBOTS_MAX_BYTES),
            )
        except FetchFailure as failure:
            status = failure.http_status or 0
            if failure.kind is Reason.WRONG_TYPE or (
                failure.kind is Reason.HTTP and 400 <= status < 500
            ):
                return None
            raise
        return decode_html(page.raw, page.content_type)[0]

    return fetch


# names this machine in a lease's owner, so a run can tell its neighbours' leases from others'
_MACHINE = socket.gethostname()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def release_dead_runs(store: Store) -> None:
    """Let go of the claims of runs on this machine whose process is gone (killed), so the
    next run fetches at once what they were downloading, without waiting for the claims to run
    out. Runs on other machines cannot be seen from here: their claims run out by themselves."""
    for owner in store.lease_owners():
        machine, _, rest = owner.partition(":")
        pid = rest.partition(":")[0]
        if machine == _MACHINE and pid.isdigit() and not _alive(int(pid)):
            LOGGER.info("releasing the claims of a run that is gone (process %s)", pid)
            store.release_jobs(owner)


def lease_seconds(settings: FetchSettings) -> float:
    """How long a URL's lease holds at most: longer than one download can take, retries
    included, so a killed run's leases run out soon after."""
    waits = http.MAX_RETRIES * settings.max_retry_wait
    return (http.MAX_RETRIES + 1) * settings.deadline + waits + 60


def new_owner() -> str:
    """A name for one fetch or watcher run, unique across processes and machines."""
    return f"{_MACHINE}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


@dataclass
class _Run:
    """What the workers of one fetch share."""

    event: str
    settings: FetchSettings
    store: Store
    gates: dict[str, SharedHostGate]
    robots: RobotsRules | None
    refresh: bool
    owner: str
    # the jobs were claimed in a batch before the run (a watcher): no claim per URL
    claimed: bool = False
    # set when the run is asked to stop: a page not yet started is not started
    stop: threading.Event | None = None


# the outcome of a page the run was asked to stop before starting: never recorded
_NOT_STARTED = Outcome("", "", "skipped", "not started")


def _new_run(
    event_id: str,
    urls: Iterable[str],
    settings: FetchSettings,
    store: Store,
    *,
    refresh: bool,
    owner: str,
    claimed: bool = False,
    stop: threading.Event | None = None,
) -> _Run:
    return _Run(
        event=event_id,
        settings=settings,
        store=store,
        # one gate per host, made here rather than lazily from the worker threads; the gates
        # hold across every run on the store, so two watchers share a host's limits
        gates={
            host: SharedHostGate(
                store,
                host,
                per_host=settings.per_host,
                delay=settings.delay,
                owner=owner,
                lease=lease_seconds(settings),
                stop=stop,
            )
            for host in {(urlsplit(url).hostname or "").lower() for url in urls}
        },
        robots=(
            RobotsRules(robots_text(settings), settings.identity)
            if settings.respect_robots
            else None
        ),
        refresh=refresh,
        owner=owner,
        claimed=claimed,
        stop=stop,
    )


def _fetch_one(url: str, outlet: str, run: _Run, stored: dict | None = None) -> Outcome:
    host = (urlsplit(url).hostname or "").lower()
    with run.gates[host]:
        if run.stop is not None and run.stop.is_set():
            return _NOT_STARTED
        # timed from here: the wait for the host's slot is not this page's download time
        started = time.perf_counter()
        outcome = _fetch_claimed(url, outlet, run, stored)
    outcome.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def claim(url: str, outlet: str, run: _Run, before: dict | None = None) -> Outcome | None:
    """Take the URL's job in the store (unless the run claimed its jobs already); an outcome
    when this run must not download it. `before`: the page as stored when a refreshing run
    began, so a page another run has fetched again since is not fetched a third time."""
    if not run.claimed and not run.store.claim_job(
        run.event, url, outlet, run.owner, lease_seconds(run.settings)
    ):
        return Outcome(
            url,
            outlet,
            "skipped",
            "fetched by another run",
            "another fetch of this store is fetching it, or has just fetched it",
        )
    if not run.refresh and run.store.has_document(url):
        return Outcome(url, outlet, "skipped", "already stored", "stored by another run meanwhile")
    if run.refresh and before is not None:
        # another run's claim ends with that run, which may come before this one reaches the
        # page: its newer copy says the page was fetched again while this run went on
        now = run.store.page_info(url)
        if now is not None and now.get("fetched_at") != before.get("fetched_at"):
            return Outcome(
                url,
                outlet,
                "skipped",
                "fetched by another run",
                "another fetch of this store fetched it again after this run began",
            )
    return None


def _fetch_claimed(url: str, outlet: str, run: _Run, stored: dict | None) -> Outcome:
    refused = claim(url, outlet, run, stored)
    if refused is not None:
        return refused
    return download_and_extract(url, outlet, run.settings, run.robots, stored)


def download_and_extract(
    url: str,
    outlet: str,
    settings: FetchSettings,
    robots: RobotsRules | None,
    stored: dict | None = None,
) -> Outcome:
    """One claimed URL: robots.txt, the download and the extraction; touches no store."""
    try:
        if robots is not None:
            refusal = robots.refusal(url)
            if refusal is not None:
                raise refusal
        page = download(url, settings, stored=stored)
    except _NotModified:
        return Outcome(
            url,
            outlet,
            "skipped",
            "not modified",
            "the server says the stored copy is current (304)",
            304,
        )
    except FetchFailure as failure:
        return Outcome(url, outlet, "failed", failure.reason, failure.detail, failure.http_status)
    return page_outcome(page, url, outlet)


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


# skipped pages that are (or are about to be) stored under another run or an earlier fetch
_STORED_ELSEWHERE = {"not modified", "already stored", "fetched by another run"}


def record(store: Store, event: str, outcome: Outcome) -> Outcome:
    """Write an outcome: the raw page (even without an article), the document, the log row.

    Returns the outcome as logged, which says "skipped" for a second address of a stored article.
    """
    if outcome.reason in _STORED_ELSEWHERE:  # this event may not have the page yet
        store.link(event, outcome.url, outcome.outlet)
    if outcome.page is not None:
        store.save_page(outcome.page)
    if outcome.document is not None and outcome.status == "failed":
        # a flagged page: its text is kept apart from the articles, ready to be taken back
        store.save_flagged(event, outcome.document, outcome.reason, outcome.detail)
    elif outcome.document is not None:
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
    return outcome


def fetch_event(
    event: Event,
    settings: FetchSettings,
    store: Store,
    *,
    refresh: bool = False,
    on_progress: Callable[[Outcome, Summary], None] | None = None,
    keep_flagged: bool = False,
    client: Client | None = None,
) -> Summary:
    """Fetch every coverage URL of the event into the store; return the counts.

    A URL listed with `kind = "article"`, one the user kept before, or every URL with
    `keep_flagged`, is taken as an article even when it looks like something else.
    `client`: a Dask client whose workers download and extract (see ingest.cluster_fetch).
    """
    articles = {c.url for c in event.coverage if keep_flagged or c.kind == "article"}
    return fetch_urls(
        event.id,
        [(c.url, c.outlet) for c in event.coverage],
        settings,
        store,
        refresh=refresh,
        on_progress=on_progress,
        articles=articles | store.kept_urls(event.id),
        client=client,
    )


def fetch_urls(
    event_id: str,
    items: Iterable[tuple[str, str]],
    settings: FetchSettings,
    store: Store,
    *,
    refresh: bool = False,
    on_progress: Callable[[Outcome, Summary], None] | None = None,
    articles: Iterable[str] = (),
    client: Client | None = None,
) -> Summary:
    """`articles`: URLs the user takes as articles whatever their page kind.

    With a Dask `client` the cluster's workers download and extract, under limits per host
    that hold across all of them; this process still claims each URL's job and records every
    outcome, so the store is written from here alone.
    """
    items = list(items)
    summary = Summary(total=len(items))
    articles = set(articles)

    def finish(outcome: Outcome) -> None:
        if outcome.url in articles:
            outcome = as_article(outcome)
        try:
            outcome = record(store, event_id, outcome)
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
    run = _new_run(
        event_id, [url for url, _ in todo], settings, store, refresh=refresh, owner=new_owner()
    )
    release_dead_runs(store)

    def done(outcome: Outcome) -> None:
        finish(outcome)
        # only once recorded; the claim is kept until the run ends (or runs out), so a second
        # run that is refreshing the same pages does not fetch again one this run has just fetched
        store.finish_job(
            event_id,
            outcome.url,
            run.owner,
            failed=outcome.status == "failed",
            reason=outcome.reason,
            release=False,
        )

    try:
        if client is not None:
            from ingest.cluster_fetch import fetch_on_cluster

            fetch_on_cluster(client, _interleave_hosts(todo), run, stored, done)
            return summary
        _fetch_all(run, todo, stored, done)
    finally:
        # a store that fails here lets the claims run out by themselves
        with contextlib.suppress(StoreError, sqlite3.Error):
            store.release_jobs(run.owner)
    return summary


def fetch_claimed(
    event_id: str,
    jobs: Iterable[tuple[str, str]],
    settings: FetchSettings,
    store: Store,
    *,
    owner: str,
    stored: dict[str, dict],
    on_outcome: Callable[[Outcome], None],
    stop: threading.Event | None = None,
) -> None:
    """Fetch jobs (url, outlet) that `owner` has claimed, with a conditional request for those
    in `stored` (url -> the stored page's validators).

    Each outcome goes to `on_outcome` in the calling thread, unrecorded: the caller decides
    what to write. When `stop` is set, no further page is started; those in flight finish.
    """
    jobs = list(jobs)
    run = _new_run(
        event_id,
        [url for url, _ in jobs],
        settings,
        store,
        refresh=True,
        owner=owner,
        claimed=True,
        stop=stop,
    )
    _fetch_all(run, jobs, stored, on_outcome, stop)


def _fetch_all(
    run: _Run,
    todo: list[tuple[str, str]],
    stored: dict[str, dict],
    finish: Callable[[Outcome], None],
    stop: threading.Event | None = None,
) -> None:
    with ThreadPoolExecutor(max_workers=run.settings.workers, thread_name_prefix="fetch") as pool:
        futures = {
            pool.submit(_fetch_one, url, outlet, run, stored.get(url)): (url, outlet)
            for url, outlet in _interleave_hosts(todo)
        }
        for future in as_completed(futures):
            url, outlet = futures[future]
            if future.cancelled():
                continue
            try:
                outcome = future.result()
            except StoreError:
                # the store failed while the page waited for its host's turn: as below
                for pending in futures:
                    pending.cancel()
                raise
            except Exception as err:  # one page's bug must not stop the batch
                LOGGER.exception("unexpected failure on %s", url)
                outcome = Outcome(url, outlet, "failed", "internal error", repr(err))
            if outcome is _NOT_STARTED:
                continue  # its claim is handed back with the run's others
            try:
                finish(outcome)
            except StoreError:
                # the store cannot take more (disk full, damaged, read-only): downloading
                # the rest would be lost work, so no URL not yet started is started
                for pending in futures:
                    pending.cancel()
                raise
            if stop is not None and stop.is_set():
                for pending in futures:
                    pending.cancel()
