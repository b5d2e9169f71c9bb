"""Actors: how each outlet names each actor, and the tone of the words around the mentions,
with the sentences behind both."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.count_mode import count_mode_ui, counted_note
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.actors import MAX_LABELS, label_heatmap, tone_chart
from dashboard.render import markdown_text, method_text
from dashboard.shares import outlet_articles, share_of
from models import labels, tone
from models.coverage import ARTICLES, counted_articles
from models.labels import ACTOR_LABELS
from models.tone import ACTOR_TONE, TONE_EVIDENCE

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
actor_labels, actor_tone = tables[ACTOR_LABELS], tables[ACTOR_TONE]
include_copies = bool(st.session_state.get("include_copies", False))
tone_evidence = tables[TONE_EVIDENCE]

st.title("Actors")
if not event.actors:
    st.info(f"This event has no actors; add [[actor]] tables to {markdown_text(event.path.name)}.")
    st.stop()
state.stop_when_no_article(cfg, event, tables)
if actor_labels.empty and actor_tone.empty:
    st.warning("No stored article mentions any of the event's actors yet.")
    st.stop()


def actor_ui(names: list[str], mentions: pd.Series) -> str:
    """The actor to show, the most mentioned first."""
    ordered = sorted(names, key=lambda n: (-int(mentions.get(n, 0)), n))
    return st.selectbox("Actor", ordered, key="actors-actor")


mentions = actor_tone.groupby("actor")[["sentences", "not_scored"]].sum().sum(axis=1)
actor = actor_ui([a.name for a in event.actors], mentions)

st.header(f"How each outlet names {markdown_text(actor)}")
st.caption(
    "Titles before the name, possessive constructions (“Maduro's regime”, “el régimen de "
    "Maduro”) and descriptors set off by commas, counted per outlet. Hover a cell for an "
    "example sentence. It shows naming choices; it cannot tell the outlet's own words from a "
    "label it quotes or rejects. Wire copies are counted once."
)
part = actor_labels[actor_labels.actor == actor]
if part.empty:
    st.info("No outlet attaches a title or descriptor to this actor's mentions.")
else:
    per_outlet = outlet_articles(counted_articles(tables[ARTICLES], include_copies))
    as_share = count_mode_ui(
        "actors-count-mode",
        "share of the outlet's articles",
        "each cell is the share of the outlet's articles shown that use the label at least "
        f"once ({counted_note(include_copies)})",
    )
    st.plotly_chart(
        label_heatmap(actor_labels, actor, per_outlet if as_share else None),
        key="actors-labels",
    )
    if part[["label", "kind"]].drop_duplicates().shape[0] > MAX_LABELS:
        st.caption(f"The {MAX_LABELS} most frequent labels are drawn; the table has them all.")
    with st.expander(f"Evidence: {len(part)} outlet × label rows with an example sentence"):
        shown = part.assign(share=share_of(part["articles"], part["outlet"], per_outlet))
        show_table(
            shown[["outlet", "label", "kind", "count", "articles", "share", "example"]],
            key="actors-label-evidence",
            column_config={
                "share": st.column_config.NumberColumn(
                    "share", help="of the outlet's articles shown", format="percent"
                )
            },
            sentence_first=True,
        )

st.header(f"Tone toward {markdown_text(actor)}")
st.caption(
    "Each English sentence that mentions the actor is read by a model trained on labelled "
    "news sentences (NewsMTSC), which gives the chances that the sentence is negative, "
    "neutral or positive toward this actor; its tone is P(positive) − P(negative), from −1 to "
    "+1, averaged per outlet (dots) with 95% bootstrap intervals over sentences. It shows "
    "whether an outlet's sentences about the actor lean negative or positive. It cannot show "
    "the author's stance: a quotation attacking the actor counts against the actor, irony and "
    "which facts are reported are beyond it. On real coverage it is a weak guide: "
    f"{tone.REAL_DATA_FIGURES} "
    "**English only**: mentions in articles in other languages are counted as not scored, "
    "never scored."
)
tone_part = actor_tone[actor_tone.actor == actor]
if tone_part.empty:
    st.info("No article mentions this actor.")
else:
    st.plotly_chart(tone_chart(actor_tone, actor, state.colours(cfg)), key="actors-tone")
    not_scored = tone_part[tone_part.not_scored > 0]
    if not not_scored.empty:
        st.caption(
            "Not scored (not English): "
            + ", ".join(
                f"{markdown_text(o)} {n} sentence(s)"
                for o, n in zip(not_scored.outlet, not_scored.not_scored, strict=True)
            )
            + "."
        )
    clauses = tone_evidence[tone_evidence.actor == actor]
    with st.expander(f"Evidence: the {len(clauses)} scored sentences"):
        show_table(
            clauses[["outlet", "tone", "p_negative", "p_neutral", "p_positive", "sentence", "url"]],
            key="actors-tone-evidence",
            sentence_first=True,
        )

with st.expander("How these measures are computed, and what they cannot show"):
    st.text(method_text(labels))
    st.text(method_text(tone))

st.header("Tables")
table_with_download(ACTOR_LABELS, actor_labels, event.id)
table_with_download(ACTOR_TONE, actor_tone, event.id)
table_with_download(TONE_EVIDENCE, tone_evidence, event.id)
