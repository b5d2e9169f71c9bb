"""Articles per day, stacked by outlet: when each outlet covered the event."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.colours import Colours, colours_for

MAX_TITLES = 5  # titles listed in one bar's hover text


def _titles(titles: pd.Series) -> str:
    shown = [html.escape(str(t)[:90]) for t in titles.head(MAX_TITLES)]
    more = len(titles) - len(shown)
    return "<br>".join(shown) + (f"<br>… and {more} more" if more > 0 else "")


def timeline_chart(articles: pd.DataFrame, colours: Colours | None = None) -> go.Figure:
    """One bar per day, one colour per outlet; the hover lists the articles' titles."""
    days = pd.to_datetime(
        articles["published"].fillna("").astype(str).str.slice(0, 10),
        format="%Y-%m-%d",
        errors="coerce",
    )
    dated = articles.assign(day=days).dropna(subset=["day"])
    outlets = sorted(dated["outlet"].unique())
    colours = colours_for(outlets, colours)
    grouped = dated.groupby(["outlet", "day"])
    counts = grouped.size()
    titles = grouped["title"].agg(lambda t: _titles(t.fillna("")))
    figure = go.Figure()
    for outlet in outlets:
        days = counts.loc[outlet]
        hover = [
            f"<b>{html.escape(outlet)}</b>, {day:%Y-%m-%d}: {n} article(s)<br>"
            + titles.loc[(outlet, day)]
            for day, n in days.items()
        ]
        figure.add_bar(
            x=days.index,
            y=days.to_numpy(),
            name=html.escape(outlet),
            marker_color=colours[outlet],
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(
        barmode="stack",
        height=320 + 18 * max(0, len(outlets) - 8),  # room for the legend of a large event
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        yaxis={"title": "articles", "rangemode": "tozero"},
        xaxis={"title": None, "type": "date"},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure
