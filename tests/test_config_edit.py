"""Writing outlets and article URLs into config files: comments kept, mistakes refused in one
line, and a failed write leaves the file as it was."""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.config_edit import LOCK_NAME, add_article_urls, add_outlet, append_urls, config_lock
from ingest.errors import ConfigError, InputError
from tests.conftest import REPO, write_config

EVENT = "venezuela-2019"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the shipped config, with its comments, to write to."""
    copy = tmp_path / "config"
    shutil.copytree(REPO / "config", copy)
    return copy


def _files(root: Path) -> dict[Path, bytes]:
    """Every config file's bytes (the lock file writers share is not config)."""
    return {
        p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != LOCK_NAME
    }


def test_add_outlet_appends_a_table_and_keeps_every_byte_before_it(root):
    before = (root / "outlets.toml").read_bytes()
    path = add_outlet(
        load_config(root),
        " Loopback Courier ",
        ["www.Courier.test.", "courier.test", "courier-news.test"],
        group="Test press",
        country="us",
        feeds=["https://courier.test/rss.xml"],
    )
    assert path == root / "outlets.toml"
    after = path.read_bytes()
    assert after[: len(before)] == before
    assert after[len(before) :].decode() == (
        '\n[[outlet]]\nname = "Loopback Courier"\ndomains = ["courier.test", "courier-news.test"]\n'
        'group = "Test press"\ncountry = "US"\nfeeds = ["https://courier.test/rss.xml"]\n'
    )
    outlet = load_config(root).outlet("Loopback Courier")
    assert outlet.domains == ("courier.test", "courier-news.test")
    assert outlet.group == "Test press" and outlet.country == "US"
    assert outlet.feeds == ("https://courier.test/rss.xml",)


def test_add_outlet_to_a_file_without_outlets(tmp_path):
    root = write_config(
        tmp_path, "# no outlets yet\n", 'id = "test-event"\ntitle = "Test"\n# urls later\n'
    )
    add_outlet(load_config(root), "First", ["first.test"])
    text = (root / "outlets.toml").read_text(encoding="utf-8")
    assert text == '# no outlets yet\n\n[[outlet]]\nname = "First"\ndomains = ["first.test"]\n'
    assert [o.name for o in load_config(root).outlets] == ["First"]


def test_crlf_file_keeps_its_line_endings(tmp_path):
    outlets = '# kept\r\n[[outlet]]\r\nname = "A"\r\ndomains = ["a.test"]\r\n'
    root = write_config(tmp_path, "", 'id = "test-event"\ntitle = "Test"\n')
    (root / "outlets.toml").write_bytes(outlets.encode())
    add_outlet(load_config(root), "B", ["b.test"])
    assert (root / "outlets.toml").read_bytes().startswith(outlets.encode())
    assert [o.name for o in load_config(root).outlets] == ["A", "B"]


@pytest.mark.parametrize(
    ("name", "domains", "country", "message"),
    [
        ("Harbor Daily Ledger", ["new.test"], "", "an outlet named 'Harbor Daily Ledger' is"),
        ("HARBOR daily ledger", ["new.test"], "", "an outlet named 'Harbor Daily Ledger' is"),
        ("New", ["WWW.harborledger.example"], "", "already belongs to outlet 'Harbor Daily"),
        ("New", ["news.harborledger.example"], "", "inside 'harborledger.example' of outlet"),
        ("New", ["new.test:8080"], "", "domain 'new.test:8080' is not a bare host name"),
        ("New", ["https://new.test/"], "", "domain 'https://new.test/' is not a bare host"),
        ("New", ["new test"], "", "domain 'new test' is not a bare host name"),
        ("New", ["", " "], "", "outlet 'New' has no domain"),
        ("  ", ["new.test"], "", "the outlet has no name"),
        ("New", ["new.test"], "Spain", "country 'SPAIN' must be a two-letter code"),
    ],
)
def test_outlet_mistakes_are_refused_in_one_line(root, name, domains, country, message):
    before = _files(root)
    with pytest.raises(InputError) as caught:
        add_outlet(load_config(root), name, domains, country=country)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _files(root) == before


def test_a_bad_feed_is_refused(root):
    with pytest.raises(InputError, match=re.escape("feed 'ftp://new.test/rss' is not an http")):
        add_outlet(load_config(root), "New", ["new.test"], feeds=["ftp://new.test/rss"])


def test_duplicates_are_checked_against_the_file_not_a_stale_config(root):
    stale = load_config(root)
    add_outlet(stale, "First", ["first.test"])
    taken = re.escape("domain 'first.test' already belongs to outlet 'First'")
    with pytest.raises(InputError, match=taken):
        add_outlet(stale, "Second", ["first.test"])


def test_a_failed_write_leaves_the_file_whole_and_no_temporary_file(root, monkeypatch):
    before = _files(root)

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match=r"outlets.toml: cannot write the outlets file \(No space"):
        add_outlet(load_config(root), "New", ["new.test"])
    assert _files(root) == before  # no half-written file, no temporary file left beside it


def test_the_file_keeps_its_permissions(root):
    path = root / "outlets.toml"
    path.chmod(0o640)
    add_outlet(load_config(root), "New", ["new.test"])
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_result_the_loader_refuses_is_rolled_back(root):
    # discovery hands over whatever a feed linked to; the loader has the last word
    event = load_config(root).event(EVENT)
    before = event.path.read_bytes()
    with pytest.raises(ConfigError) as caught:
        append_urls(event.path, [("ftp://metropost.example/x", "The Metropolitan Post")], ())
    message = str(caught.value)
    assert "'ftp://metropost.example/x' is not an http(s) URL" in message
    assert "nothing was changed in venezuela-2019.toml" in message and "\n" not in message
    assert event.path.read_bytes() == before


def test_add_article_urls_keeps_comments_and_finds_outlets_by_domain(root):
    config = load_config(root)
    event = config.event(EVENT)
    before = event.path.read_text(encoding="utf-8")
    new = [
        "https://www.metropost.example/world/2019/05/08/new-story",
        "https://globalwire.example/news/2019/05/09/another",
    ]
    added = add_article_urls(event, config, ["", new[0], f"  {new[1]}  ", new[0], "   "])
    assert added == new  # blank lines ignored, a repeat added once
    after = event.path.read_text(encoding="utf-8")
    assert [line.strip() for line in after.splitlines() if any(u in line for u in new)] == [
        f'"{new[0]}",',
        f'"{new[1]}",',
    ]
    kept = "".join(line for line in after.splitlines(True) if not any(u in line for u in new))
    assert kept == before
    coverage = {c.url: c.outlet for c in load_config(root).event(EVENT).coverage}
    assert coverage[new[0]] == "The Metropolitan Post"
    assert coverage[new[1]] == "Global Wire Service"


def test_an_event_without_urls_gets_a_list(tmp_path):
    root = write_config(
        tmp_path,
        '[[outlet]]\nname = "A"\ndomains = ["a.test"]\n',
        '# the event\nid = "test-event"\ntitle = "Test"\n',
    )
    config = load_config(root)
    add_article_urls(config.event("test-event"), config, ["http://a.test/1"])
    assert [c.url for c in load_config(root).event("test-event").coverage] == ["http://a.test/1"]
    assert (root / "events" / "test-event.toml").read_text().startswith("# the event\n")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://metropost.example/a", "'ftp://metropost.example/a' is not an http(s) URL"),
        ("metropost.example/a", "'metropost.example/a' is not an http(s) URL"),
        ("https://metropost.example/a https://metropost.example/b", "one per line"),
        ("http://[::1/a", "is not an http(s) URL"),
        ("http://metropost.example:port/a", "is not an http(s) URL"),
        ("https://www.unknown.test/a", "add an outlet with the domain unknown.test first"),
        (
            "https://METROPOST.example/world/2019/05/01/pompeo-military-action-possible-venezuela/",
            "is already listed in",
        ),
    ],
)
def test_url_mistakes_are_refused_in_one_line_and_add_nothing(root, url, message):
    config = load_config(root)
    before = _files(root)
    with pytest.raises(InputError) as caught:
        add_article_urls(config.event(EVENT), config, ["https://metropost.example/fine", url])
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert _files(root) == before


def test_no_url_given(root):
    config = load_config(root)
    with pytest.raises(InputError, match="no URL given; paste one article URL per line"):
        add_article_urls(config.event(EVENT), config, ["", "  "])


def test_sessions_adding_at_once_keep_each_others_outlets(root):
    config = load_config(root)
    threads = [
        threading.Thread(target=add_outlet, args=(config, f"Outlet {i}", [f"o{i}.test"]))
        for i in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = {o.name for o in load_config(root).outlets}
    assert {f"Outlet {i}" for i in range(6)} <= names


_WRITER = """
import sys
from pathlib import Path
from ingest.config import load_config
from ingest.config_edit import append_urls

root, tag = Path(sys.argv[1]), sys.argv[2]
config = load_config(root)
path = config.event("venezuela-2019").path
for i in range(40):
    # one read-modify-write per URL, so the two writers interleave as often as they can
    append_urls(path, [(f"https://metropost.example/{tag}/{i}", "The Metropolitan Post")],
                config.outlets)
"""


def test_two_processes_adding_urls_together_lose_none(root):
    import subprocess
    import sys

    before = len(load_config(root).event(EVENT).coverage)
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(root), tag], cwd=REPO)
        for tag in ("left", "right")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    urls = {c.url for c in load_config(root).event(EVENT).coverage}
    assert len(urls) == before + 80
    for tag in ("left", "right"):
        assert {f"https://metropost.example/{tag}/{i}" for i in range(40)} <= urls


def test_the_lock_is_reentrant_within_a_thread_and_excludes_other_threads(root):
    order = []

    def take() -> None:
        with config_lock(root):
            order.append("t")

    with config_lock(root):
        with config_lock(root):  # a nested write in the same thread does not deadlock
            order.append("nested")
        other = threading.Thread(target=take)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive() and order == ["nested"]
    other.join(timeout=5)
    assert order == ["nested", "t"]
