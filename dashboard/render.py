"""HTML for article text with its phrase hits marked. Article text is hostile input: every piece
of it is escaped here, and this is the only place the dashboard turns article text into HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from dashboard.figures.colours import POLE_COLOURS
from models.phrases import Hit

_MARK_STYLE = "background:{bg};border-bottom:2px solid {fg};padding:0 1px;border-radius:2px"


def _mark(text: str, hit: Hit, pole_labels: dict[str, str]) -> str:
    colour = POLE_COLOURS[hit.pole]
    title = f"{pole_labels.get(hit.pole, hit.pole)}: “{hit.phrase}”"
    return (
        f'<mark class="pole-{hit.pole}" title="{html.escape(title, quote=True)}" '
        f'style="{_MARK_STYLE.format(bg=colour + "33", fg=colour)}">'
        f"{html.escape(text)}</mark>"
    )


def highlighted_html(text: str, hits: Iterable[Hit], pole_labels: dict[str, str]) -> str:
    """Article text as escaped HTML paragraphs, each hit wrapped in a <mark> of its pole."""
    chosen: list[Hit] = []
    last_end = 0
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if hit.start >= last_end:  # overlapping hits of different axes: the first one shows
            chosen.append(hit)
            last_end = hit.end
    pieces: list[str] = []
    cursor = 0
    for hit in chosen:
        pieces.append(html.escape(text[cursor : hit.start]))
        pieces.append(_mark(text[hit.start : hit.end], hit, pole_labels))
        cursor = hit.end
    pieces.append(html.escape(text[cursor:]))
    body = "".join(pieces)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def article_card_html(title: str, outlet: str, published: str, body_html: str) -> str:
    """A column's article: escaped title and byline over the already-escaped body."""
    return (
        '<div class="article-card" style="line-height:1.55">'
        f'<h4 style="margin:0 0 .2rem 0">{html.escape(title or "(no title)")}</h4>'
        f'<div style="color:#666;font-size:.85rem;margin-bottom:.6rem">'
        f"{html.escape(outlet)} · {html.escape(published or 'undated')}</div>"
        f"{body_html}</div>"
    )


def legend_html(pole_labels: dict[str, str]) -> str:
    items = "".join(
        f'<span style="{_MARK_STYLE.format(bg=POLE_COLOURS[p] + "33", fg=POLE_COLOURS[p])};'
        f'margin-right:1rem">{html.escape(label)}</span>'
        for p, label in pole_labels.items()
    )
    return f"<div>{items}</div>"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def markdown_text(text: str) -> str:
    """Text for st.markdown shown as written: every character Markdown (or its link, HTML and
    maths extensions) could act on is backslash-escaped, so article words stay words."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
