"""Claims and omissions: similar sentences across outlets grouped into claims.

(Placeholder: returns the documented tables, empty, until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus

CLAIM_COLUMNS = ["claim", "text", "outlets", "n_outlets", "sentences"]
MEMBER_COLUMNS = ["claim", "outlet", "url", "sentence"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {
        "claims": pd.DataFrame(columns=CLAIM_COLUMNS),
        "claim_matrix": pd.DataFrame(columns=["claim"]),
        "claim_sentences": pd.DataFrame(columns=MEMBER_COLUMNS),
    }
