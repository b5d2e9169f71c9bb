"""Discover an event's coverage from the outlets' feeds and sitemaps.

For each outlet: its configured feeds (else the feeds its homepage links to) and its sitemaps
(robots.txt `Sitemap:` lines and /sitemap.xml, sitemap indexes followed one level). Every
request goes through `ingest.fetch.download`, so SSRF checks, timeouts and size caps apply.
Items are kept when a keyword of the event matches their URL, title or description, their date
falls in the event's window (when known) and their URL is on the outlet's own domains.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from ingest.config import Config, Event, FetchSettings, Outlet, outlet_for_host
from ingest.config_edit import append_urls, normalise_url
from ingest.extract import decode_html
from ingest.fetch import HTML_TYPES, _Failure, download, trafilatura_config

LOGGER = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)
# Some servers label feeds and sitemaps as plain text; robots.txt is plain text.
XML_TYPES = (*FEED_TYPES, "text/plain")
TEXT_TYPES = ("text/plain",)

# A feed or sitemap larger than this is refused before parsing (ElementTree holds it all).
MAX_XML_CHARS = 10_000_000
# Child sitemaps followed per index: big sites list thousands (one per day or per section).
MAX_CHILD_SITEMAPS = 10
MAX_ROBOTS_SITEMAPS = 5
# Outlets' homepages, robots.txt and /sitemap.xml are looked for here (tests serve plain http).
SITE_SCHEME = "https"

_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_SPLIT_URL = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Candidate:
    """An article found in a feed or sitemap that seems to cover the event."""

    url: str
    outlet: str
    title: str = ""
    description: str = ""
    published: str = ""  # ISO date, "" when unknown
    source: str = ""  # where it was found: "rss", "atom", "sitemap", joined by ", "
    reason: str = ""  # why it was kept: the keywords matched and the date check
    configured: bool = False  # already listed in the event's urls


@dataclass(frozen=True)
class _Item:
    """One entry of a feed or sitemap, before filtering."""

    url: str
    title: str = ""
    description: str = ""
    published: date | None = None
    # a modification date (sitemap lastmod, Atom updated): an article is never modified before
    # it is published, so it only rules out items modified before the window opens
    modified: date | None = None
    source: str = ""


class UnsafeXML(ValueError):
    """The XML declares a DOCTYPE or entities (possible entity expansion) or is too large."""


def fold(text: str) -> str:
    """Lower-case text without accents, so 'Guaidó' matches 'GUAIDO'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def parse_xml(text: str) -> ET.Element:
    """Parse XML text with the standard library, refusing DOCTYPE/ENTITY and oversized input.

    Entity expansion ("billion laughs") needs a DOCTYPE with entity declarations; feeds and
    sitemaps never need one, so any declaration is refused before the parser sees the text.
    """
    if len(text) > MAX_XML_CHARS:
        raise UnsafeXML(f"{len(text)} characters, more than the {MAX_XML_CHARS} accepted")
    if _DECLARATION.search(text):
        raise UnsafeXML("it declares a DOCTYPE or entities, which feeds never need")
    try:
        return ET.fromstring(text)
    except ET.ParseError as err:
        raise ValueError(f"not well-formed XML ({err})") from None


def decode_xml(raw: bytes, content_type: str = "") -> str:
    """Decode XML bytes: its byte-order mark or <?xml encoding?>, else as an HTML page."""
    declared = _XML_ENCODING.match(raw[:200])
    if declared and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass  # an unknown label: fall back to the HTML rules
    return decode_html(raw, content_type)[0]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: ET.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return "".join(child.itertext()).strip()
    return ""


def _strip_html(text: str) -> str:
    # feed descriptions often carry escaped HTML; keywords are matched on the words only
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", text)).strip()


def parse_date(text: str) -> date | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) date; None when unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def parse_feed(text: str, base_url: str = "") -> list[_Item]:
    """The items of an RSS 2.0 or Atom feed (link, title, description, date)."""
    root = parse_xml(text)
    items: list[_Item] = []
    if _local(root.tag) == "feed":  # Atom
        for entry in (e for e in root if _local(e.tag) == "entry"):
            link = ""
            for child in entry:
                if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate":
                    link = child.get("href", "")
                    break
            if not link:
                continue
            items.append(
                _Item(
                    urljoin(base_url, link.strip()),
                    _strip_html(_child_text(entry, "title")),
                    _strip_html(_child_text(entry, "summary") or _child_text(entry, "content")),
                    parse_date(_child_text(entry, "published")),
                    parse_date(_child_text(entry, "updated")),
                    "atom",
                )
            )
        return items
    # RSS 2.0 (items under channel) and RSS 1.0/RDF (items beside it)
    for entry in (e for e in root.iter() if _local(e.tag) == "item"):
        link = _child_text(entry, "link") or _child_text(entry, "guid")
        if not link:
            continue
        items.append(
            _Item(
                urljoin(base_url, link),
                _strip_html(_child_text(entry, "title")),
                _strip_html(_child_text(entry, "description")),
                parse_date(_child_text(entry, "pubDate") or _child_text(entry, "date")),
                None,
                "rss",
            )
        )
    return items


def parse_sitemap(text: str) -> tuple[list[_Item], list[tuple[str, date | None]]]:
    """A sitemap's URLs (loc, lastmod, news:title) and, for an index, its child sitemaps."""
    root = parse_xml(text)
    items: list[_Item] = []
    children: list[tuple[str, date | None]] = []
    for entry in root:
        kind = _local(entry.tag)
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        if kind == "sitemap":
            children.append((loc, parse_date(_child_text(entry, "lastmod"))))
        elif kind == "url":
            title, published = "", None
            for child in entry:
                if _local(child.tag) == "news":
                    title = _child_text(child, "title")
                    published = parse_date(_child_text(child, "publication_date"))
            items.append(
                _Item(
                    loc,
                    title,
                    "",
                    published,
                    parse_date(_child_text(entry, "lastmod")),
                    "sitemap",
                )
            )
    return items, children


class _FeedLinks(HTMLParser):
    """Collects <link rel="alternate" type="application/rss+xml|atom+xml" href=...>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().strip()
        feed_type = kind in ("application/rss+xml", "application/atom+xml")
        if "alternate" in rels and feed_type and values.get("href"):
            self.hrefs.append(values["href"].strip())


def feed_links(html: str, base_url: str) -> list[str]:
    """Feed URLs that an HTML page advertises in its <head>, made absolute."""
    parser = _FeedLinks()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(urljoin(base_url, href) for href in parser.hrefs))


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            found.append(urljoin(base_url, value.strip()))
    return list(dict.fromkeys(found))


def _matches(keywords: Iterable[str], text: str) -> list[str]:
    folded = f" {' '.join(_SPLIT_URL.split(fold(text)))} "
    return [k for k in keywords if f" {' '.join(_SPLIT_URL.split(fold(k))).strip()} " in folded]


def judge(item: _Item, event: Event) -> str | None:
    """Why the item covers the event ("keyword 'Maduro' in title; ..."), or None if it does not."""
    url_words = unquote(urlsplit(item.url).path)
    found = []
    for field_name, text in (("title", item.title), ("description", item.description)):
        found += [f"keyword '{k}' in {field_name}" for k in _matches(event.keywords, text)]
    found += [f"keyword '{k}' in url" for k in _matches(event.keywords, url_words)]
    if not found:
        return None
    low, high = event.date_from, event.date_to
    if item.published:
        if (low and item.published < low) or (high and item.published > high):
            return None
        when = f"dated {item.published.isoformat()} (in window)"
    elif item.modified:
        if low and item.modified < low:
            return None
        when = f"modified {item.modified.isoformat()} (not before window)"
    else:
        when = "undated"
    return "; ".join([*found, when])


Problem = Callable[[str, str], None]


class _OutletScan:
    """Fetches one outlet's feeds and sitemaps; a failure of one is reported, never raised."""

    def __init__(self, outlet: Outlet, settings: FetchSettings, config, on_problem: Problem):
        self.outlet, self.settings, self.config = outlet, settings, config
        self.on_problem = on_problem

    def _text(self, url: str, accept: tuple[str, ...], quiet: bool = False) -> str | None:
        try:
            page = download(url, self.settings, self.config, accept=accept)
        except _Failure as failure:
            if quiet:  # many sites have no robots.txt: that is not a problem to report
                LOGGER.debug("discovery: %s: %s", url, failure.reason)
            else:
                self.on_problem(url, f"{failure.reason}: {failure.detail}")
            return None
        if accept == HTML_TYPES:
            return decode_html(page.raw, page.content_type)[0]
        return decode_xml(page.raw, page.content_type)

    def _parse(self, url: str, parse: Callable[[str], object], text: str):
        try:
            return parse(text)
        except ValueError as err:  # UnsafeXML is a ValueError too
            self.on_problem(url, f"refused: {err}")
            return None

    def feeds(self) -> list[str]:
        if self.outlet.feeds:
            return list(self.outlet.feeds)
        home = f"{SITE_SCHEME}://{self.outlet.domains[0]}/"
        html = self._text(home, HTML_TYPES)
        return feed_links(html, home) if html else []

    def items(self) -> list[_Item]:
        found: list[_Item] = []
        for feed in self.feeds():
            text = self._text(feed, XML_TYPES)
            parsed = text and self._parse(feed, lambda t, f=feed: parse_feed(t, f), text)
            found += parsed or []
        for sitemap in self.sitemaps():
            found += self.sitemap_items(sitemap)
        return found

    def sitemaps(self) -> list[str]:
        base = f"{SITE_SCHEME}://{self.outlet.domains[0]}/"
        robots = self._text(urljoin(base, "/robots.txt"), TEXT_TYPES, quiet=True)
        listed = robots_sitemaps(robots, base)[:MAX_ROBOTS_SITEMAPS] if robots else []
        return listed or [urljoin(base, "/sitemap.xml")]

    def sitemap_items(self, url: str, depth: int = 0) -> list[_Item]:
        text = self._text(url, XML_TYPES)
        parsed = text and self._parse(url, parse_sitemap, text)
        if not parsed:
            return []
        items, children = parsed
        if children and depth == 0:
            # newest first: an index lists old archives too, and only a few are followed
            children.sort(key=lambda c: c[1] or date.min, reverse=True)
            for child, _ in children[:MAX_CHILD_SITEMAPS]:
                items = items + self.sitemap_items(child, depth + 1)
        return items


def _merge(first: Candidate, other: Candidate) -> Candidate:
    """One candidate from two sightings of a URL: keep what each knows."""
    sources = list(dict.fromkeys([*first.source.split(", "), *other.source.split(", ")]))
    return replace(
        first,
        title=first.title or other.title,
        description=first.description or other.description,
        published=first.published or other.published,
        source=", ".join(s for s in sources if s),
    )


def discover(
    event: Event,
    config: Config,
    settings: FetchSettings | None = None,
    *,
    on_problem: Problem | None = None,
) -> list[Candidate]:
    """Candidates for the event from every outlet's feeds and sitemaps, newest first.

    A feed or sitemap that fails (unreachable, refused, malformed) is reported through
    `on_problem(url, reason)` and logged; it never stops the other sources.
    """
    settings = settings or config.fetch

    def report(url: str, reason: str) -> None:
        LOGGER.warning("discovery: %s: %s", url, reason)
        if on_problem:
            on_problem(url, reason)

    fetch_config = trafilatura_config(settings)
    scans = [_OutletScan(o, settings, fetch_config, report) for o in config.outlets]
    # one outlet per worker: requests to one host stay sequential (polite), outlets overlap
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        results = list(pool.map(_OutletScan.items, scans))

    configured = {normalise_url(c.url) for c in event.coverage}
    found: dict[str, Candidate] = {}
    for scan, items in zip(scans, results, strict=True):
        for item in items:
            if outlet_for_host((scan.outlet,), urlsplit(item.url).hostname or "") is None:
                continue  # a feed may link elsewhere; only the outlet's own pages count
            reason = judge(item, event)
            if reason is None:
                continue
            key = normalise_url(item.url)
            candidate = Candidate(
                url=item.url.strip(),
                outlet=scan.outlet.name,
                title=item.title,
                description=item.description,
                published=item.published.isoformat() if item.published else "",
                source=item.source,
                reason=reason,
                configured=key in configured,
            )
            found[key] = _merge(found[key], candidate) if key in found else candidate
    return sorted(found.values(), key=lambda c: (c.published or "", c.url), reverse=True)


def add_to_event(
    event: Event, candidates: Iterable[Candidate], outlets: tuple[Outlet, ...]
) -> list[str]:
    """Append the candidates' URLs to the event file's `urls`, keeping its comments and layout.

    URLs already listed are skipped; returns the URLs added. Raises InputError when the file
    cannot be read or written, ConfigError when it is not valid TOML.
    """
    return append_urls(event.path, ((c.url, c.outlet) for c in candidates), outlets)
