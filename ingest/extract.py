"""Turn a page's bytes into a Document: decode by the right charset, extract with trafilatura."""

from __future__ import annotations

import codecs
import logging
import re
import threading
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import py3langid
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ingest.pagekind import PageSignals, read_declarations, read_signals
from ingest.store import Document

LOGGER = logging.getLogger(__name__)

# Fewer words than this and the page is taken to hold no article (a homepage, an error page).
MIN_ARTICLE_WORDS = 40

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# Browsers read these labels as windows-1252, and so do pages written for them.
_AS_WINDOWS_1252 = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii", "l1"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Codecs Python knows that no web page is written in: they turn bytes into bytes (base64,
# zlib), str into str (rot13), or fail on any input (undefined) or on ordinary text (idna).
_NOT_PAGE_CODECS = {"idna", "punycode", "undefined", "unicode_escape", "raw_unicode_escape"}


def known_charset(label: str | None) -> str | None:
    """The codec a charset label names, if it is one a page can be written in; else None."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_CODECS:
        return None
    return info.name


def decode_html(raw: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode page bytes; return the text and the charset used. Never raises on a label.

    Order: a byte-order mark, the page's own <meta charset>, the HTTP header's charset, then
    UTF-8 if the bytes are valid UTF-8, else windows-1252 (which decodes any byte). A label
    that names no text codec, or a codec that fails on the bytes, is passed over.
    """
    for bom, charset in _BOMS:
        if raw.startswith(bom):
            return raw.decode(charset, errors="replace"), charset
    meta = _META_CHARSET.search(raw[:4096])
    header = _HEADER_CHARSET.search(content_type or "")
    declared = (meta and meta.group(1).decode("ascii", "ignore"), header and header.group(1))
    for number, candidate in enumerate(declared):
        charset = known_charset(candidate)
        if number == 0 and charset and charset.startswith(("utf-16", "utf-32")):
            charset = None  # a <meta> readable as ASCII: not UTF-16, as browsers also read it
        if charset:
            try:
                return raw.decode(charset, errors="replace"), charset
            except (UnicodeError, LookupError, ValueError, TypeError):
                continue  # a codec that cannot take these bytes even with replacement
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


# py3langid's cost grows with the text: on real news pages the first 1,000 characters gave the
# same language as the first 5,000 on every page, at a fifth of the cost
LANGUAGE_CHARS = 1000

_MODEL_LOCK = threading.Lock()
_model_loaded = False


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid ships its model, so this is offline)."""
    global _model_loaded
    if not text.strip():
        return ""
    if not _model_loaded:
        # py3langid loads its model on first use; eight fetch workers loading it at once took
        # ten times as long as one, so the first caller loads it and the others wait
        with _MODEL_LOCK:
            py3langid.classify("warm up")
            _model_loaded = True
    language, _ = py3langid.classify(text[:LANGUAGE_CHARS])
    return language


def declared_canonical(page: str | HtmlElement) -> str:
    """The address a page gives for itself: <link rel="canonical">, else og:url."""
    tree = page if isinstance(page, HtmlElement) else load_html(page)
    if tree is None:
        return ""
    head = tree.find("head")
    scope = head if head is not None else tree
    for link in scope.iterfind(".//link[@rel]"):
        if "canonical" in link.get("rel", "").lower().split():
            return link.get("href", "")
    for meta in scope.iterfind(".//meta[@property]"):
        if meta.get("property", "").lower() == "og:url":
            return meta.get("content", "")
    return ""


def canonical_url(declared: str, url: str) -> str:
    """The page's declared canonical address, absolute and without its fragment."""
    if not declared.strip():
        return ""
    absolute = urljoin(url, declared.strip())
    parts = urlsplit(absolute)
    if parts.scheme not in {"http", "https"}:
        return ""
    return parts._replace(fragment="").geturl()


@dataclass(frozen=True)
class Extraction:
    """A page read once: its article (None when it holds none) and what it says it is."""

    document: Document | None
    signals: PageSignals


def extract_page(html: str, url: str, outlet: str) -> Extraction:
    """Parse the page once; extract its article with trafilatura and read its page-kind signals.

    Comments never enter the text; tables stay (results, figures and timelines are part of
    many stories). A page that declares itself a story is extracted with `favor_precision`:
    boilerplate left in the text (related links, captions, promotions) is counted by every
    analysis as the outlet's wording, while a sentence missed is only missed. A page that
    declares nothing gets trafilatura's defaults, which keep an index page's headlines in its
    text: the page-kind check reads them there.
    """
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return Extraction(None, PageSignals())
    declared = read_declarations(tree)
    try:
        # trafilatura works on its own copy of the tree, so the tree stays whole for the rest
        result = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_precision=bool(declared.declared_article),
        )
    except Exception as err:  # trafilatura can fail deep in lxml on malformed pages
        LOGGER.warning("extraction failed for %s: %s", url, err)
        result = None
    canonical = declared_canonical(tree)
    # last: reading the signals strips the scripts from the tree
    signals = read_signals(tree, getattr(result, "pagetype", "") or "", declared)
    text = ((result.text if result is not None else "") or "").strip()
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return Extraction(None, signals)
    document = Document(
        url=url,
        outlet=outlet,
        text=text,
        title=(result.title or "").strip(),
        author=(result.author or "").strip(),
        published=(result.date or "").strip(),
        sitename=(result.sitename or "").strip(),
        language=detect_language(text),
        canonical=canonical_url(canonical, url),
    )
    return Extraction(document, signals)


def extract_document(html: str, url: str, outlet: str) -> Document | None:
    """The article in a page, or None when the page holds none. Comments never enter the text."""
    return extract_page(html, url, outlet).document
