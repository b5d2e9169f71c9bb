"""Voices: direct and indirect quotations, their speakers, and each outlet's words per speaker.

(Placeholder: returns the documented tables, empty, until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus

QUOTE_COLUMNS = ["outlet", "url", "speaker", "actor", "kind", "words", "text", "sentence"]
VOICE_COLUMNS = ["outlet", "speaker", "actor", "quotes", "words", "share"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {
        "quotes": pd.DataFrame(columns=QUOTE_COLUMNS),
        "voices": pd.DataFrame(columns=VOICE_COLUMNS),
    }
