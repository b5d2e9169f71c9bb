"""Is a fetched page an article? Front pages, section and tag pages, and paywall teasers are
flagged, so that they are logged with their reason (and kept) instead of being scored as coverage.

What the page says about itself comes first: its schema.org JSON-LD types (NewsArticle,
BlogPosting… against CollectionPage, ItemList, SearchResultsPage), its `og:type`, the page type
trafilatura's metadata read, and `isAccessibleForFree` with the length the page declares.
Only a page that declares nothing is judged by heuristics, and those are measured on text: how
much of the extracted article is the text of links (headlines of an index), how much of the
page's visible text is link text, and the address (the site's root, /tag/, /category/…).
Counting `<a` tags says little: a real article page carries hundreds of links in its menus.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from lxml.etree import Comment, strip_elements
from lxml.html import HtmlElement

# schema.org types (lower case) of a story, and of pages that list stories
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "analysisnewsarticle",
        "askpublicnewsarticle",
        "backgroundnewsarticle",
        "opinionnewsarticle",
        "reportagenewsarticle",
        "reviewnewsarticle",
        "advertisercontentarticle",
        "satiricalarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "blogposting",
        "liveblogposting",
    }
)
LISTING_TYPES = {
    "collectionpage": "CollectionPage",
    "itemlist": "ItemList",
    "searchresultspage": "SearchResultsPage",
    "profilepage": "ProfilePage",
}
# og:type values of a story; "website" is what most sites put on every page, so it says nothing
OG_ARTICLE_TYPES = frozenset({"article", "blog", "news", "newsarticle"})

# Path segments of listing pages: a tag, topic, author or section index rather than a story.
_LISTING = re.compile(
    r"/(?:tags?|topics?|temas?|etiquetas?|category|categories|categoria|section|seccion|"
    r"author|authors|autor|archive|archives|search|buscar|page)(?:/|$)",
    re.IGNORECASE,
)
# What a wall says in the visible text of a page that declares nothing (English and Spanish).
# Matched on lower-cased text, after a plain substring test: a case-insensitive alternation
# scanned a page's whole text a hundred times slower than str.lower() and `in`.
_WALL_TEXT = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|"
    r"this (?:article|story) is (?:only )?(?:for|available to) subscribers|"
    r"suscr[ií]bete para (?:seguir|continuar) leyendo|contenido exclusivo para suscriptores"
)
_WALL_KEYS = ("subscri", "suscr")
# The site's root, its index file, or a language's root (/en/, /es-ve/): a front page.
_FRONT = re.compile(r"/*(?:[a-z]{2}(?:-[a-z]{2})?/*)?(?:index\.\w+|home/?)?", re.IGNORECASE)
_JSON_TYPE = re.compile(r'"@type"\s*:\s*"([A-Za-z]+)"')

# A teaser is short: a page declared paid that serves fewer words than this (or fewer than
# half the words it declares) shows its first paragraphs only.
TEASER_WORDS = 250
# Where nothing is declared: an "article" whose text is mostly link text is a list of headlines
HEADLINE_SHARE = 0.3
# ... and so is one whose visible text is mostly links, when its text holds headlines too.
# Link share alone says little: a short brief on a page with big menus is mostly links.
PAGE_LINK_SHARE = 0.5
LINKED_PAGE_HEADLINE_SHARE = 0.25
# link texts shorter than this are menu items, not headlines
HEADLINE_MIN_WORDS = 3

_INVISIBLE = ("script", "style", "noscript", "template", "svg")


@dataclass(frozen=True)
class PageSignals:
    """What a page declares about itself, and the text measures the heuristics need."""

    og_type: str = ""
    schema_types: tuple[str, ...] = ()  # top-level JSON-LD entities, lower case, in page order
    pagetype: str = ""  # trafilatura's reading of og:type / JSON-LD
    free: bool | None = None  # isAccessibleForFree of the page's article, None if not declared
    declared_words: int | None = None  # wordCount / article:word_count
    visible_words: int = 0
    link_words: int = 0
    headlines: frozenset[str] = frozenset()  # link texts of HEADLINE_MIN_WORDS words or more
    wall_text: bool = False  # the visible text carries a subscription wall's wording

    @property
    def declared_article(self) -> str:
        """The article type the page declares, or ""."""
        found = next((t for t in self.schema_types if t in ARTICLE_TYPES), "")
        if found:
            return found
        if self.og_type in OG_ARTICLE_TYPES:
            return f"og:type {self.og_type}"
        return self.pagetype if self.pagetype in ARTICLE_TYPES else ""

    @property
    def declared_listing(self) -> str:
        return next((t for t in self.schema_types if t in LISTING_TYPES), "")


def _as_bool(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    return None


def _as_int(value: object) -> int | None:
    try:
        number = int(float(str(value).strip().replace(",", "")))
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number > 0 else None


def _entities(data: object) -> list[dict]:
    """The page's own JSON-LD entities: top level, @graph members and a page's mainEntity;
    not the items of a list, which on a section page are the stories it links to."""
    found: list[dict] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            found.append(item)
            for key in ("@graph", "mainEntity"):
                if key in item:
                    stack.append(item[key])
    return found


def _types(entity: dict) -> list[str]:
    value = entity.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return [v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)]


def _json_ld(tree: HtmlElement) -> tuple[list[str], bool | None, int | None]:
    types: list[str] = []
    free: bool | None = None
    words: int | None = None
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            # broken JSON-LD is common; its types can still be read
            types += [t.lower() for t in _JSON_TYPE.findall(script.text)[:1]]
            continue
        for entity in _entities(data):
            kinds = _types(entity)
            types += kinds
            if any(k in ARTICLE_TYPES for k in kinds) or free is None:
                declared = _as_bool(entity.get("isAccessibleForFree"))
                free = declared if declared is not None else free
            words = words or _as_int(entity.get("wordCount"))
    return types, free, words


def _meta(tree: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    # not only the head: parsers move a <meta> that follows a stray tag into the body
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key and key not in found:
            found[key] = (meta.get("content") or "").strip()
    return found


def _words(text: str) -> int:
    return len(text.split())


def _text_measures(tree: HtmlElement) -> tuple[int, int, frozenset[str], bool]:
    """Visible words, words inside links, the headline-like link texts, a wall's wording.

    Strips scripts, styles and comments from the tree's body first (in C, much faster than
    skipping them in Python): call it last on a tree.
    """
    body = tree.find("body")
    if body is None:
        body = tree
    strip_elements(body, *_INVISIBLE, Comment, with_tail=False)
    # joined with spaces: text_content() would glue the words of adjacent elements together
    text = " ".join(body.itertext())
    link_words = 0
    headlines = set()
    for link in body.iter("a"):
        words = " ".join(link.itertext()).split()
        link_words += len(words)
        if len(words) >= HEADLINE_MIN_WORDS:
            headlines.add(" ".join(words))
    lowered = text.lower()
    wall = any(key in lowered for key in _WALL_KEYS) and bool(_WALL_TEXT.search(lowered))
    return _words(text), link_words, frozenset(headlines), wall


def read_declarations(tree: HtmlElement) -> PageSignals:
    """What a parsed page declares about itself: JSON-LD, og:type, access, length."""
    types, free, words = _json_ld(tree)
    meta = _meta(tree)
    return PageSignals(
        og_type=meta.get("og:type", "").lower(),
        schema_types=tuple(types),
        free=free,
        declared_words=words or _as_int(meta.get("article:word_count")),
    )


def read_signals(
    tree: HtmlElement, pagetype: str = "", declared: PageSignals | None = None
) -> PageSignals:
    """The page kind's evidence, read from a parsed page (trafilatura's pagetype, if known;
    the declarations, if read already).

    The tree's body loses its scripts, styles and comments: read anything else from it first.
    """
    declared = declared if declared is not None else read_declarations(tree)
    visible, link_words, headlines, wall = _text_measures(tree)
    return replace(
        declared,
        pagetype=(pagetype or "").lower(),
        visible_words=visible,
        link_words=link_words,
        headlines=headlines,
        wall_text=wall,
    )


def headline_share(signals: PageSignals, text: str) -> float:
    """Share of the extracted text's words in lines that are a link's whole text."""
    if not signals.headlines:
        return 0.0
    longest = max(map(len, signals.headlines))
    total = linked = 0
    for line in text.splitlines():
        words = line.split()
        total += len(words)
        # a line longer than every headline cannot be one; most lines of a story are
        if words and len(line) <= 2 * longest and " ".join(words) in signals.headlines:
            linked += len(words)
    return linked / total if total else 0.0


def _teaser(signals: PageSignals, words: int) -> str:
    """Why a page declared paid is a teaser, or "" when it serves the story."""
    if signals.declared_words and words < signals.declared_words / 2:
        return (
            f"{words} of the {signals.declared_words} words the page declares are served; it "
            "says it is not free to read"
        )
    if not signals.declared_words and words < TEASER_WORDS:
        return f"{words} words served by a page that says it is not free to read"
    return ""


def classify_page(url: str, page: PageSignals | HtmlElement | str, text: str) -> tuple[str, str]:
    """("article", "") or ("non-article" | "paywall", why) for a page and its extracted text."""
    signals = page if isinstance(page, PageSignals) else read_signals(_tree(page))
    words = _words(text)
    path = urlsplit(url).path or "/"
    schema_article = next((t for t in signals.schema_types if t in ARTICLE_TYPES), "")
    listing = signals.declared_listing
    article = signals.declared_article
    if listing and not schema_article:
        return (
            "non-article",
            f"the page declares itself a {LISTING_TYPES[listing]} (schema.org): a listing",
        )
    if article:
        if _FRONT.fullmatch(path) and not schema_article:
            return "non-article", "the site's front page, not a story"
        if signals.free is False:
            why = _teaser(signals, words)
            if why:
                return "paywall", why
        return "article", ""
    # the page declares nothing: the address and the text decide
    if _FRONT.fullmatch(path):
        return "non-article", "the site's front page, not a story"
    if _LISTING.search(path):
        return "non-article", "a listing page (tag, topic, section, author or archive)"
    if signals.free is False and _teaser(signals, words):
        return "paywall", _teaser(signals, words)
    if signals.wall_text and words < TEASER_WORDS:
        return "paywall", f"{words} words before the subscription wall"
    share = headline_share(signals, text)
    if words and share >= HEADLINE_SHARE:
        return "non-article", f"{share:.0%} of its text is headlines linking elsewhere: an index"
    page_share = signals.link_words / signals.visible_words if signals.visible_words else 0.0
    if page_share >= PAGE_LINK_SHARE and share >= LINKED_PAGE_HEADLINE_SHARE:
        return (
            "non-article",
            f"{page_share:.0%} of its visible text is links and {share:.0%} of its text is "
            "headlines: an index page",
        )
    return "article", ""


def _tree(page: HtmlElement | str) -> HtmlElement:
    if isinstance(page, HtmlElement):
        return page
    from trafilatura.utils import load_html

    tree = load_html(page or "<html></html>")
    if tree is None:
        tree = load_html(f"<html><body><div>{page}</div></body></html>")
    return tree
