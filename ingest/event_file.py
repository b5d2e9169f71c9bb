"""Write a new event file: its id, title and keywords, with commented templates to fill in.

The file is created beside the other events, never over one, and the whole config is loaded
again before the command reports success: a file the loader refuses is removed at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import tomlkit

from ingest.config import Config, load_config
from ingest.errors import ConfigError, InputError

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

_TEMPLATE = """\
# One news event: its coverage and the framing axes its outlets are compared on.
# Add coverage URLs to `urls`, one a line (`framing add-url {id} URL...` does it, and
# `framing discover {id} --add` finds them in the outlets' feeds and sitemaps).
id = {id_value}
title = {title}
{description}keywords = {keywords}

# the event's date window: discovery keeps articles published between these days
# date_from = 2019-04-29
# date_to = 2019-05-10

# each coverage URL: a string (outlet found by its domain) or an inline table naming the outlet
urls = [
]

# ---------------------------------------------------------------- actors
# The people and bodies whose labels, quotes and tone are compared across outlets.
# [[actor]]
# name = "Full Name"
# aliases = ["Surname", "Another spelling"]

# ---------------------------------------------------------------- framing axes
# Two poles, each a label and the phrases that voice it. Phrases are matched ignoring case,
# accents and simple inflection, so list base forms; per language: phrases.en = [...].
# [[axis]]
# id = "legitimacy"
# question = "Whom does the coverage treat as the legitimate leader?"
# a = {{ label = "One side", phrases = ["first phrase", "second phrase"] }}
# b = {{ label = "The other side", phrases = ["third phrase", "fourth phrase"] }}
"""


def event_text(event_id: str, title: str, keywords: Iterable[str], description: str = "") -> str:
    """The new event file's text; values are written as TOML strings, never as raw text."""
    words = [k.strip() for k in keywords if k.strip()]
    described = f"description = {tomlkit.string(description.strip()).as_string()}\n"
    return _TEMPLATE.format(
        id=event_id,
        id_value=tomlkit.string(event_id).as_string(),
        title=tomlkit.string(title.strip()).as_string(),
        description=described if description.strip() else "",
        keywords=tomlkit.item(words).as_string(),
    )


def new_event(
    config: Config, event_id: str, title: str, keywords: Iterable[str], description: str = ""
) -> Path:
    """Create `events/<id>.toml` in the config folder; return its path.

    Refused in one InputError line, with nothing written: an id that is not lower-case letters,
    digits, '-' or '_', an id used already, an empty title, no keyword.
    """
    event_id = event_id.strip()
    if not _ID.match(event_id):
        raise InputError(
            f"event id '{event_id}' must be lower-case letters, digits, '-' or '_', "
            "such as venezuela-2019"
        )
    if not title.strip():
        raise InputError("the event has no title; give one with --title")
    keywords = [k for k in keywords if k.strip()]
    if not keywords:
        raise InputError("the event has no keyword; give at least one with --keyword")
    current = load_config(config.root)
    if event_id in current.events:
        raise InputError(
            f"an event '{event_id}' exists already in {current.events[event_id].path}; "
            "pick another id"
        )
    folder = config.root / "events"
    path = folder / f"{event_id}.toml"
    temp = folder / f".{event_id}.toml.{os.getpid()}.tmp"
    try:
        folder.mkdir(exist_ok=True)
        temp.write_text(event_text(event_id, title, keywords, description), encoding="utf-8")
        os.link(temp, path)  # unlike a rename, never replaces a file made meanwhile
    except FileExistsError:
        raise InputError(f"{path}: exists already; pick another id or edit that file") from None
    except OSError as err:
        raise InputError(
            f"{path}: cannot write the event file ({err.strerror}); check the folder's permissions"
        ) from None
    finally:
        temp.unlink(missing_ok=True)
    try:
        load_config(config.root)
    except ConfigError as err:
        path.unlink(missing_ok=True)
        raise ConfigError(f"{err} (the new event file was not kept)") from None
    return path
