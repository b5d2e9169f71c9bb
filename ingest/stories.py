"""Group discovered candidates into news stories, so a user can pick one story to add.

TF-IDF over each candidate's title and description; every candidate is linked to its nearest
neighbours (cosine, k of them) that are similar enough and dated close enough, and stories are
the connected groups of those links.

Not every pair is compared: a candidate meets the others through its few strongest words
(the rarest, which name a story), and through each such word only the candidates nearest in
date in that word's list. Pairs that share none of either's strongest words are rarely
similar enough to link, and a word's list ordered by date puts a story's coverage side by
side. The cost grows with candidates x words x window, not with their square: 100,000
candidates group in well under a minute (benchmarks/discover.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components

from ingest.discover import Candidate
from ingest.resources import sample

SAMPLES = sample("stories.json")

# Chosen on evaluation/stories.json (see evaluate): 0.15 to 0.25 group it right; at 0.1 stories
# sharing a place name or "pension" merge; from 0.3 rewrites in other words split apart.
THRESHOLD = 0.2
MAX_DAYS = 4  # a story's coverage spreads over a few days; the same words months apart differ
NEIGHBOURS = 10
# Which pairs are compared: a candidate meets others through its TOP_WORDS strongest words,
# and through each such word the WINDOW candidates nearest in date in that word's list.
TOP_WORDS = 4
WINDOW = 6
# similarity is the cosine over each candidate's SCORED_WORDS strongest words (exact for
# titles and descriptions of fewer words, which most are)
SCORED_WORDS = 16
PAIR_CHUNK = 40_000  # pairs scored at once: bounds memory


@dataclass(frozen=True)
class Story:
    id: int
    label: str  # the title most central to the story
    candidates: tuple[Candidate, ...]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _strongest(vectors: csr_matrix, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's `count` heaviest words and their weights, padded with -1 and 0."""
    n = vectors.shape[0]
    rows = np.repeat(np.arange(n), np.diff(vectors.indptr))
    order = np.lexsort((-vectors.data, rows))
    rows, cols, data = rows[order], vectors.indices[order], vectors.data[order]
    rank = np.arange(len(rows)) - vectors.indptr[rows]
    keep = rank < count
    words = np.full((n, count), -1, dtype=np.int32)
    weights = np.zeros((n, count), dtype=np.float32)
    words[rows[keep], rank[keep]] = cols[keep]
    weights[rows[keep], rank[keep]] = data[keep]
    return words, weights


def _candidate_pairs(vectors: csr_matrix, ordinal: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Pairs (i < j) worth comparing, as one array of i * n + j codes, each once: candidates
    within WINDOW places of each other in the date-ordered list of a word that is among the
    strongest of one of them."""
    n = vectors.shape[0]
    coo = vectors.tocoo()
    doc, word = coo.row.astype(np.int64), coo.col.astype(np.int64)
    top_codes = np.sort((np.arange(n)[:, None] * vectors.shape[1] + top)[top >= 0])
    entry_codes = doc * vectors.shape[1] + word
    found_at = np.searchsorted(top_codes, entry_codes).clip(max=len(top_codes) - 1)
    strong = top_codes[found_at] == entry_codes
    order = np.lexsort((doc, ordinal[doc], word))
    doc, word, strong = doc[order], word[order], strong[order]
    codes = []
    for offset in range(1, WINDOW + 1):
        same = (word[:-offset] == word[offset:]) & (strong[:-offset] | strong[offset:])
        first, second = doc[:-offset][same], doc[offset:][same]
        codes.append(np.minimum(first, second) * n + np.maximum(first, second))
    found = np.sort(np.concatenate(codes))  # sorting then comparing neighbours beats a hash here
    if not len(found):
        return found
    found = found[np.concatenate(([True], found[1:] != found[:-1]))]
    return found[found // n != found % n]


def _links(
    vectors: csr_matrix, days: list[date | None], threshold: float, max_days: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The links between candidates: of each one's k most similar, those above the threshold
    and near enough in time."""
    n = vectors.shape[0]
    ordinal = np.array([d.toordinal() if d else 10**7 for d in days], dtype=np.int64)
    words, weights = _strongest(vectors, SCORED_WORDS)
    # rows come heaviest first: the first columns are the strongest words
    codes = _candidate_pairs(vectors, ordinal, words[:, :TOP_WORDS].astype(np.int64))
    rows, cols, sims, close = [], [], [], []
    for start in range(0, len(codes), PAIR_CHUNK):
        chunk = codes[start : start + PAIR_CHUNK]
        first, second = chunk // n, chunk % n
        # the cosine (rows are L2-normalised) over each row's strongest words: the words
        # both carry, their weights multiplied and summed
        # padding matches padding, at weight 0: it adds nothing
        pair, i, j = np.nonzero(words[first][:, :, None] == words[second][:, None, :])
        product = weights[first[pair], i].astype(float) * weights[second[pair], j]
        sim = np.bincount(pair, weights=product, minlength=len(chunk))
        near = np.ones(len(chunk), dtype=bool)
        both = (ordinal[first] < 10**7) & (ordinal[second] < 10**7)
        near[both] = np.abs(ordinal[first] - ordinal[second])[both] <= max_days
        keep = sim > 0
        rows.append(first[keep])
        cols.append(second[keep])
        sims.append(sim[keep])
        close.append(near[keep])
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    first, second = np.concatenate(rows), np.concatenate(cols)
    sim, near = np.concatenate(sims), np.concatenate(close)
    # each end's k most similar, as nearest-neighbour search would find them; of those, the
    # links similar enough and near enough in time count
    source = np.concatenate([first, second])
    target = np.concatenate([second, first])
    strength = np.concatenate([sim, sim])
    usable = np.concatenate([near, near]) & (strength >= threshold)
    order = np.lexsort((-strength, source))
    source, target, usable = source[order], target[order], usable[order]
    rank = np.arange(len(source)) - np.searchsorted(source, source, side="left")
    chosen = (rank < k) & usable
    return source[chosen], target[chosen]


def group_stories(
    candidates: list[Candidate],
    *,
    threshold: float = THRESHOLD,
    max_days: int = MAX_DAYS,
    neighbours: int = NEIGHBOURS,
) -> list[Story]:
    """Stories of the candidates, largest first; a candidate alike to no other is its own story.

    Two candidates are linked when one is among the other's `neighbours` most similar by
    TF-IDF cosine, their similarity is at least `threshold`, and their dates (when both are
    known) are at most `max_days` apart.
    """
    if not candidates:
        return []
    n = len(candidates)
    texts = [f"{c.title} {c.description}" for c in candidates]
    # scikit-learn is imported where it is used: the claims' evaluation imports this module,
    # and a dashboard reading stored tables should not wait for scikit-learn
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectors = TfidfVectorizer(
            strip_accents="unicode", stop_words="english", sublinear_tf=True
        ).fit_transform(texts)
    except ValueError:  # no words at all (e.g. sitemap URLs without titles): all singletons
        vectors = None
    labels = np.arange(n)
    if vectors is not None and n > 1:
        vectors = csr_matrix(vectors)
        days = [_day(c.published) for c in candidates]
        source, target = _links(vectors, days, threshold, max_days, neighbours)
        graph = coo_matrix((np.ones(len(source)), (source, target)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)

    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(i)
    ordered = sorted(
        members.values(),
        key=lambda m: (-len(m), min(candidates[i].published or "9999" for i in m)),
    )
    stories = []
    for number, indices in enumerate(ordered, start=1):
        central = indices[0]
        if vectors is not None and len(indices) > 2:
            # the member closest to the story's centroid names it
            block = vectors[indices]
            centroid = np.asarray(block.mean(axis=0))
            central = indices[int(np.argmax(block @ centroid.T))]
        label = candidates[central].title or candidates[central].url
        stories.append(Story(number, label, tuple(candidates[i] for i in indices)))
    return stories


def pairwise_scores(predicted: Sequence, gold: Sequence) -> tuple[float, float, float]:
    """Precision, recall and F1 of same-group pairs against the gold groups (1.0 where there is
    no pair to find or none found)."""
    from sklearn.metrics.cluster import pair_confusion_matrix

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
