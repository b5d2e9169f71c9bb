"""Discover an event's coverage from the outlets' feeds and sitemaps.

For each outlet: its configured feeds (else the feeds its homepage links to) and its sitemaps
(robots.txt `Sitemap:` lines and /sitemap.xml, sitemap indexes followed one level). Every
request goes through `ingest.fetch.download`, so SSRF checks, timeouts and size caps apply.
Items are kept when a keyword of the event matches their URL, title or description, their date
falls in the event's window (when known) and their URL is on the outlet's own domains.

Nothing one site serves stops the run: a source that fails (unreachable, refused, too slow,
malformed, an unknown charset, a bad URL) is reported with its reason and the rest carry on.
Discovery is bounded: at most `max_candidates_per_source` candidates from one feed or sitemap
and `max_candidates` in all (the newest kept), and the run says when a cap was reached.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from ingest.config import Config, Event, FetchSettings, Outlet, outlet_for_host
from ingest.config_edit import append_urls, normalise_url
from ingest.extract import decode_html, known_charset
from ingest.fetch import HTML_TYPES, download
from ingest.http import FetchFailure

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
        # the label is checked as a page's is (known_charset refuses idna, rot13, base64...)
        charset = known_charset(declared.group(1).decode("ascii"))
        if charset:
            try:
                return raw.decode(charset, errors="replace")
            except (UnicodeError, LookupError, ValueError, TypeError):
                pass  # a codec that cannot take these bytes: fall back to the HTML rules
    return decode_html(raw, content_type)[0]


def _join(base: str, href: str) -> str | None:
    """An item's link made absolute; None when it is no address (a bad port, an unclosed [)."""
    try:
        joined = urljoin(base, href.strip())
        # a port that is not a number, or out of range, raises only when it is read
        return joined if urlsplit(joined).port != 0 else None
    except ValueError:
        return None


def _source_url(base: str, href: str) -> str:
    """A feed or sitemap address made absolute; kept as written when it does not parse, so
    that fetching it fails as a bad URL and is reported as one."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return href.strip()


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
            link = _join(base_url, link) if link else None
            if not link:
                continue
            items.append(
                _Item(
                    link,
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
        link = _join(base_url, link) if link else None
        if not link:
            continue
        items.append(
            _Item(
                link,
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
    return list(dict.fromkeys(_source_url(base_url, href) for href in parser.hrefs))


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    found = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            found.append(_source_url(base_url, value))
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


@dataclass
class Discovery:
    """What a discovery run found, what it could not read and which caps it reached."""

    candidates: list[Candidate] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    notes: list[str] = field(default_factory=list)  # caps reached
    sources_read: int = 0  # feeds and sitemaps read and parsed
    sources_failed: int = 0

    @property
    def nothing_read(self) -> bool:
        """Every feed and sitemap (and homepage looked at for feeds) failed."""
        return self.sources_read == 0 and self.sources_failed > 0


def _newest_first(item: _Item) -> date:
    return item.published or item.modified or date.min


class _OutletScan:
    """Reads one outlet's feeds and sitemaps; a failure of one is reported, never raised."""

    def __init__(
        self,
        outlet: Outlet,
        event: Event,
        settings: FetchSettings,
        on_problem: Problem,
        on_note: Callable[[str], None],
    ):
        self.outlet, self.event, self.settings = outlet, event, settings
        self.on_problem, self.on_note = on_problem, on_note
        self.found: list[Candidate] = []
        self.read = self.failed = 0

    def _fail(self, url: str, reason: str) -> None:
        self.failed += 1
        self.on_problem(url, reason)

    def _text(self, url: str, accept: tuple[str, ...], quiet: bool = False) -> str | None:
        try:
            page = download(url, self.settings, accept=accept)
        except FetchFailure as failure:
            if quiet:  # many sites have no robots.txt: that is not a problem to report
                LOGGER.debug("discovery: %s: %s", url, failure.reason)
            else:
                self._fail(url, f"{failure.reason}: {failure.detail}")
            return None
        if accept == HTML_TYPES:
            return decode_html(page.raw, page.content_type)[0]
        return decode_xml(page.raw, page.content_type)

    def _parse(self, url: str, parse: Callable[[str], object], text: str):
        try:
            parsed = parse(text)
        except ValueError as err:  # UnsafeXML is a ValueError too
            self._fail(url, f"refused: {err}")
            return None
        self.read += 1
        return parsed

    def run(self) -> list[Candidate]:
        """Read every source; what was found before an unexpected error is kept."""
        try:
            for feed in self.feeds():
                text = self._text(feed, XML_TYPES)
                parsed = text and self._parse(feed, lambda t, f=feed: parse_feed(t, f), text)
                if parsed:
                    self._keep(feed, parsed)
            for sitemap in self.sitemaps():
                self.sitemap_items(sitemap)
        except Exception as err:  # a bug met on one hostile site must not end the whole run
            LOGGER.exception("discovery of %s stopped", self.outlet.name)
            self._fail(self._site(), f"internal error: {err!r}")
        return self.found

    def _site(self) -> str:
        return f"{SITE_SCHEME}://{self.outlet.domains[0]}/"

    def _keep(self, source: str, items: list[_Item]) -> None:
        """The items of one source that cover the event, at most the cap, newest first."""
        matched = []
        for item in items:
            try:
                host = urlsplit(item.url).hostname or ""
                if outlet_for_host((self.outlet,), host) is None:
                    continue  # a feed may link elsewhere; only the outlet's own pages count
                reason = judge(item, self.event)
            except ValueError:  # an address that does not parse (a bad port, say)
                continue
            if reason is not None:
                matched.append((item, reason))
        cap = self.settings.max_candidates_per_source
        if len(matched) > cap:
            matched.sort(key=lambda pair: _newest_first(pair[0]), reverse=True)
            self.on_note(
                f"{source}: {len(matched)} candidates, the newest {cap} kept "
                "(max_candidates_per_source)"
            )
            matched = matched[:cap]
        for item, reason in matched:
            self.found.append(
                Candidate(
                    url=item.url.strip(),
                    outlet=self.outlet.name,
                    title=item.title,
                    description=item.description,
                    published=item.published.isoformat() if item.published else "",
                    source=item.source,
                    reason=reason,
                )
            )

    def feeds(self) -> list[str]:
        if self.outlet.feeds:
            return list(self.outlet.feeds)
        home = self._site()
        html = self._text(home, HTML_TYPES)
        return feed_links(html, home) if html else []

    def sitemaps(self) -> list[str]:
        base = self._site()
        robots = self._text(urljoin(base, "/robots.txt"), TEXT_TYPES, quiet=True)
        listed = robots_sitemaps(robots, base)[:MAX_ROBOTS_SITEMAPS] if robots else []
        return listed or [urljoin(base, "/sitemap.xml")]

    def sitemap_items(self, url: str, depth: int = 0) -> None:
        text = self._text(url, XML_TYPES)
        parsed = text and self._parse(url, parse_sitemap, text)
        if not parsed:
            return
        items, children = parsed
        self._keep(url, items)
        if children and depth == 0:
            # newest first: an index lists old archives too, and only a few are followed
            children.sort(key=lambda c: c[1] or date.min, reverse=True)
            for child, _ in children[:MAX_CHILD_SITEMAPS]:
                self.sitemap_items(child, depth + 1)


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


def run_discovery(
    event: Event,
    config: Config,
    settings: FetchSettings | None = None,
    *,
    on_problem: Problem | None = None,
) -> Discovery:
    """Candidates for the event from every outlet's feeds and sitemaps, newest first, with
    the sources that could not be read and the caps reached.

    A feed or sitemap that fails (unreachable, refused, malformed) is reported through
    `on_problem(url, reason)` as it happens (from worker threads) and listed in `problems`;
    it never stops the other sources.
    """
    settings = settings or config.fetch
    result = Discovery()
    lock = threading.Lock()

    def report(url: str, reason: str) -> None:
        LOGGER.info("discovery: %s: %s", url, reason)
        with lock:
            result.problems.append((url, reason))
        if on_problem:
            on_problem(url, reason)

    def note(message: str) -> None:
        with lock:
            result.notes.append(message)

    scans = [_OutletScan(o, event, settings, report, note) for o in config.outlets]
    # one outlet per worker: requests to one host stay sequential (polite), outlets overlap
    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        results = list(pool.map(_OutletScan.run, scans))

    configured = {normalise_url(c.url) for c in event.coverage}
    found: dict[str, Candidate] = {}
    for candidates in results:
        for candidate in candidates:
            key = normalise_url(candidate.url)
            candidate = replace(candidate, configured=key in configured)
            found[key] = _merge(found[key], candidate) if key in found else candidate
    ordered = sorted(found.values(), key=lambda c: (c.published or "", c.url), reverse=True)
    if len(ordered) > settings.max_candidates:
        result.notes.append(
            f"{len(ordered)} candidates in all, the newest {settings.max_candidates} kept "
            "(max_candidates)"
        )
        ordered = ordered[: settings.max_candidates]
    result.candidates = ordered
    result.sources_read = sum(scan.read for scan in scans)
    result.sources_failed = sum(scan.failed for scan in scans)
    return result


def discover(
    event: Event,
    config: Config,
    settings: FetchSettings | None = None,
    *,
    on_problem: Problem | None = None,
) -> list[Candidate]:
    """The candidates of `run_discovery`, newest first."""
    return run_discovery(event, config, settings, on_problem=on_problem).candidates


def add_to_event(
    event: Event, candidates: Iterable[Candidate], outlets: tuple[Outlet, ...]
) -> list[str]:
    """Append the candidates' URLs to the event file's `urls`, keeping its comments and layout.

    URLs already listed are skipped; returns the URLs added. Raises InputError when the file
    cannot be read or written, ConfigError when it is not valid TOML.
    """
    return append_urls(event.path, ((c.url, c.outlet) for c in candidates), outlets)
