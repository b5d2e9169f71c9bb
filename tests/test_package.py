"""The package as a user installs it: a wheel built from this checkout, installed into a fresh
venv, run from a folder that is not the checkout.

The wheel is built offline (`pip wheel --no-build-isolation`) and installed with `--no-index`;
the new venv sees this environment's site-packages through a .pth file, so the dependencies are
found without a download while the project's own modules come from the wheel alone.
"""

from __future__ import annotations

import os
import re
import shutil
import site
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import DEMO_EVENT, REPO

CODE = ("dashboard", "ingest", "models")
PIP = [sys.executable, "-m", "pip"]


def _setuptools_reason() -> str:
    """Why a wheel cannot be built here, or "" when it can."""
    try:
        found = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return "setuptools is not installed here (pip install -e '.[test]' brings it)"
    major = int(re.match(r"\d+", found).group())
    return "" if major >= 77 else f"setuptools {found} is too old to build the wheel (needs 77)"


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300):
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A venv holding only the wheel of this checkout (plus visible dependencies)."""
    reason = _setuptools_reason()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("package")
    # build from a copy, so the checkout gets no build/ or egg-info folder
    source = base / "source"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "data", "build", "dist", "*.egg-info", "__pycache__", ".*cache"
        ),
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FRAMING_", "PYTHON"))}
    wheels = base / "wheels"
    built = _run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(source)],
        base,
        env,
    )
    if built.returncode != 0:
        pytest.skip(f"the wheel cannot be built here: {built.stderr.strip().splitlines()[-1]}")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    if not python.exists():
        pytest.skip("the venv layout is not bin/python (not a POSIX system)")
    target = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], base, env
    ).stdout.strip()
    # this environment's packages, except this project's own, after the venv's own: the
    # dependencies are found installed and the project comes from the wheel alone
    # named like one (streamlit turns on its development mode when it runs from elsewhere)
    visible = base / "outer" / "site-packages"
    visible.mkdir(parents=True)
    own = (*CODE, "framing_dashboard", "__editable__", "__editable___framing")
    for folder in (Path(p) for p in site.getsitepackages() if Path(p).is_dir()):
        for entry in folder.iterdir():
            if not entry.name.startswith(own) and not (visible / entry.name).exists():
                (visible / entry.name).symlink_to(entry)
    (Path(target) / "outer-environment.pth").write_text(f"{visible}\n")
    install = _run(
        [
            *PIP,
            "--python",
            str(python),
            "install",
            "-q",
            "--no-index",
            "--find-links",
            str(wheels),
            "framing-dashboard",
        ],
        base,
        env,
    )
    assert install.returncode == 0, install.stderr
    work = base / "elsewhere"
    work.mkdir()
    return {
        "python": python,
        "framing": venv / "bin" / "framing",
        "venv": venv,
        "work": work,
        "env": env,
    }


def test_every_code_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    folders = {
        ".".join(path.parent.relative_to(REPO).parts)
        for top in CODE
        for path in (REPO / top).rglob("__init__.py")
    }
    assert folders - listed == set(), "add these packages to pyproject.toml"


def test_no_module_walks_up_to_the_shipped_folders():
    """ingest/resources.py is the one place that knows where config, seeds and samples live."""
    walking = re.compile(r"__file__\).*\.parent\.parent")
    offenders = [
        str(path.relative_to(REPO))
        for top in CODE
        for path in (REPO / top).rglob("*.py")
        if walking.search(path.read_text(encoding="utf-8")) and path.name != "resources.py"
    ]
    assert offenders == []


def _data_files(folder: Path) -> set[str]:
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    }


def test_the_wheel_holds_every_shipped_file(installed):
    """The config defaults, demo seeds, samples and the analyses' data files (word lists)."""
    site_dir = Path(
        _run(
            [str(installed["python"]), "-c", "import ingest, pathlib; print(ingest.__path__[0])"],
            installed["work"],
            installed["env"],
        ).stdout.strip()
    ).parent
    assert installed["venv"] in site_dir.parents
    for folder in ("config", "seeds", "evaluation"):
        shipped = _data_files(site_dir / "ingest" / "packaged" / folder)
        assert _data_files(REPO / folder) <= shipped and shipped, folder
    assert _data_files(REPO / "models") <= _data_files(site_dir / "models")


def test_installed_wheel_runs_from_another_folder(installed):
    framing, work, env = installed["framing"], installed["work"], installed["env"]
    where = _run(
        [str(installed["python"]), "-c", "import ingest.resources as r; print(r.CONFIG, r.SEEDS)"],
        work,
        env,
    ).stdout
    assert where.count(str(installed["venv"])) == 2, where

    version = _run([str(framing), "--version"], work, env)
    assert version.stdout.strip() == f"framing {metadata.version('framing-dashboard')}"

    events = _run([str(framing), "events"], work, env)
    assert events.returncode == 0, events.stderr
    assert events.stdout.startswith(f"{DEMO_EVENT}\t14 URLs\t0 stored")

    demo = _run([str(framing), "demo"], work, env)
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.strip() == "loaded 14, skipped 0, failed 0"

    exported = _run([str(framing), "export", DEMO_EVENT, "--out", "tables"], work, env)
    assert exported.returncode == 0, exported.stderr
    assert (work / "tables" / "articles.csv").read_text().count("\n") == 15

    evaluated = _run([str(framing), "evaluate"], work, env)
    assert evaluated.returncode == 0, evaluated.stdout + evaluated.stderr
    verdicts = re.findall(r"\b(PASS|FAIL)$", evaluated.stdout, re.M)
    assert verdicts and set(verdicts) == {"PASS"}


def test_installed_app_renders_the_demo(installed):
    """The app file inside the wheel runs headless on the shipped config and seeds."""
    script = (
        "from streamlit.testing.v1 import AppTest\n"
        "from dashboard.cli import APP\n"
        "assert 'site-packages' in str(APP), APP\n"
        "at = AppTest.from_file(str(APP), default_timeout=120).run()\n"
        "assert not at.exception, at.exception\n"
        "print(len(at.get('plotly_chart')), 'charts')\n"
    )
    env = {**installed["env"], "FRAMING_DB": str(installed["work"] / "app.db")}
    result = _run([str(installed["python"]), "-c", script], installed["work"], env)
    assert result.returncode == 0, result.stderr[-2000:]


def test_framing_dashboard_serves_the_installed_app(installed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = ["--server.headless", "true", "--server.address", "127.0.0.1"]
    options += ["--server.port", str(port), "--browser.gatherUsageStats", "false"]
    log = (installed["work"] / "dashboard.log").open("w")
    server = subprocess.Popen(
        [str(installed["framing"]), "dashboard", "--", *options],
        cwd=installed["work"],
        env=installed["env"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
    try:
        deadline, answer = time.monotonic() + 60, ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with direct.open(f"http://127.0.0.1:{port}/_stcore/health") as reply:
                    answer = reply.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        log.flush()
        said = (installed["work"] / "dashboard.log").read_text()[-2000:]
        assert answer == "ok", f"the dashboard did not start: {said}"
    finally:
        server.terminate()  # framing dashboard became the server: this is its process id
        server.wait(timeout=20)
        log.close()


def test_a_config_folder_without_outlets_is_not_the_demo(installed):
    folder = installed["work"] / "half-made"
    (folder / "config").mkdir(parents=True)
    result = _run([str(installed["framing"]), "events"], folder, installed["env"])
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"{folder / 'config'}: this config folder has no outlets.toml" in result.stderr
    assert "--config DIR" in result.stderr
