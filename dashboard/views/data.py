"""Data and export: every table of the event, each downloadable as the CSV `framing export`
writes, and all of them in one zip with the event's config and a manifest."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import table_with_download
from dashboard.render import method_text
from dashboard.report import report_bytes
from ingest.errors import FramingError
from models import tables as tables_method
from models.bundle import bundle_bytes, config_files
from models.registry import TABLES, describe

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)

st.title("Data and export")
store_dir = state.store().folder
try:
    # read now, so a config file gone since loading is a message, not a failed download
    config_files(event, cfg)
except FramingError as err:
    state.fail(err)
filters = state.filters_summary()
with st.container(horizontal=True):
    st.download_button(
        "Download all (zip)",
        # built on click, not on every rerun: on a large event it takes seconds
        lambda: bundle_bytes(event, cfg, tables, filters=filters, store_dir=store_dir),
        file_name=f"{event.id}-comparison.zip",
        mime="application/zip",
        key="download-all",
        on_click="ignore",
        type="primary",
        help="Every table below as CSV, the event's config files and manifest.json: the product "
        "and library versions, the filters, model fingerprints and when each page was fetched.",
    )
    st.download_button(
        "Download report (HTML)",
        # built on click, like the zip; the same bytes as `framing report` for the same filters
        lambda: report_bytes(event, cfg, tables, filters=filters, store_dir=store_dir),
        file_name=f"{event.id}-report.html",
        mime="text/html",
        key="download-report",
        on_click="ignore",
        help="One HTML file to e-mail or hand out: the findings with their evidence, every chart "
        "(interactive, opens offline), the outlet tables, how each measure works, the filters "
        "and the manifest.",
    )
if state.selection(cfg, event).is_everything:
    st.caption(
        f"The same files come from `framing export {event.id} --out DIR`, "
        f"the zip from `framing export {event.id} --zip FILE`, the report from "
        f"`framing report {event.id} --out FILE`."
    )
else:
    st.caption(
        "These tables follow the sidebar's filters, which `framing export` does not apply: "
        "the zip's manifest.json records them. Clear the filters for the files "
        f"`framing export {event.id}` writes."
    )
with st.expander("What the columns mean"):
    st.text(
        "\n".join(describe(TABLES[name]) for name in tables) + "\n\n" + method_text(tables_method)
    )
st.header("Tables")
st.markdown(  # a table of contents: the page holds every table, one below the other
    " · ".join(f"[{name}](#{name}) ({len(table):,})" for name, table in tables.items())
)
for name, table in tables.items():
    table_with_download(name, table, event.id)
