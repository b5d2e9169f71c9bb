"""The HTML report opened in a real headless Chromium, offline, from a file: article and config
payloads stay text, every chart draws, and no request leaves the page. And the dashboard's
"Download report" gives the bytes `framing report` writes.

Skips, saying why, where Debian's chromium or playwright is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.report import figure_count
from tests.conftest import DEMO_EVENT
from tests.test_browser import CHROMIUM, browser, dashboard_server  # noqa: F401 (a fixture)
from tests.test_report import EPOCH, Hostile, hostile_demo

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here (apt-get install chromium)"
)
CHART = ".js-plotly-plot"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return hostile_demo(tmp_path_factory.mktemp("browser-report"))


def _cli_report(demo: Hostile, target: Path) -> bytes:
    """`framing report`, its time pinned as the dashboard's below is."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        args = ["report", DEMO_EVENT, "--out", str(target)]
        assert main([*args, "--config", str(demo.config.root), "--db", str(demo.db)]) == 0
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
    return target.read_bytes()


@pytest.fixture(scope="module")
def report_file(demo: Hostile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report-file") / "report.html"
    _cli_report(demo, target)
    return target


def _offline_page(browser, requests: list[str], dialogs: list[str]):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def only_the_file(route) -> None:
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_file)
    return page


def test_report_opens_offline_draws_every_chart_and_runs_no_article_script(
    browser,  # noqa: F811
    report_file,
):
    requests: list[str] = []
    dialogs: list[str] = []
    page = _offline_page(browser, requests, dialogs)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(report_file.as_uri())
    charts = figure_count(report_file.read_bytes())
    page.wait_for_function(
        f"document.querySelectorAll('{CHART}').length === {charts}", timeout=60_000
    )
    assert page.locator(".plotly-graph-div").count() == charts
    # each chart really drew: plotly puts its bars, dots and cells into an SVG
    assert page.locator(f"{CHART} svg.main-svg").count() >= charts
    assert page.evaluate("window.__pwned") is None
    assert dialogs == [] and errors == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert "</script><script>window.__pwned=1</script>" in page.title()
    assert "<img src=x onerror=" in page.locator("header").inner_text()

    # printing opens every evidence table and note; hovering a chart shows its evidence:
    # still nothing runs and nothing is fetched
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    page.locator(CHART).first.hover()
    page.wait_for_timeout(300)
    assert page.get_by_text("Evil </script>", exact=False).count() > 0
    assert page.evaluate("window.__pwned") is None and dialogs == []
    assert requests == [report_file.as_uri()]
    page.close()


@pytest.fixture(scope="module")
def app_url(demo: Hostile):
    """A real Streamlit server on the hostile demo, its time pinned; stopped by its id."""
    env = {
        "FRAMING_DB": str(demo.db),
        "FRAMING_CONFIG": str(demo.config.root),
        "SOURCE_DATE_EPOCH": EPOCH,
    }
    yield from dashboard_server(env)


def test_dashboard_download_is_the_cli_report(browser, app_url, demo, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page.goto(f"{app_url}/data")
    button = page.get_by_role("button", name="Download report (HTML)")
    button.wait_for(timeout=90_000)
    with page.expect_download(timeout=120_000) as download:
        button.click()
    downloaded = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == f"{DEMO_EVENT}-report.html"
    assert downloaded == _cli_report(demo, tmp_path / "cli.html")
    page.close()
