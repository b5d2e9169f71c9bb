"""Side by side: two to four articles in columns, framing phrases marked by pole."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.render import article_card_html, highlighted_html, legend_html
from models.axes import contrasting_outlets
from models.phrases import find_hits

cfg = state.config()
event = state.current_event(cfg)
documents = state.tables(cfg, event)["articles"]
texts = state.texts(event)

st.title("Side by side")
if documents.empty:
    st.warning("No articles are stored for this event yet.")
    st.stop()

outlets = sorted(documents.outlet.unique())
chosen = st.multiselect(
    "Outlets to compare (two to four)",
    outlets,
    default=contrasting_outlets(state.tables(cfg, event)["outlet_axes"], outlets),
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
        format_func=lambda i: next(a.question or a.id for a in event.axes if a.id == i),
    )
    axis = next(a for a in event.axes if a.id == axis_id)
    st.html(legend_html({"a": axis.a.label, "b": axis.b.label}))

columns = st.columns(len(chosen))
for column, outlet in zip(columns, chosen, strict=True):
    own = documents[documents.outlet == outlet]
    with column:
        url = st.selectbox(
            outlet,
            list(own.url),
            key=f"sbs-article-{outlet}",
            format_func=lambda u, own=own: own.set_index("url").at[u, "title"] or u,
        )
        row = own.set_index("url").loc[url]
        text = texts.get(url, "")
        hits = find_hits(text, (axis,)) if axis else []
        if axis:
            score = row[f"{axis.id}_score"]
            st.caption(
                f"{axis.id} score: "
                + ("no phrase hits" if score != score else f"{score:+.2f}")
                + f" · {row[f'{axis.id}_hits_a']} {axis.a.label} / "
                f"{row[f'{axis.id}_hits_b']} {axis.b.label}"
            )
        st.html(
            article_card_html(
                row["title"],
                outlet,
                row["published"],
                highlighted_html(
                    text, hits, {"a": axis.a.label, "b": axis.b.label} if axis else {}
                ),
            )
        )
