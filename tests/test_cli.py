"""The `framing` command end to end: fetch from several loopback hosts, export, clear errors."""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from ingest.files import seed_pages
from tests.conftest import REPO, serve_folder

EVENT_ID = "venezuela-2019"


def framing(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def page_server(tmp_path):
    """The demo's saved pages served by a subprocess on 127.0.0.2 and 127.0.0.3."""
    root = tmp_path / "site"
    root.mkdir()
    for path, _ in seed_pages(EVENT_ID):
        shutil.copy(path, root / path.name)
    (root / "report.pdf").write_bytes(b"%PDF-1.4 not a page")
    (root / "routes.json").write_text(json.dumps({"/gone": {"status": 404}}))
    with serve_folder(root, "127.0.0.2,127.0.0.3") as ports:
        yield ports


def _config_for(ports: dict[str, int], folder: Path, extra_urls: list[tuple[str, str]]) -> Path:
    """The shipped config, its event's URLs pointed at the local hosts."""
    shutil.copytree(REPO / "config", folder)
    # politeness delays would only slow the test down: the pages are local
    (folder / "settings.toml").write_text("[fetch]\ndelay = 0\n", encoding="utf-8")
    event_path = folder / "events" / f"{EVENT_ID}.toml"
    hosts = sorted(ports)
    items = []
    for i, (path, url) in enumerate(seed_pages(EVENT_ID)):
        host = hosts[i % 2]
        outlet = re.search(r"https://([a-z]+)\.example", url).group(1)
        items.append((f"http://{host}:{ports[host]}/{path.name}", outlet))
    with (folder / "outlets.toml").open("rb") as handle:
        by_slug = {o["domains"][0].split(".")[0]: o["name"] for o in tomllib.load(handle)["outlet"]}
    items = [(url, by_slug.get(slug, slug)) for url, slug in items] + extra_urls
    lines = "".join(f'  {{ url = "{u}", outlet = "{o}" }},\n' for u, o in items)
    text = re.sub(
        r"\nurls = \[.*?\n\]\n",
        "\nurls = [\n" + lines + "]\n",
        event_path.read_text(encoding="utf-8"),
        flags=re.S,
    )
    event_path.write_text(text, encoding="utf-8")
    return folder


def test_fetch_from_several_hosts_with_failures_then_export(page_server, tmp_path):
    host = "127.0.0.2"
    failing = [
        (f"http://{host}:{page_server[host]}/gone", "Global Wire Service"),
        (f"http://{host}:{page_server[host]}/report.pdf", "Global Wire Service"),
        ("http://127.0.0.4:9/refused", "Global Wire Service"),
    ]
    config = _config_for(page_server, tmp_path / "config", failing)
    env = {
        **os.environ,
        "FRAMING_CONFIG": str(config),
        "FRAMING_DB": str(tmp_path / "f.db"),
        "FRAMING_ALLOW_PRIVATE_NETWORKS": "1",
    }

    result = framing("fetch", EVENT_ID, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.search(r"fetched 14, skipped 0, failed 3 \(", result.stdout)
    for reason in ("http 404: 1", "not html: 1", "connection refused: 1"):
        assert reason in result.stdout
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 17  # a progress line per URL, off a terminal

    again = framing("fetch", EVENT_ID, env=env, cwd=tmp_path)
    assert again.returncode == 0
    assert "fetched 0, skipped 14, failed 3" in again.stdout

    out = tmp_path / "out"
    exported = framing("export", EVENT_ID, "--out", str(out), env=env, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    with (out / "articles.csv").open(encoding="utf-8") as handle:
        articles = list(csv.DictReader(handle))
    assert len(articles) == 14
    assert {
        "event",
        "outlet",
        "url",
        "title",
        "published",
        "author",
        "words",
        "legitimacy_score",
    } <= set(articles[0])
    with (out / "outlet_axes.csv").open(encoding="utf-8") as handle:
        axes = {(r["outlet"], r["axis"]): r for r in csv.DictReader(handle)}
    assert float(axes[("Nova Moskva Agency", "legitimacy")]["score"]) < -0.5
    assert float(axes[("The Metropolitan Post", "legitimacy")]["score"]) > 0.5
    with (out / "fetch_log.csv").open(encoding="utf-8") as handle:
        log = list(csv.DictReader(handle))
    assert {"url", "outlet", "status", "reason", "fetched_at"} <= set(log[0])
    assert sum(r["status"] == "failed" for r in log) == 6
    assert {r["reason"] for r in log} == {
        "ok",
        "already stored",
        "http 404",
        "not html",
        "connection refused",
    }
    for name in ("phrase_hits", "evidence"):
        assert (out / f"{name}.csv").stat().st_size > 100

    # the Ledger's reprint of the wire story counts once, unless asked otherwise
    def ledger_articles(folder: Path) -> int:
        with (folder / "outlet_axes.csv").open(encoding="utf-8") as handle:
            row = next(
                r
                for r in csv.DictReader(handle)
                if r["outlet"] == "Harbor Daily Ledger" and r["axis"] == "legitimacy"
            )
        return int(row["articles"]) + int(row["unscored"])

    with (out / "duplicates.csv").open(encoding="utf-8") as handle:
        (copy,) = list(csv.DictReader(handle))
    assert (copy["outlet"], copy["original_outlet"]) == (
        "Harbor Daily Ledger",
        "Global Wire Service",
    )
    everything = tmp_path / "all"
    framing("export", EVENT_ID, "--out", str(everything), "--include-copies", env=env, cwd=tmp_path)
    assert (ledger_articles(out), ledger_articles(everything)) == (1, 2)


def _exported(folder: Path) -> dict[str, bytes]:
    """Every exported table's bytes; the fetch log's rows without their clock (when, how
    long) and sorted."""
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name == "fetch_log.csv":
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))
            keep = [i for i, c in enumerate(rows[0]) if c not in {"fetched_at", "elapsed_ms"}]
            # in the order the pages came in, which concurrent downloads do not fix
            body = sorted([row[i] for i in keep] for row in rows[1:])
            tables[path.name] = repr([[rows[0][i] for i in keep], *body]).encode()
        else:
            tables[path.name] = path.read_bytes()
    return tables


def test_fetch_and_export_give_the_same_tables_on_postgresql_as_on_sqlite(
    page_server, tmp_path, postgres_url
):
    config = _config_for(page_server, tmp_path / "config", [])
    base = {**os.environ, "FRAMING_CONFIG": str(config), "FRAMING_ALLOW_PRIVATE_NETWORKS": "1"}
    exported, seconds = {}, {}
    # the test server trusts every login: the password is there to be looked for
    with_password = postgres_url.replace("postgres@", "postgres:s3cret@", 1)
    for name, db in (("sqlite", str(tmp_path / "f.db")), ("postgres", with_password)):
        env = {**base, "FRAMING_DB": db}
        start = time.perf_counter()
        fetched = framing("fetch", EVENT_ID, env=env, cwd=tmp_path)
        assert fetched.returncode == 0, fetched.stderr
        assert "fetched 14, skipped 0, failed 0" in fetched.stdout
        done = framing("export", EVENT_ID, "--out", str(tmp_path / name), env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        seconds[name] = time.perf_counter() - start
        exported[name] = _exported(tmp_path / name)
        bundle = tmp_path / f"{name}.zip"
        zipped = framing("export", EVENT_ID, "--zip", str(bundle), env=env, cwd=tmp_path)
        assert zipped.returncode == 0, zipped.stderr
        with zipfile.ZipFile(bundle) as archive:
            for member in archive.namelist():
                assert b"s3cret" not in archive.read(member), member
        for run in (fetched, done, zipped):
            assert "s3cret" not in run.stdout + run.stderr
    assert len(exported["sqlite"]) >= 10
    assert exported["postgres"] == exported["sqlite"]
    # for the record (machines here are shared: read the ratio, not the times)
    print(
        f"fetch + export of the demo: sqlite {seconds['sqlite']:.2f} s, postgres "
        f"{seconds['postgres']:.2f} s, ratio {seconds['postgres'] / seconds['sqlite']:.2f}"
    )


def test_nothing_fetched_exits_non_zero_and_private_addresses_are_refused(page_server, tmp_path):
    config = _config_for(page_server, tmp_path / "config", [])
    env = {**os.environ, "FRAMING_CONFIG": str(config), "FRAMING_DB": str(tmp_path / "f.db")}
    env.pop("FRAMING_ALLOW_PRIVATE_NETWORKS", None)
    result = framing("fetch", EVENT_ID, env=env, cwd=tmp_path)
    assert result.returncode == 1
    assert "fetched 0, skipped 0, failed 14 (private address: 14)" in result.stdout


def test_import_saved_files(tmp_path):
    env = {
        **os.environ,
        "FRAMING_CONFIG": str(REPO / "config"),
        "FRAMING_DB": str(tmp_path / "f.db"),
    }
    pages = [p for p, _ in seed_pages(EVENT_ID)][:2]
    missing = tmp_path / "missing.html"
    result = framing(
        "import",
        EVENT_ID,
        *map(str, pages),
        str(missing),
        "--outlet",
        "Global Wire Service",
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "imported 2, skipped 0, failed 1 (unreadable file: 1)" in result.stdout


@pytest.mark.parametrize(
    "setup,args,expected",
    [
        (lambda d: None, ["export", "no-such-event", "--out", "x"], "no event 'no-such-event'"),
        (
            lambda d: None,
            ["import", EVENT_ID, "f.html", "--outlet", "Nobody"],
            "outlet 'Nobody' is not in outlets.toml",
        ),
        (
            lambda d: (d / "f.db").write_bytes(b"this is not sqlite" * 100),
            ["events"],
            "not a usable SQLite store",
        ),
        (lambda d: (d / "config").mkdir(), ["events"], "outlets.toml: file not found"),
    ],
)
def test_user_errors_are_one_line_without_traceback(tmp_path, setup, args, expected):
    setup(tmp_path)
    env = {
        **os.environ,
        "FRAMING_DB": str(tmp_path / "f.db"),
        "FRAMING_CONFIG": str(
            tmp_path / "config" if (tmp_path / "config").exists() else REPO / "config"
        ),
    }
    result = framing(*args, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_config_and_db_options_work_before_or_after_the_command(tmp_path):
    from dashboard.cli import _parser

    before = _parser().parse_args(["--config", "A", "--db", "B", "events"])
    after = _parser().parse_args(["events", "--config", "A", "--db", "B"])
    neither = _parser().parse_args(["events"])
    assert (before.config, before.db) == (after.config, after.db) == ("A", "B")
    assert (neither.config, neither.db) == (None, None)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = framing("--config", str(empty), "events", env=dict(os.environ), cwd=tmp_path)
    assert result.returncode != 0 and str(empty) in result.stderr
    assert "Traceback" not in result.stderr


# ---- one line for each mistake, nothing written ------------------------------------------


@pytest.fixture
def demo_store(tmp_path):
    """The shipped config and a store holding the demo, as `framing demo` leaves them."""
    from ingest.config import load_config
    from ingest.files import load_demo
    from ingest.store import Store

    db = tmp_path / "demo.db"
    with Store(db) as store:
        load_demo(load_config(REPO / "config"), store)
    return db


def _main(*args: str, capsys) -> tuple[int, str, str]:
    from dashboard.cli import main

    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line(err: str, *expected: str) -> None:
    assert err.startswith("framing: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err


def _tree(folder: Path) -> dict[str, bytes]:
    # SQLite's own -wal and -shm files come and go with any reader of a WAL store, and the
    # config lock file with any writer; they hold nothing of the user's
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b""
        for p in sorted(folder.rglob("*"))
        if not p.name.endswith(("-wal", "-shm", ".framing-config.lock"))
    }


@pytest.mark.parametrize("command", ["export", "train"])
@pytest.mark.parametrize(
    "where,expected",
    [
        (lambda d: d / "a-file", "a-file: is a file; give --out a folder"),
        (lambda d: d / "a-file" / "under", "a-file is a file, not a folder"),
        (lambda d: Path("/proc/framing-out"), "cannot write in /proc"),
    ],
)
def test_out_that_cannot_be_a_folder_is_one_line(
    demo_store, tmp_path, capsys, command, where, expected
):
    (tmp_path / "a-file").write_text("keep me")
    before = _tree(tmp_path)
    out = where(tmp_path)
    code, printed, err = _main(
        command, EVENT_ID, "--out", str(out), "--config", str(REPO / "config"), "--db",
        str(demo_store), capsys=capsys,
    )  # fmt: skip
    assert code == 2 and printed == ""
    _one_line(err, expected)
    assert _tree(tmp_path) == before
    assert not Path("/proc/framing-out").exists()


def test_store_in_a_folder_that_does_not_exist_is_refused(tmp_path, capsys):
    typo = tmp_path / "typo" / "dir" / "x.db"
    for command in (["export", EVENT_ID, "--out", str(tmp_path / "t")], ["demo"], ["events"]):
        code, printed, err = _main(
            "--db", str(typo), "--config", str(REPO / "config"), *command, capsys=capsys
        )
        assert code == 2 and printed == ""
        _one_line(err, f"{typo.parent}: no such folder for the store x.db", "--db or FRAMING_DB")
    assert list(tmp_path.iterdir()) == []


def test_read_commands_refuse_a_missing_or_empty_store(tmp_path, capsys):
    config = str(REPO / "config")
    missing = tmp_path / "missing.db"
    code, _, err = _main("export", EVENT_ID, "--out", "t", "--db", str(missing), "--config",
                         config, capsys=capsys)  # fmt: skip
    assert code == 2
    _one_line(err, f"{missing}: no store there", "framing demo")
    assert not missing.exists()

    from ingest.store import Store

    empty = tmp_path / "empty.db"
    Store(empty).close()
    code, _, err = _main("train", EVENT_ID, "--db", str(empty), "--config", config, capsys=capsys)
    assert code == 2
    _one_line(err, f"{empty}: the store holds no articles")
    assert not (tmp_path / "models").exists()


def test_a_listing_creates_no_store(tmp_path, capsys):
    db = tmp_path / "later.db"
    code, printed, _ = _main("events", "--db", str(db), "--config", str(REPO / "config"),
                             capsys=capsys)  # fmt: skip
    assert code == 0 and f"{EVENT_ID}\t14 URLs\t0 stored" in printed
    assert not db.exists()


def test_a_corrupt_store_points_to_the_setting_each_side_reads(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    code, _, err = _main("events", "--db", str(bad), "--config", str(REPO / "config"),
                         capsys=capsys)  # fmt: skip
    assert code == 2
    _one_line(err, "not a usable SQLite store", "FRAMING_DB", "--db")

    monkeypatch.setenv("FRAMING_DB", str(bad))
    monkeypatch.setenv("FRAMING_CONFIG", str(REPO / "config"))
    from streamlit.testing.v1 import AppTest

    from tests.conftest import visible

    at = AppTest.from_file(str(REPO / "dashboard" / "app.py"), default_timeout=60).run()
    shown = " ".join(visible(e.value) for e in at.error)
    assert "FRAMING_DB" in shown and "not a usable SQLite store" in shown


# ---- framing import: the summary is the log ----------------------------------------------


def _saved_page(path: Path, title: str, canonical: str = "", charset: str = "utf-8") -> Path:
    from tests.conftest import LEGIT_TEXT, article_page

    page = article_page(title, [f"{title}. {p}" for p in LEGIT_TEXT], charset=charset)
    if canonical:
        page = page.replace("</head>", f'<link rel="canonical" href="{canonical}"></head>')
    path.write_text(page, encoding="utf-8")
    return path


def test_import_reports_each_file_as_logged_and_keeps_declared_addresses(tmp_path, capsys):
    from ingest.config import load_config
    from ingest.files import import_files
    from ingest.store import Store

    config = load_config(REPO / "config")
    db = tmp_path / "f.db"
    stored = "https://globalwire.example/2019/05/story?utm_source=feed"
    with Store(db) as store:  # the same article fetched earlier under a tracking address
        import_files(
            config.event(EVENT_ID),
            [_saved_page(tmp_path / "fetched.html", "Talks", "https://globalwire.example/talks")],
            "Global Wire Service",
            store,
            url_for=lambda _p: stored,
        )
    files = [
        _saved_page(tmp_path / "same.html", "Talks", "https://globalwire.example/talks"),
        _saved_page(tmp_path / "own.html", "Border", "https://globalwire.example/border"),
        _saved_page(tmp_path / "plain.html", "Markets"),
        _saved_page(tmp_path / "hostile.html", "Hostile", charset="base64"),
        tmp_path / "missing.html",
    ]
    code, printed, err = _main(
        "import", EVENT_ID, *map(str, files), "--outlet", "Global Wire Service",
        "--db", str(db), "--config", str(REPO / "config"), capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    summary = printed.strip().splitlines()[-1]
    # a charset label that is no text codec is passed over, and the page read as UTF-8
    assert summary.startswith("imported 3, skipped 1, failed 1 ("), summary
    assert "unreadable file: 1" in summary
    lines = err.splitlines()
    assert any(
        line.startswith(f"skipped {files[0]}: same canonical (the same article as {stored}")
        for line in lines
    ), err
    assert f"imported {files[1]} as https://globalwire.example/border" in lines
    assert f"imported {files[2]} as {files[2].resolve().as_uri()}" in lines
    assert f"imported {files[3]} as {files[3].resolve().as_uri()}" in lines
    assert any(line.startswith(f"failed {files[4]}: unreadable file (") for line in lines)

    with Store(db) as store:
        urls = {d["url"] for d in store.documents(EVENT_ID)}
        log = {(r["url"], r["status"], r["reason"]) for r in store.fetch_log(EVENT_ID)}
    assert urls == {
        stored,
        "https://globalwire.example/border",
        files[2].resolve().as_uri(),
        files[3].resolve().as_uri(),
    }
    assert ("https://globalwire.example/talks", "skipped", "same canonical") in log
    counted = Counter(status for _, status, _ in log)
    # the first row is the earlier import; the rest add up to the summary line
    assert counted == {"fetched": 4, "skipped": 1, "failed": 1}

    # importing a page again under its declared address adds nothing
    code, printed, err = _main(
        "import", EVENT_ID, str(files[1]), "--outlet", "Global Wire Service",
        "--db", str(db), "--config", str(REPO / "config"), capsys=capsys,
    )  # fmt: skip
    assert printed.strip() == "imported 0, skipped 1, failed 0"
    assert "already stored" in err


# ---- the workflow from the terminal ------------------------------------------------------


def test_version_and_help_for_every_positional_argument(capsys):
    from importlib import metadata

    from dashboard.cli import _parser

    code, printed, _ = _main_exit("--version", capsys=capsys)
    assert code == 0 and printed.strip() == f"framing {metadata.version('framing-dashboard')}"
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in commands.choices.items():
        for action in sub._actions:
            if not action.option_strings:
                assert action.help, f"{name} {action.dest} has no help"


def _main_exit(*args: str, capsys) -> tuple[int, str, str]:
    from dashboard.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    captured = capsys.readouterr()
    return stopped.value.code or 0, captured.out, captured.err


def test_workflow_from_an_empty_folder_writes_commented_config(tmp_path, monkeypatch, capsys):
    import tomllib

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRAMING_CONFIG", raising=False)
    monkeypatch.setenv("FRAMING_DB", str(tmp_path / "f.db"))

    # with no config of one's own there is nothing to add an event to
    code, _, err = _main("new-event", "talks", "--title", "T", "--keyword", "k", capsys=capsys)
    assert code == 2
    _one_line(err, "no config folder of your own", "framing add-outlet")
    assert list(tmp_path.iterdir()) == []

    code, _, err = _main("add-outlet", "Bad", "--domain", "https://x.example/", capsys=capsys)
    assert code == 2
    _one_line(err, "is not a bare host name")
    assert list(tmp_path.iterdir()) == [], "a refused outlet leaves no config behind"

    code, printed, err = _main(
        "add-outlet", "The Example Times", "--domain", "example.com", "--feed",
        "https://example.com/rss", "--group", "US", "--country", "us", capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    outlets = (tmp_path / "config" / "outlets.toml").read_text()
    assert outlets.startswith("# Outlets known to the dashboard")
    assert tomllib.loads(outlets)["outlet"] == [
        {
            "name": "The Example Times",
            "domains": ["example.com"],
            "group": "US",
            "country": "US",
            "feeds": ["https://example.com/rss"],
        }
    ]
    _main("add-outlet", "Reprints", "--domain", "reprints.example.net", capsys=capsys)

    code, printed, err = _main(
        "new-event", "talks-2024", "--title", 'Talks "in" Oslo\n# x = 1', "--keyword",
        "Oslo", "--keyword", "talks", capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    path = tmp_path / "config" / "events" / "talks-2024.toml"
    text = path.read_text()
    assert "# [[axis]]" in text and "# [[actor]]" in text
    event = tomllib.loads(text)
    assert event["title"] == 'Talks "in" Oslo\n# x = 1' and event["keywords"] == ["Oslo", "talks"]

    code, printed, err = _main(
        "add-url", "talks-2024", "https://example.com/a", "https://www.example.com/b",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0 and "added 2 URLs" in printed, err
    code, printed, err = _main(
        "add-url", "talks-2024", "https://elsewhere.example/c", "--outlet", "Reprints",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    text = path.read_text()
    assert '{ url = "https://elsewhere.example/c", outlet = "Reprints" }' in text
    assert "# [[axis]]" in text, "comments are kept"
    code, printed, err = _main("events", capsys=capsys)
    assert printed == 'talks-2024\t3 URLs\t0 stored\tTalks "in" Oslo\n# x = 1\n'


@pytest.mark.parametrize(
    "args,expected",
    [
        (["new-event", "Bad Id", "--title", "T", "--keyword", "k"], "must be lower-case"),
        (["new-event", "talks", "--title", "T", "--keyword", "k"], "exists already"),
        (["new-event", "other", "--title", " ", "--keyword", "k"], "has no title"),
        (["new-event", "other", "--title", "T", "--keyword", " "], "has no keyword"),
        (["add-outlet", "the times", "--domain", "new.example"], "already in"),
        (["add-outlet", "New", "--domain", "www.example.com"], "already belongs to"),
        (["add-outlet", "New", "--domain", "news.example.com"], "is inside 'example.com'"),
        (["add-outlet", "New", "--domain", "new.example", "--feed", "rss"], "not an http(s)"),
        (["add-outlet", "New", "--domain", "new.example", "--country", "USA"], "two-letter"),
        (["add-url", "talks", "https://example.com/a"], "already listed"),
        (["add-url", "talks", "https://unknown.example/a"], "no outlet has the domain"),
        (["add-url", "talks", "ftp://example.com/a"], "is not an http(s) URL"),
        (["add-url", "talks", "https://x.example/a", "--outlet", "Nobody"], "not in outlets"),
        (["add-url", "nothing", "https://example.com/z"], "no event 'nothing'"),
    ],
)
def test_bad_workflow_input_is_one_line_and_writes_nothing(tmp_path, capsys, args, expected):
    from tests.conftest import write_config

    config = write_config(
        tmp_path / "config",
        """
        # my outlets
        [[outlet]]
        name = "The Times"
        domains = ["example.com"]
        """,
        """
        # my event
        id = "talks"
        title = "Talks"
        urls = ["https://example.com/a"]
        """,
    )
    (config / "events" / "test-event.toml").rename(config / "events" / "talks.toml")
    before = _tree(tmp_path)
    code, printed, err = _main(*args, "--config", str(config), "--db", str(tmp_path / "f.db"),
                               capsys=capsys)  # fmt: skip
    assert code == 2 and printed == ""
    _one_line(err, expected)
    assert _tree(tmp_path) == before
