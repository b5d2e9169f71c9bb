"""Text drawn by plotly: no entity shows raw, and no tag from an article is read as one."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.figures.actors import label_heatmap
from dashboard.figures.chart_text import chart_text

HOSTILE = 'self-proclaimed "interim president" <a href="https://evil.example">click</a><br>'


def test_quotes_stay_quotes_and_tags_become_inert_look_alikes():
    shown = chart_text(HOSTILE)
    assert '"interim president"' in shown and "&quot;" not in shown
    assert "<" not in shown and ">" not in shown
    assert "＜a href=" in shown and "click" in shown


def test_actor_heatmap_labels_read_as_written_and_carry_no_tag():
    labels = pd.DataFrame(
        {
            "actor": ["Guaidó"],
            "outlet": ["Outlet <b>x</b>"],
            "label": [HOSTILE],
            "kind": ["title"],
            "count": [2],
            "articles": [1],
            "example": [HOSTILE],
        }
    )
    spec = label_heatmap(labels, "Guaidó").to_plotly_json()["data"][0]
    drawn = json.dumps([spec["x"], spec["y"]], ensure_ascii=False)
    assert "&quot;" not in drawn and "<a" not in drawn and "<b>" not in drawn
    assert '\\"interim president\\"' in drawn
    hover = json.dumps(spec.get("hovertext") or spec.get("text"), ensure_ascii=False)
    assert "<a" not in hover and "href" in hover
