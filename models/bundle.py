"""The "download all" bundle: every table, the event's config and a manifest, in one zip.

The manifest records what produced the tables so that a comparison can be reproduced and
checked: product, Python and library versions, the filters in force, each table's row count
and SHA-256 (of exactly the CSV bytes `framing export` writes), a fingerprint of each axis's
model, the config files' SHA-256 and when each page was fetched. Apart from `generated_at` it
depends only on its inputs, and the zip's members carry a fixed timestamp, so the same tables
and config give the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import platform
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ingest.config import Axis, Config, Event, Pole
from ingest.errors import ConfigError
from models import axis_model
from models.axis_model import AXIS_MODELS
from models.corpus import FETCH_LOG, FETCH_LOG_COLUMNS
from models.export import csv_bytes, json_value

DISTRIBUTION = "framing-dashboard"
# Shape the results without being direct dependencies: scipy under scikit-learn; lxml,
# htmldate and justext under trafilatura's parsing, dates and main-text extraction.
INDIRECT_LIBRARIES = ("scipy", "lxml", "htmldate", "justext")
# Used when the product is not installed, so its declared dependencies cannot be read.
DECLARED_LIBRARIES = (
    "streamlit",
    "trafilatura",
    "lxml_html_clean",
    "scikit-learn",
    "plotly",
    "pandas",
    "numpy",
    "py3langid",
    "skops",
    "vaderSentiment",
    "tomlkit",
)
NOT_INSTALLED = "not installed"
# ZIP cannot store dates before 1980; any fixed date makes the archive reproducible.
MEMBER_TIME = (1980, 1, 1, 0, 0, 0)
QUALITY_FIELDS = [c for c in axis_model.QUALITY_COLUMNS if c not in ("axis", "note")]


def saved_models_dir(store_dir: str | Path, event_id: str) -> Path:
    """Where `framing train` saves an event's axis models by default: beside the store."""
    return Path(store_dir) / "models" / event_id


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return NOT_INSTALLED


def _declared_libraries() -> list[str]:
    """The product's runtime dependencies as its installed metadata declares them."""
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return list(DECLARED_LIBRARIES)
    names = []
    for requirement in requirements:
        if "extra ==" in requirement:  # test tools do not shape the results
            continue
        names.append(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))
    return names


def versions() -> dict[str, Any]:
    """The product's, Python's and the result-shaping libraries' versions."""
    libraries = [*_declared_libraries(), *INDIRECT_LIBRARIES]
    return {
        "product": {"name": DISTRIBUTION, "version": _version(DISTRIBUTION)},
        "python": platform.python_version(),
        "libraries": {name: _version(name) for name in sorted(set(libraries), key=str.lower)},
    }


def _pole_phrases(pole: Pole) -> dict[str, list[str]]:
    """The pole's phrases grouped by language, "any" for those that apply to every one."""
    languages = pole.languages or ("",) * len(pole.phrases)
    grouped: dict[str, list[str]] = {}
    for phrase, language in zip(pole.phrases, languages, strict=True):
        grouped.setdefault(language or "any", []).append(phrase)
    return grouped


def _isjson_value(value: Any) -> bool:
    if isinstance(value, tuple | list):
        return all(_isjson_value(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


def _model_settings() -> dict[str, Any]:
    """The pipeline's plain parameters and the thresholds that decide whether it is trusted."""
    params = axis_model.make_pipeline().get_params(deep=True)
    # the steps themselves are estimators; their parameters are listed one by one anyway
    plain = {name: value for name, value in params.items() if _isjson_value(value)}
    thresholds = ("MIN_EXAMPLES", "MIN_ARTICLES", "MIN_AUC", "CONFIDENT", "MODEL_WEIGHT", "FOLDS")
    return {"pipeline": plain, **{name: getattr(axis_model, name) for name in thresholds}}


def _axis_quality(axis_models: pd.DataFrame | None, axis_id: str) -> dict[str, Any] | None:
    if axis_models is None or axis_models.empty or "axis" not in axis_models:
        return None
    rows = axis_models[axis_models["axis"] == axis_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {column: json_value(row[column]) for column in QUALITY_FIELDS if column in row}


def _axis_fingerprint(axis: Axis, quality: dict[str, Any] | None, settings: dict) -> str:
    definition = {
        "axis": axis.id,
        "a": _pole_phrases(axis.a),
        "b": _pole_phrases(axis.b),
        "quality": quality,
        "settings": settings,
    }
    text = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _sha256(text.encode("utf-8"))


def _saved_models(event: Event, store_dir: Path | None) -> list[dict[str, str]]:
    """The event's saved skops files, each with its path relative to the store's folder."""
    if store_dir is None:
        return []
    folder = saved_models_dir(store_dir, event.id)
    return [
        {"path": path.relative_to(store_dir).as_posix(), "sha256": _sha256(path.read_bytes())}
        for path in sorted(folder.glob("*.skops"))
    ]


def model_fingerprints(
    event: Event, tables: dict[str, pd.DataFrame], store_dir: Path | None = None
) -> dict[str, Any]:
    """Per axis, a SHA-256 of its phrases, model settings and quality; the saved models' too."""
    settings = _model_settings()
    axes = {}
    for axis in event.axes:
        quality = _axis_quality(tables.get(AXIS_MODELS), axis.id)
        axes[axis.id] = {
            "sha256": _axis_fingerprint(axis, quality, settings),
            "quality": quality,
        }
    return {"axes": axes, "saved": _saved_models(event, store_dir)}


def config_files(event: Event, config: Config) -> dict[str, bytes]:
    """The config files the tables came from, by their path in the config folder, as stored."""
    files = {"outlets.toml": config.root / "outlets.toml", f"events/{event.path.name}": event.path}
    if (config.root / "settings.toml").is_file():
        files["settings.toml"] = config.root / "settings.toml"
    contents = {}
    for name, path in files.items():
        try:
            contents[name] = path.read_bytes()
        except OSError as err:
            raise ConfigError(f"{path}: cannot be read for the bundle ({err.strerror})") from None
    return contents


def _page(url: str, outlet: str | None, attempts: pd.DataFrame) -> dict[str, Any]:
    if attempts.empty:
        return {
            "url": url,
            "outlet": outlet,
            "status": "not fetched",
            "reason": None,
            "attempts": 0,
            "last_attempt_at": None,
            "fetched_at": None,
        }
    last = attempts.iloc[-1]
    fetched = attempts[attempts["status"] == "fetched"]
    return {
        "url": url,
        "outlet": json_value(last["outlet"]),
        "status": json_value(last["status"]),
        "reason": json_value(last["reason"]),
        "attempts": len(attempts),
        "last_attempt_at": json_value(last["fetched_at"]),
        # when the copy the tables were computed from was downloaded (later attempts may
        # have been skipped as already stored or not modified)
        "fetched_at": json_value(fetched.iloc[-1]["fetched_at"]) if len(fetched) else None,
    }


def pages(event: Event, fetch_log: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Every URL of the event with its latest attempt and when its stored copy was fetched.

    The coverage URLs come first, in the event file's order, then any other URL in the fetch
    log (pages added with `framing import`), in the order they were first logged.
    """
    log = fetch_log if fetch_log is not None else pd.DataFrame(columns=FETCH_LOG_COLUMNS)
    attempts = dict(iter(log.groupby("url", sort=False)))
    outlets = {c.url: c.outlet for c in event.coverage}
    order = [*outlets, *(url for url in attempts if url not in outlets)]
    empty = log.iloc[0:0]
    return [_page(url, outlets.get(url), attempts.get(url, empty)) for url in order]


def _table_csvs(tables: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    return {name: csv_bytes(table) for name, table in tables.items()}


def _manifest(
    event: Event,
    config_bytes: dict[str, bytes],
    tables: dict[str, pd.DataFrame],
    csvs: dict[str, bytes],
    *,
    filters: dict,
    generated_at: str | None,
    store_dir: Path | None,
) -> dict[str, Any]:
    return {
        **versions(),
        "generated_at": generated_at or datetime.now(UTC).isoformat(timespec="seconds"),
        "event": {"id": event.id, "title": event.title},
        "filters": {name: json_value(value) for name, value in filters.items()},
        "tables": {
            name: {
                "file": f"tables/{name}.csv",
                "rows": len(tables[name]),
                "sha256": _sha256(data),
            }
            for name, data in csvs.items()
        },
        "models": model_fingerprints(event, tables, store_dir),
        "config_files": {
            f"config/{name}": {"sha256": _sha256(data)} for name, data in config_bytes.items()
        },
        "pages": pages(event, tables.get(FETCH_LOG)),
    }


def manifest(
    event: Event,
    config: Config,
    tables: dict[str, pd.DataFrame],
    *,
    filters: dict,
    generated_at: str | None = None,
    store_dir: str | Path | None = None,
) -> dict[str, Any]:
    """What produced the tables, as plain JSON values.

    `filters` are the choices the tables were computed with (`include_copies`); `store_dir`
    is the store's folder, where `framing train` saves the models (none recorded without it).
    """
    return _manifest(
        event,
        config_files(event, config),
        tables,
        _table_csvs(tables),
        filters=filters,
        generated_at=generated_at,
        store_dir=Path(store_dir) if store_dir is not None else None,
    )


def _filters_note(filters: dict) -> str:
    """A note on the dashboard's filters other than wire copies: `framing export` has none."""
    others = {name: value for name, value in filters.items() if name != "include_copies"}
    if not others:
        return ""
    listed = "; ".join(
        f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in others.items()
    )
    return (
        f"\nThese tables were computed under the dashboard's filters {listed}.\n"
        "`framing export` has no such options: its tables are the unfiltered ones.\n"
    )


def readme_text(event: Event, filters: dict) -> str:
    """The bundle's README: what each part is and how to compute the tables again."""
    copies = " --include-copies" if filters.get("include_copies") else ""
    product = f"{DISTRIBUTION} {_version(DISTRIBUTION)}"
    # --config goes after the command: the subcommand's own default would override it before
    return f"""\
Comparison bundle of the event "{event.title}" ({event.id}), made by {product}.

tables/<name>.csv  every comparison table: the same bytes `framing export` writes (UTF-8,
                   header row; a text cell that starts like a formula gets a leading ').
config/            the config the tables were computed from, byte for byte (comments kept):
                   outlets.toml, events/<event>.toml and settings.toml when there was one.
manifest.json      what produced the tables: product, Python and library versions, the
                   filters in force, each table's rows and SHA-256, each axis model's
                   fingerprint, the config files' SHA-256, and for every page its outlet,
                   last fetch status and when the stored copy was fetched (fetched_at).

To reproduce, with the product and libraries at the versions in manifest.json, in this folder:
  framing fetch {event.id} --config config --db again.db
      (saved pages: framing import {event.id} FILE... --outlet NAME --config config --db again.db;
       the demo events: framing demo --config config --db again.db)
  framing export {event.id} --config config --db again.db --out tables-again{copies}
then compare each file's SHA-256 with the manifest's. fetch_log always differs (it records
when and how fast each page came); sites change and remove pages, so a later fetch can give
other text: fetched_at says which copy these tables come from.
{_filters_note(filters)}"""


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=MEMBER_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, wherever it is made, so the bytes do not depend on the OS
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def bundle_bytes(
    event: Event,
    config: Config,
    tables: dict[str, pd.DataFrame],
    *,
    filters: dict,
    generated_at: str | None = None,
    store_dir: str | Path | None = None,
) -> bytes:
    """The zip of README.txt, manifest.json, config/ and tables/<name>.csv, built in memory."""
    config_bytes = config_files(event, config)
    csvs = _table_csvs(tables)
    described = _manifest(
        event,
        config_bytes,
        tables,
        csvs,
        filters=filters,
        generated_at=generated_at,
        store_dir=Path(store_dir) if store_dir is not None else None,
    )
    manifest_json = json.dumps(
        described, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "README.txt", readme_text(event, filters).encode("utf-8"))
        _add(archive, "manifest.json", (manifest_json + "\n").encode("utf-8"))
        for name, data in config_bytes.items():
            _add(archive, f"config/{name}", data)
        for name, data in csvs.items():
            _add(archive, f"tables/{name}.csv", data)
    return buffer.getvalue()
