"""Fetch on a Dask cluster: the workers download and extract, this process claims and records.

The rules of a fetch in one process hold across the cluster:

- Politeness per host is the cluster's, not each worker's: a host's requests take a lease of
  a Dask `Semaphore` named for the host (at most `per_host` leases at once, whichever worker
  holds them), and their starts are spaced `delay` seconds apart through a Dask `Lock` and
  `Variable` of the host holding the next allowed start. A worker that dies loses its lease
  when the scheduler stops hearing from it, so the host is not blocked for good.
- The store is written by this process only: it claims each URL's job (Store.claim_job) before
  the URL is sent to a worker and records each outcome as it comes back, so a fetch killed
  mid-way resumes as one in one process does, and two fetches never download a page twice.
- Only ingest.http touches the network, on the workers as here.

At most as many URLs are out at once as the cluster has threads (or `workers`, if more), so
a URL's claim is never spent waiting in a queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ingest.config import FetchSettings
from ingest.errors import StoreError
from ingest.fetch import Outcome, _Run, claim, download_and_extract, robots_text
from ingest.robots import RobotsRules

if TYPE_CHECKING:
    from distributed import Client

LOGGER = logging.getLogger(__name__)

_PREFIX = "framing-host"


class ClusterHostGate:
    """SharedHostGate's rules for one host, shared by every worker of the cluster."""

    def __init__(self, host: str, per_host: int, delay: float):
        from distributed import Lock, Semaphore, Variable

        # runs of one limit share the host's leases (a semaphore keeps the limit it was made
        # with, so a run with another limit has its own)
        self._slots = Semaphore(max_leases=per_host, name=f"{_PREFIX}-{per_host}-slots-{host}")
        self._start_lock = Lock(f"{_PREFIX}-start-{host}")
        self._next_start = Variable(f"{_PREFIX}-next-{host}")
        self._delay = delay

    def __enter__(self) -> ClusterHostGate:
        self._slots.acquire()
        try:
            if self._delay > 0:
                self._wait_turn()
        except BaseException:
            self._slots.release()
            raise
        return self

    def _wait_turn(self) -> None:
        # wall-clock time, since the workers may be on different machines
        with self._start_lock:
            try:
                planned = float(self._next_start.get(timeout=0))
            except TimeoutError:  # the first request to the host on this cluster
                planned = 0.0
            now = time.time()
            start = max(now, planned)
            self._next_start.set(start + self._delay)
        time.sleep(max(0.0, start - now))

    def __exit__(self, *exc: object) -> None:
        self._slots.release()


# robots.txt is read once per run and worker process: a long-lived worker serves many runs
_ROBOTS: dict[str, RobotsRules] = {}


def _robots_of(run_id: str, settings: FetchSettings) -> RobotsRules | None:
    if not settings.respect_robots:
        return None
    if run_id not in _ROBOTS:
        while len(_ROBOTS) >= 4:  # earlier runs' rules are not needed again
            _ROBOTS.pop(next(iter(_ROBOTS)))
        _ROBOTS[run_id] = RobotsRules(robots_text(settings), settings.identity)
    return _ROBOTS[run_id]


def fetch_on_worker(
    url: str, outlet: str, settings: FetchSettings, run_id: str, stored: dict | None
) -> Outcome:
    """On a worker: one claimed URL's robots.txt, download and extraction, within its host's
    cluster-wide limits."""
    host = (urlsplit(url).hostname or "").lower()
    with ClusterHostGate(host, settings.per_host, settings.delay):
        # timed from here: the wait for the host's slot is not this page's download time
        started = time.perf_counter()
        outcome = download_and_extract(url, outlet, settings, _robots_of(run_id, settings), stored)
    outcome.elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    return outcome


def _threads(client: Client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(int(w.get("nthreads", 1)) for w in workers.values()) or 1


def fetch_on_cluster(
    client: Client,
    todo: Iterable[tuple[str, str]],
    run: _Run,
    stored: dict[str, dict],
    finish: Callable[[Outcome], None],
) -> None:
    """Send each URL to the cluster once claimed here; `finish` records each outcome here."""
    from distributed import as_completed

    pending = list(todo)
    pending.reverse()  # popped from the end: the first URL goes first
    limit = max(_threads(client), run.settings.workers)
    out = as_completed(loop=client.loop)
    sent: dict[object, tuple[str, str]] = {}

    def send_more() -> None:
        while pending and len(sent) < limit:
            url, outlet = pending.pop()
            refused = claim(url, outlet, run, stored.get(url))
            if refused is not None:
                finish(refused)
                continue
            future = client.submit(
                fetch_on_worker,
                url,
                outlet,
                run.settings,
                run.owner,
                stored.get(url),
                pure=False,
                retries=2,  # a worker that died mid-page: another one fetches it
            )
            sent[future] = (url, outlet)
            out.add(future)

    send_more()
    while sent:
        future = next(out)
        url, outlet = sent.pop(future)
        try:
            outcome = future.result()
        except Exception as err:  # one page's bug, or a lost worker, must not stop the batch
            LOGGER.warning("unexpected failure on %s: %r", url, err)
            outcome = Outcome(url, outlet, "failed", "internal error", repr(err))
        try:
            finish(outcome)
        except StoreError:
            # the store cannot take more: no URL not yet started is started
            pending.clear()
            for other in sent:
                other.cancel()
            raise
        send_more()
