"""Do "only here" sentences carry the experts' informational bias more often than others?

BASIL's experts mark sentences that carry informational bias: content chosen to sway the
reader (tangential, speculative or one-sided facts). An outlet's exclusive sentence is where
such a choice shows, so a useful "only here" mark should pick out biased sentences more often
than a sentence taken at random.

Per event, the claims analysis (models.claims) runs on the event's three articles. Each of
the product's sentences is mapped to the BASIL sentence it overlaps most (character offsets
into the same text) and takes that sentence's `informational_bias` flag. The figures:

- basil_only_here_bias_rate: share of "only here" sentences (exclusive_claims) flagged;
- basil_sentence_bias_rate: share of all the product's sentences flagged (the base rate);
- basil_only_here_bias_ratio: the first over the second (1.0: the mark says nothing), on all
  events; its baseline is "every sentence not in the article's first paragraph" measured the
  same way, a mark that needs no analysis at all;
- basil_only_here_bias_ratio_heldout: the same ratio on the second half of the events (sorted
  ids); the rules of models.claims were tuned on the first half only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from models import claims
from models.realdata import Figure
from models.realdata.basil import BasilEvent, load


def sentence_flags(event: BasilEvent) -> pd.DataFrame:
    """The product's sentences of the event with `biased` (the experts' flag) and `paragraph`."""
    sentences = event.corpus.sentences.reset_index(drop=True)
    biased = np.zeros(len(sentences), dtype=bool)
    paragraph = np.zeros(len(sentences), dtype=np.int64)
    for i, (url, start, end) in enumerate(
        zip(sentences.url, sentences.start, sentences.end, strict=True)
    ):
        best, overlap = None, 0
        for gold in event.records[url].get("sentences") or []:
            shared = min(end, gold.get("end", 0)) - max(start, gold.get("start", 0))
            if shared > overlap:
                best, overlap = gold, shared
        if best is not None:
            biased[i] = bool(best.get("informational_bias"))
            paragraph[i] = int(best.get("paragraph", 0))
    return sentences.assign(biased=biased, paragraph=paragraph)


def event_counts(event: BasilEvent) -> dict[str, int]:
    """Flagged and total counts of all, "only here" and not-first-paragraph sentences."""
    flags = sentence_flags(event)
    exclusive = claims.analyse(event.corpus)["exclusive_claims"]
    keys = set(zip(exclusive.url, exclusive.sentence, strict=True))
    only_here = np.array(
        [(u, t) in keys for u, t in zip(flags.url, flags.text, strict=True)], dtype=bool
    )
    first = flags.groupby("url")["paragraph"].transform("min")
    later = (flags.paragraph > first).to_numpy()
    biased = flags.biased.to_numpy()
    return {
        "all": len(flags),
        "all_biased": int(biased.sum()),
        "only_here": int(only_here.sum()),
        "only_here_biased": int((only_here & biased).sum()),
        "later": int(later.sum()),
        "later_biased": int((later & biased).sum()),
    }


def _rate(counts: dict[str, int], part: str) -> float:
    return counts[f"{part}_biased"] / counts[part] if counts[part] else 0.0


def _ratio(counts: dict[str, int], part: str) -> float:
    base = _rate(counts, "all")
    return _rate(counts, part) / base if base else 0.0


def totals(events: list[BasilEvent]) -> dict[str, int]:
    parts = ("all", "only_here", "later")
    summed = {key: 0 for part in parts for key in (part, f"{part}_biased")}
    for event in events:
        for key, value in event_counts(event).items():
            summed[key] = summed.get(key, 0) + value
    return summed


def evaluate(folder: Path) -> list[Figure]:
    """The figures of the module docstring, on every event and on the held-out half."""
    events = load(folder)
    half = len(events) // 2
    tuned, held_out = totals(events[:half]), totals(events[half:])
    every = {key: tuned[key] + held_out[key] for key in tuned}
    n = every["only_here"]
    return [
        Figure(
            "basil_only_here_bias_ratio",
            _ratio(every, "only_here"),
            _ratio(every, "later"),
            "sentences not in the first paragraph",
            f"informational-bias rate of 'only here' sentences over that of all sentences "
            f"({n} only here of {every['all']}, {len(events)} events)",
        ),
        Figure(
            "basil_only_here_bias_ratio_heldout",
            _ratio(held_out, "only_here"),
            _ratio(held_out, "later"),
            "sentences not in the first paragraph",
            f"the same ratio on the {len(events) - half} events the rules were not tuned on "
            f"({held_out['only_here']} only here of {held_out['all']})",
        ),
        Figure(
            "basil_only_here_bias_rate",
            _rate(every, "only_here"),
            _rate(every, "all"),
            "all sentences",
            "share of 'only here' sentences the experts flag as informational bias",
        ),
    ]
