"""The scale benchmark's stores: every run gets an empty database (PostgreSQL) or file (SQLite)
of its own, so a second size or mode never imports onto the articles the first one left."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scale import fresh_database, fresh_sqlite, run_address, sqlite_run_path
from ingest.store import Document, Store


def test_run_address_names_the_run_beside_the_given_database() -> None:
    given = "postgresql://bench@/scale?host=/run/sock&port=5432"
    assert run_address(given, 25000, "dask") == (
        "postgresql://bench@/scale_25000_dask?host=/run/sock&port=5432"
    )
    assert run_address("postgresql://u:pw@db.example.org:5433/b", 500, "one") == (
        "postgresql://u:pw@db.example.org:5433/b_500_one"
    )


@pytest.mark.parametrize("address", ["postgresql://u@db.example.org", "postgresql:///?dbname=x"])
def test_run_address_wants_the_database_in_the_path(address: str) -> None:
    with pytest.raises(SystemExit, match="name the database"):
        run_address(address, 500, "one")


def test_each_run_starts_empty_and_leaves_nothing_behind(postgres_url: str) -> None:
    import psycopg

    def databases() -> set[str]:
        with psycopg.connect(postgres_url) as conn:
            return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}

    before = databases()
    document = Document("https://a.example/1", "A", "text of one", "T")
    for _ in range(2):  # the second run of the same size and mode finds an empty store again
        with fresh_database(postgres_url, 500, "one") as run:
            assert run != postgres_url
            with Store(run) as store:
                assert store.document_count() == 0
                store.save_document("e", document)
                assert store.document_count() == 1
    assert databases() == before
    with Store(postgres_url) as given:  # the database named on the command line is untouched
        assert given.document_count() == 0


def test_sqlite_runs_get_files_of_their_own_beside_the_given_path(tmp_path: Path) -> None:
    given = tmp_path / "bench" / "scale.db"
    assert sqlite_run_path(str(given), 25000, "one") == tmp_path / "bench" / "scale_25000_one.db"
    assert sqlite_run_path(str(tmp_path / "plain"), 500, "dask").name == "plain_500_dask.db"
    document = Document("https://a.example/1", "A", "text of one", "T")
    for _ in range(2):  # the second run finds an empty file again, not the first run's article
        with fresh_sqlite(str(given), 500, "one") as run:
            assert Path(run) != given
            with Store(run) as store:
                assert store.document_count() == 0
                store.save_document("e", document)
                assert store.document_count() == 1
        assert not Path(run).exists()
    assert not given.exists()  # the path named on the command line is never written
