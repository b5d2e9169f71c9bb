"""robots.txt, read once per site and honoured for every page fetched from it."""

from __future__ import annotations

import logging
import threading
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ingest.http import FetchFailure, Reason

LOGGER = logging.getLogger(__name__)

# Fetches a robots.txt: its text, None when the site has none; raises when it cannot be read.
FetchText = Callable[[str], str | None]

# Failures of the connection itself: the site is unreachable for its pages too, for the same
# reason, so each page is failed with that reason rather than asked for in vain.
_SITE_DOWN = {
    Reason.BAD_URL,
    Reason.UNREACHABLE,
    Reason.PRIVATE,
    Reason.REFUSED,
    Reason.TIMEOUT,
    Reason.RESET,
    Reason.TLS,
}


@dataclass(frozen=True)
class _Unreadable:
    failure: FetchFailure


class RobotsRules:
    """The robots.txt rules of every site met so far, for one User-Agent.

    A site without a robots.txt (a 4xx answer) allows everything, as crawlers read a missing
    file. A robots.txt that cannot be read (the server fails, it is too large, it does not
    parse) allows nothing for this run, as the robots.txt standard asks. Each site's file is
    asked for once per run, whatever became of it.
    """

    def __init__(self, fetch_text: FetchText, user_agent: str):
        self._fetch_text = fetch_text
        self._user_agent = user_agent
        self._rules: dict[str, urllib.robotparser.RobotFileParser | _Unreadable | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _site_rules(self, site: str):
        with self._guard:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch per site, however many workers ask at once
            if site not in self._rules:
                self._rules[site] = self._read(f"{site}/robots.txt")
            return self._rules[site]

    def _read(self, url: str):
        try:
            text = self._fetch_text(url)
            if text is None:
                return None
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(text.splitlines())
            return parser
        except FetchFailure as failure:
            return _Unreadable(failure)
        except Exception as err:  # a hostile file must not fail every page as a crash
            LOGGER.warning("%s: could not be parsed: %r", url, err)
            return _Unreadable(FetchFailure(Reason.BAD_ANSWER, f"it does not parse ({err!r})"))

    def refusal(self, url: str) -> FetchFailure | None:
        """None when the page may be fetched; else the failure to log for it."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        rules = self._site_rules(site)
        if rules is None:
            return None
        if isinstance(rules, _Unreadable):
            failure = rules.failure
            detail = f"{site}/robots.txt could not be read: {failure.reason}: {failure.detail}"
            if failure.kind in _SITE_DOWN:
                return FetchFailure(failure.kind, detail, failure.http_status)
            return FetchFailure(
                Reason.ROBOTS,
                detail + "; its pages are not fetched until it can be read",
                failure.http_status,
            )
        if rules.can_fetch(self._user_agent, url):
            return None
        return FetchFailure(
            Reason.ROBOTS,
            "the site's robots.txt disallows this page for our User-Agent "
            "(respect_robots in settings.toml)",
        )

    def allowed(self, url: str) -> bool:
        return self.refusal(url) is None
