"""Wire copies: articles that republish another article's text, each shown beside its original."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.duplicates import compared_html, copies_chart
from dashboard.render import method_text
from models import duplicates as duplicates_method
from models.coverage import ARTICLES
from models.duplicates import DUPLICATES

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
duplicates, articles = tables[DUPLICATES], tables[ARTICLES]

st.title("Wire copies")
st.caption(
    "Articles that republish another article nearly word for word, such as an agency story "
    "on a newspaper's site. Each story is counted once: every outlet aggregate and every "
    "analysis on the other pages (scores, terms, labels, tone, voices, claims) leaves the "
    "copies out and counts only the original; the articles table still lists each copy, "
    "with the original in its duplicate_of column."
)
with st.expander("How copies are found, and what this can and cannot show"):
    st.text(method_text(duplicates_method))

c0, c1, c2, c3 = st.columns(4)
counted = state.article_metrics([c0, c1], articles)
c2.metric("Copies", len(duplicates))
c3.metric("Originals copied", duplicates.duplicate_of.nunique())

if duplicates.empty:
    st.success(f"No article among the {len(counted)} republishes another one.")
else:
    st.header("Whose articles are republished, and by whom")
    st.plotly_chart(copies_chart(duplicates, state.colours(cfg)), key="copies-chart")

    st.header("A copy beside its original")
    outlet_of = dict(zip(duplicates.url, duplicates.outlet, strict=True))
    copy_url = st.selectbox(
        "Copy",
        list(duplicates.url),
        key="copies-chosen",
        format_func=lambda u: f"{outlet_of[u]}: {u}",
    )
    row = duplicates[duplicates.url == copy_url].iloc[0]
    texts = state.texts(event)
    original_html, copy_html = compared_html(
        texts.get(row.duplicate_of, ""), texts.get(copy_url, "")
    )
    st.caption(
        f"Similarity {row.similarity:.0%} (shared five-word runs). "
        "Paragraphs found in only one of the two texts are marked."
    )
    left, right = st.columns(2)
    with left:
        st.subheader("Original")
        show_table(
            duplicates.loc[duplicates.url == copy_url, ["original_outlet", "duplicate_of"]],
            key="copies-original-row",
        )
        with st.container(height=700):  # long articles scroll side by side
            st.html(f'<div class="copy-original">{original_html}</div>')
    with right:
        st.subheader("Copy")
        show_table(
            duplicates.loc[duplicates.url == copy_url, ["outlet", "url"]],
            key="copies-copy-row",
        )
        with st.container(height=700):
            st.html(f'<div class="copy-copy">{copy_html}</div>')

st.header("Every copy")
table_with_download(DUPLICATES, duplicates, event.id, heading=False)
