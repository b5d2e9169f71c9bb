"""Configs that validate are analysed without error: an event without axes, outlets whose names
are a table's own column names. Validation refuses, in one line, what cannot be analysed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.errors import ConfigError
from ingest.files import load_demo
from ingest.store import Store
from models.corpus import load_corpus
from models.export import write_tables
from models.tables import build_tables
from tests.conftest import REPO, run_app, write_config

EVENT = "venezuela-2019"
PAGES = [
    p.stem for p in sorted((REPO / "dashboard" / "views").glob("*.py")) if p.stem != "__init__"
]
# outlet names that are also a column of a table where outlets are columns
ODD_NAMES = {"Nova Moskva Agency": "claim", "Radio Bolivariana Caracas": "text"}


def _odd_config(root: Path) -> Path:
    """The shipped config with the event's axes removed and two outlets renamed."""
    shutil.copytree(REPO / "config", root)
    event = root / "events" / f"{EVENT}.toml"
    text = event.read_text(encoding="utf-8")
    event.write_text(text[: text.index("[[axis]]")], encoding="utf-8")
    outlets = root / "outlets.toml"
    text = outlets.read_text(encoding="utf-8")
    for old, new in ODD_NAMES.items():
        text = text.replace(f'name = "{old}"', f'name = "{new}"')
    outlets.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def odd_env(tmp_path, monkeypatch):
    root = _odd_config(tmp_path / "config")
    db = tmp_path / "odd.db"
    with Store(db) as store:
        load_demo(load_config(root), store)
    monkeypatch.setenv("FRAMING_CONFIG", str(root))
    monkeypatch.setenv("FRAMING_DB", str(db))
    return root, db


def test_an_event_without_axes_and_odd_outlet_names_export(odd_env, tmp_path):
    root, db = odd_env
    config = load_config(root)
    assert config.event(EVENT).axes == ()
    with Store(db) as store:
        tables = build_tables(load_corpus(store, config.event(EVENT), config))
    assert len(tables["articles"]) == 14
    assert tables["outlet_axes"].empty and tables["evidence"].empty
    matrix = tables["claim_matrix"]
    assert matrix.columns.is_unique and matrix.columns[0] == "claim"
    assert len(matrix.columns) == 1 + len(config.outlets)
    assert set(tables["claims"]["outlets"].str.split("; ").explode()) & {"claim", "text"}
    for path in write_tables(tables, tmp_path / "out"):
        assert path.stat().st_size > 0


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_an_event_without_axes(odd_env, page):
    at = run_app(page)
    assert not at.error, [e.value for e in at.error]


def test_side_by_side_aligns_outlets_named_like_its_columns(odd_env):
    at = run_app("side_by_side")
    at.multiselect(key="sbs-outlets").set_value(["claim", "text", "Global Wire Service"]).run()
    assert not at.exception, at.exception
    from models.alignment import aligned_claims

    config = load_config(odd_env[0])
    with Store(odd_env[1]) as store:
        tables = build_tables(load_corpus(store, config.event(EVENT), config))
    sentences = tables["claim_sentences"]
    shared = sentences.groupby("claim")["outlet"].nunique()
    claim = shared[shared >= 2].index[0]
    urls = sentences[sentences.claim == claim].drop_duplicates("outlet")
    picked = dict(zip(["text", "claim"], urls.url.iloc[:2], strict=True))
    table = aligned_claims(tables["claims"], sentences, picked)
    assert list(table.columns) == ["claim", "text", "text (outlet)", "claim (outlet)"]
    texts = tables["claims"].set_index("claim")["text"]
    assert list(table["text"]) == [texts[c] for c in table["claim"]]  # the claim's own text


def test_filtered_tables_of_an_event_without_axes(odd_env):
    from models.selection import Selection, select

    config = load_config(odd_env[0])
    with Store(odd_env[1]) as store:
        tables = build_tables(load_corpus(store, config.event(EVENT), config))
    chosen = select(tables, Selection(outlets=("claim", "text")), axes=[], include_copies=False)
    assert set(chosen["articles"]["outlet"]) == {"claim", "text"}
    assert chosen["claim_matrix"].columns.is_unique
    assert chosen["outlet_axes"].empty


MINIMAL_OUTLETS = '[[outlet]]\nname = "Outlet A"\ndomains = ["a.example"]\n'


@pytest.mark.parametrize(
    "event,names",
    [
        (
            'id = "e"\ntitle = "T"\n[[axis]]\nid = "tone"\n'
            'a = { label = "A", phrases = ["coup attempt", ".*"] }\n'
            'b = { label = "B", phrases = ["uprising"] }\n',
            ["axis 'tone' pole a", "phrase '.*'", "write the words"],
        ),
        (
            'id = "e"\ntitle = "T"\n[[axis]]\nid = "tone"\n'
            'a = { label = "A", phrases = ["coup"] }\n'
            'b = { label = "B", phrases.es = ["—"] }\n',
            ["axis 'tone' pole b", "phrase '—'"],
        ),
        (
            'id = "e"\ntitle = "T"\n[[actor]]\nname = "Nicolás Maduro"\naliases = ["«»"]\n',
            ["actor #1", "'«»'", "write the name"],
        ),
        ('id = "e"\ntitle = "T"\nkeywords = ["Venezuela", "..."]\n', ["keyword '...'"]),
    ],
)
def test_a_phrase_without_a_word_is_refused_in_one_line(tmp_path, event, names):
    write_config(tmp_path, MINIMAL_OUTLETS, event)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    message = str(caught.value)
    assert "\n" not in message and "test-event.toml" in message
    for name in names:
        assert name in message


@pytest.mark.parametrize(
    "deep",
    ["x = " + "[" * 5000 + "]" * 5000, "x = " + "{ a = " * 5000 + "1" + " }" * 5000],
    ids=["arrays", "tables"],
)
def test_toml_nested_thousands_deep_gives_one_line(tmp_path, deep):
    write_config(tmp_path, MINIMAL_OUTLETS, f'id = "e"\ntitle = "T"\n{deep}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert "test-event.toml" in str(caught.value) and "nested too deeply" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_cli_says_so_in_one_line_without_a_traceback(tmp_path, capsys):
    from dashboard.cli import main

    write_config(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n", 'id = "e"\ntitle = "T"\n')
    assert main(["--config", str(tmp_path), "events"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outlets.toml" in err and "Traceback" not in err
