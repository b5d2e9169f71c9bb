"""An event's corpus: its documents, their sentences, the outlets' groups and the fetch log.

Every analysis takes a Corpus and returns named tables, so they are interchangeable and the
same corpus (with or without wire copies) feeds them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from ingest.config import Config, Event
from ingest.store import Store
from models.sentences import sentences_table

DOCUMENT_COLUMNS = [
    "url",
    "outlet",
    "title",
    "author",
    "published",
    "sitename",
    "language",
    "text",
    "words",
]
FETCH_LOG = "fetch_log"
FETCH_LOG_COLUMNS = [
    "url",
    "outlet",
    "status",
    "reason",
    "detail",
    "http_status",
    "elapsed_ms",
    "fetched_at",
]


def kept_rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The frame's rows where `keep`, renumbered from 0, its Arrow-backed text columns sharing
    the frame's memory: each run of kept rows is a slice of the column, not a copy.

    The counted articles are every article less a few wire copies; a filter would copy their
    texts and their sentences' (some 0.6 GB at 100,000 articles) while the whole is still held.
    """
    keep = np.asarray(keep, dtype=bool)
    bounds = np.flatnonzero(np.diff(np.concatenate(([0], keep.view(np.int8), [0]))))
    runs = list(zip(bounds[0::2].tolist(), bounds[1::2].tolist(), strict=True))
    columns = {}
    for name in frame.columns:
        values = frame[name].array
        if isinstance(values, pd.arrays.ArrowStringArray):
            whole = pa.chunked_array(pa.array(values))
            pieces = [c for lo, hi in runs for c in whole.slice(lo, hi - lo).chunks]
            values = type(values)(pa.chunked_array(pieces, type=whole.type))
            columns[name] = pd.Series(values, dtype=frame[name].dtype, copy=False)
        else:
            columns[name] = frame[name][keep].reset_index(drop=True)
    return pd.DataFrame(columns, columns=frame.columns)


@dataclass(frozen=True)
class Corpus:
    event: Event
    documents: pd.DataFrame
    fetch_log: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FETCH_LOG_COLUMNS))
    # outlet name -> the user's group for it ("" where none is set)
    groups: dict[str, str] = field(default_factory=dict)
    # url of a counted article -> outlets whose wire copies of it were left out (see without)
    republished: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """url, outlet, language, sentence, start, end, text (see models.sentences)."""
        return sentences_table(self.documents)

    def without(self, urls: set[str], copy_of: dict[str, str] | None = None) -> Corpus:
        """The same corpus less some documents (wire copies counted once).

        copy_of (copy url -> original url) keeps, per original, the outlets of its left-out
        copies: an outlet that republished a story still reports what the story reports.
        """
        if not urls:
            return self
        dropped = self.documents.url.isin(urls)
        kept = kept_rows(self.documents, ~dropped.to_numpy())
        republished = {url: list(outlets) for url, outlets in self.republished.items()}
        for url, outlet in zip(
            self.documents.url[dropped], self.documents.outlet[dropped], strict=True
        ):
            original = (copy_of or {}).get(url)
            if original and outlet not in republished.setdefault(original, []):
                republished[original].append(outlet)
        shown = {url: tuple(sorted(o)) for url, o in republished.items() if o}
        smaller = replace(self, documents=kept, republished=shown)
        if "sentences" in self.__dict__:  # split already: the kept articles' are the same rows
            sentences = self.sentences
            smaller.with_sentences(kept_rows(sentences, ~sentences.url.isin(urls).to_numpy()))
        return smaller

    def with_sentences(self, sentences: pd.DataFrame) -> Corpus:
        """This corpus, its sentences given (split elsewhere, batch by batch): the table must
        be sentences_table of these documents, in their order."""
        # a cached_property lives in the instance's dict, which a frozen dataclass allows
        self.__dict__["sentences"] = sentences
        return self


def load_corpus(store: Store, event: Event, config: Config | None = None) -> Corpus:
    documents = pd.DataFrame(store.documents(event.id), columns=DOCUMENT_COLUMNS)
    documents["language"] = documents["language"].fillna("")
    fetch_log = pd.DataFrame(store.fetch_log(event.id), columns=FETCH_LOG_COLUMNS)
    groups = {o.name: o.group for o in config.outlets} if config else {}
    return Corpus(event, documents, fetch_log, groups)
