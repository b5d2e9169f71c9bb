"""Actor labels: the titles and descriptors each outlet attaches to each actor.

(Placeholder: returns the documented tables, empty, until the analysis is built.)
"""

from __future__ import annotations

import pandas as pd

from models.corpus import Corpus

COLUMNS = ["outlet", "actor", "label", "kind", "count", "example"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    return {"actor_labels": pd.DataFrame(columns=COLUMNS)}
