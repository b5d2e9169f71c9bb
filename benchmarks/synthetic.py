"""Synthetic coverage of one event, made from a fixed vocabulary with a fixed seed.

Articles mix the constructions the analyses look for, at rates like the demo's: axis phrases,
titles before names, quotations with speakers, facts that several outlets report, and a few
wire copies republished word for word.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ingest.config import Actor, Axis, Event, Pole
from models.corpus import Corpus

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "de", "pa", "go", "bri", "tor", "fen"]
# a few thousand made-up content words, always the same
VOCABULARY = ["".join(p) for p in itertools.product(SYLLABLES, repeat=3)][:2700]
GLUE = ["the", "of", "and", "in", "to", "a", "on", "for", "with", "by", "that", "from"]
ACTORS = (
    Actor("Nicolás Maduro", ("Maduro", "Nicolas Maduro")),
    Actor("Juan Guaidó", ("Guaidó", "Guaido")),
    Actor("Sergei Ryabkov", ("Ryabkov",)),
    Actor("Mike Pompeo", ("Pompeo",)),
    Actor("Federica Mogherini", ("Mogherini",)),
)
TITLES = [
    "President",
    "opposition leader",
    "Deputy Foreign Minister",
    "Secretary of State",
    "self-proclaimed interim president",
    "embattled leader",
]
AXES = (
    Axis(
        "legitimacy",
        "q",
        Pole("government", ("legitimately elected", "coup attempt", "constitutional president")),
        Pole("opposition", ("interim president", "Maduro regime", "dictatorship")),
    ),
    Axis(
        "foreign_role",
        "q",
        Pole("interference", ("interference", "imperialist", "economic war")),
        Pole("backing", ("Russian troops", "propping up", "Russian advisers")),
    ),
)
PHRASES = [p for axis in AXES for pole in (axis.a, axis.b) for p in pole.phrases]
SPEECH = ["said", "told reporters", "added", "warned"]


def _words(rng: np.random.Generator, n: int) -> str:
    picks = rng.choice(len(VOCABULARY), n)
    glue = rng.choice(len(GLUE), n)
    return " ".join(f"{GLUE[g]} {VOCABULARY[p]}" for p, g in zip(picks, glue, strict=True))


def _sentence(rng: np.random.Generator, facts: list[str], lean: float) -> str:
    kind = rng.random()
    if kind < 0.12:
        # the same draw as rng.choice(facts), without turning the list into an array each
        # time (which made large events quadratic to generate)
        return facts[rng.integers(len(facts))]
    if kind < 0.25:
        actor = ACTORS[rng.integers(len(ACTORS))]
        return f"“{_words(rng, 6).capitalize()},” {rng.choice(SPEECH)} {actor.name}."
    if kind < 0.4:
        actor = ACTORS[rng.integers(len(ACTORS))]
        return f"{rng.choice(TITLES).capitalize()} {actor.name} {_words(rng, 7)}."
    if kind < 0.55:
        # phrases of one pole more often, by the outlet's lean
        axis = AXES[rng.integers(len(AXES))]
        pole = axis.a if rng.random() < lean else axis.b
        return f"The {rng.choice(pole.phrases)} {_words(rng, 6)}."
    return f"{_words(rng, 9).capitalize()}."


def synthetic_corpus(articles: int, seed: int = 2019, outlets: int = 30) -> Corpus:
    """A corpus of the given size; ~400 words an article; 5% wire copies."""
    rng = np.random.default_rng(seed)
    names = [f"Outlet {i:02d}" for i in range(outlets)]
    leans = np.linspace(0.15, 0.85, outlets)
    facts = [f"{_words(rng, 10).capitalize()}." for _ in range(max(articles // 5, 50))]
    rows = []
    for i in range(articles):
        o = int(rng.integers(outlets))
        if rows and rng.random() < 0.05:  # republish an earlier article word for word
            source = rows[int(rng.integers(len(rows)))]
            text = source[3]
        else:
            text = " ".join(_sentence(rng, facts, leans[o]) for _ in range(22))
        rows.append(
            (
                f"https://site{o}.example/a/{i}",
                names[o],
                f"Story {i}",
                text,
                f"2019-05-{1 + i % 28:02d}",
                "en",
            )
        )
    documents = pd.DataFrame(
        rows, columns=["url", "outlet", "title", "text", "published", "language"]
    )
    documents["author"] = ""
    documents["sitename"] = documents.outlet
    # counted, not split: a list of every word of 100,000 articles would take gigabytes
    documents["words"] = documents.text.str.count(r"\S+")
    event = Event(
        id="synthetic",
        title="Synthetic event",
        path=None,
        keywords=("Venezuela",),
        actors=ACTORS,
        axes=AXES,
    )
    groups = {name: f"Group {i % 5}" for i, name in enumerate(names)}
    return Corpus(event, documents, groups=groups)
