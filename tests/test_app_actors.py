"""The actors page run headless with Streamlit's AppTest, on the demo data loaded offline."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.downloads import shown_table
from ingest.config import load_config
from ingest.store import Store
from models.corpus import load_corpus
from models.export import csv_bytes
from models.tables import build_tables
from tests.conftest import REPO, csv_downloads, run_app

TABLES = ("actor_labels", "actor_tone", "tone_evidence")


def _actors_page() -> AppTest:
    return run_app("actors")


def _figure(chart) -> dict:
    return json.loads(chart.proto.spec)


def test_actors_page_draws_labels_and_tone_with_downloads(app_env):
    at = _actors_page()
    assert at.selectbox(key="actors-actor").value == "Nicolás Maduro"  # the most mentioned
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    heatmap, scatter = (_figure(c)["data"] for c in charts)
    assert heatmap[0]["type"] == "heatmap" and "regime [possessive]" in heatmap[0]["x"]
    assert "error_x" in scatter[0]
    # the Spanish-language outlet is named but not scored
    assert scatter[1]["mode"] == "text" and "El Observador Libre" in scatter[1]["y"]
    assert any("model trained on labelled" in c.value for c in at.caption)
    assert any("English only" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button") if b.label != "Excel-ready"]
    assert [f"Download {name}.csv" for name in TABLES] == labels


def test_choosing_an_actor_redraws_with_escaped_evidence(app_env):
    at = _actors_page()
    at.selectbox(key="actors-actor").select("Juan Guaidó").run()
    assert not at.exception, at.exception
    heatmap = _figure(at.get("plotly_chart")[0])["data"][0]
    # scare quotes are kept in the label and shown as quotes in the chart (no entity)
    assert 'self-proclaimed "interim president"' in heatmap["x"]
    assert any("<i>" in cell for row in heatmap["hovertext"] for cell in row)
    evidence = at.dataframe[0].value  # the labels' example sentences, as plain cells
    assert set(evidence.columns) >= {"outlet", "label", "kind", "example"}
    assert 'self-proclaimed "interim president"' in set(evidence.label)


def test_full_tables_are_the_exported_bytes(app_env, downloads):
    at = _actors_page()
    config = load_config(REPO / "config")
    with Store(app_env / "app.db") as store:
        tables = build_tables(load_corpus(store, config.event("venezuela-2019"), config))
    shown = at.dataframe[-len(TABLES) :]
    buttons = csv_downloads(at)
    for frame, name in zip(shown, TABLES, strict=True):
        assert downloads(buttons[name]) == csv_bytes(tables[name]), name
        assert csv_bytes(frame.value) == csv_bytes(shown_table(tables[name])), name
