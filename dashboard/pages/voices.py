"""Voices (placeholder until its analysis is built)."""

from __future__ import annotations

import streamlit as st

from dashboard import state

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)

st.title("Voices")
st.info("This page is being built.")
