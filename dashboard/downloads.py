"""Streamlit widgets shared by pages: a table with its CSV downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.export import EXCEL_SUFFIX, csv_bytes, excel_csv_bytes


def table_with_download(name: str, table: pd.DataFrame, event_id: str, **dataframe_args) -> None:
    """Show a table and offer exactly the bytes `framing export` writes for it, and beside
    them the Excel-ready file of `framing export --excel`."""
    st.dataframe(table, hide_index=True, **dataframe_args)
    with st.container(horizontal=True):
        st.download_button(
            f"Download {name}.csv",
            # made on click, not on every rerun: a large event's tables take seconds to write
            lambda: csv_bytes(table),
            file_name=f"{event_id}-{name}.csv",
            mime="text/csv",
            key=f"download-{name}",
            on_click="ignore",
        )
        st.download_button(
            "Excel-ready",
            lambda: excel_csv_bytes(table),
            file_name=f"{event_id}-{name}{EXCEL_SUFFIX}.csv",
            mime="text/csv",
            key=f"download-excel-{name}",
            on_click="ignore",
            help="The same CSV with a UTF-8 byte-order mark, so that Excel shows accented "
            "letters (Guaidó) as they are written.",
        )
