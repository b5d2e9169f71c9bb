"""The commands that write the config from a terminal: new-event, add-outlet, add-url.

Each goes through the same checks as the dashboard's Add coverage (ingest.config_edit) or, for
a new event, ingest.event_file; a refused input is one line and leaves every file as it was.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ingest.config import Config, load_config
from ingest.errors import FramingError, InputError

COMMANDS = ("new-event", "add-outlet", "add-url")

_OUTLETS_HEADER = """\
# Outlets known to the dashboard: one [[outlet]] table each.
# name: shown in tables and charts; domains: host names whose URLs belong to the outlet
# (a sub-domain such as www. matches too); group and country (ISO 3166 alpha-2): optional,
# for your own grouping; feeds: optional RSS/Atom URLs used to discover coverage.
"""


def add_parsers(commands, common: argparse.ArgumentParser, event_help: str) -> None:
    """The three commands' arguments, each with its help."""
    new_event = commands.add_parser(
        "new-event",
        parents=[common],
        help="write a new event file, with commented templates for its actors and axes",
    )
    new_event.add_argument(
        "id", help="the new event's id: lower-case letters, digits, '-' or '_' (venezuela-2019)"
    )
    new_event.add_argument("--title", required=True, help="the event's title, shown everywhere")
    new_event.add_argument(
        "--keyword",
        action="append",
        required=True,
        metavar="WORD",
        help="a word that marks the event's coverage, for discovery (repeat for more)",
    )
    new_event.add_argument("--description", default="", help="one sentence on what happened")

    add_outlet = commands.add_parser(
        "add-outlet",
        parents=[common],
        help="add an outlet to outlets.toml (comments kept); creates ./config if there is none",
    )
    add_outlet.add_argument("name", help="the outlet's name, as tables and charts will show it")
    add_outlet.add_argument(
        "--domain",
        action="append",
        required=True,
        help="a host name whose URLs belong to the outlet, such as example.com (repeat for more)",
    )
    add_outlet.add_argument(
        "--feed", action="append", default=[], help="an RSS or Atom URL, for discovery"
    )
    add_outlet.add_argument("--group", default="", help="your own grouping of outlets")
    add_outlet.add_argument("--country", default="", help="two-letter country code, such as US")

    add_url = commands.add_parser(
        "add-url",
        parents=[common],
        help="add article URLs to an event's file (comments kept), checked as the dashboard does",
    )
    add_url.add_argument("event", help=event_help)
    add_url.add_argument(
        "urls", nargs="+", metavar="URL", help="article addresses, http(s); each added once"
    )
    add_url.add_argument(
        "--outlet",
        help="file them all under this outlet (default: the outlet that owns each URL's domain)",
    )


def run(args: argparse.Namespace) -> int:
    """Run one of COMMANDS; a refused input raises FramingError, with nothing written."""
    if args.command == "add-outlet":
        return _add_outlet(args)
    if args.command == "new-event":
        from ingest.event_file import new_event

        path = new_event(
            own_config(args), args.id, args.title, args.keyword, description=args.description
        )
        print(f"wrote {path}; add its URLs with `framing add-url {args.id.strip()} URL...`")
        return 0
    from ingest.config_edit import add_article_urls

    config = own_config(args)
    event = config.event(args.event)
    added = add_article_urls(event, config, args.urls, outlet=args.outlet)
    print(f"added {len(added)} URLs to {event.path}")
    return 0


def own_config(args: argparse.Namespace) -> Config:
    """The config a writing command may change: one the user chose, never the demo's copy that
    is used only because there is no ./config (inside an installed package, at that)."""
    if not (args.config or os.environ.get("FRAMING_CONFIG") or Path("config").is_dir()):
        raise InputError(
            "there is no config folder of your own to write to (only the shipped demo's); "
            "`framing add-outlet` creates ./config, or pass --config DIR"
        )
    return load_config(args.config)


def _add_outlet(args: argparse.Namespace) -> int:
    """Write the outlet; the first outlet of a new config folder creates its outlets.toml."""
    from ingest.config_edit import add_outlet

    chosen = args.config or os.environ.get("FRAMING_CONFIG")
    root = Path(chosen) if chosen else Path("config")
    outlets = root / "outlets.toml"
    made: list[Path] = []
    if not outlets.is_file():
        if not root.parent.is_dir() or (root.exists() and not root.is_dir()):
            raise InputError(f"{root}: cannot make a config folder there; pass --config DIR")
        try:
            if not root.is_dir():
                root.mkdir()
                made.append(root)
            outlets.write_text(_OUTLETS_HEADER, encoding="utf-8")
            made.insert(0, outlets)
        except OSError as err:
            raise InputError(
                f"{outlets}: cannot write ({err.strerror}); pass --config DIR"
            ) from None
    try:
        config = load_config(root)
        path = add_outlet(
            config, args.name, args.domain, group=args.group, country=args.country, feeds=args.feed
        )
    except FramingError:
        for created in made:  # nothing written when the outlet is refused
            if created.is_dir():
                created.rmdir()
            else:
                created.unlink()
        raise
    print(f"added outlet '{args.name.strip()}' to {path}")
    return 0
