"""The comparison tables of an event, each a tidy DataFrame with documented columns.

- articles: event, outlet, url, title, published, author, language, words, and for each axis
  `<axis>_score` (see models.axes), `<axis>_hits_a` and `<axis>_hits_b`.
- phrase_hits: outlet, url, axis, pole, phrase, count — how often each phrase occurs per article.
- evidence: outlet, url, axis, pole, phrase, matched, sentence — every hit with its sentence.
- outlet_axes: outlet, axis, score, ci_low, ci_high, articles (scored), unscored (no hits).
- fetch_log: url, outlet, status, reason, detail, http_status, elapsed_ms, fetched_at.
"""

from __future__ import annotations

import pandas as pd

from models.axes import article_scores, hits_table, outlet_scores
from models.corpus import FETCH_LOG_COLUMNS, Corpus

TABLES = ("articles", "phrase_hits", "evidence", "outlet_axes", "fetch_log")


def build_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """All tables of the event, computed from its documents and config."""
    event, documents = corpus.event, corpus.documents
    hits = hits_table(documents, event.axes)
    scores = article_scores(documents, hits, event.axes)

    articles = documents[["outlet", "url", "title", "published", "author", "language", "words"]]
    articles = articles.copy()
    articles.insert(0, "event", event.id)
    for axis in event.axes:
        part = scores[scores.axis == axis.id].set_index("url")
        articles[f"{axis.id}_score"] = articles.url.map(part["score"]).round(4)
        articles[f"{axis.id}_hits_a"] = articles.url.map(part["hits_a"]).fillna(0).astype(int)
        articles[f"{axis.id}_hits_b"] = articles.url.map(part["hits_b"]).fillna(0).astype(int)

    phrase_hits = (
        hits.groupby(["outlet", "url", "axis", "pole", "phrase"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
        if not hits.empty
        else pd.DataFrame(columns=["outlet", "url", "axis", "pole", "phrase", "count"])
    )
    evidence = hits[["outlet", "url", "axis", "pole", "phrase", "matched", "sentence"]]
    return {
        "articles": articles.reset_index(drop=True),
        "phrase_hits": phrase_hits,
        "evidence": evidence.reset_index(drop=True),
        "outlet_axes": outlet_scores(scores).round({"score": 4, "ci_low": 4, "ci_high": 4}),
        "fetch_log": corpus.fetch_log[FETCH_LOG_COLUMNS].reset_index(drop=True),
    }


def outlet_phrase_matrix(phrase_hits: pd.DataFrame, axis: str) -> pd.DataFrame:
    """Outlet × phrase counts for one axis, phrases ordered pole a first (for the heatmap)."""
    part = phrase_hits[phrase_hits.axis == axis]
    if part.empty:
        return pd.DataFrame()
    matrix = part.pivot_table(
        index="outlet", columns=["pole", "phrase"], values="count", aggfunc="sum", fill_value=0
    )
    return matrix.sort_index(axis=1)
