"""Actor labels on hand-made corpora with known answers, and the evaluation figures."""

from __future__ import annotations

import pytest

from ingest.config import Actor
from models.corpus import Corpus
from models.evaluation import failures, load_minimums
from models.labels import COLUMNS, analyse, evaluate, find_labels, label_key
from tests.conftest import make_corpus

MADURO = Actor("Nicolás Maduro", ("Maduro", "Nicolas Maduro", "President Maduro"))
GUAIDO = Actor("Juan Guaidó", ("Guaidó", "Guaido", "Juan Guaido"))
RYABKOV = Actor("Sergei Ryabkov", ("Ryabkov",))
ACTORS = (MADURO, GUAIDO, RYABKOV)


def corpus(*articles: tuple[str, str, str]) -> Corpus:
    """A corpus of (outlet, language, text) articles about a test event."""
    return make_corpus(articles, actors=ACTORS)


def labels_of(text: str, language: str = "en") -> set[tuple[str, str, str]]:
    return {(f.actor, f.kind, f.label) for f in find_labels(text, ACTORS, language)}


def test_title_before_the_name_stops_at_function_words_and_verbs():
    found = labels_of(
        "On Thursday Venezuelan President Nicolás Maduro met Deputy Foreign Minister "
        "Sergei Ryabkov, while Washington said opposition leader Juan Guaidó would speak."
    )
    assert found == {
        ("Nicolás Maduro", "title", "Venezuelan President"),
        ("Sergei Ryabkov", "title", "Deputy Foreign Minister"),
        ("Juan Guaidó", "title", "opposition leader"),
    }


def test_a_title_inside_the_alias_counts():
    assert labels_of("Later President Maduro spoke.") == {("Nicolás Maduro", "title", "President")}


def test_possessives_and_noun_constructions():
    found = labels_of(
        "Maduro's socialist government said the Maduro regime would survive. "
        "Pompeo said the government of President Nicolás Maduro had failed."
    )
    assert found == {
        ("Nicolás Maduro", "possessive", "socialist government"),
        ("Nicolás Maduro", "possessive", "regime"),
        ("Nicolás Maduro", "possessive", "government"),
        ("Nicolás Maduro", "title", "President"),
    }


def test_appositions_after_and_before_the_name():
    found = labels_of(
        "Guaidó, the head of the National Assembly, called for strikes. "
        "Venezuela's embattled leader, Nicolás Maduro, did not answer."
    )
    assert found == {
        ("Juan Guaidó", "apposition", "head of the National Assembly"),
        ("Nicolás Maduro", "apposition", "Venezuela's embattled leader"),
    }


def test_spanish_forms():
    found = labels_of(
        "El presidente encargado Juan Guaidó habló ante miles de personas. "
        "«La dictadura de Maduro tiene los días contados», dijo Guaidó, presidente de la "
        "Asamblea Nacional, en Caracas. El régimen de Nicolás Maduro no respondió. "
        "El dictador Nicolás Maduro habló después.",
        "es",
    )
    assert found == {
        ("Juan Guaidó", "title", "presidente encargado"),
        ("Nicolás Maduro", "possessive", "dictadura"),
        ("Juan Guaidó", "apposition", "presidente de la Asamblea Nacional"),
        ("Nicolás Maduro", "possessive", "régimen"),
        ("Nicolás Maduro", "title", "dictador"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "In Caracas, Guaidó told supporters to stay in the streets.",
        "Russia backed Maduro on Tuesday.",
        "Thousands of supporters of Maduro marched.",
        "Maduro's speech lasted two hours.",
        "Guaidó, 35, said the push would continue.",
        "Maduro, who keeps the backing of the army, spoke.",
        "Maduro, Guaidó and Ryabkov were named in the report.",
        'He said: "Maduro must go."',
    ],
)
def test_no_label_where_there_is_none(text):
    assert labels_of(text) == set()


def test_scare_quotes_are_kept_and_curly_and_straight_count_together():
    table = analyse(
        corpus(
            ("Nova", "en", "The self-proclaimed ‘interim president’ Juan Guaidó spoke."),
            ("Nova", "en", 'The self-proclaimed "interim president" Juan Guaidó spoke again.'),
            ("Nova", "en", "The self-proclaimed interim president Juan Guaidó left."),
        )
    )["actor_labels"]
    rows = dict(zip(table.label, table["count"], strict=True))
    assert rows == {
        'self-proclaimed "interim president"': 2,
        "self-proclaimed interim president": 1,
    }


def test_same_label_counted_together_per_outlet_with_an_example():
    table = analyse(
        corpus(
            ("Wire", "en", "Opposition leader Juan Guaidó called for strikes."),
            ("Wire", "en", "Rallies grew after opposition leader Juan Guaido spoke."),
            ("Wire", "en", "Maduro's regime answered. The Maduro regime arrested him."),
            ("Post", "en", "The Maduro regime blamed opposition leader Juan Guaidó."),
        )
    )["actor_labels"]
    assert list(table.columns) == COLUMNS
    wire = table[table.outlet == "Wire"].set_index(["actor", "label"])
    leader = wire.loc[("Juan Guaidó", "opposition leader")]
    assert (leader["count"], leader.articles, leader.kind) == (2, 2, "title")
    assert leader.example == "Opposition leader Juan Guaidó called for strikes."
    regime = wire.loc[("Nicolás Maduro", "regime")]
    assert (regime["count"], regime.articles, regime.kind) == (2, 1, "possessive")
    post = table[table.outlet == "Post"]
    assert set(post.label) == {"regime", "opposition leader"}


def test_label_key_folds_case_accents_and_quotes():
    assert label_key("Líder opositor") == label_key("lider OPOSITOR")
    assert label_key("U.S. Secretary of State") == label_key("US Secretary of State")
    assert label_key("«presidenta legítima»") == label_key('"presidenta legitima"')
    assert label_key("‘interim president’") != label_key("interim president")


def test_empty_corpus_gives_the_documented_columns():
    table = analyse(corpus())["actor_labels"]
    assert list(table.columns) == COLUMNS and table.empty


def test_evaluation_meets_the_gate():
    # "_later": passages written after the rules were built, not used to tune them
    names = [f"actor_label_{m}" for m in ("recall", "precision", "recall_later", "precision_later")]
    minimums = load_minimums()
    assert failures(evaluate(), {n: minimums[n] for n in names}) == []
