"""Homepages, listing pages and paywall teasers are told apart from articles."""

from __future__ import annotations

import pytest

from ingest.pagekind import classify_page
from tests.conftest import LEGIT_TEXT, article_page

ARTICLE_TEXT = " ".join(LEGIT_TEXT * 3)


@pytest.mark.parametrize(
    "url,html,text,kind",
    [
        ("https://a.example/2019/05/story", article_page("T", LEGIT_TEXT), ARTICLE_TEXT, "article"),
        ("https://a.example/", "<html></html>", ARTICLE_TEXT, "non-article"),
        ("https://a.example/tag/venezuela/", "<html></html>", ARTICLE_TEXT, "non-article"),
        ("https://a.example/temas/venezuela", "<html></html>", ARTICLE_TEXT, "non-article"),
        (
            "https://a.example/2019/05/story",
            '<div class="article-paywall">Subscribe to continue reading</div>',
            "Only the first two paragraphs of the story are shown here.",
            "paywall",
        ),
        (
            "https://a.example/2019/05/story",
            '<script type="application/ld+json">{"isAccessibleForFree": false}</script>',
            "A short teaser.",
            "paywall",
        ),
        (
            "https://b.example/2019/05/historia",
            "<p>Suscríbete para seguir leyendo</p>",
            "Un adelanto breve.",
            "paywall",
        ),
        ("https://a.example/world", "<a href=x>x</a> " * 40, "twenty words " * 10, "non-article"),
    ],
)
def test_classify(url, html, text, kind):
    found, why = classify_page(url, html, text)
    assert found == kind
    assert (why == "") == (kind == "article")


def test_a_long_article_with_a_subscription_footer_is_an_article():
    html = article_page("T", LEGIT_TEXT * 12) + "<p>Subscribe to continue reading our news</p>"
    assert classify_page("https://a.example/x/y", html, ARTICLE_TEXT * 4)[0] == "article"
