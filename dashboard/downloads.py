"""Streamlit widgets shared by pages: a table with its CSV download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.export import csv_bytes


def table_with_download(name: str, table: pd.DataFrame, event_id: str, **dataframe_args) -> None:
    """Show a table and offer exactly the bytes `framing export` writes for it."""
    st.dataframe(table, hide_index=True, **dataframe_args)
    st.download_button(
        f"Download {name}.csv",
        # made on click, not on every rerun: a large event's tables take seconds to write
        lambda: csv_bytes(table),
        file_name=f"{event_id}-{name}.csv",
        mime="text/csv",
        key=f"download-{name}",
        on_click="ignore",
    )
