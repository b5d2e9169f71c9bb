"""Word lists as data: one TOML file per language in models/lexicon/, read and folded once.

Each file (`en.toml`, `es.toml`, ...) holds the same kinds of words under the same keys:
determiners, connectors, time words, auxiliaries, role nouns, speech verbs, first names that
give a gender, and so on (the files say what each key is for). Quotes, actor labels, tone and
the content-word filter read them from here, so a kind of word is listed once for all of them.

A language is found by its file: adding one is adding `<code>.toml` with the keys it needs
(a key left out is an empty list for that language). The rules apply the union of a key over
every language, as they always did for English and Spanish together: an article does not have
to say its language for a Spanish attribution to be read.

- `words(key)`: a block of words, folded (models.text.fold: no case, no accents), as a set.
- `phrases(key)`: an array of phrases, each as a tuple of folded words ("according to").
- `table(key)`: a table of word -> value, merged over the languages; keys lower case but not
  folded, where an accent tells two words apart (Spanish "él" the pronoun, "el" the article).
- `synonyms(key)`: a table of phrase -> list of words, folded.
- `flagged(key)`: the languages whose file sets `key = true` (`pro_drop`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from ingest.errors import ConfigError
from models.text import fold

PACKAGE_FOLDER = "lexicon"


def read_folder(folder: Traversable) -> dict[str, dict[str, Any]]:
    """language code -> its file's content, for every `<code>.toml` in a folder."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        try:
            found[entry.name.removesuffix(".toml")] = tomllib.loads(entry.read_text("utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(
                f"{PACKAGE_FOLDER}/{entry.name}: not valid TOML ({error}); fix the word list"
            ) from error
    return found


@cache
def lexicons() -> dict[str, dict[str, Any]]:
    """Every word-list file shipped in models/lexicon, by language (read once)."""
    return read_folder(resources.files("models").joinpath(PACKAGE_FOLDER))


def languages() -> tuple[str, ...]:
    """The languages that have a word-list file."""
    return tuple(lexicons())


def _values(key: str, language: str | None) -> list[Any]:
    chosen = [language] if language else list(lexicons())
    return [lexicons()[code][key] for code in chosen if key in lexicons().get(code, {})]


@cache
def words(key: str, language: str | None = None) -> frozenset[str]:
    """The folded words of a key, over every language (or one)."""
    found: set[str] = set()
    for value in _values(key, language):
        if not isinstance(value, str):
            raise ConfigError(f"models/lexicon: '{key}' must be a block of words")
        found.update(fold(value).split())
    return frozenset(found)


@cache
def phrases(key: str) -> tuple[tuple[str, ...], ...]:
    """The phrases of a key, each as its folded words, over every language, in file order."""
    found: list[tuple[str, ...]] = []
    for value in _values(key, None):
        for phrase in value:
            words_of = tuple(fold(phrase).split())
            if words_of and words_of not in found:
                found.append(words_of)
    return tuple(found)


@cache
def table(key: str) -> dict[str, str]:
    """A table of word -> value over every language; words lower case, accents kept."""
    merged: dict[str, str] = {}
    for value in _values(key, None):
        merged.update({word.lower(): str(meant) for word, meant in value.items()})
    return merged


@cache
def synonyms(key: str) -> dict[str, frozenset[str]]:
    """A table of folded phrase -> its folded words, over every language, in file order."""
    merged: dict[str, frozenset[str]] = {}
    for value in _values(key, None):
        for phrase, meant in value.items():
            merged[" ".join(fold(phrase).split())] = frozenset(fold(" ".join(meant)).split())
    return merged


def flagged(key: str) -> tuple[str, ...]:
    """The languages whose file sets `key = true`."""
    return tuple(code for code, data in lexicons().items() if data.get(key) is True)
