"""Every measure checked on BASIL (basil-dev) under one data set entry: each measure module
with BASIL figures (basil_claims, basil_quotes, basil_tone) that is present adds its figures,
so `framing evaluate basil --data DIR` reads the folder for all of them."""

from __future__ import annotations

import importlib
from pathlib import Path

from models.realdata import Figure

# the modules with BASIL figures, in the order their figures are printed
MEASURES = ("basil_quotes", "basil_tone", "basil_claims")


def evaluate(folder: Path) -> list[Figure]:
    """The figures of every BASIL measure module present, in MEASURES order."""
    figures: list[Figure] = []
    for name in MEASURES:
        try:
            module = importlib.import_module(f"models.realdata.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"models.realdata.{name}":
                raise  # a module that is there but fails to import is a bug, not an absence
            continue
        figures.extend(module.evaluate(folder))
    return figures
