"""The `framing` command end to end: fetch from several loopback hosts, export, clear errors."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
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
