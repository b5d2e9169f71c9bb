"""Method notes on the pages speak to the user: values, not the code's names for them."""

from __future__ import annotations

import re

import pytest

from dashboard.pages import PAGES
from dashboard.render import method_text
from models import axis_model, tone
from tests.conftest import run_app

DEVELOPER = re.compile(
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\bNaN\b|GroupKFold|DataFrame|models\.[a-z_]+|\w\(\)"
)


def test_constants_become_their_values():
    note = method_text(axis_model)
    assert f"{axis_model.MIN_AUC:g};" in note and "MIN_AUC" not in note
    assert f"{tone.NEUTRAL_BAND:g}" in method_text(tone) and "NEUTRAL_BAND" not in method_text(tone)


@pytest.mark.parametrize("page", [p.id for p in PAGES if p.id not in {"add_coverage", "discover"}])
def test_pages_show_no_developer_words(app_env, page):
    at = run_app(page)
    shown = "\n".join(t.value for t in at.text)
    assert not DEVELOPER.findall(shown), (page, DEVELOPER.findall(shown))
