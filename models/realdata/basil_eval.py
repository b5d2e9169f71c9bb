"""Every measure checked on BASIL, in one list: each measure's module under models/realdata
(basil_tone, basil_quotes, basil_claims) that is present contributes its figures."""

from __future__ import annotations

import importlib
from pathlib import Path

from models.realdata import Figure

MEASURES = ("basil_tone", "basil_quotes", "basil_claims")


def evaluate(folder: Path) -> list[Figure]:
    """The figures of every BASIL measure module that exists, in MEASURES order."""
    figures: list[Figure] = []
    for name in MEASURES:
        try:
            module = importlib.import_module(f"models.realdata.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"models.realdata.{name}":
                raise  # the module exists but one of its own imports is broken
            continue
        figures += module.evaluate(folder)
    return figures
