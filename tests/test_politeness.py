"""Politeness held across runs on one store: a host's request slots and the spacing of its
request starts live in the store, so two fetches (or watchers) share one host's limits. Run
on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import time
from itertools import pairwise

from ingest.config import FetchSettings
from ingest.fetch import fetch_urls
from ingest.politeness import SharedHostGate
from ingest.store import Store
from tests.conftest import LEGIT_TEXT, article_page
from tests.pageserver import Answer, start_server


def test_a_hosts_slots_are_taken_up_to_the_limit_and_given_back(store):
    assert store.take_host_slot("h", 2, "first", 60) == 0
    assert store.take_host_slot("h", 2, "second", 60) == 1
    assert store.take_host_slot("h", 2, "third", 60) is None
    # another host has slots of its own
    assert store.take_host_slot("other", 2, "third", 60) == 0
    store.release_host_slot("h", 0, "first")
    assert store.take_host_slot("h", 2, "third", 60) == 0
    # a release by a run that no longer holds the slot changes nothing
    store.release_host_slot("h", 0, "first")
    assert store.take_host_slot("h", 2, "fourth", 60) is None


def test_a_run_with_a_lower_limit_shares_the_low_slots(store):
    assert [store.take_host_slot("h", 3, "wide", 60) for _ in range(2)] == [0, 1]
    # per_host 2 for this run: the two slots it may use are held, whoever holds them
    assert store.take_host_slot("h", 2, "narrow", 60) is None
    assert store.take_host_slot("h", 3, "wide", 60) == 2


def test_a_slot_whose_lease_ran_out_is_taken_over(store):
    now = time.time()
    assert store.take_host_slot("h", 1, "killed", 30, now=now) == 0
    assert store.take_host_slot("h", 1, "next", 30, now=now + 10) is None
    assert store.take_host_slot("h", 1, "next", 30, now=now + 31) == 0
    # the killed run's late release does not free the slot its successor holds
    store.release_host_slot("h", 0, "killed")
    assert store.take_host_slot("h", 1, "third", 30, now=now + 32) is None


def test_a_runs_slots_are_released_with_its_claims(store):
    store.take_host_slot("h", 1, "gone", 600)
    assert "gone" in store.lease_owners()
    store.release_jobs("gone")
    assert "gone" not in store.lease_owners()
    assert store.take_host_slot("h", 1, "next", 600) == 0


def test_reserved_starts_are_spaced_by_the_delay(store):
    now = 1_000_000.0
    starts = [store.reserve_host_start("h", 2.0, now=now) for _ in range(3)]
    assert starts == [now, now + 2.0, now + 4.0]
    # another host is not held back by this one's queue
    assert store.reserve_host_start("other", 2.0, now=now) == now
    # after a quiet spell the next request may start at once
    assert store.reserve_host_start("h", 2.0, now=now + 100) == now + 100
    # a shorter delay of another run is measured from the last reserved start
    assert store.reserve_host_start("h", 0.5, now=now + 100) == now + 102.0


def test_reservations_from_two_connections_never_share_a_start(store_address):
    with Store(store_address) as a, Store(store_address) as b:
        starts: list[float] = []
        lock = threading.Lock()

        def reserve(store: Store) -> None:
            for _ in range(20):
                start = store.reserve_host_start("h", 0.25, now=5_000.0)
                with lock:
                    starts.append(start)

        threads = [threading.Thread(target=reserve, args=(s,)) for s in (a, b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(starts) == [5_000.0 + 0.25 * i for i in range(40)]


def _gate(store: Store, owner: str, **kwargs) -> SharedHostGate:
    settings = {"per_host": 1, "delay": 0.0, "lease": 60.0, **kwargs}
    return SharedHostGate(store, "h", owner=owner, **settings)


def test_a_gate_waits_for_the_slot_another_run_holds(store_address):
    with Store(store_address) as ours, Store(store_address) as theirs:
        assert theirs.take_host_slot("h", 1, "theirs", 60) == 0
        entered = threading.Event()

        def fetch() -> None:
            with _gate(ours, "ours"):
                entered.set()

        thread = threading.Thread(target=fetch)
        thread.start()
        # it is still waiting while the other run's request holds the host's one slot
        assert not entered.wait(0.3)
        theirs.release_host_slot("h", 0, "theirs")
        thread.join(timeout=10)
        assert entered.is_set()
        # and it gave the slot back when done
        assert theirs.take_host_slot("h", 1, "theirs", 60) == 0


def test_a_stopped_run_stops_waiting_and_holds_nothing(store):
    store.take_host_slot("h", 1, "theirs", 60)
    stop = threading.Event()
    gate = _gate(store, "ours", stop=stop)
    result: list[object] = []

    def fetch() -> None:
        with gate:
            result.append(stop.is_set())

    thread = threading.Thread(target=fetch)
    thread.start()
    time.sleep(0.1)
    stop.set()
    thread.join(timeout=10)
    assert result == [True]  # it entered only to see that it must not start
    assert "ours" not in store.lease_owners()


def test_a_gates_threads_keep_the_limit_across_two_runs(store_address):
    """Two runs' gates, four threads each, on one host with per_host 2: never more than two
    inside at once, counted as they enter and leave."""
    inside = peak = 0
    lock = threading.Lock()

    def worker(gate: SharedHostGate) -> None:
        nonlocal inside, peak
        for _ in range(3):
            with gate:
                with lock:
                    inside += 1
                    peak = max(peak, inside)
                time.sleep(0.02)
                with lock:
                    inside -= 1

    with Store(store_address) as a, Store(store_address) as b:
        gates = [_gate(a, "run-a", per_host=2), _gate(b, "run-b", per_host=2)]
        threads = [threading.Thread(target=worker, args=(g,)) for g in gates for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert peak == 2


def test_two_fetches_of_one_store_share_a_hosts_limit_and_delay(store_address):
    """Two fetches at once, each with its own connection, on one host (per_host 1, delay
    0.3 s): the host's own count never sees two requests at once, and no two requests start
    closer than the delay (less the jitter of a busy machine), whichever fetch sent them."""
    pages = {f"/p{i}": Answer(article_page(f"Story {i}", LEGIT_TEXT).encode()) for i in range(8)}
    server = start_server(pages)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [(f"{base}{path}", "Loopback Courier") for path in pages]
        settings = FetchSettings(
            timeout=5,
            per_host=1,
            workers=2,
            delay=0.3,
            allow_private_networks=True,
            respect_robots=False,
        )
        summaries: dict[str, object] = {}

        def fetch(event: str, items: list[tuple[str, str]]) -> None:
            with Store(store_address) as store:
                summaries[event] = fetch_urls(event, items, settings, store)

        runs = [
            threading.Thread(target=fetch, args=("a", urls[:4])),
            threading.Thread(target=fetch, args=("b", urls[4:])),
        ]
        for run in runs:
            run.start()
        for run in runs:
            run.join(timeout=120)
    finally:
        server.shutdown()
        server.server_close()
    assert [summaries[e].counts["fetched"] for e in ("a", "b")] == [4, 4]
    assert server.peak == 1
    starts = sorted(server.starts)
    assert len(starts) == 8
    assert min(b - a for a, b in pairwise(starts)) >= 0.2
