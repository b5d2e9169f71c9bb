"""The `framing` command: fetch, import, export and inspect events from a terminal."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from dashboard import config_commands
from ingest.cluster import check_workers, dask_client
from ingest.config import Config, Event, load_config
from ingest.errors import FramingError, InputError, StoreError, StoreNotFound
from ingest.fetch import Outcome, Summary, fetch_event
from ingest.files import import_files, load_demo
from ingest.store import Address, Store, check_db_path, resolve_db_path, shown, store_folder

# The analyses (pandas, scikit-learn, skops) are imported by the commands that use them: they
# took ten times as long to import as trafilatura, longer than ingesting a hundred pages.

# the app file inside the installed package (or the checkout): what `framing dashboard` runs
APP = Path(__file__).resolve().parent / "app.py"
# commands that only read the store: a missing or empty store is a mistake, not a fresh start
READING = {"export", "train", "report"}
# commands that read the articles and write only what they compute from them
ANALYSING = {"analyse"}


def version() -> str:
    """The installed distribution's version; a checkout run without installing has none."""
    try:
        return metadata.version("framing-dashboard")
    except metadata.PackageNotFoundError:
        return "unknown (not installed; run pip install .)"


# C0 and C1 control characters (escape sequences start with one) and the bidirectional
# overrides that make text read differently from what it holds
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: object) -> str:
    """Text from pages and servers made safe to print: control characters become spaces."""
    return _CONTROLS.sub(" ", str(text))


class _Progress:
    """A one-line progress bar on a terminal; a line per page elsewhere (logs, CI)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.tty = stream.isatty()

    def __call__(self, outcome: Outcome, summary: Summary) -> None:
        done = sum(summary.counts.values())
        if self.tty:
            width = 30
            filled = width * done // max(summary.total, 1)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{summary.total}  "
                f"fetched {summary.counts['fetched']}  skipped {summary.counts['skipped']}  "
                f"failed {summary.counts['failed']}"
            )
            if done == summary.total:
                self.stream.write("\n")
        else:
            note = "" if outcome.status != "failed" else f" ({outcome.reason}: {outcome.detail})"
            line = f"{done}/{summary.total} {outcome.status} {outcome.url}{note}"
            self.stream.write(terminal_text(line) + "\n")
        self.stream.flush()


def _check_zip_target(path: Path) -> None:
    """Refuse an unusable --zip path before the tables are computed, which can take a while."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give --zip a file name such as {path}/bundle.zip")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such folder for --zip; create it or pick another")


def _write_zip(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as err:
        raise InputError(f"{path}: cannot write the zip ({err.strerror})") from None


def check_out_dir(path: Path, option: str = "--out") -> None:
    """Refuse a folder that cannot be made or written, before anything is computed or written.

    The folder itself is only created later, by whatever writes into it.
    """
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: is a file; give {option} a folder (made if missing)")
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(f"{path}: {existing} is a file, not a folder; give {option} a folder")
    try:
        # asking the file system is the only answer that holds for root, ACLs and read-only mounts
        Path(tempfile.mkdtemp(prefix=".framing-probe-", dir=existing)).rmdir()
    except OSError as err:
        raise InputError(
            f"{path}: cannot write in {existing} ({err.strerror or err}); give {option} a "
            "folder you can write to"
        ) from None


def _export(args: argparse.Namespace, config: Config, event: Event, store: Store) -> int:
    """CSV files into --out, the bundle into --zip, or both from the same tables."""
    from models.bundle import bundle_bytes
    from models.distributed import computing_on
    from models.export import write_tables
    from models.stored import event_tables

    if not args.out and not args.zip:
        raise InputError("export needs --out DIR for CSV files or --zip FILE for a bundle")
    if args.zip:
        _check_zip_target(Path(args.zip))
    if args.out:
        check_out_dir(Path(args.out))
    # the stored tables when current (`framing analyse`), else computed: the same bytes, on a
    # cluster when --scheduler or --workers say so
    with dask_client(args.scheduler, args.workers) as client:
        tables = event_tables(
            config, event, store, include_copies=args.include_copies, compute=computing_on(client)
        ).tables
    if args.out:
        try:
            written = write_tables(tables, args.out, excel=args.excel)
        except OSError as err:
            raise InputError(f"{args.out}: cannot write the tables ({err.strerror})") from None
        for path in written:
            print(path)
    if args.zip:
        filters = {"include_copies": args.include_copies}
        data = bundle_bytes(event, config, tables, filters=filters, store_dir=store.folder)
        _write_zip(Path(args.zip), data)
        print(args.zip)
    return 0


def _check_report_target(path: Path) -> None:
    """Refuse an unusable --out before the tables are computed, and so before anything is
    written."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give --out a file name such as {path}/report.html")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such folder for --out; create it or pick another")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path}: cannot be written here; pick a folder you can write to")


def _write_report(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a half-written report must not be left behind."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write the report ({err.strerror})") from None


def _report(args: argparse.Namespace, config: Config, event: Event, store: Store) -> int:
    """One HTML file: the same bytes the dashboard's "Download report" gives unfiltered."""
    from dashboard.report import report_bytes, unfiltered
    from models.stored import event_tables

    path = Path(args.out) if args.out else Path(f"{event.id}-report.html")
    _check_report_target(path)
    tables = event_tables(config, event, store, include_copies=args.include_copies).tables
    data = report_bytes(
        event,
        config,
        tables,
        filters=unfiltered(args.include_copies),
        store_dir=store.folder,
    )
    _write_report(path, data)
    print(path)
    return 0


def _local_workers(args: argparse.Namespace) -> int:
    return check_workers(args.workers) if args.workers is not None else 1


def _common(default: object) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="DIR",
        default=default,
        help="config folder (default: $FRAMING_CONFIG, else ./config)",
    )
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        default=default,
        help="the store: an SQLite file, or a PostgreSQL database as postgresql://USER@HOST/DB "
        "(default: $FRAMING_DB, else data/framing.db)",
    )
    return common


EVENT_HELP = "event id, as in config/events/<id>.toml (`framing events` lists them)"


def _cluster_options(command: argparse.ArgumentParser, work: str) -> None:
    """--scheduler and --workers: where a command's work runs (default: this process)."""
    where = command.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=f"{work} on the Dask cluster of this scheduler (tcp://host:8786); the store is "
        "written by this process only",
    )
    where.add_argument(
        "--workers",
        metavar="N",
        help=f"{work} on a local Dask cluster of N worker processes on this machine "
        "(127.0.0.1 only, no dashboard), closed at the end",
    )


def _parser() -> argparse.ArgumentParser:
    # the options work before or after the command: a command's own copy must not overwrite
    # a value given before it with its default, hence SUPPRESS there
    common = _common(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="framing",
        parents=[_common(None)],
        description="Compare how outlets frame one event, with the evidence behind each number.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("events", parents=[common], help="list the configured events")

    fetch = commands.add_parser("fetch", parents=[common], help="fetch an event's coverage URLs")
    fetch.add_argument("event", help=EVENT_HELP)
    fetch.add_argument(
        "--refresh", action="store_true", help="fetch again pages that are already stored"
    )
    fetch.add_argument(
        "--keep-flagged",
        action="store_true",
        help="take pages flagged as not an article or paywall teaser as articles: those "
        "stored earlier (without fetching them again) and those flagged in this run",
    )
    _cluster_options(fetch, "download and extract")

    imp = commands.add_parser(
        "import", parents=[common], help="ingest saved HTML files as articles of an outlet"
    )
    imp.add_argument("event", help=EVENT_HELP)
    imp.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="saved HTML pages; one that declares its web address (canonical) is stored under it",
    )
    imp.add_argument("--outlet", required=True, help="outlet name, as in outlets.toml")

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the event's comparison tables as CSV files, or all of them in one zip",
    )
    export.add_argument("event", help=EVENT_HELP)
    export.add_argument("--out", metavar="DIR", help="folder for the CSV files")
    export.add_argument(
        "--zip",
        metavar="FILE",
        help="write one zip of every table, the event's config and a manifest of what made them",
    )
    export.add_argument(
        "--include-copies",
        action="store_true",
        help="count wire copies as separate articles (by default a copy is counted once)",
    )
    export.add_argument(
        "--excel",
        action="store_true",
        help="also write <table>-excel.csv beside each CSV: UTF-8 with a byte-order mark, "
        "so Excel reads accents right (the plain CSV files stay as they are)",
    )
    _cluster_options(export, "run the per-article analyses")

    report = commands.add_parser(
        "report",
        parents=[common],
        help="write one self-contained HTML report of the event (findings, charts, tables, "
        "method notes, manifest) that opens offline and can be e-mailed",
    )
    report.add_argument("event", help="event id, as in config/events/<id>.toml")
    report.add_argument(
        "--out",
        metavar="FILE",
        help="the HTML file to write (default: <event>-report.html in the current folder)",
    )
    report.add_argument(
        "--include-copies",
        action="store_true",
        help="count wire copies as separate articles (by default a copy is counted once)",
    )

    analyse = commands.add_parser(
        "analyse",
        parents=[common],
        help="compute the event's comparison tables and save them in the store, so that the "
        "dashboard, export and report read them instead of computing them",
    )
    analyse.add_argument("event", help=EVENT_HELP)
    analyse.add_argument(
        "--include-copies",
        action="store_true",
        help="the tables that count wire copies as separate articles (the dashboard's "
        "switch) instead of those that count a copy once; run both ways to store both",
    )
    _cluster_options(analyse, "run the per-article analyses")

    train = commands.add_parser(
        "train",
        parents=[common],
        help="fit and save each axis's model (skops), with its quality and metadata",
    )
    train.add_argument("event", help=EVENT_HELP)
    train.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the models (default: beside the store, models/<event>/)",
    )

    discover = commands.add_parser(
        "discover",
        parents=[common],
        help="find an event's coverage in the outlets' feeds and sitemaps, grouped into stories",
    )
    discover.add_argument("event", help=EVENT_HELP)
    discover.add_argument(
        "--story", type=int, metavar="N", help="only story N, as numbered in the listing"
    )
    discover.add_argument(
        "--add",
        action="store_true",
        help="add the candidates (all, or story N's) to the event file's urls",
    )

    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="follow an event: discovery and fetch again on a schedule, new pages fetched, "
        "known ones asked for conditionally; several watchers can share one store",
    )
    watch.add_argument("event", help=EVENT_HELP)
    watch.add_argument(
        "--every",
        metavar="DURATION",
        default="30m",
        help="time between rounds: a number with s, m or h, such as 90s, 30m, 2h (default 30m)",
    )
    watch.add_argument(
        "--once", action="store_true", help="run one round and exit (for cron and tests)"
    )

    commands.add_parser(
        "demo", parents=[common], help="load the demo events' saved sample pages into the store"
    )

    config_commands.add_parsers(commands, common, EVENT_HELP)

    dashboard = commands.add_parser(
        "dashboard",
        parents=[common],
        help="start the dashboard (streamlit run on the installed app); --config and --db "
        "become FRAMING_CONFIG and FRAMING_DB",
    )
    dashboard.add_argument(
        "streamlit_options",
        nargs="*",
        metavar="OPTION",
        help="after --, options for streamlit run, such as: -- --server.port 8502",
    )
    evaluate = commands.add_parser(
        "evaluate",
        parents=[common],
        help="measure the analyses on the labelled samples (and on real data with --data) "
        "against the evaluation gate",
    )
    evaluate.add_argument(
        "dataset",
        nargs="?",
        help="only this real data set (one of the folders --data holds); default: the team's "
        "samples, then every data set found under --data",
    )
    evaluate.add_argument(
        "--data",
        metavar="DIR",
        help="folder of real labelled data sets, each in its public layout: "
        + "; ".join(f"{name}/ from {source}" for name, source in _real_sources().items()),
    )
    return parser


def _real_sources() -> dict[str, str]:
    from models.realdata import DATASETS

    return {folder: source for folder, _, source in DATASETS.values()}


def _evaluate(args: argparse.Namespace) -> int:
    """One line per metric: its figure, the naive baseline beside it, its bar and PASS or FAIL."""
    from models import realdata
    from models.evaluation import (
        failures,
        load_minimums,
        load_real_gate,
        measure_all,
        real_failures,
    )

    problems: list[str] = []
    if args.dataset is None:
        print("On the team's own samples (written for this project):")
        figures, minimums = measure_all(), load_minimums()
        for name, value in sorted(figures.items()):
            bar = f"minimum {minimums[name]}" if name in minimums else ""
            verdict = "" if not bar else ("PASS" if value >= minimums[name] else "FAIL")
            print(f"  {name:<40}{value:8.3f}  {bar:<16}{verdict}")
        problems += failures(figures, minimums)
    if args.data or args.dataset:
        if not args.data:
            raise InputError("evaluate DATASET needs --data DIR, the folder that holds it")
        data = Path(args.data)
        if not data.is_dir():
            raise InputError(f"{data}: no such folder; give --data the folder of the data sets")
        names = realdata.available(data)
        if args.dataset is not None:
            by_folder = {folder: n for n, (folder, _, _) in realdata.DATASETS.items()}
            name = by_folder.get(args.dataset, args.dataset)
            if name not in realdata.DATASETS:
                known = ", ".join(sorted(by_folder))
                raise InputError(f"unknown data set '{args.dataset}'; known: {known}")
            if name not in names:
                folder = realdata.DATASETS[name][0]
                source = realdata.SOURCES[name]
                raise InputError(f"{data / folder}: not found; get it from {source}")
            names = [name]
        if not names:
            known = ", ".join(sorted(f for f, _, _ in realdata.DATASETS.values()))
            raise InputError(f"{data}: holds none of the known data sets ({known})")
        gate = load_real_gate()
        measured = realdata.measure(data, names)
        values = {}
        for name, found in measured.items():
            print(f"On real data: {name} ({realdata.SOURCES[name]}):")
            for figure in found:
                values[figure.metric] = figure.value
                kind, bound, _ = gate.get(figure.metric, ("", 0.0, ""))
                bar = f"{kind} {bound}" if kind else ""
                ok = figure.value >= bound if kind == "minimum" else figure.value <= bound
                verdict = ("PASS" if ok else "FAIL") if kind else ""
                base = (
                    f"  baseline {figure.baseline:.3f} ({figure.baseline_name})"
                    if figure.baseline is not None
                    else ""
                )
                print(f"  {figure.metric:<40}{figure.value:8.3f}  {bar:<16}{verdict}{base}")
                for note in figure.notes:
                    print(f"      {terminal_text(note)}")
        problems += real_failures(values, gate, set(measured))
    for line in problems:
        print(f"below the gate: {line}", file=sys.stderr)
    return 1 if problems else 0


def _dashboard(args: argparse.Namespace) -> int:
    """Hand over to `streamlit run` on the app file that shipped with this copy of the code."""
    config = load_config(args.config)  # a config or store mistake is told here, in one line
    db = resolve_db_path(args.db)
    check_db_path(db)
    env = {**os.environ, "FRAMING_CONFIG": str(config.root.resolve())}
    if args.db or os.environ.get("FRAMING_DB"):
        env["FRAMING_DB"] = db if isinstance(db, str) else str(db.resolve())
    command = [sys.executable, "-m", "streamlit", "run", str(APP), *args.streamlit_options]
    sys.stdout.flush()
    if os.name == "posix":
        # become the server: whoever started `framing dashboard` can stop it by this process id
        os.execve(sys.executable, command, env)
    import subprocess

    return subprocess.call(command, env=env)


def _open_store(db: Address, command: str) -> Store:
    """The store, refused in one line when its path looks like a typo or it has nothing to read."""
    reading = command in READING
    check_db_path(db, reading=reading or command in ANALYSING)
    # commands that only read open the store read-only: they work where it cannot be written
    store = Store(db, readonly=reading)
    if (reading or command in ANALYSING) and store.document_count() == 0:
        store.close()
        raise StoreError(
            f"{shown(db)}: the store holds no articles; run `framing demo` or "
            "`framing fetch EVENT` first, or correct --db or FRAMING_DB"
        )
    return store


def _import(args: argparse.Namespace, config: Config, event: Event, store: Store) -> int:
    if config.outlet(args.outlet) is None:
        known = ", ".join(o.name for o in config.outlets)
        raise InputError(f"outlet '{args.outlet}' is not in outlets.toml (known: {known})")

    def tell(path: Path, outcome: Outcome) -> None:
        # every file on screen as the log has it, so the summary below adds up
        if outcome.status == "fetched":
            print(f"imported {path} as {outcome.url}", file=sys.stderr)
        else:
            note = f": {outcome.reason}" + (f" ({outcome.detail})" if outcome.detail else "")
            print(f"{outcome.status} {path}{note}", file=sys.stderr)

    summary = import_files(event, args.files, args.outlet, store, on_outcome=tell)
    print(summary.line().replace("fetched", "imported", 1))
    return 1 if summary.nothing_fetched else 0


def _discover(args: argparse.Namespace, config: Config, event: Event) -> int:
    """List the event's candidates by story; each source that failed is one line on stderr."""
    from ingest.discover import add_to_event, run_discovery
    from ingest.stories import group_stories

    printing = threading.Lock()

    def problem(url: str, reason: str) -> None:
        # discovery threads report as they go: one whole line at a time, never interleaved
        with printing:
            sys.stderr.write(terminal_text(f"skipped {url}: {reason}") + "\n")
            sys.stderr.flush()

    found = run_discovery(event, config, config.fetch, on_problem=problem)
    for note in found.notes:
        print(terminal_text(f"limit reached: {note}"))
    if found.nothing_read:
        print(
            f"framing: nothing could be read for '{event.id}': all {found.sources_failed} feeds, "
            "sitemaps and homepages tried failed (reasons above); check the outlets' feeds and "
            "domains in outlets.toml and the network",
            file=sys.stderr,
        )
        return 1
    stories = group_stories(found.candidates)
    if not stories:
        print(f"no candidates found for '{event.id}' in the outlets' feeds and sitemaps")
    if args.story is not None:
        if not 1 <= args.story <= len(stories):
            raise InputError(
                f"no story {args.story} for '{event.id}' ({len(stories)} found); "
                "run without --story to see their numbers"
            )
        stories = [stories[args.story - 1]]
    for story in stories:
        print(terminal_text(f"story {story.id}: {story.label} ({len(story.candidates)})"))
        for candidate in story.candidates:
            mark = " [already listed]" if candidate.configured else ""
            head = f"  {candidate.published or '----------'}  {candidate.outlet}  {candidate.url}"
            print(terminal_text(head + mark))
            print(terminal_text(f"    {candidate.reason} [{candidate.source}]"))
    if args.add:
        chosen = [c for story in stories for c in story.candidates]
        added = add_to_event(event, chosen, config.outlets)
        print(f"added {len(added)} URLs to {event.path}")
    return 0


def _watch(args: argparse.Namespace, config: Config, event: Event, store: Store) -> int:
    """Rounds until Ctrl-C or SIGTERM (or one with --once), a line each; exits 0 when stopped."""
    from ingest.watch import parse_duration, stopping_on_signals, watch

    every = parse_duration(args.every)

    def analyse(changed: Event) -> None:
        # after a round that changed the store: the tables are stored current, so the
        # dashboard, export and report read them at once instead of computing them
        from models.stored import analyse as analyse_event

        analyse_event(config, changed, store)

    def tell(result) -> None:
        print(terminal_text(result.line()), flush=True)

    stop = threading.Event()
    try:
        with stopping_on_signals(stop):
            watch(
                event,
                config,
                store,
                every=every,
                once=args.once,
                stop=stop,
                analyse=analyse,
                on_round=tell,
            )
    except KeyboardInterrupt:
        print(
            "framing: stopped; the pages in flight were abandoned and are left for the next run",
            file=sys.stderr,
        )
        return 0
    if stop.is_set():
        print("framing: stopped; what was fetched is stored", file=sys.stderr)
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command in config_commands.COMMANDS:
        return config_commands.run(args)
    if args.command == "dashboard":
        return _dashboard(args)

    if args.command == "watch":
        from ingest.watch import parse_duration

        parse_duration(args.every)  # a bad duration is told before anything is read or opened
    config = load_config(args.config)
    db = resolve_db_path(args.db)

    if args.command == "events":
        check_db_path(db)
        # listing the config needs no store: none is created just to count zero articles
        try:
            store = Store(db, readonly=True)
        except StoreNotFound:
            store = None
        try:
            for event in config.events.values():
                stored = len(store.documents(event.id)) if store else 0
                print(f"{event.id}\t{len(event.coverage)} URLs\t{stored} stored\t{event.title}")
        finally:
            if store:
                store.close()
        return 0

    event = config.event(args.event) if hasattr(args, "event") else None
    if args.command == "discover":
        return _discover(args, config, event)

    if args.command == "train":
        from models.bundle import saved_models_dir

        out = Path(args.out) if args.out else saved_models_dir(store_folder(db), event.id)
        check_out_dir(out)

    with _open_store(db, args.command) as store:
        if args.command == "fetch":
            if not event.coverage:
                raise InputError(f"{event.path}: the event lists no URLs; add them under urls")
            if args.keep_flagged:
                for url in store.keep_flagged(event.id):
                    print(f"kept as an article: {terminal_text(url)}")
            # a local cluster's threads wait on the network: as many in all as `workers`
            threads = -(-config.fetch.workers // _local_workers(args))
            with dask_client(args.scheduler, args.workers, threads) as client:
                summary = fetch_event(
                    event,
                    config.fetch,
                    store,
                    refresh=args.refresh,
                    on_progress=_Progress(),
                    keep_flagged=args.keep_flagged,
                    client=client,
                )
            print(summary.line())
            return 1 if summary.nothing_fetched else 0

        if args.command == "watch":
            return _watch(args, config, event, store)

        if args.command == "import":
            return _import(args, config, event, store)

        if args.command == "export":
            return _export(args, config, event, store)

        if args.command == "report":
            return _report(args, config, event, store)

        if args.command == "analyse":
            from models.distributed import computing_on
            from models.stored import analyse

            with dask_client(args.scheduler, args.workers) as client:
                done = analyse(
                    config,
                    event,
                    store,
                    include_copies=args.include_copies,
                    compute=computing_on(client),
                )
            print(done.line())
            return 0

        if args.command == "train":
            from models.axes import hits_table
            from models.axis_model import save_axis_models
            from models.corpus import load_corpus
            from models.tables import inputs_of

            # the dashboard's model leaves wire copies out: a sentence and its word-for-word
            # copy in different folds would inflate the cross-validated quality
            counted = inputs_of(load_corpus(store, event, config)).counted
            hits = hits_table(counted.documents, event.axes)
            try:
                saved = save_axis_models(counted, hits, out)
            except OSError as err:
                raise InputError(f"{out}: cannot write the models ({err.strerror})") from None
            for quality, path in saved:
                where = path or "not saved: one pole has no example sentences"
                print(f"{quality['axis']}: {where}\n  {quality['note']}")
            return 0

        if args.command == "demo":
            print(load_demo(config, store).line().replace("fetched", "loaded", 1))
            return 0
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Our own warnings only: download failures are reported as fetch reasons, once.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("trafilatura", "htmldate", "courlan", "urllib3"):
        logger = logging.getLogger(noisy)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    try:
        return _run(args)
    except FramingError as err:
        print(f"framing: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("framing: interrupted; what was stored so far is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
