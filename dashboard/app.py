"""The dashboard's entry point: `streamlit run dashboard/app.py`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import state

# Not "pages/": Streamlit would list a folder of that name by file names before the app's own
# navigation takes over on a page opened by its address.
PAGES = Path(__file__).parent / "views"

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
    [
        st.Page(PAGES / "overview.py", title="Overview", default=True),
        st.Page(PAGES / "axes.py", title="Framing axes"),
        st.Page(PAGES / "side_by_side.py", title="Side by side"),
        st.Page(PAGES / "actors.py", title="Actors"),
        st.Page(PAGES / "voices.py", title="Voices"),
        st.Page(PAGES / "claims.py", title="Claims"),
        st.Page(PAGES / "language.py", title="Language"),
        st.Page(PAGES / "wire_copies.py", title="Wire copies"),
        st.Page(PAGES / "fetch_report.py", title="Fetch report"),
        st.Page(PAGES / "add_coverage.py", title="Add coverage"),
        st.Page(PAGES / "discover.py", title="Discover coverage"),
        st.Page(PAGES / "data.py", title="Data and export"),
    ]
)
navigation.run()
