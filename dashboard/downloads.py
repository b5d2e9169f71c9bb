"""Streamlit widgets shared by pages: a table as a reader sees it, with its CSV downloads."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from models.export import EXCEL_SUFFIX, csv_bytes, excel_csv_bytes

# Columns that hold a sentence or a passage of an article: the reason a row is read.
SENTENCE_COLUMNS = ("sentence", "text", "example", "clause")


def _number_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, numbers.Integral):
        return str(value)
    if isinstance(value, numbers.Real):
        # four decimals are enough to read; the CSV keeps every digit
        return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def shown_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader should see it: an empty cell where a value is missing, where
    Streamlit would print "None". Only columns with a gap are touched; the downloads keep
    the table's own values."""
    gaps = [name for name in table.columns if table[name].isna().any()]
    if not gaps:
        return table
    shown = table.copy()
    for name in gaps:
        column = shown[name]
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            shown[name] = column.astype(object).where(column.notna(), "")
        else:
            # text, so the gap can be empty: Streamlit draws a missing number as "None"
            shown[name] = column.astype(object).map(_number_text)
    return shown


def column_layout(columns: Iterable[str], sentence_first: bool = False) -> dict:
    """Column order and widths: sentences wide, addresses narrow and last. `sentence_first`
    (evidence tables) also puts the sentence before everything else."""
    names = list(columns)
    config = {
        name: st.column_config.Column(width="large" if name in SENTENCE_COLUMNS else "small")
        for name in names
        if name in SENTENCE_COLUMNS or name == "url"
    }
    order = [n for n in names if n != "url"] + [n for n in names if n == "url"]
    if sentence_first:
        sentences = [n for n in order if n in SENTENCE_COLUMNS]
        order = sentences + [n for n in order if n not in sentences]
    return {"column_config": config, "column_order": order}


def show_table(table: pd.DataFrame, *, sentence_first: bool = False, **dataframe_args) -> None:
    """st.dataframe of a table as shown_table gives it, with column_layout's order."""
    layout = column_layout(table.columns, sentence_first)
    # the caller's settings of a column win; the others keep the layout's widths
    dataframe_args["column_config"] = {
        **layout["column_config"],
        **dataframe_args.get("column_config", {}),
    }
    dataframe_args.setdefault("column_order", layout["column_order"])
    st.dataframe(shown_table(table), hide_index=True, **dataframe_args)


def table_with_download(
    name: str, table: pd.DataFrame, event_id: str, *, heading: bool = True, **dataframe_args
) -> None:
    """Show a table under its name (`heading=False` where the page's own heading names it)
    and offer exactly the bytes `framing export` writes for it, and beside them the
    Excel-ready file of `framing export --excel`."""
    if heading:
        st.subheader(name, anchor=name)  # the Data page's contents link here
    show_table(table, **dataframe_args)
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
