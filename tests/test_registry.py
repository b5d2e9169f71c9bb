"""Checks every registered analysis passes, as scikit-learn runs its estimator checks on every
estimator: documented columns on an empty corpus and on the demo, the same tables twice, a
url on per-article rows, the corpus left as it was."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.pages import BY_ID
from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Store
from models import registry
from models.corpus import DOCUMENT_COLUMNS, Corpus, load_corpus
from models.tables import build_tables, inputs_of
from tests.conftest import DEMO_EVENT, REPO

CONFIG = load_config(REPO / "config")
EVENT = CONFIG.event(DEMO_EVENT)
AXES = [axis.id for axis in EVENT.axes]
NAMES = [analysis.name for analysis in registry.ANALYSES]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Corpus:
    with Store(tmp_path_factory.mktemp("registry") / "store.db") as store:
        load_demo(CONFIG, store)
        return load_corpus(store, EVENT, CONFIG)


@pytest.fixture(scope="module")
def demo_inputs(demo) -> registry.Inputs:
    return inputs_of(demo)


def _analysis(name: str) -> registry.Analysis:
    return next(a for a in registry.ANALYSES if a.name == name)


def _counted_outlets(inputs: registry.Inputs) -> list[str]:
    return sorted(inputs.counted.documents["outlet"].dropna().unique())


@pytest.mark.parametrize("name", NAMES)
def test_an_empty_corpus_gives_the_documented_columns(name):
    empty = Corpus(EVENT, pd.DataFrame(columns=DOCUMENT_COLUMNS))
    analysis = _analysis(name)
    tables = registry.run(analysis, inputs_of(empty))
    for table in analysis.tables:
        if table.rows == "article":  # no article, no row (a model still has a row per axis)
            assert tables[table.name].empty, table.name
        assert list(tables[table.name].columns) == table.expected_columns(AXES, []), table.name


@pytest.mark.parametrize("name", NAMES)
def test_the_demo_gives_the_declared_columns(name, demo_inputs):
    analysis = _analysis(name)
    tables = registry.run(analysis, demo_inputs)
    outlets = _counted_outlets(demo_inputs)
    for table in analysis.tables:
        expected = table.expected_columns(AXES, outlets)
        assert list(tables[table.name].columns) == expected, table.name


@pytest.mark.parametrize("name", NAMES)
def test_a_second_run_gives_the_same_tables(name, demo_inputs):
    analysis = _analysis(name)
    first, second = registry.run(analysis, demo_inputs), registry.run(analysis, demo_inputs)
    for table in analysis.tables:
        pd.testing.assert_frame_equal(first[table.name], second[table.name], obj=table.name)


@pytest.mark.parametrize("name", NAMES)
def test_per_article_tables_carry_url(name, demo_inputs):
    analysis = _analysis(name)
    tables = registry.run(analysis, demo_inputs)
    for table in analysis.tables:
        if table.rows == "article":
            assert "url" in table.columns, table.name
            assert tables[table.name]["url"].notna().all(), table.name
        if table.under_filter is registry.KEEP_URL:
            assert table.rows == "article", table.name
        if table.under_filter is registry.KEEP_OUTLET:
            assert "outlet" in table.columns, table.name


@pytest.mark.parametrize("name", NAMES)
def test_the_corpus_is_not_mutated(name, demo):
    documents, fetch_log = demo.documents.copy(), demo.fetch_log.copy()
    inputs = inputs_of(demo)
    counted = inputs.counted.documents.copy()
    registry.run(_analysis(name), inputs)
    pd.testing.assert_frame_equal(demo.documents, documents)
    pd.testing.assert_frame_equal(demo.fetch_log, fetch_log)
    pd.testing.assert_frame_equal(inputs.counted.documents, counted)


def test_tables_come_out_in_declaration_order_once_each(demo):
    assert list(build_tables(demo)) == list(registry.TABLES)
    assert len(registry.TABLES) == sum(len(a.tables) for a in registry.ANALYSES)


def test_every_page_named_is_a_page_of_the_dashboard():
    for analysis, table in registry.declared_tables():
        assert (table.page or analysis.page) in BY_ID, table.name
        assert BY_ID[table.page or analysis.page].path.is_file()


def test_an_analysis_that_makes_an_undeclared_table_is_refused(demo_inputs):
    rogue = registry.Analysis("rogue", "", lambda inputs: {"other": pd.DataFrame()}, (), "data")
    with pytest.raises(ValueError, match="rogue"):
        registry.run(rogue, demo_inputs)


def test_every_table_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", readme, flags=re.MULTILINE))
    assert set(registry.TABLES) <= documented


def test_the_data_page_help_names_every_column():
    for name, table in registry.TABLES.items():
        help_text = registry.describe(table)
        assert help_text.startswith(name)
        assert all(column in help_text for column in table.columns)
