"""CSV output: formula-like cells neutralised, numbers kept, the same bytes everywhere."""

from __future__ import annotations

import csv
import io

import pandas as pd

from models.export import csv_bytes, csv_chunks, excel_csv_bytes, write_csv, write_tables


def test_formula_like_text_cells_are_neutralised_and_numbers_kept(tmp_path):
    table = pd.DataFrame(
        {
            "title": [
                '=HYPERLINK("http://evil")',
                "+1 for Maduro",
                "-dash",
                "@SUM(A1)",
                "\tTab",
                "plain, with comma",
                "Guaidó «encargado»",
            ],
            "score": [-0.5, 0.25, -1.0, 0.0, 1.0, float("nan"), -0.75],
        }
    )
    data = csv_bytes(table)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert [r["title"] for r in rows] == [
        '\'=HYPERLINK("http://evil")',
        "'+1 for Maduro",
        "'-dash",
        "'@SUM(A1)",
        "'\tTab",
        "plain, with comma",
        "Guaidó «encargado»",
    ]
    assert [r["score"] for r in rows] == ["-0.5", "0.25", "-1.0", "0.0", "1.0", "", "-0.75"]

    (path,) = write_tables({"articles": table}, tmp_path / "out")
    assert path.name == "articles.csv" and path.read_bytes() == data


def test_a_table_written_a_slice_at_a_time_is_the_same_bytes_as_written_whole(tmp_path):
    # cells whose text depends on the rest of their column if it is formatted as a whole:
    # floats of very different sizes, missing values, formula-like text, mixed objects
    table = pd.DataFrame(
        {
            "url": [f"https://a.example/{i}" for i in range(7)],
            "text": ["=1+1", "plain", None, "-minus", "Guaidó, «encargado»", "", "@x"],
            "score": [0.1, 1e20, float("nan"), -0.75, 123456789.125, 2.0, 1e-7],
            "count": [1, 2, 3, 4, 5, 6, 7],
            "mixed": [1, "a", None, 2.5, True, "b", 0],
            "day": pd.to_datetime(["2019-05-01 00:00"] * 6 + ["2019-05-02 10:30"]),
        }
    )
    whole = csv_bytes(table)
    assert whole == b"".join(csv_chunks(table, chunk_rows=len(table)))
    for rows in (1, 2, 3, 6, 100):
        assert b"".join(csv_chunks(table, chunk_rows=rows)) == whole
        assert b"".join(csv_chunks(table.drop(columns="day"), chunk_rows=rows)) == csv_bytes(
            table.drop(columns="day")
        )
    empty = table.iloc[0:0]
    assert b"".join(csv_chunks(empty, chunk_rows=2)) == csv_bytes(empty)
    assert csv_bytes(empty).count(b"\n") == 1  # the header alone

    paths = write_tables({"t": table}, tmp_path / "out", excel=True)
    assert [p.name for p in paths] == ["t.csv", "t-excel.csv"]
    assert paths[0].read_bytes() == whole
    assert paths[1].read_bytes() == excel_csv_bytes(table)
    with (tmp_path / "one.csv").open("wb") as file:
        assert write_csv(table, file, chunk_rows=2) == len(whole)
    assert (tmp_path / "one.csv").read_bytes() == whole
