"""Add coverage: outlets and article URLs written into the config, then fetched with live
progress. A read-only deployment (FRAMING_READONLY=1) shows none of these controls."""

from __future__ import annotations

import logging
import queue
import threading
import time

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.downloads import show_table
from dashboard.render import markdown_text
from ingest.config import Coverage, FetchSettings
from ingest.config_edit import add_article_urls, add_outlet
from ingest.errors import FramingError
from ingest.fetch import Summary, fetch_urls
from ingest.store import Store

LOGGER = logging.getLogger(__name__)

# The session's fetch runs in its own thread and outlives the script run that started it: a
# click elsewhere interrupts the run, not the fetch, and every page it fetched is still stored.
JOB = "add-coverage-job"
POLL_SECONDS = 0.2


def start_fetch(
    event_id: str, coverage: list[Coverage], settings: FetchSettings, db: Store, refresh: bool
) -> dict:
    """Fetch in a background thread; its outcomes arrive on the job's queue, None at the end."""
    updates: queue.SimpleQueue = queue.SimpleQueue()

    def run() -> None:
        try:
            fetch_urls(
                event_id,
                [(c.url, c.outlet) for c in coverage],
                settings,
                db,
                refresh=refresh,
                on_progress=lambda outcome, _summary: updates.put(outcome),
            )
        except FramingError as err:  # the store failed: what was written before it is kept
            updates.put(str(err))
        except Exception as err:  # no page view left to show a traceback to: log it, say it
            LOGGER.exception("fetch for %s stopped", event_id)
            updates.put(f"internal error ({err!r})")
        finally:
            updates.put(None)

    threading.Thread(target=run, name=f"fetch-{event_id}", daemon=True).start()
    return {
        "event": event_id,
        "updates": updates,
        "summary": Summary(total=len(coverage)),
        "failures": [],
        "error": "",
        "done": False,
    }


def take_updates(job: dict) -> bool:
    """Move what the fetch thread reported into the job; True when something arrived."""
    arrived = False
    while True:
        try:
            item = job["updates"].get_nowait()
        except queue.Empty:
            return arrived
        arrived = True
        if item is None:
            job["done"] = True
        elif isinstance(item, str):
            job["error"] = item
        else:
            job["summary"].add(item)
            if item.status == "failed":
                job["failures"].append((item.outlet, item.url, item.reason, item.detail))


def counts_line(summary: Summary) -> str:
    counts = summary.counts
    return f"fetched {counts['fetched']} · failed {counts['failed']} · skipped {counts['skipped']}"


def draw_progress(job: dict, bar, line) -> None:
    summary = job["summary"]
    done = sum(summary.counts.values())
    bar.progress(done / max(summary.total, 1), text=f"{done} of {summary.total} pages")
    line.markdown(counts_line(summary))


cfg = state.config()
event = state.current_event(cfg)

st.title("Add coverage")
st.caption(
    "Add an outlet or article URLs to the config files (their comments are kept), then fetch "
    "the pages not stored yet."
)
if state.read_only():
    st.info("This dashboard is read-only: adding coverage and fetching are switched off.")
    st.stop()

OUTLET_FIELDS = ("add-outlet-name", "add-outlet-domains", "add-outlet-group", "add-outlet-country")
URL_FIELDS = ("add-urls-text",)


def added_ui(form: str, fields: tuple[str, ...]) -> str | None:
    """After a successful add (which reran the page), the form's fields emptied for the next
    entry and the message to show; a failed add keeps them for fixing."""
    message = st.session_state.pop(f"{form}-added", None)
    if message is not None:
        for key in fields:
            st.session_state[key] = ""  # allowed here: before the widgets are drawn
    return message


def added(form: str, message: str) -> None:
    st.session_state[f"{form}-added"] = message
    st.rerun()


st.header("Add an outlet")
outlet_message = added_ui("add-outlet", OUTLET_FIELDS)
with st.form("add-outlet-form"):
    name = st.text_input("Name", key="add-outlet-name", placeholder="The Example Times")
    domains = st.text_input(
        "Domains, comma-separated",
        key="add-outlet-domains",
        placeholder="example.com, example.co.uk",
        help="Host names whose pages belong to the outlet; sub-domains such as www. match too.",
    )
    left, right = st.columns(2)
    group = left.text_input("Group (optional)", key="add-outlet-group")
    country = right.text_input(
        "Country (optional)", key="add-outlet-country", placeholder="US", help="ISO 3166 alpha-2"
    )
    outlet_submitted = st.form_submit_button("Add outlet", key="add-outlet-submit")
if outlet_submitted:
    try:
        path = add_outlet(cfg, name, domains.split(","), group=group, country=country)
    except FramingError as err:
        # the form stays filled in for fixing, and the rest of the page stays usable
        st.error(markdown_text(err))
    else:
        cfg = state.config()
        added(
            "add-outlet",
            f"Added outlet '{markdown_text(name.strip())}' to {markdown_text(path)}; "
            f"{len(cfg.outlets)} outlets are configured.",
        )
if outlet_message:
    st.success(outlet_message)

st.header("Add article URLs")
urls_message = added_ui("add-urls", URL_FIELDS)
with st.form("add-urls-form"):
    pasted = st.text_area(
        "Article URLs, one per line",
        key="add-urls-text",
        placeholder="https://example.com/2019/05/02/story",
        help="Each URL is listed under the outlet that owns its domain.",
    )
    urls_submitted = st.form_submit_button(
        f"Add to {markdown_text(event.path.name)}", key="add-urls-submit"
    )
if urls_submitted:
    try:
        new_urls = add_article_urls(event, cfg, pasted.splitlines())
    except FramingError as err:
        st.error(markdown_text(err))
    else:
        cfg = state.config()
        event = cfg.event(event.id)
        added(
            "add-urls",
            f"Added {len(new_urls)} URL(s) to {markdown_text(event.path)}; the event lists "
            f"{len(event.coverage)} URLs now.",
        )
if urls_message:
    st.success(urls_message)

st.header("Fetch")
db = state.store()
missing = [c for c in event.coverage if not db.has_document(c.url)]
st.caption(
    f"{len(event.coverage)} URLs are listed in {markdown_text(event.path.name)}; "
    f"{len(missing)} are not "
    "fetched yet."
)
if missing:
    last_try = {row["url"]: f"{row['status']}: {row['reason']}" for row in db.fetch_log(event.id)}
    show_table(
        pd.DataFrame(
            [(c.outlet, c.url, last_try.get(c.url, "not tried")) for c in missing],
            columns=["outlet", "url", "last attempt"],
        ),
    )

job = st.session_state.get(JOB)
running = job is not None and not job["done"]
refresh = st.checkbox(
    "Fetch again the pages already stored",
    key="fetch-refresh",
    help="Asks each server whether its page changed since it was stored (ETag, Last-Modified).",
)
targets = list(event.coverage) if refresh else missing
if st.button(
    f"Fetch {len(targets)} page(s)",
    key="fetch-run",
    type="primary",
    disabled=running or not targets,
    help="A fetch is running" if running else None,
):
    job = st.session_state[JOB] = start_fetch(event.id, targets, cfg.fetch, db, refresh)
    running = True

if job is not None and job["event"] != event.id:
    st.info(f"The last fetch was for the event '{job['event']}'; pick it to see how it went.")
elif job is not None:
    bar, line = st.progress(0.0), st.empty()
    take_updates(job)
    draw_progress(job, bar, line)
    if running:
        while not job["done"]:
            time.sleep(POLL_SECONDS)
            if take_updates(job):
                draw_progress(job, bar, line)
        # again from the top, so the list of pages not fetched yet shows what is left
        st.rerun()
    summary = job["summary"]
    if job["error"]:
        st.error(
            f"The fetch stopped: {markdown_text(job['error'])}. Pages stored before that are kept."
        )
    elif summary.nothing_fetched:
        st.warning(f"Nothing could be fetched: {markdown_text(summary.line())}.")
    else:
        st.success(f"Done: {markdown_text(summary.line())}.")
    if job["failures"]:
        show_table(
            pd.DataFrame(job["failures"], columns=["outlet", "url", "reason", "detail"]),
        )
