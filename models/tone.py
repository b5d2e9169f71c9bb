"""Tone toward actors: lexicon-based sentiment of the clause around each mention.

(Placeholder: returns the documented tables, empty, until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus

COLUMNS = ["outlet", "actor", "tone", "ci_low", "ci_high", "sentences", "not_scored"]
EVIDENCE_COLUMNS = ["outlet", "url", "actor", "clause", "tone", "sentence"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {
        "actor_tone": pd.DataFrame(columns=COLUMNS),
        "tone_evidence": pd.DataFrame(columns=EVIDENCE_COLUMNS),
    }
