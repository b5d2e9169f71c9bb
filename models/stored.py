"""The analysed tables of an event, kept in the store so that they are computed once.

`event_tables` gives an event's tables: those stored under the current key are read back,
the rest are computed (only the analyses whose tables are missing, stale or unreadable) and,
unless told not to, saved. `analyse` is what `framing analyse` runs: the same, always saving.

A key says what the tables were computed from (ingest.store.TablesKey):

- the event and its revision when the documents were read (the store revision of the last
  write that changed the event's articles, documents, flagged pages or fetch log): any such
  write makes the tables stale, so a stored table is never older than the data, while writes
  to other events leave them current;
- a fingerprint of the config files the analyses read: outlets.toml (names, groups), the
  event's file (actors, axes, keywords) and the word lists of models/lexicon;
- the version: the product's, a digest of the analysis code and data files of this package
  (so an edited checkout never reads tables its code no longer makes), and the versions of
  the libraries that shape the results;
- whether wire copies count as separate articles.

Each table is saved in parts of at most PART_ROWS rows, each part a Parquet file (pyarrow):
typed, so every column comes back with its dtype and values exactly, and the exports of a
read table are the same bytes as those of a computed one. A part that cannot be read makes
its table missing: it is computed again, with a line in the log.
"""

from __future__ import annotations

import hashlib
import io
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ingest.config import Config, Event
from ingest.errors import StoreError
from ingest.store import Store, TablesKey
from models.corpus import Corpus

if TYPE_CHECKING:
    from models import registry

LOGGER = logging.getLogger(__name__)
PART_ROWS = 50_000
MODELS_FOLDER = Path(__file__).resolve().parent
LEXICON_FOLDER = MODELS_FOLDER / "lexicon"
# the analysis code and the data it reads (word lists, the tone model and its card)
CODE_PATTERNS = ("**/*.py", "**/*.toml", "**/*.skops", "**/*.json", "**/*.txt")


def _digest(parts: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in parts:
        digest.update(name.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.hexdigest()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # a file removed since the config was read: it no longer matches
        return b""


def config_fingerprint(config: Config, event: Event) -> str:
    """SHA-256 of the config files the event's analyses read, and of the word lists."""
    files = [("outlets.toml", _read(config.root / "outlets.toml"))]
    if event.path is not None:
        files.append((f"events/{event.path.name}", _read(event.path)))
    else:  # an event built in code (benchmarks, tests) is its own definition
        files.append(("event", repr(event).encode("utf-8")))
    files += [
        (f"lexicon/{path.name}", _read(path)) for path in sorted(LEXICON_FOLDER.glob("*.toml"))
    ]
    return _digest(files)


@cache
def analysis_version() -> str:
    """The product's version, a digest of this package's code and data files and the
    versions of the libraries that shape the results (read once per process)."""
    from models.bundle import versions  # the manifest's list of versions, in one place

    described = versions()
    files = sorted(
        {path for pattern in CODE_PATTERNS for path in MODELS_FOLDER.glob(pattern)}
        - set(MODELS_FOLDER.glob("**/__pycache__/**"))
    )
    code = [(path.relative_to(MODELS_FOLDER).as_posix(), _read(path)) for path in files]
    libraries = [(name, str(v).encode()) for name, v in sorted(described["libraries"].items())]
    digest = _digest([*code, ("python", described["python"].encode()), *libraries])
    return f"{described['product']['version']}+{digest[:16]}"


def key_of(config: Config, event: Event, store: Store, include_copies: bool) -> TablesKey:
    """The key of the tables the store's current documents and this config give."""
    return TablesKey(
        event=event.id,
        # read before the documents: never newer than them
        revision=store.event_revision(event.id),
        config=config_fingerprint(config, event),
        version=analysis_version(),
        include_copies=bool(include_copies),
    )


def table_parts(table: pd.DataFrame, part_rows: int = PART_ROWS) -> Iterator[tuple[int, bytes]]:
    """The table as Parquet files of at most `part_rows` rows each (one, empty, for no rows),
    serialised one at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if part_rows < 1:
        raise ValueError("part_rows must be at least 1")
    for start in range(0, max(len(table), 1), part_rows):
        part = table.iloc[start : start + part_rows]
        buffer = io.BytesIO()
        # the index is not kept: every table has the default one (checked by the tests)
        arrow = pa.Table.from_pandas(part, preserve_index=False)
        pq.write_table(arrow, buffer, compression="zstd")
        yield len(part), buffer.getvalue()


def table_from_parts(parts: list[bytes]) -> pd.DataFrame:
    """The table that table_parts wrote, with its dtypes and the default index."""
    import pyarrow.parquet as pq

    frames = [pq.read_table(io.BytesIO(data)).to_pandas() for data in parts]
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True)


def _load(store: Store, key: TablesKey, names: list[str]) -> dict[str, pd.DataFrame]:
    """The tables stored whole and readable under the key; a damaged one is left out."""
    stored = store.stored_table_names(key)
    loaded = {}
    for name in names:
        if name not in stored:
            continue
        parts = store.load_table(key, name)
        if parts is None:
            continue
        try:
            loaded[name] = table_from_parts(parts)
        except Exception as err:  # pyarrow raises several kinds on bad bytes
            LOGGER.warning(
                "%s: the stored table %s of %s cannot be read (%s); computing it again",
                store.path,
                name,
                key.event,
                str(err).splitlines()[0] if str(err) else type(err).__name__,
            )
    return loaded


# How the missing tables are computed: (the corpus, the analyses to run, include_copies) ->
# their tables. In this process by default; an engine that spreads the work passes its own.
Compute = Callable[[Corpus, Sequence["registry.Analysis"], bool], dict[str, pd.DataFrame]]


def compute_here(
    corpus: Corpus, analyses: Sequence[registry.Analysis], include_copies: bool
) -> dict[str, pd.DataFrame]:
    """The analyses' tables, computed in this process (the per-article reads a batch of
    articles at a time, as a cluster runs them: models.distributed.compute_in_batches)."""
    from models.distributed import compute_in_batches

    return compute_in_batches(corpus, analyses, include_copies)


@dataclass(frozen=True)
class Analysed:
    """What event_tables did: the tables and which of them were read, computed and saved."""

    key: TablesKey
    tables: dict[str, pd.DataFrame]
    read: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()
    saved: tuple[str, ...] = ()
    seconds: float = 0.0
    analyses: tuple[str, ...] = field(default=())  # the analyses that ran

    @property
    def rows(self) -> int:
        return sum(len(t) for t in self.tables.values())

    def line(self) -> str:
        """One line for a terminal: what was done, how many tables and rows, how long."""
        copies = "counting every wire copy" if self.key.include_copies else "wire copies once"
        shape = f"{len(self.tables)} tables, {self.rows:,} rows"
        where = f"{self.key.event} ({copies}, revision {self.key.revision})"
        if not self.computed:
            return f"{where}: the stored tables are current ({shape}); nothing computed"
        done = "computed and stored" if self.saved else "computed (not stored)"
        if self.read:
            done += f"; {len(self.read)} were stored already"
        return f"{where}: {len(self.computed)} tables {done}; {shape} in {self.seconds:.1f} s"


def event_tables(
    config: Config,
    event: Event,
    store: Store,
    *,
    include_copies: bool = False,
    save: bool = True,
    save_failure_ok: bool = False,
    part_rows: int = PART_ROWS,
    compute: Compute = compute_here,
) -> Analysed:
    """Every table of the event: read from the store where current, the rest computed (and
    saved with `save`; a read-only store is never written).

    A store that cannot take the tables (full disk, no permission) raises StoreError, unless
    `save_failure_ok`: then the computed tables are returned all the same, with a log line.
    """
    from models import registry
    from models.corpus import load_corpus

    started = time.perf_counter()
    key = key_of(config, event, store, include_copies)
    names = list(registry.TABLES)
    tables = _load(store, key, names)
    missing = [a for a in registry.ANALYSES if any(t.name not in tables for t in a.tables)]
    computed: list[str] = []
    if missing:
        produced = compute(load_corpus(store, event, config), missing, include_copies)
        expected = [t.name for a in missing for t in a.tables]
        if sorted(produced) != sorted(expected):
            raise ValueError(f"computed {sorted(produced)}, expected {sorted(expected)}")
        tables.update(produced)
        computed = [name for name in names if name in produced]
    saved: list[str] = []
    if save and computed and not store.readonly:
        try:
            for name in computed:
                store.save_table(key, name, table_parts(tables[name], part_rows))
                saved.append(name)
        except StoreError as err:
            if not save_failure_ok:
                raise
            LOGGER.warning("the computed tables were not stored: %s", err)
    return Analysed(
        key=key,
        tables={name: tables[name] for name in names},
        read=tuple(name for name in names if name not in computed),
        computed=tuple(computed),
        saved=tuple(saved),
        seconds=time.perf_counter() - started,
        analyses=tuple(a.name for a in missing),
    )


def analyse(
    config: Config,
    event: Event,
    store: Store,
    *,
    include_copies: bool = False,
    compute: Compute = compute_here,
) -> Analysed:
    """Compute what is missing or stale of the event's tables and save it: `framing analyse`
    (and whatever else keeps an event's tables current)."""
    return event_tables(
        config, event, store, include_copies=include_copies, save=True, compute=compute
    )
