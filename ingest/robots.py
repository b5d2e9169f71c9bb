"""robots.txt, read once per site and honoured for every page fetched from it."""

from __future__ import annotations

import threading
import urllib.robotparser
from collections.abc import Callable
from urllib.parse import urlsplit

# Fetches a robots.txt: its text, or None when the site has none or cannot be reached.
FetchText = Callable[[str], str | None]


class RobotsRules:
    """The robots.txt rules of every site met so far, for one User-Agent.

    A site without a robots.txt, or whose robots.txt cannot be fetched, allows everything:
    that is how crawlers read a missing file, and a site that is down fails the page anyway.
    """

    def __init__(self, fetch_text: FetchText, user_agent: str):
        self._fetch_text = fetch_text
        self._user_agent = user_agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _rules(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        with self._guard:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one fetch per site, however many workers ask at once
            if site not in self._parsers:
                text = self._fetch_text(f"{site}/robots.txt")
                parser = None
                if text is not None:
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(text.splitlines())
                self._parsers[site] = parser
            return self._parsers[site]

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        rules = self._rules(f"{parts.scheme}://{parts.netloc}")
        return rules is None or rules.can_fetch(self._user_agent, url)
