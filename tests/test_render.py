"""Article text is hostile: everything rendered from it is escaped."""

from __future__ import annotations

from dashboard.render import article_card_html, highlighted_html
from models.phrases import Hit


def test_script_and_markup_in_article_render_as_text():
    text = (
        "Intro <script>alert(1)</script> the coup attempt <img src=x onerror=alert(2)>\n"
        '<a href="javascript:alert(3)">link</a> & more'
    )
    start = text.index("coup attempt")
    hits = [Hit("legitimacy", "a", "coup attempt", start, start + len("coup attempt"))]
    body = highlighted_html(text, hits, {"a": "Pole <A>", "b": "B"})
    assert "<script>" not in body and "<img" not in body and "<a " not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert 'title="Pole &lt;A&gt;: “coup attempt”"' in body
    assert '<mark class="pole-a"' in body and ">coup attempt</mark>" in body
    assert body.count("<p>") == 2

    card = article_card_html("<b onmouseover=x>Title</b>", "Outlet & Co", "", body)
    assert "&lt;b onmouseover=x&gt;Title&lt;/b&gt;" in card and "Outlet &amp; Co" in card


def test_overlapping_hits_of_two_axes_do_not_break_markup():
    text = "the interim president spoke"
    hits = [Hit("x", "b", "interim president", 4, 21), Hit("y", "a", "president", 12, 21)]
    body = highlighted_html(text, hits, {})
    assert body.count("<mark") == 1 and body.count("</mark>") == 1


def test_markdown_text_leaves_no_image_link_or_bare_address():
    from dashboard.render import markdown_text

    shown = markdown_text("![x](http://a.invalid/i.png) www.b.invalid c@d.invalid :red[x] $y$")
    for pattern in ("![", "](", "http://", "www.", "c@d", ":red[", " $y"):
        assert pattern not in shown
    # what the reader sees once Markdown undoes the escapes: the text as written
    visible = shown.replace("\u2060", "").replace("\\", "")
    assert visible == "![x](http://a.invalid/i.png) www.b.invalid c@d.invalid :red[x] $y$"
