"""A labelled set of invented pages, shaped like real news sites: menus of a hundred links and
more, footers, related-story blocks, og tags and schema.org JSON-LD as publishers write them
(a Yoast-style @graph, a WebPage whose mainEntity is the story, broken JSON, a section page whose
ItemList holds NewsArticle items). Every outlet, person and sentence here is made up.

`LABELLED` is a list of (name, url, html, kind): kind "article" or "flagged".
"""

from __future__ import annotations

import html
import json
import random

SECTIONS = [
    "World", "Americas", "Europe", "Politics", "Business", "Markets", "Energy", "Technology",
    "Science", "Health", "Sport", "Football", "Culture", "Books", "Opinion", "Editorials",
    "Video", "Podcasts", "Weather", "Travel",
]  # fmt: skip
SENTENCES = [
    "Officials in the capital said the talks would resume after the weekend.",
    "The opposition leader told supporters that the protests would continue until a vote.",
    "Several ministers met with the army's chiefs of staff on Tuesday evening.",
    "Diplomats from three countries arrived at the airport late on Monday.",
    "Prices of bread and cooking oil rose again in the markets of the east.",
    "A spokesman for the government denied that any troops had left their barracks.",
    "The central bank published new figures showing a sharp fall in reserves.",
    "Witnesses described long queues outside petrol stations across the city.",
    "Lawmakers approved a resolution calling for international observers.",
    "The foreign ministry summoned the ambassador to explain the statement.",
    "Hospitals in the region reported shortages of basic medicines and fuel.",
    "Analysts said the standoff could last for months without a negotiated exit.",
    "Union leaders called a general strike for the end of the month.",
    "The electoral council said it would announce a timetable next week.",
    "Neighbours gathered in the square to share news and charge their phones.",
    "Police said two people had been detained after the clashes near the bridge.",
]
HEADLINES = [
    "Talks on the crisis stall as both sides dig in",
    "Markets fall for a third day on fears of sanctions",
    "What the new oil figures mean for the region",
    "Five things to know before the weekend's vote",
    "Hospitals ration fuel as the blackouts go on",
    "The quiet diplomacy behind the prisoner release",
    "Farmers count the cost of the long dry season",
    "A city queues for petrol, and waits for news",
    "Ministers meet army chiefs as tension rises",
    "Inside the talks that nearly ended the standoff",
    "Why the central bank's reserves keep shrinking",
    "Opposition calls for observers at the next election",
    "Football league suspends matches after the clashes",
    "New rules for foreign reporters draw criticism",
    "Exiles watch from abroad as the crisis deepens",
    "Bread prices double in a month in the east",
    "Strike called for the end of the month",
    "The ambassador summoned over the statement",
    "Power returns to most districts after three days",
    "A border crossing reopens for medical supplies",
    "How the shortages changed a family's week",
    "Lawmakers back a resolution on observers",
    "Teachers return to classrooms without pay",
    "Rain brings relief to the reservoirs at last",
]


def paragraphs(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.sample(SENTENCES, 3)) for _ in range(count)]


def _ld(data: object, broken: bool = False) -> str:
    text = json.dumps(data)
    if broken:  # a trailing comma, as template engines often leave it
        text = text[:-1] + ",}"
    return f'<script type="application/ld+json">{text}</script>'


def _meta(og_type: str | None, title: str, url: str) -> str:
    tags = [
        f'<meta property="og:title" content="{html.escape(title)}">',
        f'<meta property="og:url" content="{url}">',
        '<meta property="og:site_name" content="The Harbour Courier">',
        '<meta name="viewport" content="width=device-width">',
    ]
    if og_type:
        tags.append(f'<meta property="og:type" content="{og_type}">')
    return "".join(tags)


def _menu(site: str = "https://courier.example") -> str:
    """A header with a mega-menu: each section and its sub-sections, as real sites have."""
    items = []
    for number, section in enumerate(SECTIONS):
        subs = "".join(
            f'<li><a href="{site}/{section.lower()}/{n}">{section} {n}</a></li>'
            for n in ("latest", "analysis", "video", "in-depth", "explainers")
        )
        items.append(
            f'<li class="menu-{number}"><a href="{site}/{section.lower()}">{section}</a>'
            f"<ul>{subs}</ul></li>"
        )
    return (
        '<header><a class="logo" href="/">The Harbour Courier</a>'
        '<a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a>'
        f'<nav class="main-menu"><ul>{"".join(items)}</ul></nav></header>'
    )


def _footer() -> str:
    links = " ".join(
        f'<a href="/{w.lower().replace(" ", "-")}">{w}</a>'
        for w in (
            "About us", "Contact", "Careers", "Advertise", "Terms of use", "Privacy policy",
            "Cookie settings", "Newsletters", "Corrections", "Archive", "Site map", "Help",
        )
    )  # fmt: skip
    return (
        f"<footer><div class='footer-links'>{links}</div>"
        "<p>© 2019 The Harbour Courier. All rights reserved.</p></footer>"
    )


def _related(start: int, count: int = 6) -> str:
    items = "".join(
        f'<li><a href="/world/2019/05/{start + n}">{HEADLINES[(start + n) % len(HEADLINES)]}</a>'
        "</li>"
        for n in range(count)
    )
    return f'<aside class="related"><h3>More from the Courier</h3><ul>{items}</ul></aside>'


def page(head: str, main: str, *, related: int = 0, lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>'
        f"{_menu()}<main>{main}</main>{_related(related) if related else ''}{_footer()}"
        "</body></html>"
    )


def article_html(
    url: str,
    title: str,
    body: list[str],
    *,
    og_type: str | None = "article",
    ld: list[str] = (),
    related: int = 3,
    extra: str = "",
    lang: str = "en",
) -> str:
    head = f"<title>{html.escape(title)}</title>" + _meta(og_type, title, url) + "".join(ld)
    text = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    main = (
        f'<article><h1>{html.escape(title)}</h1><p class="byline">By Marta Quiroga, '
        f'<time datetime="2019-05-02">2 May 2019</time></p>{text}{extra}</article>'
    )
    return page(head, main, related=related, lang=lang)


def index_html(
    url: str,
    title: str,
    *,
    og_type: str | None = "website",
    ld: list[str] = (),
    items: int = 16,
    blurbs: bool = True,
    start: int = 0,
) -> str:
    """A front, section, tag or archive page: cards of headline, blurb and time."""
    head = f"<title>{html.escape(title)}</title>" + _meta(og_type, title, url) + "".join(ld)
    cards = []
    for n in range(items):
        headline = HEADLINES[(start + n) % len(HEADLINES)]
        blurb = (
            f"<p class='summary'>{SENTENCES[(start + n) % len(SENTENCES)]}</p>" if blurbs else ""
        )
        cards.append(
            f'<div class="card"><h2><a href="/world/2019/05/{start + n}-story">{headline}</a></h2>'
            f"{blurb}<span class='time'>2 hours ago</span></div>"
        )
    main = f"<h1>{html.escape(title)}</h1><section class='stream'>{''.join(cards)}</section>"
    return page(head, main)


def _news_article(url: str, title: str, **extra: object) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "url": url,
        "datePublished": "2019-05-02T10:00:00Z",
        "author": {"@type": "Person", "name": "Marta Quiroga"},
        "publisher": {"@type": "NewsMediaOrganization", "name": "The Harbour Courier"},
        **extra,
    }


def _site() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "url": "https://courier.example/",
        "potentialAction": {"@type": "SearchAction", "target": "/search?q={q}"},
    }


def _item_list(n: int = 8) -> dict:
    return {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": i + 1,
                "item": {"@type": "NewsArticle", "headline": HEADLINES[i], "url": f"/w/{i}"},
            }
            for i in range(n)
        ],
    }


C = "https://courier.example"


def _articles() -> list[tuple[str, str, str]]:
    pages = []

    def add(name: str, url: str, doc: str) -> None:
        pages.append((name, url, doc))

    u = f"{C}/world/2019/05/02/talks-stall"
    add(
        "news article, JSON-LD",
        u,
        article_html(
            u,
            "Talks stall",
            paragraphs(1, 8),
            ld=[_ld(_site()), _ld(_news_article(u, "Talks stall"))],
        ),
    )
    u = f"{C}/world/2019/05/02/brief-detained"
    add(
        "short brief on a heavy page",
        u,
        article_html(
            u,
            "Two detained",
            paragraphs(2, 2),
            ld=[_ld(_news_article(u, "Two detained"))],
            related=6,
        ),
    )
    u = "https://blog.example/2019/05/notes-from-the-queue/"
    add(
        "blog post",
        u,
        article_html(
            u,
            "Notes from the queue",
            paragraphs(3, 6),
            ld=[
                _ld({"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Notes"})
            ],
            extra="<div class='tags'><a href='/tag/a'>queues</a> <a href='/tag/b'>fuel</a></div>",
        ),
    )
    u = f"{C}/americas/2019/05/the-long-week"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": f"{C}/#org", "name": "Courier"},
            {"@type": "WebSite", "@id": f"{C}/#site"},
            {"@type": "WebPage", "@id": u},
            {"@type": "ReportageNewsArticle", "headline": "The long week", "isPartOf": {"@id": u}},
            {"@type": "Person", "name": "Marta Quiroga"},
        ],
    }
    add(
        "Yoast @graph reportage",
        u,
        article_html(u, "The long week", paragraphs(4, 10), ld=[_ld(graph)]),
    )
    u = f"{C}/business/2019/05/reserves-metered"
    add(
        "declared not free, full text served",
        u,
        article_html(
            u,
            "Reserves",
            paragraphs(5, 14),
            ld=[
                _ld(
                    _news_article(
                        u,
                        "Reserves",
                        isAccessibleForFree=False,
                        hasPart={
                            "@type": "WebPageElement",
                            "isAccessibleForFree": False,
                            "cssSelector": ".paywall",
                        },
                    )
                )
            ],
        ),
    )
    u = f"{C}/health/2019/05/free-to-read"
    add(
        "declared free",
        u,
        article_html(
            u,
            "Hospitals",
            paragraphs(6, 6),
            ld=[_ld(_news_article(u, "Hospitals", isAccessibleForFree=True))],
        ),
    )
    u = "https://oldpaper.example/news/story.php?id=4411"
    add(
        "old site, nothing declared",
        u,
        article_html(u, "Strike called", paragraphs(7, 7), og_type=None),
    )
    u = f"{C}/politics/2019/05/observers"
    add(
        "broken JSON-LD",
        u,
        article_html(
            u, "Observers", paragraphs(8, 5), ld=[_ld(_news_article(u, "Observers"), broken=True)]
        ),
    )
    u = "https://diario.example/nacional/2019/05/02/colas-gasolina"
    add(
        "Spanish, og:type only",
        u,
        article_html(u, "Colas de gasolina", paragraphs(9, 6), ld=[], lang="es"),
    )
    u = f"{C}/world/live/2019/05/02/crisis-live"
    add(
        "live blog",
        u,
        article_html(
            u,
            "Live: the crisis",
            paragraphs(10, 12),
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@type": "LiveBlogPosting",
                        "headline": "Live",
                    }
                )
            ],
        ),
    )
    u = f"{C}/opinion/2019/05/a-way-out"
    add(
        "opinion",
        u,
        article_html(
            u,
            "A way out",
            paragraphs(11, 7),
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@type": ["OpinionNewsArticle"],
                        "headline": "A",
                    }
                )
            ],
        ),
    )
    u = f"{C}/section/world/2019/05/border-reopens"
    add(
        "article under /section/",
        u,
        article_html(
            u, "Border reopens", paragraphs(12, 6), ld=[_ld(_news_article(u, "Border reopens"))]
        ),
    )
    u = f"{C}/science/2019/05/rain-relief"
    add(
        "WebPage with mainEntity",
        u,
        article_html(
            u,
            "Rain",
            paragraphs(13, 6),
            og_type=None,
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@type": "WebPage",
                        "mainEntity": {"@type": "NewsArticle", "headline": "Rain"},
                    }
                )
            ],
        ),
    )
    u = "https://oldpaper.example/news/story.php?id=4412"
    inline = [
        p + f' Related: <a href="/x">{HEADLINES[i]}</a>.' for i, p in enumerate(paragraphs(14, 7))
    ]
    add(
        "inline links, nothing declared",
        u,
        article_html(u, "Teachers", [], og_type=None, extra="".join(f"<p>{p}</p>" for p in inline)),
    )
    u = "https://weekly.example/2019/05/exiles-watch"
    add(
        "og:type website, long text",
        u,
        article_html(u, "Exiles", paragraphs(15, 9), og_type="website"),
    )
    u = f"{C}/world/2019/05/long-with-footer"
    add(
        "long, subscription footer",
        u,
        article_html(
            u,
            "Footer",
            paragraphs(16, 12),
            extra="<p class='promo'>Subscribe to continue reading our best journalism.</p>",
        ),
    )
    u = f"{C}/video/2019/05/power-returns"
    add(
        "video page with Article",
        u,
        article_html(
            u,
            "Power returns",
            paragraphs(17, 5),
            og_type="video.other",
            ld=[_ld({"@context": "https://schema.org", "@type": "Article", "headline": "Power"})],
        ),
    )
    u = "https://diario.example/es/2019/05/maestros"
    add(
        "Spanish article under /es/",
        u,
        article_html(u, "Maestros", paragraphs(18, 6), og_type=None, lang="es"),
    )
    return pages


def _flagged() -> list[tuple[str, str, str]]:
    pages = []

    def add(name: str, url: str, doc: str) -> None:
        pages.append((name, url, doc))

    org = {"@context": "https://schema.org", "@type": "NewsMediaOrganization", "name": "Courier"}
    add(
        "front page",
        f"{C}/",
        index_html(f"{C}/", "The Harbour Courier", ld=[_ld(_site()), _ld(org)], items=24),
    )
    add(
        "front page, index.html",
        f"{C}/index.html",
        index_html(f"{C}/index.html", "Home", og_type=None, items=20, start=3),
    )
    add(
        "front page, og:type article site-wide",
        f"{C}/en/",
        index_html(f"{C}/en/", "Home", og_type="article", items=20, start=5),
    )
    add(
        "section, CollectionPage with NewsArticle items",
        f"{C}/world",
        index_html(
            f"{C}/world",
            "World",
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@type": "CollectionPage",
                        "mainEntity": _item_list(),
                    }
                )
            ],
            start=2,
        ),
    )
    add(
        "section, nothing declared",
        "https://oldpaper.example/politics",
        index_html("https://oldpaper.example/politics", "Politics", og_type=None, start=4),
    )
    add(
        "tag page",
        "https://blog.example/tag/venezuela/",
        index_html("https://blog.example/tag/venezuela/", "Venezuela", og_type="object", start=6),
    )
    add(
        "author page",
        f"{C}/author/marta-quiroga",
        index_html(
            f"{C}/author/marta-quiroga",
            "Marta Quiroga",
            og_type="profile",
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@type": "ProfilePage",
                        "mainEntity": {"@type": "Person", "name": "M"},
                    }
                )
            ],
            start=8,
        ),
    )
    add(
        "search results",
        f"{C}/search?q=talks",
        index_html(
            f"{C}/search?q=talks",
            "Search",
            ld=[_ld({"@context": "https://schema.org", "@type": "SearchResultsPage"})],
            start=1,
        ),
    )
    add(
        "Spanish topic page",
        "https://diario.example/temas/venezuela",
        index_html("https://diario.example/temas/venezuela", "Venezuela", start=9),
    )
    add(
        "date archive, nothing declared",
        "https://oldpaper.example/2019/05/",
        index_html("https://oldpaper.example/2019/05/", "May 2019", og_type=None, start=10),
    )
    add(
        "latest news, headlines only",
        "https://oldpaper.example/latest",
        index_html(
            "https://oldpaper.example/latest",
            "Latest",
            og_type=None,
            blurbs=False,
            items=24,
            start=11,
        ),
    )
    add(
        "video gallery, ItemList",
        f"{C}/video",
        index_html(
            f"{C}/video",
            "Video",
            ld=[_ld({"@context": "https://schema.org", **_item_list(10)})],
            start=12,
        ),
    )
    add(
        "category page",
        "https://diario.example/category/economia/",
        index_html("https://diario.example/category/economia/", "Economía", start=13),
    )
    add(
        "section in a Yoast @graph",
        f"{C}/energy",
        index_html(
            f"{C}/energy",
            "Energy",
            ld=[
                _ld(
                    {
                        "@context": "https://schema.org",
                        "@graph": [
                            {"@type": "CollectionPage", "@id": f"{C}/energy"},
                            {"@type": "WebSite"},
                        ],
                    }
                )
            ],
            start=14,
        ),
    )

    u = f"{C}/business/2019/05/reserves-locked"
    wall = "<div class='wall'><p>Already a subscriber? Sign in.</p></div>"
    add(
        "teaser, declared not free",
        u,
        article_html(
            u,
            "Reserves",
            paragraphs(20, 2),
            ld=[
                _ld(
                    _news_article(
                        u,
                        "Reserves",
                        isAccessibleForFree=False,
                        hasPart={
                            "@type": "WebPageElement",
                            "isAccessibleForFree": False,
                            "cssSelector": ".paywall",
                        },
                    )
                )
            ],
            extra=wall,
        ),
    )
    u = f"{C}/business/2019/05/long-teaser"
    long_teaser = _news_article(u, "Markets", isAccessibleForFree="False", wordCount=1400)
    add(
        "teaser, declared length",
        u,
        article_html(u, "Markets", paragraphs(21, 8), ld=[_ld(long_teaser)], extra=wall),
    )
    u = "https://diario.example/nacional/2019/05/02/exclusiva"
    add(
        "Spanish teaser, wall in the text",
        u,
        article_html(
            u,
            "Exclusiva",
            paragraphs(22, 2),
            og_type=None,
            lang="es",
            extra="<div class='muro'><p>Suscríbete para seguir leyendo esta historia.</p></div>",
        ),
    )
    u = f"{C}/politics/2019/05/graph-teaser"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite"},
            {"@type": "WebPage", "@id": u},
            {"@type": "NewsArticle", "headline": "Graph", "isAccessibleForFree": "false"},
        ],
    }
    add(
        "teaser in a @graph",
        u,
        article_html(u, "Graph", paragraphs(23, 2), ld=[_ld(graph)], extra=wall),
    )
    return pages


LABELLED = [(n, u, d, "article") for n, u, d in _articles()] + [
    (n, u, d, "flagged") for n, u, d in _flagged()
]
