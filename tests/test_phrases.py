"""Phrase matching: case, accents, inflection, line breaks, quotes, overlaps and offsets."""

from __future__ import annotations

import pytest

from ingest.config import Axis, Pole
from models.phrases import find_hits
from models.sentences import split_sentences
from models.text import fold_with_offsets

AXIS = Axis(
    "legitimacy",
    "q",
    Pole(
        "Maduro's government",
        (
            "legitimately elected",
            "coup attempt",
            "self-proclaimed",
            "self-proclaimed interim president",
            "presidente encargado",
        ),
    ),
    Pole("Guaidó's claim", ("interim president", "Maduro regime", "Guaidó", "US-backed")),
)


def matches(text: str) -> list[tuple[str, str]]:
    return [(h.pole, h.matched(text)) for h in find_hits(text, (AXIS,))]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("A COUP ATTEMPT failed.", [("a", "COUP ATTEMPT")]),
        ("two coup attempts", [("a", "coup attempts")]),
        ("Coup-attempt", [("a", "Coup-attempt")]),
        ("legitimately\nelected", [("a", "legitimately\nelected")]),
        ("the Maduro’s regime", [("b", "Maduro’s regime")]),
        ("Guaido spoke", [("b", "Guaido")]),
        ("Guaidó spoke", [("b", "Guaidó")]),
        ("GUAIDÓ spoke", [("b", "GUAIDÓ")]),
        ("el Presidente Encargado", [("a", "Presidente Encargado")]),
        ("US backed rebels", [("b", "US backed")]),
    ],
)
def test_tolerant_matching(text, expected):
    assert matches(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a coup. Attempt two",  # sentence punctuation is not bridged
        "the coupe attempt",  # a longer word is not the phrase
        "recoup attempt",  # nor is a word that ends with it
        "self proclaimedly",  # no match inside a longer word
        "interim presidential palace",  # 'presidential' is not an inflection of 'president'
    ],
)
def test_non_matches(text):
    assert matches(text) == []


def test_longest_phrase_wins_where_hits_overlap():
    text = "the self-proclaimed “interim president” Juan Guaidó"
    assert matches(text) == [("a", "self-proclaimed “interim president"), ("b", "Guaidó")]


def test_offsets_survive_decomposed_accents_and_expanding_letters():
    # 'ß' folds to 'ss' and 'ó' here is o + a combining accent: offsets must still map back
    text = "Straße. Guaido\u0301 and the coup attempt"
    folded, offsets = fold_with_offsets(text)
    assert offsets is not None and folded.startswith("strasse. guaido and")
    assert matches(text) == [("b", "Guaido\u0301"), ("a", "coup attempt")]


def test_sentence_splitting_english_and_spanish():
    text = (
        "Mr. Smith met Gen. Padrino in the U.S. Embassy. He said: “No.” Then he left!\n"
        "¿Qué pasó? Nada. J. R. Smith spoke at 5 p.m. on Friday."
    )
    assert split_sentences(text) == [
        "Mr. Smith met Gen. Padrino in the U.S. Embassy.",
        "He said: “No.”",
        "Then he left!",
        "¿Qué pasó?",
        "Nada.",
        "J. R. Smith spoke at 5 p.m. on Friday.",
    ]


def test_plural_titles_do_not_end_a_sentence():
    text = "Sens. Ada Moreno and Luis Vela wrote to Govs. Hart and Lin. Reps. of both parties met."
    assert split_sentences(text) == [
        "Sens. Ada Moreno and Luis Vela wrote to Govs. Hart and Lin.",
        "Reps. of both parties met.",
    ]


def test_phrases_listed_for_a_language_count_only_in_it():
    axis = Axis(
        "x",
        "q",
        Pole("A", ("golpe de Estado", "coup attempt"), ("es", "en")),
        Pole("B", ("Guaidó",), ("",)),
    )
    text = "El golpe de Estado y el coup attempt de Guaidó"
    found = {
        language: [h.phrase for h in find_hits(text, (axis,), language)]
        for language in ("es", "en", "")
    }
    assert found == {
        "es": ["golpe de Estado", "Guaidó"],
        "en": ["coup attempt", "Guaidó"],
        "": ["golpe de Estado", "coup attempt", "Guaidó"],
    }


QUOTED = Axis(
    "labels",
    "q",
    Pole("quoted", ('"coup attempt"', "«régimen»", "'acting president'")),
    Pole("plain", ("coup attempt", "régimen", "acting president")),
)


@pytest.mark.parametrize(
    "text,expected",
    [
        # listed punctuation is required, and told apart from the plain phrase
        ('Moscow called it a "coup attempt" on Tuesday.', [("a", '"coup attempt"')]),
        ("Moscow called it a “coup attempts” again.", [("a", "“coup attempts”")]),
        ("Moscow called it a coup attempt on Tuesday.", [("b", "coup attempt")]),
        ("the ‘acting president’ spoke", [("a", "‘acting president’")]),
        ("the acting president spoke", [("b", "acting president")]),
        ("el «régimen» de Maduro", [("a", "«régimen»")]),
        ("el « régimen » de Maduro", [("a", "« régimen »")]),
        ("el régimen de Maduro", [("b", "régimen")]),
        ("el «Régimen» y el régimen", [("a", "«Régimen»"), ("b", "régimen")]),
        ('a "coup attempt, said', [("b", "coup attempt")]),  # half-quoted: the plain one
    ],
)
def test_punctuation_a_phrase_lists_is_part_of_it(text, expected):
    assert [(h.pole, h.matched(text)) for h in find_hits(text, (QUOTED,))] == expected


def test_quoted_phrases_alone_match_only_their_quoted_use():
    axis = Axis("x", "q", Pole("A", ('"coup attempt"',)), Pole("B", ("«régimen»",)))
    found = find_hits('a "coup attempt", a coup attempt, el «régimen», el régimen', (axis,))
    assert [(h.pole, h.phrase) for h in found] == [("a", '"coup attempt"'), ("b", "«régimen»")]


def test_punctuation_inside_a_phrase_is_bridged_where_the_phrase_has_it():
    axis = Axis("x", "q", Pole("A", ("U.S. sanctions",)), Pole("B", ("coup attempt",)))
    text = "new U.S. sanctions, and a coup. Attempt"
    assert [h.matched(text) for h in find_hits(text, (axis,))] == ["U.S. sanctions"]


def test_aliases_with_punctuation_find_their_actor():
    from ingest.config import Actor
    from models.actors import find_mentions

    actors = (
        Actor("Juan Guaidó", ("'acting president'", "presidente «encargado»")),
        Actor("Nicolás Maduro", ("«el usurpador»",)),
    )
    text = "The ‘acting president’ met the acting president; el «usurpador» y «el usurpador»."
    assert [(m.actor, text[m.start : m.end]) for m in find_mentions(text, actors)] == [
        ("Juan Guaidó", "‘acting president’"),
        ("Nicolás Maduro", "«el usurpador»"),
    ]
    text = "el presidente «encargado» Juan Guaidó"
    assert [text[m.start : m.end] for m in find_mentions(text, actors)] == [
        "presidente «encargado»",
        "Juan Guaidó",
    ]
