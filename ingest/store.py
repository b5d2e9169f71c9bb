"""The store: raw pages, extracted documents, which event each belongs to, the fetch log, and
the analysed tables computed from them.

Two databases behind one `Store`: an SQLite file (the embedded default, WAL mode, so the
dashboard can read while a fetch writes; `ingest.store_sqlite`) or a PostgreSQL database named
by a `postgresql://` address (`ingest.store_postgres`). This module writes the SQL, once for
both: `?` placeholders, `INSERT … ON CONFLICT`, and the schema in SQLite's type names, which
the PostgreSQL module translates. Analysed tables are stored as opaque parts (bytes the models
layer serialises), keyed by what they were computed from (see TablesKey); saving them is not a
change of data, so it does not bump the revision.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.errors import StoreError
from ingest.store_postgres import PostgresDatabase, check_address, is_postgres, shown_address
from ingest.store_sqlite import SQLiteDatabase

LOGGER = logging.getLogger(__name__)
DEFAULT_DB = Path("data") / "framing.db"
# zlib level of stored raw pages: level 6 took as long as a fifth of a page's extraction;
# level 1 is about three times faster, for stored pages about a fifth larger
RAW_COMPRESSION = 1
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    http_status INTEGER,
    content_type TEXT,
    charset TEXT,
    fetched_at TEXT NOT NULL,
    raw BLOB NOT NULL              -- zlib-compressed bytes as received
);
CREATE TABLE IF NOT EXISTS documents (
    url TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    title TEXT,
    author TEXT,
    published TEXT,
    sitename TEXT,
    language TEXT,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    extracted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_articles (
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    outlet TEXT NOT NULL,
    PRIMARY KEY (event, url)
);
CREATE TABLE IF NOT EXISTS event_revisions (  -- the store revision of an event's last change
    event TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fetch_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    outlet TEXT,
    status TEXT NOT NULL,          -- fetched, skipped or failed
    reason TEXT NOT NULL,
    detail TEXT,
    http_status INTEGER,
    elapsed_ms REAL,
    fetched_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS fetch_log_event ON fetch_log (event, url);
CREATE TABLE IF NOT EXISTS flagged (  -- pages taken for something else than an article
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    outlet TEXT NOT NULL,
    reason TEXT NOT NULL,          -- not an article, paywall teaser
    detail TEXT,
    flagged_at TEXT NOT NULL,
    kept_at TEXT,                  -- when the user took it back as an article
    PRIMARY KEY (event, url)
);
CREATE TABLE IF NOT EXISTS fetch_jobs (  -- which URL of which event is fetched by whom, when
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    outlet TEXT NOT NULL,
    state TEXT NOT NULL,           -- due, claimed, done or failed
    owner TEXT,                    -- the fetch or watcher holding the claim
    lease_expires REAL,            -- seconds since the epoch; a killed run's claim runs out
    attempts INTEGER NOT NULL DEFAULT 0,  -- failures in a row
    next_due REAL NOT NULL,        -- seconds since the epoch: when it is checked again
    reason TEXT,                   -- what the last try gave: ok, not modified, http 404...
    checked_at REAL,               -- when it was last tried
    PRIMARY KEY (event, url)
);
CREATE INDEX IF NOT EXISTS fetch_jobs_due ON fetch_jobs (event, next_due);
CREATE TABLE IF NOT EXISTS discovery_jobs (  -- which watcher runs an event's discovery, and when
    event TEXT PRIMARY KEY,
    owner TEXT,
    lease_expires REAL,
    next_due REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS fetch_jobs_url ON fetch_jobs (url, lease_expires);
CREATE TABLE IF NOT EXISTS host_slots (  -- requests in flight to a host, across every run
    host TEXT NOT NULL,
    slot INTEGER NOT NULL,         -- 0 to per_host - 1
    owner TEXT,                    -- the fetch or watcher whose request holds it
    lease_expires REAL,            -- a killed run's slot frees itself after one download's time
    PRIMARY KEY (host, slot)
);
CREATE TABLE IF NOT EXISTS host_pace (  -- the earliest start of a host's next request
    host TEXT PRIMARY KEY,
    next_start REAL NOT NULL       -- seconds since the epoch
);
CREATE TABLE IF NOT EXISTS analysed_tables (  -- one row per stored table of an event
    event TEXT NOT NULL,
    revision INTEGER NOT NULL,     -- the event's revision the documents were read at
    config TEXT NOT NULL,          -- fingerprint of the config files the analyses read
    version TEXT NOT NULL,         -- product, analysis code and library versions
    include_copies INTEGER NOT NULL,
    name TEXT NOT NULL,            -- the table's name (models.registry)
    parts INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (event, revision, config, version, include_copies, name)
);
CREATE TABLE IF NOT EXISTS analysed_table_parts (  -- a table's rows, a batch at a time
    event TEXT NOT NULL,
    revision INTEGER NOT NULL,
    config TEXT NOT NULL,
    version TEXT NOT NULL,
    include_copies INTEGER NOT NULL,
    name TEXT NOT NULL,
    part INTEGER NOT NULL,         -- 0, 1, ... in row order
    rows INTEGER NOT NULL,
    data BLOB NOT NULL,            -- serialised by models.stored
    PRIMARY KEY (event, revision, config, version, include_copies, name, part)
);
"""


def _upsert(table: str, columns: str, key: str) -> str:
    """INSERT that replaces the row with the same key, in SQL both databases speak; columns and
    key are names separated by spaces."""
    names, keys = columns.split(), key.split()
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


_SAVE_PAGE = _upsert(
    "pages",
    "url final_url http_status content_type charset fetched_at raw etag last_modified",
    "url",
)
_SAVE_DOCUMENT = _upsert(
    "documents",
    "url outlet title author published sitename language text words extracted_at canonical kind",
    "url",
)
_LINK = _upsert("event_articles", "event url outlet", "event url")
# The revision just bumped, recorded for an event, or for every event that links a URL (a
# document shared by two events changes both)
_CURRENT = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision')"
_TOUCH_EVENT = (
    f"INSERT INTO event_revisions (event, revision) SELECT ?, {_CURRENT}"
    " ON CONFLICT (event) DO UPDATE SET revision = excluded.revision"
)
_TOUCH_LINKED = (
    f"INSERT INTO event_revisions (event, revision) SELECT DISTINCT event, {_CURRENT}"
    " FROM event_articles WHERE url = ? ON CONFLICT (event) DO UPDATE SET revision ="
    " excluded.revision"
)
_SAVE_FLAGGED = _upsert("flagged", "event url outlet reason detail flagged_at kept_at", "event url")
_LOG_COLUMNS = [
    "event",
    "url",
    "outlet",
    "status",
    "reason",
    "detail",
    "http_status",
    "elapsed_ms",
    "fetched_at",
]

# documents.kind: NULL for an article, 'flagged' for a flagged page's text (kept apart from the
# analyses), 'kept' for a flagged page the user took back as an article
_ARTICLE = "coalesce(d.kind, 'article') <> 'flagged'"


def _statements(script: str) -> list[str]:
    """The statements of a schema script, its comments left out."""
    lines = (line.split("--", 1)[0] for line in script.splitlines())
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


# a store's address: the path of an SQLite file, or a PostgreSQL database's postgresql:// address
Address = Path | str


def resolve_db_path(explicit: str | Path | None = None) -> Address:
    """--db, then FRAMING_DB, then data/framing.db: a file's Path, or a PostgreSQL address."""
    chosen = explicit or os.environ.get("FRAMING_DB") or DEFAULT_DB
    return str(chosen).strip() if is_postgres(chosen) else Path(chosen)


def shown(address: Address) -> str:
    """A store's address as it may be printed or logged: a password is replaced by ***."""
    return shown_address(address) if is_postgres(address) else str(address)


def store_folder(address: Address) -> Path:
    """The folder of the files that go with a store (saved models): beside an SQLite file, the
    working folder's data/ for a PostgreSQL database."""
    return DEFAULT_DB.parent if is_postgres(address) else Path(address).parent


def check_db_path(path: Address, *, reading: bool = False) -> None:
    """Refuse a store path that is most likely a typo, before anything is created or computed.

    A chosen path (anything but the default data/framing.db, whose folder is made on first use)
    must sit in a folder that exists; a command that only reads needs a store with articles.
    A PostgreSQL address is checked for its form here, and for its database when opened.
    """
    if is_postgres(path):
        check_address(path)
        return
    if path != DEFAULT_DB and not path.parent.is_dir():
        raise StoreError(
            f"{path.parent}: no such folder for the store {path.name}; create it, or correct "
            "--db or FRAMING_DB"
        )
    if not reading:
        return
    if not path.is_file():
        raise StoreError(
            f"{path}: no store there; run `framing demo` or `framing fetch EVENT` first, or "
            "correct --db or FRAMING_DB"
        )


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Document:
    url: str
    outlet: str
    text: str
    title: str = ""
    author: str = ""
    published: str = ""
    sitename: str = ""
    language: str = ""
    # the page's own idea of its address (<link rel="canonical">, og:url), "" when it has none
    canonical: str = ""

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Page:
    url: str
    raw: bytes
    final_url: str = ""
    http_status: int | None = None
    content_type: str = ""
    charset: str = ""
    # validators for a conditional request when the page is fetched again
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class TablesKey:
    """What an event's analysed tables were computed from; stored tables are current only
    under the same key."""

    event: str
    revision: int
    config: str
    version: str
    include_copies: bool

    def params(self) -> tuple[Any, ...]:
        return (self.event, self.revision, self.config, self.version, int(self.include_copies))


_KEY_MATCH = "event = ? AND revision = ? AND config = ? AND version = ? AND include_copies = ?"


@dataclass(frozen=True)
class LogEntry:
    event: str
    url: str
    outlet: str
    status: str
    reason: str
    detail: str = ""
    http_status: int | None = None
    elapsed_ms: float | None = None


class Store:
    """A connection to one store (an SQLite file or a PostgreSQL database); safe to share
    between threads of one process."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.readonly = readonly
        self._lock = threading.Lock()
        self._kept_per_event = False  # whether the store has event_revisions (known when true)
        if is_postgres(path):
            self._db = PostgresDatabase(str(path), readonly=readonly)
            self.path = None
            # the files that go with the store (saved models) live in the working folder
            self.folder = DEFAULT_DB.parent
        else:
            self.path = Path(path)
            self.folder = self.path.parent
            self._db = SQLiteDatabase(self.path, readonly=readonly)
            self._conn = self._db.conn
        self.address = str(path)
        # the address as it may be printed: a PostgreSQL password is never shown
        self.shown = self._db.shown
        try:
            if not readonly:
                with self._db.schema_transaction() as conn:
                    for statement in _statements(_SCHEMA):
                        conn.execute(self._db.ddl(statement))
                    self._migrate()
                    conn.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                        (str(SCHEMA_VERSION),),
                    )
                    conn.execute("INSERT INTO meta VALUES ('revision', '0') ON CONFLICT DO NOTHING")
            self._db.execute("SELECT count(*) FROM documents").fetchone()
        except self._db.errors as err:
            self._db.close()
            raise self._db.open_failure(err) from None

    def _failure(self, err: Exception, doing: str) -> StoreError:
        """One line for a database error met while `doing` something, with the fix."""
        return self._db.failure(err, doing)

    def _migrate(self) -> None:
        """Bring a store made by an earlier version up to this schema, keeping its data."""
        columns = self._db.columns("documents")
        if "canonical" not in columns:
            self._db.execute(self._db.ddl("ALTER TABLE documents ADD COLUMN canonical TEXT"))
        if "kind" not in columns:
            self._db.execute(self._db.ddl("ALTER TABLE documents ADD COLUMN kind TEXT"))
        columns = self._db.columns("pages")
        for column in ("etag", "last_modified"):
            if column not in columns:
                self._db.execute(self._db.ddl(f"ALTER TABLE pages ADD COLUMN {column} TEXT"))
        self._db.execute("CREATE INDEX IF NOT EXISTS documents_canonical ON documents (canonical)")
        # Finding the events that link a URL (a document shared by events changes them all).
        # Made here, after the documents' index: PostgreSQL locks a table to check for an index,
        # and taking them in the order a document's write takes its tables avoids a deadlock
        # with another process that opened the store first and is writing already.
        self._db.execute("CREATE INDEX IF NOT EXISTS event_articles_url ON event_articles (url)")
        # a store of an earlier version kept one revision for all: each event starts at it
        self._db.execute(
            f"INSERT INTO event_revisions (event, revision) SELECT DISTINCT event, {_CURRENT}"
            " FROM (SELECT event FROM event_articles UNION SELECT event FROM fetch_log"
            " UNION SELECT event FROM flagged) AS known"
            f" WHERE {_CURRENT} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_revisions)"
            " ON CONFLICT (event) DO NOTHING"
        )
        # the per-URL leases of earlier versions: claims live in fetch_jobs now
        self._db.execute("DROP TABLE IF EXISTS fetch_leases")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(
        self, *, bump: bool = True, events: Iterable[str] = (), urls: Iterable[str] = ()
    ) -> Iterator[Any]:
        """One transaction that also bumps the revision, so readers know the data changed
        (`bump=False` for bookkeeping that changes no data, such as fetch leases).

        The events it changes are given, or found from the URLs it changes: each gets the new
        revision as its own, so writing one event leaves another's stored tables current."""
        try:
            with self._lock, self._db.transaction() as conn:
                yield conn
                if bump:
                    conn.execute(
                        "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'"
                    )
                    for event in set(events):
                        conn.execute(_TOUCH_EVENT, (event,))
                    for url in set(urls):
                        conn.execute(_TOUCH_LINKED, (url,))
        except self._db.errors as err:
            raise self._failure(err, "writing") from None

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        try:
            with self._lock:
                cursor = self._db.execute(sql, params)
                columns = [c[0] for c in cursor.description]
                return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        except self._db.errors as err:
            raise self._failure(err, "reading") from None

    # ---- writing -------------------------------------------------------------------------

    def save_page(self, page: Page) -> None:
        with self._write() as conn:
            conn.execute(
                _SAVE_PAGE,
                (
                    page.url,
                    page.final_url,
                    page.http_status,
                    page.content_type,
                    page.charset,
                    now_iso(),
                    zlib.compress(page.raw, RAW_COMPRESSION),
                    page.etag,
                    page.last_modified,
                ),
            )

    @staticmethod
    def _insert_document(conn: Any, document: Document, kind: str | None) -> None:
        conn.execute(
            _SAVE_DOCUMENT,
            (
                document.url,
                document.outlet,
                document.title,
                document.author,
                document.published,
                document.sitename,
                document.language,
                document.text,
                document.words,
                now_iso(),
                document.canonical,
                kind,
            ),
        )

    def save_document(self, event: str, document: Document) -> None:
        """Store the document and link it to the event, in one transaction."""
        with self._write(events=[event], urls=[document.url]) as conn:
            self._insert_document(conn, document, None)
            # taken as an article now (the page changed, or the user said so in the config)
            conn.execute(
                "DELETE FROM flagged WHERE event = ? AND url = ? AND kept_at IS NULL",
                (event, document.url),
            )
            conn.execute(
                _LINK,
                (event, document.url, document.outlet),
            )

    def save_flagged(self, event: str, document: Document, reason: str, detail: str = "") -> None:
        """Keep a flagged page's text apart from the articles, with why it was flagged."""
        with self._write(events=[event], urls=[document.url]) as conn:
            kept = conn.execute(
                "SELECT 1 FROM documents WHERE url = ? AND coalesce(kind, 'article') <> 'flagged'",
                (document.url,),
            ).fetchone()
            if not kept:  # an article stored before (or taken back) is never demoted
                self._insert_document(conn, document, "flagged")
            conn.execute(
                _SAVE_FLAGGED,
                (event, document.url, document.outlet, reason, detail, now_iso(), None),
            )

    def keep_flagged(self, event: str, urls: Iterable[str] | None = None) -> list[str]:
        """Take the event's flagged pages (all, or these URLs) as articles; the URLs kept."""
        wanted = None if urls is None else set(urls)
        rows = [
            r
            for r in self.flagged(event)
            if r["kept_at"] is None and (wanted is None or r["url"] in wanted)
        ]
        with self._write(events=[event], urls=[r["url"] for r in rows]) as conn:
            for row in rows:
                conn.execute(
                    "UPDATE documents SET kind = 'kept' WHERE url = ? AND kind = 'flagged'",
                    (row["url"],),
                )
                conn.execute(
                    "UPDATE flagged SET kept_at = ? WHERE event = ? AND url = ?",
                    (now_iso(), event, row["url"]),
                )
                conn.execute(
                    _LINK,
                    (event, row["url"], row["outlet"]),
                )
                conn.execute(
                    "INSERT INTO fetch_log (event, url, outlet, status, reason, detail,"
                    " fetched_at) VALUES (?, ?, ?, 'fetched', 'kept by the user', ?, ?)",
                    (
                        event,
                        row["url"],
                        row["outlet"],
                        f"flagged as {row['reason']} ({row['detail']}); taken as an article",
                        now_iso(),
                    ),
                )
        return [r["url"] for r in rows]

    def url_of_canonical(self, canonical: str) -> str | None:
        """The stored document that has this canonical address, if any."""
        if not canonical:
            return None
        rows = self._query(
            f"SELECT url FROM documents d WHERE canonical = ? AND {_ARTICLE} LIMIT 1", (canonical,)
        )
        return rows[0]["url"] if rows else None

    def link(self, event: str, url: str, outlet: str) -> None:
        with self._write(events=[event]) as conn:
            conn.execute(_LINK, (event, url, outlet))
            # an article stored earlier is this event's article now, even if flagged for it before
            conn.execute(
                "DELETE FROM flagged WHERE event = ? AND url = ? AND kept_at IS NULL AND EXISTS"
                f" (SELECT 1 FROM documents d WHERE d.url = flagged.url AND {_ARTICLE})",
                (event, url),
            )

    def log(self, entry: LogEntry) -> None:
        row = {**asdict(entry), "fetched_at": now_iso()}
        with self._write(events=[entry.event]) as conn:
            conn.execute(
                f"INSERT INTO fetch_log ({', '.join(_LOG_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(_LOG_COLUMNS))})",
                [row[c] for c in _LOG_COLUMNS],
            )

    # ---- fetch jobs: which fetch or watcher downloads which URL, and when it is due ---------
    # Jobs are bookkeeping, not data: claiming or finishing one does not bump the revision
    # readers cache on. A claim is a lease: a run killed without warning holds its claims only
    # until they run out, and another run then takes them. Two claims on one URL are never live
    # at once, whatever event listed it.

    def enqueue_jobs(
        self, event: str, items: Iterable[tuple[str, str]], now: float | None = None
    ) -> int:
        """Add the URLs (url, outlet) the event does not have a job for, due now; how many."""
        now = time.time() if now is None else now
        rows = [(event, url, outlet, now) for url, outlet in dict(items).items()]
        added = 0
        with self._write(bump=False) as conn:
            for row in rows:
                added += conn.execute(
                    "INSERT INTO fetch_jobs (event, url, outlet, state, attempts, next_due)"
                    " VALUES (?, ?, ?, 'due', 0, ?) ON CONFLICT (event, url) DO NOTHING",
                    row,
                ).rowcount
        return added

    # The rows one claim may take: due by `until`, not held by a live claim, and their URL not
    # held by a live claim under another event either. On PostgreSQL the rows are locked as
    # they are read and rows another claim has locked are passed over (SKIP LOCKED), so
    # concurrent watchers each get different jobs without waiting on one another; SQLite has
    # one writer at a time, and its claim runs in a BEGIN IMMEDIATE transaction.
    _CLAIMABLE = (
        "SELECT url FROM fetch_jobs j WHERE event = ? AND next_due <= ?"
        " AND (lease_expires IS NULL OR lease_expires < ?)"
        " AND NOT EXISTS (SELECT 1 FROM fetch_jobs o WHERE o.url = j.url AND o.event <> j.event"
        " AND o.lease_expires >= ?)"
        " ORDER BY next_due, url LIMIT ?"
    )
    _CLAIM_SQLITE = (
        "UPDATE fetch_jobs SET state = 'claimed', owner = ?, lease_expires = ?"
        f" WHERE event = ? AND url IN ({_CLAIMABLE})"
        " RETURNING url, outlet, attempts, reason, checked_at"
    )
    _CLAIM_POSTGRES = (
        "UPDATE fetch_jobs SET state = 'claimed', owner = ?, lease_expires = ?"
        f" WHERE event = ? AND url IN ({_CLAIMABLE} FOR UPDATE SKIP LOCKED)"
        " RETURNING url, outlet, attempts, reason, checked_at"
    )

    def claim_jobs(
        self,
        event: str,
        owner: str,
        *,
        limit: int,
        seconds: float,
        until: float | None = None,
        now: float | None = None,
    ) -> list[dict[str, Any]]:
        """Claim up to `limit` of the event's jobs due by `until` (default: now) for `seconds`.

        Returns the claimed jobs (url, outlet, attempts, reason, checked_at) by URL; an empty
        list when none is due. `until` lets a round take only what was due when it began, so
        a page it has just checked is not checked again in the same round.
        """
        now = time.time() if now is None else now
        until = now if until is None else until
        params = (owner, now + seconds, event, event, until, now, now, limit)
        postgres = isinstance(self._db, PostgresDatabase)
        with self._write(bump=False) as conn:
            if not postgres:
                conn.execute("BEGIN IMMEDIATE")
            cursor = conn.execute(self._CLAIM_POSTGRES if postgres else self._CLAIM_SQLITE, params)
            columns = [c[0] for c in cursor.description]
            claimed = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return sorted(claimed, key=lambda job: job["url"])

    def claim_job(
        self,
        event: str,
        url: str,
        outlet: str,
        owner: str,
        seconds: float,
        now: float | None = None,
    ) -> bool:
        """Claim one URL now, due or not (an explicit fetch); False when a live claim holds it.

        One conditional UPDATE after the job is made: on PostgreSQL a second claim of the row
        waits for the first to commit and then finds the lease live; on SQLite writers take
        turns.
        """
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            conn.execute(
                "INSERT INTO fetch_jobs (event, url, outlet, state, attempts, next_due)"
                " VALUES (?, ?, ?, 'due', 0, ?) ON CONFLICT (event, url) DO NOTHING",
                (event, url, outlet, now),
            )
            taken = conn.execute(
                "UPDATE fetch_jobs SET state = 'claimed', owner = ?, lease_expires = ?"
                " WHERE event = ? AND url = ?"
                " AND (lease_expires IS NULL OR lease_expires < ? OR owner = ?)"
                " AND NOT EXISTS (SELECT 1 FROM fetch_jobs o WHERE o.url = fetch_jobs.url"
                " AND o.event <> fetch_jobs.event AND o.owner <> ? AND o.lease_expires >= ?)",
                (owner, now + seconds, event, url, now, owner, owner, now),
            ).rowcount
        return taken == 1

    def finish_job(
        self,
        event: str,
        url: str,
        owner: str,
        *,
        failed: bool,
        reason: str,
        next_due: float | None = None,
        release: bool = True,
        now: float | None = None,
    ) -> None:
        """Record what a claimed job gave; `next_due` None leaves its due time as it was.

        `release=False` keeps the claim until `release_jobs`, so a second run going over the
        same URLs meanwhile does not fetch again one this run has just fetched.
        """
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            conn.execute(
                "UPDATE fetch_jobs SET state = ?, reason = ?, checked_at = ?,"
                " attempts = CASE WHEN ? THEN attempts + 1 ELSE 0 END,"
                " next_due = coalesce(?, next_due),"
                " owner = CASE WHEN ? THEN NULL ELSE owner END,"
                " lease_expires = CASE WHEN ? THEN NULL ELSE lease_expires END"
                " WHERE event = ? AND url = ? AND owner = ?",
                (
                    "failed" if failed else "done",
                    reason,
                    now,
                    failed,
                    next_due,
                    release,
                    release,
                    event,
                    url,
                    owner,
                ),
            )

    def renew_jobs(self, owner: str, seconds: float, now: float | None = None) -> None:
        """Extend the owner's unfinished claims: a watcher that is making progress keeps them,
        however long its batch waits on a slow host; a dead one stops renewing."""
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            conn.execute(
                "UPDATE fetch_jobs SET lease_expires = ? WHERE owner = ? AND state = 'claimed'",
                (now + seconds, owner),
            )

    def lease_owners(self) -> list[str]:
        """The runs holding claims now, expired or not."""
        rows = self._query(
            "SELECT owner FROM fetch_jobs WHERE owner IS NOT NULL UNION"
            " SELECT owner FROM discovery_jobs WHERE owner IS NOT NULL UNION"
            " SELECT owner FROM host_slots WHERE owner IS NOT NULL"
        )
        return [r["owner"] for r in rows]

    def release_jobs(self, owner: str) -> None:
        """Let go of every claim the owner holds; jobs it never finished are due again."""
        with self._write(bump=False) as conn:
            conn.execute(
                "UPDATE fetch_jobs SET state = CASE WHEN state = 'claimed' THEN 'due' ELSE state"
                " END, owner = NULL, lease_expires = NULL WHERE owner = ?",
                (owner,),
            )
            conn.execute(
                "UPDATE discovery_jobs SET owner = NULL, lease_expires = NULL WHERE owner = ?",
                (owner,),
            )
            conn.execute(
                "UPDATE host_slots SET owner = NULL, lease_expires = NULL WHERE owner = ?",
                (owner,),
            )

    # ---- politeness held across runs -----------------------------------------------------

    def take_host_slot(
        self, host: str, slots: int, owner: str, seconds: float, now: float | None = None
    ) -> int | None:
        """Take one of the host's first `slots` request slots for `seconds`: its number, or
        None while live claims hold them all (this run's or others', on any machine).

        One conditional upsert a slot, in ascending order: on PostgreSQL a second run's upsert
        of the same row waits for the first to commit and then finds it live; on SQLite writers
        take turns. Runs with different `per_host` share the low slots, so the host never has
        more requests in flight than the largest limit among them.
        """
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            for slot in range(slots):
                taken = conn.execute(
                    "INSERT INTO host_slots (host, slot, owner, lease_expires) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (host, slot) DO UPDATE SET owner = excluded.owner,"
                    " lease_expires = excluded.lease_expires"
                    " WHERE host_slots.lease_expires IS NULL OR host_slots.lease_expires < ?",
                    (host, slot, owner, now + seconds, now),
                ).rowcount
                if taken == 1:
                    return slot
        return None

    def release_host_slot(self, host: str, slot: int, owner: str) -> None:
        """Give back a slot taken with take_host_slot (a no-op if its lease was taken over)."""
        with self._write(bump=False) as conn:
            conn.execute(
                "UPDATE host_slots SET owner = NULL, lease_expires = NULL"
                " WHERE host = ? AND slot = ? AND owner = ?",
                (host, slot, owner),
            )

    def reserve_host_start(self, host: str, delay: float, now: float | None = None) -> float:
        """When this run's next request to the host may start: now, or `delay` after the
        start another run (or this one) reserved last, whichever is later. The reservation
        and the move of the next start are one statement, so two runs never get one time."""
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            row = conn.execute(
                "INSERT INTO host_pace (host, next_start) VALUES (?, ?)"
                " ON CONFLICT (host) DO UPDATE SET next_start = CASE WHEN"
                " host_pace.next_start > ? THEN host_pace.next_start ELSE ? END + ?"
                " RETURNING next_start",
                (host, now + delay, now, now, delay),
            ).fetchone()
        return float(row[0]) - delay

    def claim_discovery(
        self, event: str, owner: str, seconds: float, now: float | None = None
    ) -> bool:
        """Take the event's discovery when it is due and no live claim holds it.

        One conditional UPDATE: on PostgreSQL a second watcher's UPDATE waits on the row lock
        and then finds it taken; on SQLite writers take turns.
        """
        now = time.time() if now is None else now
        with self._write(bump=False) as conn:
            conn.execute(
                "INSERT INTO discovery_jobs (event, next_due) VALUES (?, ?)"
                " ON CONFLICT (event) DO NOTHING",
                (event, now),
            )
            cursor = conn.execute(
                "UPDATE discovery_jobs SET owner = ?, lease_expires = ? WHERE event = ?"
                " AND next_due <= ? AND (lease_expires IS NULL OR lease_expires < ?)",
                (owner, now + seconds, event, now, now),
            )
            return cursor.rowcount == 1

    def finish_discovery(self, event: str, owner: str, next_due: float) -> None:
        """Let go of the event's discovery claim; it is due again at `next_due`."""
        with self._write(bump=False) as conn:
            conn.execute(
                "UPDATE discovery_jobs SET owner = NULL, lease_expires = NULL, next_due = ?"
                " WHERE event = ? AND owner = ?",
                (next_due, event, owner),
            )

    def jobs(self, event: str) -> list[dict[str, Any]]:
        """The event's fetch jobs, by URL."""
        return self._query(
            "SELECT url, outlet, state, owner, lease_expires, attempts, next_due, reason,"
            " checked_at FROM fetch_jobs WHERE event = ? ORDER BY url",
            (event,),
        )

    def is_linked(self, event: str, url: str) -> bool:
        """Whether the URL is one of the event's articles already."""
        return bool(
            self._query("SELECT 1 FROM event_articles WHERE event = ? AND url = ?", (event, url))
        )

    # ---- analysed tables ------------------------------------------------------------------
    # Derived from the data, not data: saving them does not bump the revision they are keyed
    # on. The statements are kept to these methods so that another SQL backend ports them.

    def save_table(self, key: TablesKey, name: str, parts: Iterable[tuple[int, bytes]]) -> int:
        """Save one analysed table, given as parts of (rows, bytes) in row order, under `key`,
        in one transaction; the event's tables under older keys are pruned. Returns the rows."""
        saved_parts = saved_rows = 0
        with self._write(bump=False) as conn:
            # processes saving the event's tables at once (watchers that analysed the same
            # data) take turns, so neither fails on the parts the other is writing
            self._db.serialise(conn, f"analysed tables of {key.event}")
            # older keys of the event go; a newer revision saved by another process stays
            conn.execute(
                "DELETE FROM analysed_table_parts WHERE event = ? AND revision <= ? AND NOT"
                " (revision = ? AND config = ? AND version = ?)",
                (key.event, key.revision, key.revision, key.config, key.version),
            )
            conn.execute(
                "DELETE FROM analysed_tables WHERE event = ? AND revision <= ? AND NOT"
                " (revision = ? AND config = ? AND version = ?)",
                (key.event, key.revision, key.revision, key.config, key.version),
            )
            conn.execute(
                f"DELETE FROM analysed_table_parts WHERE {_KEY_MATCH} AND name = ?",
                (*key.params(), name),
            )
            for rows, data in parts:
                conn.execute(
                    "INSERT INTO analysed_table_parts (event, revision, config, version,"
                    " include_copies, name, part, rows, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*key.params(), name, saved_parts, rows, data),
                )
                saved_parts += 1
                saved_rows += rows
            # written last, in the same transaction: a listed table has all its parts
            conn.execute(
                "INSERT INTO analysed_tables (event, revision, config, version, include_copies,"
                " name, parts, rows, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (event, revision, config, version, include_copies, name)"
                " DO UPDATE SET parts = excluded.parts, rows = excluded.rows,"
                " saved_at = excluded.saved_at",
                (*key.params(), name, saved_parts, saved_rows, now_iso()),
            )
        return saved_rows

    def _keeps_tables(self) -> bool:
        """False for a store made before tables were stored, opened read-only (so not brought
        up to this schema): it simply has none."""
        if not self.readonly:
            return True
        return bool(self._db.columns("analysed_tables"))

    def load_table(self, key: TablesKey, name: str) -> list[bytes] | None:
        """The parts of one stored table in row order, or None when it is not stored whole
        under `key`."""
        if not self._keeps_tables():
            return None
        listed = self._query(
            f"SELECT parts FROM analysed_tables WHERE {_KEY_MATCH} AND name = ?",
            (*key.params(), name),
        )
        if not listed:
            return None
        rows = self._query(
            f"SELECT part, data FROM analysed_table_parts WHERE {_KEY_MATCH} AND name = ?"
            " ORDER BY part",
            (*key.params(), name),
        )
        if [r["part"] for r in rows] != list(range(listed[0]["parts"])):
            LOGGER.warning("%s: stored table %s of %s lacks parts", self.shown, name, key.event)
            return None
        return [bytes(r["data"]) for r in rows]

    def stored_table_keys(self, event: str) -> list[dict[str, Any]]:
        """Every stored table of the event: its key, name, parts, rows and when it was saved."""
        if not self._keeps_tables():
            return []
        return self._query(
            "SELECT event, revision, config, version, include_copies, name, parts, rows, saved_at"
            " FROM analysed_tables WHERE event = ? ORDER BY revision, include_copies, name",
            (event,),
        )

    def stored_table_names(self, key: TablesKey) -> set[str]:
        """The names of the tables stored whole under `key`."""
        if not self._keeps_tables():
            return set()
        rows = self._query(f"SELECT name FROM analysed_tables WHERE {_KEY_MATCH}", key.params())
        return {r["name"] for r in rows}

    # ---- reading -------------------------------------------------------------------------

    def revision(self) -> int:
        """A number that grows with every write: a cache key for what is computed from it."""
        rows = self._query("SELECT value FROM meta WHERE key = 'revision'")
        return int(rows[0]["value"]) if rows else 0

    def event_revision(self, event: str) -> int:
        """The store revision of the last write that changed this event's data (its articles,
        their documents, its flagged pages, its fetch log): a key for what is computed from
        the event alone, which writes to other events leave as it is. 0 for an event never
        written."""
        if not self._kept_per_event:
            with self._lock:
                self._kept_per_event = bool(self._db.columns("event_revisions"))
            if not self._kept_per_event:  # an older store opened read-only
                return self.revision()
        rows = self._query("SELECT revision FROM event_revisions WHERE event = ?", (event,))
        return int(rows[0]["revision"]) if rows else 0

    def has_document(self, url: str) -> bool:
        return bool(self._query(f"SELECT 1 FROM documents d WHERE url = ? AND {_ARTICLE}", (url,)))

    def document_count(self) -> int:
        return self._query(f"SELECT count(*) AS n FROM documents d WHERE {_ARTICLE}")[0]["n"]

    def documents(self, event: str) -> list[dict[str, Any]]:
        """The event's documents, with the outlet the event assigns them, oldest first."""
        return self._query(
            "SELECT d.url, e.outlet, d.title, d.author, d.published, d.sitename, d.language,"
            " d.text, d.words FROM event_articles e JOIN documents d ON d.url = e.url"
            f" WHERE e.event = ? AND {_ARTICLE} ORDER BY d.published NULLS FIRST, d.url",
            (event,),
        )

    def article_dates(self, event: str) -> list[dict[str, Any]]:
        """url, outlet and publication date of the event's documents, without their text."""
        return self._query(
            "SELECT d.url, e.outlet, d.published FROM event_articles e"
            " JOIN documents d ON d.url = e.url WHERE e.event = ? AND "
            + _ARTICLE
            + " ORDER BY d.published NULLS FIRST, d.url",
            (event,),
        )

    def flagged(self, event: str) -> list[dict[str, Any]]:
        """The event's flagged pages, with their reason, title, words and whether kept."""
        return self._query(
            "SELECT f.url, f.outlet, f.reason, f.detail, f.flagged_at, f.kept_at, d.title,"
            " d.words, d.text FROM flagged f LEFT JOIN documents d ON d.url = f.url"
            " WHERE f.event = ? ORDER BY f.outlet, f.url",
            (event,),
        )

    def kept_urls(self, event: str) -> set[str]:
        """URLs of the event's flagged pages the user took back as articles."""
        rows = self._query(
            "SELECT url FROM flagged WHERE event = ? AND kept_at IS NOT NULL", (event,)
        )
        return {r["url"] for r in rows}

    def fetch_log(self, event: str) -> list[dict[str, Any]]:
        return self._query(
            "SELECT url, outlet, status, reason, detail, http_status, elapsed_ms, fetched_at"
            " FROM fetch_log WHERE event = ? ORDER BY id",
            (event,),
        )

    def page_info(self, url: str) -> dict[str, Any] | None:
        """A stored page's final address (after redirects), status, type, charset, validators."""
        rows = self._query(
            "SELECT url, final_url, http_status, content_type, charset, fetched_at, etag,"
            " last_modified"
            " FROM pages WHERE url = ?",
            (url,),
        )
        return rows[0] if rows else None

    def raw_page(self, url: str) -> bytes | None:
        rows = self._query("SELECT raw FROM pages WHERE url = ?", (url,))
        try:
            return zlib.decompress(rows[0]["raw"]) if rows else None
        except (zlib.error, TypeError) as err:
            raise StoreError(
                f"{self.shown}: the stored page of {url} is damaged ({err}); fetch it again "
                "with `framing fetch EVENT --refresh`"
            ) from None
