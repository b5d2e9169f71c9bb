"""Framing axes: where each outlet sits on each axis, which phrases put it there, and the
sentences behind every number."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.count_mode import count_mode_ui, counted_note
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.axes import axis_chart, dot_order, phrase_heatmap
from dashboard.render import markdown_text, method_text
from dashboard.shares import articles_with
from models import axes as axes_method
from models import axis_model as axis_model_method
from models.axis_model import AXIS_MODELS, PHRASE_SUGGESTIONS, SENTENCE_SCORES
from models.axis_tables import EVIDENCE, OUTLET_AXES, PHRASE_HITS
from models.corpus import FETCH_LOG
from models.coverage import ARTICLES, counted_articles
from models.export import csv_bytes
from models.tables import outlet_phrase_matrix

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
articles, outlet_axes = tables[ARTICLES], tables[OUTLET_AXES]

st.title("Framing axes")
state.stop_when_no_article(cfg, event, tables)
state.whole_event_note("the axis model (its sentence scores and suggested phrases)")
log = tables[FETCH_LOG]
c1, c2, c3 = st.columns(3)
state.article_metrics([c1, c2], articles)
c3.metric("Failed fetches", int((log.status == "failed").sum()) if not log.empty else 0)

if not event.axes:
    st.info(
        f"This event has no framing axes; add [[axis]] tables to {markdown_text(event.path.name)}."
    )
    st.stop()

with st.expander("How the scores are computed, and what they cannot show"):
    st.text(method_text(axes_method))
    st.text(method_text(axis_model_method))

measure = st.radio(
    "Evidence",
    ["score", "combined"],
    horizontal=True,
    key="axes-measure",
    format_func={"score": "Phrases only", "combined": "Phrases and the axis model"}.get,
    help="The axis model scores sentences without the phrases; it is used only where its "
    "cross-validated quality is good enough (see 'Axis model' under each chart).",
)
models = tables[AXIS_MODELS].set_index("axis")
include_copies = bool(st.session_state.get("include_copies", False))
counted = counted_articles(articles, include_copies)
as_share = count_mode_ui(
    "axes-count-mode",
    "share of the outlet's articles",
    "a cell of a phrase chart is the share of the outlet's articles shown that use the phrase "
    f"at least once ({counted_note(include_copies)}); outlets are listed in the order of the "
    "score chart above it",
)

for axis in event.axes:
    st.header(markdown_text(axis.question or axis.id))
    st.plotly_chart(
        axis_chart(outlet_axes, axis, measure, state.colours(cfg), tables[PHRASE_HITS]),
        key=f"axis-{axis.id}",
    )
    unscored = outlet_axes[(outlet_axes.axis == axis.id) & (outlet_axes.articles == 0)]
    if not unscored.empty:
        st.caption(
            "No phrase of this axis occurs in: "
            + ", ".join(markdown_text(o) for o in unscored.outlet)
            + "."
        )

    matrix = outlet_phrase_matrix(tables[PHRASE_HITS], axis.id)
    if not matrix.empty:
        st.subheader("Which phrases each outlet uses")
        hits = tables[PHRASE_HITS][tables[PHRASE_HITS].axis == axis.id]
        usage = articles_with(hits, ["pole", "phrase"], counted) if as_share else None
        st.plotly_chart(
            phrase_heatmap(matrix, axis, usage, dot_order(outlet_axes, axis, measure)),
            key=f"heatmap-{axis.id}",
        )

    quality = models.loc[axis.id]
    with st.expander(
        f"Axis model: {'trusted' if quality.trusted else 'not used'} "
        f"({quality.examples_a} + {quality.examples_b} example sentences)"
    ):
        st.write(markdown_text(quality.note))
        if quality.trusted:
            st.write(
                f"Cross-validated by article over {quality.folds} folds: ROC AUC "
                f"{quality.roc_auc:.2f}, F1 {quality.f1:.2f}."
            )
        suggestions = tables[PHRASE_SUGGESTIONS]
        suggestions = suggestions[suggestions.axis == axis.id]
        if not suggestions.empty:
            st.subheader("Suggested phrases")
            st.caption(
                "Phrases the model suggests for each pole (add the good ones to the event's "
                "config), with a sentence that uses each"
                + ("" if quality.trusted else "; the model is not trusted, so weigh them lightly")
                + "."
            )
            show_table(
                suggestions.assign(
                    pole=suggestions.pole.map({"a": axis.a.label, "b": axis.b.label})
                )[["pole", "phrase", "weight", "example"]],
                key=f"suggestions-{axis.id}",
            )
        scored = tables[SENTENCE_SCORES]
        scored = scored[(scored.axis == axis.id) & scored.model_score.notna()]
        if not scored.empty:
            st.subheader("Sentences the model scored")
            st.caption("Most confident first (−1 = pole a).")
            show_table(
                scored.reindex(scored.model_score.abs().sort_values(ascending=False).index)[
                    ["outlet", "label", "model_score", "text", "url"]
                ],
                key=f"scored-{axis.id}",
                sentence_first=True,
            )

    evidence = tables[EVIDENCE][tables[EVIDENCE].axis == axis.id]
    with st.expander(f"Evidence: the {len(evidence)} sentences behind these scores"):
        outlets = sorted(evidence.outlet.unique())
        chosen = st.multiselect("Outlets", outlets, default=outlets, key=f"ev-{axis.id}")
        labels = {"a": axis.a.label, "b": axis.b.label}
        shown = evidence[evidence.outlet.isin(chosen)]
        shown = shown.assign(pole=shown.pole.map(labels))
        show_table(
            shown[["outlet", "pole", "phrase", "matched", "sentence", "url"]],
            key=f"ev-table-{axis.id}",
            sentence_first=True,
        )
        st.download_button(
            "Download evidence.csv (every axis)",
            lambda: csv_bytes(tables[EVIDENCE]),  # written on click
            file_name=f"{event.id}-evidence.csv",
            mime="text/csv",
            key=f"download-evidence-{axis.id}",
            on_click="ignore",
        )

st.header("Outlet scores")
table_with_download(OUTLET_AXES, outlet_axes, event.id, heading=False)
st.header("Axis models")
table_with_download(AXIS_MODELS, tables[AXIS_MODELS], event.id)
table_with_download(PHRASE_SUGGESTIONS, tables[PHRASE_SUGGESTIONS], event.id)
table_with_download(SENTENCE_SCORES, tables[SENTENCE_SCORES], event.id)
