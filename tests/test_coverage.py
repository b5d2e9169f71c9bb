"""The outlets table counts what the figures count: a wire copy lends its outlet nothing."""

from __future__ import annotations

import pandas as pd

from models.coverage import outlet_summary


def _articles() -> pd.DataFrame:
    rows = [
        ("https://a.example/1", "A", "", "2019-05-01", 300, "en"),
        ("https://b.example/1", "B", "", "2019-05-04", 500, "en"),
        ("https://b.example/copy", "B", "https://a.example/1", "2019-05-01", 290, "es"),
        ("https://c.example/copy", "C", "https://a.example/1", "2019-05-02", 280, "en"),
    ]
    columns = ["url", "outlet", "duplicate_of", "published", "words", "language"]
    return pd.DataFrame(rows, columns=columns)


def test_dates_length_and_languages_come_from_counted_articles():
    table = outlet_summary(_articles(), {"A": "wire"}, include_copies=False).set_index("outlet")
    assert table.loc["B", ["articles", "copies", "first", "last"]].tolist() == [
        1,
        1,
        "2019-05-04",
        "2019-05-04",
    ]
    assert table.loc["B", "median_words"] == 500 and table.loc["B", "languages"] == "en"
    assert table.loc["C", ["articles", "copies", "first"]].tolist() == [0, 1, ""]
    assert pd.isna(table.loc["C", "median_words"]) and table.loc["C", "languages"] == ""


def test_with_copies_counted_the_copies_dates_count_too():
    table = outlet_summary(_articles(), {"A": "wire"}, include_copies=True).set_index("outlet")
    assert table.loc["B", ["articles", "first", "languages"]].tolist() == [
        2,
        "2019-05-01",
        "en; es",
    ]
    assert table.loc["C", ["articles", "first"]].tolist() == [1, "2019-05-02"]
