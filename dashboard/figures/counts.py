"""Axes that count whole things (articles, pages, copies): whole-number ticks only."""

from __future__ import annotations

import numbers


def count_axis(title: str, most: float) -> dict:
    """A plotly axis for counts up to `most`: from zero, never a tick at 0.5 of an article."""
    axis: dict = {"title": title, "rangemode": "tozero", "tickformat": ",d"}
    if most <= 10:  # plotly would step by 0.5 on so short a range
        axis.update(tick0=0, dtick=1)
    return axis


def stacked_total(figure) -> float:
    """The longest stack of a stacked bar chart: the largest sum of bar values at one place."""
    totals: dict = {}
    for trace in figure.data:
        vertical = getattr(trace, "orientation", None) != "h"
        places = trace.x if vertical else trace.y
        values = trace.y if vertical else trace.x
        if places is None or values is None:
            continue
        for place, value in zip(places, values, strict=False):
            if isinstance(value, numbers.Real) and not isinstance(value, bool):
                totals[place] = totals.get(place, 0) + value
    return max(totals.values(), default=0)
