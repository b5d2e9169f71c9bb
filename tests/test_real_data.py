"""The real-data gate: every measure with labelled third-party data meets its bar on it.

The data is not in the repository (see models/realdata): set FRAMING_DATA to the folder that
holds the data sets (`.ci/run` does when it is beside the project); without it these skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from models import realdata
from models.evaluation import load_real_gate, real_failures
from models.evaluation import real_figures as real_gate_figures


def _data_dir() -> Path | None:
    value = os.environ.get("FRAMING_DATA", "")
    return Path(value) if value and Path(value).is_dir() else None


@pytest.fixture(scope="module")
def real_figures() -> tuple[dict[str, float], set[str]]:
    data = _data_dir()
    if data is None:
        pytest.skip("no real data: set FRAMING_DATA to the folder of the labelled data sets")
    measured = realdata.measure(data)
    if not measured:
        pytest.skip(f"FRAMING_DATA={data} holds none of {sorted(realdata.DATASETS)}")
    figures = {f.metric: f.value for figs in measured.values() for f in figs}
    return figures, set(measured)


def test_real_data_meets_the_gate(real_figures):
    figures, measured = real_figures
    assert real_failures(figures, load_real_gate(), measured) == []


def test_every_real_bar_names_a_known_data_set():
    for name, (_, _, data) in load_real_gate().items():
        assert data in realdata.DATASETS, name


def test_the_figures_the_pages_show_are_the_ones_measured(real_figures):
    # the method notes read `measured` from the gate: it must be today's figure, not a stale one
    figures, measured = real_figures
    for entry in realdata_entries():
        if entry["data"] in measured and "measured" in entry:
            assert entry["measured"] == pytest.approx(figures[entry["metric"]], abs=0.0015), entry


def realdata_entries() -> list[dict]:
    return real_gate_figures(list(load_real_gate()))
