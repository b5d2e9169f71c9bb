"""The Add coverage page, run headless: an outlet served on loopback is added through the page,
its article URLs too, then fetched; errors are one line; read-only mode hides every control."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from ingest.config import load_config
from ingest.store import Store
from tests.conftest import LEGIT_TEXT, REGIME_TEXT, REPO, article_page, run_app, visible
from tests.pageserver import Answer

EVENT = "venezuela-2019"
SETTINGS = "[fetch]\ntimeout = 3\nmax_redirects = 0\ndelay = 0\nrespect_robots = false\n"
KEYS = (
    "add-outlet-name",
    "add-outlet-domains",
    "add-outlet-group",
    "add-outlet-country",
    "add-outlet-submit",
    "add-urls-text",
    "add-urls-submit",
    "fetch-refresh",
    "fetch-run",
)


@pytest.fixture
def config_copy(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped config the page may write to; loopback may be fetched."""
    root = app_env / "config"
    shutil.copytree(REPO / "config", root)
    (root / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    monkeypatch.setenv("FRAMING_CONFIG", str(root))
    monkeypatch.setenv("FRAMING_ALLOW_PRIVATE_NETWORKS", "1")
    return root


def _closed_port() -> int:
    """A loopback port nothing listens on: a connection there is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _add_outlet(at, name: str, domains: str, group: str = "", country: str = ""):
    at.text_input(key="add-outlet-name").input(name)
    at.text_input(key="add-outlet-domains").input(domains)
    at.text_input(key="add-outlet-group").input(group)
    at.text_input(key="add-outlet-country").input(country)
    return at.button(key="add-outlet-submit").click().run()


def _add_urls(at, urls: list[str]):
    at.text_area(key="add-urls-text").input("\n".join(urls))
    return at.button(key="add-urls-submit").click().run()


def test_outlet_and_urls_added_then_fetched_with_counts(config_copy, serve):
    base = serve(
        {
            "/world/2019/05/03/coup-attempt": Answer(
                article_page("Russia backs Caracas", LEGIT_TEXT).encode()
            ),
            # slow enough that the page polls the fetch several times before it ends
            "/world/2019/05/04/interim-president": Answer(
                article_page("Guaidó calls for strikes", REGIME_TEXT, date="2019-05-04").encode(),
                delay=1.0,
            ),
            "/world/2019/05/05/empty": Answer(b"<html><body><p>Subscribe.</p></body></html>"),
        }
    )
    urls = [
        f"{base}/world/2019/05/03/coup-attempt",
        f"{base}/world/2019/05/04/interim-president",
        f"{base}/world/2019/05/05/gone",  # 404
        f"{base}/world/2019/05/05/empty",  # no article in the page
        f"http://127.0.0.1:{_closed_port()}/world/unreachable",
    ]
    outlets_path = config_copy / "outlets.toml"
    event_path = config_copy / "events" / f"{EVENT}.toml"
    outlets_before = outlets_path.read_bytes()
    event_before = event_path.read_text(encoding="utf-8")
    at = run_app("add_coverage")

    at = _add_outlet(at, "Loopback Courier", "127.0.0.1", "Test press", "us")
    assert not at.exception and not at.error
    assert str(outlets_path) in visible(at.success[0].value) and "8 outlets" in at.success[0].value
    assert at.text_input(key="add-outlet-name").value == ""  # emptied for the next outlet
    assert at.text_input(key="add-outlet-domains").value == ""
    outlets_after = outlets_path.read_bytes()
    assert outlets_after.startswith(outlets_before)  # every byte before the addition kept
    assert outlets_after[len(outlets_before) :].decode() == (
        '\n[[outlet]]\nname = "Loopback Courier"\ndomains = ["127.0.0.1"]\n'
        'group = "Test press"\ncountry = "US"\n'
    )

    at = _add_urls(at, urls)
    assert not at.exception and not at.error
    assert "Added 5 URL(s)" in at.success[0].value and "19 URLs now" in visible(at.success[0].value)
    assert at.text_area(key="add-urls-text").value == ""
    event_after = event_path.read_text(encoding="utf-8")
    # the file is the old one plus one line per URL: comments and layout kept
    kept = "".join(
        line for line in event_after.splitlines(keepends=True) if not any(u in line for u in urls)
    )
    assert kept == event_before
    assert len(load_config(config_copy).event(EVENT).coverage) == 19
    assert "5 are not fetched yet" in at.caption[-1].value

    at.button(key="fetch-run").click().run()
    assert not at.exception
    assert "fetched 2 · failed 3 · skipped 0" in [m.value for m in at.markdown]
    assert at.get("progress")[0].proto.value == 100
    assert visible(at.success[0].value).startswith("Done: fetched 2, skipped 0, failed 3")
    failures = at.dataframe[-1].value
    assert dict(zip(failures.url, failures.reason, strict=True)) == {
        urls[2]: "http 404",
        urls[3]: "no article",
        urls[4]: "connection refused",
    }
    with Store(config_copy.parent / "app.db") as store:
        assert store.has_document(urls[0]) and store.has_document(urls[1])
        assert store.document_count() == 16  # the 14 demo articles are still there
        assert {d["outlet"] for d in store.documents(EVENT) if d["url"] in urls} == {
            "Loopback Courier"
        }
    # what is left to fetch: the three failures, each with its last reason
    assert "3 are not fetched yet" in at.caption[-1].value
    left = at.dataframe[0].value
    assert set(left["last attempt"]) == {
        "failed: http 404",
        "failed: no article",
        "failed: connection refused",
    }


@pytest.mark.parametrize(
    ("outlet", "expected"),
    [
        (("The Metropolitan Post", "post.test"), "an outlet named 'The Metropolitan Post'"),
        (("the metropolitan post", "post.test"), "an outlet named 'The Metropolitan Post'"),
        (("Post Two", "www.metropost.example"), "domain 'metropost.example' already belongs"),
        (("Post Two", "news.metropost.example"), "is inside 'metropost.example'"),
        (("Post Two", "https://post.test/news"), "domain 'https://post.test/news' is not a"),
        (("Post Two", " , "), "outlet 'Post Two' has no domain"),
        (("", "post.test"), "the outlet has no name"),
    ],
)
def test_outlet_mistakes_are_one_line_and_change_nothing(config_copy, outlet, expected):
    before = (config_copy / "outlets.toml").read_bytes()
    at = _add_outlet(run_app("add_coverage"), *outlet)
    assert not at.exception
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert expected in visible(at.error[0].value)
    assert (config_copy / "outlets.toml").read_bytes() == before
    assert at.text_input(key="add-outlet-domains").value == outlet[1]  # kept for fixing


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://metropost.example/a", "is not an http(s) URL"),
        ("metropost.example/a", "is not an http(s) URL"),
        ("https://unknown.test/a", "no outlet has the domain of 'https://unknown.test/a'"),
        (
            "https://metropost.example/world/2019/05/07/us-lifts-sanctions-venezuela-spy-chief/",
            "is already listed in",
        ),
    ],
)
def test_url_mistakes_are_one_line_and_change_nothing(config_copy, url, expected):
    event_path = config_copy / "events" / f"{EVENT}.toml"
    before = event_path.read_bytes()
    # a good URL beside the bad one is not added either: the whole list is checked first
    at = _add_urls(run_app("add_coverage"), ["https://metropost.example/new-story", url])
    assert not at.exception
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert expected in visible(at.error[0].value)
    assert event_path.read_bytes() == before


def test_read_only_mode_shows_no_control_that_writes_or_fetches(config_copy, monkeypatch):
    monkeypatch.setenv("FRAMING_READONLY", "1")
    before = {p: p.read_bytes() for p in config_copy.rglob("*.toml")}
    at = run_app("add_coverage")
    assert any("read-only" in i.value for i in at.info)
    shown = {
        w.key for kind in ("button", "text_input", "text_area", "checkbox") for w in at.get(kind)
    }
    assert not shown & set(KEYS)
    assert not at.get("form") and not at.get("progress")
    assert {p: p.read_bytes() for p in config_copy.rglob("*.toml")} == before


def test_the_dashboard_hides_the_deploy_button():
    import tomllib

    from tests.conftest import REPO

    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["toolbarMode"] == "viewer"
