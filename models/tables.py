"""The comparison tables of an event, each a tidy DataFrame with documented columns.

The tables, their columns and what each row is are declared in models.registry (one
declaration per analysis); `build_tables` runs every registered analysis and returns the
tables in declaration order.

Wire copies are counted once: unless `include_copies` is set, every analysis but the
duplicates table itself runs on the corpus less the copies (the articles table lists every
article, copies too, each with the article it copies).
"""

from __future__ import annotations

import pandas as pd

from models import registry
from models.corpus import Corpus
from models.duplicates import find_duplicates


def inputs_of(
    corpus: Corpus, *, include_copies: bool = False, shingles: tuple | None = None
) -> registry.Inputs:
    """What the analyses run on: wire copies are found first, since every count depends on them.

    `shingles`: the documents' shingles when they were hashed already (models.distributed).
    """
    duplicates = find_duplicates(corpus.documents, shingles)
    copy_of = dict(zip(duplicates.url, duplicates.duplicate_of, strict=True))
    counted = corpus if include_copies else corpus.without(set(duplicates.url), copy_of)
    return registry.Inputs(corpus, counted, duplicates, include_copies)


def build_tables(corpus: Corpus, *, include_copies: bool = False) -> dict[str, pd.DataFrame]:
    """All tables of the event, computed from its documents and config."""
    inputs = inputs_of(corpus, include_copies=include_copies)
    produced: dict[str, pd.DataFrame] = {}
    for analysis in registry.ANALYSES:
        produced.update(registry.run(analysis, inputs))
    return {name: produced[name] for name in registry.TABLES}


def outlet_phrase_matrix(phrase_hits: pd.DataFrame, axis: str) -> pd.DataFrame:
    """Outlet × phrase counts for one axis, phrases ordered pole a first (for the heatmap)."""
    part = phrase_hits[phrase_hits.axis == axis]
    if part.empty:
        return pd.DataFrame()
    matrix = part.pivot_table(
        index="outlet", columns=["pole", "phrase"], values="count", aggfunc="sum", fill_value=0
    )
    return matrix.sort_index(axis=1)
