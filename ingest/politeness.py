"""Politeness toward a host: at most `per_host` requests in flight, starts `delay` apart,
among every fetch and watcher on one store, on this machine or others.

The host's request slots are rows of the store's `host_slots` table, each taken with one
conditional upsert and held as a lease that runs out after one download's time, so a run killed
with its slots held blocks nobody for good; the next start is a row of `host_pace`, moved
forward in the same statement that reserves a time. Wall-clock time, like the store's job
leases: the machines' clocks are assumed kept by NTP.

A Dask cluster's workers share theirs through the cluster instead (`ingest.cluster_fetch`).
"""

from __future__ import annotations

import threading
import time

from ingest.store import Store

# How long a run waits before asking the store again for a slot another run holds: short at
# first (slots free up as pages arrive), longer while the host stays busy, so waiting threads
# do not keep the store busy.
FIRST_WAIT = 0.02
LONGEST_WAIT = 0.5


class SharedHostGate:
    """Politeness toward one host among every run on one store.

    Entering waits for a slot and for the host's turn; it gives up waiting, holding nothing,
    once `stop` is set (the caller checks `stop` before starting its request).
    """

    def __init__(
        self,
        store: Store,
        host: str,
        *,
        per_host: int,
        delay: float,
        owner: str,
        lease: float,
        stop: threading.Event | None = None,
    ):
        self._store = store
        self._host = host
        self._per_host = per_host
        self._delay = delay
        self._owner = owner
        self._lease = lease
        self._stop = stop
        # this run's own threads wait here first, so no more than per_host of them ask the
        # store for the host's slots at once
        self._local = threading.Semaphore(per_host)
        self._held = threading.local()

    def _stopped(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def __enter__(self) -> SharedHostGate:
        self._local.acquire()
        try:
            self._held.slot = self._take_slot()
            if self._held.slot is not None and self._delay > 0:
                start = self._store.reserve_host_start(self._host, self._delay)
                time.sleep(max(0.0, start - time.time()))
        except BaseException:
            self.__exit__()
            raise
        return self

    def _take_slot(self) -> int | None:
        wait = FIRST_WAIT
        while not self._stopped():
            slot = self._store.take_host_slot(self._host, self._per_host, self._owner, self._lease)
            if slot is not None:
                return slot
            if self._stop is not None:
                self._stop.wait(wait)
            else:
                time.sleep(wait)
            wait = min(wait * 2, LONGEST_WAIT)
        return None

    def __exit__(self, *exc: object) -> None:
        slot = getattr(self._held, "slot", None)
        self._held.slot = None
        try:
            if slot is not None:
                self._store.release_host_slot(self._host, slot, self._owner)
        finally:
            self._local.release()
