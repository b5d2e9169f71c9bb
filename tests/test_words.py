"""The shared word lists: one file per language, found by its file, folded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import ConfigError
from models import labels, stopwords, tone, words
from models.quotes import lists


def test_every_language_file_is_found_and_uses_the_known_keys():
    found = words.lexicons()
    assert {"en", "es"} <= set(found)
    known = set(found["en"]) | set(found["es"])
    for language, data in found.items():
        assert data.get("language") == language, language
        assert set(data) <= known, (language, set(data) - known)


def test_a_new_language_is_one_more_file(tmp_path: Path):
    (tmp_path / "en.toml").write_text('language = "en"\nspeech_verbs = "said"\n', "utf-8")
    (tmp_path / "pt.toml").write_text(
        'language = "pt"\npro_drop = true\nspeech_verbs = "afirmou disse declarou"\n', "utf-8"
    )
    found = words.read_folder(tmp_path)
    assert list(found) == ["en", "pt"]
    assert found["pt"]["pro_drop"] is True


def test_a_broken_file_is_named_in_one_line(tmp_path: Path):
    (tmp_path / "fr.toml").write_text('speech_verbs = "a dit', "utf-8")
    with pytest.raises(ConfigError, match=r"lexicon/fr\.toml: not valid TOML"):
        words.read_folder(tmp_path)


def test_words_are_folded_and_shared_across_languages():
    speech = words.words("speech_verbs")
    assert {"said", "afirmo", "senalo"} <= speech  # "afirmó", "señaló" folded
    assert words.words("speech_verbs", "en") < speech
    assert speech == lists.SPEECH_VERBS
    assert speech <= labels.VERBS  # a speech verb is never part of a title
    assert labels.ROLE_WORDS == lists.ROLES == words.words("role_nouns")
    assert words.words("speech_verbs", "es") == lists.SUBJECTLESS_VERBS


def test_pronouns_keep_their_accent():
    # Spanish "él" is a pronoun, "el" an article: the table is lower case, not folded
    assert words.table("pronouns")["él"] == "m"
    assert "el" not in words.table("pronouns")


def test_phrases_and_synonyms_are_folded_word_tuples():
    assert ("segun",) in words.phrases("according")
    assert ("according", "to") in words.phrases("according")
    assert words.synonyms("description_synonyms")["jefe de estado"] == {"presidente", "presidenta"}


def test_tone_and_stop_words_come_from_the_files():
    assert words.words("not_sentiment", "en") == tone.NEWS_WORDS
    assert "tambien" in stopwords.STOP_WORDS and "the" in stopwords.STOP_WORDS


def test_the_word_lists_ship_with_the_package():
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    assert '"**/*.toml"' in text  # models' package data: models/lexicon/*.toml among them
