"""Figures of the actors page: the outlet × label heatmap and tone toward an actor per outlet.

Labels, examples and outlet names come from article text or config: everything drawn is
made inert for plotly (see dashboard.figures.chart_text).
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import Colours
from dashboard.figures.heatmap import share_heatmap
from dashboard.figures.intervals import interval_dots

KIND_MARKS = {"title": "", "possessive": " [possessive]", "apposition": " [apposition]"}
MAX_LABELS = 30


def _hover_text(text: str, width: int = 70, limit: int = 400) -> str:
    """Escaped, shortened and wrapped, so a long sentence stays readable in a tooltip."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<br>".join(chart_text(line) for line in textwrap.wrap(short, width))


def label_matrix(actor_labels: pd.DataFrame, actor: str) -> pd.DataFrame:
    """One actor's labels: outlet × (label, kind) counts, the most used labels first."""
    part = actor_labels[actor_labels.actor == actor]
    if part.empty:
        return pd.DataFrame()
    totals = part.groupby(["label", "kind"])["count"].sum().sort_values(ascending=False)
    keep = list(totals.index[:MAX_LABELS])
    matrix = part.pivot_table(
        index="outlet", columns=["label", "kind"], values="count", aggfunc="sum", fill_value=0
    )
    return matrix.reindex(columns=keep).sort_index()


def label_heatmap(
    actor_labels: pd.DataFrame, actor: str, per_outlet: pd.Series | None = None
) -> go.Figure:
    """Which labels each outlet attaches to the actor; hover shows the example sentence.

    per_outlet: each outlet's articles; when given, a cell is the share of the outlet's
    articles that use the label (the default on the page), else its count of mentions.
    """
    matrix = label_matrix(actor_labels, actor)
    part = actor_labels[actor_labels.actor == actor].set_index(["outlet", "label", "kind"])
    columns = [f"{chart_text(label)}{KIND_MARKS.get(kind, '')}" for label, kind in matrix.columns]
    values = matrix.to_numpy(dtype=float, copy=True)
    hover = []
    for i, (outlet, row) in enumerate(zip(matrix.index, matrix.to_numpy(), strict=True)):
        line = []
        of = int(per_outlet.get(outlet, 0)) if per_outlet is not None else 0
        for j, ((label, kind), count) in enumerate(zip(matrix.columns, row, strict=True)):
            head = f"<b>{chart_text(outlet)}</b><br>{chart_text(label)} ({kind}): {count}"
            used = int(part.loc[(outlet, label, kind)].articles) if count else 0
            if per_outlet is not None:
                values[i, j] = used / of if of else 0.0
            if count:
                found = part.loc[(outlet, label, kind)]
                head += f" in {used} article(s)"
                if per_outlet is not None and of:
                    head += f" of its {of} ({used / of:.0%})"
                head += f"<br><i>{_hover_text(found.example)}</i>"
            line.append(head)
        hover.append(line)
    share = per_outlet is not None
    figure = go.Figure(
        share_heatmap(
            values,
            columns,
            [chart_text(o) for o in matrix.index],
            hover,
            share=share,
            counted="mentions",
            colorscale="Blues",
        )
    )
    figure.update_layout(
        height=max(280, 34 * len(matrix.index) + 200),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"tickangle": -40, "automargin": True},
        yaxis={"automargin": True},
    )
    return figure


def tone_chart(actor_tone: pd.DataFrame, actor: str, colours: Colours | None = None) -> go.Figure:
    """Tone toward the actor per outlet: dots with bootstrap intervals; outlets whose
    mentions could not be scored (not English) are named at the zero line, without a dot."""
    part = actor_tone[actor_tone.actor == actor].sort_values("tone", na_position="first")
    scored = part[part.sentences > 0]
    unscored = part[part.sentences == 0]
    hover = [
        f"<b>{chart_text(o)}</b><br>tone {t:+.2f}"
        + (f" (95% CI {lo:+.2f} to {hi:+.2f})" if pd.notna(lo) else " (one sentence: no interval)")
        + f"<br>{n} scored sentence(s)"
        + (f"; {u} not scored (not English)" if u else "")
        for o, t, lo, hi, n, u in scored[
            ["outlet", "tone", "ci_low", "ci_high", "sentences", "not_scored"]
        ].itertuples(index=False)
    ]
    figure = interval_dots(
        scored,
        "tone",
        hover,
        list(actor_tone.outlet.unique()),
        "← negative     tone toward the actor (trained model, English only)     positive →",
        lines=len(part),
        colours=colours,
    )
    if not unscored.empty:
        figure.add_trace(
            go.Scatter(
                x=[0.0] * len(unscored),
                y=[chart_text(o) for o in unscored.outlet],
                mode="text",
                text=[f"not scored ({u} sentences, not English)" for u in unscored.not_scored],
                textfont={"color": "#888"},
                hoverinfo="skip",
                name="not scored",
            )
        )
    return figure
