"""Figures of the wire copies: copies per original outlet, and a copy beside its original."""

from __future__ import annotations

import difflib
import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import Colours, colours_for
from dashboard.figures.legend import legend_above

_CHANGED = "background:#fde0c5;border-left:3px solid #d95f02;padding-left:4px"


def copies_chart(duplicates: pd.DataFrame, colours: Colours | None = None) -> go.Figure:
    """How many copies of each outlet's articles other sites published, stacked by copier."""
    counts = duplicates.groupby(["original_outlet", "outlet"]).size().rename("copies")
    counts = counts.reset_index()
    order = counts.groupby("original_outlet")["copies"].sum().sort_values().index.tolist()
    colours = colours_for(set(counts.outlet) | set(counts.original_outlet), colours)
    figure = go.Figure()
    for copier, part in counts.groupby("outlet", sort=True):
        figure.add_bar(
            x=part.copies,
            y=[chart_text(o) for o in part.original_outlet],
            orientation="h",
            name=chart_text(copier),
            marker_color=colours[copier],
            hovertext=[
                f"{n} article(s) of {chart_text(o)} republished by {chart_text(copier)}"
                for o, n in zip(part.original_outlet, part.copies, strict=True)
            ],
            hoverinfo="text",
        )
    figure.update_layout(
        barmode="stack",
        height=max(220, 40 * len(order) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"title": "copies", "dtick": 1 if counts.copies.sum() <= 10 else None},
        yaxis={
            "title": "original outlet",
            "categoryorder": "array",
            "categoryarray": [chart_text(o) for o in order],
            "automargin": True,
        },
        bargap=0.35,
        showlegend=True,  # even for one republishing outlet, say who it is
        legend=legend_above("republished by"),
    )
    return figure


def compared_html(original: str, copy: str) -> tuple[str, str]:
    """Both texts as escaped HTML paragraphs; a paragraph not in the other text is marked."""
    left, right = original.splitlines(), copy.splitlines()
    left_marked, right_marked = [False] * len(left), [False] * len(right)
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            left_marked[i1:i2] = [True] * (i2 - i1)
            right_marked[j1:j2] = [True] * (j2 - j1)
    return _paragraphs(left, left_marked), _paragraphs(right, right_marked)


def _paragraphs(lines: list[str], marked: list[bool]) -> str:
    return "".join(
        f'<p style="{_CHANGED}">{html.escape(line)}</p>' if flag else f"<p>{html.escape(line)}</p>"
        for line, flag in zip(lines, marked, strict=True)
        if line.strip()
    )
