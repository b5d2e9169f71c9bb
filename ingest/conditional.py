"""Conditional requests for pages fetched before: If-None-Match and If-Modified-Since.

trafilatura's downloader sends no request headers of ours, so re-fetching a stored page goes
through this small urllib3 client instead. It keeps the same guards: every connection's peer
address is checked after connecting (which also covers redirects and DNS rebinding), the
body is read in chunks and abandoned past the size cap, after decompression, and 429 and 503
answers are retried after their Retry-After a bounded number of times.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

import urllib3


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return (getattr(ip, "ipv4_mapped", None) or ip).is_global


class _GuardedHTTPConnection(urllib3.connection.HTTPConnection):
    allow_private = False

    def _new_conn(self):
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if not self.allow_private and not _public(peer):
            sock.close()
            raise urllib3.exceptions.NewConnectionError(
                self, f"SSRF protection: {peer} is a private or loopback address"
            )
        return sock


class _GuardedHTTPSConnection(_GuardedHTTPConnection, urllib3.connection.HTTPSConnection):
    pass


@lru_cache(maxsize=2)
def _pool(allow_private: bool) -> urllib3.PoolManager:
    connection = type("Conn", (_GuardedHTTPConnection,), {"allow_private": allow_private})
    secure = type("SecureConn", (_GuardedHTTPSConnection,), {"allow_private": allow_private})
    manager = urllib3.PoolManager(num_pools=50)
    manager.pool_classes_by_scheme = {
        "http": type("Pool", (urllib3.HTTPConnectionPool,), {"ConnectionCls": connection}),
        "https": type("SecurePool", (urllib3.HTTPSConnectionPool,), {"ConnectionCls": secure}),
    }
    return manager


@dataclass(frozen=True)
class Answer:
    status: int
    url: str
    headers: dict[str, str]
    body: bytes


class TooLarge(Exception):
    """The body passed the size cap."""


def conditional_get(
    url: str,
    *,
    etag: str,
    last_modified: str,
    user_agent: str,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    allow_private: bool,
) -> Answer:
    """GET with the stored validators; a 304 answer has an empty body. Raises urllib3's errors."""
    headers = {"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    retries = urllib3.Retry(
        total=max_redirects + 2,
        redirect=max_redirects,
        connect=0,
        status=2,
        status_forcelist=(429, 503),
        backoff_factor=0.5,
        respect_retry_after_header=True,
    )
    response = _pool(allow_private).request(
        "GET", url, headers=headers, retries=retries, timeout=timeout, preload_content=False
    )
    try:
        body = bytearray()
        if response.status != 304:
            for chunk in response.stream(2**16, decode_content=True):
                body += chunk
                if len(body) > max_bytes:
                    raise TooLarge(f"more than {max_bytes} bytes")
        return Answer(
            response.status,
            response.geturl() or url,
            {k.lower(): v for k, v in response.headers.items()},
            bytes(body),
        )
    finally:
        response.release_conn()
