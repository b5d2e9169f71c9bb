"""A throw-away PostgreSQL cluster for the tests: one per test session, on a Unix socket in a
temporary folder, never on a TCP port, stopped by the test session through its own process id.

Tests that need PostgreSQL take the `postgres_url` fixture (a fresh, empty database each time)
and skip with a one-line reason where the server binaries or psycopg are not installed, so the
README's test command still passes on a bare machine. As root (CI, the project's machines) the
cluster runs as the `postgres` user through `runuser`, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PORT = 5432  # only names the socket file (.s.PGSQL.5432) inside our own folder


def _binaries() -> Path | None:
    """The folder holding initdb and postgres: PATH first, then Debian's versioned folders."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@dataclass(frozen=True)
class Cluster:
    socket_dir: Path
    pid: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@/{database}?host={self.socket_dir}&port={PORT}"


def _wait_ready(url: str, proc: subprocess.Popen, log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"PostgreSQL exited at start: {log.read_text(errors='replace')}")
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _stop(pid: int, proc: subprocess.Popen) -> None:
    # SIGINT is PostgreSQL's "fast" shutdown: sessions are ended, the cluster exits cleanly.
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[test]'")
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: PostgreSQL cannot be started")
    root = Path(tempfile.mkdtemp(prefix="framing-pg-"))
    data, sockets, log = root / "data", root / "sock", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    try:
        subprocess.run(
            _as_server_user(
                [
                    *(str(binaries / "initdb"), "-D", str(data), "-U", "postgres"),
                    *("--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                ]
            ),
            check=True,
            capture_output=True,
        )
        proc = subprocess.Popen(
            _as_server_user(
                [
                    *(str(binaries / "postgres"), "-D", str(data), "-k", str(sockets)),
                    *("-p", str(PORT), "-c", "listen_addresses=", "-c", "fsync=off"),
                    *("-c", "max_connections=200", "-c", "full_page_writes=off"),
                ]
            ),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        cluster = Cluster(sockets, proc.pid)
        _wait_ready(cluster.url(), proc, log)
        # runuser forks: the server's own id is the one in its pid file.
        pid = int((data / "postmaster.pid").read_text().split()[0])
        cluster = Cluster(sockets, pid)
        yield cluster
        _stop(pid, proc)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """The address of a new, empty database, dropped after the test."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_cluster.url(name)
    with psycopg.connect(postgres_cluster.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
