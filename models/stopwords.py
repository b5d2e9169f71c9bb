"""Function words of every language with a word list, for analyses that count content words.

English takes scikit-learn's list; each word-list file (models/lexicon) may add its own under
`stop_words`. Lower case and without accents, to be checked against folded text
(models.text.fold).
"""

from __future__ import annotations

from functools import cache

from models.words import words

SPANISH = words("stop_words", "es")


@cache
def stop_words() -> frozenset[str]:
    """Every language's function words (built on first use: scikit-learn's list comes with
    scikit-learn's import, which a dashboard reading stored tables need not wait for)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | words("stop_words")


def __getattr__(name: str) -> frozenset[str]:
    # STOP_WORDS as it was: a module constant, now made when first asked for
    if name == "STOP_WORDS":
        return stop_words()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
