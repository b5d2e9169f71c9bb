"""Figures of distinctive terms: each term's frequency against its z for one outlet or group,
and the most distinctive terms on each side as bars."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.legend import legend_above

# A diverging pair that stays apart for colour-blind readers; not the pole colours, since a
# term's side says "more or less than the other outlets", not which framing it serves.
SIDE_COLOURS = {"more": "#2166ac", "less": "#b2182b"}
SIDE_NAMES = {"more": "used more than by the rest", "less": "used less than by the rest"}


def _escaped_lines(text: str, width: int = 72, limit: int = 420) -> str:
    """Article text for a hover: shortened, escaped line by line, joined with <br>."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "<br>".join(chart_text(line) for line in textwrap.wrap(text, width))


def _hover_text(terms: list[str], count: int, rate: float, z: float, example: str) -> str:
    also = ""
    if len(terms) > 1:
        listed = ", ".join(terms[1:6]) + (", …" if len(terms) > 6 else "")
        also = f"<br>same counts: {chart_text(listed)}"
    return (
        f"<b>{chart_text(terms[0])}</b>{also}"
        f"<br>{count} uses, {rate:.2f} per 1,000 words, z {z:+.2f}"
        f"<br><br><i>{_escaped_lines(example)}</i>"
    )


def _hover(terms: pd.DataFrame) -> list[str]:
    return [
        _hover_text([term], count, rate, z, example)
        for term, count, rate, z, example in terms[
            ["term", "count", "rate", "z", "example"]
        ].itertuples(index=False)
    ]


def _points(terms: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct (rate, z), longest term first: terms with the same counts would
    otherwise sit on one spot with their labels printed over each other."""
    longest_first = terms.iloc[terms.term.str.len().argsort(kind="stable")[::-1]]
    return (
        longest_first.groupby(["rate", "z"], sort=False)
        .agg(terms=("term", list), count=("count", "first"), example=("example", "first"))
        .reset_index()
    )


# Label places taken in turn by the named points from left to right, so that two neighbours
# never print their labels on the same spot.
LABEL_PLACES = ("top center", "bottom center", "middle right", "middle left")


def label_places(x: pd.Series, named: set) -> list[str]:
    """A text position per point: the named ones, ordered by x, take LABEL_PLACES in turn."""
    places = dict.fromkeys(x.index, "top center")
    for turn, index in enumerate(x[x.index.isin(named)].sort_values(kind="stable").index):
        places[index] = LABEL_PLACES[turn % len(LABEL_PLACES)]
    return [places[i] for i in x.index]


def terms_scatter(terms: pd.DataFrame, labelled: int = 8, raw: bool = False) -> go.Figure:
    """One scope's terms: rate per 1,000 words (log x; its raw count with `raw`) against z,
    the most distinctive named.

    Frequent terms sit to the right, distinctive ones far from 0; hovering shows a term's
    counts and its example sentence. A label "term +N" stands for N more terms with the same
    counts, on the same spot; the hover lists them.
    """
    figure = go.Figure()
    for side, part in (("more", terms[terms.z > 0]), ("less", terms[terms.z < 0])):
        if part.empty:
            continue
        points = _points(part)
        named = set(points.z.abs().nlargest(labelled).index)
        labels = [
            chart_text(group[0]) + (f" +{len(group) - 1}" if len(group) > 1 else "")
            if i in named
            else ""
            for i, group in zip(points.index, points.terms, strict=True)
        ]
        x = points["count"] if raw else points.rate
        figure.add_trace(
            go.Scatter(
                x=x,
                y=points.z,
                mode="markers+text",
                name=SIDE_NAMES[side],
                text=labels,
                textposition=label_places(x, named),
                textfont={"size": 11},
                cliponaxis=False,  # a label near the edge stays whole
                marker={"size": 9, "color": SIDE_COLOURS[side], "opacity": 0.75},
                hovertext=[
                    _hover_text(*row)
                    for row in points[["terms", "count", "rate", "z", "example"]].itertuples(
                        index=False
                    )
                ],
                hoverinfo="text",
            )
        )
    figure.add_hline(y=0, line_dash="dot", line_color="#999")
    figure.update_layout(
        xaxis={
            "type": "log",
            "title": "uses (raw count, log scale)"
            if raw
            else "uses per 1,000 of the outlet's words (log scale)",
        },
        yaxis={"title": "z: how surely the rate differs from the rest's"},
        height=460,
        margin={"l": 10, "r": 60, "t": 40, "b": 50},
        legend=legend_above(),
    )
    return figure


def top_terms_bars(terms: pd.DataFrame, per_side: int = 15) -> go.Figure:
    """The `per_side` highest and lowest z of one scope as horizontal bars, highest on top."""
    more = terms[terms.z > 0].nlargest(per_side, "z")
    less = terms[terms.z < 0].nsmallest(per_side, "z")
    # plotly draws the first bar at the bottom: highest z on top, ties in alphabetical order
    shown = pd.concat([less, more]).sort_values(["z", "term"], ascending=[True, False])
    figure = go.Figure(
        go.Bar(
            x=shown.z,
            y=[chart_text(t) for t in shown.term],
            orientation="h",
            marker={"color": [SIDE_COLOURS["more" if z > 0 else "less"] for z in shown.z]},
            hovertext=_hover(shown),
            hoverinfo="text",
        )
    )
    figure.add_vline(x=0, line_color="#999")
    figure.update_layout(
        xaxis={"title": "z (above 0: used more than by the rest; below 0: less)"},
        yaxis={"title": None, "automargin": True, "type": "category"},
        height=max(260, 22 * len(shown) + 110),
        margin={"l": 10, "r": 10, "t": 30, "b": 50},
        showlegend=False,
    )
    return figure
