"""SQLite behind the store: one file in WAL mode, so the dashboard can read while a fetch writes.

The connection, the read-only ways of opening a file, and SQLite's errors in one line each.
`ingest.store` holds the statements, written once for every database it supports.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ingest.errors import StoreError, StoreNotFound

LOGGER = logging.getLogger(__name__)


def _code(err: sqlite3.Error) -> int:
    """SQLite's primary result code of an error (-1 when it carries none)."""
    code = getattr(err, "sqlite_errorcode", None)
    return -1 if code is None else code & 0xFF


def _to_wal(conn: sqlite3.Connection, seconds: float = 30.0) -> None:
    """Put the file in WAL mode. Changing the journal mode of a file that another connection is
    creating answers "busy" at once rather than waiting (the busy timeout does not cover it),
    so several processes opening a new store together each try again for a while."""
    deadline = time.monotonic() + seconds
    pause = 0.01
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if _code(err) != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class SQLiteDatabase:
    """One connection to a store file, shared by the threads of one process under the store's
    lock."""

    errors = (sqlite3.Error,)

    def __init__(self, path: Path, *, readonly: bool = False):
        self.path = path
        self.shown = str(path)
        self.readonly = readonly
        try:
            if readonly:
                self.conn = self._open_readonly()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
                _to_wal(self.conn)
                self.conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as err:
            raise self.open_failure(err) from None
        except OSError as err:
            raise StoreError(f"{self.path}: cannot open ({err.strerror}); check the path") from None

    def _open_readonly(self) -> sqlite3.Connection:
        """A connection that cannot write; it works on a store in a folder we cannot write."""
        if not self.path.is_file():
            raise StoreNotFound(f"{self.path}: no store there; run `framing fetch` first")
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
        try:
            conn.execute("SELECT count(*) FROM meta").fetchone()
            return conn
        except sqlite3.OperationalError as err:
            conn.close()
            if _code(err) not in {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN}:
                raise
        # A WAL store needs its shared-memory file beside it, which a reader cannot create in
        # a folder it may not write. Nobody can be writing there either, so read it as a file
        # that does not change.
        LOGGER.info("%s: read as immutable (its folder cannot be written)", self.path)
        return sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False)

    # ---- statements ------------------------------------------------------------------------

    def ddl(self, sql: str) -> str:
        """The schema is written in SQLite's words."""
        return sql

    @contextmanager
    def schema_transaction(self) -> Iterator[sqlite3.Connection]:
        # schema and migrations in one write transaction: two processes opening a new or older
        # store at once would otherwise both add the same column
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    def serialise(self, conn: sqlite3.Connection, name: str) -> None:
        """Nothing to do: SQLite lets one write transaction at a time hold the file."""

    def execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(params))

    def columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    def close(self) -> None:
        self.conn.close()

    # ---- errors ------------------------------------------------------------------------------

    def open_failure(self, err: sqlite3.Error) -> StoreError:
        if _code(err) in {sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_BUSY}:
            return self.failure(err, "opening it")
        return StoreError(
            f"{self.path}: not a usable SQLite store ({err}); move the file aside, or "
            "give another path in FRAMING_DB (or --db for the framing command)"
        )

    def failure(self, err: sqlite3.Error, doing: str) -> StoreError:
        """One line for an SQLite error met while `doing` something, with the fix."""
        code = _code(err)
        if code == sqlite3.SQLITE_FULL:
            return StoreError(
                f"{self.path}: the disk is full ({doing}); free some space and run the command "
                "again: what was stored before is kept"
            )
        if code == sqlite3.SQLITE_READONLY:
            return StoreError(
                f"{self.path}: cannot write to the store ({doing}); it is read-only here: "
                "check its permissions, or pass --db with a store you can write"
            )
        if code == sqlite3.SQLITE_BUSY:
            return StoreError(
                f"{self.path}: the store stayed busy with another process's writes ({doing}); "
                "run the command again when that one is done"
            )
        if code in {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB} or isinstance(
            err, sqlite3.DatabaseError
        ):
            return StoreError(
                f"{self.path}: the store is damaged ({err}; {doing}); restore a backup, or move "
                "it aside and run `framing fetch` again"
            )
        return StoreError(f"{self.path}: the store failed ({err}; {doing})")
