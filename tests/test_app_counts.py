"""The article counts agree from page to page under the same filters and the same switch."""

from __future__ import annotations

from tests.conftest import run_app

PAGES = ["overview", "axes", "wire_copies"]


def _articles_metric(at) -> str:
    return next(m.value for m in at.metric if m.label == "Articles")


def test_overview_axes_and_wire_copies_count_the_same_articles(app_env):
    at = run_app()
    for copies_counted in (False, True):
        if copies_counted:
            at.toggle(key="include_copies").set_value(True).run()
        shown = {}
        for page in PAGES:
            at.switch_page(f"views/{page}.py").run()
            assert not at.exception
            shown[page] = _articles_metric(at)
        assert len(set(shown.values())) == 1, shown
    assert shown["overview"] == "14"
