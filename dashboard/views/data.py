"""Data and export: every table of the event, each downloadable as the CSV `framing export`
writes."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import table_with_download
from models.tables import __doc__ as TABLES_DOC

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)

st.title("Data and export")
st.caption(f"The same files come from `framing export {event.id} --out DIR`.")
with st.expander("What the columns mean"):
    st.text(TABLES_DOC.strip())
for name, table in tables.items():
    st.subheader(name)
    table_with_download(name, table, event.id)
