"""FRAMING_READONLY=1: the dashboard opens the store read-only and writes nothing."""

from __future__ import annotations

import pytest

from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Store
from tests.conftest import REPO, run_app


@pytest.fixture
def readonly_env(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_READONLY", "1")
    monkeypatch.setenv("FRAMING_CONFIG", str(REPO / "config"))
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "shared.db"))
    return tmp_path / "shared.db"


def _empty_state(at) -> bool:
    return any("No articles are stored yet" in i.value for i in at.info)


def test_no_store_shows_an_empty_state_and_creates_none(readonly_env):
    at = run_app()
    assert _empty_state(at)
    assert not readonly_env.exists()


def test_an_empty_store_is_not_filled_with_the_demo(readonly_env):
    Store(readonly_env).close()
    before = readonly_env.read_bytes()
    at = run_app("axes")
    assert _empty_state(at) and not at.error
    assert readonly_env.read_bytes() == before
    with Store(readonly_env, readonly=True) as store:
        assert store.document_count() == 0


def test_a_filled_store_is_read_and_left_as_it_was(readonly_env):
    with Store(readonly_env) as store:
        load_demo(load_config(REPO / "config"), store)
        revision = store.revision()
    before = readonly_env.read_bytes()
    for page in ("overview", "side_by_side", "add_coverage", "data"):
        at = run_app(page)
        assert not _empty_state(at) and not at.error
    assert readonly_env.read_bytes() == before
    with Store(readonly_env, readonly=True) as store:
        assert store.revision() == revision
