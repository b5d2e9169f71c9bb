"""Fetch report: per outlet, which pages were fetched, skipped or failed, why, and how long each
took."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import table_with_download
from dashboard.figures.fetch import reason_chart, status_chart, timing_chart
from models.corpus import FETCH_LOG

cfg = state.config()
event = state.current_event(cfg)
# read from the store, not from the tables: this page opens without computing the analyses
log = state.fetch_log(cfg, event)

st.title("Fetch report")
st.caption(
    f"Every attempt of `framing fetch {event.id}` and `framing import`, newest last. A page "
    "fetched again appears once per attempt."
)
if log.empty:
    st.info(f"Nothing was fetched for this event yet. Run `framing fetch {event.id}`, then reload.")
    st.stop()

counts = log.status.value_counts()
c1, c2, c3, c4 = st.columns(4)
c1.metric("Outlets", log.outlet.nunique())
c2.metric("Fetched", int(counts.get("fetched", 0)))
c3.metric("Skipped", int(counts.get("skipped", 0)))
c4.metric("Failed", int(counts.get("failed", 0)))

st.header("Pages per outlet")
st.plotly_chart(status_chart(log), key="fetch-status")

st.header("Why pages failed")
st.plotly_chart(reason_chart(log), key="fetch-reasons")

st.header("Time per page")
st.caption("Download and extraction of each page, from the first request to the last byte parsed.")
st.plotly_chart(timing_chart(log, state.colours(cfg)), key="fetch-timings")

st.header("Fetch log")
table_with_download(FETCH_LOG, log, event.id)
