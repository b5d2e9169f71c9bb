"""Figures of the framing axes: outlet scores with intervals, the outlet × phrase heatmap."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colours import POLE_COLOURS, Colours
from dashboard.figures.intervals import interval_dots
from ingest.config import Axis


def axis_chart(
    outlet_axes: pd.DataFrame, axis: Axis, measure: str = "score", colours: Colours | None = None
) -> go.Figure:
    """Each outlet's score on one axis as a dot with its bootstrap interval.

    measure: "score" (phrase evidence) or "combined" (phrases and the axis model).
    """
    low, high = (
        ("ci_low", "ci_high") if measure == "score" else (f"{measure}_ci_low", f"{measure}_ci_high")
    )
    part = outlet_axes[outlet_axes.axis == axis.id]
    part = part.assign(score=part[measure], ci_low=part[low], ci_high=part[high])
    part = part.sort_values("score", na_position="first")
    scored = part.dropna(subset=["score"])
    hover = [
        f"<b>{html.escape(o)}</b><br>score {s:+.2f}"
        + (f" (95% CI {lo:+.2f} to {hi:+.2f})" if pd.notna(lo) else " (one article: no interval)")
        + f"<br>{n} scored article(s), {u} without phrase hits"
        for o, s, lo, hi, n, u in scored[
            ["outlet", "score", "ci_low", "ci_high", "articles", "unscored"]
        ].itertuples(index=False)
    ]
    return interval_dots(
        scored,
        "score",
        hover,
        list(outlet_axes.outlet.unique()),
        f"← {axis.a.label}        score        {axis.b.label} →",
        colours=colours,
    )


def phrase_heatmap(matrix: pd.DataFrame, axis: Axis) -> go.Figure:
    """Outlet × phrase counts, phrase labels coloured by pole."""
    labels = [
        f'<span style="color:{POLE_COLOURS[pole]}">{html.escape(phrase)}</span>'
        for pole, phrase in matrix.columns
    ]
    poles = {"a": axis.a.label, "b": axis.b.label}
    hover = [
        [
            f"{html.escape(outlet)}<br>“{html.escape(phrase)}” ({html.escape(poles[pole])}): {n}"
            for (pole, phrase), n in zip(matrix.columns, row, strict=True)
        ]
        for outlet, row in zip(matrix.index, matrix.to_numpy(), strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=labels,
            y=list(matrix.index),
            colorscale="Greys",
            hovertext=hover,
            hoverinfo="text",
            colorbar={"title": "hits"},
        )
    )
    figure.update_layout(
        height=max(260, 32 * len(matrix.index) + 160),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"tickangle": -40, "automargin": True},
        yaxis={"automargin": True},
    )
    return figure
