"""Is a fetched page an article? Homepages, tag and section pages, and paywall teasers are
flagged, so that they are logged with their reason instead of being scored as coverage."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Path segments of listing pages: a tag, topic, author or section index rather than a story.
_LISTING = re.compile(
    r"/(?:tags?|topics?|temas?|etiquetas?|category|categories|categoria|section|seccion|"
    r"author|authors|autor|archive|archives|search|buscar|page)(?:/|$)",
    re.IGNORECASE,
)
# What publishers put in a teaser's markup or text (English and Spanish).
_PAYWALL = re.compile(
    r"\"isAccessibleForFree\"\s*:\s*\"?false|class=\"[^\"]*(?:paywall|subscriber-only|"
    r"premium-wall|metered)[^\"]*\"|subscribe (?:now )?to (?:continue|keep) reading|"
    r"this (?:article|story) is (?:for|available to) subscribers|"
    r"suscr[ií]bete para (?:seguir|continuar) leyendo|contenido exclusivo para suscriptores",
    re.IGNORECASE,
)
# A teaser is short: longer texts that mention subscriptions are articles with a footer.
TEASER_WORDS = 250
# Many links and little text: a front page or an index.
LINK_DENSITY = 0.5


def classify_page(url: str, html: str, text: str) -> tuple[str, str]:
    """("article", "") or ("non-article" | "paywall", why) for a page and its extracted text."""
    path = urlsplit(url).path or "/"
    words = len(text.split())
    if path.strip("/") == "":
        return "non-article", "the site's front page, not a story"
    if _LISTING.search(path):
        return "non-article", "a listing page (tag, topic, section, author or archive)"
    if words < TEASER_WORDS and _PAYWALL.search(html):
        return "paywall", f"a paywall teaser: {words} words before the subscription wall"
    links = len(re.findall(r"<a\s", html, re.IGNORECASE))
    if words and links / words > LINK_DENSITY:
        return "non-article", f"{links} links around {words} words of text: an index page"
    return "article", ""
