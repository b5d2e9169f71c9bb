"""The framing-axis tables of an event: articles with their scores, phrase hits, evidence and
the outlets' scores (see models.axes for the phrase score, models.axis_model for the model).

Every article is scored, wire copies too (a copy reads as its original does, and gets its
original's model evidence); the model is fitted and the outlets are scored over the counted
articles only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from models.axes import article_scores, hits_table, outlet_scores
from models.axis_model import analyse_axes, outlet_combined
from models.corpus import Corpus
from models.coverage import ARTICLES, counted_articles

if TYPE_CHECKING:
    from models.registry import Filtered

PHRASE_HITS = "phrase_hits"
EVIDENCE = "evidence"
OUTLET_AXES = "outlet_axes"

ARTICLE_COLUMNS = (
    "event",
    "outlet",
    "url",
    "title",
    "published",
    "author",
    "language",
    "words",
    "duplicate_of",
)
ARTICLE_AXIS_COLUMNS = ("score", "hits_a", "hits_b", "model", "combined")
PHRASE_HIT_COLUMNS = ("outlet", "url", "axis", "pole", "phrase", "count")
EVIDENCE_COLUMNS = ("outlet", "url", "axis", "pole", "phrase", "matched", "sentence")
OUTLET_AXIS_COLUMNS = (
    "outlet",
    "axis",
    "score",
    "ci_low",
    "ci_high",
    "articles",
    "unscored",
    "combined",
    "combined_ci_low",
    "combined_ci_high",
)
_ROUNDED = ["score", "ci_low", "ci_high", "combined", "combined_ci_low", "combined_ci_high"]


def outlet_axes_table(
    scores: pd.DataFrame, combined: pd.DataFrame, outlet_of: pd.Series
) -> pd.DataFrame:
    """Each outlet × axis: phrase score and combined score, each with its interval.

    `scores`: outlet, url, axis, score per counted article; `combined`: url, axis, combined
    per counted article; `outlet_of`: url -> outlet.
    """
    table = outlet_scores(scores).merge(
        outlet_combined(combined, outlet_of), on=["outlet", "axis"], how="left"
    )
    return table[list(OUTLET_AXIS_COLUMNS)].round(dict.fromkeys(_ROUNDED, 4))


def analyse(
    corpus: Corpus,
    counted: Corpus,
    copy_of: dict[str, str],
    hits: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """articles, phrase_hits, evidence, outlet_axes and the axis model's tables.

    `hits`: the corpus's phrase hits (models.axes.hits_table), when they were found already,
    batch by batch; the scores and the model need every article's hits together.
    """
    event, documents = corpus.event, corpus.documents
    if hits is None:
        hits = hits_table(documents, event.axes)
    scores = article_scores(documents, hits, event.axes)
    is_counted = scores.url.isin(counted.documents.url)
    model = analyse_axes(counted, hits[hits.url.isin(counted.documents.url)], scores[is_counted])
    # a copy reads as its original does: give it the original's model evidence
    article_model = model.pop("article_model").set_index(["url", "axis"])

    articles = documents[["outlet", "url", "title", "published", "author", "language", "words"]]
    articles = articles.copy()
    articles.insert(0, "event", event.id)
    articles["duplicate_of"] = [copy_of.get(url, "") for url in articles.url]
    source = [copy_of.get(url, url) for url in articles.url]
    for axis in event.axes:
        part = scores[scores.axis == axis.id].set_index("url")
        articles[f"{axis.id}_score"] = articles.url.map(part["score"]).round(4)
        articles[f"{axis.id}_hits_a"] = articles.url.map(part["hits_a"]).fillna(0).astype(int)
        articles[f"{axis.id}_hits_b"] = articles.url.map(part["hits_b"]).fillna(0).astype(int)
        for column in ("model_score", "combined"):
            values = article_model[column].get
            articles[f"{axis.id}_{column.removesuffix('_score')}"] = [
                round(values((url, axis.id), float("nan")), 4) for url in source
            ]

    phrase_hits = (
        hits.groupby(["outlet", "url", "axis", "pole", "phrase"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
        if not hits.empty
        else pd.DataFrame(columns=list(PHRASE_HIT_COLUMNS))
    )
    evidence = hits[list(EVIDENCE_COLUMNS)]
    outlet_axes = outlet_axes_table(
        scores[is_counted],
        article_model.reset_index(),
        counted.documents.set_index("url")["outlet"],
    )
    return {
        ARTICLES: articles.reset_index(drop=True),
        PHRASE_HITS: phrase_hits,
        EVIDENCE: evidence.reset_index(drop=True),
        OUTLET_AXES: outlet_axes,
        **model,
    }


def recount_outlet_axes(view: Filtered) -> pd.DataFrame:
    """outlet_axes over the chosen articles, from their per-axis columns."""
    counted = counted_articles(view.articles, view.include_copies)
    scores, models = [], []
    for axis in view.axes:
        part = counted[["outlet", "url"]].assign(axis=axis)
        scores.append(part.assign(score=counted[f"{axis}_score"]))
        models.append(part.assign(combined=counted[f"{axis}_combined"]))
    if not scores:
        return view.whole[OUTLET_AXES].iloc[0:0]
    combined = pd.concat(models, ignore_index=True)
    return outlet_axes_table(
        pd.concat(scores, ignore_index=True),
        combined,
        combined.set_index("url")["outlet"].groupby(level=0).first(),
    )
