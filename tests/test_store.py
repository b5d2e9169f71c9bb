"""The store on both of its databases (an SQLite file, a PostgreSQL database): readers are never
blocked by a writer, no row is doubled, older schemas are brought up to date, the revision grows
with the data, read-only stays read-only, and what cannot be opened is one clear line."""

from __future__ import annotations

import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest

from ingest.errors import StoreError, StoreNotFound
from ingest.store import (
    Document,
    LogEntry,
    Page,
    Store,
    TablesKey,
    check_db_path,
    resolve_db_path,
    shown,
)

OLD_DOCUMENTS = (
    "CREATE TABLE documents (url TEXT PRIMARY KEY, outlet TEXT NOT NULL, title TEXT,"
    " author TEXT, published TEXT, sitename TEXT, language TEXT, text TEXT NOT NULL,"
    " words INTEGER NOT NULL, extracted_at TEXT NOT NULL)"
)


class _Raw:
    """A plain connection of the test's own beside the store's, with `?` placeholders."""

    def __init__(self, address: Path | str):
        if isinstance(address, str):
            import psycopg

            self.conn = psycopg.connect(address)
            self.mark = "%s"
        else:
            self.conn = sqlite3.connect(address)
            self.mark = "?"

    def execute(self, sql: str, params: tuple = ()):
        return self.conn.execute(sql.replace("?", self.mark), params)

    def begin(self) -> None:
        if self.mark == "?":
            self.conn.execute("BEGIN IMMEDIATE")  # psycopg opens a transaction by itself

    def commit(self) -> None:
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()


def test_a_reader_sees_committed_data_while_a_writer_holds_a_transaction(store_address):
    with Store(store_address) as store:
        store.save_document("e", Document("u1", "A", "text one"))
        writer = _Raw(store_address)
        writer.begin()
        writer.execute(
            "INSERT INTO documents (url, outlet, text, words, extracted_at) "
            "VALUES ('u2', 'A', 'two', 1, 'now')"
        )
        # the write is open and uncommitted: the dashboard's read still answers at once
        with Store(store_address, readonly=True) as reader:
            assert [d["url"] for d in reader.documents("e")] == ["u1"]
        writer.commit()
        writer.close()
        assert store.revision() > 0


def test_saving_again_replaces_rows_and_doubles_none(store):
    for title in ("first", "second"):
        store.save_document("e", Document("u", "A", "some text here", title=title))
        store.save_page(Page("u", f"<p>{title}</p>".encode(), etag=title))
        store.link("e", "u", "A")
    assert [(d["url"], d["title"]) for d in store.documents("e")] == [("u", "second")]
    assert store.raw_page("u") == b"<p>second</p>" and store.page_info("u")["etag"] == "second"
    assert store.document_count() == 1


def test_the_revision_grows_with_each_write_and_not_with_leases(store):
    start = store.revision()
    store.save_document("e", Document("u", "A", "text"))
    store.log(LogEntry("e", "u", "A", "fetched", "ok", elapsed_ms=12.5, http_status=200))
    assert store.revision() == start + 2
    assert store.claim_job("e", "u", "A", "run", 60)
    store.release_jobs("run")
    assert store.revision() == start + 2
    (row,) = store.fetch_log("e")
    assert (row["elapsed_ms"], row["http_status"]) == (12.5, 200)


def test_each_event_keeps_the_revision_of_its_own_last_change(store):
    assert store.event_revision("never written") == 0
    store.save_document("a", Document("https://x.example/1", "A", "text"))
    first = store.event_revision("a")
    assert first == store.revision()

    # writes to another event leave this one's revision, so its stored tables stay current
    store.save_document("b", Document("https://x.example/2", "B", "text"))
    store.log(LogEntry("b", "https://x.example/2", "B", "fetched", "ok"))
    store.save_flagged("b", Document("https://x.example/3", "B", "menu"), "not an article")
    store.keep_flagged("b")
    store.link("b", "https://x.example/1", "B")
    assert store.event_revision("a") == first
    assert store.event_revision("b") == store.revision()
    assert store.claim_job("a", "https://x.example/4", "A", "run", 60)  # bookkeeping only
    store.release_jobs("run")
    assert store.event_revision("a") == first

    # a document both events link changes both, whichever event stored it again
    store.save_document("b", Document("https://x.example/1", "B", "text, corrected"))
    assert store.event_revision("a") == store.event_revision("b") == store.revision()
    store.log(LogEntry("a", "https://x.example/5", "A", "failed", "http 404"))
    assert store.event_revision("a") == store.revision() > store.event_revision("b")


def test_a_store_of_one_revision_for_all_starts_each_event_at_it(store_address):
    with Store(store_address) as store:
        store.save_document("a", Document("https://x.example/1", "A", "text"))
        store.log(LogEntry("b", "https://x.example/2", "B", "failed", "http 404"))
        revision = store.revision()
    old = _Raw(store_address)  # as an earlier version left it: no revision per event
    old.execute("DROP TABLE event_revisions")
    old.commit()
    old.close()
    with Store(store_address, readonly=True) as reading:  # not migrated: the store's own
        assert reading.event_revision("a") == revision
    with Store(store_address) as store:
        assert store.event_revision("a") == store.event_revision("b") == revision
        store.log(LogEntry("b", "https://x.example/2", "B", "fetched", "ok"))
        assert store.event_revision("a") == revision < store.event_revision("b")


def test_leases_are_held_until_released_or_run_out(store):
    now_held = store.claim_job("e", "u", "A", "first", 60)
    assert now_held and not store.claim_job("e", "u", "A", "second", 60)
    store.release_jobs("first")
    assert store.claim_job("e", "u", "A", "second", 60)
    # a lease's end is kept to the sub-second: a float of 4 bytes would round it by minutes
    assert store.claim_job("e", "v", "A", "gone", 0.5)
    assert not store.claim_job("e", "v", "A", "next", 60)


def test_rows_come_in_the_same_order_from_both_databases(store):
    # text compares byte by byte, as in SQLite, whatever locale the server's database has
    for url, published in [("b", "2019"), ("B", "2019"), ("é", "2019"), ("a", None), ("Z", "")]:
        store.save_document("e", Document(url, "A", "text", published=published))
    assert [d["url"] for d in store.documents("e")] == ["a", "Z", "B", "b", "é"]
    assert [d["url"] for d in store.article_dates("e")] == ["a", "Z", "B", "b", "é"]


def test_two_processes_opening_a_new_store_at_once_both_work(store_address):
    errors = []

    def open_it():
        try:
            with Store(store_address) as own:
                own.save_document("e", Document(f"u{threading.get_ident()}", "A", "text"))
        except StoreError as err:
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(store_address, readonly=True) as reader:
        assert len(reader.documents("e")) == 4


def test_processes_saving_the_same_tables_at_once_all_succeed(store_address):
    # watchers of one event that analysed the same data save under the same key together
    with Store(store_address):
        pass  # the schema, made once
    key = TablesKey("e", 3, "config", "1.0+code", False)
    errors = []
    PART = bytes(range(256)) * 400  # large enough for the saves to overlap

    def save(parts: int) -> None:
        try:
            with Store(store_address) as own:
                for _ in range(20):
                    own.save_table(key, "outlets", [(2, PART)] * parts)
        except StoreError as err:
            errors.append(err)

    threads = [threading.Thread(target=save, args=(n,)) for n in (3, 3, 2, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Store(store_address) as store:
        parts = store.load_table(key, "outlets")
        assert parts is not None and len(parts) in (2, 3)
        # the listed count and the stored parts agree, whichever save came last
        assert parts == [PART] * len(parts)


def test_an_older_schema_gains_its_new_columns_and_keeps_its_data(store_address):
    old = _Raw(store_address)
    old.execute(OLD_DOCUMENTS)
    old.execute("INSERT INTO documents VALUES ('u', 'A', 't', '', '', '', 'en', 'x', 1, 'n')")
    old.execute(
        "CREATE TABLE event_articles (event TEXT, url TEXT, outlet TEXT, PRIMARY KEY (event, url))"
    )
    old.execute("INSERT INTO event_articles VALUES ('e', 'u', 'A')")
    old.commit()
    old.close()
    with Store(store_address) as opened:
        assert [d["url"] for d in opened.documents("e")] == ["u"]
        assert opened.url_of_canonical("https://nowhere.example/") is None
        opened.save_document("e", Document("v", "A", "new", canonical="https://c.example/v"))
        assert opened.url_of_canonical("https://c.example/v") == "v"
    with Store(store_address) as again:  # opening a current store changes nothing
        assert len(again.documents("e")) == 2
        rows = again._query("SELECT value FROM meta WHERE key = 'schema_version'")
        assert rows == [{"value": "1"}]


def test_a_read_only_store_refuses_writes_in_one_line(store_address):
    with Store(store_address) as store:
        store.save_document("e", Document("u", "A", "text"))
    with Store(store_address, readonly=True) as reader:
        with pytest.raises(StoreError, match="cannot write to the store") as caught:
            reader.save_document("e", Document("v", "A", "text"))
        assert "\n" not in str(caught.value)
        assert [d["url"] for d in reader.documents("e")] == ["u"]


def test_corrupt_or_missing_store_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"definitely not sqlite" * 200)
    with pytest.raises(StoreError, match=r"not a usable SQLite store.*--db"):
        Store(bad)
    with pytest.raises(StoreNotFound, match="no store there"):
        Store(tmp_path / "none.db", readonly=True)


def test_an_empty_database_read_only_is_no_store_yet(postgres_url):
    with pytest.raises(StoreNotFound, match=r"no store in this database yet.*framing fetch"):
        Store(postgres_url, readonly=True)


# ---- addresses ---------------------------------------------------------------------------


def test_an_address_selects_postgresql_and_a_path_sqlite(monkeypatch):
    url = "postgresql://framing:pw@db.example:5433/news"
    assert resolve_db_path(url) == url and resolve_db_path("postgres://h/db") == "postgres://h/db"
    assert resolve_db_path("data/x.db") == Path("data/x.db")
    monkeypatch.setenv("FRAMING_DB", url)
    assert resolve_db_path() == url
    monkeypatch.delenv("FRAMING_DB")
    assert resolve_db_path() == Path("data") / "framing.db"


@pytest.mark.parametrize(
    ("address", "printed"),
    [
        ("postgresql://framing:s3cret@db.example/news", "postgresql://framing:***@db.example/news"),
        ("postgres://u:s3cret@/news?host=/run/pg", "postgres://u:***@/news?host=/run/pg"),
        ("postgresql:///news?password=s3cret&host=h", "postgresql:///news?password=***&host=h"),
        ("postgresql://u@h/news", "postgresql://u@h/news"),
    ],
)
def test_a_password_is_never_printed(address, printed):
    assert shown(address) == printed


def test_an_unreadable_address_is_one_line_before_anything_runs():
    with pytest.raises(StoreError, match=r"not a usable PostgreSQL address.*postgresql://USER"):
        check_db_path("postgresql://u:s3cret@h/db?nonsense=1")
    with pytest.raises(StoreError) as caught:
        check_db_path("postgresql://u:s3cret@h/db?nonsense=1")
    assert "s3cret" not in str(caught.value) and "\n" not in str(caught.value)


def _refused(address: str, *words: str) -> str:
    with pytest.raises(StoreError) as caught:
        Store(address)
    message = str(caught.value)
    assert "\n" not in message and "s3cret" not in message, message
    for word in words:
        assert word in message, message
    return message


def test_an_unknown_database_is_one_line_with_the_fix(postgres_cluster):
    address = postgres_cluster.url("no_such_db").replace("postgres@", "postgres:s3cret@")
    message = _refused(address, "no database 'no_such_db'", "createdb", "postgres:***@")
    assert message.startswith(shown(address))


def test_a_socket_folder_without_a_server_is_refused_in_one_line():
    with tempfile.TemporaryDirectory() as empty:
        address = f"postgresql://me:s3cret@/news?host={empty}&port=5432"
        _refused(address, "no PostgreSQL server answers there", "start the server", "me:***@")


def test_a_role_that_does_not_exist_is_refused_in_one_line(postgres_cluster):
    address = f"postgresql://nobody:s3cret@/postgres?host={postgres_cluster.socket_dir}&port=5432"
    _refused(address, "refused the login as 'nobody'", "pg_hba.conf", "nobody:***@")
