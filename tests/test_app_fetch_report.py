"""The Fetch report page run headless with Streamlit's AppTest, on the demo loaded offline."""

from __future__ import annotations

import json

from ingest.store import LogEntry, Store
from models.corpus import FETCH_LOG_COLUMNS
from tests.conftest import DEMO_EVENT, run_app

HOSTILE_URL = "https://metropost.example/<script>alert(1)</script>"


def _fetch_log(at) -> object:
    return next(f.value for f in at.dataframe if list(f.value.columns) == FETCH_LOG_COLUMNS)


def test_fetch_report_shows_the_demo_import(app_env):
    at = run_app("fetch_report")
    assert [t.value for t in at.title] == ["Fetch report"]
    charts = at.get("plotly_chart")
    assert len(charts) == 3
    statuses = [t["name"] for t in json.loads(charts[0].proto.spec)["data"]]
    assert statuses == ["fetched", "skipped", "failed"]
    log = _fetch_log(at)
    assert len(log) >= 14 and set(log.status) <= {"fetched", "skipped", "failed"}
    labels = [b.label for b in at.get("download_button")]
    assert "Download fetch_log.csv" in labels


def test_fetch_report_explains_failures_and_escapes_urls(app_env):
    with Store(app_env / "app.db") as store:
        # the outlet and event are the demo's; the store still counts as empty, so it loads
        store.log(
            LogEntry(
                DEMO_EVENT,
                HOSTILE_URL,
                "The Metropolitan Post",
                "failed",
                "timeout",
                "read timed out",
                None,
                15000.0,
            )
        )
    at = run_app("fetch_report")
    failed = [m for m in at.metric if m.label == "Failed"]
    assert failed and failed[0].value == "1"
    reasons = json.loads(at.get("plotly_chart")[1].proto.spec)["data"]
    assert [t["name"] for t in reasons] == ["timeout"]
    assert "＜script＞" in reasons[0]["hovertext"][0]
    assert "<script>" not in json.dumps(reasons)
    timings = json.loads(at.get("plotly_chart")[2].proto.spec)["data"]
    assert [t["type"] for t in timings] == ["box"]
    assert HOSTILE_URL in set(_fetch_log(at).url)


def test_pages_without_tables_open_without_computing_them(app_env, monkeypatch):
    """The sidebar reads outlets and dates from the store, so these pages never wait for the
    analyses."""
    from streamlit.testing.v1 import AppTest

    from dashboard import state
    from tests.conftest import APP

    def refuse(*args, **kwargs):
        raise AssertionError("the tables were computed")

    monkeypatch.setattr(state, "event_tables", refuse)  # neither read nor computed
    for page in ("fetch_report", "add_coverage"):
        at = AppTest.from_file(APP, default_timeout=60)
        at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, (page, at.exception)
        assert at.multiselect(key="filter-outlets").options  # the sidebar's outlets are there
    at.multiselect(key="filter-outlets").set_value(["Nova Moskva Agency"]).run()
    at.switch_page("views/fetch_report.py").run()
    assert not at.exception
    assert set(_fetch_log(at).outlet) == {"Nova Moskva Agency"}
