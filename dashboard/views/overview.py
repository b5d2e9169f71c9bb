"""Overview: the event at a glance."""

from __future__ import annotations

import streamlit as st

st.title("Overview")
