"""Figures of the fetch log: what each outlet's fetch gave, why pages failed, how long they took.

Every URL, outlet, reason and detail comes from the web or the user's config, so each is
made inert before plotly draws it in hover text, legends and axis labels.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.chart_text import chart_text
from dashboard.figures.colours import Colours, colours_for
from dashboard.figures.counts import count_axis, stacked_total
from dashboard.figures.legend import legend_above

STATUSES = ("fetched", "skipped", "failed")
STATUS_COLOURS = {"fetched": "#1b9e77", "skipped": "#a6a6a6", "failed": "#d95f02"}
# URLs listed in one bar's hover text; a long list would cover the chart
MAX_HOVER_URLS = 5
_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 40}


def _height(bars: int) -> int:
    return max(240, 36 * bars + 120)


def _url_list(urls: pd.Series) -> str:
    shown = [chart_text(str(u)) for u in urls.head(MAX_HOVER_URLS)]
    more = len(urls) - len(shown)
    return "<br>".join(shown + ([f"… and {more} more"] if more > 0 else []))


def _empty(message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    figure.update_layout(
        height=200, margin=_MARGIN, xaxis={"visible": False}, yaxis={"visible": False}
    )
    return figure


def status_counts(log: pd.DataFrame) -> pd.DataFrame:
    """Pages per outlet and status (fetched, skipped, failed), zeros included."""
    if log.empty:
        return pd.DataFrame(columns=["outlet", "status", "pages"])
    counts = log.groupby(["outlet", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    counts.columns.name = "status"
    return counts.stack().rename("pages").reset_index()


def _outlet_order(log: pd.DataFrame) -> list[str]:
    """Outlets with the most pages on top (plotly draws the first category at the bottom)."""
    sizes = log.groupby("outlet").size()
    return sizes.sort_values(kind="stable").index.tolist()


def status_chart(log: pd.DataFrame) -> go.Figure:
    """Stacked bars per outlet: pages fetched, skipped and failed, with the reasons in hover."""
    if log.empty:
        return _empty("No fetches are recorded for this event.")
    order = _outlet_order(log)
    figure = go.Figure()
    for status in STATUSES:
        rows = log[log.status == status]
        hover, counts = [], []
        for outlet in order:
            part = rows[rows.outlet == outlet]
            counts.append(len(part))
            reasons = part.reason.fillna("").value_counts()
            lines = [f"{n} × {chart_text(str(r) or 'no reason given')}" for r, n in reasons.items()]
            hover.append(
                f"<b>{chart_text(outlet)}</b>: {len(part)} page(s) {status}<br>"
                + "<br>".join(lines)
            )
        figure.add_bar(
            x=counts,
            y=[chart_text(o) for o in order],
            orientation="h",
            name=status,
            marker_color=STATUS_COLOURS[status],
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(
        barmode="stack",
        height=_height(len(order)),
        margin=_MARGIN,
        xaxis=count_axis("pages", stacked_total(figure)),
        yaxis={"title": "outlet", "automargin": True},
        legend=legend_above("status"),
        bargap=0.35,
    )
    return figure


def failure_reasons(log: pd.DataFrame) -> pd.DataFrame:
    """Failed pages per outlet and reason, most frequent reason first."""
    failed = log[log.status == "failed"].assign(reason=lambda t: t.reason.fillna("unknown"))
    if failed.empty:
        return pd.DataFrame(columns=["outlet", "reason", "pages"])
    counts = failed.groupby(["outlet", "reason"]).size().rename("pages").reset_index()
    totals = counts.groupby("reason")["pages"].transform("sum")
    return (
        counts.assign(_total=totals)
        .sort_values(["_total", "reason", "outlet"], ascending=[False, True, True], kind="stable")[
            ["outlet", "reason", "pages"]
        ]
        .reset_index(drop=True)
    )


def reason_chart(log: pd.DataFrame) -> go.Figure:
    """Failed pages per outlet, stacked by reason; hover lists the failed URLs and a detail."""
    counts = failure_reasons(log)
    if counts.empty:
        return _empty("No page failed.")
    failed = log[log.status == "failed"].assign(reason=lambda t: t.reason.fillna("unknown"))
    order = _outlet_order(failed)
    figure = go.Figure()
    for reason in dict.fromkeys(counts.reason):  # most frequent first, in the legend too
        rows = failed[failed.reason == reason]
        outlets = [o for o in order if (rows.outlet == o).any()]
        hover = []
        for outlet in outlets:
            part = rows[rows.outlet == outlet]
            detail = str(part.detail.dropna().iloc[0]) if part.detail.notna().any() else ""
            hover.append(
                f"<b>{chart_text(outlet)}</b>: {len(part)} × {chart_text(reason)}<br>"
                + (f"<i>{chart_text(detail)}</i><br>" if detail else "")
                + _url_list(part.url)
            )
        figure.add_bar(
            x=[int((rows.outlet == o).sum()) for o in outlets],
            y=[chart_text(o) for o in outlets],
            orientation="h",
            name=chart_text(reason),
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(
        barmode="stack",
        height=_height(len(order)),
        margin=_MARGIN,
        xaxis=count_axis("failed pages", stacked_total(figure)),
        yaxis={
            "title": "outlet",
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [chart_text(o) for o in order],
        },
        legend=legend_above("reason"),
        bargap=0.35,
    )
    return figure


def timing_chart(log: pd.DataFrame, colours: Colours | None = None) -> go.Figure:
    """Time per page (elapsed_ms) per outlet: a box with every page as a point."""
    timed = log.assign(elapsed_ms=pd.to_numeric(log.elapsed_ms, errors="coerce"))
    timed = timed[timed.elapsed_ms.notna()]
    if timed.empty:
        return _empty("No timings: the pages of this event were imported, not fetched.")
    order = _outlet_order(timed)
    colours = colours_for(order, colours)
    figure = go.Figure()
    for outlet in order:
        part = timed[timed.outlet == outlet]
        figure.add_box(
            x=part.elapsed_ms,
            y=[chart_text(outlet)] * len(part),
            orientation="h",
            name=chart_text(outlet),
            marker_color=colours[outlet],
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            hoveron="points",
            hovertext=[
                f"{chart_text(str(url))}<br>{chart_text(str(status))}: "
                f"{chart_text(str(reason))}<br>{ms:,.0f} ms"
                for url, status, reason, ms in zip(
                    part.url, part.status, part.reason.fillna(""), part.elapsed_ms, strict=True
                )
            ],
            hoverinfo="text",
        )
    figure.update_layout(
        height=_height(len(order)),
        margin=_MARGIN,
        xaxis={"title": "milliseconds per page (download and extraction)", "rangemode": "tozero"},
        yaxis={"title": "outlet", "automargin": True},
        showlegend=False,
    )
    return figure


FLAGGED_COLUMNS = ["outlet", "url", "reason", "detail", "words", "title", "kept"]


def flagged_table(rows: list[dict]) -> pd.DataFrame:
    """The flagged pages (Store.flagged): not kept first, then by outlet and URL."""
    if not rows:
        return pd.DataFrame(columns=FLAGGED_COLUMNS)
    table = pd.DataFrame(rows)
    table = table.assign(
        kept=table.kept_at.notna(),
        words=pd.to_numeric(table.words, errors="coerce").fillna(0).astype(int),
        title=table.title.fillna(""),
        detail=table.detail.fillna(""),
    )
    return table.sort_values(["kept", "outlet", "url"], kind="stable")[FLAGGED_COLUMNS].reset_index(
        drop=True
    )
