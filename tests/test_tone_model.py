"""The packaged tone model: it loads with no untrusted type, stays small, reads targets, and
rebuilds deterministically from the training data (that part needs FRAMING_DATA)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
import skops.io

from models import tone_model, tone_train

CARD = tone_model.MODEL_FILE.with_suffix(".md")


def _newsmtsc() -> Path:
    value = os.environ.get("FRAMING_DATA", "")
    folder = Path(value) / "newsmtsc" if value else None
    if folder is None or not (folder / "train.jsonl").is_file():
        pytest.skip("no NewsMTSC: set FRAMING_DATA to the folder that holds newsmtsc/")
    return folder


def test_saved_model_loads_with_no_untrusted_type_and_is_small():
    assert skops.io.get_untrusted_types(file=tone_model.MODEL_FILE) == []
    assert tone_model.MODEL_FILE.stat().st_size < 5_000_000
    model = tone_model.load()
    assert model is tone_model.load()  # read once
    assert sorted(model.classes_) == sorted(tone_model.CLASSES)


def test_loading_refuses_a_file_that_needs_an_untrusted_type(tmp_path):
    # a function as a step's parameter is outside skops' defaults
    model = tone_train.pipeline()
    model.set_params(features__masked__preprocessor=json.dumps)
    path = tmp_path / "tampered.skops"
    skops.io.dump(model, path)
    with pytest.raises(ValueError, match="untrusted"):
        tone_model.load.__wrapped__(path)


def test_probabilities_are_in_class_order_and_sum_to_one():
    sentence = "Critics accused Varga of lying, and Brandt praised her courage."
    rows = [
        tone_model.features(sentence, [(16, 21)]),
        tone_model.features(sentence, [(36, 42)]),
    ]
    probabilities = tone_model.probabilities(rows)
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert tone_model.probabilities([]).shape == (0, 3)


def test_features_mask_the_target_and_mark_its_neighbours():
    sentence = "“Varga lied,” Brandt said angrily."
    row = tone_model.features(sentence, [(14, 20)])
    assert "Brandt" not in row["masked"] and tone_model.PLACEHOLDER in row["masked"]
    assert "rn_said" in row["window"].split()
    assert row["says_after"] == 1.0 and row["in_quote"] == 0.0 and row["has_quote"] == 1.0
    quoted = tone_model.features(sentence, [(1, 6)])
    assert quoted["in_quote"] == 1.0
    assert list(tone_model.frame([row]).columns) == list(tone_model.COLUMNS)


def test_model_card_names_the_data_licence_and_the_rebuild_command():
    card = CARD.read_text(encoding="utf-8")
    for needed in ("NewsMTSC", "MIT", "python -m models.tone_train --data", "macro-F1"):
        assert needed in card


def test_rebuild_on_a_slice_is_deterministic(tmp_path):
    train = _newsmtsc() / "train.jsonl"
    first = tone_train.train(train, limit=400, c=1.0)
    second = tone_train.train(train, limit=400, c=1.0)
    for model in (first, second):
        path = tmp_path / "slice.skops"
        tone_train.save(model, path)
        assert skops.io.get_untrusted_types(file=path) == []
    np.testing.assert_array_equal(
        first.named_steps["classifier"].coef_, second.named_steps["classifier"].coef_
    )
    vectorisers = zip(
        first.named_steps["features"].transformers_,
        second.named_steps["features"].transformers_,
        strict=True,
    )
    for (_, a, _), (_, b, _) in vectorisers:
        if hasattr(a, "vocabulary_"):
            assert a.vocabulary_ == b.vocabulary_


def test_probabilities_equal_the_pipelines_own_on_odd_text():
    # the step-by-step scoring (plain lists, its own word counting) must give scikit-learn's
    # numbers exactly, accents, capitals, apostrophes and repeated clauses included
    sentences = [
        "Critics accused Varga of lying, and Brandt praised her courage.",
        "ÉMILE Varga’s allies didn't say; “Varga is a disgrace,” Brandt wrote — again.",
        "Varga Varga Varga, said the İstanbul mayor's office, welcomed the plan.",
        "Brandt, a respected former judge, denied it.",
        "Brandt, a respected former judge, denied it.",
    ]
    rows = [
        tone_model.features(s, [(s.index(name), s.index(name) + len(name))])
        for s in sentences
        for name in ("Varga", "Brandt")
        if name in s
    ]
    model = tone_model.load()
    order = [list(model.classes_).index(c) for c in tone_model.CLASSES]
    expected = model.predict_proba(tone_model.frame(rows))[:, order]
    np.testing.assert_array_equal(tone_model.probabilities(rows), expected)


def test_saved_vocabularies_come_back_as_fitted(tmp_path):
    sentences = ["Varga won praise.", "Brandt lost the vote.", "Varga and Brandt met."] * 4
    labels = ["positive", "negative", "neutral"] * 4
    rows = [tone_model.features(s, [(0, 5)]) for s in sentences]
    model = tone_train.pipeline().fit(tone_model.frame(rows), np.array(labels))
    path = tmp_path / "small.skops"
    tone_train.save(model, path)
    assert skops.io.get_untrusted_types(file=path) == []
    loaded = tone_model.load.__wrapped__(path)
    for (_, a, _), (_, b, _) in zip(
        model.named_steps["features"].transformers_,
        loaded.named_steps["features"].transformers_,
        strict=True,
    ):
        if hasattr(a, "vocabulary_"):
            assert isinstance(a.vocabulary_, dict) and a.vocabulary_ == b.vocabulary_
    np.testing.assert_array_equal(
        tone_model.probabilities(rows, loaded), tone_model.probabilities(rows, model)
    )


@pytest.mark.parametrize("settings", [{}, {"min_df": 2}, {"max_features": 6}, {"max_df": 0.4}])
def test_word_counts_equal_the_vectorisers_own(settings):
    # pairs are looked up as numbers when both their words are in the vocabulary, as text
    # otherwise (a vocabulary cut by max_df can keep a pair and drop its word)
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [
        "Varga won the vote, and the vote went to Varga.",
        "the vote the vote the vote",
        "Brandt lost; Varga won.",
        "",
        "ÉMILE Varga’s allies didn't say",
        "won the vote won the vote",
    ]
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, **settings).fit(texts)
    words = tone_model.Words.of("text", vectoriser)
    assert words.pairs_as_text == ("max_df" in settings)
    unseen = [*texts, "the vote went to Brandt", "nothing known here", "vote"]
    expected = vectoriser.transform(unseen)
    rows, columns, values = tone_model._tfidf(words, unseen)
    found = sparse.csr_matrix((values, (rows, columns)), shape=expected.shape)
    assert (found != expected).nnz == 0
    # the same entries in the same order: CSR order, rows then columns
    assert np.array_equal(found.indices, expected.indices)
    assert np.array_equal(found.data.view(np.int64), expected.data.view(np.int64))


def test_probabilities_equal_the_pipelines_own_for_targets_named_more_than_once():
    # several mentions of one target (masking, the window and the verbs of saying around each)
    # and a target inside a quotation go through the same step-by-step scoring
    sentences = [
        "Varga, said Brandt, told Varga that “Varga is a disgrace”; Varga argued back.",
        "“Brandt wrote to Varga,” according to Varga, and Varga denied it.",
        "Varga Varga Varga.",
    ]
    rows = []
    for s in sentences:
        spans = [(m.start(), m.end()) for m in re.finditer("Varga", s)]
        rows += [tone_model.features(s, spans), tone_model.features(s, spans[::-1][:2])]
    model = tone_model.load()
    order = [list(model.classes_).index(c) for c in tone_model.CLASSES]
    expected = model.predict_proba(tone_model.frame(rows))[:, order]
    np.testing.assert_array_equal(tone_model.probabilities(rows), expected)
    assert rows[0]["says_after"] == 1.0 and rows[0]["says_before"] == 1.0


@pytest.mark.parametrize("scaler", [{"with_mean": False}, {"with_std": False}])
def test_numbers_scaled_otherwise_go_through_the_scalers_own_transform(scaler):
    sentences = ["Varga won praise.", "Varga lost the vote.", "Varga and Brandt met."] * 4
    labels = ["positive", "negative", "neutral"] * 4
    rows = [tone_model.features(s, [(0, 5)]) for s in sentences]
    # a sparse matrix whatever its density, as the fitted model's is (a dense one is multiplied
    # with other rounding; so few rows would be dense)
    settings = {f"features__numbers__{k}": v for k, v in scaler.items()}
    model = tone_train.pipeline().set_params(features__sparse_threshold=1.0, **settings)
    model.fit(tone_model.frame(rows), np.array(labels))
    assert tone_model.scorer_of(model) is None  # scored by the pipeline itself
    order = [list(model.classes_).index(c) for c in tone_model.CLASSES]
    expected = model.predict_proba(tone_model.frame(rows))[:, order]
    np.testing.assert_array_equal(tone_model.probabilities(rows, model), expected)
