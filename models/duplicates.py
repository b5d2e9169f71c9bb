"""Wire copies: near-identical articles, found without comparing all pairs.

An agency story republished by other sites keeps its wording but often gains or loses a
headline line, a dateline or a credit line ("Reporting by …"), or has a sentence cut. Such
copies are found in three steps:

1. Each article becomes the set of its 5-word shingles: every run of five consecutive words of
   its folded text (case, accents and quote marks ignored; models.text.fold).
2. MinHash signatures (64 rows) and LSH banding (16 bands of 4 rows) over those sets give the
   candidate pairs: two articles with Jaccard similarity J share a bucket with probability
   1 - (1 - J**4)**16, which is above 0.98 for J ≥ 0.7 and below 0.002 for J ≤ 0.1. No pair of
   articles is compared unless it shares a bucket (models.minhash); in a bucket of more than
   MAX_BUCKET (200) articles, each meets only the bucket's first 8.
3. Each candidate pair is verified on its exact shingle sets: it is a copy when the
   containment |A ∩ B| / min(|A|, |B|) is at least 0.8 (COPY_THRESHOLD) and the shorter
   article has at least half as many shingles as the longer (MIN_LENGTH_RATIO). Containment
   rather than Jaccard keeps a reprint that cut the last paragraphs; the length ratio keeps a
   short brief that quotes two paragraphs of a long story from counting as a copy of it.

Verified pairs are grouped into connected components. In each group one article is the
original, counted in the analyses: the earliest published, then (same day, or no dates) the
longest text in words, then the smallest URL; an article without a date comes after every
dated one. Every other member is a copy of it.

Table `duplicates`, one row per copy: url, outlet (of the copy), duplicate_of (the original's
URL), original_outlet, similarity (containment of the copy's and the original's shingle sets,
0 to 1, rounded to 3 places). A copy that joined its group through another copy can show a
similarity to the original below the threshold.

What it can and cannot show: it finds reuse of the same wording, not the same story told in
other words (a rewrite of agency copy is not a copy here), and it cannot tell who copied whom
beyond the rule above: the earliest date only says who published first in this corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ingest.resources import sample
from models import minhash

# scipy is imported by the functions that build matrices: a dashboard that reads stored
# tables imports this module for its table names and recounts only
if TYPE_CHECKING:
    from models.registry import Filtered

DUPLICATES = "duplicates"
COLUMNS = ["url", "outlet", "duplicate_of", "original_outlet", "similarity"]
SHINGLE_WORDS = 5
BANDS, ROWS = 16, 4
COPY_THRESHOLD = 0.8
MIN_LENGTH_RATIO = 0.5
# Buckets fuller than this (site boilerplate, a story reprinted very widely) are met through
# their first members only, so the candidate count stays linear.
MAX_BUCKET = 200
SAMPLES = sample("duplicates.json")


def article_shingles(
    texts: list[str], chunk: int = 1000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each text's distinct word shingles as 32-bit hashes (flat, offsets) and word count."""
    # a chunk of articles at a time: the per-word index arrays of a whole corpus would take
    # several times the memory of the shingle sets they produce
    parts, counts, words = [], [], []
    for lo in range(0, len(texts), chunk):
        hashes, offsets = minhash.hashed_words(texts[lo : lo + chunk], chunk=chunk)
        values, shingle_offsets = minhash.shingle_hashes(hashes, offsets, SHINGLE_WORDS)
        parts.append(values)
        counts.append(np.diff(shingle_offsets))
        words.append(np.diff(offsets))
    if not parts:
        return np.zeros(0, np.uint32), np.zeros(1, np.int64), np.zeros(0, np.int64)
    sizes = np.concatenate(counts)
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    return np.concatenate(parts), offsets, np.concatenate(words)


def copy_pairs(values: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Verified copy pairs (i, j), their containment, and the number of candidates checked."""
    signature = minhash.signatures(values, offsets, BANDS * ROWS)
    pairs = minhash.candidate_pairs(signature, BANDS, ROWS, max_bucket=MAX_BUCKET).pairs
    if len(pairs) == 0:
        return pairs, np.empty(0), 0
    sizes = np.diff(offsets)
    shared = minhash.intersection_sizes(values, offsets, pairs)
    small = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    large = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    containment = shared / np.maximum(small, 1)
    ok = (containment >= COPY_THRESHOLD) & (small >= MIN_LENGTH_RATIO * large)
    return pairs[ok], containment[ok], len(pairs)


def _groups(n: int, pairs: np.ndarray) -> np.ndarray:
    """A group label per article: the connected components of the verified pairs."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def document_shingles(documents: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """article_shingles of the documents' texts (each article's own, so batches can be joined
    with join_shingles)."""
    return article_shingles(documents["text"].fillna("").astype(str).tolist())


def join_shingles(
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The shingles of consecutive batches of articles, as one corpus's."""
    if not parts:
        return np.zeros(0, np.uint32), np.zeros(1, np.int64), np.zeros(0, np.int64)
    sizes = np.concatenate([np.diff(offsets) for _, offsets, _ in parts])
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    values = np.concatenate([values for values, _, _ in parts])
    return values, offsets, np.concatenate([words for _, _, words in parts])


def find_duplicates(
    documents: pd.DataFrame,
    shingles: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """One row per copy, naming the article it copies (the one counted).

    `shingles`: the documents' document_shingles, when they were hashed already (on workers);
    finding the copies needs every article's shingles together.
    """
    if len(documents) < 2:
        return pd.DataFrame(columns=COLUMNS)
    documents = documents.reset_index(drop=True)
    values, offsets, words = shingles if shingles is not None else document_shingles(documents)
    pairs, _, _ = copy_pairs(values, offsets)
    if len(pairs) == 0:
        return pd.DataFrame(columns=COLUMNS)
    group = _groups(len(documents), pairs)

    published = documents["published"].fillna("").astype(str)
    order = pd.DataFrame(
        {
            "group": group,
            "undated": published.eq(""),  # False sorts first: dated articles come first
            "published": published,
            "words": -words,
            "url": documents["url"].astype(str),
        }
    ).sort_values(["group", "undated", "published", "words", "url"])
    original = order.groupby("group")["url"].transform("first")
    index = pd.Series(documents.index, index=documents["url"])
    copies = order[order.url != original]
    copy_at = copies.index.to_numpy()
    original_at = index[original[copies.index]].to_numpy()
    pairs_out = np.column_stack((copy_at, original_at)).astype(np.int64)
    shared = minhash.intersection_sizes(values, offsets, pairs_out)
    sizes = np.diff(offsets)
    similarity = shared / np.maximum(np.minimum(sizes[copy_at], sizes[original_at]), 1)
    table = pd.DataFrame(
        {
            "url": documents["url"].to_numpy()[copy_at],
            "outlet": documents["outlet"].to_numpy()[copy_at],
            "duplicate_of": documents["url"].to_numpy()[original_at],
            "original_outlet": documents["outlet"].to_numpy()[original_at],
            "similarity": np.round(similarity, 3),
        }
    )
    return table.sort_values(["original_outlet", "duplicate_of", "url"]).reset_index(drop=True)


def recount(view: Filtered) -> pd.DataFrame:
    """The copies among the chosen articles, and the copies of a chosen article."""
    copies = view.whole[DUPLICATES]
    kept = copies["url"].isin(view.urls) | copies["duplicate_of"].isin(view.urls)
    return copies[kept].reset_index(drop=True)


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Precision, recall and F1 of copy → original links on the labelled sample articles."""
    samples = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))
    documents = pd.DataFrame(samples["articles"])
    gold = {(a["url"], a["copy_of"]) for a in samples["articles"] if a.get("copy_of")}
    found = find_duplicates(documents)
    predicted = set(zip(found["url"], found["duplicate_of"], strict=True))
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "duplicate_detection_precision": precision,
        "duplicate_detection_recall": recall,
        "duplicate_detection_f1": f1,
    }
