"""Continuous ingest (`framing watch`) against a local server: new pages fetched, known ones asked
for conditionally, nothing re-analysed after a quiet round, a stopped watcher losing nothing,
several watchers on one store never fetching a page twice nor exceeding a host's limit."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.cli import main
from ingest.config import load_config
from ingest.store import Store
from ingest.watch import parse_duration, watch, watch_round
from tests.conftest import LEGIT_TEXT, REGIME_TEXT, REPO, article_page, write_config
from tests.pageserver import Answer, CountingServer, start_server

OUTLETS = """
[[outlet]]
name = "Loopback Courier"
domains = ["127.0.0.1"]
{feeds}
"""
SETTINGS = """
[fetch]
allow_private_networks = true
respect_robots = false
delay = 0
{extra}
"""


def _page(title: str, text: list[str] = LEGIT_TEXT) -> bytes:
    return article_page(title, text).encode()


def _feed(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Marenza story {path}</title><link>{base}{path}</link></item>"
        for path in paths
    )
    return f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'.encode()


@contextmanager
def _site(routes: dict[str, Answer]) -> Iterator[tuple[str, CountingServer]]:
    server = start_server(routes)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server
    finally:
        server.shutdown()
        server.server_close()


def _config(root: Path, base: str, paths: list[str], *, feed: bool = False, extra: str = ""):
    urls = ", ".join(f'"{base}{path}"' for path in paths)
    return write_config(
        root,
        OUTLETS.format(feeds=f'feeds = ["{base}/feed.xml"]' if feed else ""),
        f'id = "test-event"\ntitle = "Test"\nkeywords = ["Marenza"]\nurls = [{urls}]\n',
        SETTINGS.format(extra=extra),
    )


def _pages(server: CountingServer) -> dict[str, int]:
    return {path: n for path, n in server.hits.items() if path.startswith("/p")}


def test_a_round_fetches_new_pages_and_asks_again_conditionally_for_known_ones(tmp_path):
    routes = {
        "/p-etag": Answer(_page("Tagged"), headers={"Content-Type": "text/html", "ETag": '"v1"'}),
        "/p-dated": Answer(
            _page("Dated"),
            headers={"Content-Type": "text/html", "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"},
        ),
        "/p-plain": Answer(_page("Plain")),
        "/p-found": Answer(_page("Found"), headers={"Content-Type": "text/html", "ETag": '"f"'}),
    }
    with _site(routes) as (base, server):
        routes["/feed.xml"] = Answer(
            _feed(base, ["/p-found"]), headers={"Content-Type": "application/rss+xml"}
        )
        config = load_config(
            _config(tmp_path / "config", base, ["/p-etag", "/p-dated", "/p-plain"], feed=True)
        )
        event = config.event("test-event")
        analysed = []
        with Store(tmp_path / "w.db") as store:

            def round_(number: int):
                # every = 0: each page is due again as soon as the round that checked it ends
                return watch_round(
                    event, config, store, owner="w1", every=0, number=number,
                    analyse=analysed.append,
                )  # fmt: skip

            first = round_(1)
            assert (first.new, first.changed, first.unchanged, first.failed) == (4, 0, 0, 0)
            assert first.added == 4 and first.discovered and first.analysed
            assert _pages(server) == dict.fromkeys(routes.keys() - {"/feed.xml"}, 1)
            assert server.conditional == server.since == 0
            assert len(store.documents("test-event")) == 4
            revision = store.revision()

            second = round_(2)
            assert (second.new, second.changed, second.unchanged, second.failed) == (0, 0, 4, 0)
            # the ETag pages asked with If-None-Match, the dated one with If-Modified-Since;
            # the plain page has no validators: it came again, byte for byte the same
            assert server.conditional == 2 and server.since == 1 and server.not_modified == 3
            assert not second.analysed and not second.store_changed
            assert store.revision() == revision
            assert second.line() == "round 2: new 0, changed 0, unchanged 4, failed 0"

            routes["/p-plain"] = Answer(_page("Plain", REGIME_TEXT))
            third = round_(3)
            assert (third.new, third.changed, third.unchanged) == (0, 1, 3)
            assert third.analysed
            plain = next(d for d in store.documents("test-event") if d["url"].endswith("plain"))
            assert "Maduro regime" in plain["text"]
    assert analysed == [event, event]


def test_failures_are_logged_once_and_tried_again_later(tmp_path):
    with _site({"/p-ok": Answer(_page("Fine"))}) as (base, server):
        config = load_config(_config(tmp_path / "config", base, ["/p-ok", "/p-gone"]))
        event = config.event("test-event")
        with Store(tmp_path / "w.db") as store:
            first = watch_round(event, config, store, owner="w", every=0)
            assert (first.new, first.failed) == (1, 1)
            revision = store.revision()
            second = watch_round(event, config, store, owner="w", every=0)
            # asked again (every = 0 makes it due), but the same failure is not logged twice
            assert (second.unchanged, second.failed) == (1, 1) and not second.store_changed
            assert store.revision() == revision
            assert sorted(r["reason"] for r in store.fetch_log("test-event")) == ["http 404", "ok"]
            gone = next(j for j in store.jobs("test-event") if j["url"].endswith("gone"))
            assert (gone["state"], gone["attempts"], gone["owner"]) == ("failed", 2, None)
        assert server.hits["/p-gone"] == 2


def test_a_page_stored_for_another_event_is_linked_without_fetching_it(tmp_path):
    from ingest.fetch import fetch_urls

    with _site({"/p1": Answer(_page("Shared"))}) as (base, server):
        config = load_config(_config(tmp_path / "config", base, ["/p1"]))
        with Store(tmp_path / "w.db") as store:
            fetch_urls("other", [(f"{base}/p1", "Loopback Courier")], config.fetch, store)
            first = watch_round(config.event("test-event"), config, store, owner="w", every=0)
            assert (first.new, first.store_changed) == (1, True)
            assert [d["url"] for d in store.documents("test-event")] == [f"{base}/p1"]
            assert server.hits["/p1"] == 1
            # from then on it is one of this event's pages, asked for again like the others
            second = watch_round(config.event("test-event"), config, store, owner="w", every=0)
            assert second.unchanged == 1 and server.hits["/p1"] == 2


def test_a_killed_watchers_claims_run_out_and_another_takes_them(store):
    store.enqueue_jobs("e", [("http://x.example/1", "A"), ("http://x.example/2", "A")], now=100)
    assert store.enqueue_jobs("e", [("http://x.example/1", "A")], now=100) == 0
    taken = store.claim_jobs("e", "killed", limit=10, seconds=50, now=100)
    assert [j["url"] for j in taken] == ["http://x.example/1", "http://x.example/2"]
    # while the claims live, nobody else gets them, under this event or another
    assert store.claim_jobs("e", "other", limit=10, seconds=50, now=120) == []
    assert not store.claim_job("f", "http://x.example/1", "A", "other", seconds=50, now=120)
    # the killed watcher never finishes: its claims run out and another watcher takes them
    again = store.claim_jobs("e", "other", limit=1, seconds=50, now=151)
    assert [j["url"] for j in again] == ["http://x.example/1"]
    store.finish_job("e", "http://x.example/1", "other", failed=False, reason="ok", next_due=500)
    store.release_jobs("other")
    jobs = {j["url"]: j for j in store.jobs("e")}
    assert jobs["http://x.example/1"]["state"] == "done"
    assert jobs["http://x.example/1"]["owner"] is None
    # done: not due before 500; the other is still claimable
    assert [j["url"] for j in store.claim_jobs("e", "third", limit=9, seconds=5, now=200)] == [
        "http://x.example/2"
    ]
    # a round takes only what was due when it began
    assert store.claim_jobs("e", "fourth", limit=9, seconds=5, until=50, now=300) == []
    assert len(store.claim_jobs("e", "fourth", limit=9, seconds=5, now=600)) == 2


def test_only_one_watcher_runs_an_events_discovery_per_round(store):
    assert store.claim_discovery("e", "a", seconds=60, now=100)
    assert not store.claim_discovery("e", "b", seconds=60, now=110)
    store.finish_discovery("e", "a", next_due=200)
    assert not store.claim_discovery("e", "b", seconds=60, now=150)
    assert store.claim_discovery("e", "b", seconds=60, now=200)


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("30m", 1800), ("2h", 7200), ("1.5h", 5400)]
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


EMPTY_EVENT = 'id = "test-event"\ntitle = "Test"\n'


@pytest.mark.parametrize("every", ["5x", "0m", "m", "30", "-1h", ""])
def test_a_bad_every_is_one_line(tmp_path, capsys, every):
    config = write_config(tmp_path / "config", OUTLETS.format(feeds=""), EMPTY_EVENT)
    code = main(["watch", "test-event", f"--every={every}", "--once", "--config", str(config),
                 "--db", str(tmp_path / "w.db")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--every" in err and "30m" in err, err
    assert not (tmp_path / "w.db").exists()


def test_an_unknown_event_is_one_line(tmp_path, capsys):
    config = write_config(tmp_path / "config", OUTLETS.format(feeds=""), EMPTY_EVENT)
    code = main(["watch", "nope", "--once", "--config", str(config),
                 "--db", str(tmp_path / "w.db")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no event 'nope'" in err, err


def _env(config: Path, db: str) -> dict[str, str]:
    return {**os.environ, "FRAMING_CONFIG": str(config), "FRAMING_DB": db}


WATCH = [sys.executable, "-m", "dashboard.cli", "watch", "test-event", "--once"]


def _documents(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # the file exists, its tables not yet
            return 0


def test_sigterm_mid_round_loses_nothing_and_a_second_watcher_finishes(tmp_path):
    pages = [f"/p{i}" for i in range(12)]
    routes = {path: Answer(_page(f"Story {path}"), delay=0.3) for path in pages}
    with _site(routes) as (base, server):
        config = _config(tmp_path / "config", base, pages, extra="per_host = 1\nworkers = 2")
        db = tmp_path / "w.db"
        env = _env(config, str(db))
        watcher = subprocess.Popen(
            WATCH, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 60
        while _documents(db) < 3 and time.monotonic() < deadline and watcher.poll() is None:
            time.sleep(0.1)
        os.kill(watcher.pid, signal.SIGTERM)
        out, err = watcher.communicate(timeout=60)
        assert watcher.returncode == 0, err
        assert "round 1:" in out and "stopped" in out and "Traceback" not in err
        with Store(db) as store:
            stored = {d["url"] for d in store.documents("test-event")}
            jobs = store.jobs("test-event")
        assert 3 <= len(stored) < len(pages)
        # every claim was handed back: the rest are due at once, not when a lease runs out
        assert not [j for j in jobs if j["owner"] is not None or j["state"] == "claimed"]
        assert {j["url"] for j in jobs if j["state"] == "done"} == stored

        second = subprocess.run(WATCH, env=env, capture_output=True, text=True, timeout=300)
        assert second.returncode == 0, second.stderr
        assert f"new {len(pages) - len(stored)}," in second.stdout
        assert _documents(db) == len(pages)
        # a round that changed the store leaves the event's tables stored and current
        assert "analysed" in second.stdout
        with Store(db) as store:
            assert {r["revision"] for r in store.stored_table_keys("test-event")} == {
                store.revision()
            }
        # nothing the first watcher fetched was fetched again
        assert _pages(server) == dict.fromkeys(pages, 1)


def _three_watchers(config: Path, db: str) -> list[subprocess.CompletedProcess]:
    env = _env(config, db)
    procs = [
        subprocess.Popen(WATCH, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def test_three_watchers_on_one_store_never_fetch_a_page_twice(tmp_path, store_address):
    shared_store = str(store_address)  # an SQLite file, or a PostgreSQL database
    pages = [f"/p{i}" for i in range(18)]
    routes = {
        path: Answer(
            _page(f"Story {path}"), delay=0.2, headers={"Content-Type": "text/html", "ETag": '"1"'}
        )
        for path in pages
    }
    with _site(routes) as (base, server):
        config = _config(tmp_path / "config", base, pages, extra="per_host = 2\nworkers = 2")
        results = _three_watchers(config, shared_store)
        for result in results:
            assert result.returncode == 0, result.stderr
        counts = [_round_counts(r.stdout) for r in results]
        # no page asked for twice at once, nor twice in the round, whoever fetched it
        assert max(server.peak_by_path[p] for p in pages) == 1
        # and the host's limit held for the three together, not for each watcher
        assert server.peak <= 2
        assert _pages(server) == dict.fromkeys(pages, 1)
        assert sum(c["new"] for c in counts) == len(pages)
        with Store(shared_store) as store:
            assert len(store.documents("test-event")) == len(pages)
            assert {j["state"] for j in store.jobs("test-event")} == {"done"}


def _round_counts(out: str) -> dict[str, int]:
    line = next(line for line in out.splitlines() if line.startswith("round 1:"))
    fields = line.split(":", 1)[1].split("(")[0].split(",")
    return {name: int(n) for name, n in (f.split() for f in fields)}


def test_watch_keeps_going_until_stopped(tmp_path):
    with _site({"/p1": Answer(_page("One"))}) as (base, server):
        config = load_config(_config(tmp_path / "config", base, ["/p1"]))
        stop = threading.Event()
        seen = []

        def on_round(result):
            seen.append(result)
            if len(seen) == 3:
                stop.set()

        with Store(tmp_path / "w.db") as store:
            rounds = watch(
                config.event("test-event"), config, store, every=0, stop=stop, on_round=on_round
            )
        assert [r.number for r in rounds] == [1, 2, 3] and rounds == seen
        assert (rounds[0].new, rounds[1].unchanged, rounds[2].unchanged) == (1, 1, 1)
        assert server.hits["/p1"] == 3


def test_the_readme_lists_the_watch_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "`framing watch EVENT" in readme and "Continuous ingest" in readme
