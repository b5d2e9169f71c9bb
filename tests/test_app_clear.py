"""Clearing the sidebar filters: every chip goes, and changing page does not bring one back."""

from __future__ import annotations

from tests.conftest import DEMO_EVENT, run_app


def _showing(at) -> list[str]:
    return [c.value for c in at.sidebar.caption if c.value.startswith("Showing")]


def test_clear_filters_clears_groups_outlets_and_dates_for_good(app_env):
    at = run_app("overview")
    at.multiselect(key="filter-groups").set_value(["US mainstream"]).run()
    outlets = at.multiselect(key="filter-outlets").options
    at.multiselect(key="filter-outlets").set_value(outlets[:1]).run()
    at.text_input(key=f"filter-from-{DEMO_EVENT}").input("2019-05-03").run()
    assert _showing(at)

    at.button(key="clear-filters").click().run()
    assert not at.exception
    # A browser keeps a widget's own value unless the script tells it the new one; AppTest
    # does not, so check that the cleared widgets carry the order to reset.
    for key in ("filter-groups", "filter-outlets"):
        assert at.multiselect(key=key).proto.set_value, key
    assert at.text_input(key=f"filter-from-{DEMO_EVENT}").proto.set_value
    assert at.text_input(key=f"filter-from-{DEMO_EVENT}").value == ""
    assert at.multiselect(key="filter-groups").value == []
    assert at.multiselect(key="filter-outlets").value == []
    assert not _showing(at)

    at.switch_page("views/voices.py").run()
    assert not at.exception
    assert at.multiselect(key="filter-groups").value == []
    assert at.multiselect(key="filter-outlets").value == []
    assert not _showing(at)
    for key in (f"filter-from-{DEMO_EVENT}", f"filter-to-{DEMO_EVENT}"):
        assert at.text_input(key=key).value == "", key
