"""Figures of the claims: which outlet reports which claim (the omissions are the gaps)."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text

# Absent is a light grey, present runs from a pale to a dark blue with the sentence count.
_SCALE = [[0.0, "#f0f0f0"], [1e-9, "#c6dbef"], [1.0, "#08306b"]]
_LABEL_CHARS = 70


def _label(claim: str, text: str) -> str:
    short = text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"
    return f"{chart_text(claim)} · {chart_text(short)}"


def _wrapped(text: str, width: int = 70) -> str:
    return "<br>".join(chart_text(line) for line in textwrap.wrap(text, width) or [""])


def claim_heatmap(claims: pd.DataFrame, claim_matrix: pd.DataFrame, top: int) -> go.Figure:
    """Claims (rows, most widely reported first, the first `top`) × outlets (columns)."""
    shown = claims.head(top)
    outlets = [c for c in claim_matrix.columns if c != "claim"]
    counts = claim_matrix.set_index("claim").reindex(index=shown.claim, columns=outlets)
    counts = counts.fillna(0).astype(int)
    if counts.empty:
        return go.Figure()
    texts = dict(zip(shown.claim, shown.text, strict=True))
    hover = [
        [
            f"<b>{chart_text(outlet)}</b> · {chart_text(claim)}<br>"
            + (f"{n} sentence(s) in this claim" if n else "does not report this claim")
            + f"<br><br>{_wrapped(texts[claim])}"
            for outlet, n in zip(outlets, row, strict=True)
        ]
        for claim, row in zip(counts.index, counts.to_numpy(), strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=counts.to_numpy(),
            x=[chart_text(o) for o in outlets],
            y=[_label(c, texts[c]) for c in counts.index],
            colorscale=_SCALE,
            zmin=0,
            xgap=1,
            ygap=1,
            hovertext=hover,
            hoverinfo="text",
            # whole sentences: no fractional ticks when the counts are small
            colorbar={"title": "sentences", "dtick": 1 if counts.to_numpy().max() <= 8 else None},
        )
    )
    figure.update_layout(
        height=max(320, 24 * len(counts) + 200),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"side": "top", "tickangle": -40, "automargin": True},
        # the most widely reported claim on top
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 11}},
    )
    return figure
