"""Wire copies: near-identical articles, found without comparing all pairs.

(Placeholder: finds nothing until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

COLUMNS = ["url", "outlet", "duplicate_of", "original_outlet", "similarity"]


def find_duplicates(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per copy, naming the article it copies (the one counted)."""
    return pd.DataFrame(columns=COLUMNS)
