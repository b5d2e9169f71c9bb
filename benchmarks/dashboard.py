"""How fast the dashboard answers on a large event: page switches and filter changes, warm.

    python benchmarks/dashboard.py [--articles 5000] [--repeats 3]

A synthetic event (benchmarks/synthetic.py: 30 outlets in 5 groups, ~400 words an article) is
written to a temporary config folder and SQLite store, and the app is run headless with
Streamlit's AppTest: the same script, caches and session state as `streamlit run`, without
the browser's drawing time. Measured in this run:

- cold: the first page, which computes every table of the event;
- baseline: a rerun of the Overview with nothing changed (the floor of any answer);
- every page, visited once the tables are cached (first and later visits);
- filter changes: outlets, outlet groups, a date range, each new to the cache, then one met
  before, and clearing them.

The machines are shared and noisy: read the ratios to the baseline and to the cold start
(measured here), and the medians of `--repeats` runs. Goal: every warm answer under a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "overview",
    "axes",
    "side_by_side",
    "actors",
    "voices",
    "claims",
    "language",
    "wire_copies",
    "fetch_report",
    "data",
]


def _toml_list(items) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def write_event(root: Path, articles: int) -> tuple[Path, Path]:
    """A config folder and a store holding the synthetic event; returns (config, db)."""
    from benchmarks.synthetic import synthetic_corpus
    from ingest.store import Document, Store

    corpus = synthetic_corpus(articles)
    config = root / "config"
    (config / "events").mkdir(parents=True)
    outlets = sorted(corpus.documents.outlet.unique())
    (config / "outlets.toml").write_text(
        "".join(
            f'[[outlet]]\nname = "{name}"\ndomains = ["site{int(name.split()[-1])}.example"]\n'
            f'group = "{corpus.groups[name]}"\n\n'
            for name in outlets
        ),
        encoding="utf-8",
    )
    event = corpus.event
    lines = [f'id = "{event.id}"', f'title = "{event.title}"', "urls = []", ""]
    for actor in event.actors:
        lines += ["[[actor]]", f'name = "{actor.name}"', f"aliases = {_toml_list(actor.aliases)}"]
    for axis in event.axes:
        lines += ["", "[[axis]]", f'id = "{axis.id}"', f'question = "{axis.question}"']
        for side, pole in (("a", axis.a), ("b", axis.b)):
            lines += [
                f"[axis.{side}]",
                f'label = "{pole.label}"',
                f"phrases = {_toml_list(pole.phrases)}",
            ]
    (config / "events" / f"{event.id}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    db = root / "store.db"
    with Store(db) as store:
        for row in corpus.documents.itertuples(index=False):
            store.save_document(
                event.id,
                Document(
                    url=row.url,
                    outlet=row.outlet,
                    text=row.text,
                    title=row.title,
                    published=row.published,
                    language=row.language,
                ),
            )
    return config, db


def _timed(step) -> float:
    started = time.perf_counter()
    at = step()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise SystemExit(f"the app failed: {at.exception[0].message}")
    return elapsed


def measure(repeats: int) -> dict[str, list[float]]:
    from streamlit.testing.v1 import AppTest

    results: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        results.setdefault(name, []).append(seconds)

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=1800)
    record("cold start (every table computed)", _timed(at.run))
    for _ in range(repeats):
        record("baseline: the same page again", _timed(at.run))

    for visit in ("first visit", "later visit"):
        for _ in range(repeats if visit == "later visit" else 1):
            for page in PAGES:
                record(
                    f"page {page} ({visit})",
                    _timed(lambda page=page: at.switch_page(f"views/{page}.py").run()),
                )
    at.switch_page("views/axes.py").run()
    outlets = at.multiselect(key="filter-outlets").options
    groups = at.multiselect(key="filter-groups").options
    dates = at.date_input(key="filter-dates-synthetic")
    for i in range(repeats):
        picked = outlets[i * 3 : i * 3 + 5]
        record(
            "filter: five outlets (new)",
            _timed(lambda p=picked: at.multiselect(key="filter-outlets").set_value(p).run()),
        )
        record(
            "filter: clear outlets",
            _timed(lambda: at.multiselect(key="filter-outlets").set_value([]).run()),
        )
        record(
            "filter: two groups (new)",
            _timed(
                lambda g=groups[i % 3 : i % 3 + 2]: (
                    at.multiselect(key="filter-groups").set_value(g).run()
                )
            ),
        )
        record(
            "filter: clear groups",
            _timed(lambda: at.multiselect(key="filter-groups").set_value([]).run()),
        )
        window = (date(2019, 5, 3 + i), date(2019, 5, 20 + i))
        record(
            "filter: date range (new)",
            _timed(lambda w=window: dates.set_value(w).run()),
        )
        record(
            "filter: five outlets (met before)",
            _timed(lambda: at.multiselect(key="filter-outlets").set_value(outlets[0:5]).run()),
        )
        at.multiselect(key="filter-outlets").set_value([]).run()
    for page in ("overview", "side_by_side", "claims"):
        record(
            f"page {page} under a date range",
            _timed(lambda page=page: at.switch_page(f"views/{page}.py").run()),
        )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        config, db = write_event(Path(tmp), args.articles)
        os.environ["FRAMING_CONFIG"] = str(config)
        os.environ["FRAMING_DB"] = str(db)
        results = measure(args.repeats)
    cold = results["cold start (every table computed)"][0]
    baseline = statistics.median(results["baseline: the same page again"])
    print(f"{args.articles} articles, 30 outlets; medians of {args.repeats} where repeated")
    print(f"{'step':<42} {'seconds':>8} {'× baseline':>11} {'÷ cold':>8}")
    slowest = 0.0
    for name, times in results.items():
        median = statistics.median(times)
        if not name.startswith("cold"):
            slowest = max(slowest, median)
        print(f"{name:<42} {median:8.3f} {median / baseline:11.1f} {median / cold:8.4f}")
    verdict = "PASS" if slowest < 1.0 else "OVER"
    print(f"slowest warm answer: {slowest:.3f} s ({verdict}: goal under 1 s once warm)")


if __name__ == "__main__":
    main()
