"""Train the packaged tone model from NewsMTSC's train split, deterministically.

    python -m models.tone_train --data DIR [--out models/tone_model.skops]

DIR is the folder that holds `newsmtsc/` (or the newsmtsc folder itself); get the data from
github.com/fhamborg/NewsMTSC (MIT licence). Only train.jsonl is read: the regularisation C is
chosen by cross-validation on it (GroupKFold by sentence, so two targets of one sentence never
sit on both sides of a split), then the pipeline is fitted on all of it. The test splits
(devtest_rw, devtest_mt) are never seen here; `framing evaluate newsmtsc --data DIR` scores
them. The same data gives the same model: no randomness enters (the solver is deterministic,
folds follow the file's order).
"""

from __future__ import annotations

import argparse
import logging
import zipfile
from pathlib import Path

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from models import tone_model
from models.realdata import newsmtsc

logger = logging.getLogger(__name__)

C_GRID = (0.5, 1.0, 2.0)
FOLDS = 5


def pipeline(c: float = 1.0) -> Pipeline:
    """TF-IDF of each text feature and the scaled numbers, into a balanced logistic regression."""
    parts = [
        ("masked", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), "masked"),
        ("window", TfidfVectorizer(min_df=2, sublinear_tf=True), "window"),
        ("clause", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), "clause"),
        ("numbers", StandardScaler(), list(tone_model.NUMBER_COLUMNS)),
    ]
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    return Pipeline([("features", ColumnTransformer(parts)), ("classifier", classifier)])


def training_rows(path: Path, limit: int | None = None) -> tuple[list[dict], list[str], list[int]]:
    """Feature rows, labels and sentence groups of train.jsonl (the first `limit` targets)."""
    rows, labels, groups = [], [], []
    sentence_ids: dict[str, int] = {}
    for k, target in enumerate(newsmtsc.targets(path)):
        if limit is not None and k >= limit:
            break
        rows.append(tone_model.features(target.sentence, list(target.spans)))
        labels.append(target.label)
        groups.append(sentence_ids.setdefault(target.sentence, len(sentence_ids)))
    return rows, labels, groups


def choose_c(rows: list[dict], labels: list[str], groups: list[int]) -> tuple[float, dict]:
    """The C with the best cross-validated macro-F1 on train (the smallest on a tie)."""
    table = tone_model.frame(rows)
    y = np.array(labels)
    scores = {}
    for c in C_GRID:
        predicted = cross_val_predict(pipeline(c), table, y, cv=GroupKFold(FOLDS), groups=groups)
        scores[c] = float(f1_score(y, predicted, average="macro"))
        logger.info("C=%s: cross-validated macro-F1 %.3f", c, scores[c])
    best = max(C_GRID, key=lambda c: (scores[c], -c))
    return best, scores


def train(train_file: Path, limit: int | None = None, c: float | None = None) -> Pipeline:
    """The fitted pipeline (C chosen by cross-validation unless given)."""
    rows, labels, groups = training_rows(train_file, limit)
    if c is None:
        c, _ = choose_c(rows, labels, groups)
    model = pipeline(c).fit(tone_model.frame(rows), np.array(labels))
    for _, vectoriser, _ in model.named_steps["features"].transformers_:
        # the terms cut by min_df are kept only for introspection, and would triple the file
        if hasattr(vectoriser, "stop_words_"):
            vectoriser.stop_words_ = None
    return model


def save(model: Pipeline, path: Path) -> None:
    import skops.io

    compact = tone_model.compact(model)  # vocabularies as arrays, read much faster
    skops.io.dump(compact, path, compression=zipfile.ZIP_DEFLATED, compresslevel=9)


def train_file_in(data: Path) -> Path:
    for candidate in (data / "newsmtsc" / newsmtsc.TRAIN, data / newsmtsc.TRAIN):
        if candidate.is_file():
            return candidate
    raise SystemExit(
        f"{data}: no newsmtsc/{newsmtsc.TRAIN}; give --data the folder that holds NewsMTSC "
        "(github.com/fhamborg/NewsMTSC)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding newsmtsc/")
    parser.add_argument("--out", type=Path, default=tone_model.MODEL_FILE)
    parser.add_argument("--limit", type=int, help="train on the first N targets only (tests)")
    parser.add_argument("--c", type=float, help="skip cross-validation and use this C")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    model = train(train_file_in(args.data), args.limit, args.c)
    save(model, args.out)
    logger.info("wrote %s (C=%s)", args.out, model.named_steps["classifier"].C)


if __name__ == "__main__":
    main()
