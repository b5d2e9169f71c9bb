"""Grouping candidates into stories: hand-made candidates and the labelled samples."""

from __future__ import annotations

from ingest.discover import Candidate
from ingest.stories import evaluate, group_stories, pairwise_f1
from models.evaluation import load_minimums


def _candidate(url: str, title: str, description: str = "", published: str = "") -> Candidate:
    return Candidate(f"https://news.example/{url}", "News", title, description, published)


CANDIDATES = [
    _candidate(
        "a1",
        "Tervik bridge collapse kills four",
        "A span of the river bridge in Tervik collapsed at rush hour.",
        "2021-03-18",
    ),
    _candidate(
        "a2",
        "Four dead as Tervik river bridge gives way",
        "Cars fell into the river when the bridge collapsed.",
        "2021-03-18",
    ),
    _candidate(
        "a3",
        "Inspections ordered on river bridges after Tervik collapse",
        "Every bridge will be inspected.",
        "2021-03-19",
    ),
    _candidate(
        "b1",
        "Central bank raises interest rates",
        "The central bank lifted its key rate to fight inflation.",
        "2021-03-10",
    ),
    _candidate(
        "b2",
        "Central bank rate rise hits mortgages",
        "Interest rate increase will lift payments.",
        "2021-03-11",
    ),
    # the same words months later: another story
    _candidate(
        "c1",
        "Central bank raises interest rates again",
        "The central bank lifted its key rate to fight inflation.",
        "2021-09-10",
    ),
    _candidate("d1", "Museum opens", "A new maritime museum opens its doors.", "2021-03-12"),
]


def test_hand_made_candidates_group_into_their_stories():
    stories = group_stories(CANDIDATES)
    groups = {frozenset(c.url.rsplit("/", 1)[1] for c in s.candidates) for s in stories}
    assert groups == {
        frozenset({"a1", "a2", "a3"}),
        frozenset({"b1", "b2"}),
        frozenset({"c1"}),
        frozenset({"d1"}),
    }
    assert [s.id for s in stories] == [1, 2, 3, 4]
    assert len(stories[0].candidates) == 3  # largest first
    assert "Tervik" in stories[0].label
    assert stories[0].label in {c.title for c in stories[0].candidates}


def test_empty_and_wordless_candidates():
    assert group_stories([]) == []
    bare = [Candidate("https://x.example/1", "X"), Candidate("https://x.example/2", "X")]
    stories = group_stories(bare)
    assert [len(s.candidates) for s in stories] == [1, 1]
    assert stories[0].label == "https://x.example/1"  # no title: the URL names it


def test_pairwise_f1():
    assert pairwise_f1([1, 1, 2], ["a", "a", "b"]) == 1.0
    assert pairwise_f1([1, 1, 1], ["a", "a", "b"]) == 0.5  # 1 of 3 pairs right, recall 1
    assert pairwise_f1([1, 2, 3], ["a", "b", "c"]) == 1.0


def test_grouping_meets_its_figure_on_the_labelled_samples():
    minimum = load_minimums()["story_grouping_agreement"]
    assert evaluate()["story_grouping_agreement"] >= minimum
