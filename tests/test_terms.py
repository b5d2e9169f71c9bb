"""Distinctive terms on a corpus built in code, where each outlet plants its own wording."""

from __future__ import annotations

import random
import re
import string
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ingest.config import Event
from models.corpus import DOCUMENT_COLUMNS, Corpus
from models.stopwords import STOP_WORDS
from models.terms import (
    COLUMNS,
    _may_reach,
    _ngram_codes,
    alone_in_language,
    analyse,
    distinctive_terms,
    log_odds_z,
    words,
)
from models.text import fold

EVENT = Event("test-event", "Test event", Path("test-event.toml"))

SHARED = [
    "Officials in Caracas said the talks would continue next week.",
    "The opposition called for new protests across the country.",
    "Prices of food and medicine rose again during the month.",
    "The armed forces stayed in their barracks on Tuesday.",
    "Diplomats from the region met to discuss the crisis.",
    "Thousands of people marched through the capital in the afternoon.",
    "The government announced new measures to restore electricity.",
    "Reporters saw long queues outside the banks in the morning.",
]
SHARED_ES = [
    "Los diputados se reunieron en la Asamblea Nacional el martes.",
    "Miles de personas marcharon por las calles de la capital.",
    "Los precios de los alimentos subieron otra vez durante el mes.",
    "Las fuerzas armadas permanecieron en sus cuarteles.",
]
PLANTED = {
    "Alpha News": [
        "The regime blocked the roads into the capital.",
        "Critics called the leader a usurper clinging to power.",
        "The regime later denied it.",
        "The usurper spoke for two hours on state television.",
    ],
    "Beta Times": [
        "The legitimate president thanked the soldiers for their loyalty.",
        "The legitimate president called for dialogue and peace.",
        "Ministers of the constitutional government met in the palace.",
    ],
    "Delta Post": [],
}
PLANTED_ES = [
    "Según la oposición, el régimen de Maduro controla los tribunales.",
    "El régimen de Maduro detuvo a otro dirigente en 2019.",
]
RARE_ES = "La usurpación del poder debe terminar, dijo el diputado."  # in three articles only
GROUPS = {
    "Alpha News": "opposition",
    "Gamma Diario": "opposition",
    "Beta Times": "government",
    "Delta Post": "",
    "Epsilon Diario": "",
}


def _documents(articles: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = [
        {
            "url": f"https://{outlet.split()[0].lower()}.example/{i}",
            "outlet": outlet,
            "title": f"Article {i}",
            "author": "",
            "published": "2019-05-02",
            "sitename": outlet,
            "language": language,
            "text": text,
            "words": len(text.split()),
        }
        for i, (outlet, language, text) in enumerate(articles)
    ]
    return pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)


def _corpus(groups: dict[str, str] | None = None, articles_per_outlet: int = 6) -> Corpus:
    rng = random.Random(7)
    articles = []
    for outlet, planted in PLANTED.items():
        for _ in range(articles_per_outlet):
            sentences = rng.sample(SHARED, 5) + planted
            rng.shuffle(sentences)
            articles.append((outlet, "en", "\n".join(sentences)))
    for i in range(articles_per_outlet):
        sentences = rng.sample(SHARED_ES, 3) + PLANTED_ES + ([RARE_ES] if i < 3 else [])
        rng.shuffle(sentences)
        articles.append(("Gamma Diario", "es", " ".join(sentences)))
        # Spanish outlets are compared with each other only: enough Spanish text to compare
        for _ in range(2):
            articles.append(("Epsilon Diario", "es", " ".join(rng.sample(SHARED_ES, 4))))
    return Corpus(EVENT, _documents(articles), groups=GROUPS if groups is None else groups)


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return analyse(_corpus())["distinctive_terms"]


def _scope(table: pd.DataFrame, name: str, scope: str = "outlet") -> pd.DataFrame:
    return table[(table.scope == scope) & (table.outlet == name)]


def test_columns_and_types(table):
    assert list(table.columns) == COLUMNS
    assert set(table.scope) == {"outlet", "group"}
    assert table["count"].dtype == np.int64
    assert (table.z.abs() >= 1.96).all()


def test_planted_terms_top_each_outlet_with_the_right_sign(table):
    alpha = _scope(table, "Alpha News")
    assert {"regime", "usurper"} <= set(alpha.term.head(4))
    assert (alpha.set_index("term").loc[["regime", "usurper"], "z"] > 1.96).all()
    beta = _scope(table, "Beta Times")
    assert "legitimate president" in set(beta.term.head(4))
    assert beta.set_index("term").loc["legitimate president", "z"] > 1.96
    gamma = _scope(table, "Gamma Diario")
    assert "régimen de maduro" in set(gamma.term.head(5))  # folded: no accent, stop word inside
    assert "regime" not in set(beta.term) and "legitimate president" not in set(alpha.term)


def test_an_outlet_that_uses_a_term_less_gets_a_negative_z():
    # Beta writes "government" in every article; Alpha only in its shared sentences.
    rng = random.Random(3)
    articles = []
    for _ in range(8):
        articles.append(("Beta Times", "en", "The government met. " * 4 + rng.choice(SHARED)))
        text = " ".join([*rng.sample(SHARED, 4), "The government met.", "Rain fell."])
        articles.append(("Alpha News", "en", text))
        articles.append(("Delta Post", "en", "The government met. " * 3 + "Rain fell. " * 3))
    corpus = Corpus(EVENT, _documents(articles))
    table = analyse(corpus)["distinctive_terms"]
    alpha = _scope(table, "Alpha News").set_index("term")
    assert alpha.loc["government", "z"] < -1.96
    assert _scope(table, "Beta Times").set_index("term").loc["government", "z"] > 1.96


def test_minimum_count_is_respected():
    corpus = _corpus()
    assert (analyse(corpus)["distinctive_terms"]["count"] >= 3).all()
    stricter = distinctive_terms(corpus.documents, corpus.groups, min_count=6)
    assert not stricter.empty and (stricter["count"] >= 6).all()
    # "usurpación del poder" occurs three times in Gamma Diario: kept at 3, dropped at 4 (any z:
    # against the one other Spanish outlet three uses are too few to pass 1.96)
    gamma_3 = _scope(
        distinctive_terms(corpus.documents, corpus.groups, z_threshold=0), "Gamma Diario"
    )
    gamma_4 = _scope(
        distinctive_terms(corpus.documents, corpus.groups, min_count=4, z_threshold=0),
        "Gamma Diario",
    )
    assert "usurpación del poder" in set(gamma_3.term)
    assert "usurpación del poder" not in set(gamma_4.term)


def test_a_term_found_only_inside_a_longer_one_is_listed_once(table):
    gamma = set(_scope(table, "Gamma Diario").term)
    # "regimen" and "maduro" occur only as "régimen de maduro": one row says it all
    assert "régimen de maduro" in gamma and not {"regimen", "maduro"} & gamma
    # "regime" also occurs outside "regime blocked" and "regime later": both kept
    assert {"regime", "regime blocked"} <= set(_scope(table, "Alpha News").term)


def test_stop_word_edges_numbers_and_sentence_breaks_are_dropped(table):
    for term in table.term:
        first, last = term.split()[0], term.split()[-1]
        assert first not in STOP_WORDS and last not in STOP_WORDS, term
        assert not any(ch.isdigit() for ch in term), term
    assert "the regime" not in set(table.term) and "de maduro" not in set(table.term)
    # n-grams never run across a full stop or a line break
    assert not any(t.startswith("power ") for t in table.term)  # "... to power." ends a sentence


def test_words_fold_like_the_rest_of_the_project():
    text = "Régimen DE Maduro’s «usurpación» in 2019, self-proclaimed"
    assert words(text) == ["regimen", "de", "maduro", "usurpacion", "in", "self", "proclaimed"]


def test_group_scope_compares_groups(table):
    groups = table[table.scope == "group"]
    assert set(groups.outlet) == {"opposition", "government"}
    opposition = _scope(table, "opposition", "group").set_index("term")
    # groups are compared within one language: among the English outlets the group is Alpha
    # News; among the Spanish ones it has no other named group to be compared with
    assert opposition.loc["regime", "z"] > 1.96
    assert "régimen de maduro" not in opposition.index
    government = _scope(table, "government", "group")
    assert "legitimate president" in set(government.term)


def test_no_group_scope_without_two_named_groups():
    one_group = dict.fromkeys(PLANTED, "only") | {"Gamma Diario": ""}
    table = analyse(_corpus(groups=one_group))["distinctive_terms"]
    assert set(table.scope) == {"outlet"}
    assert set(analyse(_corpus(groups={}))["distinctive_terms"].scope) == {"outlet"}


def test_each_example_is_a_sentence_of_its_scope_containing_the_term(table):
    corpus = _corpus()
    documents = corpus.documents
    for row in table.itertuples(index=False):
        members = (
            [row.outlet]
            if row.scope == "outlet"
            else [o for o, g in GROUPS.items() if g == row.outlet]
        )
        texts = documents[documents.outlet.isin(members)].text
        assert any(row.example in text for text in texts), row
        assert "\n" not in row.example
        found = words(row.example)
        term = fold(row.term).split()  # the term is shown as written, counted folded
        assert any(found[i : i + len(term)] == term for i in range(len(found))), row


def test_rate_is_per_thousand_words_of_the_scope(table):
    corpus = _corpus()
    alpha_texts = corpus.documents[corpus.documents.outlet == "Alpha News"].text
    alpha_words = sum(len(words(t)) for t in alpha_texts)
    row = _scope(table, "Alpha News").set_index("term").loc["regime"]
    assert row["rate"] == pytest.approx(row["count"] / alpha_words * 1000, abs=1e-4)


def test_empty_and_single_outlet_corpora_give_an_empty_table():
    empty = Corpus(EVENT, pd.DataFrame(columns=DOCUMENT_COLUMNS))
    single = Corpus(EVENT, _documents([("Alpha News", "en", s) for s in SHARED]))
    for corpus in (empty, single):
        table = analyse(corpus)["distinctive_terms"]
        assert table.empty and list(table.columns) == COLUMNS


def test_log_odds_z_matches_the_formula_and_is_symmetric():
    y_i, y_w, n_i, total = 5, 6, 1000, 5000
    a0 = n_i
    a = a0 * y_w / total
    delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log(
        (y_w - y_i + a) / (total - n_i + a0 - (y_w - y_i) - a)
    )
    expected = delta / np.sqrt(1 / (y_i + a) + 1 / (y_w - y_i + a))
    assert log_odds_z(np.array([y_i]), np.array([y_w]), np.array([n_i]), total)[0] == (
        pytest.approx(expected)
    )
    # the same rate in the scope as in the rest scores 0
    assert log_odds_z(np.array([10]), np.array([50]), np.array([1000]), 5000)[0] == (
        pytest.approx(0, abs=1e-9)
    )


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        distinctive_terms(_corpus().documents, min_count=0)


def _reference_counts(documents: pd.DataFrame) -> dict[str, Counter]:
    """Plain n-gram counts per outlet, by the rules of the module docstring, for checking."""
    stop = STOP_WORDS | set(string.ascii_lowercase)
    counts: dict[str, Counter] = {}
    for outlet, text in documents[["outlet", "text"]].itertuples(index=False):
        counter = counts.setdefault(outlet, Counter())
        for run in re.split(r"[.!?;:,()\[\]{}\d\n]+|\s-+\s", fold(text)):
            tokens = words(run)
            for n in (1, 2, 3):
                for i in range(len(tokens) - n + 1):
                    gram = tokens[i : i + n]
                    if gram[0] not in stop and gram[-1] not in stop:
                        counter[" ".join(gram)] += 1
    return counts


def test_a_term_is_shown_as_written_with_its_accents():
    documents = pd.DataFrame(
        {
            "url": ["a1", "a2", "b1"],
            "outlet": ["A", "A", "B"],
            "text": [
                "La usurpación continúa. Otra usurpación del poder.",
                "Hablan de usurpación. La usurpacion sigue.",
                "Nothing of the kind happened here today at all.",
            ],
        }
    )
    table = distinctive_terms(documents, min_count=3, z_threshold=0)
    assert "usurpación" in set(table.term) and "usurpacion" not in set(table.term)


def test_an_outlet_alone_in_its_language_has_no_terms_and_is_named():
    documents = _corpus().documents
    documents = documents[documents.outlet != "Epsilon Diario"]
    table = distinctive_terms(documents)
    assert "Gamma Diario" not in set(table.outlet)
    assert {"Alpha News", "Beta Times"} <= set(table.outlet)
    assert alone_in_language(documents) == {"Gamma Diario": "es"}
    assert alone_in_language(_corpus().documents) == {}


@pytest.mark.parametrize("language", ["en", "es"])
def test_counts_and_z_match_a_plain_python_count(language):
    # each language's outlets are compared with each other only
    corpus = _corpus()
    table = distinctive_terms(corpus.documents, per_side=10_000)
    documents = corpus.documents[corpus.documents.language == language]
    table = table[table.outlet.isin(set(documents.outlet))]
    counts = _reference_counts(documents)
    everything = sum(counts.values(), Counter())
    total = sum(everything.values())
    expected = set()
    for outlet, counter in counts.items():
        n_i = sum(counter.values())
        for term, y_i in counter.items():
            if y_i < 3:
                continue
            z = log_odds_z(np.array([y_i]), np.array([everything[term]]), np.array([n_i]), total)
            if abs(z[0]) >= 1.96:
                expected.add((outlet, term, y_i, round(float(z[0]), 3)))
    nested = {
        (outlet, term)
        for outlet, term, count, _ in expected
        for other_outlet, longer, other_count, _ in expected
        if other_outlet == outlet
        and len(longer) > len(term)
        and f" {term} " in f" {longer} "
        and other_count == count
        and everything[longer] == everything[term]
    }
    expected = {row for row in expected if row[:2] not in nested}
    got = set(zip(table.outlet, table.term.map(fold), table["count"], table.z, strict=True))
    assert got == expected


def test_ngram_codes_stay_exact_when_the_vocabulary_is_huge():
    rng = np.random.default_rng(0)
    columns = [rng.integers(0, 3, 500) * 2**38 for _ in range(3)]  # 27 triples, each < 2**40
    triples = list(zip(*(c.tolist() for c in columns), strict=True))
    codes = _ngram_codes(columns, 2**40)
    assert len(set(codes.tolist())) == len(set(triples)) == 27
    by_code = dict(zip(codes.tolist(), triples, strict=True))
    assert all(by_code[c] == t for c, t in zip(codes.tolist(), triples, strict=True))


def test_the_sketch_never_drops_a_frequent_ngram():
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 2**60, 50_000)
    codes[:300] = codes[0]  # one frequent n-gram among many single ones
    codes[300:304] = codes[300]
    kept = _may_reach(codes, 3)
    assert kept[:304].all()
    assert kept.mean() < 0.1  # most one-off n-grams never reach the exact count
