"""The comparison tables of an event, each a tidy DataFrame with documented columns.

- articles: event, outlet, url, title, published, author, language, words, duplicate_of, and
  for each axis `<axis>_score` (phrase evidence, see models.axes), `<axis>_hits_a`,
  `<axis>_hits_b`, `<axis>_model` (mean confident model score of the sentences without
  phrases) and `<axis>_combined` (phrases and model, see models.axis_model).
- outlets: outlet, group, articles (counted), copies (its wire copies of other outlets'
  stories), first, last (publication days), median_words, languages.
- phrase_hits: outlet, url, axis, pole, phrase, count — how often each phrase occurs per article.
- evidence: outlet, url, axis, pole, phrase, matched, sentence — every hit with its sentence.
- outlet_axes: outlet, axis, score, ci_low, ci_high, articles (scored), unscored (no hits),
  combined, combined_ci_low, combined_ci_high.
- sentence_scores: url, outlet, axis, sentence, label (the pole whose phrases it carries, or
  ""), model_score (cross-fitted, 2·p(b)−1; empty when the model is not trusted), text — the
  sentences that carry evidence: labelled ones and confidently scored ones.
- axis_models: axis, examples_a, examples_b, articles, folds, roc_auc, f1, trusted, note.
- phrase_suggestions: axis, pole, phrase, weight, example — new phrases the model suggests.
- distinctive_terms, actor_labels, label_evidence, actor_tone, tone_evidence, quotes, voices,
  claims, claim_matrix, claim_sentences, exclusive_claims: see the module of each analysis.
- duplicates: url, outlet, duplicate_of, original_outlet, similarity — wire copies.
- fetch_log: url, outlet, status, reason, detail, http_status, elapsed_ms, fetched_at.

Wire copies are counted once: unless `include_copies` is set, every analysis but the
duplicates table itself runs on the corpus less the copies.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from models import claims, labels, quotes, terms, tone
from models.axes import article_scores, hits_table, outlet_scores
from models.axis_model import analyse_axes, outlet_combined
from models.corpus import FETCH_LOG_COLUMNS, Corpus
from models.coverage import outlet_summary
from models.duplicates import find_duplicates

# Every analysis has the same signature, so they are run, cached and exported alike.
ANALYSES: tuple[Callable[[Corpus], dict[str, pd.DataFrame]], ...] = (
    terms.analyse,
    labels.analyse,
    tone.analyse,
    quotes.analyse,
    claims.analyse,
)


def axis_tables(
    corpus: Corpus, counted: Corpus, copy_of: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Per-article scores for every article; models and outlet scores over the counted ones."""
    event, documents = corpus.event, corpus.documents
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
        else pd.DataFrame(columns=["outlet", "url", "axis", "pole", "phrase", "count"])
    )
    evidence = hits[["outlet", "url", "axis", "pole", "phrase", "matched", "sentence"]]
    outlet_axes = outlet_scores(scores[is_counted]).merge(
        outlet_combined(article_model.reset_index(), counted.documents.set_index("url")["outlet"]),
        on=["outlet", "axis"],
        how="left",
    )
    rounded = ["score", "ci_low", "ci_high", "combined", "combined_ci_low", "combined_ci_high"]
    return {
        "articles": articles.reset_index(drop=True),
        "phrase_hits": phrase_hits,
        "evidence": evidence.reset_index(drop=True),
        "outlet_axes": outlet_axes.round(dict.fromkeys(rounded, 4)),
        **model,
    }


def build_tables(corpus: Corpus, *, include_copies: bool = False) -> dict[str, pd.DataFrame]:
    """All tables of the event, computed from its documents and config."""
    duplicates = find_duplicates(corpus.documents)
    copy_of = dict(zip(duplicates.url, duplicates.duplicate_of, strict=True))
    counted = corpus if include_copies else corpus.without(set(duplicates.url), copy_of)
    tables = axis_tables(corpus, counted, copy_of)
    articles = tables.pop("articles")
    tables = {
        "articles": articles,
        "outlets": outlet_summary(articles, corpus.groups, include_copies),
        **tables,
    }
    for analyse in ANALYSES:
        tables.update(analyse(counted))
    tables["duplicates"] = duplicates
    tables["fetch_log"] = corpus.fetch_log[FETCH_LOG_COLUMNS].reset_index(drop=True)
    return tables


def outlet_phrase_matrix(phrase_hits: pd.DataFrame, axis: str) -> pd.DataFrame:
    """Outlet × phrase counts for one axis, phrases ordered pole a first (for the heatmap)."""
    part = phrase_hits[phrase_hits.axis == axis]
    if part.empty:
        return pd.DataFrame()
    matrix = part.pivot_table(
        index="outlet", columns=["pole", "phrase"], values="count", aggfunc="sum", fill_value=0
    )
    return matrix.sort_index(axis=1)
