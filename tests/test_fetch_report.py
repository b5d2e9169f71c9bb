"""The fetch report's figures, on fetch logs built in code."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.fetch import (
    MAX_HOVER_URLS,
    failure_reasons,
    reason_chart,
    status_chart,
    status_counts,
    timing_chart,
)
from models.corpus import FETCH_LOG_COLUMNS

HOSTILE_OUTLET = "<b>Evil</b> News"
HOSTILE_URL = "https://evil.example/<script>alert(1)</script>"


def _log(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (url, outlet, status, reason, detail, elapsed_ms)."""
    records = [
        {
            "url": url,
            "outlet": outlet,
            "status": status,
            "reason": reason,
            "detail": detail,
            "http_status": 200 if status == "fetched" else None,
            "elapsed_ms": elapsed,
            "fetched_at": "2019-05-02T10:00:00Z",
        }
        for url, outlet, status, reason, detail, elapsed in rows
    ]
    return pd.DataFrame(records, columns=FETCH_LOG_COLUMNS)


LOG = _log(
    [
        ("https://a.example/1", "Alpha", "fetched", "ok", "", 120.0),
        ("https://a.example/2", "Alpha", "fetched", "ok", "", 340.5),
        ("https://a.example/3", "Alpha", "skipped", "already stored", "stored earlier", None),
        ("https://a.example/4", "Alpha", "failed", "http 404", "the server answered 404", 80.0),
        ("https://b.example/1", "Beta", "failed", "timeout", "read timed out", 15000.0),
        ("https://b.example/2", "Beta", "failed", "timeout", "read timed out", 15001.0),
        (HOSTILE_URL, HOSTILE_OUTLET, "failed", "<i>odd</i>", "<img src=x onerror=1>", 10.0),
    ]
)


def _texts(figure) -> str:
    """Every string plotly will render as HTML: names, categories, hover text, annotations."""
    parts = []
    for trace in figure.data:
        parts.append(str(trace.name))
        parts.extend(str(v) for v in (trace.y if trace.y is not None else ()))
        parts.extend(str(v) for v in (trace.hovertext if trace.hovertext is not None else ()))
    parts.extend(str(a.text) for a in figure.layout.annotations)
    return "\n".join(parts)


def _assert_escaped(figure) -> None:
    text = _texts(figure)
    for raw in ("<b>Evil", "<script>", "<i>odd", "<img"):
        assert raw not in text
    assert "&lt;b&gt;Evil&lt;/b&gt; News" in text


def test_status_counts_include_zeros():
    counts = status_counts(LOG).set_index(["outlet", "status"]).pages
    assert counts["Alpha", "fetched"] == 2
    assert counts["Alpha", "skipped"] == 1
    assert counts["Beta", "fetched"] == 0
    assert counts["Beta", "failed"] == 2
    assert counts.sum() == len(LOG)


def test_status_chart_stacks_the_three_statuses_per_outlet():
    figure = status_chart(LOG)
    assert [t.name for t in figure.data] == ["fetched", "skipped", "failed"]
    assert figure.layout.barmode == "stack"
    by_status = {t.name: dict(zip(t.y, t.x, strict=True)) for t in figure.data}
    assert by_status["fetched"]["Alpha"] == 2
    assert by_status["skipped"]["Beta"] == 0
    assert by_status["failed"]["Beta"] == 2
    failed = figure.data[2]
    beta = list(failed.y).index("Beta")
    assert "2 × timeout" in failed.hovertext[beta]
    # the outlet with the most pages is drawn on top, that is last
    assert list(failed.y)[-1] == "Alpha"
    _assert_escaped(figure)


def test_failure_reasons_most_frequent_first():
    reasons = failure_reasons(LOG)
    assert list(reasons.columns) == ["outlet", "reason", "pages"]
    assert reasons.iloc[0].to_dict() == {"outlet": "Beta", "reason": "timeout", "pages": 2}
    assert set(reasons.reason) == {"timeout", "http 404", "<i>odd</i>"}


def test_reason_chart_breaks_failures_down_by_reason():
    figure = reason_chart(LOG)
    assert figure.data[0].name == "timeout"
    assert {t.name for t in figure.data} == {"timeout", "http 404", "&lt;i&gt;odd&lt;/i&gt;"}
    timeout = figure.data[0]
    assert list(timeout.y) == ["Beta"] and list(timeout.x) == [2]
    hover = timeout.hovertext[0]
    assert "https://b.example/1" in hover and "read timed out" in hover
    assert "Alpha" not in {y for t in figure.data if t.name == "timeout" for y in t.y}
    _assert_escaped(figure)
    assert "&lt;script&gt;" in _texts(figure)


def test_reason_chart_caps_the_urls_in_hover():
    many = _log(
        [(f"https://c.example/{i}", "Gamma", "failed", "timeout", "", 1.0) for i in range(12)]
    )
    hover = reason_chart(many).data[0].hovertext[0]
    assert hover.count("https://c.example/") == MAX_HOVER_URLS
    assert f"and {12 - MAX_HOVER_URLS} more" in hover


def test_timing_chart_has_a_box_per_outlet_and_skips_untimed_pages():
    figure = timing_chart(LOG)
    assert {t.type for t in figure.data} == {"box"}
    boxes = {t.name: t for t in figure.data}
    assert set(boxes) == {"Alpha", "Beta", "&lt;b&gt;Evil&lt;/b&gt; News"}
    # the skipped page has no timing and is left out, not drawn at zero
    assert sorted(boxes["Alpha"].x) == [80.0, 120.0, 340.5]
    assert "15,001 ms" in "".join(boxes["Beta"].hovertext)
    _assert_escaped(figure)


def test_figures_say_when_there_is_nothing_to_draw():
    empty = _log([])
    assert "No fetches" in status_chart(empty).layout.annotations[0].text
    assert status_counts(empty).empty
    only_fetched = LOG[LOG.status == "fetched"]
    assert "No page failed" in reason_chart(only_fetched).layout.annotations[0].text
    untimed = LOG.assign(elapsed_ms=None)
    assert "No timings" in timing_chart(untimed).layout.annotations[0].text


def test_flagged_table_lists_pages_not_kept_first():
    from dashboard.figures.fetch import FLAGGED_COLUMNS, flagged_table

    rows = [
        {"url": "https://b.example/", "outlet": "Beta", "reason": "not an article",
         "detail": "front page", "flagged_at": "t", "kept_at": "t2", "title": None, "words": 90},
        {"url": HOSTILE_URL, "outlet": HOSTILE_OUTLET, "reason": "paywall teaser",
         "detail": None, "flagged_at": "t", "kept_at": None, "title": "<b>x</b>", "words": 70},
    ]  # fmt: skip
    table = flagged_table(rows)
    assert list(table.columns) == FLAGGED_COLUMNS
    assert list(table.kept) == [False, True]
    assert table.url[0] == HOSTILE_URL and table.detail[0] == "" and table.title[1] == ""
    assert flagged_table([]).empty
