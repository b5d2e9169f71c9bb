"""Store failures after opening are one line and stop the run early; read-only is read-only.

A full disk is a real small tmpfs where mounting is allowed (root), else SQLite's own page
limit; a store the user cannot write is a chmod-ed store read by an unprivileged user, and a
copy on a file system mounted read-only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

from ingest.config import FetchSettings, load_config
from ingest.errors import StoreError
from ingest.fetch import fetch_urls
from ingest.files import load_demo
from ingest.store import Document, LogEntry, Store
from tests.conftest import REPO, article_page
from tests.pageserver import Answer

EVENT = "venezuela-2019"


@contextmanager
def _mounted(options: str) -> Iterator[Path]:
    """A tmpfs mounted with these options, unmounted after; skips where mounting fails."""
    folder = Path(tempfile.mkdtemp(prefix="framing-mnt-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip() or 'not root'})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
        folder.rmdir()


def _demo_store(path: Path | str) -> Path | str:
    with Store(path) as store:
        load_demo(load_config(REPO / "config"), store)
    return path


def _cli(*args: str, env: dict | None = None, user: list[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*user, sys.executable, "-m", "dashboard.cli", *args],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


# ---- disk full ---------------------------------------------------------------------------


def _noisy_article(rng: np.random.Generator, i: int) -> str:
    """An article page of about 40 KB that compresses poorly, so a few fill a small disk."""
    letters = rng.integers(ord("a"), ord("z") + 1, size=(5000, 7), dtype=np.uint8)
    words = [row.tobytes().decode() for row in letters]
    paragraphs = [" ".join(words[j : j + 50]) + "." for j in range(0, len(words), 50)]
    return article_page(f"Story {i}", paragraphs)


def _served_pages(serve, count: int) -> tuple[list[str], dict[str, Answer]]:
    rng = np.random.default_rng(11)
    # each page is answered once from `first`; a route whose list is empty was asked for
    routes = {
        f"/p{i}": Answer(b"again", first=[Answer(_noisy_article(rng, i).encode())])
        for i in range(count)
    }
    base = serve(routes)
    return [f"{base}/p{i}" for i in range(count)], routes


SETTINGS = FetchSettings(
    timeout=5, per_host=2, workers=2, delay=0, allow_private_networks=True, respect_robots=False
)


def test_a_full_disk_is_one_line_and_stops_the_fetch_early(serve, tmp_path):
    urls, routes = _served_pages(serve, 60)
    with _mounted("size=640k") as disk:
        with Store(disk / "f.db") as store, pytest.raises(StoreError) as caught:
            fetch_urls("e", [(u, "A") for u in urls], SETTINGS, store)
        message = str(caught.value)
        assert "disk is full" in message and "\n" not in message and "f.db" in message
        asked = sum(not answer.first for answer in routes.values())
        # the pages in flight when the disk filled are finished; no other is started
        assert asked < 30, asked
        with Store(disk / "f.db", readonly=True) as store:  # what was stored is kept
            stored = len(store.documents("e"))
            assert 1 <= stored < asked
            assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_store_past_its_page_limit_reads_as_a_full_disk(tmp_path):
    with Store(tmp_path / "f.db") as store:
        store._conn.execute("PRAGMA max_page_count = 40")  # SQLite's own stand-in for a disk
        with pytest.raises(StoreError, match=r"disk is full.*free some space"):
            for i in range(1000):
                store.save_document("e", Document(f"u{i}", "A", "word " * 2000))
        assert 0 < len(store.documents("e")) < 1000


# ---- damage found after opening ------------------------------------------------------------


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the root page of one table with noise, leaving the others readable."""
    with sqlite3.connect(path) as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root[0] - 1) * size)
        handle.write(bytes(range(256)) * (size // 256))


def test_a_damaged_table_the_open_check_does_not_read_is_one_line(tmp_path):
    db = _demo_store(tmp_path / "f.db")
    with Store(db) as store:
        for i in range(30):
            store.log(LogEntry(EVENT, f"https://x.example/{i}", "A", "failed", "timeout"))
    _damage_table(db, "fetch_log")
    with Store(db) as store:  # documents are fine, so it opens
        assert len(store.documents(EVENT)) == 14
        with pytest.raises(StoreError, match=r"store is damaged.*restore a backup"):
            store.fetch_log(EVENT)
    done = _cli("export", EVENT, "--out", str(tmp_path / "out"), env={"FRAMING_DB": str(db)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "damaged" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_damaged_stored_page_is_one_line(store_address):
    db = _demo_store(store_address)
    with Store(db) as store:
        url = store.documents(EVENT)[0]["url"]
        with store._write() as conn:
            conn.execute("UPDATE pages SET raw = ? WHERE url = ?", (b"\x00\xff\x00\xff", url))
        with pytest.raises(StoreError, match=r"is damaged.*--refresh"):
            store.raw_page(url)


# ---- read-only -----------------------------------------------------------------------------


def _unprivileged() -> list[str]:
    """A command prefix that runs as an ordinary user (root ignores file permissions)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"]


def _read_only_commands_work(db: Path, out: Path, user: list[str] = ()) -> None:
    before = db.read_bytes()
    env = {"FRAMING_DB": str(db), "FRAMING_CONFIG": str(REPO / "config")}
    events = _cli("events", env=env, user=user)
    assert events.returncode == 0, events.stderr
    assert f"{EVENT}\t14 URLs\t14 stored" in events.stdout
    export = _cli("export", EVENT, "--out", str(out), env=env, user=user)
    assert export.returncode == 0, export.stderr
    assert (out / "articles.csv").read_text().count("\n") == 15
    assert db.read_bytes() == before


def test_events_and_export_work_on_a_store_the_user_cannot_write(tmp_path):
    user = _unprivileged()
    # a folder an unprivileged user can reach (pytest's own folders are private to root)
    shared = Path(tempfile.mkdtemp(prefix="framing-ro-"))
    try:
        folder, out = shared / "store", shared / "out"
        folder.mkdir()
        out.mkdir()
        db = _demo_store(folder / "f.db")
        db.chmod(0o444)
        folder.chmod(0o555)
        shared.chmod(0o755)
        out.chmod(0o777)
        _read_only_commands_work(db, out, user)
        assert sorted(p.name for p in folder.iterdir()) == ["f.db"]
        fetch = _cli("fetch", EVENT, env={"FRAMING_DB": str(db)}, user=user)
        assert fetch.returncode == 2 and fetch.stderr.count("\n") == 1, fetch.stderr
        assert "f.db" in fetch.stderr and "Traceback" not in fetch.stderr
    finally:
        for path in (shared, *shared.rglob("*")):
            path.chmod(0o755)
        shutil.rmtree(shared)


def test_events_and_export_work_on_a_read_only_file_system(tmp_path):
    db = _demo_store(tmp_path / "f.db")
    with _mounted("size=8m") as disk:
        shutil.copy(db, disk / "f.db")
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.decode().strip()}")
        _read_only_commands_work(disk / "f.db", tmp_path / "out")


# ---- PostgreSQL: a role that may only read, a server that is not there ----------------------


@pytest.fixture
def reader_url(postgres_url: str) -> Iterator[str]:
    """The demo in a PostgreSQL store, and an address for a role allowed only to read it."""
    import psycopg

    _demo_store(postgres_url)
    role = "reader_" + urlsplit(postgres_url).path.strip("/")  # one per database: roles are shared
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    yield postgres_url.replace("postgres@", f"{role}:s3cret@", 1)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {role}")
        conn.execute(f"DROP ROLE {role}")


def test_events_and_export_work_for_a_role_that_may_only_read(reader_url, tmp_path):
    env = {"FRAMING_DB": reader_url, "FRAMING_CONFIG": str(REPO / "config")}
    events = _cli("events", env=env)
    assert events.returncode == 0, events.stderr
    assert f"{EVENT}\t14 URLs\t14 stored" in events.stdout
    export = _cli("export", EVENT, "--out", str(tmp_path / "out"), env=env)
    assert export.returncode == 0, export.stderr
    assert (tmp_path / "out" / "articles.csv").read_text().count("\n") == 15
    fetch = _cli("fetch", EVENT, env=env)
    assert fetch.returncode == 2 and fetch.stderr.count("\n") == 1, fetch.stderr
    assert "does not allow this role" in fetch.stderr and ":***@" in fetch.stderr
    for done in (events, export, fetch):
        assert "s3cret" not in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_the_cli_and_the_dashboard_name_a_missing_server_without_its_password(
    tmp_path, monkeypatch
):
    from tests.conftest import visible

    empty = Path(tempfile.mkdtemp(prefix="framing-nopg-"))  # a socket folder with no server
    address = f"postgresql://me:s3cret@/news?host={empty}&port=5432"
    done = _cli("export", EVENT, "--out", str(tmp_path / "out"), env={"FRAMING_DB": address})
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "me:***@" in done.stderr and "no PostgreSQL server answers there" in done.stderr
    assert "s3cret" not in done.stderr + done.stdout
    monkeypatch.setenv("FRAMING_DB", address)
    monkeypatch.setenv("FRAMING_CONFIG", str(REPO / "config"))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=60).run()
    shown = " ".join(visible(e.value) for e in at.error)
    assert "me:***@" in shown and "start the server" in shown, shown
    assert "s3cret" not in repr(at)
