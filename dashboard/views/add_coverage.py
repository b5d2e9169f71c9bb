"""Add coverage: outlets and article URLs written into the config, then fetched."""

from __future__ import annotations

import streamlit as st

st.title("Add coverage")
