"""Analyses on a Dask cluster give the same exported bytes as one process, on the demo and on a
synthetic event; a scheduler that cannot be reached or a bad number of workers is one line.

Every cluster here is a local one on 127.0.0.1, started and closed by the test module."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from benchmarks.synthetic import synthetic_corpus
from ingest.cluster import check_workers, connect, dask_client, local_client
from ingest.config import load_config
from ingest.errors import InputError
from ingest.files import load_demo
from ingest.store import Store
from models import registry
from models.corpus import load_corpus
from models.distributed import compute_in_batches, compute_tables
from models.export import csv_bytes
from models.tables import build_tables
from tests.conftest import DEMO_EVENT, REPO

CONFIG = load_config(REPO / "config")


@pytest.fixture(scope="module")
def client():
    with local_client(2) as client:
        yield client


def _bytes(tables) -> dict[str, bytes]:
    return {name: csv_bytes(table) for name, table in tables.items()}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("distributed") / "store.db"
    with Store(path) as store:
        load_demo(CONFIG, store)
    return path


def _demo(path):
    with Store(path) as store:  # a fresh corpus each time: nothing computed is carried over
        return load_corpus(store, CONFIG.event(DEMO_EVENT), CONFIG)


def test_a_local_cluster_listens_on_loopback_only(client):
    info = client.scheduler_info()
    assert info["address"].startswith("tcp://127.0.0.1:")
    assert len(info["workers"]) == 2
    assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])


@pytest.mark.parametrize("include_copies", [False, True])
def test_the_demo_exports_the_same_bytes_on_two_workers(client, demo_store, include_copies):
    alone = build_tables(_demo(demo_store), include_copies=include_copies)
    # batches of three articles: copies and their originals land in different batches
    spread = compute_tables(
        _demo(demo_store), include_copies=include_copies, client=client, batch_articles=3
    )
    assert list(spread) == list(registry.TABLES)
    assert _bytes(spread) == _bytes(alone)


def test_a_synthetic_event_exports_the_same_bytes_on_two_workers(client):
    alone = build_tables(synthetic_corpus(600))
    spread = compute_tables(synthetic_corpus(600), client=client, batch_articles=110)
    assert not alone["duplicates"].empty and not alone["quotes"].empty
    assert _bytes(spread) == _bytes(alone)


@pytest.mark.parametrize("include_copies", [False, True])
def test_one_process_reading_batch_by_batch_exports_the_same_bytes(demo_store, include_copies):
    # the path `framing analyse` takes without a cluster, and the scale benchmark's
    alone = build_tables(_demo(demo_store), include_copies=include_copies)
    for size in (3, 1000):
        batched = compute_in_batches(
            _demo(demo_store), registry.ANALYSES, include_copies, batch_articles=size
        )
        assert _bytes({name: batched[name] for name in registry.TABLES}) == _bytes(alone)
    # a corpus split into sentences already is sliced per batch, not split again
    corpus = _demo(demo_store)
    corpus.sentences  # noqa: B018
    some = [a for a in registry.ANALYSES if a.name in ("tone", "claims", "duplicates")]
    batched = compute_in_batches(corpus, some, include_copies, batch_articles=4)
    assert sorted(batched) == sorted(t.name for a in some for t in a.tables)
    assert _bytes(batched) == _bytes({name: alone[name] for name in batched})


def test_a_synthetic_event_read_batch_by_batch_in_one_process_is_the_same_bytes():
    alone = build_tables(synthetic_corpus(600))
    batched = compute_tables(synthetic_corpus(600), batch_articles=110)
    assert list(batched) == list(registry.TABLES)
    assert _bytes(batched) == _bytes(alone)


def test_batch_by_batch_leaves_the_callers_corpus_as_it_was():
    # the sentences split for the analyses are the call's own, let go when no step reads them
    corpus = synthetic_corpus(300)
    batched = compute_tables(corpus, batch_articles=70)
    assert "sentences" not in corpus.__dict__
    assert _bytes(batched) == _bytes(build_tables(synthetic_corpus(300)))


def test_handing_freed_memory_back_changes_nothing_it_can_see():
    from models import memory

    before = synthetic_corpus(50).documents
    memory.release_free_memory()
    assert before.equals(synthetic_corpus(50).documents)
    if sys.platform.startswith("linux"):
        assert memory._malloc_trim() is not None


def test_every_per_article_analysis_declares_its_batches():
    scopes = {analysis.name: analysis.scope for analysis in registry.ANALYSES}
    for name in ("axes", "actor labels", "tone", "quotes"):
        assert scopes[name] == "article", name
    for name in ("claims", "terms"):
        assert scopes[name] == "event", name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_does_not_answer_is_one_line():
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(InputError) as caught:
        connect(address, timeout=2)
    message = str(caught.value)
    assert "\n" not in message
    assert address in message and "--workers" in message


@pytest.mark.parametrize("workers", ["0", "-2", "two", "1.5", "100000"])
def test_a_bad_number_of_workers_is_one_line(workers):
    with pytest.raises(InputError, match="--workers") as caught:
        check_workers(workers)
    assert "\n" not in str(caught.value)


def test_scheduler_and_workers_together_are_refused():
    with pytest.raises(InputError, match="give one"), dask_client("tcp://127.0.0.1:1", 2):
        pass


def _framing(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "FRAMING_CONFIG": str(REPO / "config")},
    )


def test_export_on_two_local_workers_writes_the_same_files(demo_store, tmp_path):
    alone = _framing("export", DEMO_EVENT, "--db", str(demo_store), "--out", "one", cwd=tmp_path)
    assert alone.returncode == 0, alone.stderr
    spread = _framing(
        "export", DEMO_EVENT, "--db", str(demo_store), "--out", "two", "--workers", "2",
        cwd=tmp_path,
    )  # fmt: skip
    assert spread.returncode == 0, spread.stderr
    one, two = sorted((tmp_path / "one").iterdir()), sorted((tmp_path / "two").iterdir())
    assert [p.name for p in one] == [p.name for p in two] and one
    for a, b in zip(one, two, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


@pytest.mark.parametrize(
    "option,expected",
    [
        (["--scheduler", "tcp://127.0.0.1:{port}"], "tcp://127.0.0.1:{port}"),
        (["--workers", "none"], "--workers none"),
        (["--workers", "0"], "--workers 0"),
    ],
)
@pytest.mark.parametrize("command", ["fetch", "export"])
def test_cluster_mistakes_on_the_command_line_are_one_line(
    demo_store, tmp_path, command, option, expected
):
    port = str(_free_port())
    option = [part.replace("{port}", port) for part in option]
    out = ["--out", "tables"] if command == "export" else []
    done = _framing(command, DEMO_EVENT, "--db", str(demo_store), *out, *option, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("framing: ") and done.stderr.count("\n") == 1, done.stderr
    assert expected.replace("{port}", port) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_worker_killed_mid_batch_loses_nothing():
    corpus = synthetic_corpus(400)
    expected = _bytes(build_tables(synthetic_corpus(400)))
    with local_client(2) as own:
        pids = own.run(os.getpid)
        done: dict[str, object] = {}

        def analyse() -> None:
            try:
                done["tables"] = compute_tables(corpus, client=own, batch_articles=25)
            except Exception as err:  # reported below, on the test's own thread
                done["error"] = err

        worker = threading.Thread(target=analyse)
        worker.start()
        deadline = time.monotonic() + 300
        while not any(own.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        victim = next(iter(pids.values()))  # a worker process this test's cluster started
        os.kill(victim, signal.SIGKILL)
        worker.join(600)
        assert "error" not in done, done.get("error")
        assert victim not in own.run(os.getpid).values()  # it was gone; Dask started another
    assert _bytes(done["tables"]) == expected


def test_sqlite_postgresql_and_postgresql_on_two_workers_export_the_same_bytes(
    client, demo_store, postgres_url
):
    with Store(postgres_url) as store:
        load_demo(CONFIG, store)
    on_sqlite = _bytes(build_tables(_demo(demo_store)))
    on_postgres = _bytes(build_tables(_demo(postgres_url)))
    spread = _bytes(compute_tables(_demo(postgres_url), client=client, batch_articles=3))
    assert spread == on_postgres
    # the demo was loaded into each store at its own time: only the fetch times differ
    for tables in (on_sqlite, on_postgres):
        del tables["fetch_log"]
    assert on_postgres == on_sqlite
    assert spread["fetch_log"].count(b"\n") > 1
