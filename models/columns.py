"""Column names for wide tables, where each outlet (or article) has a column of its own.

An outlet may be named like a column the table has anyway ("claim", "text"): its column then
gets " (outlet)" added, so every column name stays unique and the table's own columns keep
their meaning.
"""

from __future__ import annotations

from collections.abc import Iterable


def outlet_columns(names: Iterable[str], own: Iterable[str]) -> dict[str, str]:
    """Each name -> the unique column it gets beside the table's own columns."""
    taken = set(own)
    columns: dict[str, str] = {}
    for name in names:
        column = name
        while column in taken:
            column = f"{column} (outlet)"
        taken.add(column)
        columns[name] = column
    return columns
