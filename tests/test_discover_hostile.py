"""Discovery against hostile sites: odd charsets, bad ports, long Retry-After, escape codes,
and more candidates than anyone can read. One bad site never stops the run."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

import ingest.discover
from dashboard.cli import main
from ingest.config import load_config
from ingest.discover import run_discovery
from ingest.files import import_files
from tests.conftest import LEGIT_TEXT, article_page, write_config
from tests.pageserver import Answer, start_server

RSS_TYPE = {"Content-Type": "application/rss+xml"}


def _rss(host: str, items: list[tuple[str, str, str]], declaration: str = "utf-8") -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>http://{host}/{path}</link>"
        f"<pubDate>{day}</pubDate></item>"
        for path, title, day in items
    )
    text = f'<?xml version="1.0" encoding="{declaration}"?><rss><channel>{entries}</channel></rss>'
    return text.encode("utf-8")


DAY = "Sat, 06 Mar 2021 09:00:00 +0000"

SITES = {
    "good.test": {
        "/feed.xml": Answer(_rss("good.test", [("a", "Marenza strike", DAY)]), 200, RSS_TYPE)
    },
    "idna.test": {
        "/feed.xml": Answer(
            _rss("idna.test", [("a", "Marenza strike, día dos", DAY)]),
            headers={"Content-Type": "application/rss+xml; charset=idna"},
        )
    },
    "undefined.test": {
        "/feed.xml": Answer(
            _rss("undefined.test", [("a", "Marenza dockers", DAY)], declaration="undefined"),
            headers=RSS_TYPE,
        )
    },
    "rot13.test": {
        "/": Answer(
            b'<html><head><meta charset="rot13"><link rel="alternate" '
            b'type="application/rss+xml" href="http://rot13.test:99999/feed.xml"></head></html>',
            headers={"Content-Type": "text/html; charset=rot13"},
        ),
        "/robots.txt": Answer(
            b"Sitemap: http://rot13.test:70000/sitemap.xml\nSitemap: http://[broken/sitemap.xml\n",
            headers={"Content-Type": "text/plain; charset=base64"},
        ),
    },
    "limited.test": {
        "/feed.xml": Answer(b"later", 429, {"Content-Type": "text/plain", "Retry-After": "999999"})
    },
}

OUTLETS = """
[[outlet]]
name = "Good"
domains = ["good.test"]
feeds = ["http://good.test/feed.xml"]

[[outlet]]
name = "Idna"
domains = ["idna.test"]
feeds = ["http://idna.test/feed.xml"]

[[outlet]]
name = "Undefined"
domains = ["undefined.test"]
feeds = ["http://undefined.test/feed.xml"]

[[outlet]]
name = "Rot13"
domains = ["rot13.test"]

[[outlet]]
name = "Limited"
domains = ["limited.test"]
feeds = ["http://limited.test/feed.xml"]
"""
EVENT = """
id = "test-event"
title = "Marenza port strike"
keywords = ["Marenza"]
"""


def _fake_dns(monkeypatch: pytest.MonkeyPatch, ports: dict[str, int]) -> None:
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        # made-up names answer with loopback only: nothing leaves the machine
        if host in ports:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", ports[host]))]
        if str(host).endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    monkeypatch.setattr(ingest.discover, "SITE_SCHEME", "http")


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    servers = {host: start_server(routes) for host, routes in SITES.items()}
    _fake_dns(monkeypatch, {h: s.server_address[1] for h, s in servers.items()})
    settings = "[fetch]\nallow_private_networks = true\ntimeout = 3\nmax_retry_wait = 5\n"
    yield write_config(tmp_path / "config", OUTLETS, EVENT, settings)
    for server in servers.values():
        server.shutdown()
        server.server_close()


def test_odd_charsets_bad_ports_and_rate_limits_fail_one_source_each(hostile):
    config = load_config(hostile)
    started = time.monotonic()
    found = run_discovery(config.event("test-event"), config)
    assert time.monotonic() - started < 10  # the Retry-After of days was not waited for
    outlets = {c.outlet for c in found.candidates}
    assert outlets == {"Good", "Idna", "Undefined"}
    problems = dict(found.problems)
    assert problems["http://rot13.test:99999/feed.xml"].startswith("bad url")
    assert problems["http://rot13.test:70000/sitemap.xml"].startswith("bad url")
    assert problems["http://[broken/sitemap.xml"].startswith("bad url")
    assert problems["http://limited.test/feed.xml"].startswith("rate limited")
    assert "rate limited until" in problems["http://limited.test/feed.xml"]
    assert not any("internal error" in reason for reason in problems.values())
    assert not found.nothing_read


def test_cli_prints_each_problem_once_and_keeps_every_other_outlets_results(
    hostile, tmp_path, capsys
):
    args = ["discover", "test-event", "--config", str(hostile), "--db", str(tmp_path / "d.db")]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.count("http://good.test/a") == 1
    assert "http://idna.test/a" in captured.out and "http://undefined.test/a" in captured.out
    lines = captured.err.splitlines()
    assert sum("rot13.test:99999" in line for line in lines) == 1
    assert sum("limited.test/feed.xml" in line for line in lines) == 1
    assert all(line.startswith("skipped http") for line in lines), lines


def test_cli_fails_in_one_line_when_nothing_could_be_read(monkeypatch, tmp_path, capsys):
    outlets = 'name = "Gone"\ndomains = ["gone.test"]\nfeeds = ["http://gone.test/feed.xml"]\n'
    root = write_config(tmp_path / "config", "[[outlet]]\n" + outlets, EVENT)
    _fake_dns(monkeypatch, {})
    args = ["discover", "test-event", "--config", str(root), "--db", str(tmp_path / "d.db")]
    assert main(args) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("framing: nothing could be read for 'test-event'")
    assert sum("http://gone.test/feed.xml" in line for line in err) == 1


def test_terminal_output_carries_no_control_characters(monkeypatch, tmp_path, capsys):
    host = "esc.test"
    title = "Marenza \u009b31m red \u202eevil\u202c strike"
    server = start_server(
        {
            "/sitemap.xml": Answer(b"", 404),
            "/feed.xml": Answer(_rss(host, [("story", title, DAY)]), headers=RSS_TYPE),
        }
    )
    try:
        _fake_dns(monkeypatch, {host: server.server_address[1]})
        outlets = f'[[outlet]]\nname = "Esc"\ndomains = ["{host}"]\n'
        # a feed address with an escape sequence in it: printed when it fails
        outlets += f'feeds = ["http://{host}/feed.xml", "http://{host}/x\\u001b]0;owned\\u0007"]\n'
        settings = "[fetch]\nallow_private_networks = true\n"
        root = write_config(tmp_path / "config", outlets, EVENT, settings)
        args = ["discover", "test-event", "--config", str(root), "--db", str(tmp_path / "d")]
        assert main(args) == 0
        captured = capsys.readouterr()
    finally:
        server.shutdown()
        server.server_close()
    printed = captured.out + captured.err
    assert "Marenza" in captured.out and "red" in captured.out
    for control in ("\x1b", "\x9b", "\u202e", "\x07"):
        assert control not in printed


def test_candidates_are_capped_per_source_and_per_run_and_the_output_says_so(
    monkeypatch, tmp_path, capsys
):
    host = "many.test"
    items = [
        (f"2021/03/{1 + i % 20:02d}/marenza-{i}", f"Marenza item {i}", f"{1 + i % 20:02d} Mar 2021")
        for i in range(30)
    ]
    feed = _rss(host, [(p, t, f"Mon, {d} 09:00:00 +0000") for p, t, d in items])
    server = start_server({"/feed.xml": Answer(feed, headers=RSS_TYPE)})
    try:
        _fake_dns(monkeypatch, {host: server.server_address[1]})
        outlets = f'[[outlet]]\nname = "Many"\ndomains = ["{host}"]\n'
        outlets += f'feeds = ["http://{host}/feed.xml"]\n'
        settings = "[fetch]\nallow_private_networks = true\nmax_candidates_per_source = 12\n"
        root = write_config(tmp_path / "config", outlets, EVENT, settings)
        config = load_config(root)
        found = run_discovery(config.event("test-event"), config)
        assert len(found.candidates) == 12
        assert found.candidates[0].published == "2021-03-20"  # the newest are kept
        assert any("max_candidates_per_source" in note for note in found.notes)

        (root / "settings.toml").write_text(settings + "max_candidates = 5\n")
        args = ["discover", "test-event", "--config", str(root), "--db", str(tmp_path / "d")]
        assert main(args) == 0
        out = capsys.readouterr().out
    finally:
        server.shutdown()
        server.server_close()
    assert "limit reached" in out and "(max_candidates)" in out
    assert out.count(f"http://{host}/2021/") == 5


def test_import_goes_on_past_a_page_declaring_base64(tmp_path, store):
    from ingest.config import Event

    odd = tmp_path / "odd.html"
    odd.write_bytes(
        article_page("Odd", LEGIT_TEXT).replace('charset="utf-8"', 'charset="base64"').encode()
    )
    good = tmp_path / "good.html"
    good.write_bytes(article_page("Good", LEGIT_TEXT).encode())
    event = Event(id="e", title="t", path=tmp_path / "e.toml")
    summary = import_files(event, [odd, good], "Outlet", store)
    assert summary.counts["fetched"] == 2
    titles = {d["title"] for d in store.documents("e")}
    assert titles == {"Odd", "Good"}
