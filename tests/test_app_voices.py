"""The Voices page run headless with Streamlit's AppTest, on the demo data loaded offline."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.figures.voices import voices_chart
from models.export import csv_bytes
from models.quotes import QUOTE_COLUMNS, VOICE_COLUMNS
from tests.conftest import demo_tables, run_app


def _voices_page() -> AppTest:
    return run_app("voices")


def _tables(app_env) -> dict:
    return demo_tables(app_env)


def _frame(at: AppTest, columns: list[str]):
    return next(f.value for f in at.dataframe if list(f.value.columns) == columns)


def test_voices_page_draws_the_chart_and_offers_the_tables(app_env):
    at = _voices_page()
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    bars = json.loads(charts[0].proto.spec)["data"]
    assert all(trace["type"] == "bar" and trace["orientation"] == "h" for trace in bars)
    outlets = {y for trace in bars for y in trace["y"]}
    assert {"Nova Moskva Agency", "The Metropolitan Post", "El Observador Libre"} <= outlets
    speakers = [trace["name"] for trace in bars]
    assert "Sergei Ryabkov" in speakers and "Juan Guaidó" in speakers
    assert "words" in bars[0]["hovertext"][0]

    labels = [b.label for b in at.get("download_button")]
    assert "Download voices.csv" in labels and "Download quotes.csv" in labels
    # the full tables shown are the bytes `framing export` writes
    tables = _tables(app_env)
    for name in ("voices", "quotes"):
        assert csv_bytes(_frame(at, QUOTE_COLUMNS if name == "quotes" else VOICE_COLUMNS)) == (
            csv_bytes(tables[name])
        )


def test_reading_one_speakers_quotations(app_env):
    at = _voices_page()
    at.selectbox(key="voices-outlet").set_value("Nova Moskva Agency").run()
    at.selectbox(key="voices-speaker").set_value("Sergei Ryabkov").run()
    assert not at.exception
    shown = _frame(at, ["speaker", "actor", "kind", "words", "text", "sentence", "url"])
    assert len(shown) > 0 and set(shown.speaker) == {"Sergei Ryabkov"}
    # shares by default, raw counts one click away
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == "share of the outlet's quoted words (%)"
    assert "of the outlet's quoted words" in spec["data"][0]["hovertext"][0]
    assert any("Shares:" in c.value for c in at.caption)
    at.radio(key="voices-measure").set_value("raw").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["xaxis"]["title"]["text"] == "quoted words"


def test_article_text_is_shown_only_in_tables(app_env):
    at = _voices_page()
    quote = "Our cooperation is transparent and lawful"  # a demo quotation
    assert any(quote in " ".join(f.value.text) for f in at.dataframe if "text" in f.value)
    for element in [*at.markdown, *at.caption, *at.text, *at.info]:
        assert quote not in element.value


def test_chart_escapes_speaker_and_outlet_names():
    voices = pd.DataFrame(
        [
            ("Outlet <b>A</b>", "<img src=x onerror=alert(1)>", "", 2, 30, 0.75),
            ("Outlet <b>A</b>", "Ana Ruiz", "Ana Ruiz", 1, 10, 0.25),
        ],
        columns=VOICE_COLUMNS,
    )
    spec = voices_chart(voices).to_json()
    assert "<img" not in spec and "<b>A</b>" not in spec
    assert "\\uff1cimg src=x onerror=alert(1)\\uff1e" in spec  # look-alikes, as JSON writes them
