"""Counts compared across outlets as a share of each outlet's own coverage.

Outlets differ tenfold in volume, so a raw count mostly says who publishes more. The pages
show a count as the share of the outlet's articles that carry it, with the raw count one click
away; the exported tables keep their raw counts.
"""

from __future__ import annotations

import pandas as pd


def outlet_articles(counted: pd.DataFrame) -> pd.Series:
    """How many articles each outlet has among `counted` (the articles the page counts)."""
    if counted.empty:
        return pd.Series(dtype="int64")
    return counted.groupby("outlet")["url"].nunique()


def articles_with(rows: pd.DataFrame, by: list[str], counted: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and `by`, the counted articles among `rows` (outlet, url, *by): columns
    outlet, *by, articles (how many carry it), of (the outlet's articles), share."""
    kept = rows[rows["url"].isin(counted["url"])]
    columns = ["outlet", *by, "articles", "of", "share"]
    if kept.empty:
        return pd.DataFrame(columns=columns)
    table = kept.groupby(["outlet", *by], as_index=False)["url"].nunique()
    table = table.rename(columns={"url": "articles"})
    table["of"] = table["outlet"].map(outlet_articles(counted)).astype("int64")
    table["share"] = table["articles"] / table["of"]
    return table[columns]


def share_of(counts: pd.Series, outlets: pd.Series, per_outlet: pd.Series) -> pd.Series:
    """`counts` (articles) divided by each row's outlet's articles in `per_outlet`."""
    return counts / outlets.map(per_outlet).where(lambda n: n > 0)
