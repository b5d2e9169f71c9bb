"""Framing-axis scores from phrase evidence: per hit, per article, per outlet.

Article score, for an axis with poles a and b and hit counts n_a and n_b in the article:

    score = (n_b - n_a) / (n_a + n_b + 1)

so -1 leans to pole a, +1 to pole b, 0 is balanced evidence. The +1 pulls articles with few
hits toward 0 (one hit gives ±0.5, five give ±0.83): one phrase is weak evidence. An article
with no hits has no score (NaN, "no evidence"), which is not the same as balanced, and it is
left out of its outlet's mean.

Outlet score: the mean of its articles' scores, with a percentile bootstrap interval over
articles (2,000 resamples, fixed seed). One scored article gives a score without an interval.
What it cannot show: phrases only count wording the user listed; irony, quotation of the
other side's words and negation are counted like any other use.
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from ingest.config import Axis
from models.phrases import find_hits
from models.sentences import sentence_spans

HIT_COLUMNS = ["url", "outlet", "axis", "pole", "phrase", "start", "end", "matched", "sentence"]
SCORE_COLUMNS = ["url", "outlet", "axis", "hits_a", "hits_b", "score"]
OUTLET_COLUMNS = ["outlet", "axis", "score", "ci_low", "ci_high", "articles", "unscored"]


def hits_table(documents: pd.DataFrame, axes: tuple[Axis, ...]) -> pd.DataFrame:
    """One row per phrase hit, with the sentence it stands in as evidence."""
    rows = []
    columns = ["url", "outlet", "text", "language"]
    for url, outlet, text, language in documents[columns].itertuples(index=False):
        hits = find_hits(text, axes, language or "")
        if not hits:
            continue
        spans = sentence_spans(text)
        starts = [s for s, _ in spans]
        for hit in hits:
            i = max(bisect.bisect_right(starts, hit.start) - 1, 0)
            s, e = spans[i] if spans else (0, len(text))
            rows.append(
                (
                    url,
                    outlet,
                    hit.axis,
                    hit.pole,
                    hit.phrase,
                    hit.start,
                    hit.end,
                    hit.matched(text),
                    text[s : max(e, hit.end)],
                )
            )
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


def article_score(hits_a: int, hits_b: int) -> float:
    """The documented rule above, for one article's counts."""
    total = hits_a + hits_b
    return float("nan") if total == 0 else (hits_b - hits_a) / (total + 1)


def article_scores(
    documents: pd.DataFrame, hits: pd.DataFrame, axes: tuple[Axis, ...]
) -> pd.DataFrame:
    """Every article × axis with its hit counts and score (NaN where it has no hits)."""
    # typed as text, so an event without axes gives an empty grid rather than a float column
    axis_ids = pd.DataFrame({"axis": pd.Series([a.id for a in axes], dtype=object)})
    grid = documents[["url", "outlet"]].merge(axis_ids, how="cross")
    if hits.empty:
        counts = pd.DataFrame(columns=["url", "axis", "hits_a", "hits_b"], dtype=object)
    else:
        counts = (
            hits.assign(one=1)
            .pivot_table(
                index=["url", "axis"], columns="pole", values="one", aggfunc="sum", fill_value=0
            )
            .reindex(columns=["a", "b"], fill_value=0)
            .rename(columns={"a": "hits_a", "b": "hits_b"})
            .reset_index()
        )
    table = grid.merge(counts, on=["url", "axis"], how="left")
    table[["hits_a", "hits_b"]] = table[["hits_a", "hits_b"]].fillna(0).astype(int)
    table["score"] = [article_score(a, b) for a, b in zip(table.hits_a, table.hits_b, strict=True)]
    return table[SCORE_COLUMNS]


def bootstrap_mean(
    values: np.ndarray, rng: np.random.Generator, resamples: int = 2000, level: float = 0.95
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval; the interval is NaN below two values."""
    if len(values) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    means = values[rng.integers(0, len(values), size=(resamples, len(values)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return mean, float(low), float(high)


def outlet_scores(
    scores: pd.DataFrame, *, resamples: int = 2000, level: float = 0.95, seed: int = 0
) -> pd.DataFrame:
    """Each outlet × axis: mean article score with its bootstrap interval."""
    rng = np.random.default_rng(seed)
    rows = []
    for (outlet, axis), group in scores.groupby(["outlet", "axis"], sort=True):
        values = group["score"].dropna().to_numpy(dtype=float)
        mean, low, high = bootstrap_mean(values, rng, resamples, level)
        rows.append((outlet, axis, mean, low, high, len(values), len(group) - len(values)))
    return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def contrasting_outlets(outlet_axes: pd.DataFrame, outlets: list[str], n: int = 3) -> list[str]:
    """Outlets worth reading side by side: both ends of the first axis and the most central."""
    scored = outlet_axes.dropna(subset=["score"])
    if scored.empty:
        return outlets[:n]
    first = scored[scored.axis == scored.axis.iloc[0]].sort_values("score")
    picks = [
        first.outlet.iloc[0],
        first.outlet.iloc[-1],
        first.outlet.iloc[int(first.score.abs().to_numpy().argmin())],
    ]
    chosen = list(dict.fromkeys(picks))
    chosen += [o for o in outlets if o not in chosen]
    return chosen[:n]
