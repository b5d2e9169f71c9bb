"""The dashboard served by `streamlit run` and driven in a real headless Chromium.

Skips, saying why, where Debian's chromium or playwright is missing; `.ci/run` installs both.
The store holds the demo and one hostile article whose title and text carry HTML and script
payloads: they must show as text on every page, and no dialog may open. Screenshots of the
main pages go to $FRAMING_SCREENSHOTS when it is set (`docs/screenshots` refreshes the
README's), else to a temporary folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.files import import_files, load_demo
from ingest.store import Store
from tests.conftest import DEMO_EVENT, LEGIT_TEXT, REPO, article_page

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


PAYLOAD = (
    "<script>window.__pwned = 'script'</script>"
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
    '<a href="javascript:alert(1)">click me</a>'
)
EVIL_URL = "https://novamoskva.example/world/2019/04/30/evil"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
# pages of the charted loop whose screenshots the README shows (with overview, side-by-side)
SHOTS = {"Framing axes": "axes", "Actors": "actors", "Claims": "claims"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hostile_store(folder: Path) -> Path:
    """The demo plus an article of Nova Moskva Agency whose title and text are payloads."""
    config = load_config(REPO / "config")
    page = folder / "evil.html"
    page.write_text(
        article_page(f"Evil {PAYLOAD}", [f"{PAYLOAD} {p}" for p in LEGIT_TEXT], date="2019-04-30"),
        encoding="utf-8",
    )
    db = folder / "f.db"
    with Store(db) as store:
        load_demo(config, store)
        summary = import_files(
            config.event(DEMO_EVENT),
            [page],
            "Nova Moskva Agency",
            store,
            url_for=lambda _: EVIL_URL,
        )
    assert summary.counts["fetched"] == 1, summary.line()
    return db


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A real Streamlit server on a free port; stopped by its process id."""
    port = _free_port()
    env = {
        **os.environ,
        "FRAMING_DB": str(_hostile_store(tmp_path_factory.mktemp("browser"))),
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


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("FRAMING_SCREENSHOTS") or tmp_path / "shots")
    folder = folder if folder.is_absolute() else REPO / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(page, title: str) -> None:
    """Change page the way a user does, by the sidebar's navigation, keeping the session."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=re.compile(f"^{title}$")).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)


def _settled(page) -> None:
    """Wait until the script run is over (Streamlit shows a running indicator meanwhile)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60_000)


def _assert_inert(page, where: str, dialogs: list[str]) -> None:
    assert page.evaluate("window.__pwned") is None, where
    assert dialogs == [], where
    assert page.locator('[data-testid="stException"]').count() == 0, where


def _download(page, name: str) -> bytes:
    button = page.get_by_role("button", name=name)
    button.wait_for(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    return Path(download.value.path()).read_bytes()


def test_every_page_in_a_real_browser(app_url, browser, shots):
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=60_000)
    assert page.get_by_role("heading", name=re.compile("Venezuela")).count() > 0
    assert page.get_by_text("Findings").count() > 0
    _settled(page)
    page.screenshot(path=shots / "overview.png", full_page=True)
    _assert_inert(page, "overview", dialogs)

    charted = {
        "Framing axes": 4,
        "Actors": 2,
        "Voices": 1,
        "Claims": 1,
        "Language": 1,
        "Wire copies": 1,
        "Fetch report": 1,
    }
    for title, charts in charted.items():
        _open(page, title)
        page.wait_for_selector(CHART, timeout=60_000)
        _settled(page)
        assert page.locator(CHART).count() >= charts, title
        if title in SHOTS:
            page.screenshot(path=shots / f"{SHOTS[title]}.png", full_page=True)
        _assert_inert(page, title, dialogs)

    for title in ("Add coverage", "Discover coverage"):
        _open(page, title)
        _settled(page)
        _assert_inert(page, title, dialogs)
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0


def test_side_by_side_shows_the_hostile_article_as_text(app_url, browser, shots):
    page = browser.new_page(viewport={"width": 1440, "height": 1100})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=60_000)
    _open(page, "Side by side")
    page.wait_for_selector(".article-card", timeout=60_000)
    assert page.locator(".article-card").count() >= 3
    assert page.locator("mark.pole-a, mark.pole-b").count() > 0
    assert page.locator(".article-card span.actor").count() > 0
    _settled(page)
    page.screenshot(path=shots / "side-by-side.png", full_page=True)

    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Nova Moskva Agency")
    if box.count() == 0:  # not among the outlets chosen by default: add it as a user would
        compared = page.locator('[data-testid="stMultiSelect"]').filter(has_text="to compare")
        compared.locator("input").click()
        page.keyboard.type("Nova Moskva Agency")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        _settled(page)
    box.first.click()
    page.get_by_role("option", name=re.compile("^Evil")).click()
    card = page.locator(".article-card").filter(has_text="Evil")
    card.wait_for(timeout=60_000)
    _settled(page)
    heading = card.locator("h4").inner_text()
    assert "<script>" in heading and "<img src=x onerror=" in heading
    assert '<a href="javascript:alert(1)">click me</a>' in card.inner_text()
    assert card.locator("script, img, a").count() == 0
    _assert_inert(page, "side by side", dialogs)


def test_a_filter_holds_across_pages_and_downloads_parse(app_url, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=60_000)
    _open(page, "Framing axes")
    page.wait_for_selector(CHART, timeout=60_000)

    outlets = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Outlets"
    )
    for name in ("The Metropolitan Post", "Nova Moskva Agency"):
        outlets.locator("input").click()
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        _settled(page)
    page.keyboard.press("Escape")
    page.get_by_text("Showing 5 of 15 articles").wait_for(timeout=60_000)

    _open(page, "Data and export")
    page.get_by_text("Showing 5 of 15 articles").wait_for(timeout=60_000)
    # the toolbar's own CSV export does not neutralise formulas: it is switched off
    page.locator('[data-testid="stDataFrame"]').first.hover()
    page.wait_for_timeout(500)
    assert page.locator('[data-testid="stElementToolbar"]').count() > 0
    assert page.get_by_role("button", name=re.compile("Download as CSV")).count() == 0
    rows = list(csv.DictReader(io.StringIO(_download(page, "Download articles.csv").decode())))
    assert len(rows) == 5 and "legitimacy_score" in rows[0]
    assert {r["outlet"] for r in rows} == {"The Metropolitan Post", "Nova Moskva Agency"}

    with zipfile.ZipFile(io.BytesIO(_download(page, "Download all (zip)"))) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        names = bundle.namelist()
        articles = list(csv.DictReader(io.StringIO(bundle.read("tables/articles.csv").decode())))
    assert "tables/outlets.csv" in names and any(n.startswith("config/") for n in names)
    assert len(articles) == 5
    assert sorted(manifest["filters"]["outlets"]) == ["Nova Moskva Agency", "The Metropolitan Post"]
    _assert_inert(page, "data", dialogs)
