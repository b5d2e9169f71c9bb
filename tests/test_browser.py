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
from collections.abc import Iterator
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


def dashboard_server(env: dict[str, str]) -> Iterator[str]:
    """A real `streamlit run` of the app on a free loopback port, until the caller is done.

    Yields its base URL once it answers its health check; stops it by its own process id.
    """
    port = _free_port()
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
        env={**os.environ, **env},
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


PAYLOAD = (
    "<script>window.__pwned = 'script'</script>"
    "<img src=x onerror=\"window.__pwned = 'img'; alert('img')\">"
    '<a href="javascript:alert(1)">click me</a>'
)
EVIL_URL = "https://novamoskva.example/world/2019/04/30/evil"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot'
# pages of the charted loop whose screenshots the README shows (with overview, side-by-side)
SHOTS = {"Framing axes": "axes", "Actors": "actors", "Claims": "claims"}


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
    env = {
        "FRAMING_DB": str(_hostile_store(tmp_path_factory.mktemp("browser"))),
        "FRAMING_CONFIG": str(REPO / "config"),
    }
    yield from dashboard_server(env)


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
    # the cards render one after another: wait for the third rather than count after the first
    page.wait_for_function("document.querySelectorAll('.article-card').length >= 3", timeout=60_000)
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


def test_a_typed_date_applies_on_enter_and_on_tab(app_url, browser):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(app_url)
    page.wait_for_selector(CHART, timeout=60_000)
    _settled(page)
    side = page.locator('[data-testid="stSidebar"]')
    showing = side.get_by_text(re.compile(r"^Showing \d+ of 15 articles"))
    assert showing.count() == 0

    side.get_by_role("textbox", name="From").fill("2019-05-03")
    page.keyboard.press("Enter")  # no click anywhere: Enter alone must apply it
    showing.wait_for(timeout=60_000)
    _settled(page)
    after_from = showing.inner_text()

    side.get_by_role("textbox", name="To").fill("2019-05-03")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "t => ![...document.querySelectorAll('[data-testid=stSidebar] p')]"
        ".some(p => p.innerText === t)",
        arg=after_from,
        timeout=60_000,
    )
    _settled(page)
    assert showing.inner_text() != after_from

    side.get_by_role("textbox", name="To").fill("not a day")
    page.keyboard.press("Enter")
    side.get_by_text(re.compile("is not a date: type it as YYYY-MM-DD")).wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0


# ---- Markdown injection: config and article text never loads an address or makes a link ----


class _Beacon:
    """A server on loopback that records every request: any request is a leak."""

    def __init__(self) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


LABEL_SENTENCE = (
    "Officials said the www.evil-example.invalid dictator Nicolás Maduro spoke in Caracas {when}."
)
# three different articles (copies would count once), each with the link-like label
LABEL_ARTICLES = [
    [
        LABEL_SENTENCE.format(when="on Tuesday"),
        "Shops stayed closed near the square while buses ran on shorter routes than usual, and "
        "teachers said that most schools in the eastern districts would open again next week.",
    ],
    [
        LABEL_SENTENCE.format(when="after the march"),
        "Farmers in the west reported fuel shortages and long queues at every station, while "
        "truck drivers waited two days for diesel on the road between the port and the city.",
    ],
    [
        LABEL_SENTENCE.format(when="late on Friday"),
        "The central bank published new figures on inflation, reserves and imports of food, "
        "which economists abroad read as a sign that the currency would keep falling this year.",
    ],
]


def _markdown_config(folder: Path, beacon: str) -> Path:
    """The shipped config with Markdown images and links in its title, an outlet's name, an
    axis question and a pole label, and an outlet whose articles carry a link-like label."""
    config = folder / "config"
    shutil.copytree(REPO / "config", config)
    event = config / "events" / f"{DEMO_EVENT}.toml"
    text = event.read_text(encoding="utf-8")
    replaced = {
        'title = "Venezuela\'s presidential crisis, May 2019"': (
            f'title = "Venezuela ![title]({beacon}/title.png) crisis"'
        ),
        'question = "Whom does the coverage treat as Venezuela\'s legitimate president?"': (
            f'question = "Who is legitimate? [more]({beacon}/question) ![q]({beacon}/q.png)"'
        ),
        'label = "Maduro\'s government"': f'label = "Maduro ![pole]({beacon}/pole.png)"',
    }
    for old, new in replaced.items():
        assert old in text
        text = text.replace(old, new)
    event.write_text(text, encoding="utf-8")
    outlets = config / "outlets.toml"
    outlets.write_text(
        outlets.read_text(encoding="utf-8")
        + f'\n[[outlet]]\nname = "Beacon ![outlet]({beacon}/outlet.png) Times"\n'
        'domains = ["beacon.example"]\n',
        encoding="utf-8",
    )
    return config


def _markdown_store(folder: Path, config_dir: Path) -> Path:
    config = load_config(config_dir)
    outlet = next(o.name for o in config.outlets if o.name.startswith("Beacon"))
    db = folder / "md.db"
    pages = []
    for i in range(3):  # in all its articles, so the label is a finding on the Overview
        page = folder / f"label{i}.html"
        article = article_page(f"Report {i}", LABEL_ARTICLES[i], date=f"2019-05-0{i + 1}")
        page.write_text(article, "utf-8")
        pages.append(page)
    with Store(db) as store:
        load_demo(config, store)
        summary = import_files(
            config.event(DEMO_EVENT),
            pages,
            outlet,
            store,
            url_for=lambda p: f"https://beacon.example/2019/05/01/{p.stem}",
        )
    assert summary.counts["fetched"] == 3, summary.line()
    return db


@pytest.fixture(scope="module")
def beacon():
    server = _Beacon()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def markdown_app(tmp_path_factory, beacon):
    folder = tmp_path_factory.mktemp("markdown")
    config = _markdown_config(folder, beacon.base)
    env = {"FRAMING_DB": str(_markdown_store(folder, config))}
    env["FRAMING_CONFIG"] = str(config)
    yield from dashboard_server(env)


def _no_leak(page, beacon: _Beacon, where: str) -> None:
    links = page.evaluate(
        "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    images = page.evaluate(
        "Array.from(document.querySelectorAll('img[src]')).map(i => i.getAttribute('src'))"
    )
    assert not [h for h in links if beacon.base in h or "evil-example" in h], where
    assert not [s for s in images if beacon.base in s], where
    assert beacon.requests == [], where


def test_markdown_in_config_and_article_text_stays_text(markdown_app, browser, beacon):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(markdown_app)
    page.wait_for_selector(CHART, timeout=60_000)
    _settled(page)
    heading = page.locator("h1").filter(has_text="Venezuela").first
    # shown as written (an invisible word joiner keeps "://" and "www." from being linked)
    assert "Venezuela ![title](http:" in heading.inner_text()
    assert "/title.png) crisis" in heading.inner_text()
    finding = page.get_by_text("evil-example.invalid dictator").first
    finding.wait_for(timeout=60_000)
    assert "Beacon ![outlet]" in finding.inner_text()
    assert finding.locator("a").count() == 0
    _no_leak(page, beacon, "overview")

    for title in (
        "Framing axes",
        "Side by side",
        "Actors",
        "Voices",
        "Claims",
        "Language",
        "Wire copies",
        "Fetch report",
        "Add coverage",
        "Discover coverage",
        "Data and export",
    ):
        _open(page, title)
        _settled(page)
        if title == "Framing axes":
            page.get_by_text("Who is legitimate? [more]").first.wait_for(timeout=60_000)
        if title == "Side by side":
            compared = page.locator('[data-testid="stMultiSelect"]').filter(has_text="to compare")
            compared.locator("input").click()
            page.keyboard.type("Beacon")
            page.keyboard.press("Enter")
            page.keyboard.press("Escape")
            _settled(page)
            label = page.locator('[data-testid="stSelectbox"]').filter(has_text="Beacon ![")
            label.first.wait_for(timeout=60_000)
        _no_leak(page, beacon, title)
    page.wait_for_timeout(1000)  # a late image request would still arrive
    assert beacon.requests == []
