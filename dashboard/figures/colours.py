"""Colours shared by every chart, so an outlet or a pole looks the same on every page."""

from __future__ import annotations

from plotly.colors import qualitative

POLE_COLOURS = {"a": "#d95f02", "b": "#1b9e77"}  # a colour-blind-safe pair


def outlet_colours(outlets: list[str]) -> dict[str, str]:
    """A stable colour per outlet name, the same on every page."""
    palette = qualitative.Dark24
    return {name: palette[i % len(palette)] for i, name in enumerate(sorted(outlets))}
