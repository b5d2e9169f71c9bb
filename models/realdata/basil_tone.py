"""Tone toward the main entities on BASIL, against the experts' "author's feeling".

For each of BASIL's events (Fox News, the New York Times, HuffPost on one story), the product's
own tone analysis (models.tone.analyse) runs on the event's three articles, the event's main
entities being its actors. Each outlet's tone toward an entity (actor_tone.tone, -1 to +1) is
compared with the annotators' judgement of that article's author's feeling toward it
(neg / neu / pos, taken as -1 / 0 / +1). Pairs where the outlet never mentions the entity in a
scored sentence have no tone and are left out (their count is reported).

Figures:
- basil_tone_spearman: Spearman's rank correlation of tone with the annotators' feeling.
  Baseline: 0, what a tone unrelated to the feeling gives. basil_tone_spearman_heldout: the
  same on the second half of the events (sorted by id), which no choice of the aggregation
  (the mean of the sentences' tones; see below) was made on.
- basil_tone_accuracy: 3-class accuracy, the tone read as neg below -T, pos above +T, neu
  between. T is chosen on the first half of the events (sorted by id) as the value, on a grid
  of 0 to 0.5 in steps of 0.01, with the best accuracy there (the middle of a tie); the figure
  is on all pairs, and basil_tone_accuracy_heldout on the second half only. Baseline: always
  answering the majority class of the first half (the same on both halves' figures).
- basil_tone_macro_f1 on all pairs, with the majority class's macro-F1 as baseline.

How sentence tones become an outlet's tone toward an entity was compared on the first half of
the events only (Spearman there, current model): the mean of the sentences' tones 0.127, their
median 0.146, the mean weighted by confidence (1 - P(neutral)) 0.136, the sum over the square
root of the count 0.140, the mean shrunk toward 0 (sum / (n + 3)) 0.137, the mean P(negative)
0.129; leaving out sentences with quotation marks lowered it (0.079), and centring each outlet
on the event's mean for that entity gave 0.134. None is a real gain on about 130 pairs, so the
mean, what the dashboard shows, is kept. The plain sum of the tones gets 0.141 on this half
(0.19 on all pairs), but it grows with the number of sentences, and that number alone
correlates with the experts' feeling (-0.13 on all pairs: outlets that write more about an
entity are more often judged negative toward it): volume, not tone, so it is not used.
Mentions are the entity's name and surname; pronouns are not followed.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from models import tone
from models.realdata import Figure, basil

logger = logging.getLogger(__name__)

FEELING = {"neg": -1.0, "neu": 0.0, "pos": 1.0}
CLASS_OF = {-1.0: "negative", 0.0: "neutral", 1.0: "positive"}
GRID = [round(0.01 * i, 2) for i in range(51)]


@dataclass(frozen=True)
class Pair:
    event: str
    outlet: str
    entity: str
    feeling: float  # the annotators': -1, 0, +1
    tone: float  # the product's, nan when the outlet has no scored sentence about the entity
    sentences: int


def pairs(folder: Path) -> list[Pair]:
    """One pair per article × main entity the annotators judged, in event id order."""
    found = []
    for event in basil.load(folder):
        table = tone.analyse(event.corpus)["actor_tone"]
        by_key = {(r.outlet, r.actor): r for r in table.itertuples(index=False)}
        for record in event.records.values():
            for entity in record.get("main_entities") or []:
                feeling = basil.author_feeling(record, entity)
                if feeling not in FEELING:
                    continue
                row = by_key.get((record["outlet"], basil.entity_name(entity)))
                n = int(row.sentences) if row is not None else 0
                value = float(row.tone) if n else math.nan
                found.append(Pair(event.id, record["outlet"], entity, FEELING[feeling], value, n))
    return found


def classify(values: np.ndarray, threshold: float) -> np.ndarray:
    return np.where(values > threshold, 1.0, np.where(values < -threshold, -1.0, 0.0))


def accuracy(values: np.ndarray, gold: np.ndarray, threshold: float) -> float:
    return float(np.mean(classify(values, threshold) == gold)) if len(gold) else math.nan


def tune_threshold(values: np.ndarray, gold: np.ndarray) -> float:
    scores = [accuracy(values, gold, t) for t in GRID]
    best = [t for t, s in zip(GRID, scores, strict=True) if s == max(scores)]
    return best[len(best) // 2]


def _macro_f1(predicted: np.ndarray, gold: np.ndarray) -> float:
    return tone.macro_f1([CLASS_OF[p] for p in predicted], [CLASS_OF[g] for g in gold])


def evaluate(folder: Path) -> list[Figure]:
    """Spearman, accuracy (all and held-out half) and macro-F1, beside their baselines."""
    found = pairs(folder)
    scored = [p for p in found if not math.isnan(p.tone)]
    if len(scored) < 2:  # nothing to correlate (a folder of a few records)
        logger.info("basil tone: %d scored pairs, no figure", len(scored))
        return []
    events = sorted({p.event for p in found})
    tuning_events = set(events[: len(events) // 2])
    values = np.array([p.tone for p in scored])
    gold = np.array([p.feeling for p in scored])
    tuning = np.array([p.event in tuning_events for p in scored], dtype=bool)
    threshold = tune_threshold(values[tuning], gold[tuning])
    majority = pd.Series(gold[tuning]).mode().min()
    predicted = classify(values, threshold)
    always = np.full(len(gold), majority)
    spearman = float(pd.Series(values).corr(pd.Series(gold), method="spearman"))
    spearman_heldout = float(
        pd.Series(values[~tuning]).corr(pd.Series(gold[~tuning]), method="spearman")
    )
    logger.info("basil tone: threshold %.2f, majority %s", threshold, majority)
    n, left_out = len(scored), len(found) - len(scored)
    where = f"{n} outlet × entity pairs of BASIL, {left_out} more without a scored mention"
    return [
        Figure(
            "basil_tone_spearman",
            spearman,
            0.0,
            "no relation",
            f"Spearman of outlet tone with the annotators' author feeling ({where})",
        ),
        Figure(
            "basil_tone_spearman_heldout",
            spearman_heldout,
            0.0,
            "no relation",
            f"the same Spearman on the second half of the events by id ({int((~tuning).sum())} "
            "pairs)",
        ),
        Figure(
            "basil_tone_accuracy",
            float(np.mean(predicted == gold)),
            float(np.mean(always == gold)),
            f"always {CLASS_OF[majority]}",
            f"3-class accuracy, tone beyond ±{threshold:.2f} read as neg/pos ({where})",
        ),
        Figure(
            "basil_tone_accuracy_heldout",
            float(np.mean(predicted[~tuning] == gold[~tuning])),
            float(np.mean(always[~tuning] == gold[~tuning])),
            f"always {CLASS_OF[majority]}",
            f"the same on the second half of the events by id, not used to choose ±{threshold:.2f}",
        ),
        Figure(
            "basil_tone_macro_f1",
            _macro_f1(predicted, gold),
            _macro_f1(always, gold),
            f"always {CLASS_OF[majority]}",
            f"macro-F1 of the same 3 classes ({where})",
        ),
    ]
