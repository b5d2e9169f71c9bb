"""What every page needs: the config, the store (with the demo loaded when it is empty), the
chosen event and its tables, cached per event and its revision.

The tables are read from the store when `framing analyse` (or an earlier dashboard run) saved
them under the current key (models.stored); what is missing or stale is computed and saved,
except in a read-only dashboard, which never writes.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.day_range import FORMAT, DayRange, day_range
from dashboard.figures.colours import Colours, outlet_colours
from dashboard.render import markdown_text
from ingest.config import Config, Event, config_dir, load_config
from ingest.errors import FramingError, StoreNotFound
from ingest.resources import seed_pages
from ingest.store import Address, Store, resolve_db_path, shown
from models.corpus import FETCH_LOG, FETCH_LOG_COLUMNS
from models.coverage import ARTICLES, article_dates, counted_articles
from models.findings import Finding, findings
from models.selection import Selection, chosen_urls, select, select_one
from models.stored import event_tables

LOGGER = logging.getLogger(__name__)


def _config_stamp(root: Path) -> tuple:
    """Changes whenever a config file changes, so cached tables follow edits."""
    # the size too: two writes within one tick of the file system's clock keep the same mtime
    stats = ((str(p), p.stat()) for p in root.rglob("*.toml"))
    return tuple(sorted((name, info.st_mtime_ns, info.st_size) for name, info in stats))


@st.cache_resource(show_spinner=False)
def _store(path: str, readonly: bool = False) -> Store:
    if readonly:  # a shared deployment writes nothing, not even the demo
        return Store(path, readonly=True)
    store = Store(path)
    if store.document_count() == 0:
        # extraction (trafilatura) is imported only here: a store with articles never needs it
        from ingest.files import load_demo

        # first start on a fresh clone: the offline demo, so there is something to compare
        load_demo(load_config(os.environ.get("FRAMING_CONFIG")), store)
    return store


@dataclass(frozen=True)
class _TableKey:
    """What an event's tables are cached on: config folder and its files' stamp, store, event
    and its revision, and the wire-copy switch."""

    root: str
    db: str
    event_id: str
    revision: int
    stamp: tuple
    include_copies: bool


# cache_resource, not cache_data: the tables of a large event are hundreds of megabytes, and
# cache_data would copy them on every rerun. Pages treat them as read-only.
@st.cache_resource(
    show_spinner="Reading the comparison tables (computing those not stored yet)…", max_entries=8
)
def _tables(key: _TableKey) -> dict[str, pd.DataFrame]:
    config = _config(key.root, key.stamp)
    readonly = read_only()
    analysed = event_tables(
        config,
        config.event(key.event_id),
        _store(key.db, readonly),
        include_copies=key.include_copies,
        save=not readonly,
        save_failure_ok=True,  # the page shows the computed tables all the same
    )
    if analysed.computed:
        LOGGER.info("%s", analysed.line())
    return analysed.tables


@st.cache_resource(show_spinner="Applying the filters…", max_entries=32)
def _selected(key: _TableKey, selection: Selection) -> dict[str, pd.DataFrame]:
    axes = [axis.id for axis in _config(key.root, key.stamp).event(key.event_id).axes]
    return select(_tables(key), selection, axes=axes, include_copies=key.include_copies)


@st.cache_resource(show_spinner=False, max_entries=32)
def _findings(key: _TableKey, selection: Selection) -> list[Finding]:
    event = _config(key.root, key.stamp).event(key.event_id)
    return findings(_selected(key, selection), event, include_copies=key.include_copies)


@st.cache_resource(show_spinner=False, max_entries=32)
def _timeline(key: _TableKey, selection: Selection) -> go.Figure:
    from dashboard.figures.timeline import timeline_chart

    counted = counted_articles(_selected(key, selection)[ARTICLES], key.include_copies)
    return timeline_chart(counted, colours(_config(key.root, key.stamp)))


@st.cache_data(show_spinner=False, max_entries=4)
def _texts(db: str, event_id: str, revision: int) -> dict[str, str]:
    return {d["url"]: d["text"] or "" for d in _store(db, read_only()).documents(event_id)}


def texts(event: Event) -> dict[str, str]:
    """Every article's text by URL, read from the store once per revision of the event."""
    db = store()
    return _texts(db.address, event.id, db.event_revision(event.id))


def read_only() -> bool:
    """`FRAMING_READONLY=1` (a shared deployment): no control that writes config or fetches."""
    return os.environ.get("FRAMING_READONLY", "").strip().lower() in {"1", "true", "yes"}


def fail(err: Exception) -> None:
    st.error(markdown_text(err))  # messages quote config text and URLs
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
    """The store; read-only under FRAMING_READONLY, where a store without articles (or none
    at all) shows an empty state instead of being filled with the demo."""
    path = resolve_db_path()
    try:
        try:
            opened = _store(str(path), read_only())
        except StoreNotFound:
            if not read_only():
                raise
            _nothing_stored(path)
        if read_only() and opened.document_count() == 0:
            _nothing_stored(path)
        return opened
    except FramingError as err:
        fail(err)
        raise


def _nothing_stored(path: Address) -> None:
    st.info(
        "No articles are stored yet, and this dashboard is read-only, so it fetches none "
        f"and loads no demo. Fill the store where it can be written (`framing fetch EVENT` or "
        f"`framing demo` with --db {shown(path)}), then reload."
    )
    st.stop()


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


def _keep_valid(key: str, options: list[str]) -> None:
    """Drop remembered choices that are no longer offered (another event, fewer groups), which
    Streamlit would otherwise refuse."""
    if key in st.session_state:
        st.session_state[key] = [o for o in st.session_state[key] if o in options]


def _clear_filters(event_id: str) -> None:
    # Assigned, not deleted: a deleted key leaves the browser holding the widget's old value,
    # which it sends back on the next click (the chip stays and the filter returns).
    for key in list(st.session_state):
        if str(key).startswith("filter-") and str(key).endswith(f"-{event_id}"):
            continue
        if str(key).startswith("filter-"):
            del st.session_state[key]  # another event's remembered dates
    for key in ("filter-groups", "filter-outlets"):
        st.session_state[key] = []
    for key in (f"filter-from-{event_id}", f"filter-to-{event_id}"):
        st.session_state[key] = ""
    st.session_state[f"filter-undated-{event_id}"] = True


@st.cache_resource(show_spinner=False, max_entries=8)
def _article_dates(db: str, event_id: str, revision: int) -> pd.DataFrame:
    rows = _store(db, read_only()).article_dates(event_id)
    return pd.DataFrame(rows, columns=["url", "outlet", "published"])


def article_dates_of(event: Event) -> pd.DataFrame:
    """url, outlet and published of every stored article of the event, read from the store
    (not from the tables, so the sidebar never waits for the analyses). Read-only."""
    db = store()
    return _article_dates(db.address, event.id, db.event_revision(event.id))


@st.cache_resource(show_spinner=False, max_entries=4)
def _fetch_log(db: str, event_id: str, revision: int) -> pd.DataFrame:
    return pd.DataFrame(_store(db, read_only()).fetch_log(event_id), columns=FETCH_LOG_COLUMNS)


def fetch_log(cfg: Config, event: Event) -> pd.DataFrame:
    """The event's fetch log under the sidebar's filters, read from the store without building
    the tables (the same rows as the fetch_log table). Read-only."""
    db = store()
    log = _fetch_log(db.address, event.id, db.event_revision(event.id))
    return select_one(FETCH_LOG, log, article_dates_of(event), selection(cfg, event))


def filters(cfg: Config, event: Event) -> None:
    """The sidebar's filters, drawn once by the app and kept across pages: outlet groups,
    outlets, the publication dates, and whether wire copies count."""
    articles = article_dates_of(event)
    present = set(articles["outlet"])
    outlets = [o.name for o in cfg.outlets if o.name in present]
    outlets += sorted(present - set(outlets))  # outlets no longer configured keep their rows
    group_of = {o.name: o.group for o in cfg.outlets if o.group}
    groups = sorted({group_of[o] for o in outlets if o in group_of})

    side = st.sidebar
    side.subheader("Filters")
    if groups:
        _keep_valid("filter-groups", groups)
        side.multiselect("Outlet groups", groups, key="filter-groups", placeholder="All groups")
    chosen_groups = set(st.session_state.get("filter-groups", []))
    offered = [o for o in outlets if not chosen_groups or group_of.get(o) in chosen_groups]
    _keep_valid("filter-outlets", offered)
    side.multiselect("Outlets", offered, key="filter-outlets", placeholder="All outlets")

    days = _days_of(cfg, event)
    undated = len(articles) - len(days)
    if not days.empty and days.min() < days.max():
        first, last = days.min().date(), days.max().date()
        side.markdown(f"**Published between** {first} and {last}")
        left, right = side.columns(2)
        hint = f"A day as {FORMAT}; Enter or Tab applies it. Empty: no limit."
        left.text_input("From", key=f"filter-from-{event.id}", placeholder=str(first), help=hint)
        right.text_input("To", key=f"filter-to-{event.id}", placeholder=str(last), help=hint)
        for problem in _typed_days(event, (first, last)).problems:
            side.warning(markdown_text(problem))
    if undated:
        side.checkbox(
            f"Keep the {undated} article(s) without a date",
            value=True,
            key=f"filter-undated-{event.id}",
        )
    side.toggle(
        "Count wire copies as separate articles",
        key="include_copies",
        help="By default a story republished word for word is counted once, for the article "
        "it copies; switch this on to count every copy in every outlet figure.",
    )
    chosen = selection(cfg, event)
    if not chosen.is_everything:
        kept = len(chosen_urls(articles, chosen))
        side.caption(f"Showing {kept} of {len(articles)} articles.")
        side.button(
            "Clear filters",
            key="clear-filters",
            on_click=_clear_filters,
            args=(event.id,),
        )


def selection(cfg: Config, event: Event) -> Selection:
    """The articles the sidebar filters keep (everything when nothing is chosen)."""
    outlets: tuple[str, ...] | None = tuple(st.session_state.get("filter-outlets") or ())
    groups = set(st.session_state.get("filter-groups") or ())
    if groups and not outlets:
        outlets = tuple(o.name for o in cfg.outlets if o.group in groups)
    bounds = _date_bounds(cfg, event)
    # the fields are drawn only when the dated articles span more than one day
    ranged = bounds[0] is not None and bounds[0] < bounds[1]
    days = _typed_days(event, bounds) if ranged else DayRange(None, None)
    return Selection(
        outlets=outlets or None,
        date_from=days.first,
        date_to=days.last,
        undated=bool(st.session_state.get(f"filter-undated-{event.id}", True)),
    )


def _typed_days(event: Event, bounds: tuple) -> DayRange:
    return day_range(
        str(st.session_state.get(f"filter-from-{event.id}") or ""),
        str(st.session_state.get(f"filter-to-{event.id}") or ""),
        bounds,
    )


def _date_bounds(cfg: Config, event: Event) -> tuple:
    days = _days_of(cfg, event)
    return (days.min().date(), days.max().date()) if not days.empty else (None, None)


@st.cache_resource(show_spinner=False, max_entries=8)
def _days(db: str, event_id: str, revision: int) -> pd.Series:
    return article_dates(_article_dates(db, event_id, revision)).dropna()


def _days_of(cfg: Config, event: Event) -> pd.Series:
    """The articles' publication days, read once per revision of the event rather than on each of
    the several calls a rerun makes."""
    db = store()
    return _days(db.address, event.id, db.event_revision(event.id))


def current_event(cfg: Config) -> Event:
    """The event chosen in the sidebar (pages call this; the app draws the picker)."""
    return cfg.events.get(st.session_state.get("event", ""), None) or event_picker(cfg)


def _filtered_key(cfg: Config, event: Event) -> tuple[_TableKey, Selection]:
    """What a table under the sidebar's filters is cached on: the event's key and the filters."""
    db = store()
    key = _TableKey(
        root=str(cfg.root),
        db=db.address,
        event_id=event.id,
        revision=db.event_revision(event.id),
        stamp=_config_stamp(cfg.root),
        include_copies=bool(st.session_state.get("include_copies", False)),
    )
    return key, selection(cfg, event)


def tables(cfg: Config, event: Event) -> dict[str, pd.DataFrame]:
    """The event's tables under the sidebar's filters (see models.selection). Read-only."""
    return _selected(*_filtered_key(cfg, event))


def event_findings(cfg: Config, event: Event) -> list[Finding]:
    """The Overview's findings under the sidebar's filters, found once per filter choice
    (they read most tables: not worth redoing on every rerun). Read-only."""
    return _findings(*_filtered_key(cfg, event))


def timeline(cfg: Config, event: Event) -> go.Figure:
    """Articles per day under the sidebar's filters, drawn once per filter choice (a large
    event's hover lists thousands of titles). Read-only."""
    return _timeline(*_filtered_key(cfg, event))


def stop_when_no_article(cfg: Config, event: Event, tables: dict[str, pd.DataFrame]) -> None:
    """Stop the page with the right empty state: nothing stored, or nothing the filters keep
    (then the page must not fall back to tables computed over the whole event)."""
    if not tables[ARTICLES].empty:
        return
    if selection(cfg, event).is_everything:
        st.info(
            "No article of this event is stored yet. Add its coverage on Add coverage and "
            "fetch it (or `framing fetch EVENT` in a terminal)."
        )
    else:
        st.info(
            "No article matches the filters. Widen the dates, choose other outlets, or press "
            "Clear filters in the sidebar."
        )
    st.stop()


def article_metrics(columns: list, articles: pd.DataFrame) -> pd.DataFrame:
    """The outlets and articles counted, drawn the same way on every page: wire copies once,
    unless the sidebar's switch counts them. Returns the counted articles."""
    counted = counted_articles(articles, _copies())
    columns[0].metric("Outlets", counted["outlet"].nunique())
    columns[1].metric(
        "Articles",
        len(counted),
        help=f"Wire copies are counted once: {len(articles) - len(counted)} copy(ies) left out."
        if len(counted) < len(articles)
        else None,
    )
    return counted


def _copies() -> bool:
    return bool(st.session_state.get("include_copies", False))


def whole_event_note(what: str) -> None:
    """Under a filter, say which part of a page was computed over the whole event."""
    cfg = config()
    if not selection(cfg, current_event(cfg)).is_everything:
        st.caption(
            "Filtered: the rows shown come from the chosen articles. Computed over all the "
            f"event's articles, not refitted to the filter: {what}."
        )


def filters_summary() -> dict[str, object]:
    """The sidebar filters in force, as plain values (recorded in the export manifest)."""
    cfg = config()
    chosen = selection(cfg, current_event(cfg))
    return {
        "include_copies": bool(st.session_state.get("include_copies", False)),
        "outlets": list(chosen.outlets) if chosen.outlets is not None else "all",
        "date_from": chosen.date_from.isoformat() if chosen.date_from else "",
        "date_to": chosen.date_to.isoformat() if chosen.date_to else "",
        "undated_articles_kept": chosen.undated,
    }


def colours(cfg: Config) -> Colours:
    """Every configured outlet's colour, the same on every page and under every filter."""
    return outlet_colours(o.name for o in cfg.outlets)


def is_demo(event: Event) -> bool:
    return bool(seed_pages(event.id))
