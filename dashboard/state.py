"""What every page needs: the config, the store (with the demo loaded when it is empty), the
chosen event and its tables, cached per event and store revision.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from ingest.config import Config, Event, config_dir, load_config
from ingest.errors import FramingError
from ingest.files import load_demo, seed_pages
from ingest.store import Store, resolve_db_path
from models.corpus import load_corpus
from models.tables import build_tables

LOGGER = logging.getLogger(__name__)


def _config_stamp(root: Path) -> tuple:
    """Changes whenever a config file changes, so cached tables follow edits."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*.toml")))


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    store = Store(path)
    if store.document_count() == 0:
        # first start on a fresh clone: the offline demo, so there is something to compare
        load_demo(load_config(os.environ.get("FRAMING_CONFIG")), store)
    return store


@st.cache_data(show_spinner="Computing the comparison tables…", max_entries=16)
def _tables(
    root: str, db: str, event_id: str, revision: int, stamp: tuple, include_copies: bool
) -> dict[str, pd.DataFrame]:
    config = _config(root, stamp)
    corpus = load_corpus(_store(db), config.event(event_id), config)
    return build_tables(corpus, include_copies=include_copies)


@st.cache_data(show_spinner=False, max_entries=4)
def _texts(db: str, event_id: str, revision: int) -> dict[str, str]:
    return {d["url"]: d["text"] or "" for d in _store(db).documents(event_id)}


def texts(event: Event) -> dict[str, str]:
    """Every article's text by URL, read from the store once per store revision."""
    db = store()
    return _texts(str(db.path), event.id, db.revision())


def read_only() -> bool:
    """`FRAMING_READONLY=1` (a shared deployment): no control that writes config or fetches."""
    return os.environ.get("FRAMING_READONLY", "").strip().lower() in {"1", "true", "yes"}


def fail(err: Exception) -> None:
    st.error(str(err))
    st.stop()


@st.cache_data(show_spinner=False, max_entries=4)
def _config(root: str, stamp: tuple) -> Config:
    return load_config(root)


def config() -> Config:
    """The config folder, read again only when one of its files changed."""
    try:
        root = config_dir(os.environ.get("FRAMING_CONFIG"))
        return _config(str(root), _config_stamp(root) if root.is_dir() else ())
    except FramingError as err:
        fail(err)
        raise


def store() -> Store:
    try:
        return _store(str(resolve_db_path()))
    except FramingError as err:
        fail(err)
        raise


def event_picker(cfg: Config) -> Event:
    """The sidebar's event choice, drawn once by the app, kept across pages."""
    if not cfg.events:
        fail(FramingError(f"{cfg.root / 'events'}: no events configured; add an <id>.toml there"))
    ids = list(cfg.events)
    if st.session_state.get("event") not in ids:
        st.session_state["event"] = ids[0]
    chosen = st.sidebar.selectbox(
        "Event", ids, key="event", format_func=lambda i: cfg.events[i].title
    )
    return cfg.events[chosen]


def copies_toggle() -> None:
    """The sidebar's choice of counting wire copies once (the default) or every time."""
    st.sidebar.toggle(
        "Count wire copies as separate articles",
        key="include_copies",
        help="By default a story republished word for word is counted once, for the article "
        "it copies; switch this on to count every copy in every outlet figure.",
    )


def current_event(cfg: Config) -> Event:
    """The event chosen in the sidebar (pages call this; the app draws the picker)."""
    return cfg.events.get(st.session_state.get("event", ""), None) or event_picker(cfg)


def tables(cfg: Config, event: Event) -> dict[str, pd.DataFrame]:
    db = store()
    return _tables(
        str(cfg.root),
        str(db.path),
        event.id,
        db.revision(),
        _config_stamp(cfg.root),
        bool(st.session_state.get("include_copies", False)),
    )


def filters_summary() -> dict[str, object]:
    """The sidebar filters in force, as plain values (recorded in the export manifest)."""
    return {"include_copies": bool(st.session_state.get("include_copies", False))}


def is_demo(event: Event) -> bool:
    return bool(seed_pages(event.id))
