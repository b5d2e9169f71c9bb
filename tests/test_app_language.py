"""The Language page run headless with Streamlit's AppTest, on the demo data loaded offline."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.figures.terms import terms_scatter, top_terms_bars
from tests.conftest import run_app


def _language_page() -> AppTest:
    return run_app("language")


def test_language_page_charts_the_chosen_outlet_and_offers_the_table(app_env):
    at = _language_page()
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    scatter, bars = (json.loads(c.proto.spec) for c in charts)
    assert scatter["layout"]["xaxis"]["type"] == "log"
    assert scatter["data"][0]["mode"] == "markers+text"
    assert "z " in scatter["data"][0]["hovertext"][0]
    assert bars["data"][0]["orientation"] == "h"
    assert any("distinctive_terms" in b.label for b in at.get("download_button"))
    assert at.dataframe[-1].value.shape[1] == 7  # the full table, every column


def test_language_page_switches_to_a_group(app_env):
    at = _language_page()
    scope = at.selectbox(key="terms-scope")
    groups = [o for o in scope.options if "(group of outlets)" in o]
    assert groups and len(scope.options) > len(groups)
    # the Spanish-language press is alone in its language: nothing to compare it with, so it
    # is not offered (its words set against English ones were just Spanish words)
    assert "Venezuelan opposition press (group of outlets)" not in scope.options
    assert "El Observador Libre" not in scope.options
    assert any("El Observador Libre is the only outlet" in i.value for i in at.info)
    scope.set_value(("group", groups[0].removesuffix(" (group of outlets)"))).run()
    assert not at.exception, at.exception
    bars = json.loads(at.get("plotly_chart")[1].proto.spec)
    assert len(bars["data"][0]["y"]) > 0


def test_figures_escape_article_text_and_share_points_with_equal_counts():
    terms = pd.DataFrame(
        {
            "scope": "outlet",
            "outlet": "X",
            "term": ["regime", "maduro regime", "usurper", "talks"],
            "count": [5, 5, 4, 3],
            "rate": [2.5, 2.5, 2.0, 1.5],
            "z": [3.1, 3.1, 2.5, -2.2],
            "example": ['<script>alert("x")</script> the regime'] * 4,
        }
    )
    scatter = terms_scatter(terms)
    more, less = scatter.data
    assert len(more.x) == 2 and more.text[0] == "maduro regime +1"  # one point, longest named
    bars = top_terms_bars(terms)
    for hover in [*more.hovertext, *less.hovertext, *bars.data[0].hovertext]:
        assert "<script" not in hover and "＜script＞" in hover
    assert list(bars.data[0].y) == ["talks", "usurper", "regime", "maduro regime"]
