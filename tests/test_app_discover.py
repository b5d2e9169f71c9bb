"""The Discover view: runs discovery, reports unreadable sources; read-only mode hides it."""

from __future__ import annotations

from tests.conftest import run_app


def test_discovery_reports_unreachable_sources_without_failing(app_env):
    # the demo outlets live on .example domains, which never resolve: every source fails
    at = run_app("discover")
    at.button(key="discover-run").click().run()
    assert not at.exception
    assert any("could not be read" in e.label for e in at.expander)
    # nothing at all could be read: that is not "no article matched"
    assert "Nothing could be read" in at.warning[0].value
    assert "No article matched" not in at.warning[0].value


def test_read_only_mode_hides_discovery(app_env, monkeypatch):
    monkeypatch.setenv("FRAMING_READONLY", "1")
    at = run_app("discover")
    assert any("read-only" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "discover-run"]
