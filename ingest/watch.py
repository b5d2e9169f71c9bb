"""Continuous ingest: discovery and fetch again on a schedule, from the store's job table.

Every URL an event follows is a job in the store (`fetch_jobs`): the event file's URLs and
those discovery finds in the outlets' feeds and sitemaps. A round claims the jobs due when it
began, in batches, and fetches them: a page never stored plainly, a stored one conditionally
(If-None-Match, If-Modified-Since from its ETag and Last-Modified). A page that has not
changed (a 304, or the same bytes again) writes nothing but its job row, so a quiet round
leaves the event's revision as it was and nothing is re-analysed; a failure is logged when it
is new, not again every round. Each job is due again `every` later; a page that keeps failing
is tried at longer intervals, up to eight times `every`.

Several watchers (and fetches) on one store share the work through the job table: a claim is a
lease, renewed as the watcher finishes pages, so no URL is fetched by two of them at once, and
one killed without warning holds its claims only until they run out (`lease_seconds`, longer
than one download can take). One watcher per round runs the event's discovery. A watcher
asked to stop (Ctrl-C, SIGTERM) starts no further page, records those in flight and hands back
the rest of its claims at once.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from ingest.config import Config, Event
from ingest.discover import run_discovery
from ingest.errors import InputError
from ingest.fetch import (
    Outcome,
    as_article,
    fetch_claimed,
    lease_seconds,
    new_owner,
    record,
    release_dead_runs,
)
from ingest.store import Store

LOGGER = logging.getLogger(__name__)

DEFAULT_EVERY = "30m"
_UNITS = {"s": 1, "m": 60, "h": 3600}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smh])")
# a page that keeps failing is tried again after every * 2**failures, at most this many times
# `every` apart: a dead link costs a request every few hours, not every round
MAX_BACKOFF = 8


def parse_duration(text: str) -> float:
    """Seconds in a duration such as 90s, 30m or 2h; InputError for anything else."""
    found = _DURATION.fullmatch(text.strip().lower())
    seconds = float(found[1]) * _UNITS[found[2]] if found else 0.0
    if seconds <= 0:
        raise InputError(
            f"--every {text!r}: not a duration; give a number above 0 with s, m or h, such as "
            "90s, 30m or 2h"
        )
    return seconds


@dataclass
class Round:
    """What one round did."""

    number: int
    new: int = 0  # pages stored for the first time (or linked to the event)
    changed: int = 0  # pages fetched again whose content changed
    unchanged: int = 0  # 304, or the same bytes again
    failed: int = 0
    added: int = 0  # URLs that became jobs this round (the event file's and discovery's)
    discovered: bool = False  # this watcher ran the event's discovery
    store_changed: bool = False
    analysed: bool = False
    stopped: bool = False  # asked to stop before the round's work was done

    def line(self) -> str:
        text = (
            f"round {self.number}: new {self.new}, changed {self.changed}, "
            f"unchanged {self.unchanged}, failed {self.failed}"
        )
        notes = []
        if self.added:
            notes.append(f"{self.added} URLs added")
        if self.analysed:
            notes.append("analysed")
        elif self.store_changed:
            notes.append("store changed")
        if self.stopped:
            notes.append("stopped; the rest is left for the next run")
        return text + (f" ({'; '.join(notes)})" if notes else "")


# re-analysis after a round that changed the store: takes the event
Analyse = Callable[[Event], object]


@dataclass
class _Watcher:
    event: Event
    config: Config
    store: Store
    owner: str
    every: float
    stop: threading.Event
    articles: set[str]


def watch_round(
    event: Event,
    config: Config,
    store: Store,
    *,
    owner: str,
    every: float,
    number: int = 1,
    stop: threading.Event | None = None,
    analyse: Analyse | None = None,
    discover: bool = True,
) -> Round:
    """One round: discovery (when this watcher's turn), then every job due when it began."""
    stop = stop or threading.Event()
    started = time.time()
    result = Round(number)
    watcher = _Watcher(
        event,
        config,
        store,
        owner,
        every,
        stop,
        {c.url for c in event.coverage if c.kind == "article"} | store.kept_urls(event.id),
    )
    items = [(c.url, c.outlet) for c in event.coverage]
    if discover and config.outlets:
        items += _discovered(watcher, result)
    result.added = store.enqueue_jobs(event.id, items, now=started)
    release_dead_runs(store)  # a watcher killed on this machine: its claims are taken at once
    revision = store.event_revision(event.id)
    settings = config.fetch
    try:
        while not stop.is_set():
            jobs = store.claim_jobs(
                event.id,
                owner,
                limit=max(1, settings.workers) * 2,
                seconds=lease_seconds(settings),
                until=started,
            )
            if not jobs:
                break
            _fetch_batch(watcher, jobs, result)
    finally:
        # claims not finished (asked to stop, or the store failed) are due again at once
        store.release_jobs(owner)
    result.stopped = stop.is_set()
    result.store_changed = store.event_revision(event.id) != revision
    if result.store_changed and analyse is not None and not result.stopped:
        analyse(event)
        result.analysed = True
    return result


def _discovered(watcher: _Watcher, result: Round) -> list[tuple[str, str]]:
    """The URLs discovery finds, when no other watcher is discovering for this round."""
    store, event = watcher.store, watcher.event
    if not store.claim_discovery(event.id, watcher.owner, lease_seconds(watcher.config.fetch)):
        return []
    try:
        found = run_discovery(event, watcher.config, watcher.config.fetch)
    finally:
        store.finish_discovery(event.id, watcher.owner, time.time() + watcher.every)
    result.discovered = True
    for note in found.notes:
        LOGGER.info("discovery of %s: %s", event.id, note)
    return [(c.url, c.outlet) for c in found.candidates if not c.configured]


def _fetch_batch(watcher: _Watcher, jobs: list[dict], result: Round) -> None:
    store, event_id = watcher.store, watcher.event.id
    by_url = {job["url"]: job for job in jobs}
    todo, known, conditional = [], {}, {}
    for job in jobs:
        url = job["url"]
        first = job["checked_at"] is None
        if first and store.has_document(url) and not store.is_linked(event_id, url):
            # stored for another event: this event's article now, without fetching it again
            store.link(event_id, url, job["outlet"])
            result.new += 1
            _finish(watcher, job, failed=False, reason="already stored")
            continue
        info = store.page_info(url)
        if info is not None:
            known[url] = info
            if _recorded(info, job):
                conditional[url] = info
        todo.append((url, job["outlet"]))

    def done(outcome: Outcome) -> None:
        job = by_url[outcome.url]
        if outcome.url in watcher.articles:
            outcome = as_article(outcome)
        kind = _kind(store, outcome, known.get(outcome.url), outcome.url in conditional)
        if kind == "unchanged":
            result.unchanged += 1
        elif (
            outcome.page is None and outcome.status == "failed" and job["reason"] == outcome.reason
        ):
            result.failed += 1  # the same failure as last time: logged then, not again
        else:
            outcome = record(store, event_id, outcome)
            if outcome.status == "failed":
                result.failed += 1
            elif kind == "new":
                result.new += 1
            else:
                result.changed += 1
        _finish(watcher, job, failed=outcome.status == "failed", reason=outcome.reason)
        store.renew_jobs(watcher.owner, lease_seconds(watcher.config.fetch))

    if todo:
        fetch_claimed(
            event_id,
            todo,
            watcher.config.fetch,
            store,
            owner=watcher.owner,
            stored=conditional,
            on_outcome=done,
            stop=watcher.stop,
        )


def _recorded(info: dict, job: dict) -> bool:
    """Whether the stored page was wholly recorded: its job was finished after it was saved.

    A run killed between saving a page and its document leaves a page that must not be
    trusted: it is then fetched without validators and recorded again.
    """
    if job["checked_at"] is None:
        return False
    try:
        saved = datetime.fromisoformat(info["fetched_at"]).timestamp()
    except (TypeError, ValueError):
        return False
    return job["checked_at"] >= saved


def _kind(store: Store, outcome: Outcome, known: dict | None, trusted: bool) -> str:
    """new (never stored), changed or unchanged (a 304, or the very bytes stored)."""
    if known is None:
        return "new"
    if not trusted:
        return "changed"
    if outcome.reason == "not modified":
        return "unchanged"
    if outcome.page is not None and outcome.page.raw == store.raw_page(outcome.url):
        return "unchanged"
    return "changed"


def _finish(watcher: _Watcher, job: dict, *, failed: bool, reason: str) -> None:
    now = time.time()
    backoff = min(2 ** job["attempts"], MAX_BACKOFF) if failed else 1
    watcher.store.finish_job(
        watcher.event.id,
        job["url"],
        watcher.owner,
        failed=failed,
        reason=reason,
        next_due=now + watcher.every * backoff,
        now=now,
    )


def watch(
    event: Event,
    config: Config,
    store: Store,
    *,
    every: float,
    once: bool = False,
    stop: threading.Event | None = None,
    analyse: Analyse | None = None,
    on_round: Callable[[Round], None] | None = None,
) -> list[Round]:
    """Rounds every `every` seconds until `stop` is set (or one, with `once`); the rounds."""
    stop = stop or threading.Event()
    owner = new_owner()
    rounds: list[Round] = []
    while True:
        result = watch_round(
            event,
            config,
            store,
            owner=owner,
            every=every,
            number=len(rounds) + 1,
            stop=stop,
            analyse=analyse,
        )
        rounds.append(result)
        if on_round is not None:
            on_round(result)
        if once or stop.wait(every):
            return rounds


@contextmanager
def stopping_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop`: the pages in flight are finished and recorded. A second
    signal raises KeyboardInterrupt, abandoning them (their claims are handed back)."""

    def handler(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        LOGGER.info("signal %s: stopping after the pages in flight", signum)
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
