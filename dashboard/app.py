"""The dashboard's entry point: `streamlit run dashboard/app.py`."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.pages import PAGES

st.set_page_config(page_title="Framing comparison", layout="wide")

cfg = state.config()
event = state.event_picker(cfg)
state.filters(cfg, event)
if state.is_demo(event):
    st.sidebar.info(
        "Demo event: its outlets and articles are illustrative samples written for this "
        "project, not real coverage."
    )

navigation = st.navigation(
    [st.Page(page.path, title=page.title, default=page is PAGES[0]) for page in PAGES]
)
navigation.run()
