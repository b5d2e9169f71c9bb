"""Analysed tables kept in the store: read back exactly, recomputed when stale or damaged,
never written by a read-only reader, and used by the dashboard, export and report."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Document, Store
from models import registry, stored
from models.corpus import load_corpus
from models.export import csv_bytes
from models.tables import build_tables
from tests.conftest import APP, DEMO_EVENT, REPO, run_app


def _demo(tmp_path: Path, db: Path | str) -> tuple[Path, Path | str]:
    config_dir = tmp_path / "config"
    shutil.copytree(REPO / "config", config_dir)
    config = load_config(config_dir)
    with Store(db) as store:
        load_demo(config, store)
    return config_dir, db


@pytest.fixture
def demo(tmp_path):
    """A copy of the shipped config (so that a test may edit it) and an SQLite store with the
    demo, for the tests that look at the file itself."""
    return _demo(tmp_path, tmp_path / "demo.db")


@pytest.fixture
def any_demo(tmp_path, store_address):
    """The same on each store: an SQLite file and a PostgreSQL database."""
    return _demo(tmp_path, store_address)


def _computed(config, event, store, include_copies=False) -> dict[str, pd.DataFrame]:
    return build_tables(load_corpus(store, event, config), include_copies=include_copies)


def _assert_same(loaded: dict[str, pd.DataFrame], computed: dict[str, pd.DataFrame]) -> None:
    assert list(loaded) == list(computed)
    for name, table in computed.items():
        assert table.index.equals(pd.RangeIndex(len(table))), f"{name}: not the default index"
        pd.testing.assert_frame_equal(loaded[name], table, check_exact=True, obj=name)
        assert csv_bytes(loaded[name]) == csv_bytes(table), name


@pytest.mark.parametrize("include_copies", [False, True])
def test_demo_tables_read_back_byte_identical_in_parts(any_demo, include_copies):
    config_dir, db = any_demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        first = stored.analyse(config, event, store, include_copies=include_copies)
        assert set(first.computed) == set(registry.TABLES) and first.saved == first.computed
        runs = registry.RUNS.copy()
        # parts of 4 rows: most tables span several parts
        again = stored.event_tables(
            config, event, store, include_copies=include_copies, part_rows=4
        )
        assert runs == registry.RUNS and again.computed == ()
        assert "stored tables are current" in again.line()
        parts = {r["name"]: r["parts"] for r in store.stored_table_keys(event.id)}
        _assert_same(again.tables, _computed(config, event, store, include_copies))
    assert max(parts.values()) == 1  # saved with the default part size


def test_synthetic_tables_in_many_parts_read_back_byte_identical(tmp_path):
    from benchmarks.dashboard import write_event

    config_dir, db = write_event(tmp_path, 60)
    config = load_config(config_dir)
    event = config.event("synthetic")
    with Store(db) as store:
        first = stored.event_tables(config, event, store, part_rows=25)
        parts = {r["name"]: (r["parts"], r["rows"]) for r in store.stored_table_keys(event.id)}
        assert all(p == max(1, -(-rows // 25)) for p, rows in parts.values())
        assert max(p for p, _ in parts.values()) > 3
        again = stored.event_tables(config, event, store)
        assert again.computed == ()
        _assert_same(again.tables, first.tables)
        _assert_same(again.tables, _computed(config, event, store))


def test_a_table_part_holds_at_most_part_rows():
    table = pd.DataFrame({"a": range(10), "b": [f"x{i}" for i in range(10)]})
    parts = list(stored.table_parts(table, 4))
    assert [rows for rows, _ in parts] == [4, 4, 2]
    pd.testing.assert_frame_equal(stored.table_from_parts([d for _, d in parts]), table)
    (empty,) = stored.table_parts(table.iloc[0:0], 4)
    back = stored.table_from_parts([empty[1]])
    assert empty[0] == 0 and list(back.columns) == ["a", "b"] and back.dtypes.equals(table.dtypes)


@pytest.fixture
def analysed(any_demo):
    """The demo's config folder, config and event, and its store with every table saved."""
    config_dir, db = any_demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        stored.analyse(config, event, store)
        yield config_dir, config, event, store


def test_another_events_fetch_leaves_the_stored_tables_current(analysed):
    _, config, event, store = analysed
    runs = registry.RUNS["axes"]
    store.save_document(
        "another-event",
        Document(
            url="https://newspaper.example/elsewhere",
            outlet="Global Wire Service",
            text="Rain is expected in the capital on Monday.",
            language="en",
        ),
    )
    assert stored.event_tables(config, event, store).computed == ()
    assert registry.RUNS["axes"] == runs


def test_a_new_article_a_config_edit_and_another_version_are_recomputed(analysed):
    config_dir, config, event, store = analysed
    runs = registry.RUNS["axes"]
    revision = store.revision()
    assert stored.event_tables(config, event, store).computed == ()
    assert store.revision() == revision  # saving tables is not a change of the data

    # a new article: the revision moves on, every table is computed again
    store.save_document(
        event.id,
        Document(
            url="https://newspaper.example/extra",
            outlet="Global Wire Service",
            text="Officials in Caracas said the talks would resume on Monday.",
            published="2019-05-03",
            language="en",
        ),
    )
    after_article = stored.event_tables(config, event, store)
    assert set(after_article.computed) == set(registry.TABLES)
    assert registry.RUNS["axes"] == runs + 1
    _assert_same(after_article.tables, _computed(config, event, store))

    # an edited event file (a comment is enough: the file is what is fingerprinted)
    with event.path.open("a", encoding="utf-8") as file:
        file.write("\n# edited\n")
    edited = load_config(config_dir)
    assert stored.event_tables(edited, edited.event(DEMO_EVENT), store).computed
    assert stored.event_tables(edited, edited.event(DEMO_EVENT), store).computed == ()

    # only the newest key of the event is kept
    keys = {(r["revision"], r["config"], r["version"]) for r in store.stored_table_keys(event.id)}
    assert len(keys) == 1

    # tables saved under another version (same revision and config) replace the current
    # ones; they are not read by this version, which computes its own and replaces them
    current = stored.key_of(edited, edited.event(DEMO_EVENT), store, False)
    other = replace(current, version="0.0.1+another")
    outlets = stored.event_tables(edited, edited.event(DEMO_EVENT), store).tables["outlets"]
    store.save_table(other, "outlets", stored.table_parts(outlets.assign(group="stale")))
    assert {r["version"] for r in store.stored_table_keys(event.id)} == {other.version}
    fresh = stored.event_tables(edited, edited.event(DEMO_EVENT), store)
    assert "stale" not in set(fresh.tables["outlets"]["group"])
    assert set(fresh.computed) == set(registry.TABLES)
    assert {r["version"] for r in store.stored_table_keys(event.id)} == {current.version}


def test_a_damaged_part_is_computed_again_with_a_log_line(demo, caplog):
    config_dir, db = demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        stored.analyse(config, event, store)
    with sqlite3.connect(db) as conn:  # damage the claims table's part in place
        conn.execute(
            "UPDATE analysed_table_parts SET data = ? WHERE name = 'claims'", (b"PAR1 not parquet",)
        )
    runs = registry.RUNS.copy()
    with Store(db) as store, caplog.at_level(logging.WARNING, logger="models.stored"):
        recovered = stored.event_tables(config, event, store)
        claims = next(a for a in registry.ANALYSES if a.name == "claims")
        assert set(recovered.computed) == {t.name for t in claims.tables}
        assert registry.RUNS - runs == {"claims": 1}  # only the analysis that made it
        assert any(
            "claims" in r.getMessage() and "cannot be read" in r.getMessage()
            for r in caplog.records
        )
        _assert_same(recovered.tables, _computed(config, event, store))
        assert stored.event_tables(config, event, store).computed == ()  # saved again


def test_a_read_only_store_is_never_written(demo):
    config_dir, db = demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    before = db.read_bytes()
    with Store(db, readonly=True) as store:
        analysed = stored.event_tables(config, event, store)
        assert analysed.computed and analysed.saved == ()
        assert store.stored_table_keys(event.id) == []
    assert db.read_bytes() == before


# ---- the command, export and report -----------------------------------------------------


def _main(*args: str, capsys) -> tuple[int, str, str]:
    from dashboard.cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_analyse_then_export_and_report_read_the_stored_tables(
    any_demo, tmp_path, capsys, monkeypatch
):
    config_dir, db = any_demo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1556668800")
    common = ("--config", str(config_dir), "--db", str(db))
    assert (
        _main("export", DEMO_EVENT, "--out", str(tmp_path / "computed"), *common, capsys=capsys)[0]
        == 0
    )
    assert (
        _main(
            "report", DEMO_EVENT, "--out", str(tmp_path / "computed.html"), *common, capsys=capsys
        )[0]
        == 0
    )

    code, out, err = _main("analyse", DEMO_EVENT, *common, capsys=capsys)
    assert code == 0 and out.count("\n") == 1 and not err
    assert "21 tables computed and stored" in out and " rows in " in out
    code, out, _ = _main("analyse", DEMO_EVENT, *common, capsys=capsys)
    assert code == 0 and "the stored tables are current" in out

    runs = registry.RUNS.copy()
    assert (
        _main("export", DEMO_EVENT, "--out", str(tmp_path / "stored"), *common, capsys=capsys)[0]
        == 0
    )
    assert (
        _main("report", DEMO_EVENT, "--out", str(tmp_path / "stored.html"), *common, capsys=capsys)[
            0
        ]
        == 0
    )
    assert runs == registry.RUNS  # nothing computed: both read the stored tables
    assert _files(tmp_path / "stored") == _files(tmp_path / "computed")
    assert (tmp_path / "stored.html").read_bytes() == (tmp_path / "computed.html").read_bytes()


def _store_marked_outlets(config, event, store, group: str) -> None:
    """Analyse the event into the store, then store its outlets table with every group set to
    `group`: a table computing never gives, so a reader that shows it has read the store."""
    tables = stored.analyse(config, event, store).tables
    key = stored.key_of(config, event, store, False)
    store.save_table(key, "outlets", stored.table_parts(tables["outlets"].assign(group=group)))


def test_export_reads_what_is_stored(any_demo, tmp_path, capsys):
    """A stored table that differs from what computing gives shows that it is read."""
    config_dir, db = any_demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        _store_marked_outlets(config, event, store, "from the store")
    out = tmp_path / "out"
    assert (
        _main(
            "export",
            DEMO_EVENT,
            "--out",
            str(out),
            "--config",
            str(config_dir),
            "--db",
            str(db),
            capsys=capsys,
        )[0]
        == 0
    )
    assert "from the store" in (out / "outlets.csv").read_text(encoding="utf-8")


def test_analyse_mistakes_are_one_line(tmp_path, demo, capsys):
    config_dir, db = demo
    code, _, err = _main(
        "analyse", "no-such-event", "--config", str(config_dir), "--db", str(db), capsys=capsys
    )
    assert code == 2 and err.count("\n") == 1 and "no-such-event" in err
    code, _, err = _main(
        "analyse",
        DEMO_EVENT,
        "--config",
        str(config_dir),
        "--db",
        str(tmp_path / "none.db"),
        capsys=capsys,
    )
    assert code == 2 and err.count("\n") == 1 and "no store there" in err
    assert not (tmp_path / "none.db").exists()


# ---- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_reads_current_tables_without_computing(any_demo, monkeypatch):
    config_dir, db = any_demo
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        _store_marked_outlets(config, event, store, "read from the store")
        revision = store.revision()
    monkeypatch.setenv("FRAMING_CONFIG", str(config_dir))
    monkeypatch.setenv("FRAMING_DB", str(db))
    runs = registry.RUNS.copy()
    at = run_app()
    assert runs == registry.RUNS
    shown = [frame.value for frame in at.dataframe]
    assert any("group" in f and set(f["group"]) == {"read from the store"} for f in shown)
    with Store(db, readonly=True) as store:
        assert store.revision() == revision


def _computing_app():
    """The dashboard run headless where it computes every table (slower than reading them)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300).run()
    assert not at.exception, at.exception
    return at


def test_the_dashboard_stores_what_it_computes_unless_read_only(demo, monkeypatch):
    config_dir, db = demo
    monkeypatch.setenv("FRAMING_CONFIG", str(config_dir))
    monkeypatch.setenv("FRAMING_DB", str(db))
    monkeypatch.setenv("FRAMING_READONLY", "1")
    before = db.read_bytes()
    _computing_app()
    assert db.read_bytes() == before  # read-only: computed, shown, not stored

    # a deployment is read-only or not for its lifetime: its cached tables are not shared
    import streamlit as st

    st.cache_resource.clear()
    monkeypatch.delenv("FRAMING_READONLY")
    _computing_app()
    config = load_config(config_dir)
    event = config.event(DEMO_EVENT)
    with Store(db) as store:
        key = stored.key_of(config, event, store, False)
        assert store.stored_table_names(key) == set(registry.TABLES)
        runs = registry.RUNS.copy()
        assert stored.event_tables(config, event, store).computed == ()
        assert runs == registry.RUNS


def test_a_store_from_before_stored_tables_is_read_only_as_it_was(demo, tmp_path, capsys):
    """A store made by an earlier version, opened read-only (export), is not migrated: it
    has no stored tables, and the tables are computed as before."""
    config_dir, db = demo
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE analysed_table_parts")
        conn.execute("DROP TABLE analysed_tables")
    before = db.read_bytes()
    out = tmp_path / "out"
    args = ("--config", str(config_dir), "--db", str(db))
    assert _main("export", DEMO_EVENT, "--out", str(out), *args, capsys=capsys)[0] == 0
    assert (out / "outlets.csv").is_file() and db.read_bytes() == before
