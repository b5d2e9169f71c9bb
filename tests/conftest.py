"""Fixtures built in code: small configs, article pages and local servers on loopback."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ingest.store import Store
from tests.pageserver import Answer, start_server
from tests.postgres import postgres_cluster, postgres_url  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parent.parent


def article_page(
    title: str,
    paragraphs: list[str],
    *,
    comments: list[str] = (),
    charset: str | None = "utf-8",
    date: str = "2019-05-02",
    author: str = "Ana Reporter",
) -> str:
    """A news page with navigation, related links, comments and a footer around the article."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    comment_html = "".join(
        f'<div class="comment"><p class="comment-text">{html.escape(c)}</p></div>' for c in comments
    )
    return textwrap.dedent(f"""\
        <!DOCTYPE html><html><head>{meta}<title>{html.escape(title)}</title>
        <meta property="og:title" content="{html.escape(title)}">
        <meta name="author" content="{author}">
        <meta property="article:published_time" content="{date}T10:00:00Z">
        </head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
        <article><h1>{html.escape(title)}</h1><p class="byline">By {author}</p>{body}</article>
        <aside><h3>Related</h3><ul><li><a href="/x">Markets rally on Monday</a></li></ul></aside>
        <section id="comments" class="comments"><h3>Comments</h3>{comment_html}</section>
        <footer>Copyright Example Media. All rights reserved.</footer>
        </body></html>""")


LEGIT_TEXT = [
    "Russia said on Tuesday that it would keep working with the legitimately elected "
    "authorities of Venezuela and called the events of the week a coup attempt.",
    "The foreign ministry said the coup attempt had failed because the armed forces stayed "
    "loyal to the constitutional president, and it warned against foreign interference.",
    "Officials in Caracas said life in the capital had returned to normal by the evening, "
    "with shops open and buses running on their usual routes across the city.",
]
REGIME_TEXT = [
    "Washington said on Tuesday that it stood with interim president Juan Guaidó and called "
    "on the armed forces to abandon the Maduro regime.",
    "The acting president told supporters in Caracas that the Maduro regime had lost the "
    "trust of the people and that the struggle would continue peacefully in the streets.",
    "Diplomats in the region said they expected further talks in the coming weeks between "
    "the governments that recognise the opposition leader as head of state.",
]


def write_config(root: Path, outlets: str, event: str, settings: str = "") -> Path:
    (root / "events").mkdir(parents=True, exist_ok=True)
    (root / "outlets.toml").write_text(textwrap.dedent(outlets), encoding="utf-8")
    (root / "events" / "test-event.toml").write_text(textwrap.dedent(event), encoding="utf-8")
    if settings:
        (root / "settings.toml").write_text(textwrap.dedent(settings), encoding="utf-8")
    return root


AXIS_TOML = """
[[axis]]
id = "legitimacy"
question = "Whom does the coverage treat as the legitimate president?"
a = { label = "Maduro's government", phrases = [
  "legitimately elected", "coup attempt", "constitutional president"] }
b = { label = "Guaidó's claim", phrases = [
  "interim president", "acting president", "Maduro regime"] }
"""


# every test of the store runs on both databases behind it
BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def store_address(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's store lives: an SQLite file in tmp_path, or a fresh PostgreSQL database
    (skipped, saying why, where PostgreSQL is not installed)."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return tmp_path / "store.db"


@pytest.fixture
def store(store_address: Path | str) -> Iterator[Store]:
    with Store(store_address) as opened:
        yield opened


@pytest.fixture
def serve():
    """Start in-process servers on loopback addresses; all are stopped after the test."""
    servers = []

    def _serve(routes: dict[str, Answer], host: str = "127.0.0.1") -> str:
        server = start_server(routes, host)
        servers.append(server)
        return f"http://{host}:{server.server_address[1]}"

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()


APP = str(REPO / "dashboard" / "app.py")
DEMO_EVENT = "venezuela-2019"


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store in tmp_path and the shipped config: the dashboard loads the demo."""
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "app.db"))
    monkeypatch.setenv("FRAMING_CONFIG", str(REPO / "config"))
    return tmp_path


def visible(markdown: str) -> str:
    """What a reader sees of Markdown that dashboard.render.markdown_text escaped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def run_app(page: str | None = None):
    """The dashboard run headless (AppTest), on one of its views; fails on any exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception
    return at


def demo_tables(app_env: Path) -> dict:
    """The demo event's tables as `framing export` computes them from the app's store."""
    from ingest.config import load_config
    from models.corpus import load_corpus
    from models.tables import build_tables

    config = load_config(REPO / "config")
    with Store(app_env / "app.db") as store:
        return build_tables(load_corpus(store, config.event(DEMO_EVENT), config))


def make_corpus(articles, actors=(), axes=(), groups=None):
    """A corpus of (outlet, language, text) articles about a test event."""
    import pandas as pd

    from ingest.config import Event
    from models.corpus import DOCUMENT_COLUMNS, Corpus

    rows = [
        {
            "url": f"https://{outlet.lower().replace(' ', '')}.example/{i}",
            "outlet": outlet,
            "title": "",
            "author": "",
            "published": "",
            "sitename": outlet,
            "language": language,
            "text": text,
            "words": len(text.split()),
        }
        for i, (outlet, language, text) in enumerate(articles)
    ]
    event = Event("test", "Test event", Path("test.toml"), actors=tuple(actors), axes=tuple(axes))
    return Corpus(event, pd.DataFrame(rows, columns=DOCUMENT_COLUMNS), groups=groups or {})


@contextmanager
def serve_folder(root: Path, hosts: str = "127.0.0.1") -> Iterator[dict[str, int]]:
    """Serve a folder's files from a subprocess on loopback hosts; yield host -> port.

    The server is stopped by its own process id when the block ends.
    """
    import json
    import subprocess
    import sys
    import time

    port_file = root.parent / f"{root.name}-ports.json"
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "tests" / "pageserver.py"),
            "--root",
            str(root),
            "--hosts",
            hosts,
            "--port-file",
            str(port_file),
        ]
    )
    try:
        deadline = time.monotonic() + 20
        while not port_file.exists() or not port_file.read_text():
            assert process.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield json.loads(port_file.read_text())
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch):
    """The bytes of a download button of an AppTest run, as a click would make them:
    `downloads(button)`. Records every deferred download the app registers."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    add_deferred = MediaFileManager.add_deferred

    def recording(self, data_callable, *args, **kwargs):
        file_id = add_deferred(self, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)

    def download(button) -> bytes:
        return made[button.proto.deferred_file_id]()

    return download


def csv_downloads(at) -> dict[str, object]:
    """An AppTest run's CSV download buttons (not the Excel-ready copies) by table name."""
    return {
        b.proto.label.removeprefix("Download ").removesuffix(".csv"): b
        for b in at.get("download_button")
        if b.proto.label.startswith("Download ") and b.proto.label.endswith(".csv")
    }
