"""The outlets table: who covered the event, how much, when and in which language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from models.registry import Filtered

ARTICLES = "articles"
OUTLETS = "outlets"
COLUMNS = [
    "outlet",
    "group",
    "articles",
    "copies",
    "first",
    "last",
    "median_words",
    "languages",
]


def article_dates(articles: pd.DataFrame) -> pd.Series:
    """Each article's publication day (NaT when it has none or it cannot be read)."""
    text = articles["published"].fillna("").astype(str).str.slice(0, 10)
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def counted_articles(articles: pd.DataFrame, include_copies: bool) -> pd.DataFrame:
    """The articles the figures count: wire copies once, unless they count separately."""
    if include_copies or "duplicate_of" not in articles:
        return articles
    return articles[articles["duplicate_of"].fillna("") == ""]


def outlet_summary(
    articles: pd.DataFrame, groups: dict[str, str], include_copies: bool
) -> pd.DataFrame:
    """One row per outlet: articles counted (wire copies once unless `include_copies`), its
    wire copies of other outlets' stories, first and last publication day, median length in
    words and the languages it wrote in."""
    if articles.empty:
        return pd.DataFrame(columns=COLUMNS)
    is_copy = articles["duplicate_of"].fillna("") != ""
    table = articles.assign(day=article_dates(articles), is_copy=is_copy)
    counted = table if include_copies else table[~table["is_copy"]]
    summary = (
        table.groupby("outlet")
        .agg(
            copies=("is_copy", "sum"),
            first=("day", "min"),
            last=("day", "max"),
            median_words=("words", "median"),
            languages=("language", lambda s: "; ".join(sorted(set(s.fillna("").replace("", "?"))))),
        )
        .join(counted.groupby("outlet").size().rename("articles"))
        .reset_index()
    )
    summary["articles"] = summary["articles"].fillna(0).astype(int)
    summary["copies"] = summary["copies"].astype(int)
    summary["group"] = summary["outlet"].map(groups).fillna("")
    for column in ("first", "last"):
        summary[column] = summary[column].dt.strftime("%Y-%m-%d").fillna("")
    summary["median_words"] = summary["median_words"].round().astype(int)
    return summary[COLUMNS]


def recount_outlets(view: Filtered) -> pd.DataFrame:
    """The outlets table of the chosen articles, each outlet in its group as before."""
    base = view.whole[OUTLETS]
    groups = dict(zip(base["outlet"], base["group"], strict=True))
    return outlet_summary(view.articles, groups, view.include_copies)
