"""The sidebar filters: they narrow every page's tables and hold while the user changes page."""

from __future__ import annotations

import json
from datetime import date

from dashboard.downloads import shown_table
from ingest.config import load_config
from models.export import csv_bytes
from models.selection import Selection, select
from tests.conftest import DEMO_EVENT, REPO, csv_downloads, demo_tables, run_app

PICKED = ["Nova Moskva Agency", "The Metropolitan Post"]


def _outlets_in_first_chart(at) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {y for trace in spec["data"] for y in trace.get("y", []) if isinstance(y, str)}


def test_outlet_filter_holds_across_pages(app_env):
    at = run_app("axes")
    assert {"Nova Moskva Agency", "El Observador Libre"} <= _outlets_in_first_chart(at)
    at.multiselect(key="filter-outlets").set_value(PICKED).run()
    assert not at.exception
    assert _outlets_in_first_chart(at) == set(PICKED)
    assert any("Showing 4 of 14 articles" in c.value for c in at.sidebar.caption)

    at.switch_page("views/voices.py").run()
    assert not at.exception
    assert at.multiselect(key="filter-outlets").value == PICKED
    voices = next(f.value for f in at.dataframe if "share" in f.value.columns)
    assert set(voices.outlet) <= set(PICKED)

    at.button(key="clear-filters").click().run()
    assert at.multiselect(key="filter-outlets").value == []


def test_group_and_date_filters_narrow_the_exported_tables(app_env, downloads):
    at = run_app("data")
    at.multiselect(key="filter-groups").set_value(["US mainstream", "Russian state media"]).run()
    assert at.multiselect(key="filter-outlets").options == PICKED
    window = (date(2019, 5, 2), date(2019, 5, 10))
    at.text_input(key=f"filter-from-{DEMO_EVENT}").input("2019-05-02").run()
    at.text_input(key=f"filter-to-{DEMO_EVENT}").input(" 2019-05-10 ").run()
    assert not at.exception

    tables = demo_tables(app_env)
    event = load_config(REPO / "config").event(DEMO_EVENT)
    expected = select(
        tables,
        Selection(outlets=tuple(PICKED), date_from=window[0]),
        axes=[a.id for a in event.axes],
        include_copies=False,
    )
    shown = [f.value for f in at.dataframe]
    assert len(shown) == len(expected)
    buttons = csv_downloads(at)
    for frame, (name, table) in zip(shown, expected.items(), strict=True):
        assert downloads(buttons[name]) == csv_bytes(table), name
        assert csv_bytes(frame) == csv_bytes(shown_table(table)), name
    articles = shown[0]
    assert set(articles.outlet) == set(PICKED) and (articles.published >= "2019-05-02").all()


def _marker_colours(chart) -> dict[str, str]:
    trace = json.loads(chart.proto.spec)["data"][0]
    return dict(zip(trace["y"], trace["marker"]["color"], strict=True))


def test_an_outlet_keeps_its_colour_on_every_page_and_filter(app_env):
    at = run_app("axes")
    before = _marker_colours(at.get("plotly_chart")[0])
    assert len(set(before.values())) == len(before)  # one colour per outlet
    at.multiselect(key="filter-outlets").set_value(PICKED).run()
    after = _marker_colours(at.get("plotly_chart")[0])
    assert after == {o: before[o] for o in PICKED}
    at.switch_page("views/actors.py").run()
    tone = _marker_colours(next(c for c in at.get("plotly_chart") if "tone" in c.proto.spec))
    assert tone and all(before[o] == colour for o, colour in tone.items())


def test_thirty_outlets_get_thirty_colours():
    from dashboard.figures.colours import PALETTE, outlet_colours

    names = [f"Outlet {i:02d}" for i in range(30)]
    colours = outlet_colours(names)
    assert len(set(colours.values())) == 30
    assert set(colours.values()) <= set(PALETTE)
