"""Outlets as dots with their bootstrap intervals on a −1 to +1 scale, for every such measure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import Colours, colours_for


def interval_dots(
    rows: pd.DataFrame,
    value: str,
    hover: list[str],
    outlets: list[str],
    x_title: str,
    lines: int | None = None,
    colours: Colours | None = None,
) -> go.Figure:
    """One dot per row (outlet, `value`, ci_low, ci_high), its interval as an error bar.

    outlets: the outlets of the table; colours: every outlet's colour (see figures.colours),
    so each keeps its colour on every page; lines: how many outlet lines the chart shows (more
    than `rows` when a caller adds its own).
    """
    colours = colours_for(outlets, colours)
    figure = go.Figure(
        go.Scatter(
            x=rows[value],
            y=[chart_text(o) for o in rows.outlet],
            mode="markers",
            marker={"size": 12, "color": [colours[o] for o in rows.outlet]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (rows.ci_high - rows[value]).fillna(0),
                "arrayminus": (rows[value] - rows.ci_low).fillna(0),
                "thickness": 2,
            },
            hovertext=hover,
            hoverinfo="text",
        )
    )
    figure.add_vline(x=0, line_dash="dot", line_color="#999")
    figure.update_layout(
        xaxis={"range": [-1.05, 1.05], "title": x_title, "zeroline": False},
        yaxis={"title": None, "automargin": True},
        height=max(260, 38 * (lines if lines is not None else len(rows)) + 110),
        margin={"l": 10, "r": 10, "t": 30, "b": 50},
        showlegend=False,
    )
    return figure
