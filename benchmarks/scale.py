"""How the whole path scales: import into the store, load, analyse, in one process and on Dask.

    python benchmarks/scale.py [--sizes 25000 100000] [--workers 2] [--db URL]

For each size, a synthetic event (benchmarks/synthetic.py) is made and written into a fresh
SQLite store (`import`) by a process of its own, as `framing fetch` would store it; the run
then reads it back (`load`), analyses it and writes every table's CSV file (`export`): once in
one process and once on a local Dask cluster of `--workers` processes
(models.distributed.compute_tables). Each run is its own process, so its peak memory is its
own; the workers' peaks come from each worker (resource.getrusage through client.run).

It prints the seconds of every step, the client's peak resident memory during each step and
what it still held when the step ended (sampled every 20 ms), the peak memory of every
process (the import, the client, each worker), the growth ratio of each step from one size to
the next (4x the articles should cost at most 4.5x the time) and the Dask path against the
one-process path at each size (at most 1.3x on two local workers). Machines here are shared
and noisy: read the ratios measured in this same run, not the seconds. `--db
postgresql://…/NAME` runs on that PostgreSQL server instead of a fresh SQLite file: each run
gets a fresh database of its own, NAME_SIZE_MODE, created from that address and dropped when
the run ends, so every size and mode starts from an empty store as the SQLite runs do and the
database NAME itself is left as it was (the role needs the right to create databases).
`--db PATH` (an SQLite file) does the same with files: each run gets NAME_SIZE_MODE.db beside
PATH, removed before and after the run, and PATH itself is never written.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _import(corpus, db: str) -> None:
    from ingest.store import Document, Store

    with Store(db) as store:
        columns = ["url", "outlet", "text", "title", "author", "published", "sitename", "language"]
        for row in corpus.documents[columns].itertuples(index=False):
            store.save_document(corpus.event.id, Document(*row))


def run_address(address: str, size: int, mode: str) -> str:
    """The address of one run's own database: the given one's name with the size and mode."""
    parts = urlsplit(address.strip())
    name = parts.path.lstrip("/")
    if not name or re.search(r"(?i)(^|&)dbname=", parts.query):
        raise SystemExit(
            "scale.py: name the database in the address's path (postgresql://…/NAME); "
            "each run makes its own beside it"
        )
    return urlunsplit(parts._replace(path=f"/{name}_{size}_{mode}"))


@contextmanager
def fresh_database(address: str, size: int, mode: str) -> Iterator[str]:
    """A new, empty database for one run on the server `address` names, dropped afterwards
    (one left by a killed run is dropped first)."""
    import psycopg

    run = run_address(address, size, mode)
    name = urlsplit(run).path.lstrip("/")
    with psycopg.connect(address, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield run
    finally:
        with psycopg.connect(address, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_run_path(path: str, size: int, mode: str) -> Path:
    """One run's own SQLite file beside the given one: NAME_SIZE_MODE with its suffix."""
    given = Path(path)
    return given.with_name(f"{given.stem}_{size}_{mode}{given.suffix or '.db'}")


@contextmanager
def fresh_sqlite(path: str, size: int, mode: str) -> Iterator[str]:
    """A new SQLite file for one run beside `path` (one left by a killed run is removed
    first), removed afterwards with its journal files: a run never starts on another run's
    articles."""
    run = sqlite_run_path(path, size, mode)
    run.parent.mkdir(parents=True, exist_ok=True)

    def remove() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{run}{suffix}").unlink(missing_ok=True)

    remove()
    try:
        yield str(run)
    finally:
        remove()


def _rss_mb() -> float:
    """This process's resident memory now, in MB (Linux; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class _StepMemory(dict):
    """Seconds per step, as compute_tables writes them, and beside them the client's peak
    resident memory during each step and what it still held when the step ended, sampled
    every 20 ms by a thread (ru_maxrss gives only the peak of the whole run)."""

    def __init__(self) -> None:
        super().__init__()
        self.peak: dict[str, float] = {}
        self.held: dict[str, float] = {}
        self._high = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self._high = max(self._high, _rss_mb())

    def __setitem__(self, name: str, seconds: float) -> None:
        now = _rss_mb()
        self.peak[name] = max(self.peak.get(name, 0.0), self._high, now)
        self.held[name] = now
        self._high = now
        super().__setitem__(name, seconds)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def import_into(size: int, target: str) -> dict:
    """Make the synthetic event and store its articles: the seconds and this process's peak."""
    from benchmarks.synthetic import synthetic_corpus
    from ingest.cluster import peak_memory_mb

    generated = synthetic_corpus(size)
    started = time.perf_counter()
    _import(generated, target)
    return {"seconds": time.perf_counter() - started, "peak_mb": peak_memory_mb()}


def run_one(size: int, mode: str, workers: int, db: str | None) -> dict:
    """One size in one mode ("one" process or "dask"): every step's seconds and peak memory."""
    from benchmarks.synthetic import synthetic_corpus
    from ingest.cluster import (
        cpu_seconds,
        local_client,
        peak_memory_mb,
        worker_cpu_seconds,
        worker_peaks_mb,
    )
    from ingest.store import Store
    from models.corpus import Corpus, load_corpus
    from models.distributed import compute_tables
    from models.export import write_tables

    timings = _StepMemory()
    sample = synthetic_corpus(1)  # the event and the outlets' groups, the same at every size
    event, groups = sample.event, sample.groups
    with tempfile.TemporaryDirectory() as folder:
        target = db or str(Path(folder) / "scale.db")
        # the articles are made and stored by a process of their own, as `framing fetch`
        # would: this one, like `framing analyse`, starts from the store
        command = [sys.executable, __file__, "--import-into", str(size), target]
        imported = json.loads(
            subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        timings["import"] = imported["seconds"]

        step = time.perf_counter()
        with Store(target, readonly=True) as store:
            loaded = load_corpus(store, event)
        corpus = Corpus(event, loaded.documents, loaded.fetch_log, groups)
        del loaded
        timings["load"] = time.perf_counter() - step

        peaks: dict[str, float] = {}
        cpu: dict[str, float] = {}
        step = time.perf_counter()
        if mode == "dask":
            with local_client(workers) as client:
                timings["cluster start"] = time.perf_counter() - step
                before = sum(worker_cpu_seconds(client).values())
                client_cpu = cpu_seconds()
                step = time.perf_counter()
                tables = compute_tables(corpus, client=client, timings=timings)
                timings["analyse"] = time.perf_counter() - step
                cpu["client"] = cpu_seconds() - client_cpu
                cpu["workers"] = sum(worker_cpu_seconds(client).values()) - before
                peaks = {
                    f"worker {i + 1}": mb
                    for i, (_, mb) in enumerate(sorted(worker_peaks_mb(client).items()))
                }
        else:
            client_cpu = cpu_seconds()
            tables = compute_tables(corpus, timings=timings)
            timings["analyse"] = time.perf_counter() - step
            cpu["client"] = cpu_seconds() - client_cpu

        step = time.perf_counter()
        exported = write_tables(tables, Path(folder) / "export")
        written = sum(path.stat().st_size for path in exported)
        timings["export (CSV files)"] = time.perf_counter() - step
    total = timings["import"] + timings["load"] + timings["analyse"] + timings["export (CSV files)"]
    timings["total"] = total
    timings.stop()
    return {
        "size": size,
        "mode": mode,
        "timings": dict(timings),
        "step_peak_mb": timings.peak,
        "step_held_mb": timings.held,
        "peaks_mb": {"import": imported["peak_mb"], "client": peak_memory_mb(), **peaks},
        "analyse_cpu": cpu,
        "rows": {name: len(table) for name, table in tables.items()},
        "csv_mb": written / 1e6,
    }


def _print(results: list[dict]) -> None:
    sizes = sorted({r["size"] for r in results})
    modes = [m for m in ("one", "dask") if any(r["mode"] == m for r in results)]
    by = {(r["size"], r["mode"]): r for r in results}
    for mode in modes:
        runs = [by[(s, mode)] for s in sizes if (s, mode) in by]
        steps = list(dict.fromkeys(k for r in runs for k in r["timings"]))
        title = "one process" if mode == "one" else "Dask, local workers"
        print(f"\n{title}: seconds per step")
        pairs = list(itertools.pairwise(runs))
        print(
            f"{'step':<44}"
            + "".join(f"{r['size']:>10}" for r in runs)
            + "".join(f"{str(a['size']) + '→' + str(b['size']):>16}" for a, b in pairs)
        )
        for name in steps:
            row = f"{name:<44}" + "".join(f"{r['timings'].get(name, 0):10.1f}" for r in runs)
            for a, b in pairs:
                before = a["timings"].get(name, 0)
                ratio = b["timings"].get(name, 0) / before if before > 0.05 else float("nan")
                row += f"{ratio:15.2f}x"
            print(row)
        print("client memory per step, MB: peak during the step / held when it ended")
        print(f"{'step':<44}" + "".join(f"{r['size']:>16}" for r in runs))
        for name in steps:
            if name == "total":
                continue
            print(
                f"{name:<44}"
                + "".join(
                    f"{r['step_peak_mb'].get(name, 0):9.0f} /{r['step_held_mb'].get(name, 0):5.0f}"
                    for r in runs
                )
            )
        print("CPU seconds of the analyses, per process")
        for r in runs:
            cpu = r["analyse_cpu"]
            print(
                f"  {r['size']:>7}: "
                + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                + f" (all {sum(cpu.values()):.1f})"
            )
        print("peak memory, MB")
        for r in runs:
            print(
                f"  {r['size']:>7}: " + ", ".join(f"{k} {v:.0f}" for k, v in r["peaks_mb"].items())
            )
    if len(modes) == 2:
        print("\nDask path over one process (total and analyse), same size")
        for size in sizes:
            if (size, "one") in by and (size, "dask") in by:
                one, dask = by[(size, "one")], by[(size, "dask")]
                total = dask["timings"]["total"] / one["timings"]["total"]
                wall = dask["timings"]["analyse"] / one["timings"]["analyse"]
                cpu = sum(dask["analyse_cpu"].values()) / sum(one["analyse_cpu"].values())
                print(
                    f"  {size:>7}: total {total:.2f}x, "
                    f"analyse {wall:.2f}x wall, {cpu:.2f}x CPU of all processes"
                )
        same = all(
            by[(s, "one")]["rows"] == by[(s, "dask")]["rows"]
            for s in sizes
            if (s, "one") in by and (s, "dask") in by
        )
        print(f"  same rows per table on both paths: {same}")
    print("\nratio columns: time at the larger size over time at the smaller one, same run")


def main() -> None:
    from ingest.store_postgres import is_postgres

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--modes", nargs="+", default=["one", "dask"], choices=["one", "dask"])
    parser.add_argument(
        "--db",
        help="where the runs' stores go: a PostgreSQL server (postgresql://…/NAME, a database "
        "NAME_SIZE_MODE per run) or an SQLite path (a file NAME_SIZE_MODE.db beside it per "
        "run); default: a fresh SQLite file in a temporary folder",
    )
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--import-into", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into:
        size, target = args.import_into
        print(json.dumps(import_into(int(size), target)))
        return
    if args.one:
        size, mode = args.one
        if args.db and is_postgres(args.db):
            with fresh_database(args.db, int(size), mode) as run:
                print(json.dumps(run_one(int(size), mode, args.workers, run)))
        elif args.db:
            with fresh_sqlite(args.db, int(size), mode) as run:
                print(json.dumps(run_one(int(size), mode, args.workers, run)))
        else:
            print(json.dumps(run_one(int(size), mode, args.workers, None)))
        return

    results = []
    for size in args.sizes:
        for mode in args.modes:
            command = [sys.executable, __file__, "--one", str(size), mode]
            command += ["--workers", str(args.workers)] + (["--db", args.db] if args.db else [])
            out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
            r = results[-1]
            peak = max(r["peaks_mb"].values())
            print(
                f"{size:>7} articles, {mode:>4}: {r['timings']['total']:8.1f} s, "
                f"largest peak {peak:6.0f} MB",
                flush=True,
            )
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    _print(results)


if __name__ == "__main__":
    main()
