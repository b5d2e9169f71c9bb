"""The "download all" bundle: the exported tables, the config as written, and a manifest that
says what produced them; from the library, `framing export --zip` and the Data page."""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sklearn

from dashboard.cli import main
from ingest.config import Config, Pole, load_config
from ingest.files import load_demo
from ingest.store import Store
from models.bundle import bundle_bytes, manifest, pages, readme_text
from models.corpus import FETCH_LOG_COLUMNS, load_corpus
from models.export import write_tables
from models.tables import build_tables
from tests.conftest import DEMO_EVENT, REPO, run_app

SETTINGS = "# no politeness delay: these pages are local\n[fetch]\ndelay = 0\n"
WHEN = "2024-01-02T03:04:05+00:00"


@dataclasses.dataclass(frozen=True)
class Demo:
    config: Config
    db: Path
    tables: dict[str, pd.DataFrame]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The shipped config plus a commented settings.toml, and a store with the demo loaded."""
    folder = tmp_path_factory.mktemp("bundle")
    shutil.copytree(REPO / "config", folder / "config")
    (folder / "config" / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    config = load_config(folder / "config")
    db = folder / "store.db"
    with Store(db) as store:
        load_demo(config, store)
        tables = build_tables(load_corpus(store, config.event(DEMO_EVENT), config))
    return Demo(config, db, tables)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _bundle(demo: Demo, **options) -> bytes:
    event = demo.config.event(DEMO_EVENT)
    return bundle_bytes(
        event, demo.config, demo.tables, filters={"include_copies": False}, **options
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_zip_holds_the_exported_tables_and_the_config_byte_for_byte(demo, tmp_path):
    members = _members(_bundle(demo))
    exported = {p.name: p.read_bytes() for p in write_tables(demo.tables, tmp_path / "out")}
    root = demo.config.root
    config_files = {
        "config/outlets.toml": root / "outlets.toml",
        f"config/events/{DEMO_EVENT}.toml": root / "events" / f"{DEMO_EVENT}.toml",
        "config/settings.toml": root / "settings.toml",
    }

    assert set(members) == {
        "README.txt",
        "manifest.json",
        *config_files,
        *(f"tables/{name}" for name in exported),
    }
    for name, data in exported.items():
        assert members[f"tables/{name}"] == data, name
    for name, path in config_files.items():
        assert members[name] == path.read_bytes(), name
    assert b"# Demo event." in members[f"config/events/{DEMO_EVENT}.toml"]
    assert members["config/settings.toml"] == SETTINGS.encode()
    readme = members["README.txt"].decode()
    assert f"framing export {DEMO_EVENT} --config config" in readme and "manifest.json" in readme


def test_manifest_records_versions_tables_models_config_and_pages(demo):
    members = _members(_bundle(demo, generated_at=WHEN))
    described = json.loads(members["manifest.json"])

    assert described["generated_at"] == WHEN
    assert described["product"] == {
        "name": "framing-dashboard",
        "version": importlib.metadata.version("framing-dashboard"),
    }
    assert described["python"].count(".") == 2
    libraries = described["libraries"]
    assert libraries["scikit-learn"] == sklearn.__version__
    assert libraries["pandas"] == pd.__version__
    assert {"streamlit", "trafilatura", "skops", "numpy", "py3langid"} <= set(libraries)
    assert "pytest" not in libraries  # test tools do not shape results
    assert described["event"] == {
        "id": DEMO_EVENT,
        "title": demo.config.event(DEMO_EVENT).title,
    }
    assert described["filters"] == {"include_copies": False}

    assert set(described["tables"]) == set(demo.tables)
    for name, entry in described["tables"].items():
        data = members[entry["file"]]
        assert entry["sha256"] == _sha256(data), name
        assert entry["rows"] == len(demo.tables[name]), name

    axes = described["models"]["axes"]
    assert set(axes) == {axis.id for axis in demo.config.event(DEMO_EVENT).axes}
    for entry in axes.values():
        assert len(entry["sha256"]) == 64
        assert {"examples_a", "examples_b", "folds", "roc_auc", "trusted"} <= set(entry["quality"])

    assert set(described["config_files"]) == {n for n in members if n.startswith("config/")}
    for name, entry in described["config_files"].items():
        assert entry["sha256"] == _sha256(members[name]), name

    log = demo.tables["fetch_log"]
    fetched = log[log.status == "fetched"]
    by_url = {page["url"]: page for page in described["pages"]}
    coverage = [c.url for c in demo.config.event(DEMO_EVENT).coverage]
    assert list(by_url)[: len(coverage)] == coverage
    assert len(fetched) == len(coverage) == 14
    for row in fetched.itertuples():
        page = by_url[row.url]
        assert (page["outlet"], page["status"], page["fetched_at"]) == (
            row.outlet,
            "fetched",
            row.fetched_at,
        )


def test_same_input_gives_the_same_bytes(demo):
    first, second = _bundle(demo, generated_at=WHEN), _bundle(demo, generated_at=WHEN)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}


def test_axis_fingerprint_follows_its_phrases_only(demo):
    event = demo.config.event(DEMO_EVENT)
    first, other = event.axes[0], event.axes[1]
    pole = first.a
    languages = pole.languages or ("",) * len(pole.phrases)
    extra = Pole(pole.label, (*pole.phrases, "usurper"), (*languages, "en"))
    changed = dataclasses.replace(
        event, axes=(dataclasses.replace(first, a=extra), *event.axes[1:])
    )

    def axes(e) -> dict:
        described = manifest(e, demo.config, demo.tables, filters={}, generated_at=WHEN)
        return {axis: entry["sha256"] for axis, entry in described["models"]["axes"].items()}

    before, after = axes(event), axes(changed)
    assert before[first.id] != after[first.id]
    assert before[other.id] == after[other.id]


def test_pages_keep_when_the_stored_copy_was_fetched():
    event = load_config(REPO / "config").event(DEMO_EVENT)
    stored, failed, untried = (c.url for c in event.coverage[:3])
    log = pd.DataFrame(
        [
            (stored, "A", "fetched", "ok", "", 200, 10.0, "2024-01-01T00:00:00+00:00"),
            (failed, "B", "failed", "http 404", "", 404, 5.0, "2024-01-01T00:00:01+00:00"),
            (stored, "A", "skipped", "already stored", "", None, 0.0, "2024-02-01T00:00:00+00:00"),
            ("https://elsewhere.example/x", "C", "fetched", "ok", "", 200, 1.0, "2024-03-01"),
        ],
        columns=FETCH_LOG_COLUMNS,
    )
    listed = {page["url"]: page for page in pages(event, log)}

    assert len(listed) == len(event.coverage) + 1  # an imported page outside the coverage too
    assert listed[stored]["status"] == "skipped" and listed[stored]["attempts"] == 2
    assert listed[stored]["fetched_at"] == "2024-01-01T00:00:00+00:00"
    assert listed[stored]["last_attempt_at"] == "2024-02-01T00:00:00+00:00"
    assert (listed[failed]["status"], listed[failed]["fetched_at"]) == ("failed", None)
    assert listed[untried]["status"] == "not fetched" and listed[untried]["attempts"] == 0
    assert listed[untried]["outlet"] == event.coverage[2].outlet
    assert listed["https://elsewhere.example/x"]["fetched_at"] == "2024-03-01"


def test_readme_says_which_filters_framing_export_cannot_apply(demo):
    event = demo.config.event(DEMO_EVENT)
    plain = readme_text(event, {"include_copies": True})
    narrowed = readme_text(event, {"include_copies": False, "outlets": ["Nova Moskva Agency"]})
    assert "--out tables-again --include-copies" in plain
    assert "dashboard's filters" not in plain
    assert "dashboard's filters" in narrowed and 'outlets = ["Nova Moskva Agency"]' in narrowed
    assert "--include-copies" not in narrowed


def _framing(demo: Demo, *args: str) -> int:
    # --config after the command: given before it, the subcommand's default replaces it
    return main([*args, "--config", str(demo.config.root), "--db", str(demo.db)])


def test_cli_zip_is_the_bundle_and_trained_models_are_fingerprinted(demo, tmp_path, capsys):
    assert _framing(demo, "train", DEMO_EVENT) == 0
    capsys.readouterr()
    target = tmp_path / "bundle.zip"
    assert _framing(demo, "export", DEMO_EVENT, "--zip", str(target), "--include-copies") == 0
    assert capsys.readouterr().out == f"{target}\n"

    members = _members(target.read_bytes())
    event = demo.config.event(DEMO_EVENT)
    with Store(demo.db) as store:
        tables = build_tables(load_corpus(store, event, demo.config), include_copies=True)
    expected = _members(
        bundle_bytes(
            event,
            demo.config,
            tables,
            filters={"include_copies": True},
            store_dir=demo.db.parent,
        )
    )
    described, wanted = (json.loads(m.pop("manifest.json")) for m in (members, expected))
    assert members == expected
    assert described.pop("generated_at") and wanted.pop("generated_at")
    assert described == wanted
    assert described["filters"] == {"include_copies": True}
    assert "--include-copies" in members["README.txt"].decode()

    saved = {entry["path"]: entry["sha256"] for entry in described["models"]["saved"]}
    models = demo.db.parent / "models" / DEMO_EVENT
    assert saved and saved == {
        f"models/{DEMO_EVENT}/{path.name}": _sha256(path.read_bytes())
        for path in models.glob("*.skops")
    }


def test_cli_zip_and_out_give_the_same_table_bytes(demo, tmp_path, capsys):
    target, out = tmp_path / "b.zip", tmp_path / "csv"
    assert _framing(demo, "export", DEMO_EVENT, "--zip", str(target), "--out", str(out)) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == str(target) and len(printed) == len(demo.tables) + 1
    members = _members(target.read_bytes())
    for path in out.glob("*.csv"):
        assert members[f"tables/{path.name}"] == path.read_bytes(), path.name


@pytest.mark.parametrize(
    "where,expected",
    [
        (lambda d: d / "missing" / "b.zip", "no such folder for --zip"),
        (lambda d: d, "is a folder"),
        (lambda d: None, "export needs --out DIR for CSV files or --zip FILE"),
    ],
)
def test_bad_zip_target_is_one_line_without_traceback(demo, tmp_path, capsys, where, expected):
    target = where(tmp_path)
    args = ["export", DEMO_EVENT] + (["--zip", str(target)] if target else [])
    assert _framing(demo, *args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("framing: ") and expected in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not (tmp_path / "missing").exists()


def test_data_page_offers_the_zip_first(app_env):
    at = run_app("data")
    buttons = at.get("download_button")
    # the zip and the report, then each table's CSV and its Excel-ready copy
    assert len(buttons) == 2 * len(at.dataframe) + 2
    bundle = buttons[0]
    assert bundle.key == "download-all"
    assert bundle.proto.label == "Download all (zip)"
    # built when clicked (a deferred file), not on every rerun
    assert bundle.proto.deferred_file_id and bundle.proto.ignore_rerun
    assert buttons[1].key == "download-report"
    assert all(b.proto.label.endswith(".csv") for b in buttons[2::2])
    assert all(b.proto.label == "Excel-ready" for b in buttons[3::2])
