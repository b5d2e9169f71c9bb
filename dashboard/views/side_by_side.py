"""Side by side: two to four articles in columns, framing phrases marked by pole, actor
mentions marked, the claims they share aligned row by row and the sentences only one carries
marked."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import table_with_download
from dashboard.render import (
    aligned_claims_html,
    annotated_html,
    article_card_html,
    claims_legend_html,
    legend_html,
    markdown_text,
)
from models.actors import find_mentions
from models.alignment import (
    ALONE,
    NOT_IN_OTHERS,
    SHARED,
    aligned_claims,
    most_shared,
    sentence_marks,
)
from models.axes import contrasting_outlets
from models.axis_tables import OUTLET_AXES
from models.claims import CLAIM_SENTENCES, CLAIMS, EXCLUSIVE_CLAIMS
from models.coverage import ARTICLES
from models.phrases import find_hits

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
documents = tables[ARTICLES]
texts = state.texts(event)

st.title("Side by side")
if documents.empty:
    st.warning("No articles are stored for this event yet.")
    st.stop()

outlets = sorted(documents.outlet.unique())
chosen = st.multiselect(
    "Outlets to compare (two to four)",
    outlets,
    default=contrasting_outlets(tables[OUTLET_AXES], outlets),
    max_selections=4,
    key="sbs-outlets",
)
if len(chosen) < 2:
    st.info("Choose at least two outlets.")
    st.stop()

axis_ids = [a.id for a in event.axes]
axis = None
if axis_ids:
    axis_id = st.radio(
        "Mark the phrases of",
        axis_ids,
        horizontal=True,
        key="sbs-axis",
        format_func=lambda i: markdown_text(
            next(a.question or a.id for a in event.axes if a.id == i)
        ),
    )
    axis = next(a for a in event.axes if a.id == axis_id)
switches = st.columns(2)
mark_actors = switches[0].toggle("Mark actor mentions", value=True, key="sbs-actors")
mark_claims = switches[1].toggle("Mark claims", value=True, key="sbs-claims")
st.html(
    legend_html({"a": axis.a.label, "b": axis.b.label} if axis else {}, actors=mark_actors)
    + (claims_legend_html() if mark_claims else "")
)

claim_sentences, exclusive = tables[CLAIM_SENTENCES], tables[EXCLUSIVE_CLAIMS]
picked: dict[str, str] = {}
columns = st.columns(len(chosen))
for column, outlet in zip(columns, chosen, strict=True):
    own = documents[documents.outlet == outlet]
    urls = list(own.url)
    # first shown: the article sharing most claims with the other outlets' articles
    first = most_shared(claim_sentences, urls, [o for o in chosen if o != outlet])
    with column:
        picked[outlet] = st.selectbox(
            markdown_text(outlet),
            urls,
            index=urls.index(first) if first in urls else 0,
            key=f"sbs-article-{outlet}",
            format_func=lambda u, own=own: own.set_index("url").at[u, "title"] or u,
        )

for column, (outlet, url) in zip(columns, picked.items(), strict=True):
    with column:
        row = documents.set_index("url").loc[url]
        text = texts.get(url, "")
        hits = find_hits(text, (axis,)) if axis else []
        others = [u for u in picked.values() if u != url]
        marks = sentence_marks(text, url, claim_sentences, exclusive, others) if mark_claims else []
        if axis:
            score = row[f"{axis.id}_score"]
            st.caption(
                f"{axis.id} score: "
                + ("no phrase hits" if score != score else f"{score:+.2f}")
                + f" · {row[f'{axis.id}_hits_a']} {markdown_text(axis.a.label)} / "
                f"{row[f'{axis.id}_hits_b']} {markdown_text(axis.b.label)}"
            )
        if mark_claims:
            kinds = [m.kind for m in marks]
            st.caption(
                f"Sentences in claims another column states: {kinds.count(SHARED)} · "
                f"in claims only other outlets state: {kinds.count(NOT_IN_OTHERS)} · "
                f"that no other outlet reports: {kinds.count(ALONE)}"
            )
        body = annotated_html(
            text,
            hits,
            {"a": axis.a.label, "b": axis.b.label} if axis else {},
            mentions=find_mentions(text, event.actors) if mark_actors else (),
            sentences=marks,
        )
        st.html(article_card_html(row["title"], outlet, row["published"], body))

st.header("Claims these articles share")
st.caption(
    "Each row is a claim (sentences of different articles that state the same thing, see the "
    "Claims page) that at least two of the articles above state, with each article's "
    "sentence; an empty cell means that article does not state it. Matching follows shared "
    "wording: a paraphrase in other words is not aligned, and articles in different "
    "languages never share a claim."
)
aligned = aligned_claims(tables[CLAIMS], claim_sentences, picked)
if aligned.empty:
    st.info("These articles share no claim.")
else:
    st.html(aligned_claims_html(aligned, list(aligned.columns[2:])))  # one per article
    table_with_download("aligned_claims", aligned, event.id)
