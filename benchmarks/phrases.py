"""How phrase matching scales with the number of phrases on one long article.

    python benchmarks/phrases.py [--words 5000] [--counts 20 200 2000]

Builds a synthetic article (a fixed vocabulary, a fixed seed) and an axis of N two- and
three-word phrases, half of them occurring in the article, then times `find_hits` on it. Read
the ratios to the smallest count, measured in this same run: matching should cost about the
same at 2,000 phrases as at 20, not a hundred times more.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _vocabulary(rng: np.random.Generator, size: int = 3000) -> list[str]:
    letters = list("abcdefghijklmnopqrstuvwxyzéó")
    return ["".join(rng.choice(letters, size=rng.integers(3, 10))) for _ in range(size)]


def article_and_phrases(words: int, count: int, seed: int = 14) -> tuple[str, list[str]]:
    rng = np.random.default_rng(seed)
    vocabulary = _vocabulary(rng)
    text_words = [vocabulary[i] for i in rng.integers(0, len(vocabulary), size=words)]
    sentences = [" ".join(text_words[i : i + 20]) + "." for i in range(0, words, 20)]
    phrases = []
    for i in range(count):
        length = 2 + i % 2
        if i % 2:  # occurs in the article
            start = int(rng.integers(0, words - length))
            phrases.append(" ".join(text_words[start : start + length]))
        else:
            phrases.append(" ".join(rng.choice(vocabulary, size=length)))
    return " ".join(sentences).capitalize(), phrases


def time_matching(words: int, count: int, repeats: int = 3) -> tuple[float, float, int]:
    """Seconds for the first call (building the matcher too), best of the next, and hits."""
    from ingest.config import Axis, Pole
    from models.phrases import find_hits

    text, phrases = article_and_phrases(words, count)
    half = len(phrases) // 2
    axis = Axis("bench", "q", Pole("A", tuple(phrases[:half])), Pole("B", tuple(phrases[half:])))
    started = time.perf_counter()
    hits = len(find_hits(text, (axis,)))
    first = time.perf_counter() - started
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        find_hits(text, (axis,))
        best = min(best, time.perf_counter() - started)
    return first, best, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--counts", type=int, nargs="+", default=[20, 200, 2000])
    args = parser.parse_args()
    baseline: tuple[float, float] | None = None
    print(f"phrase matching on one article of {args.words} words")
    print(f"{'phrases':>8} {'first s':>9} {'x base':>7} {'again s':>9} {'x base':>7} {'hits':>6}")
    for count in args.counts:
        first, again, hits = time_matching(args.words, count)
        baseline = baseline or (first, again)
        print(
            f"{count:>8} {first:>9.4f} {first / baseline[0]:>7.2f} "
            f"{again:>9.4f} {again / baseline[1]:>7.2f} {hits:>6}"
        )


if __name__ == "__main__":
    main()
