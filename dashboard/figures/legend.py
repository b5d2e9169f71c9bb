"""Where every chart's legend goes: above the plot, left-aligned, clear of the axis labels."""

from __future__ import annotations


def legend_above(title: str | None = None) -> dict:
    """A horizontal legend above the plot area: beside or below it, a long legend took the
    room of the axis labels. Plotly widens the top margin to fit it."""
    legend: dict = {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 1.02,
        "yanchor": "bottom",
        "traceorder": "normal",
    }
    if title:
        legend["title"] = {"text": title, "side": "top left"}
    return legend
