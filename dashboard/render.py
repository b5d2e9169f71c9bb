"""HTML for article text with its phrases, actors and claims marked. Article text is hostile
input: every piece of it is escaped here, and this is the only place the dashboard turns article
text into HTML.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable

import pandas as pd

from dashboard.figures.colours import POLE_COLOURS
from models.actors import Mention
from models.alignment import ALONE, NOT_IN_OTHERS, SHARED, SentenceMark
from models.evaluation import real_figures
from models.phrases import Hit

_MARK_STYLE = "background:{bg};border-bottom:2px solid {fg};padding:0 1px;border-radius:2px"
# Each layer has its own visual channel, so marks can overlap and still be read apart: poles
# a coloured background with a border below, actors bold, claim sentences a faint tint.
_ACTOR_STYLE = "font-weight:650"
# claim sentences: blue when another column states the claim too, a grey line when only other
# outlets of the event do, purple when no other outlet of the event reports the sentence
_BADGE_COLOURS = {SHARED: "#1f5fbf", NOT_IN_OTHERS: "#777777", ALONE: "#7c3aed"}
_SENTENCE_STYLES = {
    SHARED: (
        "background:#1f5fbf1f;box-shadow:inset 0 -2px #1f5fbf",
        "Claim {claim}: also stated in another column",
    ),
    NOT_IN_OTHERS: (
        "box-shadow:inset 0 -1px #999",
        "Claim {claim}: stated by other outlets of the event, not in the other columns",
    ),
    ALONE: ("background:#7c3aed12", "No other outlet of the event reports this"),
}


def _non_overlapping(spans: Iterable, key=lambda s: (s.start, s.end)) -> list:
    """The spans left after dropping any that overlaps an earlier (or longer) one."""
    chosen = []
    last_end = 0
    for span in sorted(spans, key=lambda s: (key(s)[0], -(key(s)[1] - key(s)[0]))):
        if key(span)[0] >= last_end:
            chosen.append(span)
            last_end = key(span)[1]
    return chosen


def _pole_tag(hit: Hit, pole_labels: dict[str, str]) -> tuple[str, str]:
    colour = POLE_COLOURS[hit.pole]
    title = f"{pole_labels.get(hit.pole, hit.pole)}: “{hit.phrase}”"
    return (
        f'<mark class="pole-{hit.pole}" title="{html.escape(title, quote=True)}" '
        f'style="{_MARK_STYLE.format(bg=colour + "33", fg=colour)}">',
        "</mark>",
    )


def _actor_tag(mention: Mention) -> tuple[str, str]:
    return (
        f'<span class="actor" title="{html.escape(mention.actor, quote=True)}" '
        f'style="{_ACTOR_STYLE}">',
        "</span>",
    )


def _sentence_tag(mark: SentenceMark) -> tuple[str, str]:
    style, title = _SENTENCE_STYLES[mark.kind]
    title = title.format(claim=mark.claim)
    return (
        f'<span class="claim-{mark.kind}" title="{html.escape(title, quote=True)}" '
        f'style="{style}">',
        "</span>",
    )


def _badge(mark: SentenceMark) -> str:
    text = mark.claim if mark.kind != ALONE else "only here"
    colour = _BADGE_COLOURS[mark.kind]
    return (
        f'<sup class="badge-{mark.kind}" style="color:{colour};font-weight:600;'
        f'margin-left:2px">[{html.escape(text)}]</sup>'
    )


def annotated_html(
    text: str,
    hits: Iterable[Hit] = (),
    pole_labels: dict[str, str] | None = None,
    mentions: Iterable[Mention] = (),
    sentences: Iterable[SentenceMark] = (),
) -> str:
    """Article text as escaped HTML paragraphs with three layers of marks: claim sentences
    (outermost, each followed by its badge), actor mentions, and framing phrases by pole.

    The text is cut at every mark's edge and each piece is wrapped in the tags of the marks
    it lies in, so tags never cross and a paragraph break never splits a tag.
    """
    labels = pole_labels or {}
    layers = [
        [(m.start, m.end, _sentence_tag(m), m) for m in _non_overlapping(sentences)],
        [(m.start, m.end, _actor_tag(m), None) for m in _non_overlapping(mentions)],
        [(h.start, h.end, _pole_tag(h, labels), None) for h in _non_overlapping(hits)],
    ]
    cuts = {0, len(text)}
    for layer in layers:
        for start, end, _, _ in layer:
            cuts.update((max(0, start), min(len(text), end)))
    edges = sorted(cuts)
    badges = {end: _badge(mark) for start, end, _, mark in layers[0]}
    pieces: list[str] = []
    for left, right in itertools.pairwise(edges):
        tags = [tag for layer in layers for s, e, tag, _ in layer if s <= left and right <= e]
        for line_number, line in enumerate(text[left:right].split("\n")):
            if line_number:
                pieces.append("\n")
            if line:
                opening = "".join(o for o, _ in tags)
                closing = "".join(c for _, c in reversed(tags))
                pieces.append(f"{opening}{html.escape(line)}{closing}")
        if right in badges:
            pieces.append(badges.pop(right))
    paragraphs = [p for p in "".join(pieces).split("\n") if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def highlighted_html(text: str, hits: Iterable[Hit], pole_labels: dict[str, str]) -> str:
    """Article text as escaped HTML paragraphs, each hit wrapped in a <mark> of its pole."""
    return annotated_html(text, hits, pole_labels)


def article_card_html(title: str, outlet: str, published: str, body_html: str) -> str:
    """A column's article: escaped title and byline over the already-escaped body."""
    return (
        '<div class="article-card" style="line-height:1.55">'
        f'<h4 style="margin:0 0 .2rem 0">{html.escape(title or "(no title)")}</h4>'
        f'<div style="color:#666;font-size:.85rem;margin-bottom:.6rem">'
        f"{html.escape(outlet)} · {html.escape(published or 'undated')}</div>"
        f"{body_html}</div>"
    )


def legend_html(pole_labels: dict[str, str], actors: bool = False) -> str:
    """The key to the marks: one swatch per pole, and the actor style when actors are marked."""
    items = "".join(
        f'<span style="{_MARK_STYLE.format(bg=POLE_COLOURS[p] + "33", fg=POLE_COLOURS[p])};'
        f'margin-right:1rem">{html.escape(label)}</span>'
        for p, label in pole_labels.items()
    )
    if actors:
        items += f'<span style="{_ACTOR_STYLE};margin-right:1rem">actor mention</span>'
    return f"<div>{items}</div>"


def claims_legend_html() -> str:
    """The key to the claim marks."""
    items = "".join(
        f'<span style="{_SENTENCE_STYLES[kind][0]};margin-right:.2rem">{label}</span>'
        f'<sup style="color:{_BADGE_COLOURS[kind]};font-weight:600;margin-right:1rem">'
        f"[{badge}]</sup>"
        for kind, label, badge in (
            (SHARED, "claim another column states", "c1"),
            (NOT_IN_OTHERS, "claim the other columns do not state", "c2"),
            (ALONE, "no other outlet reports it", "only here"),
        )
    )
    return f'<div style="margin-top:.3rem">{items}</div>'


_NOT_STATED = '<em style="color:#999">—</em>'


def aligned_claims_html(table: pd.DataFrame, columns: list[str]) -> str:
    """The shared claims as a grid: one row per claim, one cell per article, all escaped."""
    width = f"{88 / max(1, len(columns)):.1f}%"
    head = "".join(
        f'<th style="width:{width};text-align:left">{html.escape(c)}</th>' for c in columns
    )
    rows = []
    for record in table.to_dict("records"):
        cells = "".join(
            f'<td style="vertical-align:top;padding:.3rem">'
            f"{html.escape(record[c]) if record[c] else _NOT_STATED}</td>"
            for c in columns
        )
        rows.append(
            f'<tr style="border-top:1px solid #ddd"><td style="vertical-align:top;'
            f'color:{_BADGE_COLOURS[SHARED]};font-weight:600">{html.escape(record["claim"])}'
            f"</td>{cells}</tr>"
        )
    return (
        '<table class="aligned-claims" style="width:100%;border-collapse:collapse;'
        f'font-size:.92rem"><tr><th style="width:6%"></th>{head}</tr>{"".join(rows)}</table>'
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&@=])")
# GitHub-flavoured Markdown turns bare addresses into links after escapes are undone, so a
# backslash cannot stop it: an invisible word joiner after "www", in "://" and after "@"
# breaks the patterns it looks for, and the text still reads (and wraps) as written.
_AUTOLINKED = re.compile(r"(?i)(www)(?=\.)|(:)(?=//)|(@)")
_WORD_JOINER = "\u2060"


def markdown_text(text: object) -> str:
    """Config or article text for anything Streamlit renders as Markdown (st.markdown, title,
    header, caption, info, error, widget, button and expander labels, radio options), shown
    as written: every character Markdown or its extensions could act on (links, images,
    HTML, maths, colours, emoji codes) is backslash-escaped, and bare addresses are kept from
    being linked, so no remote image loads and no link is made from it."""
    unlinked = _AUTOLINKED.sub(lambda m: m.group() + _WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


_CONSTANT = re.compile(r"`?\b([A-Z][A-Z0-9_]{3,})\b`?")
_CODE_ASIDE = re.compile(r"\s*\(see [^()]*\(\)[^()]*\)")
_MODULE_ASIDE = re.compile(r"\s*\((?:see |in |from )?`?models\.[a-z_.]+(?:\(\))?`?[^()]*\)")
_MODULE = re.compile(r"`?models\.[a-z_]+(?:\.[a-z_]+)*(?:\(\))?`?")
_DEVELOPER_WORDS = (
    (re.compile(r"\btidy DataFrames?\b"), "table"),
    (re.compile(r"\bDataFrames?\b"), "table"),
    (re.compile(r"\bGroupKFold\b"), "folds that keep each article's sentences together"),
    (re.compile(r"\bNaN\b"), "no value"),
    (re.compile(r"\bNone\b"), "nothing"),
    (re.compile(r"`?\b[a-z_]+\(\)`?"), "the code"),
)


def _plain_value(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (set, frozenset, tuple, list, dict)):
        return "a fixed word list"
    return None


def method_text(module: object) -> str:
    """A module's docstring as a method note for a page: each named constant replaced by its
    value, references to code and developer words put in plain words."""
    doc = (getattr(module, "__doc__", None) or "").strip()

    def value_of(match: re.Match) -> str:
        name = match.group(1)
        plain = _plain_value(getattr(module, name, None))
        if plain is not None:
            return plain
        return name.lower().replace("_", " ") if "_" in name else match.group()  # VADER stays

    doc = _CODE_ASIDE.sub("", doc)
    doc = _CONSTANT.sub(value_of, doc)
    doc = re.sub(r"\b(\d+(?:\.\d+)?) = \1\b", r"\1", doc)  # "w = WEIGHT = 0.5" reads once
    doc = _MODULE_ASIDE.sub("", doc)
    doc = _MODULE.sub("another part of this tool", doc)
    for pattern, words in _DEVELOPER_WORDS:
        doc = pattern.sub(words, doc)
    return doc


def real_data_note(metrics: list[str]) -> str:
    """What the measure reaches on real coverage labelled by other people, read from the
    evaluation gate's `real` section (the one place these figures are kept)."""
    entries = real_figures(metrics)
    if not entries:
        return ""
    lines = [
        "On real coverage labelled by other people (the figures of the evaluation gate, "
        "checked whenever the labelled data is present; `framing evaluate --data DIR` measures "
        "them again):"
    ]
    for entry in entries:
        kind = "minimum" if "minimum" in entry else "maximum"
        measured = entry.get("measured")
        figure = f"{measured:g}" if measured is not None else "not recorded"
        lines.append(
            f"- {entry['means']} ({entry['data']}): {figure}; the gate's {kind} is {entry[kind]:g}."
        )
    return "\n".join(lines)
