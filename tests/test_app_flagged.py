"""The Fetch report lists every flagged page with its reason and a control to keep it (hidden
in read-only mode), run headless with Streamlit's AppTest on the demo."""

from __future__ import annotations

from dashboard.figures.fetch import FLAGGED_COLUMNS
from ingest.store import Document, LogEntry, Store
from tests.conftest import DEMO_EVENT, LEGIT_TEXT, run_app

HOSTILE_URL = "https://metropost.example/tag/<script>alert(1)</script>"
OUTLET = "The Metropolitan Post"


def _flag(app_env) -> None:
    run_app()  # the demo is loaded into the fresh store on first start
    with Store(app_env / "app.db") as store:
        document = Document(HOSTILE_URL, OUTLET, " ".join(LEGIT_TEXT), title="<b>Tag</b>")
        reason, detail = "not an article", "a listing page (tag, topic, section, author)"
        store.log(LogEntry(DEMO_EVENT, HOSTILE_URL, OUTLET, "failed", reason, detail))
        store.save_flagged(DEMO_EVENT, document, reason, detail)


def _flagged(at):
    return next(f.value for f in at.dataframe if list(f.value.columns) == FLAGGED_COLUMNS)


def test_flagged_pages_are_listed_and_can_be_kept(app_env):
    _flag(app_env)
    at = run_app("fetch_report")
    table = _flagged(at)
    assert list(table.url) == [HOSTILE_URL] and list(table.kept) == [False]
    assert any(HOSTILE_URL in t.value for t in at.text)  # plain text, never markdown or HTML
    (button,) = [b for b in at.button if b.label == "Keep as article"]
    button.click().run()
    assert not at.exception
    with Store(app_env / "app.db") as store:
        assert HOSTILE_URL in {d["url"] for d in store.documents(DEMO_EVENT)}
    assert list(_flagged(at).kept) == [True]
    assert not [b for b in at.button if b.label == "Keep as article"]


def test_read_only_mode_lists_flagged_pages_without_the_control(app_env, monkeypatch):
    _flag(app_env)
    monkeypatch.setenv("FRAMING_READONLY", "1")
    at = run_app("fetch_report")
    assert list(_flagged(at).url) == [HOSTILE_URL]
    assert not [b for b in at.button if b.label == "Keep as article"]
