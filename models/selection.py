"""The dashboard's filters applied to an event's tables: outlets and a date range.

The analyses run once over the whole event (see models.tables); a selection then keeps the
rows of the chosen articles and recomputes, from those rows, every summary that is a plain
aggregate of them. That keeps a filter change cheap on a large event, and it means a figure
under a filter is the figure of the chosen articles. What each table does under a filter is
declared with it in models.registry (kept by url, kept by outlet, whole-event, or recounted by
its analysis's own module); what stays as fitted on the whole event is said where it is
shown:

- Models fitted on the event stay as fitted on all its articles: the axis model (its
  cross-fitted sentence scores, axis_models, phrase_suggestions), the claim groups (which
  sentences state the same thing) and distinctive_terms (each outlet against all the others).
  A filter keeps or drops their rows; it does not refit them. exclusive_claims keeps its
  meaning "no other outlet of the event reports it".
- not_scored in actor_tone (sentences in a language tone does not score) is counted per outlet,
  so the date range does not narrow it.

Articles without a publication date are kept unless `undated` is False; with a date range
set they cannot be placed in it, and the dashboard says how many there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from models import registry
from models.coverage import ARTICLES, article_dates


@dataclass(frozen=True)
class Selection:
    """What the sidebar filters keep: None means no restriction."""

    outlets: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    undated: bool = True

    @property
    def is_everything(self) -> bool:
        return (
            self.outlets is None
            and self.date_from is None
            and self.date_to is None
            and self.undated
        )


def chosen_urls(articles: pd.DataFrame, selection: Selection) -> set[str]:
    """The URLs of the articles a selection keeps."""
    keep = np.ones(len(articles), dtype=bool)
    if selection.outlets is not None:
        keep &= articles["outlet"].isin(selection.outlets).to_numpy()
    days = article_dates(articles)
    dated = days.notna().to_numpy()
    in_range = np.ones(len(articles), dtype=bool)
    if selection.date_from is not None:
        in_range &= (days >= pd.Timestamp(selection.date_from)).to_numpy()
    if selection.date_to is not None:
        in_range &= (days <= pd.Timestamp(selection.date_to)).to_numpy()
    keep &= np.where(dated, in_range, selection.undated)
    return set(articles["url"][keep])


def kept_outlets(articles: pd.DataFrame, selection: Selection) -> set[str]:
    """The outlets a selection shows: the chosen ones, or every outlet with an article."""
    return set(articles["outlet"]) if selection.outlets is None else set(selection.outlets)


def _kept(rule: registry.Keep, table: pd.DataFrame, urls: set[str], outlets: set[str]):
    if rule is registry.KEEP_URL:
        return table[table["url"].isin(urls)].reset_index(drop=True)
    if rule is registry.KEEP_OUTLET:
        return table[table["outlet"].isin(outlets)].reset_index(drop=True)
    return table


def select_one(
    name: str, table: pd.DataFrame, articles: pd.DataFrame, selection: Selection
) -> pd.DataFrame:
    """One table that a filter keeps rows of (not a recounted one), without the other tables:
    `articles` needs only url, outlet and published."""
    rule = registry.TABLES[name].under_filter
    if not isinstance(rule, registry.Keep):
        raise ValueError(f"{name} is recounted under a filter: select it with the other tables")
    if selection.is_everything:
        return table
    return _kept(rule, table, chosen_urls(articles, selection), kept_outlets(articles, selection))


def select(
    tables: dict[str, pd.DataFrame],
    selection: Selection,
    *,
    axes: list[str],
    include_copies: bool,
) -> dict[str, pd.DataFrame]:
    """The tables of the chosen articles (`axes`: the event's axis ids; `include_copies`: as
    the tables were built)."""
    if selection.is_everything:
        return tables
    articles = tables[ARTICLES]
    urls = chosen_urls(articles, selection)
    outlets = kept_outlets(articles, selection)
    out: dict[str, pd.DataFrame] = {}
    recounted = []
    for name, table in tables.items():
        rule = registry.TABLES[name].under_filter
        if isinstance(rule, registry.Keep):
            out[name] = _kept(rule, table, urls, outlets)
        else:
            recounted.append(name)
    view = registry.Filtered(
        tables, out, frozenset(urls), frozenset(outlets), include_copies, tuple(axes)
    )
    # in declaration order, so a recount may read a table recounted before it
    for name in recounted:
        out[name] = registry.TABLES[name].under_filter(view)
    return {name: out[name] for name in tables}
