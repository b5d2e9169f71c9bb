"""The dashboard run headless with Streamlit's AppTest, on the demo data loaded offline."""

from __future__ import annotations

import base64
import json

from streamlit.testing.v1 import AppTest

from dashboard.downloads import shown_table
from ingest.config import load_config
from ingest.files import import_files
from ingest.store import Store
from models.corpus import load_corpus
from models.export import csv_bytes, write_tables
from models.tables import build_tables
from tests.conftest import (
    APP,
    LEGIT_TEXT,
    REPO,
    article_page,
    csv_downloads,
    run_app,
    visible,
)


def _run(page: str | None = None) -> AppTest:
    return run_app(page)


def _figure(chart) -> dict:
    return json.loads(chart.proto.spec)


def test_fresh_store_loads_the_demo_and_shows_axis_charts(app_env):
    at = _run("axes")
    assert [m.value for m in at.metric] == [
        "7",
        "13",
        "0",
    ]  # wire copies counted once, as on the Overview
    assert "illustrative samples" in at.sidebar.info[0].value
    charts = at.get("plotly_chart")
    assert len(charts) == 4  # a score chart and a phrase heatmap per axis
    scores = _figure(charts[0])["data"][0]
    assert "Nova Moskva Agency" in scores["y"] and "The Metropolitan Post" in scores["y"]
    assert "error_x" in scores
    heatmap = _figure(charts[1])["data"][0]
    assert heatmap["type"] == "heatmap" and len(heatmap["y"]) >= 6
    assert any("outlet_axes" in b.label for b in at.get("download_button"))


def test_side_by_side_marks_phrases_by_pole(app_env):
    at = _run("side_by_side")
    assert len(at.multiselect(key="sbs-outlets").value) == 3
    at.multiselect(key="sbs-outlets").set_value(["Nova Moskva Agency", "The Metropolitan Post"])
    at.run()
    bodies = [h.proto.body for h in at.get("html") if "article-card" in h.proto.body]
    assert len(bodies) == 2
    assert 'class="pole-a"' in bodies[0] and 'class="pole-b"' in bodies[1]
    at.radio(key="sbs-axis").set_value("foreign_role").run()
    assert not at.exception


def test_data_page_tables_are_the_exported_bytes(app_env, downloads):
    at = _run("data")
    config = load_config(REPO / "config")
    with Store(app_env / "app.db") as store:
        tables = build_tables(load_corpus(store, config.event("venezuela-2019"), config))
    assert len(at.dataframe) == len(tables)
    paths = write_tables(tables, app_env / "out")
    buttons = csv_downloads(at)
    assert list(buttons) == [path.stem for path in paths]
    for frame, path, table in zip(at.dataframe, paths, tables.values(), strict=True):
        assert downloads(buttons[path.stem]) == path.read_bytes(), path.name
        # what the page shows is that table, with its gaps shown empty
        assert csv_bytes(frame.value) == csv_bytes(shown_table(table)), path.name


def test_hostile_article_renders_as_text(app_env):
    _run("axes")  # loads the demo into the fresh store
    config = load_config(REPO / "config")
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = app_env / "evil.html"
    page.write_text(
        article_page(f"Evil {payload}", [payload + " " + p for p in LEGIT_TEXT]), encoding="utf-8"
    )
    with Store(app_env / "app.db") as store:
        import_files(
            config.event("venezuela-2019"),
            [page],
            "Global Wire Service",
            store,
            url_for=lambda _p: "https://globalwire.example/evil",
        )
    at = _run("side_by_side")
    at.multiselect(key="sbs-outlets").set_value(["Global Wire Service", "Nova Moskva Agency"])
    at.run()
    at.selectbox(key="sbs-article-Global Wire Service").set_value(
        "https://globalwire.example/evil"
    ).run()
    body = next(h.proto.body for h in at.get("html") if "Evil" in h.proto.body)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_broken_config_shows_one_line_instead_of_a_traceback(app_env, monkeypatch):
    (app_env / "config").mkdir()
    (app_env / "config" / "outlets.toml").write_text("[[outlet]\n", encoding="utf-8")
    monkeypatch.setenv("FRAMING_CONFIG", str(app_env / "config"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "outlets.toml: not valid TOML" in visible(at.error[0].value)


def test_plotly_numbers_are_readable(app_env):
    """Scores travel base64-encoded in the chart spec; decode one to check it is a number."""
    at = _run("axes")
    x = _figure(at.get("plotly_chart")[0])["data"][0]["x"]
    if isinstance(x, dict):  # {"dtype": "f8", "bdata": ...}
        import numpy as np

        x = np.frombuffer(base64.b64decode(x["bdata"]), dtype=x["dtype"]).tolist()
    assert all(-1 <= v <= 1 for v in x)


def test_wire_copies_count_once_unless_switched_on(app_env):
    at = _run("data")
    ledger = "Harbor Daily Ledger"

    def ledger_articles(at: AppTest) -> int:
        frame = next(f.value for f in at.dataframe if "unscored" in f.value.columns)
        rows = frame[(frame.outlet == ledger) & (frame.axis == "legitimacy")]
        return int(rows.articles.iloc[0] + rows.unscored.iloc[0])

    assert ledger_articles(at) == 1  # its reprint of the wire story is counted for the wire
    at.toggle(key="include_copies").set_value(True).run()
    assert not at.exception
    assert ledger_articles(at) == 2


def test_axis_chart_hover_names_each_outlets_phrases(app_env):
    at = _run("axes")
    trace = _figure(at.get("plotly_chart")[0])["data"][0]
    hover = dict(zip(trace["y"], trace["hovertext"], strict=True))
    assert "most used:" in hover["Nova Moskva Agency"]
    assert "“coup attempt” ×" in hover["Nova Moskva Agency"]
