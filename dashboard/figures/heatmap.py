"""The outlet × item heatmap shared by the actors' labels and the axes' phrases."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go


def share_heatmap(
    values: np.ndarray,
    columns: list[str],
    outlets: list[str],
    hover: list[list[str]],
    *,
    share: bool,
    counted: str,
    colorscale: str,
) -> go.Heatmap:
    """One heatmap trace. With `share`, a cell is a share of the outlet's articles, so the
    scale runs from 0 to 1 in percent; else it counts `counted` (mentions, hits), with whole
    ticks while the counts are small enough for them to read well.

    Every string passed in must already be made inert for plotly (chart_text).
    """
    if share:
        colorbar = {"title": "share of the outlet's articles", "tickformat": ".0%"}
    else:
        colorbar = {"title": counted, "dtick": 1 if values.max(initial=0) <= 8 else None}
    return go.Heatmap(
        z=values,
        x=columns,
        y=outlets,
        colorscale=colorscale,
        zmin=0,
        zmax=1 if share else None,
        hovertext=hover,
        hoverinfo="text",
        colorbar=colorbar,
    )
