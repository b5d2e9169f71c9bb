"""Every table of every page as a reader sees it: no "None" or "nan" for a missing value,
sentences before addresses, and the downloads unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.downloads import column_layout, shown_table
from dashboard.pages import PAGES
from models.export import csv_bytes
from tests.conftest import run_app

MISSING_WORDS = {"none", "nan", "<na>", "nat"}


def _missing_cells(table: pd.DataFrame) -> list[tuple[str, object]]:
    found = []
    for name in table.columns:
        for value in table[name]:
            if isinstance(value, str):
                if value.strip().lower() in MISSING_WORDS:
                    found.append((name, value))
            elif not isinstance(value, (list, tuple, np.ndarray)) and pd.isna(value):
                found.append((name, value))
    return found


def test_no_page_shows_none_or_nan_for_a_missing_value(app_env):
    at = run_app()
    seen = 0
    for page in PAGES:
        at.switch_page(f"views/{page.id}.py").run()
        assert not at.exception, (page.id, at.exception)
        for frame in at.dataframe:
            seen += 1
            assert not _missing_cells(frame.value), (page.id, _missing_cells(frame.value)[:3])
    assert seen > 30  # the walk reached the tables


def test_shown_table_empties_gaps_and_leaves_the_download_alone():
    table = pd.DataFrame(
        {
            "outlet": ["A", None, "C"],
            "score": [0.5, np.nan, -1 / 3],
            "http_status": [404.0, np.nan, 200.0],
            "articles": [1, 2, 3],
        }
    )
    before = csv_bytes(table)
    shown = shown_table(table)
    assert list(shown.outlet) == ["A", "", "C"]
    assert list(shown.score) == ["0.5", "", "-0.3333"]
    assert list(shown.http_status) == ["404", "", "200"]
    assert shown.articles.tolist() == [1, 2, 3]  # no gap: numbers stay numbers
    assert csv_bytes(table) == before and table.score.isna().sum() == 1


def test_evidence_tables_put_the_sentence_first_and_the_address_last():
    layout = column_layout(["outlet", "url", "pole", "sentence"], sentence_first=True)
    assert layout["column_order"] == ["sentence", "outlet", "pole", "url"]
    assert layout["column_config"]["sentence"]["width"] == "large"
    assert layout["column_config"]["url"]["width"] == "small"
    plain = column_layout(["url", "outlet", "title"])
    assert plain["column_order"] == ["outlet", "title", "url"]


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def test_every_table_has_a_heading(app_env):
    at = run_app()
    for page in PAGES:
        at.switch_page(f"views/{page.id}.py").run()
        headed, last = False, ""
        for node in _walk(at.main):
            kind = type(node).__name__
            if kind in {"Title", "Header", "Subheader", "Expander"}:
                headed, last = True, getattr(node, "value", "") or getattr(node, "label", "")
            elif kind == "Dataframe":
                assert headed, f"{page.id}: a table without a heading after {last!r}"
                headed = False


def test_data_page_opens_with_links_to_every_table(app_env):
    at = run_app("data")
    headings = [h for h in at.main.subheader]
    names = [h.value for h in headings]
    assert len(names) == len(at.dataframe) and "articles" in names and "fetch_log" in names
    anchors = {h.proto.anchor for h in headings}
    assert anchors == set(names)
    contents = next(m.value for m in at.markdown if "](#articles)" in m.value)
    for name in names:
        assert f"[{name}](#{name})" in contents
