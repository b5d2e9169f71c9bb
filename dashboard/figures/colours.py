"""Colours shared by every chart, so an outlet or a pole looks the same on every page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from plotly.colors import qualitative

POLE_COLOURS = {"a": "#d95f02", "b": "#1b9e77"}  # a colour-blind-safe pair

# 48 distinct colours: the dark set first, so an event of up to 24 outlets gets only strong
# ones; an event of 30 or 40 still gives every outlet its own.
PALETTE = tuple(qualitative.Dark24) + tuple(qualitative.Light24)

Colours = Mapping[str, str]


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour per outlet, given by its place among `outlets` sorted by name.

    Pass every outlet of the event (the dashboard does), not just those of one chart, so an
    outlet keeps its colour on every page and under every filter.
    """
    names = sorted(set(outlets))
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def colours_for(names: Iterable[str], colours: Colours | None) -> Colours:
    """`colours` when given and complete for `names`; otherwise colours of `names` alone."""
    names = list(names)
    if colours is not None and all(n in colours for n in names):
        return colours
    return outlet_colours([*(colours or {}), *names])
