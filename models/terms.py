"""Distinctive terms per outlet and per outlet group: log-odds with an informative Dirichlet prior.

(Placeholder: returns the documented tables, empty, until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus

COLUMNS = ["scope", "outlet", "term", "count", "rate", "z"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {"distinctive_terms": pd.DataFrame(columns=COLUMNS)}
