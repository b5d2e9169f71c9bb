"""The evaluation gate: each analysis measured on the team's own labelled samples.

`evaluation/gate.json` holds the minimum figure for each metric. CI checks that every figure
meets its minimum. Raising a minimum is an ordinary commit; lowering one is refused unless the
commit that lowers it says so in a line `Gate-lowered: <metric>: <reason>` (see
`lowered_minimums`, run over the file's history by the tests), so a lower bar is never silent.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ingest.resources import sample
from models import registry

GATE = sample("gate.json")

# Each analysis's evaluate() (declared in models.registry) reads its own samples in
# evaluation/ and returns named figures.
EVALUATIONS: dict[str, Callable[[], dict[str, float]]] = registry.evaluations()


def measure_all() -> dict[str, float]:
    """Every figure of every analysis, by metric name."""
    figures: dict[str, float] = {}
    for evaluate in EVALUATIONS.values():
        figures.update(evaluate())
    # plain sentence-level VADER loses to always answering "neutral" on news: the tone
    # measure must beat that baseline, not only reach a number
    if "tone_agreement" in figures:
        figures["tone_gain_over_always_neutral"] = (
            figures["tone_agreement"] - figures["tone_always_neutral"]
        )
    return figures


def load_minimums(text: str | None = None) -> dict[str, float]:
    """metric -> minimum, from the gate file's text (default: the file as it is now)."""
    data = json.loads(text if text is not None else GATE.read_text(encoding="utf-8"))
    return {name: float(entry["minimum"]) for name, entry in data["minimums"].items()}


def load_real_gate(text: str | None = None) -> dict[str, tuple[str, float, str]]:
    """metric -> ("minimum" or "maximum", bound, data set), from the gate's `real` section."""
    data = json.loads(text if text is not None else GATE.read_text(encoding="utf-8"))
    bars = {}
    for name, entry in data.get("real", {}).items():
        kind = "minimum" if "minimum" in entry else "maximum"
        bars[name] = (kind, float(entry[kind]), entry["data"])
    return bars


def real_figures(metrics: list[str], text: str | None = None) -> list[dict]:
    """The gate's `real` entries of these metrics, in that order, each with its name: the
    figure last measured (`measured`), its bar and what it means; metrics absent are left out."""
    data = json.loads(text if text is not None else GATE.read_text(encoding="utf-8"))
    real = data.get("real", {})
    return [{"metric": name, **real[name]} for name in metrics if name in real]


def load_bars(text: str | None = None) -> dict[str, float]:
    """Every bar of the gate as a minimum (a maximum m counts as the minimum -m), so the
    lowering rule reads one way for both sections."""
    bars = load_minimums(text)
    for name, (kind, bound, _) in load_real_gate(text).items():
        bars[f"real:{name}"] = bound if kind == "minimum" else -bound
    return bars


def real_failures(
    figures: dict[str, float], gate: dict[str, tuple[str, float, str]], measured: set[str]
) -> list[str]:
    """One line per real-data bar not met, for the data sets that were measured."""
    lines = []
    for name, (kind, bound, data) in sorted(gate.items()):
        if data not in measured:
            continue
        if name not in figures:
            lines.append(f"{name}: not measured on {data} ({kind} {bound})")
        elif kind == "minimum" and not figures[name] >= bound:
            lines.append(f"{name}: {figures[name]:.3f} is below the minimum {bound}")
        elif kind == "maximum" and not figures[name] <= bound:
            lines.append(f"{name}: {figures[name]:.3f} is above the maximum {bound}")
    return lines


def failures(figures: dict[str, float], minimums: dict[str, float]) -> list[str]:
    """One line per metric below its minimum or not measured at all."""
    lines = []
    for name, minimum in sorted(minimums.items()):
        if name not in figures:
            lines.append(f"{name}: not measured by any evaluation (minimum {minimum})")
        elif not figures[name] >= minimum:
            lines.append(f"{name}: {figures[name]:.3f} is below the minimum {minimum}")
    return lines


def lowered_minimums(before: dict[str, float], after: dict[str, float], message: str) -> list[str]:
    """Minimums that went down (or were dropped) without a 'Gate-lowered:' line saying why."""
    explained = {
        line.split(":", 2)[1].strip()
        for line in message.splitlines()
        if line.startswith("Gate-lowered:") and line.count(":") >= 2
    }
    lines = []
    for name, minimum in before.items():
        if name in explained:
            continue
        if name not in after:
            lines.append(f"{name}: minimum {minimum} removed")
        elif after[name] < minimum:
            lines.append(f"{name}: minimum lowered from {minimum} to {after[name]}")
    return lines
