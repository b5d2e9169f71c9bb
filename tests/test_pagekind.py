"""Homepages, listing pages and paywall teasers are told apart from articles: by what the page
declares first, by its address and text where it declares nothing; on a labelled set of invented
pages shaped like real ones (tests/pagekind_pages.py)."""

from __future__ import annotations

import dataclasses

import pytest

from ingest.extract import extract_page
from ingest.pagekind import PageSignals, classify_page
from tests.conftest import LEGIT_TEXT, article_page
from tests.pagekind_pages import LABELLED

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
        # an index: its "article" is the headlines of its links (measured on text, not tags)
        (
            "https://a.example/world",
            "<p><a href=x>Markets fall for a third day</a></p>" * 40,
            "Markets fall for a third day\n" * 10,
            "non-article",
        ),
    ],
)
def test_classify(url, html, text, kind):
    found, why = classify_page(url, html, text)
    assert found == kind
    assert (why == "") == (kind == "article")


def test_a_long_article_with_a_subscription_footer_is_an_article():
    html = article_page("T", LEGIT_TEXT * 12) + "<p>Subscribe to continue reading our news</p>"
    assert classify_page("https://a.example/x/y", html, ARTICLE_TEXT * 4)[0] == "article"


# ---- the labelled set: invented pages shaped like real ones ------------------------------


def _outcomes() -> list[tuple[str, str, str]]:
    """(name, label, found) for every labelled page, through the product's own path."""
    found = []
    for name, url, doc, label in LABELLED:
        extraction = extract_page(doc, url, "Courier")
        text = extraction.document.text if extraction.document else ""
        kind, _ = classify_page(url, extraction.signals, text) if text else ("none", "")
        found.append((name, label, kind))
    return found


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[str, str, str]]:
    return _outcomes()


def test_the_labelled_set_is_large_and_varied():
    labels = [label for *_, label in LABELLED]
    assert labels.count("article") >= 15 and labels.count("flagged") >= 15
    assert len({name for name, *_ in LABELLED}) == len(LABELLED)


def test_flagging_precision_and_recall_on_the_labelled_set(outcomes):
    flagged = {name for name, _, kind in outcomes if kind != "article"}
    truly = {name for name, label, _ in outcomes if label == "flagged"}
    precision = len(flagged & truly) / len(flagged)
    recall = len(flagged & truly) / len(truly)
    print(
        f"page kind on {len(outcomes)} labelled pages: precision {precision:.2f}, "
        f"recall {recall:.2f}"
    )
    assert precision >= 0.95 and recall >= 0.9, sorted(flagged ^ truly)


@pytest.mark.parametrize("name,url,doc,label", LABELLED, ids=[n for n, *_ in LABELLED])
def test_each_labelled_page(name, url, doc, label):
    extraction = extract_page(doc, url, "Courier")
    assert extraction.document is not None, name
    kind, why = classify_page(url, extraction.signals, extraction.document.text)
    assert (kind == "article") == (label == "article"), f"{name}: {why}"


def test_declarations_come_before_the_address_and_the_text():
    _, url, doc, _ = next(p for p in LABELLED if p[0] == "article under /section/")
    signals = extract_page(doc, url, "C").signals
    assert signals.declared_article == "newsarticle"
    # the same page without its declarations is taken for a section page by its address
    bare = dataclasses.replace(signals, schema_types=(), og_type="", pagetype="")
    assert classify_page(url, bare, "word " * 300)[0] == "non-article"


def test_a_section_pages_item_list_of_articles_is_not_an_article():
    _, url, doc, _ = next(p for p in LABELLED if p[0].startswith("section, CollectionPage"))
    signals = extract_page(doc, url, "C").signals
    assert signals.schema_types[0] == "collectionpage"
    assert "newsarticle" not in signals.schema_types  # the list's items are not the page


def test_a_paid_page_that_serves_its_whole_text_is_an_article():
    signals = PageSignals(schema_types=("newsarticle",), free=False)
    assert classify_page("https://a.example/x/y", signals, "word " * 600)[0] == "article"
    teaser = classify_page("https://a.example/x/y", signals, "word " * 90)
    assert teaser == (
        "paywall",
        "90 words served by a page that says it is not free to read",
    )
    declared = dataclasses.replace(signals, declared_words=2000)
    assert classify_page("https://a.example/x/y", declared, "word " * 600)[0] == "paywall"


def test_a_short_brief_with_a_subscription_link_in_its_menu_is_an_article():
    signals = PageSignals(og_type="article", wall_text=False)
    assert classify_page("https://a.example/x/brief", signals, "word " * 60)[0] == "article"


def test_wall_wording_counts_in_the_visible_text_only():
    hidden = (
        "<html><head><script>var t='subscribe to continue reading'</script></head>"
        f"<body><article>{'<p>' + ' '.join(LEGIT_TEXT) + '</p>'}</article></body></html>"
    )
    signals = extract_page(hidden, "https://a.example/x/y", "A").signals
    assert not signals.wall_text


def test_broken_json_ld_still_gives_its_type():
    doc = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "x",}</script></head><body><p>text</p></body></html>'
    )
    assert "newsarticle" in extract_page(doc, "https://a.example/x", "A").signals.schema_types


def test_meta_tags_moved_into_the_body_are_read():
    doc = (
        "<html><head><title>x</title></head><body><div></div>"
        '<meta property="og:type" content="Article"><p>text</p></body></html>'
    )
    assert extract_page(doc, "https://a.example/x", "A").signals.og_type == "article"
