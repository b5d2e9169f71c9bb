"""Claims and omissions: which outlets report which facts, what each outlet alone reports, and
the sentences behind every claim."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.count_mode import count_mode_ui, counted_note
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.claims import claim_heatmap
from dashboard.render import method_text, real_data_note
from dashboard.shares import articles_with
from models import claims as claims_method
from models.claims import CLAIM_MATRIX, CLAIM_SENTENCES, CLAIMS, EXCLUSIVE_CLAIMS
from models.coverage import ARTICLES, counted_articles
from models.registry import tables_on

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
claims, claim_matrix = tables[CLAIMS], tables[CLAIM_MATRIX]
claim_sentences, exclusive = tables[CLAIM_SENTENCES], tables[EXCLUSIVE_CLAIMS]
outlets = [c for c in claim_matrix.columns if c != "claim"]

st.title("Claims and omissions")
st.caption(
    "Sentences of different articles that state the same thing are grouped into claims. "
    "A gap in the chart is an outlet that does not report the claim in similar words: an "
    "omission, or the same fact told in other words or in another language. Wire copies "
    "are counted once."
)
state.stop_when_no_article(cfg, event, tables)
with st.expander("How claims are found, and what they can and cannot show"):
    st.text(method_text(claims_method))
    st.text(real_data_note(["basil_only_here_bias_ratio", "basil_only_here_bias_ratio_heldout"]))
state.whole_event_note(
    "which sentences state the same claim, and which no other outlet of the event reports"
)

c1, c2, c3 = st.columns(3)
c1.metric("Claims (two or more articles)", len(claims))
c2.metric("Reported by two or more outlets", int((claims.n_outlets >= 2).sum()))
c3.metric("Sentences only one outlet reports", len(exclusive))

if claims.empty:
    st.info("No two articles of this event state the same thing in similar words.")
else:
    st.header("Which outlet reports which claim")
    top = len(claims)
    if len(claims) > 1:
        top = st.slider(
            "Claims shown (the most widely reported first)",
            min_value=1,
            max_value=len(claims),
            value=min(30, len(claims)),
            key="claims-top",
        )
    include_copies = bool(st.session_state.get("include_copies", False))
    as_share = count_mode_ui(
        "claims-count-mode",
        "share of the outlet's articles",
        "a cell is the share of the outlet's articles shown that state the claim "
        f"({counted_note(include_copies)}); raw counts are its sentences in the claim",
    )
    counted = counted_articles(tables[ARTICLES], include_copies)
    usage = articles_with(claim_sentences, ["claim"], counted) if as_share else None
    st.plotly_chart(claim_heatmap(claims, claim_matrix, top, usage), key="claims-heatmap")

    st.header("The sentences behind a claim")
    spread = dict(zip(claims.claim, claims.n_outlets, strict=True))
    chosen = st.selectbox(
        "Claim",
        list(claims.claim),
        key="claims-chosen",
        format_func=lambda c: f"{c} · reported by {spread[c]} outlet(s)",
    )
    row = claims[claims.claim == chosen]
    show_table(
        row[["claim", "text", "outlets", "omitted_by"]],
        key="claims-chosen-row",
    )
    st.subheader("Its sentences, article by article")
    show_table(
        claim_sentences[claim_sentences.claim == chosen][["outlet", "sentence", "url"]],
        key="claims-chosen-sentences",
        sentence_first=True,
    )

st.header("What each outlet alone reports")
st.caption(
    "Fact-like sentences (at least 8 words, with a number or the name of one of the event's "
    "actors) that no other outlet states in similar words. Another outlet may still report "
    "the same fact in other words."
)
with_exclusive = sorted(exclusive.outlet.unique())
if with_exclusive:
    outlet = st.selectbox("Outlet", with_exclusive, key="claims-exclusive-outlet")
    show_table(
        exclusive[exclusive.outlet == outlet][["sentence", "url"]],
        key="claims-exclusive-table",
        sentence_first=True,
    )
else:
    st.info("No outlet carries a fact-like sentence that no other outlet reports.")

with st.expander("All claim tables, with CSV downloads"):
    for name in tables_on("claims"):
        table_with_download(name, tables[name], event.id)
