"""The dashboard's filters applied to an event's tables: outlets and a date range.

The analyses run once over the whole event (see models.tables); a selection then keeps the
rows of the chosen articles and recomputes, from those rows, every summary that is a plain
aggregate of them. That keeps a filter change cheap on a large event, and it means a figure
under a filter is the figure of the chosen articles, with two exceptions that are said where
they are shown:

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

from models import labels, tone
from models.axes import outlet_scores
from models.axis_model import outlet_combined
from models.claims import CLAIM_COLUMNS
from models.columns import outlet_columns
from models.coverage import article_dates, counted_articles, outlet_summary
from models.quotes import voices_table

# Tables whose rows belong to one article (a "url" column): kept when the article is chosen.
ARTICLE_ROWS = (
    "articles",
    "phrase_hits",
    "evidence",
    "sentence_scores",
    "label_evidence",
    "tone_evidence",
    "quotes",
    "claim_sentences",
    "exclusive_claims",
)
# Tables of fitted models: the same whatever the selection.
WHOLE_EVENT = ("axis_models", "phrase_suggestions")


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


def _outlet_axes(
    articles: pd.DataFrame, base: pd.DataFrame, axes: list[str], include_copies: bool
) -> pd.DataFrame:
    counted = counted_articles(articles, include_copies)
    scores, models = [], []
    for axis in axes:
        part = counted[["outlet", "url"]].assign(axis=axis)
        scores.append(part.assign(score=counted[f"{axis}_score"]))
        models.append(part.assign(combined=counted[f"{axis}_combined"]))
    if not scores:
        return base.iloc[0:0]
    table = outlet_scores(pd.concat(scores, ignore_index=True))
    combined = pd.concat(models, ignore_index=True)
    table = table.merge(
        outlet_combined(combined, combined.set_index("url")["outlet"].groupby(level=0).first()),
        on=["outlet", "axis"],
        how="left",
    )
    rounded = ["score", "ci_low", "ci_high", "combined", "combined_ci_low", "combined_ci_high"]
    return table[list(base.columns)].round(dict.fromkeys(rounded, 4))


def _claims(
    base: pd.DataFrame,
    sentences: pd.DataFrame,
    outlets: list[str],
    copies: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """claims and claim_matrix recounted over the chosen claim sentences, in the event's
    claim order (claim ids stay the same under every filter). `copies` (outlet, duplicate_of)
    are the chosen wire copies left out of the count: their outlets report what the original
    reports, as in models.claims."""
    spread = sentences.groupby("claim").agg(
        n_outlets=("outlet", "nunique"), articles=("url", "nunique"), sentences=("url", "size")
    )
    claims = base[base["claim"].isin(spread.index)][["claim", "text", "language"]]
    claims = claims.join(spread, on="claim")
    reporters, every_outlet = sentences[["claim", "outlet"]], outlets
    if copies is not None and not copies.empty:
        via_copy = sentences[["claim", "url"]].merge(
            copies[["outlet", "duplicate_of"]], left_on="url", right_on="duplicate_of"
        )
        reporters = pd.concat([reporters, via_copy[["claim", "outlet"]]])
        every_outlet = sorted({*outlets, *copies["outlet"]})
    reporters = reporters.drop_duplicates().sort_values(["claim", "outlet"])
    by_claim = {c: list(o) for c, o in reporters.groupby("claim", sort=False)["outlet"]}
    claims["outlets"] = ["; ".join(by_claim[c]) for c in claims["claim"]]
    claims["n_outlets"] = [len(by_claim[c]) for c in claims["claim"]]
    claims["omitted_by"] = [
        "; ".join(o for o in every_outlet if o not in set(by_claim[c])) for c in claims["claim"]
    ]
    claims = claims[CLAIM_COLUMNS].reset_index(drop=True)
    matrix = (
        sentences.pivot_table(index="claim", columns="outlet", values="url", aggfunc="size")
        .reindex(index=claims["claim"], columns=outlets)
        .fillna(0)
        .astype(int)
        if not sentences.empty
        else pd.DataFrame(index=pd.Index([], name="claim"), columns=outlets)
    )
    matrix.columns.name = None
    return claims, matrix.rename(columns=outlet_columns(outlets, ["claim"])).reset_index()


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
    articles = tables["articles"]
    urls = chosen_urls(articles, selection)
    kept_outlets = set(articles["outlet"]) if selection.outlets is None else set(selection.outlets)
    out: dict[str, pd.DataFrame] = {}
    for name, table in tables.items():
        if name in ARTICLE_ROWS:
            out[name] = table[table["url"].isin(urls)].reset_index(drop=True)
        elif name in WHOLE_EVENT:
            out[name] = table
        elif "outlet" in table.columns:
            out[name] = table[table["outlet"].isin(kept_outlets)].reset_index(drop=True)
        else:
            out[name] = table

    out["outlet_axes"] = _outlet_axes(out["articles"], tables["outlet_axes"], axes, include_copies)
    if "outlets" in out:
        base = tables["outlets"]
        groups = dict(zip(base["outlet"], base["group"], strict=True))
        out["outlets"] = outlet_summary(out["articles"], groups, include_copies)
    if "label_evidence" in out:
        out["actor_labels"] = labels.summarise(out["label_evidence"])
    if "tone_evidence" in out:
        base = tables["actor_tone"]
        base = base[base["outlet"].isin(kept_outlets) & (base["not_scored"] > 0)]
        unscored = {(o, a): int(n) for o, a, n in base[["outlet", "actor", "not_scored"]].values}
        out["actor_tone"] = tone.summarise(out["tone_evidence"], unscored)
    if "quotes" in out:
        out["voices"] = voices_table(out["quotes"])
    if "claim_sentences" in out:
        chosen = counted_articles(out["articles"], include_copies)
        # as in models.claims: omitted_by lists the outlets with an article that is counted
        left_out = out["articles"]
        left_out = (
            left_out[left_out["duplicate_of"].fillna("") != ""] if not include_copies else None
        )
        out["claims"], out["claim_matrix"] = _claims(
            tables["claims"], out["claim_sentences"], sorted(set(chosen["outlet"])), left_out
        )
    if "duplicates" in out:
        copies = tables["duplicates"]
        out["duplicates"] = copies[
            copies["url"].isin(urls) | copies["duplicate_of"].isin(urls)
        ].reset_index(drop=True)
    if "distinctive_terms" in out:
        terms = tables["distinctive_terms"]
        # group rows compare a group with the rest: kept when one of its outlets is shown
        keep = terms["outlet"].isin(kept_outlets) | (terms["scope"] != "outlet")
        out["distinctive_terms"] = terms[keep].reset_index(drop=True)
    return out
