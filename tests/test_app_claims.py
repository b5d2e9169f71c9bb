"""The claims and wire-copies pages, run headless with AppTest on the demo loaded offline."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.downloads import shown_table
from models.export import csv_bytes
from tests.conftest import csv_downloads, demo_tables, run_app


def _run(page: str) -> AppTest:
    return run_app(page)


def _demo_tables(app_env) -> dict:
    return demo_tables(app_env)


def _download_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def test_claims_page_shows_the_heatmap_and_every_download(app_env, downloads):
    at = _run("claims")
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    heatmap = json.loads(charts[0].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap"
    assert "Global Wire Service" in heatmap["x"]
    labels = _download_labels(at)
    for name in ("claims", "claim_matrix", "claim_sentences", "exclusive_claims"):
        assert f"Download {name}.csv" in labels

    tables = _demo_tables(app_env)
    shown = {csv_bytes(frame.value) for frame in at.dataframe}
    buttons = csv_downloads(at)
    for name in ("claims", "claim_matrix", "claim_sentences", "exclusive_claims"):
        assert downloads(buttons[name]) == csv_bytes(tables[name]), name
        assert csv_bytes(shown_table(tables[name])) in shown, name


def test_claims_page_follows_the_chosen_claim_and_outlet(app_env):
    at = _run("claims")
    claims = _demo_tables(app_env)["claims"]
    last = claims.claim.iloc[-1]
    at.selectbox(key="claims-chosen").set_value(last).run()
    assert not at.exception
    # dataframes in page order: the chosen claim, its sentences, one outlet's exclusive ones
    row = at.dataframe[0].value
    assert list(row.claim) == [last]
    sentences = at.dataframe[1].value
    assert len(sentences) == claims.set_index("claim").at[last, "sentences"]
    at.slider(key="claims-top").set_value(1).run()
    assert not at.exception
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]) == 1
    at.selectbox(key="claims-exclusive-outlet").set_value("Nova Moskva Agency").run()
    exclusive = at.dataframe[2].value
    assert len(exclusive) > 0 and all("novamoskva" in url for url in exclusive.url)


def test_wire_copies_page_shows_the_reprint_beside_the_wire_story(app_env, downloads):
    at = _run("wire_copies")
    assert [m.value for m in at.metric] == ["7", "13", "1", "1"]  # wire copies counted once
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert chart["type"] == "bar" and chart["y"] == ["Global Wire Service"]
    assert "Download duplicates.csv" in _download_labels(at)
    duplicates = _demo_tables(app_env)["duplicates"]
    assert downloads(csv_downloads(at)["duplicates"]) == csv_bytes(duplicates)
    assert any(csv_bytes(f.value) == csv_bytes(shown_table(duplicates)) for f in at.dataframe)
    bodies = [h.proto.body for h in at.get("html")]
    original = next(b for b in bodies if "copy-original" in b)
    copy = next(b for b in bodies if "copy-copy" in b)
    assert "Fort Tiuna" in original and "Fort Tiuna" in copy
    # the wire's credit line is only in the original, so it is marked there
    assert "Reporting by" in original and "Reporting by" not in copy
    assert "background:#fde0c5" in original


def test_figures_escape_article_text():
    import pandas as pd

    from dashboard.figures.claims import claim_heatmap
    from dashboard.figures.duplicates import compared_html

    payload = "<img src=x onerror=alert(1)> said the <b>minister</b>"
    claims = pd.DataFrame({"claim": ["c1"], "text": [payload], "n_outlets": [1]})
    matrix = pd.DataFrame({"claim": ["c1"], "<i>Outlet</i>": [1]})
    spec = claim_heatmap(claims, matrix, 10).to_plotly_json()["data"][0]
    rendered = json.dumps([spec["x"], spec["y"], spec["hovertext"]], ensure_ascii=False)
    assert "<img" not in rendered and "<i>" not in rendered and "＜img" in rendered
    original, copy = compared_html(payload + "\nsecond line", payload)
    assert "<img" not in original + copy and "&lt;b&gt;minister" in copy
