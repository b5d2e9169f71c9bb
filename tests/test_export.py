"""CSV output: formula-like cells neutralised, numbers kept, the same bytes everywhere."""

from __future__ import annotations

import csv
import io

import pandas as pd

from models.export import csv_bytes, write_tables


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
