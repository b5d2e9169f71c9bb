"""A small HTTP server for tests: serves canned answers on one or more loopback addresses.

Used in-process (start_server) or as a subprocess (python tests/pageserver.py), so a test can
stop a server it started by its own process id.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    delay: float = 0.0
    # an endless body: `body` repeated with no Content-Length, up to this many bytes
    endless: int = 0
    # hang up without answering (a connection reset)
    reset: bool = False
    # answers given once each, in order, before this one (a 503 then a 200, say)
    first: list[Answer] = field(default_factory=list)
    # seconds between bytes: the whole answer, status line included, sent one byte at a time
    trickle: float = 0.0


class CountingServer(ThreadingHTTPServer):
    """Keeps the highest number of requests it was answering at once (`peak`)."""

    daemon_threads = True

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.active = self.peak = 0
        self.conditional = 0  # requests that carried If-None-Match
        self.since = 0  # requests that carried If-Modified-Since
        self.hits: Counter[str] = Counter()  # requests per path
        self.not_modified = 0  # 304 answers given
        # requests per path being answered now, and the most there ever were at once
        self.active_by_path: Counter[str] = Counter()
        self.peak_by_path: Counter[str] = Counter()
        self.starts: list[float] = []  # time.monotonic() as each request came in
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Answer]] = {}
    server: CountingServer

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.active += 1
            self.server.starts.append(time.monotonic())
            self.server.peak = max(self.server.peak, self.server.active)
            self.server.conditional += bool(self.headers.get("If-None-Match"))
            self.server.since += bool(self.headers.get("If-Modified-Since"))
            self.server.hits[self.path] += 1
            self.server.active_by_path[self.path] += 1
            self.server.peak_by_path[self.path] = max(
                self.server.peak_by_path[self.path], self.server.active_by_path[self.path]
            )
        self._counted = True
        try:
            self._answer()
        finally:
            self._release()

    def _release(self) -> None:
        # a request counts until its answer starts: the client may send its next request the
        # moment the body arrives, before this thread has finished closing up
        if self._counted:
            self._counted = False
            with self.server.lock:
                self.server.active -= 1
                self.server.active_by_path[self.path] -= 1

    def _answer(self) -> None:
        answer = self.routes.get(self.path) or Answer(
            b"not found", 404, {"Content-Type": "text/plain"}
        )
        with self.server.lock:
            if answer.first:
                answer = answer.first.pop(0)
        if answer.delay:
            time.sleep(answer.delay)
        if answer.reset:
            self._release()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        etag = answer.headers.get("ETag")
        modified = answer.headers.get("Last-Modified")
        if etag and self.headers.get("If-None-Match") == etag:
            answer = Answer(b"", 304, {"ETag": etag})
        elif modified and not etag and self.headers.get("If-Modified-Since") == modified:
            answer = Answer(b"", 304, {"Last-Modified": modified})
        if answer.status == 304:
            with self.server.lock:
                self.server.not_modified += 1
        self._release()
        if answer.trickle:
            self._trickle(answer)
            return
        try:
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            if answer.endless:
                self.end_headers()
                sent = 0
                while sent < answer.endless:  # bounded: a test must stop by itself
                    self.wfile.write(answer.body)
                    sent += len(answer.body)
                return
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to answer

    def _trickle(self, answer: Answer) -> None:
        head = f"HTTP/1.1 {answer.status} OK\r\n" + "".join(
            f"{key}: {value}\r\n" for key, value in answer.headers.items()
        )
        raw = (head + f"Content-Length: {len(answer.body)}\r\n\r\n").encode() + answer.body
        self.close_connection = True
        try:
            for i in range(len(raw)):
                self.wfile.write(raw[i : i + 1])
                self.wfile.flush()
                time.sleep(answer.trickle)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up: that is what the test wants to see

    def log_message(self, *args: object) -> None:
        pass


def start_server(routes: dict[str, Answer], host: str = "127.0.0.1") -> CountingServer:
    """Serve routes on host and a free port in a daemon thread; call .shutdown() to stop."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = CountingServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _routes_from_dir(root: Path) -> dict[str, Answer]:
    """Every file under root at its path; a routes.json there adds statuses and headers."""
    routes = {
        "/" + p.relative_to(root).as_posix(): Answer(
            p.read_bytes(),
            headers={"Content-Type": mimetypes.guess_type(p.name)[0] or "text/html"},
        )
        for p in root.rglob("*")
        if p.is_file() and p.name != "routes.json"
    }
    special = root / "routes.json"
    if special.exists():
        for path, spec in json.loads(special.read_text()).items():
            routes[path] = Answer(
                spec.get("body", "").encode(),
                spec.get("status", 200),
                spec.get("headers", {"Content-Type": "text/html"}),
            )
    return routes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True, type=Path)
    parser.add_argument("--hosts", default="127.0.0.1")
    parser.add_argument("--port-file", required=True, type=Path)
    args = parser.parse_args()
    routes = _routes_from_dir(args.root)
    servers = [start_server(routes, host) for host in args.hosts.split(",")]
    ports = {f"{s.server_address[0]}": s.server_address[1] for s in servers}
    args.port_file.write_text(json.dumps(ports))
    threading.Event().wait()


if __name__ == "__main__":
    main()
