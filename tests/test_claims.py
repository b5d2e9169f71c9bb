"""Claims and omissions on hand-made corpora with known answers, and on the demo."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ingest.config import Actor, Event, load_config
from ingest.files import load_demo
from ingest.store import Store
from models import claims
from models.corpus import DOCUMENT_COLUMNS, Corpus, load_corpus
from models.evaluation import failures, load_minimums
from models.tables import build_tables
from tests.conftest import REPO

EVENT = Event(
    id="test-event",
    title="A vote of confidence",
    path=Path("test-event.toml"),
    actors=(Actor("Elena Varga", ("Varga",)), Actor("Tomas Ruiz", ("Ruiz",))),
)


def _corpus(articles: list[tuple[str, str, str, list[str]]]) -> Corpus:
    """Articles as (url, outlet, language, sentences); one paragraph per sentence."""
    rows = [
        (url, outlet, "", "", "2021-03-02", outlet, language, "\n".join(lines), 0)
        for url, outlet, language, lines in articles
    ]
    return Corpus(EVENT, pd.DataFrame(rows, columns=DOCUMENT_COLUMNS))


VOTE_A = (
    "Prime Minister Elena Varga lost a confidence vote in parliament on Tuesday "
    "by 212 votes to 180."
)
VOTE_B = (
    "Parliament voted by 212 votes to 180 on Tuesday to withdraw its confidence in "
    "Prime Minister Elena Varga."
)
LOCAL = [
    "The city council approved a new budget for public libraries after a short debate.",
    "Heavy rain closed two mountain roads in the south for most of the afternoon.",
]


def test_two_outlets_share_a_claim_and_a_third_omits_it():
    corpus = _corpus(
        [
            ("https://a.example/1", "Outlet A", "en", [VOTE_A, LOCAL[0]]),
            ("https://b.example/1", "Outlet B", "en", [VOTE_B, LOCAL[1]]),
            ("https://c.example/1", "Outlet C", "en", ["Ruiz called for calm outside parliament."]),
        ]
    )
    tables = claims.analyse(corpus)
    found = tables["claims"]
    assert list(found.columns) == claims.CLAIM_COLUMNS
    assert found[["claim", "outlets", "n_outlets", "omitted_by"]].values.tolist() == [
        ["c1", "Outlet A; Outlet B", 2, "Outlet C"]
    ]
    assert found.text.iloc[0] in {VOTE_A, VOTE_B}
    matrix = tables["claim_matrix"]
    assert list(matrix.columns) == ["claim", "Outlet A", "Outlet B", "Outlet C"]
    assert matrix.iloc[0].tolist() == ["c1", 1, 1, 0]
    evidence = tables["claim_sentences"]
    assert list(evidence.columns) == claims.MEMBER_COLUMNS
    assert sorted(evidence.sentence) == sorted([VOTE_A, VOTE_B])


def test_a_claim_in_spanish_is_matched_within_its_language_only():
    spanish_a = (
        "El presidente Julián Ortega anunció un referéndum sobre la reforma constitucional "
        "para el 14 de marzo."
    )
    spanish_b = (
        "El presidente Julián Ortega convocó para el 14 de marzo un referéndum sobre la "
        "reforma constitucional."
    )
    english = (
        "President Julian Ortega announced a referendum on constitutional reform for March 14."
    )
    corpus = _corpus(
        [
            ("https://sur.example/1", "Radio Sur", "es", [spanish_a]),
            ("https://faro.example/1", "El Faro", "es", [spanish_b]),
            ("https://wire.example/1", "Wire", "en", [english]),
        ]
    )
    found = claims.analyse(corpus)["claims"]
    assert found[["language", "outlets", "omitted_by"]].values.tolist() == [
        ["es", "El Faro; Radio Sur", "Wire"]
    ]


# Outlet B's coverage of the budget fight: the topic Outlet A's exclusive sentences share.
BUDGET_B = "The opposition has promised amendments to the budget before the final reading."
EXCLUSIVE_FACT = 'Ruiz said: "The opposition will table 14 amendments to the budget next week."'


def _exclusive_of_a(lines_a: list[str], lines_b: list[str] | None = None) -> list[str]:
    corpus = _corpus(
        [
            ("https://a.example/1", "Outlet A", "en", [VOTE_A, *lines_a]),
            ("https://b.example/1", "Outlet B", "en", [VOTE_B, *(lines_b or [BUDGET_B])]),
        ]
    )
    exclusive = claims.analyse(corpus)["exclusive_claims"]
    assert list(exclusive.columns) == claims.EXCLUSIVE_COLUMNS
    return exclusive[exclusive.outlet == "Outlet A"].sentence.tolist()


def test_only_here_is_a_quoted_statement_on_the_shared_topic():
    # the shared vote is a claim, "It rained." is too short to state anything
    assert _exclusive_of_a([EXCLUSIVE_FACT, "It rained."]) == [EXCLUSIVE_FACT]


def test_a_statement_off_the_event_topic_is_not_only_here():
    off_topic = 'Ruiz said: "My grandmother grew tomatoes and peppers in a garden near the coast."'
    assert _exclusive_of_a([off_topic]) == []


def test_a_sentence_made_mostly_of_the_others_words_is_not_only_here():
    # every content word is in Outlet B's coverage: likely B's claim in other words
    reworded = 'Ruiz said: "Amendments to the budget were promised by the opposition on Tuesday."'
    assert _exclusive_of_a([reworded]) == []


def test_an_unattributed_sentence_is_not_only_here():
    plain = "The opposition will table 14 amendments to the budget in the coming week."
    assert _exclusive_of_a([plain]) == []


def test_a_statement_reported_in_the_outlets_own_words_is_not_only_here():
    # on real coverage such sentences carry chosen, one-sided content less often than the rest
    reported = "Ruiz said the opposition would table 14 amendments to the budget next week."
    assert _exclusive_of_a([reported]) == []


FURNITURE = [
    "Reporting by Ana Lopez and Mark Heinrich; Editing by Susan Fenton",
    "Additional reporting by Ana Lopez in Caracas; writing by Mark Heinrich",
    "By Ana Lopez and Mark Heinrich",
    "Related: Opposition says the budget vote was rigged, read the full story",
    "Sign up for our morning newsletter to get the budget news in your inbox every day.",
    "Prime Minister Elena Varga leaves parliament on Tuesday (AP Photo/Ana Lopez)",
    "Copyright 2021 The Example Times. All rights reserved.",
    "Con información de Ana López y Mark Heinrich desde Caracas",
]


def test_credit_lines_bylines_captions_and_links_are_never_claims_or_only_here():
    both = [LOCAL[0], *FURNITURE]
    corpus = _corpus(
        [
            ("https://a.example/1", "Outlet A", "en", both),
            ("https://b.example/1", "Outlet B", "en", both),
        ]
    )
    tables = claims.analyse(corpus)
    assert tables["claims"].text.tolist() == [LOCAL[0]]
    assert not set(FURNITURE) & set(tables["exclusive_claims"].sentence)
    flagged = claims.not_a_claim(corpus.sentences)
    assert flagged.tolist() == (corpus.sentences.text != LOCAL[0]).tolist()


def test_a_line_an_outlet_repeats_in_its_articles_is_boilerplate_not_a_claim():
    house = 'Varga\'s office said the Daily Example had asked it about the "budget amendments".'
    corpus = _corpus(
        [
            ("https://a.example/1", "Outlet A", "en", [VOTE_A, house]),
            ("https://a.example/2", "Outlet A", "en", [EXCLUSIVE_FACT, house]),
            ("https://b.example/1", "Outlet B", "en", [VOTE_B, BUDGET_B]),
        ]
    )
    tables = claims.analyse(corpus)
    assert house not in set(tables["claim_sentences"].sentence)
    assert house not in set(tables["exclusive_claims"].sentence)
    assert EXCLUSIVE_FACT in set(tables["exclusive_claims"].sentence)


def test_an_outlet_that_republished_a_story_reports_its_claims():
    corpus = _corpus(
        [
            ("https://a.example/1", "Outlet A", "en", [VOTE_A, LOCAL[0]]),
            ("https://b.example/1", "Outlet B", "en", [VOTE_B]),
            ("https://c.example/1", "Outlet C", "en", [VOTE_A, LOCAL[0]]),
            ("https://d.example/1", "Outlet D", "en", [LOCAL[1]]),
        ]
    )
    counted = corpus.without(
        {"https://c.example/1"}, {"https://c.example/1": "https://a.example/1"}
    )
    assert counted.republished == {"https://a.example/1": ("Outlet C",)}
    found = claims.analyse(counted)["claims"]
    vote = found[found.text.isin([VOTE_A, VOTE_B])]
    assert vote[["outlets", "n_outlets", "omitted_by"]].values.tolist() == [
        ["Outlet A; Outlet B; Outlet C", 3, "Outlet D"]
    ]


def test_sentences_of_one_article_are_not_a_claim():
    corpus = _corpus([("https://a.example/1", "Outlet A", "en", [VOTE_A, VOTE_A])])
    tables = claims.analyse(corpus)
    assert tables["claims"].empty and tables["claim_sentences"].empty
    assert list(tables["claim_matrix"].columns) == ["claim", "Outlet A"]


def test_an_empty_corpus_gives_the_documented_empty_tables():
    tables = claims.analyse(_corpus([]))
    assert list(tables) == ["claims", "claim_matrix", "claim_sentences", "exclusive_claims"]
    assert all(t.empty for t in tables.values())


def _synthetic_sentences(n: int, facts: int, seed: int = 11) -> tuple[list[str], np.ndarray]:
    """n sentences: `facts` facts each told 4 times with one word changed, the rest one-offs."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"word{i}" for i in range(3000)])
    texts, truth = [], []
    for fact in range(facts):
        words = rng.choice(vocabulary, size=14, replace=False)
        for _ in range(4):
            told = words.copy()
            told[rng.integers(len(told))] = vocabulary[rng.integers(len(vocabulary))]
            texts.append(" ".join(told) + ".")
            truth.append(fact)
    while len(texts) < n:
        texts.append(" ".join(rng.choice(vocabulary, size=14)) + ".")
        truth.append(-len(texts))
    return texts, np.array(truth)


def test_claims_are_found_without_comparing_all_pairs_of_sentences():
    texts, truth = _synthetic_sentences(2000, facts=100)
    found = claims.group_sentences(texts, ["en"] * len(texts))
    n = len(texts)
    assert found.candidate_pairs < 0.01 * n * (n - 1) / 2
    assert len(found.edges) <= found.candidate_pairs
    told = truth >= 0
    # every telling of a fact lands in its fact's group, and no group mixes two facts
    per_fact = pd.DataFrame({"fact": truth[told], "group": found.group[told]})
    assert (per_fact.groupby("fact")["group"].nunique() == 1).mean() >= 0.95
    assert (per_fact.groupby("group")["fact"].nunique() == 1).all()


def test_evaluation_meets_the_reported_figures():
    minimums = load_minimums()
    gated = {n: minimums[n] for n in ("claim_grouping_agreement", "claim_grouping_ari")}
    assert failures(claims.evaluate(), gated) == []


def test_demo_claims_count_the_wire_reprint_once(tmp_path):
    config = load_config(REPO / "config")
    with Store(tmp_path / "demo.db") as store:
        load_demo(config, store)
        tables = build_tables(load_corpus(store, config.event("venezuela-2019"), config))
    copy = tables["duplicates"].url.iloc[0]
    assert copy not in set(tables["claim_sentences"].url)
    found = tables["claims"]
    assert (found.n_outlets >= 2).sum() >= 3
    # which outlets leave out the claim that Washington recognises Guaidó
    recognition = found[found.text.str.contains("recogni")]
    assert not recognition.empty
    assert "Nova Moskva Agency" in recognition.omitted_by.iloc[0]


def test_demo_outlet_of_a_wire_copy_is_never_said_to_omit_its_original_claims(tmp_path):
    config = load_config(REPO / "config")
    with Store(tmp_path / "demo.db") as store:
        load_demo(config, store)
        tables = build_tables(load_corpus(store, config.event("venezuela-2019"), config))
    copies = tables["duplicates"]
    assert not copies.empty
    evidence = tables["claim_sentences"]
    omitted = dict(zip(tables["claims"].claim, tables["claims"].omitted_by, strict=True))
    checked = 0
    for outlet, original in zip(copies.outlet, copies.duplicate_of, strict=True):
        for claim in set(evidence[evidence.url == original].claim):
            assert outlet not in omitted[claim].split("; "), (outlet, claim)
            checked += 1
    assert checked


def _boilerplate_by_folded_text(sentences: pd.DataFrame) -> np.ndarray:
    """The boilerplate flag as first written: a folded copy of every sentence, grouped."""
    from models.text import fold

    folded = sentences["text"].astype(str).map(fold)
    frame = pd.DataFrame({"outlet": sentences["outlet"], "url": sentences["url"], "f": folded})
    return (frame.groupby(["outlet", "f"])["url"].transform("nunique") >= 2).to_numpy()


def test_chunked_and_hashed_steps_give_what_the_whole_event_at_once_gives(tmp_path):
    from benchmarks.synthetic import synthetic_corpus

    config = load_config(REPO / "config")
    with Store(tmp_path / "store.db") as store:
        load_demo(config, store)
        demo = load_corpus(store, config.event("venezuela-2019"), config)
    for corpus in (demo, synthetic_corpus(120)):
        sentences = corpus.sentences.reset_index(drop=True)
        texts = sentences["text"]
        furniture = texts.astype(str).str.contains(claims.FURNITURE).to_numpy()
        flags = claims.not_a_claim(sentences)
        assert (flags == (furniture | _boilerplate_by_folded_text(sentences))).all()
        whole = claims.minhash.unique_per_set(
            *claims.minhash.hashed_words(texts.array, claims.content_word)
        )
        for chunk in (7, 1000):
            sets = claims.content_sets(texts.array, chunk=chunk)
            assert all(np.array_equal(a, b) for a, b in zip(sets, whole, strict=True))
        candidate = np.ones(len(sentences), dtype=bool)
        at_once = claims._on_topic_share(sentences, candidate, corpus.event)
        chunked = claims._on_topic_share(sentences, candidate, corpus.event, whole, chunk=7)
        assert np.array_equal(at_once, chunked, equal_nan=True)
    found = claims.group_sentences(demo.sentences["text"].tolist(), ["en"] * len(demo.sentences))
    assert (np.diff(found.edges[:, 0] * (1 << 32) + found.edges[:, 1]) > 0).all()
