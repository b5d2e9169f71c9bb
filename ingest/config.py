"""Load and validate the TOML configuration: outlets, events and fetch settings.

The config folder holds `outlets.toml`, `events/<id>.toml` and an optional `settings.toml`.
Every problem is reported as one ConfigError line naming the file, the entry and the fix.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ingest import resources
from ingest.errors import ConfigError

PACKAGED_CONFIG = resources.CONFIG

# Every fetch setting with its default and one line of help; README documents each one.
SETTINGS: dict[str, tuple[Any, str]] = {
    "timeout": (15, "seconds to wait for a server before a page counts as timed out"),
    "max_bytes": (
        5_000_000,
        "largest page accepted, in bytes after decompression (extraction slows sharply past it)",
    ),
    "per_host": (2, "requests in flight to one host at a time"),
    "workers": (8, "requests in flight in all"),
    "deadline": (
        30,
        "seconds a whole download may take, however the server paces it (pages, robots.txt, "
        "feeds and sitemaps alike); a slower one counts as timed out",
    ),
    "max_redirects": (2, "redirects followed per request, each new address checked again"),
    "max_retry_wait": (
        60,
        "longest Retry-After honoured for answers 429 and 503, in seconds (retried twice at "
        "most); a server asking for longer is logged as rate limited until then and the URL is "
        "left for the next run",
    ),
    "user_agent": (
        "framing-dashboard/0.1 (media research; contact: set user_agent in settings.toml)",
        "User-Agent sent with every request; put a contact address in it",
    ),
    "delay": (
        1.0,
        "seconds between the starts of two requests to the same host (politeness)",
    ),
    "respect_robots": (True, "skip pages the site's robots.txt disallows for our User-Agent"),
    "contact": (
        "",
        "an e-mail address or web page added to the User-Agent, so sites can reach you",
    ),
    "allow_private_networks": (
        False,
        "fetch private and loopback addresses too (intranets, tests); "
        "FRAMING_ALLOW_PRIVATE_NETWORKS=1 does the same",
    ),
    "max_candidates_per_source": (
        1000,
        "discovery: most candidates kept from one feed or sitemap (the newest); the output "
        "says when a source had more",
    ),
    "max_candidates": (
        5000,
        "discovery: most candidates kept in one run (the newest); the output says when more "
        "were found",
    ),
}

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    group: str = ""
    country: str = ""


@dataclass(frozen=True)
class Pole:
    label: str
    phrases: tuple[str, ...]
    # the language each phrase is for, in step with `phrases`; "" means every language
    languages: tuple[str, ...] = ()

    def for_language(self, language: str) -> tuple[str, ...]:
        """The phrases that apply to a document in this language ("" = unknown: all)."""
        if not language or not self.languages:
            return self.phrases
        return tuple(
            p
            for p, lang in zip(self.phrases, self.languages, strict=True)
            if lang in ("", language)
        )


@dataclass(frozen=True)
class Axis:
    id: str
    question: str
    a: Pole
    b: Pole

    def pole(self, name: str) -> Pole:
        return self.a if name == "a" else self.b


@dataclass(frozen=True)
class Actor:
    name: str
    aliases: tuple[str, ...] = ()
    # labels that mean the same in different languages ("régimen" = "regime"), so findings
    # compare them across languages; each a tuple of two or more labels
    same: tuple[tuple[str, ...], ...] = ()


# what a URL entry's `kind` may say: the user's word over the page-kind check
COVERAGE_KINDS = ("article",)


@dataclass(frozen=True)
class Coverage:
    url: str
    outlet: str
    # "article": take the page as an article whatever its page kind looks like; "" lets it decide
    kind: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    path: Path
    description: str = ""
    keywords: tuple[str, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    actors: tuple[Actor, ...] = ()
    axes: tuple[Axis, ...] = ()
    # the event's date window, for discovery (inclusive ISO dates; None = open)
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class FetchSettings:
    timeout: int = SETTINGS["timeout"][0]
    max_bytes: int = SETTINGS["max_bytes"][0]
    per_host: int = SETTINGS["per_host"][0]
    workers: int = SETTINGS["workers"][0]
    deadline: int = SETTINGS["deadline"][0]
    max_redirects: int = SETTINGS["max_redirects"][0]
    max_retry_wait: int = SETTINGS["max_retry_wait"][0]
    user_agent: str = SETTINGS["user_agent"][0]
    delay: float = SETTINGS["delay"][0]
    respect_robots: bool = SETTINGS["respect_robots"][0]
    contact: str = SETTINGS["contact"][0]
    allow_private_networks: bool = SETTINGS["allow_private_networks"][0]
    max_candidates_per_source: int = SETTINGS["max_candidates_per_source"][0]
    max_candidates: int = SETTINGS["max_candidates"][0]

    @property
    def identity(self) -> str:
        """The User-Agent sent: the configured one, with the contact when one is set."""
        return f"{self.user_agent} contact: {self.contact}" if self.contact else self.user_agent


@dataclass(frozen=True)
class Config:
    root: Path
    outlets: tuple[Outlet, ...]
    events: dict[str, Event] = field(default_factory=dict)
    fetch: FetchSettings = field(default_factory=FetchSettings)

    def outlet(self, name: str) -> Outlet | None:
        return next((o for o in self.outlets if o.name == name), None)

    def outlet_for_url(self, url: str) -> Outlet | None:
        return outlet_for_host(self.outlets, urlsplit(url).hostname or "")

    def event(self, event_id: str) -> Event:
        if event_id not in self.events:
            known = ", ".join(sorted(self.events)) or "none"
            raise ConfigError(
                f"no event '{event_id}' in {self.root / 'events'} (known: {known}); "
                f"add events/{event_id}.toml or pick a known id"
            )
        return self.events[event_id]


def outlet_for_host(outlets: tuple[Outlet, ...], host: str) -> Outlet | None:
    """The outlet whose domain is the host or a parent of it (www.x.com belongs to x.com)."""
    host = host.lower().rstrip(".")
    for outlet in outlets:
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet
    return None


def config_dir(explicit: str | Path | None = None) -> Path:
    """--config, then FRAMING_CONFIG, then ./config, then (no ./config at all) the shipped one."""
    chosen = explicit or os.environ.get("FRAMING_CONFIG")
    if chosen:
        return Path(chosen)
    local = Path("config")
    if not local.is_dir():
        return PACKAGED_CONFIG
    if not (local / "outlets.toml").is_file():
        # a folder of one's own that is half made must not quietly turn into the demo
        raise ConfigError(
            f"{local.resolve()}: this config folder has no outlets.toml; add one (see README, "
            "Configuration; `framing add-outlet` writes it) or pass --config DIR"
        )
    return local


def load_config(directory: str | Path | None = None) -> Config:
    """Read and validate a whole config folder; raise ConfigError on the first problem."""
    root = config_dir(directory)
    if not root.is_dir():
        raise ConfigError(f"{root}: no such config folder; pass --config DIR or set FRAMING_CONFIG")
    outlets = _load_outlets(root / "outlets.toml")
    fetch = _load_settings(root / "settings.toml")
    events: dict[str, Event] = {}
    events_dir = root / "events"
    for path in sorted(events_dir.glob("*.toml")) if events_dir.is_dir() else []:
        event = _load_event(path, outlets)
        if event.id in events:
            raise ConfigError(
                f"{path}: event id '{event.id}' is already used by {events[event.id].path}; "
                "give each event its own id"
            )
        events[event.id] = event
    return Config(root=root, outlets=outlets, events=events, fetch=fetch)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: file not found; create it (see README, Configuration)"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err}); fix the syntax there") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise ConfigError(
            f"{path}: values nested too deeply to read; a config needs at most a few levels"
        ) from None


def _has_word(text: str) -> bool:
    """Whether matching finds a word in it (a letter or digit once accents are set aside)."""
    return _WORD.search(unicodedata.normalize("NFKD", text)) is not None


class _Entry:
    """Checks one TOML table, naming the file and the entry in every error."""

    def __init__(self, path: Path, where: str, table: Any, required: set[str], optional: set[str]):
        self.path, self.where = path, where
        if not isinstance(table, dict):
            self.fail("must be a table of keys")
        unknown = sorted(set(table) - required - optional)
        if unknown:
            allowed = ", ".join(sorted(required | optional))
            self.fail(f"unknown key '{unknown[0]}'; the keys allowed here are {allowed}")
        missing = sorted(required - set(table))
        if missing:
            self.fail(f"missing key '{missing[0]}'; add it")
        self.table = table

    def fail(self, message: str) -> None:
        raise ConfigError(f"{self.path}: {self.where}: {message}")

    def text(self, key: str, default: str = "") -> str:
        value = self.table.get(key, default)
        if not isinstance(value, str) or (key in self.table and not value.strip()):
            self.fail(f"'{key}' must be a non-empty string")
        return value.strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(f"'{key}' must be a list of non-empty strings")
        return tuple(v.strip() for v in value)


def _same_labels(entry: _Entry) -> tuple[tuple[str, ...], ...]:
    """An actor's `same = [["régimen", "regime"], …]`: lists of two or more labels, each label
    in one list only."""
    value = entry.table.get("same", [])
    example = 'same = [["régimen", "regime"]]'
    if not isinstance(value, list) or not all(
        isinstance(group, list)
        and len(group) >= 2
        and all(isinstance(label, str) and label.strip() for label in group)
        for group in value
    ):
        entry.fail(f"'same' must be a list of lists of two or more labels, e.g. {example}")
    seen: set[str] = set()
    for group in value:
        for label in group:
            key = label.strip().casefold()
            if key in seen:
                entry.fail(f"label '{label.strip()}' is in 'same' twice; keep it in one list")
            seen.add(key)
    return tuple(tuple(label.strip() for label in group) for group in value)


def _load_outlets(path: Path) -> tuple[Outlet, ...]:
    data = _read_toml(path)
    _Entry(path, "top level", data, set(), {"outlet"})
    outlets: list[Outlet] = []
    owners: dict[str, str] = {}
    for i, table in enumerate(data.get("outlet", [])):
        name = table.get("name", f"#{i + 1}") if isinstance(table, dict) else f"#{i + 1}"
        entry = _Entry(
            path, f"outlet '{name}'", table, {"name", "domains"}, {"feeds", "group", "country"}
        )
        domains = tuple(d.lower().removeprefix("www.") for d in entry.texts("domains"))
        if not domains:
            entry.fail("'domains' is empty; list the outlet's web domain, e.g. [\"example.com\"]")
        for domain in domains:
            if "/" in domain or ":" in domain.split("]")[-1]:
                entry.fail(f"domain '{domain}' must be a bare host name such as example.com")
            if domain in owners:
                entry.fail(f"domain '{domain}' already belongs to outlet '{owners[domain]}'")
            owners[domain] = entry.text("name")
        if any(o.name == entry.text("name") for o in outlets):
            entry.fail("an outlet of that name is already defined; names must be unique")
        for feed in entry.texts("feeds"):
            _check_url(entry, feed, "feed")
        outlets.append(
            Outlet(
                entry.text("name"),
                domains,
                entry.texts("feeds"),
                entry.text("group"),
                entry.text("country"),
            )
        )
    return tuple(outlets)


def _load_settings(path: Path) -> FetchSettings:
    if not path.exists():
        values: dict[str, Any] = {}
    else:
        data = _read_toml(path)
        _Entry(path, "top level", data, set(), {"fetch"})
        entry = _Entry(path, "[fetch]", data.get("fetch", {}), set(), set(SETTINGS))
        values = dict(entry.table)
        for key, value in values.items():
            default = SETTINGS[key][0]
            # bool is an int in Python: check it first so `per_host = true` is refused
            # a whole number is fine where a decimal is expected (delay = 2)
            wanted = (int, float) if isinstance(default, float) else type(default)
            if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
                value, wanted
            ):
                entry.fail(f"'{key}' must be {type(default).__name__}, like {default!r}")
            if (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and value < (0 if key in {"max_redirects", "delay"} else 1)
            ):
                entry.fail(f"'{key}' = {value} is too small; use a positive number")
    if os.environ.get("FRAMING_ALLOW_PRIVATE_NETWORKS", "").strip().lower() in {"1", "true", "yes"}:
        values["allow_private_networks"] = True
    return FetchSettings(**values)


def _check_url(entry: _Entry, url: str, what: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        entry.fail(f"{what} '{url}' is not an http(s) URL; write it as https://host/path")


def _load_pole(path: Path, where: str, table: Any) -> Pole:
    """A pole's phrases: a list for every language, or a table of lists by language code."""
    entry = _Entry(path, where, table, {"label", "phrases"}, set())
    raw = entry.table["phrases"]
    phrases: list[str] = []
    languages: list[str] = []
    if isinstance(raw, dict):
        for language, items in raw.items():
            if not re.fullmatch(r"[a-z]{2}|any", language):
                entry.fail(f"'{language}' is not a two-letter language code such as en or es")
            listed = _Entry(path, f"{where} phrases.{language}", {"p": items}, {"p"}, set())
            for phrase in listed.texts("p"):
                phrases.append(phrase)
                languages.append("" if language == "any" else language)
    else:
        phrases = list(entry.texts("phrases"))
        languages = [""] * len(phrases)
    if not phrases:
        entry.fail("has no phrases; list at least one phrase that signals this pole")
    for phrase in phrases:
        if not _has_word(phrase):
            entry.fail(
                f"phrase '{phrase}' has no word (letter or digit), so it can never match; "
                "write the words it stands for (punctuation may stand around them)"
            )
    return Pole(entry.text("label"), tuple(phrases), tuple(languages))


def _load_event(path: Path, outlets: tuple[Outlet, ...]) -> Event:
    data = _read_toml(path)
    top = _Entry(
        path,
        "top level",
        data,
        {"id", "title"},
        {"description", "keywords", "urls", "actor", "axis", "date_from", "date_to"},
    )
    for keyword in top.texts("keywords"):
        if not _has_word(keyword):
            top.fail(
                f"keyword '{keyword}' has no word (letter or digit); write the words articles "
                "about the event use"
            )
    event_id = top.text("id")
    if not _ID.match(event_id):
        top.fail(f"id '{event_id}' must be lower-case letters, digits, '-' or '_'")
    window = []
    for key in ("date_from", "date_to"):
        value = data.get(key)
        if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
            top.fail(f"'{key}' must be a date written as 2019-05-01 (no quotes)")
        window.append(value)
    if window[0] and window[1] and window[0] > window[1]:
        top.fail("'date_from' is after 'date_to'; swap them")

    coverage: list[Coverage] = []
    seen: set[str] = set()
    names = {o.name for o in outlets}
    urls = data.get("urls", [])
    if not isinstance(urls, list):
        top.fail("'urls' must be a list of URLs or {url = ..., outlet = ..., kind = ...} tables")
    for i, item in enumerate(urls):
        where = f"urls[{i}]"
        if isinstance(item, str):
            item = {"url": item}
        entry = _Entry(path, where, item, {"url"}, {"outlet", "kind"})
        url = entry.text("url")
        _check_url(entry, url, "URL")
        if url in seen:
            entry.fail(f"'{url}' is listed twice; remove one")
        seen.add(url)
        outlet = entry.text("outlet")
        if outlet and outlet not in names:
            entry.fail(f"outlet '{outlet}' is not in outlets.toml; add it there or fix the name")
        if not outlet:
            match = outlet_for_host(outlets, urlsplit(url).hostname or "")
            if match is None:
                entry.fail(
                    f"no outlet in outlets.toml has the domain of '{url}'; add the domain to an "
                    f'outlet or write {{ url = "{url}", outlet = "NAME" }}'
                )
            outlet = match.name
        kind = entry.text("kind")
        if kind and kind not in COVERAGE_KINDS:
            entry.fail(
                f"kind '{kind}' is not known; write kind = \"article\" to take the page as an "
                "article whatever it looks like, or remove the key to let the page decide"
            )
        coverage.append(Coverage(url, outlet, kind))

    actors: list[Actor] = []
    for i, table in enumerate(data.get("actor", [])):
        entry = _Entry(path, f"actor #{i + 1}", table, {"name"}, {"aliases", "same"})
        if any(a.name == entry.text("name") for a in actors):
            entry.fail(f"actor '{entry.text('name')}' is defined twice; keep one")
        for alias in (entry.text("name"), *entry.texts("aliases")):
            if not _has_word(alias):
                entry.fail(
                    f"'{alias}' has no word (letter or digit), so it can never be found; "
                    "write the name as it appears in articles"
                )
        actors.append(Actor(entry.text("name"), entry.texts("aliases"), _same_labels(entry)))

    axes: list[Axis] = []
    for i, table in enumerate(data.get("axis", [])):
        label = table.get("id", f"#{i + 1}") if isinstance(table, dict) else f"#{i + 1}"
        entry = _Entry(path, f"axis '{label}'", table, {"id", "a", "b"}, {"question"})
        axis_id = entry.text("id")
        if not _ID.match(axis_id):
            entry.fail(f"id '{axis_id}' must be lower-case letters, digits, '-' or '_'")
        if any(a.id == axis_id for a in axes):
            entry.fail("this axis id is already used in the event; give each axis its own id")
        poles = []
        for side in ("a", "b"):
            poles.append(_load_pole(path, f"axis '{axis_id}' pole {side}", table[side]))
        axes.append(Axis(axis_id, entry.text("question"), poles[0], poles[1]))

    return Event(
        id=event_id,
        title=top.text("title"),
        path=path,
        description=top.text("description"),
        keywords=top.texts("keywords"),
        coverage=tuple(coverage),
        actors=tuple(actors),
        axes=tuple(axes),
        date_from=window[0],
        date_to=window[1],
    )
