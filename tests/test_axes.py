"""Axis scores on a small hand-made corpus where the answers are known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ingest.config import Axis, Pole
from models.axes import article_score, article_scores, bootstrap_mean, hits_table, outlet_scores

AXIS = Axis(
    "legitimacy",
    "q",
    Pole("M", ("coup attempt", "legitimately elected")),
    Pole("G", ("interim president", "Maduro regime")),
)

DOCS = pd.DataFrame(
    [
        ("u1", "Red", "The coup attempt failed. The legitimately elected leader spoke."),
        ("u2", "Red", "A coup attempt, said the minister. Another coup attempt was foiled."),
        ("u3", "Blue", "The interim president met envoys.\nThe Maduro regime refused."),
        ("u4", "Blue", "Nothing here but weather and football."),
        ("u5", "Grey", "The coup attempt, as some call it, or the interim president's push."),
    ],
    columns=["url", "outlet", "text"],
).assign(language="en")


def test_article_score_rule():
    assert article_score(2, 0) == pytest.approx(-2 / 3)
    assert article_score(0, 1) == pytest.approx(0.5)
    assert article_score(3, 3) == 0
    assert math.isnan(article_score(0, 0))


def test_hits_keep_their_sentence_as_evidence():
    hits = hits_table(DOCS, (AXIS,))
    row = hits[hits.url == "u3"].iloc[1]
    assert (row.pole, row.phrase, row.matched) == ("b", "Maduro regime", "Maduro regime")
    assert row.sentence == "The Maduro regime refused."
    assert len(hits) == 8


def test_article_and_outlet_scores():
    hits = hits_table(DOCS, (AXIS,))
    scores = article_scores(DOCS, hits, (AXIS,)).set_index("url")
    assert scores.loc["u1", ["hits_a", "hits_b"]].tolist() == [2, 0]
    assert scores.loc["u1", "score"] == pytest.approx(-2 / 3)
    assert scores.loc["u3", "score"] == pytest.approx(2 / 3)
    assert math.isnan(scores.loc["u4", "score"])
    assert scores.loc["u5", "score"] == 0

    outlets = outlet_scores(scores.reset_index()).set_index("outlet")
    assert outlets.loc["Red", "score"] == pytest.approx(-2 / 3)
    assert (outlets.loc["Red", "articles"], outlets.loc["Red", "unscored"]) == (2, 0)
    # Blue: one scored article (u4 has no hits and is not counted as neutral)
    assert outlets.loc["Blue", "score"] == pytest.approx(2 / 3)
    assert (outlets.loc["Blue", "articles"], outlets.loc["Blue", "unscored"]) == (1, 1)
    assert math.isnan(outlets.loc["Blue", "ci_low"])


def test_bootstrap_interval_brackets_the_mean_and_is_reproducible():
    values = np.array([-0.8, -0.5, -0.2, 0.1, 0.4])
    mean, low, high = bootstrap_mean(values, np.random.default_rng(0))
    assert low < mean < high
    assert low >= -0.8 and high <= 0.4
    assert (mean, low, high) == bootstrap_mean(values, np.random.default_rng(0))
    assert bootstrap_mean(np.array([0.5]), np.random.default_rng(0))[0] == 0.5


def test_contrasting_outlets_are_both_ends_and_the_centre():
    from models.axes import contrasting_outlets

    table = pd.DataFrame(
        {"outlet": ["A", "B", "C", "D"], "axis": ["x"] * 4, "score": [-0.9, 0.1, 0.8, float("nan")]}
    )
    assert contrasting_outlets(table, ["A", "B", "C", "D"]) == ["A", "C", "B"]
    assert contrasting_outlets(table.iloc[0:0], ["A", "B", "C"], n=2) == ["A", "B"]
