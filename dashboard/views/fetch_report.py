"""Fetch report: per outlet, which pages were fetched, skipped or failed, why, and how long each
took; the pages flagged as not articles, each with a control to keep it as an article."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import state
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.fetch import flagged_table, reason_chart, status_chart, timing_chart
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
table_with_download(FETCH_LOG, log, event.id, heading=False)

st.header("Flagged pages")
flagged = flagged_table(state.store().flagged(event.id))
if flagged.empty:
    st.caption("No page of this event was taken for a front page, an index or a paywall teaser.")
    st.stop()
st.caption(
    "Pages taken for a front page, a section or tag page, or a paywall teaser. Each keeps its "
    "raw page and its text in the store and is left out of every analysis until it is kept. "
    'To keep one for good, list it in the event file as `{ url = "…", kind = "article" }`; '
    f"`framing fetch {event.id} --keep-flagged` keeps them all."
)
show_table(flagged, key="flagged-pages")
waiting = flagged[~flagged.kept]
if state.read_only() or waiting.empty:
    st.stop()
st.subheader("Keep as articles")
for row in waiting.itertuples():
    left, right = st.columns([5, 1])
    # st.text: the URL, reason and title come from the web and are shown as plain text
    left.text(f"{row.outlet} · {row.url}\n{row.reason}: {row.detail}")
    key = "keep-" + hashlib.sha1(row.url.encode()).hexdigest()[:12]
    if right.button("Keep as article", key=key):
        state.store().keep_flagged(event.id, [row.url])
        st.rerun()
