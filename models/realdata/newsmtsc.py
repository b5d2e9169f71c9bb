"""NewsMTSC (Hamborg & Donnay, EACL 2021): the tone of news sentences toward the persons they
mention, labelled by annotators. Source: github.com/fhamborg/NewsMTSC (MIT licence).

Files (`DIR/newsmtsc/`): train.jsonl (what the tone model is trained on), devtest_rw.jsonl
(the "real-world" test split) and devtest_mt.jsonl (sentences with two or more targets). Each
line holds `sentence_normalized` and `targets[]` with `from`, `to`, `mention`, `polarity`
(2 negative, 4 neutral, 6 positive) and optionally `further_mentions` of the same person.

`evaluate(folder)` scores every target of both test splits by macro-F1 over the three classes:
- the product's tone model (models.tone_model), what the dashboard shows;
- in the same run, the naive baselines: always neutral, and plain VADER on the whole sentence
  (compound beyond ±0.05, VADER's own cut-off);
- and the lexicon method the product used before the model (VADER on the clause around the
  mention, news words out, the ±0.4 neutral band), kept for comparison.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models import tone, tone_model
from models.realdata import Figure

SPLITS = {"rw": "devtest_rw.jsonl", "mt": "devtest_mt.jsonl"}
TRAIN = "train.jsonl"
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


@dataclass(frozen=True)
class Target:
    sentence: str
    spans: tuple[tuple[int, int], ...]  # the target's mention first, then further mentions
    label: str


def targets(path: Path) -> Iterator[Target]:
    """Every (sentence, target) pair of one NewsMTSC file, in file order."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            sentence = record["sentence_normalized"]
            for target in record["targets"]:
                spans = [(int(target["from"]), int(target["to"]))]
                further = target.get("further_mentions", ())
                spans += [(int(m["from"]), int(m["to"])) for m in further]
                yield Target(sentence, tuple(spans), POLARITY[float(target["polarity"])])


def macro_f1(predicted: list[str], gold: list[str]) -> float:
    return tone.macro_f1(predicted, gold)


def model_labels(items: list[Target]) -> list[str]:
    rows = [tone_model.features(t.sentence, list(t.spans)) for t in items]
    probabilities = tone_model.probabilities(rows)
    return [tone_model.CLASSES[k] for k in probabilities.argmax(axis=1)]


def lexicon_labels(items: list[Target]) -> list[str]:
    """The product's former method: VADER on the target's clause, with the neutral band (on
    the mention only, as the product finds names, not pronouns)."""
    labels = []
    for t in items:
        score = tone.lexicon_score(t.sentence, list(t.spans[:1]))
        labels.append(tone.label_of(score, tone.NEUTRAL_BAND))
    return labels


def plain_labels(items: list[Target]) -> list[str]:
    analyser = tone.plain_analyser()
    return [
        tone.label_of(analyser.polarity_scores(t.sentence)["compound"], tone.PLAIN_THRESHOLD)
        for t in items
    ]


def evaluate(folder: Path) -> list[Figure]:
    """Macro-F1 of the tone model on both test splits, each beside its baselines."""
    figures = []
    for split, name in SPLITS.items():
        items = list(targets(folder / name))
        gold = [t.label for t in items]
        neutral = macro_f1(["neutral"] * len(gold), gold)
        plain = macro_f1(plain_labels(items), gold)
        lexicon = macro_f1(lexicon_labels(items), gold)
        model = macro_f1(model_labels(items), gold)
        where = f"NewsMTSC {name.removesuffix('.jsonl')}, {len(items)} targets"
        figures += [
            Figure(
                f"newsmtsc_{split}_macro_f1",
                model,
                plain,
                "plain VADER",
                f"macro-F1 of the tone model ({where})",
            ),
            Figure(
                f"newsmtsc_{split}_plain_vader_macro_f1",
                plain,
                neutral,
                "always neutral",
                f"macro-F1 of plain sentence VADER, the naive lexicon baseline ({where})",
            ),
            Figure(
                f"newsmtsc_{split}_clause_lexicon_macro_f1",
                lexicon,
                neutral,
                "always neutral",
                f"macro-F1 of the former clause lexicon method ({where})",
            ),
        ]
    return figures
