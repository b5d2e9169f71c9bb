"""The evaluation gate: figures meet their minimums, and no minimum was lowered silently."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from models.evaluation import (
    GATE,
    failures,
    load_bars,
    load_minimums,
    lowered_minimums,
    measure_all,
)
from tests.conftest import REPO


def test_every_analysis_meets_its_minimum():
    figures = measure_all()
    assert failures(figures, load_minimums()) == []


def test_every_minimum_is_documented():
    data = json.loads(GATE.read_text(encoding="utf-8"))
    for name, entry in data["minimums"].items():
        assert entry.get("measured_on") and entry.get("means"), name
    for name, entry in data["real"].items():
        assert entry.get("data") and entry.get("means"), name
        assert ("minimum" in entry) != ("maximum" in entry), name


def test_lowering_rule():
    before = {"a": 0.8, "b": 0.5}
    assert lowered_minimums(before, {"a": 0.9, "b": 0.5}, "raise a") == []
    assert lowered_minimums(before, {"a": 0.7, "b": 0.5}, "tweak") == [
        "a: minimum lowered from 0.8 to 0.7"
    ]
    assert lowered_minimums(before, {"b": 0.5}, "drop") == ["a: minimum 0.8 removed"]
    assert lowered_minimums(before, {"a": 0.7, "b": 0.5}, "x\nGate-lowered: a: new data") == []


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(),
    reason="not a git checkout: the gate's history cannot be read",
)
def test_no_minimum_was_ever_lowered_silently():
    path = GATE.relative_to(REPO).as_posix()
    # main's own line of history: a branch merged in carries the gate as it was when it forked,
    # which would read as a lowering if its commits were interleaved by date
    commits = _git("log", "--first-parent", "--format=%H", "--reverse", "--", path).split()
    previous: dict[str, float] | None = None
    problems = []
    for commit in commits:
        current = load_bars(_git("show", f"{commit}:{path}"))
        if previous is not None:
            message = _git("log", "-1", "--format=%B", commit)
            problems += [f"{commit[:8]} {p}" for p in lowered_minimums(previous, current, message)]
        previous = current
    # and the working copy against the last commit: an uncommitted lowering has no message
    if previous is not None:
        problems += [f"uncommitted: {p}" for p in lowered_minimums(previous, load_bars(), "")]
    assert problems == []
