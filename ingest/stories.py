"""Group discovered candidates into news stories, so a user can pick one story to add.

TF-IDF over each candidate's title and description; every candidate is linked to its nearest
neighbours (sparse cosine, k of them) that are similar enough and dated close enough; linked
candidates form one story (the connected components of the links). The cost grows with
candidates x k, not with all pairs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.cluster import pair_confusion_matrix
from sklearn.neighbors import NearestNeighbors

from ingest.discover import Candidate
from ingest.resources import sample

SAMPLES = sample("stories.json")

# Chosen on evaluation/stories.json (see evaluate): 0.15 to 0.25 group it right; at 0.1 stories
# sharing a place name or "pension" merge; from 0.3 rewrites in other words split apart.
THRESHOLD = 0.2
MAX_DAYS = 4  # a story's coverage spreads over a few days; the same words months apart differ
NEIGHBOURS = 10


@dataclass(frozen=True)
class Story:
    id: int
    label: str  # the title most central to the story
    candidates: tuple[Candidate, ...]


def _components(size: int, links: list[tuple[int, int]]) -> np.ndarray:
    """A component label per candidate, joining every linked pair."""
    pairs = np.array(links, dtype=np.int64).reshape(-1, 2)
    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(size, size))
    return connected_components(graph, directed=False)[1]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def group_stories(
    candidates: list[Candidate],
    *,
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
    neighbours: int = NEIGHBOURS,
) -> list[Story]:
    """Stories of the candidates, largest first; a candidate alike to no other is its own story.

    Two candidates are linked when one is among the other's `neighbours` nearest by TF-IDF
    cosine, their similarity is at least `threshold`, and their dates (when both are known) are
    at most `max_days` apart.
    """
    if not candidates:
        return []
    texts = [f"{c.title} {c.description}" for c in candidates]
    links: list[tuple[int, int]] = []
    try:
        vectors = TfidfVectorizer(
            strip_accents="unicode", stop_words="english", sublinear_tf=True
        ).fit_transform(texts)
    except ValueError:  # no words at all (e.g. sitemap URLs without titles): all singletons
        vectors = None
    if vectors is not None and len(candidates) > 1:
        k = min(neighbours + 1, len(candidates))
        finder = NearestNeighbors(n_neighbors=k, metric="cosine").fit(vectors)
        distances, indices = finder.kneighbors(vectors)
        days = [_day(c.published) for c in candidates]
        for i, (row_d, row_i) in enumerate(zip(distances, indices, strict=True)):
            for distance, j in zip(row_d, row_i, strict=True):
                if j == i or 1.0 - distance < threshold:
                    continue
                if days[i] and days[j] and abs((days[i] - days[j]).days) > max_days:
                    continue
                links.append((i, int(j)))

    members: dict[int, list[int]] = {}
    for i, component in enumerate(_components(len(candidates), links).tolist()):
        members.setdefault(component, []).append(i)
    ordered = sorted(
        members.values(),
        key=lambda m: (-len(m), min(candidates[i].published or "9999" for i in m)),
    )
    stories = []
    for number, indices_ in enumerate(ordered, start=1):
        central = indices_[0]
        if vectors is not None and len(indices_) > 2:
            # the member closest to the story's centroid names it
            block = vectors[indices_]
            centroid = np.asarray(block.mean(axis=0))
            central = indices_[int(np.argmax(block @ centroid.T))]
        label = candidates[central].title or candidates[central].url
        stories.append(Story(number, label, tuple(candidates[i] for i in indices_)))
    return stories


def pairwise_scores(predicted: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """Precision, recall and F1 of same-group pairs against the gold groups (1.0 where there is
    no pair to find or none found)."""
    matrix = pair_confusion_matrix(
        pd.factorize(pd.Series(gold))[0], pd.factorize(pd.Series(predicted))[0]
    )
    hits, found, truth = matrix[1, 1], matrix[1, 1] + matrix[0, 1], matrix[1, 1] + matrix[1, 0]
    precision = hits / found if found else 1.0
    recall = hits / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def pairwise_f1(predicted: Sequence, gold: Sequence) -> float:
    """F1 of same-story pairs against the gold stories."""
    return pairwise_scores(predicted, gold)[2]


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Pairwise F1 of the story groups against the labelled stories in evaluation/stories.json."""
    samples = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))["articles"]
    candidates = [
        Candidate(
            url=s["url"],
            outlet=s["outlet"],
            title=s["title"],
            description=s["description"],
            published=s["published"],
        )
        for s in samples
    ]
    story_of = {c.url: story.id for story in group_stories(candidates) for c in story.candidates}
    predicted = [story_of[c.url] for c in candidates]
    return {"story_grouping_agreement": pairwise_f1(predicted, [s["story"] for s in samples])}
