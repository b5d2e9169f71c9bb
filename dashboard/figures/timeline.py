"""Articles per day, stacked by outlet: when each outlet covered the event."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import Colours, colours_for
from dashboard.figures.counts import count_axis, stacked_total
from dashboard.figures.legend import legend_above

MAX_TITLES = 5  # titles listed in one bar's hover text
MAX_STACKED = 12  # more outlets than this: one row per outlet instead of stacked colours


def _titles(titles: pd.Series) -> str:
    shown = [chart_text(str(t)[:90]) for t in titles.head(MAX_TITLES)]
    more = len(titles) - len(shown)
    return "<br>".join(shown) + (f"<br>… and {more} more" if more > 0 else "")


def _grid(counts: pd.Series, titles: pd.Series, outlets: list[str]) -> go.Figure:
    """Outlet × day: past a dozen outlets, stacked colours can no longer be told apart."""
    matrix = counts.unstack(fill_value=0).reindex(index=outlets[::-1]).fillna(0)
    hover = [
        [
            f"<b>{chart_text(outlet)}</b>, {day:%Y-%m-%d}: {int(n)} article(s)<br>"
            + (titles.get((outlet, day), "") if n else "")
            for day, n in row.items()
        ]
        for outlet, row in matrix.iterrows()
    ]
    figure = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=list(matrix.columns),
            y=[chart_text(o) for o in matrix.index],
            colorscale="Blues",
            xgap=1,
            ygap=1,
            hovertext=hover,
            hoverinfo="text",
            # whole articles: no fractional ticks when the counts are small
            colorbar={"title": "articles", "dtick": 1 if matrix.to_numpy().max() <= 8 else None},
        )
    )
    figure.update_layout(
        height=max(320, 22 * len(outlets) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"type": "date"},
        yaxis={"automargin": True},
    )
    return figure


def timeline_chart(articles: pd.DataFrame, colours: Colours | None = None) -> go.Figure:
    """Articles per day: one bar per day in each outlet's colour, or, past MAX_STACKED
    outlets, an outlet × day grid. The hover lists the articles' titles."""
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
    if len(outlets) > MAX_STACKED:
        return _grid(counts, titles, outlets)
    figure = go.Figure()
    for outlet in outlets:
        days = counts.loc[outlet]
        hover = [
            f"<b>{chart_text(outlet)}</b>, {day:%Y-%m-%d}: {n} article(s)<br>"
            + titles.loc[(outlet, day)]
            for day, n in days.items()
        ]
        figure.add_bar(
            x=days.index,
            y=days.to_numpy(),
            name=chart_text(outlet),
            marker_color=colours[outlet],
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(
        barmode="stack",
        height=340,
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        yaxis=count_axis("articles", stacked_total(figure)),
        xaxis={"title": None, "type": "date"},
        # above the plot: below it, a long legend covered the date labels
        legend=legend_above(),
    )
    return figure
