"""A fetch killed at any moment (kill -9) and run again loses nothing and duplicates nothing."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import LEGIT_TEXT, REPO, article_page, serve_folder


def test_killed_fetch_resumes_without_loss_or_duplicates(tmp_path):
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
        db = tmp_path / "f.db"
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
            if db.exists():
                with sqlite3.connect(db) as conn:
                    try:
                        stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                    except sqlite3.OperationalError:  # the file exists, its tables not yet
                        continue
                    if stored >= 5:
                        break
        fetch.send_signal(signal.SIGKILL)
        fetch.wait(timeout=10)
        with sqlite3.connect(db) as conn:
            stored_at_kill = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        assert 5 <= stored_at_kill < pages

        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert f"skipped {stored_at_kill}," in again.stdout
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            urls_stored = [r[0] for r in conn.execute("SELECT url FROM documents")]
            linked = conn.execute(
                "SELECT count(*) FROM event_articles WHERE event = 'crash'"
            ).fetchone()[0]
        assert len(urls_stored) == len(set(urls_stored)) == pages
        assert linked == pages
