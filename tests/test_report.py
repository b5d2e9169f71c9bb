"""The shareable HTML report (`framing report`, the Data page's "Download report") and the
Excel-ready CSV files (`framing export --excel`, the "Excel-ready" downloads)."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from dashboard.cli import main
from dashboard.report import MAX_ROWS, figure_count, report_bytes, table_html, unfiltered
from ingest.config import Config, load_config
from ingest.files import import_files, load_demo
from ingest.store import Store
from models.corpus import load_corpus
from models.export import UTF8_BOM, csv_bytes, excel_csv_bytes, write_tables
from models.findings import findings
from models.tables import build_tables
from tests.conftest import DEMO_EVENT, LEGIT_TEXT, REPO, article_page, run_app

WHEN = "2024-01-02T03:04:05+00:00"
EPOCH = "1704164645"  # WHEN as seconds since 1970
# A label or title that tries to close the script holding a chart's JSON, and one that tries
# to run a handler once it is HTML.
CLOSE_SCRIPT = "</script><script>window.__pwned=1</script>"
IMG = "<img src=x onerror=\"window.__pwned='img';alert(1)\">"
EVIL_URL = "https://novamoskva.example/world/2019/04/30/evil"
EVIL_TITLE = f"Evil {CLOSE_SCRIPT} {IMG}"


@dataclasses.dataclass(frozen=True)
class Hostile:
    config: Config
    db: Path
    tables: dict[str, pd.DataFrame]


def hostile_demo(folder: Path) -> Hostile:
    """The demo, its event's title and description carrying payloads, and one article of Nova
    Moskva Agency whose title and text carry them too."""
    shutil.copytree(REPO / "config", folder / "config")
    event_file = folder / "config" / "events" / f"{DEMO_EVENT}.toml"
    source = event_file.read_text(encoding="utf-8")
    # JSON strings are TOML basic strings for these characters
    source = re.sub(
        r'^title = "(.*)"$',
        lambda m: f"title = {json.dumps(m[1] + ' ' + CLOSE_SCRIPT)}",
        source,
        count=1,
        flags=re.M,
    )
    source = re.sub(
        r'^description = ".*"$',
        lambda m: f"description = {json.dumps(IMG)}",
        source,
        count=1,
        flags=re.M,
    )
    event_file.write_text(source, encoding="utf-8")
    config = load_config(folder / "config")
    page = folder / "evil.html"
    paragraphs = [f"{CLOSE_SCRIPT} {IMG} {p}" for p in LEGIT_TEXT]
    page.write_text(article_page(EVIL_TITLE, paragraphs, date="2019-04-30"), encoding="utf-8")
    db = folder / "store.db"
    with Store(db) as store:
        load_demo(config, store)
        event = config.event(DEMO_EVENT)
        summary = import_files(
            event, [page], "Nova Moskva Agency", store, url_for=lambda _: EVIL_URL
        )
        assert summary.counts["fetched"] == 1, summary.line()
        tables = build_tables(load_corpus(store, event, config))
    return Hostile(config, db, tables)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    return hostile_demo(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def report(demo: Hostile) -> bytes:
    event = demo.config.event(DEMO_EVENT)
    return report_bytes(
        event,
        demo.config,
        demo.tables,
        filters=unfiltered(),
        generated_at=WHEN,
        store_dir=demo.db.parent,
    )


def test_one_file_with_plotly_inlined_once_and_nothing_to_fetch(report):
    text = report.decode("utf-8")
    assert report.count(get_plotlyjs().encode("utf-8")) == 1
    charts = figure_count(report)
    assert charts == text.count('class="plotly-graph-div"') >= 15
    # every script is inline: plotly's, the one that opens the notes for print, one per chart
    assert text.count("<script") == charts + 2
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", text)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)[1]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style")[0]
    assert policy.count("'sha256-") == charts + 2


def test_it_holds_what_the_dashboard_shows(demo, report):
    text = report.decode("utf-8")
    event = demo.config.event(DEMO_EVENT)
    for anchor in ("findings", "outlets", "axes", "actors", "voices", "claims", "language"):
        assert f'<h2 id="{anchor}">' in text
    for finding in findings(demo.tables, event):
        assert _escaped(finding.text) in text
    for outlet in demo.tables["outlets"]["outlet"]:
        assert _escaped(outlet) in text
    assert "How the scores are computed" in text and "bootstrap" in text
    # the filters and the manifest, with each table's SHA-256 of the exported CSV
    assert "wire copies counted as separate articles" in text
    assert WHEN in text and '"sha256"' in text.replace("&quot;", '"')


def test_hostile_article_and_config_strings_stay_text(report):
    text = report.decode("utf-8")
    assert "<img" not in text and 'onerror="' not in text
    assert "window.__pwned=1</script>" not in text
    assert "<script>window.__pwned" not in text
    # shown, escaped: as HTML text, and as \\u escapes inside the charts' JSON
    assert "Evil &lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=" in text
    title = re.search(r"<title>(.*?)</title>", text)[1]
    assert "&lt;/script&gt;" in title
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", text, flags=re.S)
    assert not any("__pwned" in s and "\\u003c" not in s for s in scripts[1:])
    assert sum("__pwned" in s for s in scripts) > 0  # the payloads are in the charts' data


def test_same_input_gives_the_same_bytes(demo, report, monkeypatch):
    event = demo.config.event(DEMO_EVENT)
    again = report_bytes(
        event,
        demo.config,
        demo.tables,
        filters=unfiltered(),
        generated_at=WHEN,
        store_dir=demo.db.parent,
    )
    assert again == report
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    pinned = report_bytes(
        event, demo.config, demo.tables, filters=unfiltered(), store_dir=demo.db.parent
    )
    assert pinned == report


def test_plotlys_default_theme_does_not_change_the_report(demo, report, monkeypatch):
    import plotly.io as pio
    import streamlit.elements.plotly_chart  # noqa: F401 (makes Streamlit's theme the default)

    event = demo.config.event(DEMO_EVENT)
    for theme in ("streamlit", "plotly"):
        monkeypatch.setattr(pio.templates, "default", theme)
        again = report_bytes(
            event,
            demo.config,
            demo.tables,
            filters=unfiltered(),
            generated_at=WHEN,
            store_dir=demo.db.parent,
        )
        assert again == report, theme


def test_cli_writes_the_same_bytes_as_the_library(demo, report, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = tmp_path / "report.html"
    assert _framing(demo, "report", DEMO_EVENT, "--out", str(target)) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert target.read_bytes() == report
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert datetime.fromtimestamp(int(EPOCH), UTC).isoformat() == WHEN


def test_cli_include_copies_is_recorded(demo, tmp_path, capsys, monkeypatch):
    target = tmp_path / "copies.html"
    assert _framing(demo, "report", DEMO_EVENT, "--out", str(target), "--include-copies") == 0
    text = target.read_text(encoding="utf-8")
    row = re.search(r"<th>wire copies counted as separate articles</th><td>(\w+)</td>", text)
    assert row[1] == "yes"


@pytest.mark.parametrize(
    "where,expected",
    [
        (lambda d: d, "is a folder"),
        (lambda d: d / "missing" / "r.html", "no such folder for --out"),
        (lambda d: d / "file.txt" / "r.html", "no such folder for --out"),
        (lambda d: Path("/proc/framing-report.html"), "cannot write the report"),
    ],
)
def test_bad_out_is_one_line_and_nothing_is_written(demo, tmp_path, capsys, where, expected):
    (tmp_path / "file.txt").write_text("a file, not a folder")
    before = sorted(tmp_path.rglob("*"))
    assert _framing(demo, "report", DEMO_EVENT, "--out", str(where(tmp_path))) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("framing: ") and expected in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert sorted(tmp_path.rglob("*")) == before


def test_the_dashboards_filters_are_shown(demo):
    event = demo.config.event(DEMO_EVENT)
    filters = {**unfiltered(), "outlets": ["Nova Moskva Agency", IMG], "date_from": "2019-05-01"}
    text = report_bytes(event, demo.config, demo.tables, filters=filters, generated_at=WHEN).decode(
        "utf-8"
    )
    shown = re.search(r'<table class="filters">(.*?)</table>', text)[1]
    assert "<th>outlets</th><td>Nova Moskva Agency; &lt;img" in shown
    assert "<th>published from</th><td>2019-05-01</td>" in shown


def test_an_event_with_nothing_stored_gives_a_report_that_says_so(tmp_path, capsys):
    config = load_config(REPO / "config")
    event = config.event(DEMO_EVENT)
    with Store(tmp_path / "empty.db") as store:
        tables = build_tables(load_corpus(store, event, config))
    text = report_bytes(event, config, tables, filters=unfiltered()).decode("utf-8")
    assert "No stored article of this event matches these filters" in text
    assert figure_count(text.encode()) == 0 and "Nothing was fetched" in text


def test_a_report_from_no_store_is_one_line_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "empty.html"
    args = ["report", DEMO_EVENT, "--out", str(target), "--config", str(REPO / "config")]
    assert main([*args, "--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no store there" in err
    assert not target.exists()


def test_long_tables_are_cut_and_say_so():
    table = pd.DataFrame({"outlet": [f"o{i}" for i in range(MAX_ROWS + 5)], "score": 0.5})
    shown = table_html(table)
    assert shown.count("<tr>") == MAX_ROWS + 1 and "5 more row(s)" in shown
    missing = table_html(pd.DataFrame({"url": ["javascript:alert(1)", None], "x": [None, 1.0]}))
    assert "href" not in missing and "None" not in missing and "nan" not in missing


def _framing(demo: Hostile, *args: str) -> int:
    return main([*args, "--config", str(demo.config.root), "--db", str(demo.db)])


def _escaped(text: str) -> str:
    import html

    return html.escape(text, quote=True)


# Excel-ready files


SAMPLE = pd.DataFrame(
    {"outlet": ["El Observador", "=HYPERLINK(1)"], "actor": ["Guaidó", "Maduro"], "z": [-1.5, 2.0]}
)
# the bytes `framing export` has always written for SAMPLE: no byte-order mark, formulas
# neutralised, numbers as numbers
SAMPLE_CSV = "outlet,actor,z\nEl Observador,Guaidó,-1.5\n'=HYPERLINK(1),Maduro,2.0\n".encode()


def test_default_export_bytes_are_unchanged(tmp_path):
    assert csv_bytes(SAMPLE) == SAMPLE_CSV
    written = write_tables({"sample": SAMPLE}, tmp_path)
    assert written == [tmp_path / "sample.csv"]
    assert (tmp_path / "sample.csv").read_bytes() == SAMPLE_CSV
    assert [p.name for p in tmp_path.iterdir()] == ["sample.csv"]


def test_excel_ready_files_have_a_byte_order_mark_and_keep_formulas_inert(tmp_path):
    data = excel_csv_bytes(SAMPLE)
    assert data == UTF8_BOM + SAMPLE_CSV
    assert "Guaidó" in data.decode("utf-8-sig") and "'=HYPERLINK" in data.decode("utf-8-sig")
    written = write_tables({"sample": SAMPLE}, tmp_path, excel=True)
    assert written == [tmp_path / "sample.csv", tmp_path / "sample-excel.csv"]
    assert (tmp_path / "sample.csv").read_bytes() == SAMPLE_CSV
    assert (tmp_path / "sample-excel.csv").read_bytes() == data


def test_cli_export_excel_writes_both_and_leaves_the_plain_files_alone(demo, tmp_path, capsys):
    plain, both = tmp_path / "plain", tmp_path / "both"
    assert _framing(demo, "export", DEMO_EVENT, "--out", str(plain)) == 0
    assert _framing(demo, "export", DEMO_EVENT, "--out", str(both), "--excel") == 0
    capsys.readouterr()
    names = sorted(p.name for p in plain.iterdir())
    assert names == sorted(f"{n}.csv" for n in demo.tables)
    for name in names:
        data = (plain / name).read_bytes()
        assert not data.startswith(UTF8_BOM)
        assert (both / name).read_bytes() == data
        assert (both / name.replace(".csv", "-excel.csv")).read_bytes() == UTF8_BOM + data


def test_data_page_offers_the_report_and_an_excel_ready_file_beside_each_csv(app_env):
    at = run_app("data")
    buttons = {b.key: b for b in at.get("download_button")}
    report = buttons["download-report"]
    assert report.proto.label.startswith("Download report")
    assert report.proto.deferred_file_id and report.proto.ignore_rerun
    csvs = [k.removeprefix("download-") for k in buttons if k.startswith("download-")]
    tables = [k for k in csvs if k not in {"all", "report"} and not k.startswith("excel-")]
    assert tables and all(f"download-excel-{name}" in buttons for name in tables)
    assert all(buttons[f"download-excel-{name}"].proto.label == "Excel-ready" for name in tables)


def test_method_notes_read_as_the_pages_do_and_gaps_are_empty(report):
    import html as html_module

    from dashboard.render import method_text
    from models import axes, axis_model, claims, labels, tone

    text = report.decode("utf-8")
    notes = " ".join(re.findall(r'<div class="note">(.*?)</div>', text, flags=re.S))
    for module in (axes, axis_model, claims, labels, tone):
        assert html_module.escape(method_text(module), quote=True) in notes, module.__name__
    # values, not the names of constants, and no developer words
    for word in ("MIN_EXAMPLES", "MIN_AUC", "NEUTRAL_BAND", "COPY_THRESHOLD", "GroupKFold"):
        assert word not in notes, word
    cells = re.findall(r"<td>(.*?)</td>", text, flags=re.S)
    assert cells and not {"None", "nan", "NaN", "&lt;NA&gt;"} & set(cells)
    # counts compared across outlets are shares there too
    assert "share of the outlet&#x27;s articles" in text or "share of the outlet's articles" in text
