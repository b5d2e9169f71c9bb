"""Figures of the actors page: the outlet × label heatmap and tone toward an actor per outlet.

Labels, examples and outlet names come from article text or config: everything drawn is
html-escaped, since plotly renders a subset of HTML in tick labels and hover text.
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colours import Colours
from dashboard.figures.intervals import interval_dots

KIND_MARKS = {"title": "", "possessive": " [possessive]", "apposition": " [apposition]"}
MAX_LABELS = 30


def _hover_text(text: str, width: int = 70, limit: int = 400) -> str:
    """Escaped, shortened and wrapped, so a long sentence stays readable in a tooltip."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return "<br>".join(html.escape(line) for line in textwrap.wrap(short, width))


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


def label_heatmap(actor_labels: pd.DataFrame, actor: str) -> go.Figure:
    """Which labels each outlet attaches to the actor; hover shows the example sentence."""
    matrix = label_matrix(actor_labels, actor)
    part = actor_labels[actor_labels.actor == actor].set_index(["outlet", "label", "kind"])
    columns = [f"{html.escape(label)}{KIND_MARKS.get(kind, '')}" for label, kind in matrix.columns]
    hover = []
    for outlet, row in zip(matrix.index, matrix.to_numpy(), strict=True):
        line = []
        for (label, kind), count in zip(matrix.columns, row, strict=True):
            head = f"<b>{html.escape(outlet)}</b><br>{html.escape(label)} ({kind}): {count}"
            if count:
                found = part.loc[(outlet, label, kind)]
                head += f" in {found.articles} article(s)<br><i>{_hover_text(found.example)}</i>"
            line.append(head)
        hover.append(line)
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=columns,
            y=[html.escape(o) for o in matrix.index],
            colorscale="Blues",
            hovertext=hover,
            hoverinfo="text",
            colorbar={"title": "mentions"},
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
        f"<b>{html.escape(o)}</b><br>tone {t:+.2f}"
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
                y=[html.escape(o) for o in unscored.outlet],
                mode="text",
                text=[f"not scored ({u} sentences, not English)" for u in unscored.not_scored],
                textfont={"color": "#888"},
                hoverinfo="skip",
                name="not scored",
            )
        )
    return figure
