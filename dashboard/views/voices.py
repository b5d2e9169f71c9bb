"""Voices: who gets to speak in each outlet's coverage, with every quotation behind the bars."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.count_mode import count_mode_ui
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.voices import MAX_SPEAKERS, voices_chart
from dashboard.render import method_text, real_data_note
from models import quotes as quotes_method
from models.quotes import QUOTES, VOICES

ALL = "All speakers"

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
quotes, voices = tables[QUOTES], tables[VOICES]

st.title("Voices")
st.caption(
    "Who each outlet lets speak, and at what length: the words inside quotation marks and of "
    "reported speech (“X said that …”, “según X, …”), by speaker. Found by rules in English "
    "and Spanish; quotations whose speaker the rules cannot find are left out, and unusual "
    "constructions are missed. It shows who is given voice; it cannot show whether the outlet "
    "endorses, doubts or rebuts what is quoted. Wire copies are counted once."
)
state.stop_when_no_article(cfg, event, tables)
if quotes.empty:
    st.info("No quotation with a speaker was found in the stored articles of this event.")
    st.stop()


def measure_ui() -> bool:
    """True to draw each outlet's shares (the default) instead of its word counts."""
    return count_mode_ui(
        "voices-measure",
        "share of the outlet's quoted words",
        "each bar is one outlet's quoted words, split by speaker as shares of that outlet's "
        "quoted words (100% each)",
    )


def quote_filter_ui(quotes: pd.DataFrame) -> tuple[str, str]:
    """The outlet and speaker whose quotations to read (speakers by words, most first)."""
    left, right = st.columns(2)
    outlet = left.selectbox("Outlet", sorted(quotes.outlet.unique()), key="voices-outlet")
    part = quotes[quotes.outlet == outlet]
    by_words = part.groupby("speaker")["words"].sum().sort_values(ascending=False, kind="stable")
    speaker = right.selectbox("Speaker", [ALL, *by_words.index], key="voices-speaker")
    return outlet, speaker


st.plotly_chart(voices_chart(voices, share=measure_ui()), key="voices-chart")
if voices.speaker.nunique() > MAX_SPEAKERS:
    st.caption(
        f"The {MAX_SPEAKERS} speakers with the largest share in some outlet have their own "
        "colour; the others are summed in grey. The tables below have them all."
    )
with st.expander("How quotations and speakers are found, and what this cannot show"):
    st.text(method_text(quotes_method))
    st.text(
        real_data_note(
            [
                "quote_spans_found",
                "quote_speaker_right",
                "quote_speaker_right_heldout",
                "quote_spans_found_with_speaker",
                "quote_spans_found_groups",
            ]
        )
    )

st.header("Read the quotations")
outlet, speaker = quote_filter_ui(quotes)
shown = quotes[quotes.outlet == outlet]
if speaker != ALL:
    shown = shown[shown.speaker == speaker]
st.caption(f"{len(shown)} quotation(s), {int(shown.words.sum())} words.")
show_table(
    shown[["speaker", "actor", "kind", "words", "text", "sentence", "url"]],
    key="voices-quotes",
    sentence_first=True,
)

st.header("Tables")
table_with_download(VOICES, voices, event.id)
table_with_download(QUOTES, quotes, event.id)
