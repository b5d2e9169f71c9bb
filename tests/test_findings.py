"""Findings: each a plain sentence backed by its rows, and none where the data is not plain."""

from __future__ import annotations

import pandas as pd

from ingest.config import Actor, Axis, Event, Pole
from models.findings import (
    axis_findings,
    claim_findings,
    findings,
    label_findings,
    voice_findings,
)
from models.selection import Selection, select
from tests.test_selection import AXES, EVENT, demo  # noqa: F401  (the demo fixture)

AXIS = Axis("legitimacy", "Who is president?", Pole("Maduro", ("x",)), Pole("Guaidó", ("y",)))
TEST_EVENT = Event("t", "T", path=None, axes=(AXIS,))


def _labels(rows):
    return pd.DataFrame(rows, columns=["outlet", "url", "actor", "kind", "label", "sentence"])


def _articles(rows):
    """(outlet, url, language) rows of an articles table."""
    return pd.DataFrame(rows, columns=["outlet", "url", "language"])


ARTICLES = _articles(
    [("X", f"x{i}", "en") for i in range(1, 6)] + [("Y", "y1", "en"), ("Y", "y2", "en")]
)


def test_a_label_only_one_outlet_uses_is_stated_with_its_article_count():
    evidence = _labels(
        [
            ("X", "x1", "Guaidó", "apposition", "self-proclaimed", "s1"),
            ("X", "x2", "Guaidó", "apposition", "self-proclaimed", "s2"),
            ("X", "x2", "Guaidó", "apposition", "self-proclaimed", "s3"),
            ("Y", "y1", "Guaidó", "title", "interim president", "s4"),
            ("X", "x3", "Guaidó", "title", "interim president", "s5"),
            ("Y", "y2", "Maduro", "title", "president", "s6"),  # one article: too thin
        ]
    )
    per_outlet = pd.Series({"X": 5, "Y": 2})
    tables = {"label_evidence": evidence, "articles": ARTICLES}
    found = label_findings(tables, per_outlet)
    assert [f.text for f in found] == [
        "X calls Guaidó “self-proclaimed” in 2 of its 5 articles; the other English-language "
        "outlet shown does not."
    ]
    assert found[0].evidence["sentence"].tolist() == ["s1", "s2", "s3"]


SPANISH = _articles(
    [("S", "s1", "es"), ("S", "s2", "es"), ("E", "e1", "en"), ("E", "e2", "en"), ("F", "f1", "en")]
)
REGIME = _labels(
    [
        ("S", "s1", "Maduro", "possessive", "régimen", "r1"),
        ("S", "s2", "Maduro", "possessive", "régimen", "r2"),
        ("E", "e1", "Maduro", "possessive", "regime", "r3"),
        ("E", "e2", "Maduro", "possessive", "regime", "r4"),
    ]
)


def test_labels_are_compared_within_one_language():
    # the only Spanish outlet has nobody to be compared with; E's "regime" is shared by
    # nobody else in English, so it is E's own against F
    tables = {"label_evidence": REGIME, "articles": SPANISH}
    texts = [f.text for f in label_findings(tables, pd.Series({"S": 2, "E": 2, "F": 1}))]
    assert texts == [
        "E calls Maduro “regime” in 2 of its 2 articles; the other English-language outlet "
        "shown does not."
    ]


def test_labels_the_config_says_mean_the_same_compare_across_languages():
    event = Event("t", "T", path=None, actors=(Actor("Maduro", same=(("régimen", "regime"),)),))
    tables = {"label_evidence": REGIME, "articles": SPANISH}
    # "régimen" = "regime": two outlets use it, so it is nobody's own label
    assert label_findings(tables, pd.Series({"S": 2, "E": 2, "F": 1}), event=event) == []


def _scores(rows, articles=5):
    columns = ["outlet", "axis", "score", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns).assign(articles=articles)


def test_axis_finding_needs_intervals_that_do_not_overlap():
    evidence = pd.DataFrame(
        [("A", "a1", "legitimacy", "a", "regime", "s"), ("C", "c1", "legitimacy", "b", "y", "t")],
        columns=["outlet", "url", "axis", "pole", "phrase", "sentence"],
    )
    apart = _scores(
        [
            ("A", "legitimacy", -0.8, -0.9, -0.6),
            ("B", "legitimacy", 0.0, -0.3, 0.3),
            ("C", "legitimacy", 0.7, 0.5, 0.9),
        ]
    )
    (finding,) = axis_findings({"outlet_axes": apart, "evidence": evidence}, TEST_EVENT)
    assert finding.text.startswith("On “Who is president?”, A leans most towards “Maduro”")
    assert "C most towards “Guaidó” (+0.70, +0.50 to +0.90, 5 articles)" in finding.text
    assert set(finding.evidence.outlet) == {"A", "C"}
    overlapping = _scores(
        [("A", "legitimacy", -0.2, -0.6, 0.3), ("C", "legitimacy", 0.2, -0.1, 0.5)]
    )
    assert axis_findings({"outlet_axes": overlapping, "evidence": evidence}, TEST_EVENT) == []


def test_axis_finding_needs_three_articles_and_intervals_that_are_not_points():
    evidence = pd.DataFrame(columns=["outlet", "url", "axis", "pole", "phrase", "sentence"])
    rows = [("A", "legitimacy", -0.8, -0.9, -0.6), ("C", "legitimacy", 0.7, 0.5, 0.9)]
    (finding,) = axis_findings({"outlet_axes": _scores(rows, 3), "evidence": evidence}, TEST_EVENT)
    assert "3 articles" in finding.text and "-0.90 to -0.60" in finding.text
    thin = {"outlet_axes": _scores(rows, 2), "evidence": evidence}
    assert axis_findings(thin, TEST_EVENT) == []
    points = [("A", "legitimacy", -0.8, -0.8, -0.8), ("C", "legitimacy", 0.8, 0.8, 0.8)]
    flat = {"outlet_axes": _scores(points, 4), "evidence": evidence}
    assert axis_findings(flat, TEST_EVENT) == []


def test_voice_and_claim_findings():
    voices = pd.DataFrame(
        [
            ("A", "Maduro", "Maduro", 3, 300, 0.6),
            ("A", "Pompeo", "", 2, 200, 0.4),
            ("B", "Maduro", "Maduro", 1, 20, 0.1),
            ("B", "Bolton", "", 4, 180, 0.9),
        ],
        columns=["outlet", "speaker", "actor", "quotes", "words", "share"],
    )
    quotes = pd.DataFrame(
        [("A", "a1", "Maduro", "q", "s")], columns=["outlet", "url", "speaker", "text", "sentence"]
    )
    texts = [f.text for f in voice_findings({"voices": voices, "quotes": quotes})]
    assert (
        "Maduro has 60% of the words A quotes; no other outlet gives them more than 10%." in texts
    )
    assert "Bolton has 90% of the words B quotes; no other outlet shown quotes them." in texts

    claims = pd.DataFrame(
        [("c1", "Troops  massed at the border.", 2, "A; B", "C"), ("c2", "Only one.", 1, "A", "B")],
        columns=["claim", "text", "n_outlets", "outlets", "omitted_by"],
    )
    sentences = pd.DataFrame(
        [("c1", "A", "a1", "x"), ("c1", "B", "b1", "y")],
        columns=["claim", "outlet", "url", "sentence"],
    )
    (finding,) = claim_findings({"claims": claims, "claim_sentences": sentences})
    assert finding.text == "2 of 3 outlets report that “Troops massed at the border.”; C does not."
    assert len(finding.evidence) == 2


def test_demo_findings_are_three_to_five_and_follow_the_filters(demo):  # noqa: F811
    _, built = demo
    tables = built[False]
    found = findings(tables, EVENT)
    assert 3 <= len(found) <= 5
    assert len({f.kind for f in found}) == len(found)  # the strongest of each kind
    for finding in found:
        assert not finding.evidence.empty, finding.text
        if "url" in finding.evidence:
            assert set(finding.evidence.url) <= set(tables["articles"].url)
    picked = ("Nova Moskva Agency", "The Metropolitan Post")
    narrowed = select(tables, Selection(outlets=picked), axes=AXES, include_copies=False)
    for finding in findings(narrowed, EVENT):
        if "outlet" in finding.evidence:
            assert set(finding.evidence.outlet) <= set(picked), finding.text
