"""Language: the words and phrases each outlet, or each group of outlets, uses more or less
than the others covering the same event, with a sentence behind every term."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.count_mode import count_mode_ui
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.terms import terms_scatter, top_terms_bars
from dashboard.render import markdown_text, method_text
from models import terms as terms_method
from models.terms import DISTINCTIVE_TERMS

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
terms = tables[DISTINCTIVE_TERMS]


def scope_ui(terms: pd.DataFrame) -> tuple[str, str]:
    """The outlet or group to look at, as (scope, name)."""
    scopes = list(dict.fromkeys(zip(terms.scope, terms.outlet, strict=True)))
    return st.selectbox(
        "Outlet or group",
        scopes,
        format_func=lambda s: s[1] if s[0] == "outlet" else f"{s[1]} (group of outlets)",
        key="terms-scope",
    )


st.title("Language: distinctive terms")
state.stop_when_no_article(cfg, event, tables)
state.whole_event_note("the distinctive terms, each outlet against all the others")
st.caption(
    "Each outlet's words and phrases compared with those of every other outlet covering this "
    "event (and each group of outlets with the rest, when you have set groups). A high z means "
    "the outlet uses the term more often than the others, by more than chance would explain. "
    "It shows wording, not stance: a term counts the same in the outlet's own voice, in a quote "
    "of someone it disagrees with, and in a denial; differences of topic show up too. Read the "
    "example sentences."
)
with st.expander("How the terms are scored, and what the measure cannot show"):
    st.text(method_text(terms_method))

# an outlet alone in its language has no one to be compared with: say so, list nothing
for outlet, language in sorted(terms_method.alone_in_language(tables["articles"]).items()):
    st.info(
        f"{markdown_text(outlet)} is the only outlet here writing in "
        f"{markdown_text(language or 'an unknown language')}: there is no other outlet in "
        "that language to compare its wording with, so no distinctive terms are listed for it."
    )

if terms.empty:
    st.info(
        "No term stands out: it takes at least two outlets, and a term has to occur at least "
        "3 times in an outlet with |z| of at least 1.96 to be listed."
    )
else:
    scope, name = scope_ui(terms)
    chosen = terms[(terms.scope == scope) & (terms.outlet == name)]
    shown_more, shown_less = int((chosen.z > 0).sum()), int((chosen.z < 0).sum())
    st.caption(
        f"{shown_more} term(s) used more and {shown_less} used less than by the rest "
        "(at most 30 each side). Terms it never uses, or uses fewer than 3 times, are not "
        "listed here: they show as the other outlets' terms."
    )
    as_share = count_mode_ui(
        "terms-count-mode",
        "share of the outlet's words",
        "a term's uses per 1,000 of the outlet's (or group's) words, so a small outlet and a "
        "large one compare on one scale",
    )
    st.plotly_chart(terms_scatter(chosen, raw=not as_share), key="terms-scatter")
    st.caption(
        "Only the most distinctive terms on each side are named. A label such as “regime +2” "
        "stands for 2 more terms with exactly the same counts, drawn on the same spot; hover "
        "the dot to read them all."
    )
    st.plotly_chart(top_terms_bars(chosen), key="terms-bars")
    with st.expander(f"Evidence: the {len(chosen)} terms with an example sentence each"):
        show_table(chosen[["term", "count", "rate", "z", "example"]], key="terms-evidence")

st.header("All distinctive terms")
table_with_download(DISTINCTIVE_TERMS, terms, event.id, heading=False)
