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
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

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


# Rows written at a time by write_csv: a slice's neutralised copy and its CSV text are what
# the export holds beyond the table, so an export of millions of rows needs a few MB, not GB.
CHUNK_ROWS = 20_000


def _csv_text(table: pd.DataFrame, header: bool) -> bytes:
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    return safe.to_csv(index=False, header=header, lineterminator="\n").encode("utf-8")


def csv_chunks(table: pd.DataFrame, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """The bytes of csv_bytes(table), a slice of rows at a time (the header with the first).

    Each cell is written on its own, from its column's dtype, so the slices' CSV joined is
    the whole table's."""
    if chunk_rows < 1:
        raise ValueError("chunk_rows must be at least 1")
    if any(pd.api.types.is_datetime64_any_dtype(dtype) for dtype in table.dtypes):
        chunk_rows = max(len(table), 1)  # a date column's format depends on all its values
    yield _csv_text(table.iloc[:chunk_rows], header=True)
    for start in range(chunk_rows, len(table), chunk_rows):
        yield _csv_text(table.iloc[start : start + chunk_rows], header=False)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV with a header row, text cells neutralised."""
    return b"".join(csv_chunks(table))


def write_csv(table: pd.DataFrame, out: BinaryIO, chunk_rows: int = CHUNK_ROWS) -> int:
    """Write csv_bytes(table) to a binary file a slice at a time; return the bytes written."""
    written = 0
    for chunk in csv_chunks(table, chunk_rows):
        out.write(chunk)
        written += len(chunk)
    return written


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
        with path.open("wb") as file:
            write_csv(table, file)
        paths.append(path)
        if excel:  # the same bytes behind the mark, copied from the file just written
            excel_path = out / f"{name}{EXCEL_SUFFIX}.csv"
            with path.open("rb") as plain, excel_path.open("wb") as file:
                file.write(UTF8_BOM)
                shutil.copyfileobj(plain, file)
            paths.append(excel_path)
    return paths
