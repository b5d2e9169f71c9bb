"""Every measure checked on BASIL (basil-dev), one data set entry for all of them.

Each measure with BASIL figures has its own module (`basil_quotes`, and `basil_tone` and
`basil_claims` where they exist); `evaluate(folder)` runs each one present and returns their
figures together, so `framing evaluate basil --data DIR` reads the folder for all of them.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from models.realdata import Figure

LOGGER = logging.getLogger(__name__)

# the modules with BASIL figures, in the order their figures are printed
MEASURES = ("basil_quotes", "basil_tone", "basil_claims")


def evaluate(folder: Path) -> list[Figure]:
    """The figures of every BASIL measure present in this package."""
    figures: list[Figure] = []
    for name in MEASURES:
        try:
            module = importlib.import_module(f"models.realdata.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"models.realdata.{name}":
                raise  # a module that is there but fails to import is a bug, not absent
            LOGGER.debug("no %s here", name)
            continue
        figures.extend(module.evaluate(folder))
    return figures
