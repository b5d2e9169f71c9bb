"""`framing train` fits on the articles the dashboard's model fits on: wire copies left out."""

from __future__ import annotations

import json

from dashboard.cli import main
from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Store
from models.axis_model import AXIS_MODELS
from models.corpus import load_corpus
from models.tables import build_tables
from tests.conftest import DEMO_EVENT, REPO


def test_train_leaves_wire_copies_out_as_the_dashboard_does(tmp_path):
    config = load_config(REPO / "config")
    db = tmp_path / "store.db"
    with Store(db) as store:
        load_demo(config, store)
        tables = build_tables(load_corpus(store, config.event(DEMO_EVENT), config))
    out = tmp_path / "models"
    code = main(
        ["--db", str(db), "--config", str(REPO / "config"), "train", DEMO_EVENT, "--out", str(out)]
    )
    assert code == 0
    shown = tables[AXIS_MODELS].set_index("axis")
    saved_files = list(out.glob("*.json"))
    assert saved_files
    for path in saved_files:
        saved = json.loads(path.read_text(encoding="utf-8"))
        row = shown.loc[saved["axis"]]
        assert (saved["examples_a"], saved["examples_b"]) == (row.examples_a, row.examples_b)
