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


def _titles(dated: pd.DataFrame, counts: pd.Series) -> dict[tuple[str, pd.Timestamp], str]:
    """Per (outlet, day), the first MAX_TITLES titles in the articles' order and how many
    more there are. Only the titles shown are made safe: a large event has thousands."""
    rank = dated.groupby(["outlet", "day"], sort=False).cumcount().to_numpy()
    shown = dated[rank < MAX_TITLES]
    listed: dict[tuple[str, pd.Timestamp], list[str]] = {}
    for outlet, day, title in zip(shown["outlet"], shown["day"], shown["title"], strict=True):
        text = "" if title is None or (isinstance(title, float) and pd.isna(title)) else title
        listed.setdefault((outlet, day), []).append(chart_text(str(text)[:90]))
    hover = {}
    for key, titles in listed.items():
        more = int(counts[key]) - len(titles)
        hover[key] = "<br>".join(titles) + (f"<br>… and {more} more" if more > 0 else "")
    return hover


def _grid(counts: pd.Series, titles: dict, outlets: list[str]) -> go.Figure:
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
    counts = dated.groupby(["outlet", "day"]).size()
    titles = _titles(dated, counts)
    if len(outlets) > MAX_STACKED:
        return _grid(counts, titles, outlets)
    figure = go.Figure()
    for outlet in outlets:
        days = counts.loc[outlet]
        hover = [
            f"<b>{chart_text(outlet)}</b>, {day:%Y-%m-%d}: {n} article(s)<br>"
            + titles[(outlet, day)]
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
