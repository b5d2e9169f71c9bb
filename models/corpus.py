"""An event's corpus as read from the store: the documents and the fetch log as DataFrames."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingest.config import Event
from ingest.store import Store

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


@dataclass(frozen=True)
class Corpus:
    event: Event
    documents: pd.DataFrame
    fetch_log: pd.DataFrame


def load_corpus(store: Store, event: Event) -> Corpus:
    documents = pd.DataFrame(store.documents(event.id), columns=DOCUMENT_COLUMNS)
    fetch_log = pd.DataFrame(store.fetch_log(event.id), columns=FETCH_LOG_COLUMNS)
    return Corpus(event, documents, fetch_log)
