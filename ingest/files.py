"""Ingest saved HTML files and the demo seeds through the same extraction as fetched pages."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.config import Config, Event
from ingest.errors import InputError
from ingest.fetch import Outcome, Summary, page_outcome, record
from ingest.store import Page, Store

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
MAX_FILE_BYTES = 20_000_000


def import_files(
    event: Event,
    files: Iterable[str | Path],
    outlet: str,
    store: Store,
    *,
    url_for: Callable[[Path], str] | None = None,
) -> Summary:
    """Extract and store each file as an article of the outlet; a bad file never stops the rest."""
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
            outcome = page_outcome(Page(url=url, raw=raw, final_url=url), url, outlet)
        record(store, event.id, outcome)
        summary.add(outcome)
    return summary


def seed_pages(event_id: str, seeds_dir: Path = SEEDS_DIR) -> list[tuple[Path, str]]:
    """The saved pages of an event's demo, each with the URL it stands for."""
    manifest = seeds_dir / event_id / "pages.toml"
    if not manifest.is_file():
        return []
    with manifest.open("rb") as handle:
        pages = tomllib.load(handle).get("page", [])
    return [(manifest.parent / p["file"], p["url"]) for p in pages]


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
