"""The Overview page: the event at a glance, with findings that carry their evidence."""

from __future__ import annotations

import re

from dashboard.render import markdown_text
from tests.conftest import run_app


def test_overview_is_the_first_page_with_findings_and_their_evidence(app_env):
    at = run_app()
    assert at.title[0].value.startswith("Venezuela")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Outlets"] == "7" and metrics["Articles"] == "13"  # one wire copy
    numbered = [m.value for m in at.markdown if re.match(r"\*\*\d\.\*\*", m.value)]
    assert 3 <= len(numbered) <= 5
    evidence = [e for e in at.expander if e.label.startswith("Evidence:")]
    assert len(evidence) == len(numbered)
    for box in evidence:
        rows = int(box.label.split()[1])
        assert rows > 0 and len(box.dataframe[0].value) == rows
    assert at.get("page_link")
    assert any(c.proto.spec and "bar" in c.proto.spec for c in at.get("plotly_chart"))
    outlets = next(f.value for f in at.dataframe if "median_words" in f.value.columns)
    assert len(outlets) == 7


def test_overview_follows_the_filters(app_env):
    at = run_app()
    at.multiselect(key="filter-outlets").set_value(["Nova Moskva Agency"]).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Outlets"] == "1"
    outlets = next(f.value for f in at.dataframe if "median_words" in f.value.columns)
    assert outlets.outlet.tolist() == ["Nova Moskva Agency"]


def test_markdown_text_leaves_no_markup_active():
    hostile = "[click](javascript:alert(1)) <img src=x onerror=alert(1)> **bold** https://x.io"
    escaped = markdown_text(hostile)
    assert re.search(r"(?<!\\)[\[\]()<>*:]", escaped) is None  # each one escaped
    assert "\\<img" in escaped and "\\*\\*bold" in escaped and "https\\:" in escaped
    assert escaped.replace("\\", "").replace("\u2060", "") == hostile  # reads as written
