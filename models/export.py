"""CSV output shared by `framing export` and the dashboard's downloads: the same bytes from both.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) get a leading apostrophe. Numbers are written as numbers: a negative score
is not a formula.

Excel reads a CSV without a byte-order mark in the machine's legacy code page, so "Guaidó"
shows as "GuaidÃ³"; the Excel-ready variant is the same bytes behind a UTF-8 byte-order mark.
The plain files stay without one: most other tools (pandas, R, csvkit) would keep the mark
as part of the first column's name.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def json_value(value: Any) -> Any:
    """A JSON value: numpy scalars as Python ones, NaN and missing values as null."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a header row, text cells neutralised."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")


UTF8_BOM = b"\xef\xbb\xbf"
EXCEL_SUFFIX = "-excel"


def excel_csv_bytes(table: pd.DataFrame) -> bytes:
    """The CSV of `csv_bytes` behind a UTF-8 byte-order mark, which Excel needs to read it as
    UTF-8."""
    return UTF8_BOM + csv_bytes(table)


def write_tables(
    tables: dict[str, pd.DataFrame], out_dir: str | Path, *, excel: bool = False
) -> list[Path]:
    """Write each table as <out_dir>/<name>.csv, and with `excel` also <name>-excel.csv;
    return the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = out / f"{name}.csv"
        data = csv_bytes(table)
        path.write_bytes(data)
        paths.append(path)
        if excel:
            path = out / f"{name}{EXCEL_SUFFIX}.csv"
            path.write_bytes(UTF8_BOM + data)
            paths.append(path)
    return paths
