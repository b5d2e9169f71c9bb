"""The HTTP client against hostile local servers: private peers, trickles, long Retry-After,
odd robots.txt files and two fetches of one store at once."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

import pytest

from ingest import http
from ingest.config import FetchSettings
from ingest.fetch import _new_run, claim, fetch_urls, new_owner
from ingest.http import FetchFailure, Reason, is_public
from ingest.store import Store
from tests.conftest import LEGIT_TEXT, article_page
from tests.pageserver import Answer, start_server

LOCAL = FetchSettings(timeout=5, allow_private_networks=True, max_redirects=2, delay=0)
PAGE = article_page("A page", LEGIT_TEXT).encode()
TEXT = {"Content-Type": "text/plain"}


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "fe80::1%eth0",
        "169.254.169.254",
    ],
)
def test_private_addresses_in_every_spelling_are_private(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f::1", "64:ff9b::5db8:d70e"])
def test_public_addresses_stay_public(address):
    assert is_public(address)


def test_redirects_and_changed_dns_answers_never_reach_a_private_address(serve, store, monkeypatch):
    """127.0.0.2 plays the public internet, 127.0.0.1 the private network behind it."""
    monkeypatch.setattr(http, "is_public", lambda address: address == "127.0.0.2")
    inside = serve({"/admin": Answer(article_page("Secret", LEGIT_TEXT).encode())})
    inside_port = int(inside.rsplit(":", 1)[1])
    outside = serve(
        {
            "/story": Answer(b"", 302, {"Location": f"{inside}/admin"}),
            # a redirect to a name that resolves to the private address
            "/named": Answer(b"", 302, {"Location": f"http://inside.test:{inside_port}/admin"}),
        },
        host="127.0.0.2",
    )
    answers = {"rebind.test": ["127.0.0.2"], "inside.test": ["127.0.0.1"]}
    calls: dict[str, int] = {}
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        if host == "rebind.test":
            # the first answer is public, every later one private: DNS rebinding
            calls[host] = calls.get(host, 0) + 1
            address = "127.0.0.2" if calls[host] == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host][0], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    settings = FetchSettings(timeout=2, delay=0, max_redirects=2, respect_robots=False)
    urls = [
        f"{outside}/story",
        f"{outside}/named",
        # the same port on both addresses: the rebinding name reaches the inside server
        f"http://rebind.test:{inside_port}/admin",
    ]
    fetch_urls("e", [(url, "A") for url in urls], settings, store)
    reasons = {row["url"]: row["reason"] for row in store.fetch_log("e")}
    assert reasons == dict.fromkeys(urls, "private address")
    assert store.documents("e") == []


def test_a_trickling_server_is_cut_at_the_deadline(serve):
    base = serve(
        {
            "/body": Answer(b"<html>" + b"x" * 200, trickle=0.2),
            "/slow-head": Answer(PAGE, trickle=1.0),
        }
    )
    settings = FetchSettings(timeout=5, deadline=2, allow_private_networks=True)
    for path in ("/body", "/slow-head"):
        started = time.monotonic()
        with pytest.raises(FetchFailure) as caught:
            http.get(f"{base}{path}", settings)
        assert caught.value.kind is Reason.TIMEOUT
        assert "deadline" in caught.value.detail
        assert time.monotonic() - started < 4


def test_a_hundred_urls_with_ten_trickling_servers_end_near_the_deadline(store):
    deadline = 2
    good = [start_server({f"/{i}": Answer(PAGE) for i in range(45)}, h) for h in ("127.0.0.1",)]
    good.append(start_server({f"/{i}": Answer(PAGE) for i in range(45)}, "127.0.0.2"))
    # five trickle their robots.txt, five their page: both are bounded by the deadline
    slow = []
    for number in range(10):
        routes = {"/page": Answer(b"<html><p>" + b"x" * 100, trickle=1.0)}
        if number < 5:
            routes["/robots.txt"] = Answer(b"User-agent: *\nAllow: /\n", headers=TEXT, trickle=1.0)
        slow.append(start_server(routes, f"127.0.0.{11 + number}"))
    servers = good + slow

    def address(server):
        return f"http://{server.server_address[0]}:{server.server_address[1]}"

    items = [(f"{address(s)}/{i}", "A") for s in good for i in range(45)]
    items += [(f"{address(s)}/page", "B") for s in slow]
    settings = FetchSettings(timeout=5, deadline=deadline, allow_private_networks=True, delay=0)
    started = time.monotonic()
    try:
        summary = fetch_urls("e", items, settings, store)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    took = time.monotonic() - started
    assert summary.counts["fetched"] == 90
    assert summary.failures == {"timeout": 10}
    # two deadlines at most for a trickling site (robots.txt, then the page), the rest in
    # parallel: well under one trickle's length (100 s)
    assert took < 10 * deadline, took


def test_a_long_retry_after_fails_at_once_as_rate_limited(serve, store):
    far = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 86_400))
    base = serve(
        {
            "/seconds": Answer(b"later", 429, {**TEXT, "Retry-After": "999999"}),
            "/date": Answer(b"later", 503, {**TEXT, "Retry-After": far}),
            "/soon": Answer(PAGE, first=[Answer(b"", 429, {**TEXT, "Retry-After": "1"})]),
        }
    )
    settings = FetchSettings(timeout=5, allow_private_networks=True, delay=0, max_retry_wait=5)
    started = time.monotonic()
    items = [(f"{base}/seconds", "A"), (f"{base}/date", "A"), (f"{base}/soon", "A")]
    fetch_urls("e", items, settings, store)
    rows = {row["url"]: row for row in store.fetch_log("e")}
    for path, status in (("/seconds", 429), ("/date", 503)):
        row = rows[f"{base}{path}"]
        assert (row["reason"], row["http_status"]) == ("rate limited", status)
        assert "rate limited until" in row["detail"] and "next run" in row["detail"]
    assert rows[f"{base}/soon"]["reason"] == "ok"  # a short wait is honoured
    assert time.monotonic() - started < 5


def test_refresh_and_robots_txt_cap_the_retry_after_too(serve, store):
    routes = {"/tagged": Answer(PAGE, headers={"Content-Type": "text/html", "ETag": '"v1"'})}
    base = serve(routes)
    fetch_urls("e", [(f"{base}/tagged", "A")], LOCAL, store)
    routes["/tagged"] = Answer(b"", 429, {**TEXT, "Retry-After": "999999"})
    routes["/robots.txt"] = Answer(b"", 503, {**TEXT, "Retry-After": "999999"})
    started = time.monotonic()
    settings = FetchSettings(timeout=5, allow_private_networks=True, delay=0, max_retry_wait=5)
    fetch_urls("e", [(f"{base}/tagged", "A")], settings, store, refresh=True)
    last = store.fetch_log("e")[-1]
    # the robots.txt could not be read (rate limited): the page is not asked for this run
    assert last["reason"] == "robots.txt"
    assert "rate limited until" in last["detail"]
    unpoliced = FetchSettings(
        timeout=5, allow_private_networks=True, delay=0, max_retry_wait=5, respect_robots=False
    )
    fetch_urls("e", [(f"{base}/tagged", "A")], unpoliced, store, refresh=True)
    assert store.fetch_log("e")[-1]["reason"] == "rate limited"
    assert time.monotonic() - started < 5
    assert store.page_info(f"{base}/tagged")["etag"] == '"v1"'  # the stored copy is kept


def test_an_unreadable_robots_txt_is_read_once_and_fails_its_pages_with_a_reason(store):
    huge = b"User-agent: *\n" + b"Disallow: /nothing-here\n" * 40_000  # 960 KB
    odd = b"User-agent: *\nDisallow: /private/\n"
    servers = {
        "huge": start_server(
            {"/robots.txt": Answer(huge, headers=TEXT), "/a": Answer(PAGE), "/b": Answer(PAGE)}
        ),
        "idna": start_server(
            {
                "/robots.txt": Answer(odd, headers={"Content-Type": "text/plain; charset=idna"}),
                "/a": Answer(PAGE),
                "/private/b": Answer(PAGE),
            },
            "127.0.0.2",
        ),
    }
    base = {k: f"http://{s.server_address[0]}:{s.server_address[1]}" for k, s in servers.items()}
    items = [(f"{base['huge']}/a", "A"), (f"{base['huge']}/b", "A")]
    items += [(f"{base['idna']}/a", "B"), (f"{base['idna']}/private/b", "B")]
    try:
        fetch_urls("e", items, LOCAL, store)
        hits = {k: s.hits["/robots.txt"] for k, s in servers.items()}
        page_hits = servers["huge"].hits["/a"] + servers["huge"].hits["/b"]
    finally:
        for server in servers.values():
            server.shutdown()
            server.server_close()
    rows = {row["url"]: row for row in store.fetch_log("e")}
    for path in ("/a", "/b"):
        row = rows[f"{base['huge']}{path}"]
        assert row["reason"] == "robots.txt"  # too large: could not be read, not "allow all"
        assert "could not be read" in row["detail"] and "too large" in row["detail"]
    assert page_hits == 0
    # an odd charset is read past, not a crash for every page
    assert rows[f"{base['idna']}/a"]["reason"] == "ok"
    assert rows[f"{base['idna']}/private/b"]["reason"] == "robots.txt"
    assert hits == {"huge": 1, "idna": 1}
    assert "internal error" not in {row["reason"] for row in rows.values()}


def test_two_fetches_of_one_store_download_each_page_once(store_address):
    server = start_server({f"/{i}": Answer(PAGE, delay=0.1) for i in range(16)})
    base = f"http://{server.server_address[0]}:{server.server_address[1]}"
    items = [(f"{base}/{i}", "A") for i in range(16)]
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, delay=0, per_host=4, respect_robots=False
    )
    summaries = []

    def run():
        with Store(store_address) as own:
            summaries.append(fetch_urls("e", items, settings, own))

    threads = [threading.Thread(target=run) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        hits = dict(server.hits)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == {f"/{i}": 1 for i in range(16)}
    assert sum(s.counts["fetched"] for s in summaries) == 16
    assert sum(s.counts["skipped"] for s in summaries) == 16
    with Store(store_address) as check:
        assert len(check.documents("e")) == 16


def test_two_refreshes_of_one_store_fetch_each_page_again_once(store_address):
    server = start_server({f"/{i}": Answer(PAGE, delay=0.1) for i in range(8)})
    base = f"http://{server.server_address[0]}:{server.server_address[1]}"
    items = [(f"{base}/{i}", "A") for i in range(8)]
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, delay=0, per_host=4, respect_robots=False
    )
    try:
        with Store(store_address) as first:
            fetch_urls("e", items, settings, first)
        time.sleep(1.1)  # stored a second before the refreshes start

        def run():
            with Store(store_address) as own:
                fetch_urls("e", items, settings, own, refresh=True)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        hits = dict(server.hits)
    finally:
        server.shutdown()
        server.server_close()
    assert hits == {f"/{i}": 2 for i in range(8)}  # the first fetch and one refresh


def test_a_refresh_that_reaches_a_page_after_another_refreshed_it_leaves_it(store_address):
    # The race of the test above, made certain: run B begins, run A refreshes the page and
    # ends (its claim goes with it), and only then does B reach the page.
    server = start_server({"/0": Answer(PAGE)})
    url = f"http://{server.server_address[0]}:{server.server_address[1]}/0"
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, delay=0, per_host=4, respect_robots=False
    )
    try:
        with Store(store_address) as store:
            fetch_urls("e", [(url, "A")], settings, store)
            before = store.page_info(url)  # what B sees when it begins
            late = _new_run("e", [url], settings, store, refresh=True, owner=new_owner())
            time.sleep(1.1)  # A's copy is stored a second later
            fetch_urls("e", [(url, "A")], settings, store, refresh=True)
            refused = claim(url, "A", late, before)
            unchanged = claim(url, "A", late, store.page_info(url))
        hits = dict(server.hits)
    finally:
        server.shutdown()
        server.server_close()
    assert refused is not None and refused.status == "skipped"
    assert "after this run began" in refused.detail
    assert unchanged is None  # a page nobody fetched since the run began is fetched again
    assert hits == {"/0": 2}


def test_a_killed_runs_lease_runs_out(store):
    assert store.claim_job("e", "http://x.example/1", "A", "gone", seconds=-1)  # expired at once
    assert store.claim_job("e", "http://x.example/1", "A", "next", seconds=60)
    assert not store.claim_job("e", "http://x.example/1", "A", "third", seconds=60)
    store.release_jobs("next")
    assert store.claim_job("e", "http://x.example/1", "A", "third", seconds=60)


def test_time_per_page_leaves_out_the_wait_for_the_hosts_slot(serve, store):
    base = serve({f"/{i}": Answer(PAGE, delay=0.4) for i in range(4)})
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, delay=0, per_host=1, respect_robots=False
    )
    fetch_urls("e", [(f"{base}/{i}", "A") for i in range(4)], settings, store)
    elapsed = [row["elapsed_ms"] for row in store.fetch_log("e")]
    assert len(elapsed) == 4
    # one at a time: the last waited 1.2 s for its slot, which is not its download time
    assert all(350 <= ms < 1000 for ms in elapsed), elapsed


@pytest.mark.parametrize(
    "url,reason",
    [
        ("http://127.0.0.1:99999/x", Reason.BAD_URL),
        ("http://127.0.0.1:port/x", Reason.BAD_URL),
        ("http://[::1/x", Reason.BAD_URL),
        ("ftp://127.0.0.1/x", Reason.BAD_URL),
        ("http://no-such-host.invalid/x", Reason.UNREACHABLE),
    ],
)
def test_bad_addresses_fail_with_their_reason(url, reason):
    for allow in (True, False):
        settings = FetchSettings(timeout=2, allow_private_networks=allow)
        with pytest.raises(FetchFailure) as caught:
            http.get(url, settings)
        assert caught.value.kind is reason


def test_reasons_come_from_the_error_not_its_wording(serve):
    """A refused connection is named from the socket's error, whatever its message says."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchFailure) as caught:
        http.get(f"http://127.0.0.1:{port}/", LOCAL)
    assert caught.value.kind is Reason.REFUSED
    base = serve({"/reset": Answer(reset=True), "/gone": Answer(b"", 410, TEXT)})
    with pytest.raises(FetchFailure) as caught:
        http.get(f"{base}/reset", LOCAL)
    assert caught.value.kind is Reason.RESET
    with pytest.raises(FetchFailure) as caught:
        http.get(f"{base}/gone", LOCAL)
    assert (caught.value.reason, caught.value.http_status) == ("http 410", 410)
    assert ipaddress.ip_address("127.0.0.1").is_loopback  # all of it stayed on loopback


def test_a_killed_runs_leases_on_this_machine_are_let_go_at_once(store):
    import os
    import socket
    import subprocess
    import sys

    from ingest.fetch import release_dead_runs

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    here = socket.gethostname()
    assert store.claim_job("e", "http://x.example/1", "A", f"{here}:{gone.pid}:run", seconds=600)
    assert store.claim_job("e", "http://x.example/2", "A", f"{here}:{os.getpid()}:run", seconds=600)
    assert store.claim_job("e", "http://x.example/3", "A", f"elsewhere:{gone.pid}:run", seconds=600)
    release_dead_runs(store)
    assert store.claim_job("e", "http://x.example/1", "A", "next", seconds=60)
    # a live run's lease, and one of another machine, hold until they end or run out
    assert not store.claim_job("e", "http://x.example/2", "A", "next", seconds=60)
    assert not store.claim_job("e", "http://x.example/3", "A", "next", seconds=60)
