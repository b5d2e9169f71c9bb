"""The dashboard served by `streamlit run` and driven in a real headless Chromium.

Skips, saying why, where Debian's chromium or playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here (apt-get install chromium)"
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A real Streamlit server on a free port, on a fresh store; stopped by its process id."""
    port = _free_port()
    env = {
        **os.environ,
        "FRAMING_DB": str(tmp_path_factory.mktemp("browser") / "f.db"),
        "FRAMING_CONFIG": str(REPO / "config"),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO / "dashboard" / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=2)
                break
            except OSError:
                assert process.poll() is None, "streamlit exited"
                assert time.monotonic() < deadline, "streamlit did not start in 60 s"
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_pages_render_charts_and_articles_and_download_csv(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(app_url)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=60_000)
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 4
    assert page.get_by_text("Nova Moskva Agency").first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0

    page.goto(f"{app_url}/side_by_side")
    page.wait_for_selector(".article-card", timeout=60_000)
    assert page.locator(".article-card").count() == 3
    assert page.locator("mark.pole-a, mark.pole-b").count() > 0

    for view in ("actors", "voices", "claims", "language", "wire_copies", "fetch_report"):
        page.goto(f"{app_url}/{view}")
        page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot', timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0, view

    page.goto(f"{app_url}/data")
    button = page.get_by_role("button", name="Download articles.csv")
    button.wait_for(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 14 and "legitimacy_score" in rows[0]
    assert dialogs == []
    page.close()
