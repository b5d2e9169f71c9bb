"""Where the files shipped with the code are: the default config, the demo seeds, the samples.

In a checkout they are the top-level folders `config/`, `seeds/` and `evaluation/`. An installed
wheel holds the same folders as package data under `ingest/packaged/` (pyproject.toml maps
them there), because a wheel can only install files inside its packages. Every module asks
here rather than walking up from its own file, so both layouts are found by one rule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

__all__ = ["CONFIG", "EVALUATION", "SEEDS", "resource_dir", "sample", "seed_pages"]

_INSTALLED = Path(__file__).resolve().parent / "packaged"
_CHECKOUT = Path(__file__).resolve().parent.parent
FOLDERS = ("config", "seeds", "evaluation")


def resource_dir(name: str) -> Path:
    """The shipped folder `name` (one of FOLDERS): the installed copy, else the checkout's."""
    if name not in FOLDERS:
        raise ValueError(f"no shipped folder '{name}'; one of {', '.join(FOLDERS)}")
    installed = _INSTALLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


CONFIG = resource_dir("config")
SEEDS = resource_dir("seeds")
EVALUATION = resource_dir("evaluation")


def sample(file_name: str) -> Path:
    """A labelled sample or the gate in the evaluation folder, such as `gate.json`."""
    return EVALUATION / file_name


def seed_pages(event_id: str, seeds_dir: Path = SEEDS) -> list[tuple[Path, str]]:
    """The saved pages of an event's demo, each with the URL it stands for."""
    manifest = seeds_dir / event_id / "pages.toml"
    if not manifest.is_file():
        return []
    with manifest.open("rb") as handle:
        pages = tomllib.load(handle).get("page", [])
    return [(manifest.parent / p["file"], p["url"]) for p in pages]
