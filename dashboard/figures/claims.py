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


def claim_heatmap(
    claims: pd.DataFrame,
    claim_matrix: pd.DataFrame,
    top: int,
    usage: pd.DataFrame | None = None,
) -> go.Figure:
    """Claims (rows, most widely reported first, the first `top`) × outlets (columns).

    usage: articles_with(...) of the claims' sentences (outlet, claim, articles, of, share);
    when given, a cell is the share of the outlet's articles that state the claim, else its
    count of sentences in the claim.
    """
    shown = claims.head(top)
    outlets = [c for c in claim_matrix.columns if c != "claim"]
    counts = claim_matrix.set_index("claim").reindex(index=shown.claim, columns=outlets)
    counts = counts.fillna(0).astype(int)
    if counts.empty:
        return go.Figure()
    texts = dict(zip(shown.claim, shown.text, strict=True))
    used = {}
    if usage is not None:
        used = {
            (o, c): (n, of)
            for o, c, n, of in usage[["outlet", "claim", "articles", "of"]].itertuples(index=False)
        }
    values = counts.to_numpy(dtype=float, copy=True)
    hover = []
    for i, (claim, row) in enumerate(zip(counts.index, counts.to_numpy(), strict=True)):
        line = []
        for j, (outlet, n) in enumerate(zip(outlets, row, strict=True)):
            text = f"<b>{chart_text(outlet)}</b> · {chart_text(claim)}<br>"
            text += f"{n} sentence(s) in this claim" if n else "does not report this claim"
            if usage is not None:
                articles, of = used.get((outlet, claim), (0, 0))
                values[i, j] = articles / of if of else 0.0
                if articles:
                    text += f", in {articles} of its {of} article(s) ({articles / of:.0%})"
            line.append(text + f"<br><br>{_wrapped(texts[claim])}")
        hover.append(line)
    share = usage is not None
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=[chart_text(o) for o in outlets],
            y=[_label(c, texts[c]) for c in counts.index],
            colorscale=_SCALE,
            zmin=0,
            zmax=1 if share else None,
            xgap=1,
            ygap=1,
            hovertext=hover,
            hoverinfo="text",
            # whole sentences: no fractional ticks when the counts are small
            colorbar={"title": "share of the outlet's articles", "tickformat": ".0%"}
            if share
            else {"title": "sentences", "dtick": 1 if counts.to_numpy().max() <= 8 else None},
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
