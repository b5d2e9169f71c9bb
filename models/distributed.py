"""An event's tables computed on a Dask cluster: the same tables, byte for byte, as one process.

The work follows the registry's declarations (models.registry), not a list of names:

1. Each batch of articles goes to a worker, which splits its sentences, hashes its shingles
   for the wire-copy search and runs the `read` of every per-article analysis that reads
   every article (the axes' phrase hits).
2. The client joins the batches' results in article order and finds the wire copies over the
   whole event (copies of one story can be in any two batches).
3. Each batch goes to a worker again, now without its wire copies, and the `read` of every
   per-article analysis that counts them once runs there (actor labels, tone, quotes). The
   sentences of step 1 stay on the worker that split them.
4. The client combines: each per-article analysis's `combine` gets every batch's rows (its
   summaries and intervals, the axis model's fit over every sentence); the whole-event
   analyses (claims, distinctive terms) run on the event's sentences and documents.

A worker reads each article on its own and returns rows in the order of its batch, so the
batches' rows joined in order are the rows one process finds; the combining steps are the
code one process runs. That is why the exported tables are the same bytes either way.

Nothing is lost when a worker dies mid-batch: each batch travels inside its task, so Dask
runs the task again on another worker (its result was never taken). Workers run this module,
so a remote cluster's workers need the product installed, the same version as the client's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ingest.config import Event
from models import registry
from models.corpus import Corpus
from models.duplicates import document_shingles, join_shingles
from models.memory import release_free_memory
from models.sentences import sentences_table
from models.stored import Compute, compute_here
from models.tables import inputs_of

if TYPE_CHECKING:
    from distributed import Client

LOGGER = logging.getLogger(__name__)

# Articles per task: large enough that a task's overhead (a few milliseconds) is lost in its
# work, small enough that every worker gets several and no worker holds many articles' text.
BATCH_ARTICLES = 1000
# Batches' results fetched from the workers at once by the client (see _gathered).
GATHER_AT_ONCE = 4
_SENTENCES = "sentences"
_SHINGLES = "shingles"
_READ = "read"


def batch_analyses(counted: bool) -> list[registry.Analysis]:
    """The per-article analyses that read the counted articles (or every article)."""
    return [
        analysis
        for analysis in registry.ANALYSES
        if analysis.by_article is not None and analysis.by_article.counted == counted
    ]


def _batch_corpus(event: Event, documents: pd.DataFrame, groups: dict[str, str]) -> Corpus:
    return Corpus(event, documents.reset_index(drop=True), groups=groups)


def _read(analyses: list[registry.Analysis], corpus: Corpus) -> dict[str, registry.Partial]:
    """Each analysis's rows in this batch, by the analysis's name."""
    return {
        analysis.name: analysis.by_article.read(corpus)
        for analysis in analyses
        if analysis.by_article is not None
    }


def read_every_article(event: Event, documents: pd.DataFrame, groups: dict[str, str]) -> dict:
    """On a worker, step 1: a batch's sentences, shingles and every-article reads."""
    corpus = _batch_corpus(event, documents, groups)
    corpus.with_sentences(sentences_table(corpus.documents))
    return {
        _SENTENCES: corpus.sentences,
        _SHINGLES: document_shingles(corpus.documents),
        _READ: _read(batch_analyses(counted=False), corpus),
    }


def read_counted_articles(
    event: Event,
    documents: pd.DataFrame,
    groups: dict[str, str],
    first: dict,
    copies: frozenset[str],
) -> dict[str, registry.Partial]:
    """On a worker, step 3: the reads of the batch's counted articles (copies left out)."""
    corpus = _batch_corpus(event, documents, groups).with_sentences(first[_SENTENCES])
    return _read(batch_analyses(counted=True), corpus.without(set(copies)))


def _join(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Batches' rows in order; an empty batch adds nothing (and no column types of its own)."""
    rows = [part for part in parts if not part.empty]
    if not rows:
        return parts[0].reset_index(drop=True)
    return pd.concat(rows, ignore_index=True)


def _join_reads(reads: list[dict[str, registry.Partial]]) -> dict[str, registry.Partial]:
    """Per analysis, each of its partial tables joined over the batches."""
    return {
        name: {table: _join([read[name][table] for read in reads]) for table in reads[0][name]}
        for name in reads[0]
    }


def _gathered(client: Client, futures: list, at_once: int = GATHER_AT_ONCE) -> Iterator[dict]:
    """The futures' results in their order, fetched `at_once` at a time: gathering every
    batch at once would hold every batch's message beside the objects made from it."""
    for lo in range(0, len(futures), at_once):
        yield from client.gather(futures[lo : lo + at_once])


def batches_of(documents: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """Consecutive slices of the documents, in their order."""
    return [documents.iloc[lo : lo + size] for lo in range(0, len(documents), size)]


def compute_tables(
    corpus: Corpus,
    *,
    include_copies: bool = False,
    client: Client | None = None,
    batch_articles: int = BATCH_ARTICLES,
    timings: dict[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every table of the event (as models.tables.build_tables), on the client's cluster.

    Without a client, or for an event without articles, everything runs in this process
    (compute_in_batches).
    `timings`, when given, gets the seconds of each step (for benchmarks/scale.py).
    """
    clock = _Clock(timings)
    if client is None or len(corpus.documents) == 0:
        # the same steps here, one batch after another
        tables = compute_in_batches(
            corpus, registry.ANALYSES, include_copies, clock=clock, batch_articles=batch_articles
        )
        return {name: tables[name] for name in registry.TABLES}
    event, groups = corpus.event, corpus.groups
    batches = batches_of(corpus.documents, max(1, batch_articles))
    first = [
        client.submit(read_every_article, event, batch, groups, pure=False) for batch in batches
    ]
    pieces, shingle_parts, reads = [], [], []
    for result in _gathered(client, first):
        pieces.append(result[_SENTENCES])
        shingle_parts.append(result[_SHINGLES])
        reads.append(result[_READ])
    clock.lap("workers: sentences, shingles, phrase hits")
    sentences = _join(pieces)
    shingles = join_shingles(shingle_parts)
    partials = _join_reads(reads)
    del pieces, shingle_parts, reads  # the joined copies are the ones kept
    large = len(batches) > 1
    if large:  # the gathered batches' buffers, unpickled and joined, are free now
        release_free_memory()

    # the corpus's own sentences, split by the workers (the counted corpus keeps its share);
    # kept on a copy of the caller's corpus, so they can be let go when no step reads them
    whole = corpus if "sentences" in corpus.__dict__ else replace(corpus).with_sentences(sentences)
    del sentences
    inputs = inputs_of(whole, include_copies=include_copies, shingles=shingles)
    del shingles
    clock.lap("copies (whole event)")
    copies = frozenset() if include_copies else frozenset(inputs.duplicates.url)
    second = [
        client.submit(
            read_counted_articles,
            event,
            batch,
            groups,
            done,
            copies & frozenset(batch.url),
            pure=False,
        )
        for batch, done in zip(batches, first, strict=True)
    ]
    partials.update(_join_reads(list(_gathered(client, second))))
    del first, second  # the workers may drop the batches' sentences now
    if large:
        release_free_memory()
    clock.lap("workers: labels, tone, quotes")

    del whole  # inputs hold it now, and let go of its sentences once no step reads them
    produced = _combine(registry.ANALYSES, inputs, partials, clock, large=large)
    return {name: produced[name] for name in registry.TABLES}


def _reads_every_article(analysis: registry.Analysis) -> bool:
    """Whether the analysis reads the whole corpus (copies too) rather than the counted one."""
    return analysis.by_article is not None and not analysis.by_article.counted


def _combine(
    analyses: Sequence[registry.Analysis],
    inputs: registry.Inputs,
    partials: dict[str, registry.Partial],
    clock: _Clock,
    *,
    large: bool,
) -> dict[str, pd.DataFrame]:
    """Each analysis's tables from its batches' rows (or the whole event), in turn.

    What a step no longer needs is let go as soon as it is done: an analysis's partial rows
    once its tables are made, and the whole corpus's sentences (every article, copies too)
    once no analysis left reads them (the rest read the counted articles' own copy). For a
    `large` event (more than one batch) the freed memory is then handed back to the system.
    """
    produced: dict[str, pd.DataFrame] = {}
    for i, analysis in enumerate(analyses):
        produced.update(registry.run(analysis, inputs, partials.pop(analysis.name, None)))
        last_whole = not any(_reads_every_article(a) for a in analyses[i + 1 :])
        if last_whole and inputs.counted is not inputs.corpus:
            # a copy of the corpus without its cached sentences; the tables are made already
            inputs = replace(inputs, corpus=replace(inputs.corpus))
        if large:
            release_free_memory()
        clock.lap(analysis.name if analysis.scope == "event" else f"{analysis.name} (combine)")
    return produced


def _sentence_ranges(corpus: Corpus, batches: list[pd.DataFrame]) -> list[tuple[int, int]]:
    """Each batch's rows of the corpus's sentences (in document order, as the documents)."""
    position = pd.Index(corpus.documents.url).get_indexer(corpus.sentences.url)
    ends = np.cumsum([len(batch) for batch in batches])
    bounds = np.searchsorted(position, ends, side="left").tolist()
    return list(zip([0, *bounds[:-1]], bounds, strict=True))


def compute_in_batches(
    corpus: Corpus,
    analyses: Sequence[registry.Analysis],
    include_copies: bool,
    *,
    clock: _Clock | None = None,
    batch_articles: int = BATCH_ARTICLES,
) -> dict[str, pd.DataFrame]:
    """The analyses' tables in this process, the per-article reads one batch at a time.

    The steps and their code are those of a cluster (compute_tables), run here in turn: what
    a per-article read builds up while it works (the tone model's feature rows, the labels'
    tokens, every found row before it becomes a table) is then one batch's, not the whole
    event's, and the tables are the same bytes as build_tables gives.
    """
    clock = clock or _Clock(None)
    if len(corpus.documents) == 0:
        inputs = inputs_of(corpus, include_copies=include_copies)
        return {k: v for a in analyses for k, v in registry.run(a, inputs).items()}
    split = "sentences" in corpus.__dict__
    # the sentences split here belong to this call, not to the caller's corpus: they are let
    # go once no step reads them (_combine)
    corpus = corpus if split else replace(corpus)
    event, groups = corpus.event, corpus.groups
    batches = batches_of(corpus.documents, max(1, batch_articles))
    large = len(batches) > 1
    wanted = {analysis.name for analysis in analyses}
    every = [a for a in batch_analyses(counted=False) if a.name in wanted]
    counted = [a for a in batch_analyses(counted=True) if a.name in wanted]
    pieces, shingles, reads = [], [], []
    for batch in batches:
        part = _batch_corpus(event, batch, groups)
        if split:  # the corpus's own sentences, sliced per batch below
            shingles.append(document_shingles(part.documents))
            continue
        part.with_sentences(sentences_table(part.documents))
        pieces.append(part.sentences)
        shingles.append(document_shingles(part.documents))
        reads.append(_read(every, part))
    if not split:
        corpus.with_sentences(_join(pieces))
    del pieces
    ranges = _sentence_ranges(corpus, batches)
    if split:
        for batch, (lo, hi) in zip(batches, ranges, strict=True):
            part = _batch_corpus(event, batch, groups)
            part.with_sentences(corpus.sentences.iloc[lo:hi].reset_index(drop=True))
            reads.append(_read(every, part))
    partials = _join_reads(reads) if every else {}
    del reads
    if large:
        release_free_memory()
    clock.lap("batches: sentences, shingles, phrase hits")

    inputs = inputs_of(corpus, include_copies=include_copies, shingles=join_shingles(shingles))
    del shingles
    if large:
        release_free_memory()
    clock.lap("copies (whole event)")
    copies = frozenset() if include_copies else frozenset(inputs.duplicates.url)
    if counted:
        reads = []
        for batch, (lo, hi) in zip(batches, ranges, strict=True):
            part = _batch_corpus(event, batch, groups)
            part.with_sentences(corpus.sentences.iloc[lo:hi].reset_index(drop=True))
            reads.append(_read(counted, part.without(set(copies & frozenset(batch.url)))))
        partials.update(_join_reads(reads))
        del reads
    if large:
        release_free_memory()
    clock.lap("batches: labels, tone, quotes")

    del corpus, part  # inputs hold the corpus now, and the last batch held a slice of it
    return _combine(analyses, inputs, partials, clock, large=large)


class _Clock:
    """Seconds between laps, into a dict when one is given."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings = timings
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + now - self._last
        self._last = now


def computing_on(client: Client | None) -> Compute:
    """How models.stored.event_tables computes missing tables: in this process without a
    client, else on its cluster. A cluster computes every table (the per-article passes serve
    them all at once) and only those asked for are returned, for the store to save."""
    if client is None:
        return compute_here

    def compute(
        corpus: Corpus, analyses: Sequence[registry.Analysis], include_copies: bool
    ) -> dict[str, pd.DataFrame]:
        wanted = {table.name for analysis in analyses for table in analysis.tables}
        tables = compute_tables(corpus, include_copies=include_copies, client=client)
        return {name: table for name, table in tables.items() if name in wanted}

    return compute
