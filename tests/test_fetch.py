"""Fetching with trafilatura against local servers: good pages and every kind of failure."""

from __future__ import annotations

import socket

import pytest

from ingest.config import Event, FetchSettings
from ingest.fetch import fetch_urls
from tests.conftest import LEGIT_TEXT, article_page
from tests.pageserver import Answer

# no retries: a timeout test then waits for one timeout, not for trafilatura's backoff
LOCAL = FetchSettings(timeout=2, allow_private_networks=True, max_redirects=0, delay=0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _by_url(store, event="e"):
    return {row["url"]: row for row in store.fetch_log(event)}


def test_good_page_is_extracted_without_boilerplate_or_comments(serve, store):
    page = article_page(
        "Russia backs Caracas",
        LEGIT_TEXT,
        comments=["COMMENTER: this is all propaganda, wake up people"],
    )
    base = serve({"/a": Answer(page.encode())})
    summary = fetch_urls("e", [(f"{base}/a", "Outlet A")], LOCAL, store)

    assert summary.counts["fetched"] == 1
    (doc,) = store.documents("e")
    assert doc["title"] == "Russia backs Caracas"
    assert doc["author"] == "Ana Reporter"
    assert doc["published"] == "2019-05-02"
    assert doc["language"] == "en"
    assert doc["outlet"] == "Outlet A"
    assert "legitimately elected" in doc["text"]
    assert "COMMENTER" not in doc["text"]
    assert "Markets rally" not in doc["text"] and "Copyright" not in doc["text"]
    assert store.raw_page(f"{base}/a") == page.encode()
    (log,) = store.fetch_log("e")
    assert (log["status"], log["reason"], log["http_status"]) == ("fetched", "ok", 200)
    assert log["elapsed_ms"] > 0


def test_windows_1252_page_with_charset_only_in_header_is_decoded(serve, store):
    page = article_page(
        "Caracas: café y crisis",
        [p + " Señal de crisis, pequeño café." for p in LEGIT_TEXT],
        charset=None,
    )
    base = serve(
        {
            "/w": Answer(
                page.encode("cp1252"), headers={"Content-Type": "text/html; charset=windows-1252"}
            )
        }
    )
    fetch_urls("e", [(f"{base}/w", "Outlet A")], LOCAL, store)
    (doc,) = store.documents("e")
    assert "café" in doc["title"]
    assert "Señal de crisis, pequeño café." in doc["text"]


def test_failures_are_logged_with_reasons_and_never_stop_the_batch(serve, store):
    good = article_page("Good", LEGIT_TEXT).encode()
    base = serve(
        {
            "/good": Answer(good),
            "/pdf": Answer(b"%PDF-1.4 fake", headers={"Content-Type": "application/pdf"}),
            "/empty": Answer(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
            "/slow": Answer(good, delay=4),
        }
    )
    refused = f"http://127.0.0.1:{_free_port()}/gone"
    items = [
        (f"{base}/good", "A"),
        (f"{base}/missing", "A"),
        (f"{base}/pdf", "A"),
        (f"{base}/empty", "A"),
        (refused, "B"),
        (f"{base}/slow", "A"),
        ("http://no-such-host.invalid/x", "C"),
    ]
    summary = fetch_urls("e", items, LOCAL, store)

    reasons = {url: row["reason"] for url, row in _by_url(store).items()}
    assert reasons == {
        f"{base}/good": "ok",
        f"{base}/missing": "http 404",
        f"{base}/pdf": "not html",
        f"{base}/empty": "no article",
        refused: "connection refused",
        f"{base}/slow": "timeout",
        "http://no-such-host.invalid/x": "unreachable host",
    }
    assert summary.counts == {"fetched": 1, "failed": 6}
    assert "failed 6" in summary.line() and "http 404: 1" in summary.line()
    assert [d["url"] for d in store.documents("e")] == [f"{base}/good"]
    # the page without an article is kept raw, so it can be extracted again later
    assert store.raw_page(f"{base}/empty") is not None


def test_private_addresses_are_refused_unless_allowed(serve, store):
    base = serve({"/a": Answer(article_page("A", LEGIT_TEXT).encode())})
    summary = fetch_urls("e", [(f"{base}/a", "A")], FetchSettings(timeout=2), store)
    (row,) = store.fetch_log("e")
    assert row["reason"] == "private address"
    assert "FRAMING_ALLOW_PRIVATE_NETWORKS" in row["detail"]
    assert summary.nothing_fetched


def test_oversized_page_is_refused(serve, store):
    big = article_page("Big", LEGIT_TEXT * 200).encode()
    base = serve({"/big": Answer(big)})
    settings = FetchSettings(timeout=2, allow_private_networks=True, max_bytes=10_000)
    fetch_urls("e", [(f"{base}/big", "A")], settings, store)
    assert store.fetch_log("e")[0]["reason"] == "too large"


def test_rerun_skips_stored_pages_unless_refreshed(serve, store):
    base = serve({"/a": Answer(article_page("A", LEGIT_TEXT).encode())})
    items = [(f"{base}/a", "A")]
    fetch_urls("e", items, LOCAL, store)
    again = fetch_urls("e", items, LOCAL, store)
    assert again.counts == {"skipped": 1} and not again.nothing_fetched
    refreshed = fetch_urls("e", items, LOCAL, store, refresh=True)
    assert refreshed.counts == {"fetched": 1}
    assert len(store.documents("e")) == 1
    assert [r["status"] for r in store.fetch_log("e")] == ["fetched", "skipped", "fetched"]


def test_per_host_limit_is_respected(store):
    from tests.pageserver import start_server

    page = article_page("A", LEGIT_TEXT).encode()
    servers = [
        start_server({f"/{i}": Answer(page, delay=0.2) for i in range(6)}, host)
        for host in ("127.0.0.1", "127.0.0.2")
    ]
    try:
        items = [
            (f"http://{s.server_address[0]}:{s.server_address[1]}/{i}", "A")
            for s in servers
            for i in range(6)
        ]
        settings = FetchSettings(
            timeout=5, allow_private_networks=True, per_host=2, workers=8, delay=0
        )
        summary = fetch_urls("e", items, settings, store)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert summary.counts["fetched"] == 12
    # both hosts were busy at their limit at once, and never past it
    assert [s.peak for s in servers] == [2, 2]


@pytest.mark.parametrize(
    "raw,header,expected",
    [
        ("<meta charset='utf-8'>é".encode(), "text/html; charset=iso-8859-1", "é"),
        ("é".encode("cp1252"), "text/html; charset=ISO-8859-1", "é"),
        ("é€".encode(), "text/html", "é€"),
        ("é€".encode("cp1252"), "text/html", "é€"),
    ],
)
def test_charset_order(raw, header, expected):
    from ingest.extract import decode_html

    assert decode_html(raw, header)[0].endswith(expected)


def test_event_fetch_links_documents_to_event(serve, store):
    from ingest.config import Coverage
    from ingest.fetch import fetch_event

    base = serve({"/a": Answer(article_page("A", LEGIT_TEXT).encode())})
    event = Event(id="e2", title="t", path=None, coverage=(Coverage(f"{base}/a", "A"),))
    fetch_event(event, LOCAL, store)
    assert [d["url"] for d in store.documents("e2")] == [f"{base}/a"]


def test_front_pages_and_paywall_teasers_are_flagged_not_stored(serve, store):
    teaser = article_page("Locked", LEGIT_TEXT[:2]).replace(
        "</article>", '<div class="paywall">Subscribe to continue reading</div></article>'
    )
    base = serve(
        {
            "/": Answer(article_page("Front", LEGIT_TEXT * 2).encode()),
            "/2019/locked": Answer(teaser.encode()),
        }
    )
    fetch_urls("e", [(f"{base}/", "A"), (f"{base}/2019/locked", "A")], LOCAL, store)
    reasons = {row["url"]: (row["reason"], row["detail"]) for row in store.fetch_log("e")}
    assert reasons[f"{base}/"][0] == "not an article"
    assert "front page" in reasons[f"{base}/"][1]
    assert reasons[f"{base}/2019/locked"][0] == "paywall teaser"
    assert store.documents("e") == []
    assert store.raw_page(f"{base}/2019/locked") is not None


def test_robots_txt_is_honoured_and_read_once_per_site(serve, store):
    page = article_page("A", LEGIT_TEXT).encode()
    robots = b"User-agent: *\nDisallow: /private/\n"
    base = serve(
        {
            "/robots.txt": Answer(robots, headers={"Content-Type": "text/plain"}),
            "/news/a": Answer(page),
            "/news/b": Answer(page),
            "/private/c": Answer(page),
        }
    )
    items = [(f"{base}/news/a", "A"), (f"{base}/news/b", "A"), (f"{base}/private/c", "A")]
    fetch_urls("e", items, LOCAL, store)
    reasons = {row["url"]: row["reason"] for row in store.fetch_log("e")}
    assert reasons == {
        f"{base}/news/a": "ok",
        f"{base}/news/b": "ok",
        f"{base}/private/c": "robots.txt",
    }
    ignoring = FetchSettings(timeout=2, allow_private_networks=True, delay=0, respect_robots=False)
    fetch_urls("e", [(f"{base}/private/c", "A")], ignoring, store)
    assert store.fetch_log("e")[-1]["reason"] == "ok"


def test_requests_to_one_host_are_spaced_by_the_delay(store):
    from ingest.politeness import SharedHostGate

    gate = SharedHostGate(store, "h", per_host=4, delay=0.2, owner="run", lease=60)
    starts = []
    import threading
    import time

    def hit():
        with gate:
            starts.append(time.monotonic())

    threads = [threading.Thread(target=hit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gaps = [b - a for a, b in zip(sorted(starts), sorted(starts)[1:], strict=False)]
    assert all(gap >= 0.19 for gap in gaps)


def test_user_agent_carries_the_contact():
    settings = FetchSettings(user_agent="framing-dashboard/0.1", contact="desk@example.org")
    assert settings.identity == "framing-dashboard/0.1 contact: desk@example.org"


def test_redirect_loops_and_endless_bodies_fail_with_their_reasons(serve, store):
    chunk = b"<p>" + b"endless words " * 4000 + b"</p>"
    base = serve(
        {
            "/loop": Answer(b"", 302, {"Location": "/loop", "Content-Type": "text/html"}),
            "/moved": Answer(b"", 301, {"Location": "/final", "Content-Type": "text/html"}),
            "/final": Answer(article_page("Final", LEGIT_TEXT).encode()),
            "/endless": Answer(chunk, endless=200_000_000),
        }
    )
    settings = FetchSettings(
        timeout=5, allow_private_networks=True, max_redirects=2, delay=0, max_bytes=1_000_000
    )
    items = [(f"{base}/loop", "A"), (f"{base}/moved", "A"), (f"{base}/endless", "A")]
    fetch_urls("e", items, settings, store)
    reasons = {row["url"]: row["reason"] for row in store.fetch_log("e")}
    assert reasons == {
        f"{base}/loop": "too many redirects",
        f"{base}/moved": "ok",
        f"{base}/endless": "too large",
    }
    # the redirect was followed and its final address recorded with the page
    final = store.page_info(f"{base}/moved")["final_url"]
    assert final == f"{base}/final"


def test_busy_servers_are_retried_after_the_time_they_ask_for(serve, store):
    import time

    page = article_page("Later", LEGIT_TEXT).encode()
    busy = Answer(b"busy", 503, {"Content-Type": "text/plain", "Retry-After": "1"})
    limited = Answer(b"slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"})
    base = serve(
        {
            "/busy": Answer(page, first=[busy]),
            "/limited": Answer(page, first=[limited]),
            "/down": Answer(b"down", 503, {"Content-Type": "text/plain", "Retry-After": "1"}),
        }
    )
    settings = FetchSettings(timeout=5, allow_private_networks=True, max_redirects=2, delay=0)
    started = time.monotonic()
    fetch_urls(
        "e",
        [(f"{base}/busy", "A"), (f"{base}/limited", "A"), (f"{base}/down", "A")],
        settings,
        store,
    )
    reasons = {row["url"]: row["reason"] for row in store.fetch_log("e")}
    assert reasons[f"{base}/busy"] == reasons[f"{base}/limited"] == "ok"
    # retries are bounded: a server that stays down fails, after waiting as asked
    assert reasons[f"{base}/down"] in {"http 503", "server error"}
    assert time.monotonic() - started >= 1


def test_two_addresses_of_one_article_are_stored_once(serve, store):
    page = article_page("Once", LEGIT_TEXT).replace(
        "<title>", '<link rel="canonical" href="/2019/once#top"><title>'
    )
    base = serve(
        {"/2019/once": Answer(page.encode()), "/2019/once?utm_source=feed": Answer(page.encode())}
    )
    items = [(f"{base}/2019/once", "A")]
    fetch_urls("e", items, LOCAL, store)
    fetch_urls("e", [(f"{base}/2019/once?utm_source=feed", "A")], LOCAL, store)
    assert [d["url"] for d in store.documents("e")] == [f"{base}/2019/once"]
    last = store.fetch_log("e")[-1]
    assert (last["status"], last["reason"]) == ("skipped", "same canonical")
    assert f"{base}/2019/once" in last["detail"]


def test_an_old_store_gains_new_columns_and_keeps_its_data(tmp_path):
    import sqlite3

    from ingest.store import Store

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the first version's documents table
        conn.execute(
            "CREATE TABLE documents (url TEXT PRIMARY KEY, outlet TEXT NOT NULL, title TEXT,"
            " author TEXT, published TEXT, sitename TEXT, language TEXT, text TEXT NOT NULL,"
            " words INTEGER NOT NULL, extracted_at TEXT NOT NULL)"
        )
        conn.execute("INSERT INTO documents VALUES ('u', 'A', 't', '', '', '', 'en', 'x', 1, 'n')")
        conn.execute(
            "CREATE TABLE event_articles (event TEXT, url TEXT, outlet TEXT,"
            " PRIMARY KEY (event, url))"
        )
        conn.execute("INSERT INTO event_articles VALUES ('e', 'u', 'A')")
    with Store(path) as opened:
        assert [d["url"] for d in opened.documents("e")] == ["u"]
        assert opened.url_of_canonical("https://nowhere.example/") is None


def test_a_redirect_to_a_private_address_is_refused(serve, store, monkeypatch):
    """Here 127.0.0.2 plays a public site and 127.0.0.1 the private network behind it."""
    from ingest import http

    def public(address: str) -> bool:
        return address == "127.0.0.2"

    monkeypatch.setattr(http, "is_public", public)
    inside = serve({"/admin": Answer(article_page("Secret", LEGIT_TEXT).encode())})
    outside = serve(
        {"/story": Answer(b"", 302, {"Location": f"{inside}/admin", "Content-Type": "text/html"})},
        host="127.0.0.2",
    )
    settings = FetchSettings(timeout=2, delay=0, max_redirects=2)  # private networks refused
    fetch_urls("e", [(f"{outside}/story", "A")], settings, store)
    (row,) = store.fetch_log("e")
    assert row["reason"] == "private address"
    assert store.documents("e") == []


def test_refresh_asks_conditionally_and_keeps_a_current_copy(serve, store):
    page = article_page("Tagged", LEGIT_TEXT).encode()
    routes = {"/tagged": Answer(page, headers={"Content-Type": "text/html", "ETag": '"v1"'})}
    base = serve(routes)
    items = [(f"{base}/tagged", "A")]
    fetch_urls("e", items, LOCAL, store)
    assert store.page_info(f"{base}/tagged")["etag"] == '"v1"'

    again = fetch_urls("e", items, LOCAL, store, refresh=True)
    assert again.counts == {"skipped": 1}
    assert store.fetch_log("e")[-1]["reason"] == "not modified"

    # the page changed: its new version replaces the stored one
    routes["/tagged"] = Answer(
        article_page("Tagged, updated", LEGIT_TEXT).encode(),
        headers={"Content-Type": "text/html", "ETag": '"v2"'},
    )
    fetch_urls("e", items, LOCAL, store, refresh=True)
    assert store.documents("e")[0]["title"] == "Tagged, updated"
    assert store.page_info(f"{base}/tagged")["etag"] == '"v2"'


def test_resets_and_compression_bombs_fail_with_their_reasons(serve, store):
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * 50_000_000 + b"</p>", 9)
    base = serve(
        {
            "/reset": Answer(reset=True),
            "/bomb": Answer(
                bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
            ),
        }
    )
    settings = FetchSettings(
        timeout=3, allow_private_networks=True, max_redirects=0, delay=0, max_bytes=1_000_000
    )
    fetch_urls("e", [(f"{base}/reset", "A"), (f"{base}/bomb", "A")], settings, store)
    reasons = {row["url"]: row["reason"] for row in store.fetch_log("e")}
    assert reasons == {f"{base}/reset": "connection reset", f"{base}/bomb": "too large"}
    assert len(bomb) < 100_000  # the cap held after decompression, not on the wire


@pytest.mark.parametrize(
    "label",
    ["idna", "rot13", "base64", "undefined", "punycode", "zlib", "hex", "bogus", "x" * 300, ""],
)
def test_decoding_never_raises_on_a_charset_label(label):
    from ingest.extract import decode_html

    raw = f'<meta charset="{label}"><p>café crème</p>'.encode()
    for content_type in (f"text/html; charset={label}", "text/html"):
        text, charset = decode_html(raw, content_type)
        assert "café crème" in text and charset == "utf-8"
    # not UTF-8: the fallback reads every byte
    assert decode_html("é".encode("cp1252"), f"text/html; charset={label}")[0] == "é"
