"""A fetch killed at any moment (kill -9) and run again loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from ingest.errors import StoreNotFound
from ingest.store import Store
from tests.conftest import LEGIT_TEXT, REPO, article_page, serve_folder


def _stored(db) -> int | None:
    """Documents in the store so far, None while it has no tables yet."""
    if isinstance(db, str):
        try:
            with Store(db, readonly=True) as store:
                return store.document_count()
        except StoreNotFound:
            return None
    if not db.exists():
        return None
    # a plain connection, as the next run's is: the first to open the file after the kill
    # reads the killed run's last commit from the write-ahead log
    with sqlite3.connect(db) as conn:
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # the file exists, its tables not yet
            return None


def _wait_for_the_server_to_end_its_session(db) -> None:
    """A killed client's last COMMIT may still be running on the server: wait until the server
    has ended the session, so what is counted now is all the killed run stored."""
    if not isinstance(db, str):
        return
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:  # its own name is not 'framing'
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            (left,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = 'framing'"
            ).fetchone()
            if left == 0:
                return
            time.sleep(0.05)


def test_killed_fetch_resumes_without_loss_or_duplicates(tmp_path, store_address):
    site = tmp_path / "site"
    site.mkdir()
    pages = 40
    for i in range(pages):
        (site / f"p{i}.html").write_text(article_page(f"Story {i}", LEGIT_TEXT), encoding="utf-8")
    with serve_folder(site) as ports:
        port = ports["127.0.0.1"]
        config = tmp_path / "config"
        shutil.copytree(REPO / "config", config)
        urls = ",\n".join(
            f'  {{ url = "http://127.0.0.1:{port}/p{i}.html", outlet = "Global Wire Service" }}'
            for i in range(pages)
        )
        (config / "events" / "crash.toml").write_text(
            f'id = "crash"\ntitle = "Crash test"\nurls = [\n{urls}\n]\n', encoding="utf-8"
        )
        # slow enough that the kill lands in the middle of the batch
        (config / "settings.toml").write_text(
            "[fetch]\ndelay = 0.1\nper_host = 1\n", encoding="utf-8"
        )
        db = store_address
        env = {
            **os.environ,
            "FRAMING_CONFIG": str(config),
            "FRAMING_DB": str(db),
            "FRAMING_ALLOW_PRIVATE_NETWORKS": "1",
        }
        command = [sys.executable, "-m", "dashboard.cli", "fetch", "crash"]

        fetch = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        # wait until some pages are in, then kill without warning
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if (_stored(db) or 0) >= 5:
                break
        fetch.send_signal(signal.SIGKILL)
        fetch.wait(timeout=10)
        _wait_for_the_server_to_end_its_session(db)
        stored_at_kill = _stored(db)
        assert 5 <= stored_at_kill < pages

        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert f"skipped {stored_at_kill}," in again.stdout
        if not isinstance(db, str):
            with sqlite3.connect(db) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with Store(db, readonly=True) as store:
            urls_stored = [r["url"] for r in store._query("SELECT url FROM documents")]
            linked = store._query("SELECT count(*) AS n FROM event_articles WHERE event = 'crash'")
        assert len(urls_stored) == len(set(urls_stored)) == pages
        assert linked == [{"n": pages}]
