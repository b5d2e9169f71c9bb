"""The Overview's coverage over time: stacked by outlet, or a grid past a dozen outlets."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.timeline import MAX_STACKED, timeline_chart


def _articles(outlets: int) -> pd.DataFrame:
    rows = [
        (f"Outlet {o:02d}", f"https://o{o}.example/{d}", f"<b>Title</b> {o}-{d}", f"2019-05-0{d}")
        for o in range(outlets)
        for d in range(1, 4)
    ]
    rows.append(("Outlet 00", "https://o0.example/x", "undated", ""))
    return pd.DataFrame(rows, columns=["outlet", "url", "title", "published"])


def test_few_outlets_stack_in_their_colours_with_titles_in_the_hover():
    colours = {f"Outlet {o:02d}": f"#{o}{o}{o}{o}{o}{o}" for o in range(1, 4)} | {
        "Outlet 00": "#111111"
    }
    figure = timeline_chart(_articles(3), colours)
    assert [t.type for t in figure.data] == ["bar"] * 3
    first = figure.data[0]
    assert first.marker.color == "#111111" and list(first.y) == [1, 1, 1]
    assert "＜b＞Title＜/b＞ 0-1" in first.hovertext[0]  # titles escaped


def test_thirty_outlets_become_one_row_each():
    figure = timeline_chart(_articles(30))
    (grid,) = figure.data
    assert grid.type == "heatmap" and MAX_STACKED < 30
    assert len(grid.y) == 30 and grid.z.sum() == 90  # the undated article is not drawn
    assert figure.layout.height >= 30 * 20
