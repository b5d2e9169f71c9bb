"""Empty states: a filter that leaves no article, and an event with nothing stored."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_EVENT, run_app, write_config

NO_ARTICLE = "No article matches the filters"


def _texts(at) -> str:
    shown = [*at.info, *at.warning, *at.markdown, *at.caption]
    return "\n".join(e.value for e in shown)


def _filter_to_an_empty_day(at) -> None:
    # the demo has articles on 2 and 4 May, none on 3 May
    at.text_input(key=f"filter-from-{DEMO_EVENT}").input("2019-05-03").run()
    at.text_input(key=f"filter-to-{DEMO_EVENT}").input("2019-05-03").run()
    undated = [c for c in at.sidebar.checkbox if c.key == f"filter-undated-{DEMO_EVENT}"]
    if undated:
        undated[0].uncheck().run()


@pytest.mark.parametrize(
    "page", ["overview", "side_by_side", "voices", "claims", "actors", "language", "axes"]
)
def test_a_filter_that_leaves_no_article_says_so(app_env, page):
    at = run_app(page)
    _filter_to_an_empty_day(at)
    assert not at.exception
    assert any("Showing 0 of" in c.value for c in at.sidebar.caption)
    assert NO_ARTICLE in _texts(at), page
    assert not at.get("plotly_chart"), f"{page} still draws the unfiltered outlets"
    assert "No articles are stored" not in _texts(at)


def test_an_event_with_nothing_stored_does_not_mention_filters(tmp_path, monkeypatch):
    root = write_config(
        tmp_path / "config",
        """
        [[outlet]]
        name = "Harbor Gazette"
        domains = ["harbor.example"]
        """,
        """
        id = "test-event"
        title = "A test event"
        keywords = ["Caracas"]
        urls = ["https://harbor.example/a"]
        """,
    )
    monkeypatch.setenv("FRAMING_CONFIG", str(root))
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "app.db"))
    at = run_app()
    text = _texts(at)
    assert "No article of this event is stored yet" in text
    assert "filter" not in text.lower()
