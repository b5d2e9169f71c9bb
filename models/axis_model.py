"""A weakly supervised model per framing axis, so sentences without the seed phrases count too.

Training data comes from the phrases themselves: a sentence that carries phrases of one pole
only is an example of that pole. The phrases are masked out of it before training, so the
model must learn the language around them ("traitors who sell themselves for Washington
dollars" next to "coup attempt") and can then score sentences that use no seed phrase at all.

- Cross-fitting: sentences are split into folds by article (GroupKFold); each sentence is
  scored by a model trained on other articles only. No sentence is scored by a model that saw
  it, or any sentence of its article, in training.
- Quality: those out-of-fold scores on the labelled sentences give ROC AUC and F1, grouped by
  article, with the number of examples. The model is *trusted* only with at least
  MIN_EXAMPLES examples per pole from at least MIN_ARTICLES articles and an AUC of at least
  MIN_AUC; otherwise its scores are not used and the quality table says why.
- Suggested phrases: the n-grams with the strongest weights of a model fitted on all
  examples, new to the axis and not an actor's name or an event keyword (those are topic,
  not framing), each with a sentence that uses it. They are offered from
  MIN_SUGGESTION_EXAMPLES examples per pole on, marked untrusted when the model is.

Combined article score (documented rule). Each phrase hit is a vote of ±1; each sentence
without phrase hits whose model score m = 2·p(b) − 1 is confident (|m| ≥ CONFIDENT) adds a
vote of MODEL_WEIGHT·m (CONFIDENT = 0.5); the score is the sum of votes over their weight plus one:

    combined = ((n_b − n_a) + w·Σ m_s) / ((n_a + n_b) + w·k + 1)

with k the number of confident model sentences and w = MODEL_WEIGHT = 0.5 (a sentence the
model scores counts half as much as a seed phrase). With no trusted model, combined equals the
phrase score. What it cannot show: the model learns what co-occurs with the user's phrases in
this event's coverage, so it inherits their blind spots and the outlets' topics (an outlet
that writes most about the military may look like the pole whose phrases appear near
military news); it reads English and Spanish with one vocabulary.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ingest.config import Axis, Event
from models.axes import bootstrap_mean
from models.corpus import Corpus
from models.export import json_value
from models.stopwords import stop_words
from models.text import fold

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

# scikit-learn and skops are imported where a model is fitted or saved: a dashboard reading
# stored tables never needs them, and skops alone took seconds to import

MIN_EXAMPLES = 20
MIN_ARTICLES = 6
MIN_AUC = 0.65
CONFIDENT = 0.5  # p(b) of at least 0.75 or at most 0.25
MIN_SUGGESTION_EXAMPLES = 5
MODEL_WEIGHT = 0.5
FOLDS = 5
# sentences scored per call when a fold is predicted (their features are built per call)
PREDICT_ROWS = 50_000
SUGGESTIONS = 10
# the most phrases one search pass over the texts looks for at once (one alternation)
MAX_ROUND = 640

SENTENCE_SCORES = "sentence_scores"
AXIS_MODELS = "axis_models"
PHRASE_SUGGESTIONS = "phrase_suggestions"
SENTENCE_COLUMNS = ["url", "outlet", "axis", "sentence", "label", "model_score", "text"]
QUALITY_COLUMNS = [
    "axis",
    "examples_a",
    "examples_b",
    "articles",
    "folds",
    "roc_auc",
    "f1",
    "trusted",
    "note",
]
SUGGESTION_COLUMNS = ["axis", "pole", "phrase", "weight", "trusted", "example"]


def make_pipeline() -> Pipeline:
    """TF-IDF of words and word pairs into a balanced logistic regression.

    Only built-in scikit-learn parts, so a saved model loads without trusting any other type.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    min_df=2,
                    sublinear_tf=True,
                    strip_accents="unicode",
                    stop_words=sorted(stop_words()),
                    token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
                ),
            ),
            ("logreg", LogisticRegression(class_weight="balanced", C=2.0, max_iter=1000)),
        ]
    )


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given character spans blanked out."""
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in sorted(spans):
        pieces.append(text[cursor:start])
        pieces.append(" ")
        cursor = max(cursor, end)
    pieces.append(text[cursor:])
    return "".join(pieces)


@dataclass(frozen=True)
class AxisFit:
    """Everything one axis's model produced for one corpus."""

    axis: str
    sentences: pd.DataFrame  # every sentence: url, outlet, sentence, label, model_score, text
    quality: dict
    suggestions: pd.DataFrame


def _sentence_of(sentences: pd.DataFrame, hits: pd.DataFrame) -> np.ndarray:
    """Per hit, the row of the sentence holding its start (-1: none does).

    A search in the sentences' sorted (article, start) keys: joining every hit with every
    sentence of its article would hold hits x sentences-per-article rows at once."""
    codes, urls = pd.factorize(sentences["url"])
    starts = sentences["start"].to_numpy(np.int64)
    ends = sentences["end"].to_numpy(np.int64)
    key = codes.astype(np.int64) << 32 | starts
    hit_code = pd.Index(urls).get_indexer(hits["url"]).astype(np.int64)
    hit_start = hits["start"].to_numpy(np.int64)
    if len(key) > 1 and not (np.diff(key) > 0).all():  # not in article order: compare all
        row = np.full(len(hits), -1, dtype=np.int64)
        for i, (code, start) in enumerate(zip(hit_code, hit_start, strict=True)):
            inside = np.flatnonzero((codes == code) & (starts <= start) & (start < ends))
            row[i] = inside[0] if len(inside) and code >= 0 else -1
        return row
    row = np.searchsorted(key, hit_code << 32 | hit_start, side="right") - 1
    found = (hit_code >= 0) & (row >= 0)
    safe = np.maximum(row, 0)
    found &= (codes[safe] == hit_code) & (hit_start < ends[safe])
    return np.where(found, row, -1)


def _examples(corpus: Corpus, hits: pd.DataFrame, axis: Axis) -> pd.DataFrame:
    """Every sentence with its label ('a', 'b' or '') and its text with the phrases masked."""
    # the corpus's columns themselves (copied on write): a copy would duplicate every text
    sentences = corpus.sentences[["url", "outlet", "sentence", "start", "end", "text"]]
    sentences["label"] = ""
    sentences["masked"] = sentences["text"]
    part = hits[hits.axis == axis.id]
    if part.empty or sentences.empty:
        return sentences
    part = part.assign(row=_sentence_of(sentences, part))
    part = part[part.row >= 0]
    # only the sentences with a hit are read as Python strings and masked; the others keep
    # their text (a list of every sentence's text would be the largest thing the fit holds)
    rows = np.unique(part["row"].to_numpy())
    texts = sentences["text"].take(rows).tolist()
    starts = sentences["start"].to_numpy()
    masked, labels = [], np.full(len(sentences), "", dtype=object)
    for text, (row, group) in zip(texts, part.groupby("row"), strict=True):
        base = starts[row]
        spans = [(s - base, e - base) for s, e in zip(group.start, group.end, strict=True)]
        masked.append(mask(text, spans))
        poles = set(group.pole)
        if len(poles) == 1:  # a sentence with both poles' phrases teaches nothing clear
            labels[row] = poles.pop()
    column = sentences["masked"].copy()
    column.iloc[rows] = masked
    sentences["masked"] = column
    sentences["label"] = pd.Series(labels, index=sentences.index, dtype="str")
    return sentences


def _predict(model: Pipeline, texts: pd.Series, rows: np.ndarray) -> np.ndarray:
    """p(b) of the given rows, PREDICT_ROWS at a time: each sentence's features and score are
    its own, so the chunks give the same numbers as one call, without every row's features
    (and every text as a Python string) at once."""
    scores = np.empty(len(rows))
    for lo in range(0, len(rows), PREDICT_ROWS):
        chunk = rows[lo : lo + PREDICT_ROWS]
        scores[lo : lo + len(chunk)] = model.predict_proba(texts.iloc[chunk].to_numpy())[:, 1]
    return scores


def _quality(
    axis: str, labels: np.ndarray, groups: np.ndarray, oof: np.ndarray, folds: int, note: str
) -> dict:
    labelled = labels != ""
    y = (labels[labelled] == "b").astype(int)
    quality = {
        "axis": axis,
        "examples_a": int((labels == "a").sum()),
        "examples_b": int((labels == "b").sum()),
        "articles": len(set(groups[labelled])),
        "folds": folds,
        "roc_auc": float("nan"),
        "f1": float("nan"),
        "trusted": False,
        "note": note,
    }
    scored = labelled & ~np.isnan(oof)
    if note or len(set(y)) < 2 or scored.sum() < 2:
        quality["note"] = note or "too few examples to cross-validate"
        return quality
    from sklearn.metrics import f1_score, roc_auc_score

    y_scored = (labels[scored] == "b").astype(int)
    if len(set(y_scored)) < 2:
        quality["note"] = "the folds left one pole without examples"
        return quality
    quality["roc_auc"] = round(float(roc_auc_score(y_scored, oof[scored])), 4)
    quality["f1"] = round(float(f1_score(y_scored, (oof[scored] >= 0.5).astype(int))), 4)
    if quality["roc_auc"] < MIN_AUC:
        quality["note"] = (
            f"cross-validated AUC {quality['roc_auc']:.2f} is below {MIN_AUC}: "
            "the model is not used"
        )
    else:
        quality["trusted"] = True
        quality["note"] = "trusted: its scores add to the phrase evidence"
    return quality


def fit_axis(corpus: Corpus, hits: pd.DataFrame, axis: Axis) -> AxisFit:
    """Cross-fitted sentence scores, quality and suggestions for one axis."""
    examples = _examples(corpus, hits, axis)
    labels = examples["label"].to_numpy()
    groups = examples["url"].to_numpy()
    oof = np.full(len(examples), np.nan)
    n_a, n_b = int((labels == "a").sum()), int((labels == "b").sum())
    labelled_articles = len(set(groups[labels != ""]))
    note = ""
    if min(n_a, n_b) < MIN_EXAMPLES or labelled_articles < MIN_ARTICLES:
        note = (
            f"too few examples to trust a model: {n_a} sentences for pole a and {n_b} for "
            f"pole b from {labelled_articles} articles (needs {MIN_EXAMPLES} per pole from "
            f"{MIN_ARTICLES} articles)"
        )
    folds = min(FOLDS, len(set(groups)))
    if not note and folds >= 2:
        from sklearn.model_selection import GroupKFold

        masked = examples["masked"]  # read as Python strings a fold's chunk at a time
        for train, test in GroupKFold(n_splits=folds).split(labels, groups=groups):
            train = train[labels[train] != ""]
            if len(set(labels[train])) < 2:
                continue
            model = make_pipeline()
            try:
                model.fit(masked.iloc[train].to_numpy(), labels[train] == "b")
            except ValueError:  # a fold whose vocabulary is empty after pruning
                continue
            oof[test] = _predict(model, masked, test)
    quality = _quality(axis.id, labels, groups, oof, folds, note)
    scores = 2 * oof - 1 if quality["trusted"] else np.full(len(examples), np.nan)
    sentences = examples.assign(axis=axis.id, model_score=np.round(scores, 4))
    can_suggest = min(n_a, n_b) >= MIN_SUGGESTION_EXAMPLES
    suggestions = (
        suggest_phrases(examples, axis, corpus.event, quality["trusted"])
        if can_suggest
        else _empty(SUGGESTION_COLUMNS)
    )
    return AxisFit(axis.id, sentences, quality, suggestions)


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=columns)


def fit_final(examples: pd.DataFrame) -> Pipeline:
    """The model fitted on every labelled sentence (for suggestions and for saving)."""
    labelled = examples[examples.label != ""]
    return make_pipeline().fit(labelled["masked"].to_numpy(), labelled["label"] == "b")


def suggest_phrases(
    examples: pd.DataFrame, axis: Axis, event: Event, trusted: bool
) -> pd.DataFrame:
    """The strongest new n-grams of each pole, with a sentence that uses each."""
    try:
        model = fit_final(examples)
    except ValueError:  # every word pruned: nothing to suggest
        return _empty(SUGGESTION_COLUMNS)
    names = model.named_steps["tfidf"].get_feature_names_out()
    weights = model.named_steps["logreg"].coef_[0]
    # words of the axis's own phrases, the actors' names and the event's keywords are no news
    known = {
        word
        for text in (
            *axis.a.phrases,
            *axis.b.phrases,
            *event.keywords,
            *(n for actor in event.actors for n in (actor.name, *actor.aliases)),
        )
        for word in re.findall(r"\w+", fold(text))
    }
    rows = []
    for pole, order in (("a", np.argsort(weights)), ("b", np.argsort(-weights))):
        # the pole's new n-grams, strongest first
        phrases = {
            names[i]: float(weights[i])
            for i in order
            if (weights[i] < 0) == (pole == "a") and not set(names[i].split()) & known
        }
        ranked, kept, lo, size = list(phrases), 0, 0, 4 * SUGGESTIONS
        # more looked for than are needed: an n-gram made across a dropped stop word is in no
        # sentence, so it has nothing to show and the next one is taken. Each round reads
        # every text when one of its phrases is in none, so the rounds grow: on a large event
        # most strong n-grams can be of that kind, and fixed rounds read it over and over
        while lo < len(ranked) and kept < SUGGESTIONS:
            wanted = ranked[lo : lo + size]
            lo, size = lo + size, min(2 * size, MAX_ROUND)
            first = _first_uses(examples["masked"], wanted)
            for phrase in (p for p in wanted if p in first):
                example = examples["text"].iloc[first[phrase]]
                rows.append((axis.id, pole, phrase, round(phrases[phrase], 4), trusted, example))
                kept += 1
                if kept == SUGGESTIONS:
                    break
    return pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)


def _first_uses(texts: pd.Series, phrases: list[str], chunk: int | None = None) -> dict:
    """Per phrase, the position of the first text whose folded form holds it as whole words.

    The texts are folded a chunk at a time: a folded copy of every sentence's text would be
    the largest thing the suggestions hold. Each chunk is searched once for all the phrases
    not yet found (one alternation); only the texts that hold one of them are searched
    phrase by phrase, so a phrase found in no text costs one pass, not one pass per phrase.
    """
    first: dict[str, int] = {}
    chunk = chunk or PREDICT_ROWS
    for lo in range(0, len(texts), chunk):
        left = [p for p in phrases if p not in first]
        if not left:
            break
        folded = texts.iloc[lo : lo + chunk].map(fold)
        holding = np.flatnonzero(folded.str.contains(_whole_words(left), regex=True).to_numpy(bool))
        if not len(holding):
            continue
        folded = folded.iloc[holding]
        for phrase in left:
            hits = np.flatnonzero(
                folded.str.contains(_whole_words([phrase]), regex=True).to_numpy(bool)
            )
            if len(hits):
                first[phrase] = lo + int(holding[hits[0]])
    return first


def _whole_words(phrases: list[str]) -> str:
    """A pattern matching any of the phrases as whole words."""
    return r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"


def combined_score(hits_a: int, hits_b: int, model_scores: np.ndarray) -> float:
    """The documented rule above; NaN when there is no evidence at all."""
    confident = model_scores[np.abs(model_scores) >= CONFIDENT]
    weight = hits_a + hits_b + MODEL_WEIGHT * len(confident)
    if weight == 0:
        return float("nan")
    votes = (hits_b - hits_a) + MODEL_WEIGHT * float(confident.sum())
    return votes / (weight + 1)


def analyse_axes(corpus: Corpus, hits: pd.DataFrame, scores: pd.DataFrame) -> dict:
    """Model columns per article and outlet, sentence scores, quality and suggestions."""
    sentence_rows, model_rows, qualities, suggestions = [], [], [], []
    for axis in corpus.event.axes:
        # one axis's every-sentence table at a time: only the rows kept outlive its loop
        fit = fit_axis(corpus, hits, axis)
        qualities.append(fit.quality)
        suggestions.append(fit.suggestions)
        table = fit.sentences
        del fit
        # model evidence comes from sentences without phrase hits; phrases vote for the rest.
        # Rows are chosen by masks and only the columns read are taken: a filtered copy of
        # the table would copy every free sentence's text twice (as written and masked)
        free = ((table.masked == table.text) & table.model_score.notna()).to_numpy(bool)
        evidence = free & (table.model_score.abs() >= CONFIDENT).to_numpy(bool)
        chosen = (table.label != "").to_numpy(bool) | table.index.isin(table.index[evidence])
        sentence_rows.append(table.loc[chosen, SENTENCE_COLUMNS])
        scored = table.loc[free, ["url", "model_score"]]
        by_url = scored.groupby("url")["model_score"].apply(lambda s: s.to_numpy())
        for url, hits_a, hits_b in scores[scores.axis == axis.id][
            ["url", "hits_a", "hits_b"]
        ].itertuples(index=False):
            values = by_url.get(url, np.array([]))
            confident = values[np.abs(values) >= CONFIDENT]
            model_rows.append(
                (
                    url,
                    axis.id,
                    float(np.mean(confident)) if len(confident) else float("nan"),
                    len(confident),
                    combined_score(hits_a, hits_b, values),
                )
            )
        del table, free, evidence, chosen, scored, by_url
    model = pd.DataFrame(
        model_rows, columns=["url", "axis", "model_score", "model_sentences", "combined"]
    )
    return {
        SENTENCE_SCORES: pd.concat(sentence_rows, ignore_index=True)
        if sentence_rows
        else _empty(SENTENCE_COLUMNS),
        AXIS_MODELS: pd.DataFrame(qualities, columns=QUALITY_COLUMNS),
        PHRASE_SUGGESTIONS: pd.concat(suggestions, ignore_index=True)
        if suggestions
        else _empty(SUGGESTION_COLUMNS),
        "article_model": model,
    }


def outlet_combined(article_model: pd.DataFrame, outlets: pd.Series, seed: int = 1) -> pd.DataFrame:
    """Each outlet × axis: mean combined score with its bootstrap interval."""
    rng = np.random.default_rng(seed)
    table = article_model.assign(outlet=article_model.url.map(outlets))
    rows = []
    for (outlet, axis), group in table.groupby(["outlet", "axis"], sort=True):
        mean, low, high = bootstrap_mean(group["combined"].dropna().to_numpy(float), rng)
        rows.append((outlet, axis, mean, low, high))
    return pd.DataFrame(
        rows, columns=["outlet", "axis", "combined", "combined_ci_low", "combined_ci_high"]
    )


# ---- saving with skops (never pickle) ---------------------------------------


def save_axis_models(
    corpus: Corpus, hits: pd.DataFrame, out_dir: str | Path
) -> list[tuple[dict, Path | None]]:
    """Fit each axis's model on all its examples and save it with its metadata.

    Returns each axis's quality with the model's path (None where an axis has no examples of
    one pole, so there is nothing to fit).
    """
    import sklearn
    import skops
    import skops.io

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    results: list[tuple[dict, Path | None]] = []
    for axis in corpus.event.axes:
        fit = fit_axis(corpus, hits, axis)
        examples = fit.sentences
        if min(fit.quality["examples_a"], fit.quality["examples_b"]) < 1:
            results.append((fit.quality, None))
            continue
        model = fit_final(examples)
        path = out / f"{axis.id}.skops"
        skops.io.dump(model, path)
        metadata = {
            "event": corpus.event.id,
            "axis": axis.id,
            "pole_a": axis.a.label,
            "pole_b": axis.b.label,
            "phrases_sha256": hashlib.sha256(
                json.dumps([axis.a.phrases, axis.b.phrases]).encode()
            ).hexdigest(),
            "training_sentences": int((examples.label != "").sum()),
            **{k: json_value(v) for k, v in fit.quality.items() if k != "axis"},
            "model_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "versions": {
                "scikit-learn": sklearn.__version__,
                "skops": skops.__version__,
                "numpy": np.__version__,
            },
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        path.with_suffix(".json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        results.append((fit.quality, path))
    return results
