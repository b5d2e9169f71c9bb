"""Fetch on a Dask cluster: the limit per host holds across every worker (the test server's own
count of requests at once says so), the store is written by the client, leases still hold."""

from __future__ import annotations

import time

import pytest

from ingest.cluster import local_client
from ingest.config import FetchSettings
from ingest.fetch import fetch_urls
from tests.conftest import LEGIT_TEXT, article_page
from tests.pageserver import Answer, start_server

HOSTS = ("127.0.0.1", "127.0.0.2")


@pytest.fixture(scope="module")
def client():
    # eight threads in all: more than the hosts' limits, so only the gate keeps to them
    with local_client(2, threads=4) as client:
        yield client


@pytest.fixture
def servers():
    page = article_page("A", LEGIT_TEXT).encode()
    started = [
        start_server({f"/{i}": Answer(page, delay=0.3) for i in range(8)}, host) for host in HOSTS
    ]
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def _items(servers, n: int = 8) -> list[tuple[str, str]]:
    return [
        (f"http://{s.server_address[0]}:{s.server_address[1]}/{i}", "A")
        for s in servers
        for i in range(n)
    ]


@pytest.mark.parametrize("per_host", [1, 2])
def test_the_limit_per_host_holds_across_workers(client, servers, store, per_host):
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, per_host=per_host, workers=8, delay=0
    )
    summary = fetch_urls("e", _items(servers), settings, store, client=client)
    assert summary.counts["fetched"] == 16, summary.line()
    # each host was answering its limit's worth at once, and never more
    assert [s.peak for s in servers] == [per_host, per_host]
    # the client recorded every page: documents and a log row each
    assert len(store.documents("e")) == 16
    assert len(store.fetch_log("e")) == 16
    assert {row["elapsed_ms"] is not None for row in store.fetch_log("e")} == {True}


def test_request_starts_to_a_host_keep_the_delay(client, servers, store):
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, per_host=4, workers=8, delay=0.4
    )
    started = time.monotonic()
    summary = fetch_urls("e", _items(servers[:1], 4), settings, store, client=client)
    assert summary.counts["fetched"] == 4
    # four starts 0.4 s apart take 1.2 s before the last one even begins
    assert time.monotonic() - started >= 1.2
    assert servers[0].peak <= 4


def test_a_url_leased_by_another_run_is_not_downloaded(client, servers, store):
    items = _items(servers[:1], 3)
    assert store.claim_job("e", items[0][0], "A", "another-run", 600)
    settings = FetchSettings(timeout=5, allow_private_networks=True, delay=0)
    summary = fetch_urls("e", items, settings, store, client=client)
    assert summary.counts["fetched"] == 2 and summary.counts["skipped"] == 1
    assert servers[0].hits["/0"] == 0
    # its lease runs out, and the next run fetches what is missing
    store.release_jobs("another-run")
    again = fetch_urls("e", items, settings, store, client=client)
    assert again.counts["fetched"] == 1 and servers[0].hits["/0"] == 1
