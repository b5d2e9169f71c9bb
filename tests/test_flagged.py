"""Nothing lost on a wrong page-kind call: a flagged page keeps its raw page and its text, and
the user takes it back per URL in the event config, with `framing fetch --keep-flagged`, or
with Store.keep_flagged (the Fetch report's control)."""

from __future__ import annotations

import sqlite3

import pytest

from dashboard.cli import main
from ingest.config import Coverage, Event, load_config
from ingest.errors import ConfigError
from ingest.fetch import fetch_event, fetch_urls
from ingest.store import Store
from tests.conftest import LEGIT_TEXT, article_page, write_config
from tests.pageserver import Answer
from tests.test_fetch import LOCAL

FRONT = article_page("The front page", LEGIT_TEXT * 2)


def test_a_flagged_page_keeps_its_raw_page_and_text_apart_from_the_articles(serve, store):
    base = serve({"/": Answer(FRONT.encode())})
    fetch_urls("e", [(f"{base}/", "A")], LOCAL, store)
    assert store.documents("e") == []
    assert not store.has_document(f"{base}/")
    (row,) = store.flagged("e")
    assert row["reason"] == "not an article" and "front page" in row["detail"]
    assert LEGIT_TEXT[0] in row["text"] and row["kept_at"] is None
    assert store.raw_page(f"{base}/") is not None


def test_keeping_a_flagged_page_makes_it_an_article_and_logs_it(serve, store):
    base = serve({"/": Answer(FRONT.encode())})
    fetch_urls("e", [(f"{base}/", "A")], LOCAL, store)
    assert store.keep_flagged("e", [f"{base}/"]) == [f"{base}/"]
    assert [d["url"] for d in store.documents("e")] == [f"{base}/"]
    assert store.kept_urls("e") == {f"{base}/"}
    assert store.fetch_log("e")[-1]["reason"] == "kept by the user"
    assert store.keep_flagged("e") == []  # nothing left to keep
    # fetched again later, a kept page stays an article
    summary = fetch_urls(
        "e", [(f"{base}/", "A")], LOCAL, store, refresh=True, articles={f"{base}/"}
    )
    assert summary.counts["fetched"] == 1


def test_kind_article_in_the_event_config_takes_the_page_as_an_article(serve, store):
    base = serve({"/": Answer(FRONT.encode()), "/tag/x": Answer(FRONT.encode())})
    event = Event(
        "e",
        "t",
        None,
        coverage=(Coverage(f"{base}/", "A", "article"), Coverage(f"{base}/tag/x", "A")),
    )
    fetch_event(event, LOCAL, store)
    assert [d["url"] for d in store.documents("e")] == [f"{base}/"]
    log = {r["url"]: r for r in store.fetch_log("e")}
    assert "taken as an article by the user" in log[f"{base}/"]["detail"]
    assert log[f"{base}/tag/x"]["reason"] == "not an article"
    fetch_event(event, LOCAL, store, keep_flagged=True)
    assert len(store.documents("e")) == 2


def _config(tmp_path, base: str, kind: str = "") -> object:
    entry = f'{{ url = "{base}/", outlet = "A"{kind} }}'
    return write_config(
        tmp_path / "config",
        '[[outlet]]\nname = "A"\ndomains = ["a.example"]\n',
        f'id = "test-event"\ntitle = "T"\nurls = [{entry}]\n',
        "[fetch]\ndelay = 0\nallow_private_networks = true\nrespect_robots = false\n",
    )


def test_the_config_kind_is_validated_in_one_line(tmp_path):
    root = _config(tmp_path, "https://a.example", ', kind = "article"')
    assert load_config(root).event("test-event").coverage[0].kind == "article"
    root = _config(tmp_path, "https://a.example", ', kind = "video"')
    with pytest.raises(ConfigError) as err:
        load_config(root)
    message = str(err.value)
    assert "test-event.toml: urls[0]: kind 'video' is not known" in message
    assert "\n" not in message


def test_fetch_keep_flagged_keeps_stored_and_new_flagged_pages(serve, tmp_path, capsys):
    base = serve({"/": Answer(FRONT.encode())})
    root = _config(tmp_path, base)
    db = tmp_path / "f.db"
    args = ["--config", str(root), "--db", str(db), "fetch", "test-event"]
    assert main(args) == 1  # the only page is flagged: nothing fetched
    with Store(db) as store:
        assert store.documents("test-event") == [] and len(store.flagged("test-event")) == 1
    assert main([*args, "--keep-flagged"]) == 0
    out = capsys.readouterr().out
    assert f"kept as an article: {base}/" in out
    assert "skipped 1" in out  # kept from the store, not fetched again
    with Store(db) as store:
        assert len(store.documents("test-event")) == 1


def test_a_store_from_before_flagged_pages_is_migrated_keeping_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE pages (url TEXT PRIMARY KEY, final_url TEXT, http_status INTEGER,
            content_type TEXT, charset TEXT, fetched_at TEXT NOT NULL, raw BLOB NOT NULL);
        CREATE TABLE documents (url TEXT PRIMARY KEY, outlet TEXT NOT NULL, title TEXT,
            author TEXT, published TEXT, sitename TEXT, language TEXT, text TEXT NOT NULL,
            words INTEGER NOT NULL, extracted_at TEXT NOT NULL);
        CREATE TABLE event_articles (event TEXT NOT NULL, url TEXT NOT NULL,
            outlet TEXT NOT NULL, PRIMARY KEY (event, url));
        INSERT INTO documents VALUES ('https://a.example/1', 'A', 'T', '', '2019-05-01', '',
            'en', 'some text', 2, '2019-05-02');
        INSERT INTO event_articles VALUES ('e', 'https://a.example/1', 'A');
        """
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert [d["url"] for d in store.documents("e")] == ["https://a.example/1"]
        assert store.flagged("e") == [] and store.has_document("https://a.example/1")
