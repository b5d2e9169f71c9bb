"""Count axes: whole numbers only, from zero; the timeline's legend leaves the dates readable."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.counts import count_axis
from dashboard.figures.timeline import timeline_chart


def test_a_short_count_axis_steps_by_one():
    assert count_axis("articles", 3) == {
        "title": "articles",
        "rangemode": "tozero",
        "tickformat": ",d",
        "tick0": 0,
        "dtick": 1,
    }
    assert "dtick" not in count_axis("articles", 40)


def test_timeline_counts_whole_articles_with_its_legend_above():
    articles = pd.DataFrame(
        {
            "url": [f"https://a.example/{i}" for i in range(3)],
            "outlet": ["A", "B", "A"],
            "published": ["2019-05-01", "2019-05-01", "2019-05-02"],
            "title": ["one", "two", "three"],
        }
    )
    layout = timeline_chart(articles).to_plotly_json()["layout"]
    assert layout["yaxis"]["dtick"] == 1 and layout["yaxis"]["tickformat"] == ",d"
    assert layout["legend"]["y"] > 1
