"""The weakly supervised axis model: masking, cross-fitting, quality, suggestions, skops."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import skops.io

from ingest.config import Axis, Event, Pole
from models.axes import article_scores, hits_table
from models.axis_model import (
    CONFIDENT,
    analyse_axes,
    combined_score,
    fit_axis,
    mask,
    save_axis_models,
)
from models.corpus import Corpus

AXIS = Axis(
    "legitimacy",
    "q",
    Pole("Government", ("coup attempt", "legitimately elected")),
    Pole("Opposition", ("interim president", "the regime")),
)
# Words that travel with each pole's phrases, and that the model should learn.
RED = ["traitors", "mercenaries", "sabotage", "imperial", "plotters", "saboteurs"]
BLUE = ["freedom", "democracy", "repression", "prisoners", "elections", "exiles"]
NEUTRAL = ["weather", "market", "football", "traffic", "harbour", "festival", "museum"]


def synthetic_corpus(articles: int = 40, seed: int = 7) -> Corpus:
    """Two outlets; each sentence with a phrase also carries its pole's words."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(articles):
        outlet, phrase, words = (
            ("Red", "coup attempt", RED) if i % 2 == 0 else ("Blue", "interim president", BLUE)
        )
        sentences = []
        for _ in range(6):
            picked = " ".join(rng.choice(words, 3))
            sentences.append(f"The {phrase} was about {picked} today.")
            # no phrase here: only the model can read these
            sentences.append(
                f"Many {' '.join(rng.choice(words, 2))} were reported near the "
                f"{rng.choice(NEUTRAL)}."
            )
            sentences.append(f"The {rng.choice(NEUTRAL)} and the {rng.choice(NEUTRAL)} opened.")
        rows.append((f"u{i}", outlet, " ".join(sentences), "en"))
    documents = pd.DataFrame(rows, columns=["url", "outlet", "text", "language"])
    event = Event(id="e", title="t", path=None, axes=(AXIS,))
    return Corpus(event, documents)


def _fit(corpus: Corpus):
    hits = hits_table(corpus.documents, corpus.event.axes)
    return fit_axis(corpus, hits, AXIS), hits


def test_mask_blanks_spans():
    assert mask("the coup attempt failed", [(4, 16)]) == "the   failed"
    assert mask("abc", []) == "abc"


def test_model_learns_the_language_around_the_phrases():
    fit, _ = _fit(synthetic_corpus())
    quality = fit.quality
    assert quality["trusted"], quality["note"]
    assert quality["examples_a"] == quality["examples_b"] == 120
    assert quality["roc_auc"] > 0.95 and quality["f1"] > 0.9
    # masked: the phrase itself never reaches the model
    labelled = fit.sentences[fit.sentences.label != ""]
    assert not labelled.masked.str.contains("coup attempt|interim president").any()
    # sentences without any phrase are scored by their surrounding language
    free = fit.sentences[(fit.sentences.label == "") & fit.sentences.text.str.startswith("Many")]
    red = free[free.outlet == "Red"].model_score
    blue = free[free.outlet == "Blue"].model_score
    assert red.mean() < -CONFIDENT and blue.mean() > CONFIDENT
    # suggestions are the pole words, never the seed phrases
    suggested = fit.suggestions.groupby("pole").phrase.apply(set)
    assert suggested["a"] & set(RED) and suggested["b"] & set(BLUE)
    assert not {"coup", "attempt", "interim", "president"} & set(
        " ".join(fit.suggestions.phrase).split()
    )
    assert all(fit.suggestions.example != "")


def test_no_sentence_is_scored_by_a_model_that_saw_its_article():
    """Each article carries a word of its own; a probe sentence holds only that word.

    A model that had seen the article would score the probe by that word; cross-fitted, the
    word is unknown to the model that scores it, so the probe reads as neither pole.
    """
    corpus = synthetic_corpus()
    documents = corpus.documents.copy()
    own = ["qq" + "".join(chr(97 + int(d)) for d in str(i)) + "zz" for i in range(40)]
    documents["text"] = [
        text.replace("today.", f"today {word}.") + f" The {word} {word} stood by the museum."
        for word, text in zip(own, documents.text, strict=True)
    ]
    corpus = Corpus(corpus.event, documents)
    fit, _ = _fit(corpus)
    probes = fit.sentences[fit.sentences.text.str.contains("stood by the museum")]
    assert len(probes) == 40
    assert (probes.model_score.abs() < 0.02).all()

    # the same probes scored in-sample, by a model fitted on every article, lean to their
    # article's pole: the check above would catch a leak
    from models.axis_model import fit_final

    in_sample = 2 * fit_final(fit.sentences).predict_proba(probes.masked.to_numpy())[:, 1] - 1
    poles = np.where(probes.outlet == "Red", -1, 1)
    assert (np.sign(in_sample) == poles).all() and (np.abs(in_sample) > 0.1).all()


def test_too_few_examples_says_so_and_falls_back_to_phrases():
    corpus = synthetic_corpus(articles=4)
    fit, hits = _fit(corpus)
    assert not fit.quality["trusted"]
    assert "too few examples" in fit.quality["note"]
    assert fit.sentences.model_score.isna().all()
    scores = article_scores(corpus.documents, hits, corpus.event.axes)
    model = analyse_axes(corpus, hits, scores)["article_model"]
    merged = model.merge(scores, on=["url", "axis"])
    assert np.allclose(merged.combined, merged.score)


def test_combined_score_rule():
    assert combined_score(2, 0, np.array([])) == pytest.approx(-2 / 3)
    # two confident model sentences toward b, one unsure one ignored
    assert combined_score(1, 0, np.array([0.8, 0.6, 0.1])) == pytest.approx(
        (-1 + 0.5 * 1.4) / (1 + 0.5 * 2 + 1)
    )
    assert math.isnan(combined_score(0, 0, np.array([0.1])))


def test_models_are_saved_with_skops_and_metadata_and_load_untrusting(tmp_path):
    # the file needs no trusted type: skops loads it with trusted=[] and nothing else
    corpus = synthetic_corpus()
    hits = hits_table(corpus.documents, corpus.event.axes)
    ((quality, model_path),) = save_axis_models(corpus, hits, tmp_path)
    assert model_path == tmp_path / "legitimacy.skops" and quality["trusted"]
    assert skops.io.get_untrusted_types(file=model_path) == []
    model = skops.io.load(model_path, trusted=[])
    metadata = json.loads(model_path.with_suffix(".json").read_text(encoding="utf-8"))
    assert metadata["training_sentences"] == 240 and metadata["trusted"] is True
    assert metadata["roc_auc"] > 0.95
    assert set(metadata["versions"]) >= {"scikit-learn", "skops"}
    assert model.predict_proba(["traitors and saboteurs everywhere"])[0, 1] < 0.5


def test_each_hit_is_placed_in_the_sentence_holding_its_start():
    from models.axis_model import _sentence_of

    sentences = pd.DataFrame(
        {
            "url": ["a", "a", "a", "b", "b", "c"],
            "start": [0, 10, 25, 0, 8, 3],
            "end": [9, 24, 40, 7, 20, 12],
        }
    )
    hits = pd.DataFrame(
        {
            "url": ["a", "a", "a", "b", "b", "c", "d", "a"],
            "start": [0, 9, 30, 8, 19, 2, 1, 40],
        }
    )
    # 9 and 40 fall between or after sentences, 2 before c's only sentence, d has none
    expected = [0, -1, 2, 4, 4, -1, -1, -1]
    assert _sentence_of(sentences, hits).tolist() == expected
    # sentences out of article order take the slow comparison, with the same answer by row
    shuffled = sentences.iloc[[3, 0, 5, 1, 4, 2]].reset_index(drop=True)
    rows = _sentence_of(shuffled, hits)
    placed = [shuffled.index[r] if r >= 0 else -1 for r in rows]
    back = {3: 0, 0: 1, 5: 2, 1: 3, 4: 4, 2: 5}  # original row -> its row in `shuffled`
    assert placed == [back[e] if e >= 0 else -1 for e in expected]


def test_scoring_a_fold_in_chunks_gives_the_same_sentence_scores(monkeypatch):
    from models import axis_model

    whole, _ = _fit(synthetic_corpus())
    monkeypatch.setattr(axis_model, "PREDICT_ROWS", 7)  # a fold is scored in many calls
    chunked, _ = _fit(synthetic_corpus())
    assert whole.quality["trusted"]
    pd.testing.assert_frame_equal(chunked.sentences, whole.sentences)
    assert chunked.quality == whole.quality
    pd.testing.assert_frame_equal(chunked.suggestions, whole.suggestions)


def _first_uses_one_by_one(texts: pd.Series, phrases: list[str]) -> dict:
    """The plain reference: every phrase looked for on its own in every folded text."""
    import re

    from models.text import fold

    folded = texts.map(fold)
    first = {}
    for phrase in phrases:
        hits = np.flatnonzero(folded.str.contains(rf"\b{re.escape(phrase)}\b", regex=True))
        if len(hits):
            first[phrase] = int(hits[0])
    return first


def test_first_uses_match_looking_for_each_phrase_alone():
    from models.axis_model import _first_uses

    rng = np.random.default_rng(3)
    words = ["coup", "régime", "army", "vote", "dólar", "c++", "north", "army's"]
    texts = pd.Series(
        [" ".join(rng.choice(words, rng.integers(0, 6))) for _ in range(300)]
        + ["Régime change in the NORTH.", "a (vote) b", "coupe", ""],
        dtype="str",
    )
    # found early, found late, only inside a longer word, never, made of two words, accents
    phrases = ["army", "regime change", "coup", "vote army", "never there", "oupe", "dolar"]
    phrases += [f"{a} {b}" for a in ("coup", "regime", "north") for b in ("army", "vote", "c")]
    expected = _first_uses_one_by_one(texts, phrases)
    assert "regime change" in expected and "never there" not in expected
    assert "oupe" not in expected  # inside "coupe" only: not a whole word
    for chunk in (1, 7, 50, 10_000):
        assert _first_uses(texts, phrases, chunk=chunk) == expected


def test_suggestions_read_past_n_grams_that_no_sentence_holds(monkeypatch):
    from models import axis_model

    whole, _ = _fit(synthetic_corpus())
    monkeypatch.setattr(axis_model, "MAX_ROUND", 1)  # one phrase per pass after the first
    monkeypatch.setattr(axis_model, "SUGGESTIONS", 3)
    few, _ = _fit(synthetic_corpus())
    assert len(whole.suggestions) > 0
    for pole in ("a", "b"):
        mine = few.suggestions[few.suggestions.pole == pole].reset_index(drop=True)
        full = whole.suggestions[whole.suggestions.pole == pole].head(3).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, full)
