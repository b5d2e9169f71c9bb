"""Write outlets and article URLs into the config files, keeping their comments and layout.

Every change holds the config folder's lock (an exclusive `flock` on `.framing-config.lock`
in the folder, so other processes and threads wait their turn), is checked against the config
as it is on disk under that lock (not as a caller loaded it earlier), written through a
temporary file and `os.replace`, so a reader never sees half a file, and then loaded again with
`load_config`: when the loader refuses the result, the file's previous text is put back and the
loader's one-line message is raised.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT
from tomlkit.toml_document import TOMLDocument

from ingest.config import Config, Event, Outlet, load_config, outlet_for_host
from ingest.errors import ConfigError, InputError

# Sessions of one dashboard share this process, and a dashboard and a `framing discover --add`
# can run side by side: one read-modify-write at a time per config folder, so two people adding
# coverage together never overwrite each other's addition.
_WRITING = threading.RLock()
_HELD = threading.local()  # lock files this thread holds, by folder: the lock is re-entrant
LOCK_NAME = ".framing-config.lock"

_COUNTRY = re.compile(r"^[A-Z]{2}$")
# a host name's characters (letters of any script for internationalised names, digits, - and .)
_HOST = re.compile(r"^[^\W_]([\w-]*[^\W_])?(\.[^\W_]([\w-]*[^\W_])?)*$")


@contextmanager
def config_lock(root: Path) -> Iterator[None]:
    """Hold the config folder's write lock: within this process and across processes."""
    key = str(Path(root).resolve())
    held = getattr(_HELD, "folders", None)
    if held is None:
        held = _HELD.folders = {}
    with _WRITING:
        if key in held:  # already ours, further up this thread's stack
            held[key] += 1
            try:
                yield
            finally:
                held[key] -= 1
            return
        path = Path(root) / LOCK_NAME
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise InputError(
                f"{path}: cannot create the config's lock file ({err.strerror}); "
                "make the config folder writable"
            ) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits for another process's write
            held[key] = 1
            try:
                yield
            finally:
                del held[key]
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)


def normalise_url(url: str) -> str:
    """The URL without its fragment and with a lower-case host, for finding duplicates."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def url_entry(url: str, outlet: str, outlets: tuple[Outlet, ...]):
    """A plain URL when its domain names its outlet, else an inline { url, outlet } table."""
    owner = outlet_for_host(outlets, urlsplit(url).hostname or "")
    if owner is not None and owner.name == outlet:
        return url
    # parsed from text so the table is spaced like the hand-written ones: { url = "...", ... }
    quoted_url, quoted_outlet = tomlkit.string(url).as_string(), tomlkit.string(outlet).as_string()
    return tomlkit.parse(f"x = {{ url = {quoted_url}, outlet = {quoted_outlet} }}")["x"]


def _read(path: Path, what: str) -> tuple[str, TOMLDocument]:
    """The file's exact text (line endings untouched) and its tomlkit document."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InputError(
            f"{path}: the {what} is missing; create it (see README, Configuration)"
        ) from None
    except OSError as err:
        raise InputError(f"{path}: cannot read the {what} ({err.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    try:
        return text, tomlkit.parse(text)
    except TOMLKitError as err:
        raise ConfigError(f"{path}: not valid TOML ({err}); fix the syntax there") from None
    except RecursionError:
        raise ConfigError(
            f"{path}: values nested too deeply to read; a config needs at most a few levels"
        ) from None


def _replace(path: Path, text: str, what: str) -> None:
    """Write the whole file through a temporary file beside it, then swap it in."""
    temp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8", newline="")
        shutil.copymode(path, temp)  # keep the file's permissions, not the umask's
        os.replace(temp, path)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise InputError(
            f"{path}: cannot write the {what} ({err.strerror}); check its permissions"
        ) from None


def _write_checked(path: Path, before: str, after: str, root: Path, what: str) -> None:
    """Swap in the new text, load the whole config again, put the old text back if refused."""
    _replace(path, after, what)
    try:
        load_config(root)
    except ConfigError as err:
        _replace(path, before, what)
        raise ConfigError(f"{err} (nothing was changed in {path.name})") from None


def _event_root(path: Path) -> Path:
    return path.parent.parent  # events live in <config>/events/<id>.toml


def append_urls(
    path: Path, entries: Iterable[tuple[str, str]], outlets: tuple[Outlet, ...]
) -> list[str]:
    """Append (url, outlet) entries to an event file's `urls`, keeping its comments and layout.

    URLs already listed are skipped; returns the URLs added. Raises InputError when the file
    cannot be read or written, ConfigError when it is not valid TOML or the result is refused.
    """
    with config_lock(_event_root(path)):
        before, document = _read(path, "event file")
        urls = document.get("urls")
        if urls is None:
            urls = tomlkit.array()
            urls.multiline(True)
            document["urls"] = urls
        listed = {
            normalise_url(item if isinstance(item, str) else str(item.get("url", "")))
            for item in urls
        }
        added = []
        for url, outlet in entries:
            key = normalise_url(url)
            if key in listed:
                continue
            listed.add(key)
            urls.append(url_entry(url.strip(), outlet, outlets))
            added.append(url.strip())
        if added:
            _write_checked(path, before, tomlkit.dumps(document), _event_root(path), "event file")
        return added


def _domain(text: str) -> str:
    """A domain as the loader keeps it (lower case, no www.), or InputError naming the fix."""
    domain = text.strip().lower().rstrip(".").removeprefix("www.")
    if not _HOST.match(domain):
        raise InputError(
            f"domain '{text.strip()}' is not a bare host name; write it like example.com "
            "(no https://, path or port)"
        )
    return domain


def add_outlet(
    config: Config,
    name: str,
    domains: Iterable[str],
    group: str = "",
    country: str = "",
    feeds: Iterable[str] = (),
) -> Path:
    """Append an [[outlet]] table to outlets.toml; return the file's path.

    The outlet is checked against the outlets on disk now: a name used already (in any case),
    a domain another outlet owns, or a domain inside another outlet's domain (its URLs would
    count for that outlet) is refused with one InputError line.
    """
    path = config.root / "outlets.toml"
    name = name.strip()
    if not name:
        raise InputError("the outlet has no name; give it one, such as The Example Times")
    wanted = list(dict.fromkeys(_domain(d) for d in domains if d.strip()))
    if not wanted:
        raise InputError(f"outlet '{name}' has no domain; give at least one, such as example.com")
    country = country.strip().upper()
    if country and not _COUNTRY.match(country):
        raise InputError(f"country '{country}' must be a two-letter code such as US or VE")
    feeds = [f.strip() for f in feeds if f.strip()]
    for feed in feeds:
        parts = urlsplit(feed)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise InputError(f"feed '{feed}' is not an http(s) URL; write it as https://host/path")

    with config_lock(config.root):
        current = load_config(config.root).outlets
        for outlet in current:
            if outlet.name.casefold() == name.casefold():
                raise InputError(
                    f"an outlet named '{outlet.name}' is already in {path}; pick another name"
                )
            for domain in wanted:
                if domain in outlet.domains:
                    raise InputError(
                        f"domain '{domain}' already belongs to outlet '{outlet.name}' in {path}; "
                        f"add its URLs under '{outlet.name}' or use another domain"
                    )
                parent = next((d for d in outlet.domains if domain.endswith("." + d)), None)
                if parent:
                    raise InputError(
                        f"domain '{domain}' is inside '{parent}' of outlet '{outlet.name}', "
                        f"so its URLs would count for '{outlet.name}'; remove '{parent}' there "
                        "first or add the URLs under that outlet"
                    )

        before, document = _read(path, "outlets file")
        table = tomlkit.table()
        # a blank line before the new [[outlet]] header, like the hand-written ones
        table.trivia.indent = "\n" if before.strip() else ""
        table["name"] = name
        table["domains"] = wanted
        if group.strip():
            table["group"] = group.strip()
        if country:
            table["country"] = country
        if feeds:
            table["feeds"] = feeds
        outlets = document.get("outlet")
        if outlets is None:
            outlets = tomlkit.aot()
            outlets.append(table)
            document.append("outlet", outlets)
        elif isinstance(outlets, AoT):
            outlets.append(table)
        else:
            raise ConfigError(
                f"{path}: 'outlet' is not written as [[outlet]] tables; rewrite it that way "
                "to add outlets from the dashboard"
            )
        _write_checked(path, before, tomlkit.dumps(document), config.root, "outlets file")
    return path


def add_article_urls(event: Event, config: Config, urls: Iterable[str]) -> list[str]:
    """Add article URLs to the event's file, each under the outlet that owns its domain.

    Blank lines are ignored and a URL given twice is added once. Every URL is checked before
    anything is written, so one bad URL adds none: InputError names it and the fix.
    """
    given = list(dict.fromkeys(u.strip() for u in urls if u.strip()))
    if not given:
        raise InputError("no URL given; paste one article URL per line")
    with config_lock(config.root):
        current = load_config(config.root)
        event = current.event(event.id)
        listed = {normalise_url(c.url) for c in event.coverage}
        entries = []
        for url in given:
            try:
                parts = urlsplit(url)
                host = parts.hostname or ""
                parts.port  # noqa: B018 - raises on a port that is not a number
            except ValueError:  # a malformed address such as http://[::1 or host:abc
                host, parts = "", None
            if parts is None or parts.scheme not in {"http", "https"} or not host or " " in url:
                raise InputError(
                    f"'{url}' is not an http(s) URL; write it as https://host/path, one per line"
                )
            outlet = current.outlet_for_url(url)
            if outlet is None:
                raise InputError(
                    f"no outlet has the domain of '{url}'; add an outlet with the domain "
                    f"{host.removeprefix('www.')} first, or correct the URL"
                )
            if normalise_url(url) in listed:
                raise InputError(
                    f"'{url}' is already listed in {event.path}; remove it from the list"
                )
            entries.append((url, outlet.name))
        return append_urls(event.path, entries, current.outlets)
