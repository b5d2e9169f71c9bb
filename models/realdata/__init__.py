"""Measures checked on real data labelled by other people, beside a naive baseline.

Each module here reads one public data set from a folder given by the user (`--data DIR`):
`DIR/<folder>` in the layout the data set's own README gives. Its `evaluate(folder)` returns
`Figure`s: the product's figure and, measured in the same run, the baseline it has to beat.
Nothing from these data sets is shipped: the code says where to get them (`SOURCES`).

`evaluation/gate.json`'s section `real` holds each metric's minimum (or maximum); the tests
check it whenever the data folder is there, and skip saying so when it is not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure on real data, with the naive baseline measured beside it."""

    metric: str
    value: float
    baseline: float | None = None
    baseline_name: str = ""
    means: str = ""
    # lines worth reading beside the figure (for example each page a rule got wrong)
    notes: tuple[str, ...] = ()


# data set -> (folder under DIR, module with `evaluate(folder) -> list[Figure]`, where to get it)
DATASETS: dict[str, tuple[str, str, str]] = {
    "extraction": (
        "extraction-dev",
        "models.realdata.extraction",
        "github.com/scrapinghub/article-extraction-benchmark (html/<id>.html.gz, "
        "ground-truth.json)",
    ),
    "basil": (
        "basil-dev",
        "models.realdata.basil_eval",
        "github.com/launchnlp/BASIL (Fan et al., EMNLP 2019; research use only)",
    ),
    "newsmtsc": (
        "newsmtsc",
        "models.realdata.newsmtsc",
        "github.com/fhamborg/NewsMTSC (Hamborg & Donnay, EACL 2021; MIT)",
    ),
}

SOURCES = {name: source for name, (_, _, source) in DATASETS.items()}


def available(data_dir: Path) -> list[str]:
    """The data sets whose folder is present under data_dir."""
    return [name for name, (folder, _, _) in DATASETS.items() if (data_dir / folder).is_dir()]


def evaluator(name: str) -> Callable[[Path], list[Figure]]:
    module = importlib.import_module(DATASETS[name][1])
    return module.evaluate


def measure(data_dir: Path, names: list[str] | None = None) -> dict[str, list[Figure]]:
    """Every figure of the named data sets (default: all present), by data set."""
    chosen = names if names is not None else available(data_dir)
    return {name: evaluator(name)(data_dir / DATASETS[name][0]) for name in chosen}
