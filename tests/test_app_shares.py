"""Counts compared across outlets are shown as shares of each outlet's coverage by default,
with raw counts one click away; charts keep their legends clear of the axis labels."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd

from dashboard.figures.terms import label_places
from dashboard.pages import PAGES
from dashboard.shares import articles_with
from tests.conftest import demo_tables, run_app


def _spec(chart) -> dict:
    return json.loads(chart.proto.spec)


def _values(trace: dict, name: str = "z") -> list[float]:
    """A trace's numbers, flat, as written in the chart (plotly sends arrays as base64)."""
    data = trace[name]
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return [v for row in data for v in (row if isinstance(row, list) else [row])]


def _charts(at) -> list[dict]:
    return [_spec(c) for c in at.get("plotly_chart")]


def test_actor_labels_are_shares_of_the_outlets_articles_until_switched(app_env):
    at = run_app("actors")
    heatmap = next(s for s in _charts(at) if s["data"][0]["type"] == "heatmap")
    assert heatmap["data"][0]["colorbar"]["title"]["text"] == "share of the outlet's articles"
    values = _values(heatmap["data"][0])
    assert max(values) <= 1 and max(values) > 0
    assert any("Shares:" in c.value and "articles" in c.value for c in at.caption)
    at.radio(key="actors-count-mode").set_value("raw").run()
    raw = next(s for s in _charts(at) if s["data"][0]["type"] == "heatmap")
    assert raw["data"][0]["colorbar"]["title"]["text"] == "mentions"
    assert max(_values(raw["data"][0])) == 2  # demo: two mentions at most


def test_axis_heatmap_shares_order_and_pole_legend(app_env):
    at = run_app("axes")
    charts = _charts(at)
    dots, heatmap = charts[0], charts[1]
    assert heatmap["data"][0]["colorbar"]["title"]["text"] == "share of the outlet's articles"
    assert max(_values(heatmap["data"][0])) <= 1
    # the heatmap lists the outlets in the order of the dot chart above it
    assert heatmap["data"][0]["y"] == [
        o for o in dots["data"][0]["y"] if o in heatmap["data"][0]["y"]
    ]
    title = heatmap["layout"]["title"]["text"]
    assert "Maduro's government" in title and "#d95f02" in title and "#1b9e77" in title
    at.radio(key="axes-count-mode").set_value("raw").run()
    raw = _charts(at)[1]
    assert raw["data"][0]["colorbar"]["title"]["text"] == "hits"


def test_claims_heatmap_shares_by_default(app_env):
    at = run_app("claims")
    heatmap = _charts(at)[0]["data"][0]
    assert heatmap["colorbar"]["title"]["text"] == "share of the outlet's articles"
    assert 0 < max(_values(heatmap)) <= 1
    at.radio(key="claims-count-mode").set_value("raw").run()
    assert _charts(at)[0]["data"][0]["colorbar"]["title"]["text"] == "sentences"


def test_articles_with_divides_by_the_outlets_counted_articles(app_env):
    run_app()
    tables = demo_tables(app_env)
    counted = tables["articles"][tables["articles"].duplicate_of.fillna("") == ""]
    usage = articles_with(tables["claim_sentences"], ["claim"], counted)
    per_outlet = counted.groupby("outlet").url.nunique()
    assert (usage["of"] == usage.outlet.map(per_outlet)).all()
    assert ((usage.share > 0) & (usage.share <= 1)).all()
    copies = tables["articles"][tables["articles"].duplicate_of.fillna("") != ""]
    rows = pd.DataFrame({"outlet": copies.outlet, "url": copies.url, "claim": "c1"})
    assert articles_with(rows, ["claim"], counted).empty  # a left-out copy is never counted


def test_language_scatter_explains_plus_n_and_spreads_labels(app_env):
    at = run_app("language")
    scatter = _charts(at)[0]
    assert "per 1,000 of the outlet's words" in scatter["layout"]["xaxis"]["title"]["text"]
    assert any("+2" in c.value and "same counts" in c.value for c in at.caption)
    at.radio(key="terms-count-mode").set_value("raw").run()
    assert "raw count" in _charts(at)[0]["layout"]["xaxis"]["title"]["text"]
    x = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0])
    places = label_places(x, {0, 1, 2, 4})
    assert places[:3] == ["top center", "bottom center", "middle right"]
    assert places[3] == "top center"  # not named


def test_every_legend_sits_above_the_plot(app_env):
    at = run_app()
    legends = 0
    for page in PAGES:
        at.switch_page(f"views/{page.id}.py").run()
        assert not at.exception
        for spec in _charts(at):
            layout = spec["layout"]
            shown = [t for t in spec["data"] if t.get("showlegend", True) and t.get("name")]
            if layout.get("showlegend") is False or (
                len(shown) < 2 and not layout.get("showlegend")
            ):
                continue
            legends += 1
            legend = layout.get("legend", {})
            assert legend.get("orientation") == "h" and legend.get("y", 0) >= 1, (page.id, legend)
            assert legend.get("yanchor") == "bottom", page.id
    assert legends >= 3
