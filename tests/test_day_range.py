"""Reading the sidebar's typed publication dates."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.day_range import day_range, parse_day

BOUNDS = (date(2020, 3, 1), date(2020, 3, 31))


def test_empty_fields_set_no_limit():
    assert day_range("", "  ", BOUNDS) == day_range("", "", BOUNDS)
    chosen = day_range("", "", BOUNDS)
    assert (chosen.first, chosen.last, chosen.problems) == (None, None, ())


def test_typed_days_inside_the_event_are_the_range():
    chosen = day_range(" 2020-03-05", "2020-03-09 ", BOUNDS)
    assert (chosen.first, chosen.last) == (date(2020, 3, 5), date(2020, 3, 9))
    assert chosen.problems == ()


def test_a_bound_at_or_past_the_events_edge_is_no_bound():
    # so articles without a date are not dropped by a range that covers every dated one
    chosen = day_range("2020-03-01", "2021-01-01", BOUNDS)
    assert (chosen.first, chosen.last) == (None, None)
    assert day_range("2019-12-31", "", BOUNDS).first is None


@pytest.mark.parametrize("typed", ["5 March", "2020-02-30", "2020/03/05", "<b>x</b>"])
def test_text_that_is_not_a_day_is_named_with_the_fix(typed):
    chosen = day_range(typed, "2020-03-09", BOUNDS)
    assert chosen.first is None and chosen.last == date(2020, 3, 9)
    (line,) = chosen.problems
    assert line.startswith("From: ") and typed in line and "YYYY-MM-DD" in line


def test_a_reversed_range_is_ignored_and_said():
    chosen = day_range("2020-03-20", "2020-03-10", BOUNDS)
    assert (chosen.first, chosen.last) == (None, None)
    (line,) = chosen.problems
    assert "after" in line and "swap" in line


def test_parse_day():
    assert parse_day("") is None
    assert parse_day("2020-03-05") == date(2020, 3, 5)
    with pytest.raises(ValueError, match="not a date"):
        parse_day("yesterday")
