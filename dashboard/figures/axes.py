"""Figures of the framing axes: outlet scores with intervals, the outlet × phrase heatmap."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import POLE_COLOURS, Colours
from dashboard.figures.heatmap import share_heatmap
from dashboard.figures.intervals import interval_dots
from ingest.config import Axis


def top_phrases(phrase_hits: pd.DataFrame, axis: Axis, n: int = 3) -> dict[str, str]:
    """Each outlet's most used phrases of the axis, as hover text: the evidence of its dot."""
    part = phrase_hits[phrase_hits.axis == axis.id]
    if part.empty:
        return {}
    totals = part.groupby(["outlet", "pole", "phrase"], as_index=False)["count"].sum()
    totals = totals.sort_values(["outlet", "count", "phrase"], ascending=[True, False, True])
    labels = {"a": axis.a.label, "b": axis.b.label}
    return {
        outlet: "<br>".join(
            f"“{chart_text(p)}” ×{c} ({chart_text(labels[pole])})"
            for pole, p, c in rows[["pole", "phrase", "count"]].head(n).itertuples(index=False)
        )
        for outlet, rows in totals.groupby("outlet", sort=False)
    }


def axis_chart(
    outlet_axes: pd.DataFrame,
    axis: Axis,
    measure: str = "score",
    colours: Colours | None = None,
    phrase_hits: pd.DataFrame | None = None,
) -> go.Figure:
    """Each outlet's score on one axis as a dot with its bootstrap interval; the hover text
    names the outlet's most used phrases when `phrase_hits` is given.

    measure: "score" (phrase evidence) or "combined" (phrases and the axis model).
    """
    phrases = top_phrases(phrase_hits, axis) if phrase_hits is not None else {}
    low, high = (
        ("ci_low", "ci_high") if measure == "score" else (f"{measure}_ci_low", f"{measure}_ci_high")
    )
    part = outlet_axes[outlet_axes.axis == axis.id]
    part = part.assign(score=part[measure], ci_low=part[low], ci_high=part[high])
    part = part.sort_values("score", na_position="first", kind="stable")
    scored = part.dropna(subset=["score"])
    hover = [
        f"<b>{chart_text(o)}</b><br>score {s:+.2f}"
        + (f" (95% CI {lo:+.2f} to {hi:+.2f})" if pd.notna(lo) else " (one article: no interval)")
        + f"<br>{n} scored article(s), {u} without phrase hits"
        + (f"<br><br>most used:<br>{phrases[o]}" if o in phrases else "")
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


def dot_order(outlet_axes: pd.DataFrame, axis: Axis, measure: str = "score") -> list[str]:
    """The outlets of the axis's dot chart from the bottom line up (lowest score first,
    outlets without a score below), so the heatmap can list them in the same order."""
    part = outlet_axes[outlet_axes.axis == axis.id]
    return list(part.sort_values(measure, na_position="first", kind="stable").outlet)


def pole_legend(axis: Axis) -> str:
    """What the two colours of the phrase labels mean, in those colours (a chart title)."""
    return "phrase colour: " + "   ".join(
        f'<span style="color:{POLE_COLOURS[pole]}">■ {chart_text(label)}</span>'
        for pole, label in (("a", axis.a.label), ("b", axis.b.label))
    )


def phrase_heatmap(
    matrix: pd.DataFrame,
    axis: Axis,
    usage: pd.DataFrame | None = None,
    order: list[str] | None = None,
) -> go.Figure:
    """Outlet × phrase counts, phrase labels coloured by pole (named in the title).

    usage: articles_with(...) of the axis's hits (outlet, pole, phrase, articles, of, share);
    when given, a cell is the share of the outlet's articles that use the phrase, else its
    count of hits. order: the outlets from the bottom line up (see dot_order).
    """
    if order is not None:
        rows = [o for o in order if o in matrix.index]
        matrix = matrix.reindex([*rows, *(o for o in matrix.index if o not in rows)])
    labels = [
        f'<span style="color:{POLE_COLOURS[pole]}">{chart_text(phrase)}</span>'
        for pole, phrase in matrix.columns
    ]
    poles = {"a": axis.a.label, "b": axis.b.label}
    used = {}
    if usage is not None:
        used = {
            (o, pole, phrase): (n, of)
            for o, pole, phrase, n, of in usage[
                ["outlet", "pole", "phrase", "articles", "of"]
            ].itertuples(index=False)
        }
    values = matrix.to_numpy(dtype=float, copy=True)
    hover = []
    for i, (outlet, row) in enumerate(zip(matrix.index, matrix.to_numpy(), strict=True)):
        line = []
        for j, ((pole, phrase), n) in enumerate(zip(matrix.columns, row, strict=True)):
            text = f"{chart_text(outlet)}<br>“{chart_text(phrase)}” ({chart_text(poles[pole])}): "
            text += f"{n} hit(s)"
            if usage is not None:
                articles, of = used.get((outlet, pole, phrase), (0, 0))
                values[i, j] = articles / of if of else 0.0
                if of:
                    text += f" in {articles} of its {of} article(s) ({articles / of:.0%})"
            line.append(text)
        hover.append(line)
    share = usage is not None
    figure = go.Figure(
        share_heatmap(
            values,
            labels,
            [chart_text(o) for o in matrix.index],
            hover,
            share=share,
            counted="hits",
            colorscale="Greys",
        )
    )
    figure.update_layout(
        title={"text": pole_legend(axis), "font": {"size": 13}, "x": 0, "xanchor": "left"},
        height=max(260, 32 * len(matrix.index) + 190),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"tickangle": -40, "automargin": True},
        yaxis={
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [chart_text(o) for o in matrix.index],
        },
    )
    return figure
