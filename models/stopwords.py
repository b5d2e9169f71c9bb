"""Function words of every language with a word list, for analyses that count content words.

English takes scikit-learn's list; each word-list file (models/lexicon) may add its own under
`stop_words`. Lower case and without accents, to be checked against folded text
(models.text.fold).
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from models.words import words

SPANISH = words("stop_words", "es")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | words("stop_words")
