"""Ingest saved HTML files and the demo seeds through the same extraction as fetched pages."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from ingest import resources
from ingest.config import Config, Event
from ingest.errors import InputError
from ingest.fetch import Outcome, Summary, page_outcome, record
from ingest.resources import seed_pages  # re-exported: where callers have found it
from ingest.store import Page, Store

LOGGER = logging.getLogger(__name__)

SEEDS_DIR = resources.SEEDS
MAX_FILE_BYTES = 20_000_000


def import_files(
    event: Event,
    files: Iterable[str | Path],
    outlet: str,
    store: Store,
    *,
    url_for: Callable[[Path], str] | None = None,
    on_outcome: Callable[[Path, Outcome], None] | None = None,
) -> Summary:
    """Extract and store each file as an article of the outlet; a bad file never stops the rest.

    A saved page that declares its web address (<link rel="canonical">, og:url) is stored under
    that address, so exports name the article rather than a path on this computer; a page
    without one keeps its file:// address. `on_outcome` hears each file's outcome as logged.
    """
    files = [Path(f) for f in files]
    summary = Summary(total=len(files))
    for path in files:
        url = url_for(path) if url_for else path.resolve().as_uri()
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputError(f"larger than {MAX_FILE_BYTES} bytes")
            raw = path.read_bytes()
        except (OSError, InputError) as err:
            outcome = Outcome(
                url,
                outlet,
                "failed",
                "unreadable file",
                f"{path}: {getattr(err, 'strerror', None) or err}",
            )
        else:
            outcome = _file_outcome(raw, url, outlet, store, keep_url=url_for is not None)
        if outcome.reason == "already stored":  # stored for another event, perhaps
            store.link(event.id, outcome.url, outlet)
        outcome = record(store, event.id, outcome)
        summary.add(outcome)
        if on_outcome:
            on_outcome(path, outcome)
    return summary


def _file_outcome(raw: bytes, url: str, outlet: str, store: Store, *, keep_url: bool) -> Outcome:
    try:
        outcome = page_outcome(Page(url=url, raw=raw, final_url=url), url, outlet)
    except Exception as err:  # a hostile or broken file fails alone, the others go on
        LOGGER.warning("cannot extract %s: %r", url, err)
        return Outcome(url, outlet, "failed", "unreadable page", f"{type(err).__name__}: {err}")
    document = outcome.document
    address = document.canonical if document is not None and not keep_url else ""
    if urlsplit(address).scheme not in {"http", "https"} or address == url:
        return outcome
    if store.has_document(address):
        return Outcome(
            address,
            outlet,
            "skipped",
            "already stored",
            f"the page declares the address {address}, which is stored already",
        )
    page = replace(outcome.page, url=address, final_url=address)
    return replace(outcome, url=address, page=page, document=replace(document, url=address))


def load_demo(config: Config, store: Store, seeds_dir: Path = SEEDS_DIR) -> Summary:
    """Import the seeds of every configured event that has them: the offline demo."""
    summary = Summary()
    for event in config.events.values():
        outlets = {c.url: c.outlet for c in event.coverage}
        for path, url in seed_pages(event.id, seeds_dir):
            outlet = outlets.get(url) or getattr(config.outlet_for_url(url), "name", "")
            if not outlet:
                raise InputError(f"{path}: its URL {url} belongs to no outlet in outlets.toml")
            result = import_files(event, [path], outlet, store, url_for=lambda _p, u=url: u)
            summary.total += result.total
            summary.counts.update(result.counts)
            summary.failures.update(result.failures)
    return summary
