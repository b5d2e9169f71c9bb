"""How the analyses scale: time and peak memory on synthetic corpora of growing size.

    python benchmarks/analyses.py [--sizes 1000 5000 20000] [--steps tone ...]

`--steps` times only the named analysis steps (for example `tone`), after splitting the
sentences, and adds each step's CPU time (`<step> cpu`), which a busy machine disturbs less
than wall time. With `tone` among them, the lexicon method the trained model replaced (VADER on
the clause around each mention, banded, each clause scored once, the same tables built) is
timed on the same corpus in the same process as `tone lexicon`, and the tone step's ratio to
it is printed: the model's cost is read against that baseline, not in seconds. The model file is
loaded before the step (`tone load`: reading its fitted arrays, without skops or scikit-learn
unless the file needs them), once per process whatever the corpus; the ratio is printed without
it and with it.

Each size runs in its own process, so its peak memory is its own. Machines here are shared
and noisy: read the ratios between sizes (measured in this same run), not the seconds. Cost
should grow close to linearly: a 4x larger corpus well under 5x the time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


# the step names earlier runs printed, so figures before and after compare
_STEP = {
    "axes": "axes+model",
    "actor labels": "labels",
    "duplicates": "copies",
    "fetch log": "fetch_log",
}


def lexicon_tone(corpus) -> dict:
    """The former tone step: the clause lexicon per sentence × actor, and the same tables."""
    import pandas as pd

    from models import tone
    from models.labels import sentences_with_mentions

    rows, unscored, scores = [], {}, {}
    for outlet, url, language, sentence, mentions in sentences_with_mentions(corpus):
        by_actor: dict = {}
        for mention in mentions:
            by_actor.setdefault(mention.actor, []).append(mention)
        for actor, of_actor in by_actor.items():
            if language not in tone.SCORED_LANGUAGES:
                unscored[(outlet, actor)] = unscored.get((outlet, actor), 0) + 1
                continue
            clause = tone.target_clause(sentence, of_actor)
            if clause not in scores:
                scores[clause] = tone.clause_score(clause)
            value = round(tone.banded(scores[clause]), 4)
            rows.append((outlet, url, actor, clause, value, 0.0, 0.0, 0.0, sentence))
    evidence = pd.DataFrame(rows, columns=tone.EVIDENCE_COLUMNS)
    return {"actor_tone": tone.summarise(evidence, unscored), "tone_evidence": evidence}


def run_one(size: int, steps: list[str] | None = None) -> dict:
    """Build every table of a synthetic corpus (or only the named steps); time each step."""
    from benchmarks.synthetic import synthetic_corpus
    from models import registry
    from models.tables import inputs_of

    started = time.perf_counter()
    corpus = synthetic_corpus(size)
    timings = {"generate": time.perf_counter() - started}

    step = time.perf_counter()
    corpus.sentences  # noqa: B018 - split once, as build_tables would
    timings["sentences"] = time.perf_counter() - step

    step = time.perf_counter()
    inputs = inputs_of(corpus)
    duplicates = inputs.duplicates
    timings["duplicates"] = time.perf_counter() - step

    if steps is not None and "tone" in steps:
        from models import tone_model

        # a fixed cost, paid once per process: timed apart, so the step's figure is its work on
        # the articles
        step, cpu = time.perf_counter(), time.process_time()
        tone_model.loaded()
        timings["tone load"] = time.perf_counter() - step
        timings["tone load cpu"] = time.process_time() - cpu
    for analysis in registry.ANALYSES:
        name = _STEP.get(analysis.name, analysis.name)
        if steps is not None and name not in steps:
            continue
        step, cpu = time.perf_counter(), time.process_time()
        registry.run(analysis, inputs)
        timings[name] = time.perf_counter() - step
        if steps is not None:
            timings[f"{name} cpu"] = time.process_time() - cpu
    if steps is not None and "tone" in steps:
        from models import tone

        # the baseline cuts clauses afresh, as it did: no help from the tone step's caches
        tone.clause_spans.cache_clear()
        tone.quotation_cuts.cache_clear()
        step, cpu = time.perf_counter(), time.process_time()
        lexicon_tone(inputs.counted)  # the counted articles, as the tone step reads
        timings["tone lexicon"] = time.perf_counter() - step
        timings["tone lexicon cpu"] = time.process_time() - cpu
    timings["total"] = time.perf_counter() - started - timings["generate"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size,
        "timings": timings,
        "peak_mb": peak_mb,
        "duplicates": len(duplicates),
        "sentences": len(corpus.sentences),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--steps", nargs="+", help="time only these analysis steps")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.steps)))
        return

    results = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)]
            + (["--steps", *args.steps] if args.steps else []),
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        r = results[-1]
        print(
            f"{size:>6} articles, {r['sentences']:>7} sentences, {r['duplicates']} copies: "
            f"{r['timings']['total']:7.1f} s, peak {r['peak_mb']:7.0f} MB",
            flush=True,
        )

    steps = list(results[0]["timings"])
    pairs = list(itertools.pairwise(results))
    print("\nseconds per step")
    print(
        f"{'step':<12}"
        + "".join(f"{r['size']:>10}" for r in results)
        + "".join(f"{str(a['size']) + '→' + str(b['size']):>14}" for a, b in pairs)
    )
    for name in steps:
        row = f"{name:<12}" + "".join(f"{r['timings'][name]:10.2f}" for r in results)
        for a, b in pairs:
            ratio = b["timings"][name] / max(a["timings"][name], 1e-9)
            row += f"{ratio:13.2f}x"
        print(row)
    print("\nratio columns: time at the larger size over time at the smaller one, same run")
    if "tone lexicon" in steps:
        for r in results:
            t = r["timings"]
            loaded_cpu, loaded_wall = t["tone cpu"] + t["tone load cpu"], t["tone"] + t["tone load"]
            lexicon_cpu, lexicon_wall = (
                max(t["tone lexicon cpu"], 1e-9),
                max(t["tone lexicon"], 1e-9),
            )
            print(
                f"tone / tone lexicon at {r['size']} articles: "
                f"{t['tone cpu'] / lexicon_cpu:.2f}x CPU, {t['tone'] / lexicon_wall:.2f}x wall; "
                f"with the model's loading: {loaded_cpu / lexicon_cpu:.2f}x CPU, "
                f"{loaded_wall / lexicon_wall:.2f}x wall"
            )


if __name__ == "__main__":
    main()
