"""The trained tone model: a sentence's tone toward one target, from the words around it.

A scikit-learn pipeline trained on NewsMTSC (see models/tone_model.md and models/tone_train.py)
reads one (sentence, target mentions) pair at a time and gives the probabilities of the three
classes negative, neutral, positive. It is target-dependent: the features are built around
the mentions, so two people in one sentence can get different tones.

Features (`features()`), one row per pair:
- masked: the sentence with the target's mentions replaced by a placeholder, so the model learns
  what is said about "the target", not who the target is;
- window: the words up to WINDOW tokens either side of the mentions, each marked left or right
  (l_ / r_) and near (n) or far, so "X criticised Y" reads differently for X and for Y;
- clause: the clause around the mentions as models.tone cuts it (the placeholder in place);
- lexicon: VADER's compound, positive and negative scores of that clause (news words taken
  out, as in models.tone); and the lexicon valence of the words left and right of the
  target, each word weighted by 1 / its distance in tokens, and of the words next to it;
- voice: whether the target sits inside a quotation, whether the sentence quotes anyone, and
  whether a verb of saying follows or precedes the target (its own words are often neutral
  reporting).

`load()` reads the packaged model once, refusing any type outside the list TRUSTED.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models import tone as lexicon
from models.actors import Mention

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

MODEL_FILE = Path(__file__).resolve().parent / "tone_model.skops"
CLASSES = ("negative", "neutral", "positive")
PLACEHOLDER = "zztarget"
WINDOW = 6
NEAR = 2
TEXT_COLUMNS = ("masked", "window", "clause")
NUMBER_COLUMNS = (
    "clause_compound",
    "clause_pos",
    "clause_neg",
    "left_valence",
    "right_valence",
    "near_valence",
    "in_quote",
    "has_quote",
    "says_after",
    "says_before",
)
COLUMNS = TEXT_COLUMNS + NUMBER_COLUMNS

# Types trusted beyond skops' own defaults (scikit-learn's estimators, numpy, scipy). The saved
# pipeline needs none: every custom step is avoided, the features are built before it. Any
# type outside skops' defaults and this list is refused.
TRUSTED: tuple[str, ...] = ()

_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")
_SAYING = re.compile(
    r"^(?:said|says|say|told|tells|added|adds|argued|argues|wrote|writes|stated|states|"
    r"claimed|claims|insisted|insists|explained|explains|according|asked|asks|noted|notes)$"
)


def _masked(sentence: str, spans: list[tuple[int, int]]) -> str:
    parts, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(sentence[last:start])
        parts.append(f" {PLACEHOLDER} ")
        last = end
    parts.append(sentence[last:])
    return "".join(parts)


def _polarity_word(valence: float) -> str:
    """A lexicon word's class, so the model generalises past the words it was trained on."""
    if valence <= -1.5:
        return "lexneg2"
    if valence < 0:
        return "lexneg1"
    return "lexpos2" if valence >= 1.5 else "lexpos1"


def _window(tokens: list[str], where: list[int], valence: dict[str, float]) -> str:
    """Tokens around each placeholder, marked by side and distance, with their lexicon
    class beside them."""
    words = []
    for i in where:
        for k in range(max(0, i - WINDOW), min(len(tokens), i + WINDOW + 1)):
            if k == i or tokens[k] == PLACEHOLDER:
                continue
            side = "l" if k < i else "r"
            near = "n" if abs(k - i) <= NEAR else "f"
            words.append(f"{side}{near}_{tokens[k]}")
            if tokens[k] in valence:
                words.append(f"{side}{near}_{_polarity_word(valence[tokens[k]])}")
    return " ".join(words)


def _weighted_valence(
    tokens: list[str], where: list[int], valence: dict[str, float]
) -> tuple[float, float, float]:
    """Lexicon valence of the words left and right of the target, each weighted by
    1 / distance to the nearest mention; and of the words within NEAR tokens."""
    left = right = near = 0.0
    if not where:
        return left, right, near
    for k, token in enumerate(tokens):
        value = valence.get(token)
        if value is None or token == PLACEHOLDER:
            continue
        distance = min(abs(k - i) for i in where)
        if distance <= NEAR:
            near += value
        weighted = value / distance
        if k < min(where):
            left += weighted
        else:
            right += weighted
    return left, right, near


def _quoted(cuts: tuple[int, ...], start: int) -> bool:
    # cuts alternate opening, closing: the target is quoted if it falls inside a pair
    for opening, closing in zip(cuts[0::2], cuts[1::2], strict=False):
        if opening <= start < closing:
            return True
    return False


def features(
    sentence: str,
    spans: list[tuple[int, int]],
    clause: str | None = None,
    clause_scores: dict[str, float] | None = None,
) -> dict[str, object]:
    """The feature row of one sentence toward the target mentioned at spans (offsets); the
    clause (models.tone.target_clause) and its VADER scores are computed unless given."""
    masked = _masked(sentence, spans)
    tokens = [t.lower() for t in _TOKEN.findall(masked)]
    where = [i for i, t in enumerate(tokens) if t == PLACEHOLDER]
    after = {tokens[k] for i in where for k in range(i + 1, min(len(tokens), i + 4))}
    before = {tokens[k] for i in where for k in range(max(0, i - 3), i)}
    if clause is None:
        clause = lexicon.target_clause(sentence, [Mention("", "", s, e) for s, e in spans])
    valence = lexicon.news_analyser().lexicon
    left, right, near = _weighted_valence(tokens, where, valence)
    if clause_scores is None:
        clause_scores = lexicon.news_analyser().polarity_scores(clause)
    first = min(start for start, _ in spans)
    cuts = lexicon.quotation_cuts(sentence)
    return {
        "masked": masked,
        "window": _window(tokens, where, valence),
        "clause": _masked_clause(clause, sentence, spans),
        "clause_compound": clause_scores["compound"],
        "clause_pos": clause_scores["pos"],
        "clause_neg": clause_scores["neg"],
        "left_valence": left,
        "right_valence": right,
        "near_valence": near,
        "in_quote": float(_quoted(cuts, first)),
        "has_quote": float(bool(cuts)),
        "says_after": float(any(_SAYING.match(w) for w in after)),
        "says_before": float(any(_SAYING.match(w) for w in before)),
    }


def _masked_clause(clause: str, sentence: str, spans: list[tuple[int, int]]) -> str:
    out = clause
    for start, end in spans:
        mention = sentence[start:end].strip()
        if mention:
            out = out.replace(mention, f" {PLACEHOLDER} ")
    return out


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Feature rows as the DataFrame the pipeline reads (columns in COLUMNS order)."""
    return pd.DataFrame(rows, columns=list(COLUMNS))


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Pipeline:
    """The saved pipeline, read once; refuses a file that needs a type outside TRUSTED."""
    import skops.io
    from skops.io.exceptions import UntrustedTypesFoundException

    # skops checks every type against skops' defaults and TRUSTED while it loads, so the file
    # is read once (a separate scan first read it twice, a second of the tone step's cost)
    try:
        return skops.io.load(path, trusted=list(TRUSTED))
    except UntrustedTypesFoundException as error:
        raise ValueError(f"{path.name}: refusing to load untrusted types ({error})") from error


def probabilities(rows: list[dict[str, object]], model: Pipeline | None = None) -> np.ndarray:
    """P(negative), P(neutral), P(positive) for each feature row, in CLASSES order."""
    if not rows:
        return np.zeros((0, len(CLASSES)))
    pipeline = model if model is not None else load()
    order = [list(pipeline.classes_).index(c) for c in CLASSES]
    return pipeline.predict_proba(frame(rows))[:, order]
