"""Side by side: claims aligned across the chosen articles and marked in their text."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.render import aligned_claims_html, annotated_html
from models.actors import Mention
from models.alignment import ALONE, NOT_IN_OTHERS, SHARED, aligned_claims, locate, sentence_marks
from models.phrases import Hit
from tests.conftest import demo_tables, run_app

CLAIMS = pd.DataFrame({"claim": ["c1", "c2"], "text": ["Troops massed.", "Aid was blocked."]})
SENTENCES = pd.DataFrame(
    [
        ("c1", "A", "a", "Troops massed at the border."),
        ("c1", "B", "b", "Troops  massed\nat the border, officials said."),
        ("c2", "A", "a", "Aid was blocked <b>at the bridge</b>."),
        ("c2", "C", "c", "Aid was blocked."),
    ],
    columns=["claim", "outlet", "url", "sentence"],
)
TEXT_A = (
    "Intro. Troops massed at the border. Aid was blocked <b>at the bridge</b>. Only A saw 3 tanks."
)
EXCLUSIVE = pd.DataFrame([("A", "a", "Only A saw 3 tanks.")], columns=["outlet", "url", "sentence"])


def test_claims_shared_by_two_chosen_articles_form_the_aligned_rows():
    table = aligned_claims(CLAIMS, SENTENCES, {"Outlet A": "a", "Outlet B": "b"})
    assert table.columns.tolist() == ["claim", "text", "Outlet A", "Outlet B"]
    assert table.claim.tolist() == ["c1"]  # c2 is stated by A and C, and C is not chosen
    assert table.iloc[0]["Outlet A"] == "Troops massed at the border."
    three = aligned_claims(CLAIMS, SENTENCES, {"A": "a", "B": "b", "C": "c"})
    assert three.claim.tolist() == ["c1", "c2"] and three.iloc[1]["B"] == ""


def test_each_sentence_is_marked_by_whether_the_other_columns_state_it():
    marks = sentence_marks(TEXT_A, "a", SENTENCES, EXCLUSIVE, other_urls=["b"])
    assert [(m.kind, m.claim) for m in marks] == [
        (SHARED, "c1"),
        (NOT_IN_OTHERS, "c2"),
        (ALONE, ""),
    ]
    assert TEXT_A[marks[2].start : marks[2].end] == "Only A saw 3 tanks."
    assert locate("x  Troops\n massed now", "Troops massed now") == (3, 21)
    assert locate("nothing here", "Troops massed") is None


def test_marks_nest_without_crossing_and_article_markup_stays_text():
    marks = sentence_marks(TEXT_A, "a", SENTENCES, EXCLUSIVE, other_urls=["b"])
    start = TEXT_A.index("Troops")
    mention = Mention("Army", "Troops", start, start + 6)
    hit = Hit("x", "a", "massed", start + 7, start + 13)
    body = annotated_html(TEXT_A, [hit], {"a": "A"}, mentions=[mention], sentences=marks)
    assert "<b>" not in body and "&lt;b&gt;at the bridge&lt;/b&gt;" in body
    assert body.count("[c1]") == 1 and body.count("[c2]") == 1 and "[only here]" in body
    # tags balance in order: a stack check over every opening and closing tag
    stack = []
    for closing, name in re.findall(r"<(/?)(span|mark|sup|p)\b", body):
        if closing:
            assert stack.pop() == name
        else:
            stack.append(name)
    assert stack == []
    grid = aligned_claims_html(
        aligned_claims(CLAIMS, SENTENCES, {"<A>": "a", "B": "b"}), ["<A>", "B"]
    )
    assert "&lt;A&gt;" in grid and "<A>" not in grid


def test_side_by_side_aligns_the_shared_claim_of_two_outlets(app_env):
    at = run_app("side_by_side")
    pair = ["Radio Bolivariana Caracas", "The Metropolitan Post"]
    at.multiselect(key="sbs-outlets").set_value(pair).run()
    tables = demo_tables(app_env)
    claim = tables["claims"][tables["claims"].text.str.contains("recognizes National")].claim
    evidence = tables["claim_sentences"]
    for outlet in pair:
        rows = evidence[(evidence.claim == claim.iloc[0]) & (evidence.outlet == outlet)]
        at.selectbox(key=f"sbs-article-{outlet}").set_value(rows.url.iloc[0]).run()
    assert not at.exception
    cards = [h.proto.body for h in at.get("html") if "article-card" in h.proto.body]
    assert len(cards) == 2
    assert all('class="actor"' in card for card in cards)
    grid = next(h.proto.body for h in at.get("html") if "aligned-claims" in h.proto.body)
    assert "recognizes National Assembly President Juan Guaidó" in grid
    aligned = next(f.value for f in at.dataframe if "claim" in f.value.columns)
    assert aligned.columns.tolist()[2:] == pair and (aligned[pair] != "").all(axis=None)
    assert any("claim-shared" in card for card in cards)
    at.toggle(key="sbs-claims").set_value(False).run()
    cards = [h.proto.body for h in at.get("html") if "article-card" in h.proto.body]
    assert not any("claim-" in card for card in cards)


def test_the_first_article_shown_is_the_one_sharing_most_claims():
    from models.alignment import most_shared

    assert most_shared(SENTENCES, ["a"], ["B"]) == "a"
    more = pd.concat([SENTENCES, pd.DataFrame([("c2", "A", "a2", "x")], columns=SENTENCES.columns)])
    assert most_shared(more, ["a2", "a"], ["B", "C"]) == "a"  # a shares c1 and c2, a2 only c2
    assert most_shared(more, ["a2", "a"], ["C"]) == "a2"  # a tie goes to the first listed
    assert most_shared(more, ["a"], ["Nobody"]) is None
