"""The SQLite store: readers are never blocked by a writer, and a bad file is one clear line."""

from __future__ import annotations

import sqlite3

import pytest

from ingest.errors import StoreError
from ingest.store import Document, Store


def test_a_reader_sees_committed_data_while_a_writer_holds_a_transaction(tmp_path):
    path = tmp_path / "f.db"
    with Store(path) as store:
        store.save_document("e", Document("u1", "A", "text one"))
        writer = sqlite3.connect(path)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO documents (url, outlet, text, words, extracted_at) "
            "VALUES ('u2', 'A', 'two', 1, 'now')"
        )
        # the write is open and uncommitted: the dashboard's read still answers at once
        with Store(path, readonly=True) as reader:
            assert [d["url"] for d in reader.documents("e")] == ["u1"]
        writer.commit()
        writer.close()
        assert store.revision() > 0


def test_corrupt_or_missing_store_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"definitely not sqlite" * 200)
    with pytest.raises(StoreError, match=r"not a usable SQLite store.*--db"):
        Store(bad)
    with pytest.raises(StoreError, match="no store there"):
        Store(tmp_path / "none.db", readonly=True)
