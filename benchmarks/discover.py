"""How story grouping scales: time, peak memory and agreement on synthetic discovery results.

    python benchmarks/discover.py [--sizes 10000 100000] [--baseline-size 10000]

Candidates are generated with a fixed seed: stories of 25 articles, each story with its own
words, every article with the event's words and filler words that many stories share, dates
within a few days of the story's. Each measurement runs in its own process, so its peak memory
is its own. The baseline, measured in the same run, is the nearest-neighbour search over all
pairs that grouping used before (at a size it can finish). Machines here are shared and noisy:
read the ratios, not the seconds. The goal: 100,000 candidates in under 60 s and 1 GB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEED = 20210305
STORY_SIZE = 25
GOAL_SECONDS, GOAL_MB = 60, 1024


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def synthetic_candidates(size: int) -> tuple[list, list[int]]:
    """`size` candidates and the story each belongs to."""
    from ingest.discover import Candidate

    rng = random.Random(SEED)
    event_words = ["marenza", "strike", "port", "dockers", "government"]
    filler = [_word(rng) for _ in range(3000)]
    stories = (size + STORY_SIZE - 1) // STORY_SIZE
    start = date(2021, 1, 1)
    candidates, truth = [], []
    for story in range(stories):
        own = [_word(rng) + "x" for _ in range(6)]
        day = start + timedelta(days=rng.randrange(365))
        for number in range(STORY_SIZE):
            if len(candidates) == size:
                break
            title = " ".join(
                rng.sample(own, 3) + rng.sample(event_words, 2) + rng.sample(filler, 3)
            )
            description = " ".join(
                rng.sample(own, 2) + rng.sample(event_words, 2) + rng.sample(filler, 10)
            )
            published = (day + timedelta(days=rng.randrange(3))).isoformat()
            url = f"https://outlet{number % 40}.example/{story}/{number}"
            candidates.append(
                Candidate(url, f"Outlet {number % 40}", title, description, published)
            )
            truth.append(story)
    return candidates, truth


def _all_pairs_groups(candidates: list) -> list[int]:
    """The former grouping: exact nearest neighbours over all pairs, then union-find."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    from ingest.stories import MAX_DAYS, NEIGHBOURS, THRESHOLD, _day

    texts = [f"{c.title} {c.description}" for c in candidates]
    vectors = TfidfVectorizer(
        strip_accents="unicode", stop_words="english", sublinear_tf=True
    ).fit_transform(texts)
    k = min(NEIGHBOURS + 1, len(candidates))
    distances, indices = NearestNeighbors(n_neighbors=k, metric="cosine").fit(vectors).kneighbors()
    days = [_day(c.published) for c in candidates]
    rows, cols = [], []
    for i, (row_d, row_i) in enumerate(zip(distances, indices, strict=True)):
        for distance, j in zip(row_d, row_i, strict=True):
            if j == i or 1.0 - distance < THRESHOLD:
                continue
            if days[i] and days[j] and abs((days[i] - days[j]).days) > MAX_DAYS:
                continue
            rows.append(i)
            cols.append(int(j))
    n = len(candidates)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return connected_components(graph, directed=False)[1].tolist()


def measure(size: int, method: str) -> dict:
    """One measurement, in this process: generate, then group and time it."""
    from ingest.stories import group_stories, pairwise_f1

    candidates, truth = synthetic_candidates(size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    if method == "grouping":
        stories = group_stories(candidates)
        story_of = {c.url: s.id for s in stories for c in s.candidates}
        predicted = [story_of[c.url] for c in candidates]
    else:
        predicted = _all_pairs_groups(candidates)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "method": method,
        "seconds": seconds,
        "peak_mb": peak,
        "grouping_mb": max(0.0, peak - before),
        "stories": len(set(predicted)),
        "f1": pairwise_f1(predicted, truth),
    }


def _child(size: int, method: str) -> dict:
    command = [sys.executable, __file__, "--measure", str(size), "--method", method]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--baseline-size", type=int, default=10_000)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="grouping", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args.method)))
        return 0

    rows = [_child(size, "grouping") for size in args.sizes]
    baseline = _child(args.baseline_size, "all-pairs")
    print(f"{'':<28}{'candidates':>11}{'seconds':>9}{'peak MB':>9}{'stories':>9}{'F1':>7}")
    for row in [*rows, baseline]:
        name = "grouping (product)" if row["method"] == "grouping" else "all pairs (former)"
        print(
            f"{name:<28}{row['size']:>11}{row['seconds']:>9.2f}{row['peak_mb']:>9.0f}"
            f"{row['stories']:>9}{row['f1']:>7.3f}"
        )
    same = next((r for r in rows if r["size"] == baseline["size"]), None)
    if same:
        print(
            f"at {same['size']}: the former all-pairs search took "
            f"{baseline['seconds'] / max(same['seconds'], 1e-9):.1f}x the product's time"
        )
    small, large = rows[0], rows[-1]
    if large["size"] > small["size"]:
        print(
            f"{large['size'] / small['size']:.0f}x the candidates took "
            f"{large['seconds'] / max(small['seconds'], 1e-9):.1f}x the time "
            "(linear: the same factor; all pairs: its square)"
        )
    biggest = max(rows, key=lambda r: r["size"])
    ok = biggest["seconds"] < GOAL_SECONDS and biggest["peak_mb"] < GOAL_MB
    verdict = "PASS" if ok else "FAIL"
    print(
        f"{verdict}: {biggest['size']} candidates grouped in {biggest['seconds']:.1f} s, "
        f"peak {biggest['peak_mb']:.0f} MB (goal: under {GOAL_SECONDS} s and {GOAL_MB} MB)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
