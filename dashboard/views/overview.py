"""Overview: the event at a glance — its outlets, articles and dates, and the clearest
differences between outlets, each stated in a plain sentence with the rows behind it."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.downloads import show_table, table_with_download
from dashboard.figures.timeline import timeline_chart
from dashboard.pages import BY_ID
from dashboard.render import markdown_text, method_text
from models import findings as findings_method
from models.coverage import ARTICLES, OUTLETS, article_dates, counted_articles
from models.findings import findings

cfg = state.config()
event = state.current_event(cfg)
tables = state.tables(cfg, event)
include_copies = bool(st.session_state.get("include_copies", False))
articles = tables[ARTICLES]
counted = counted_articles(articles, include_copies)

st.title(markdown_text(event.title))
if event.description:
    st.caption(markdown_text(event.description))
state.stop_when_no_article(cfg, event, tables)

days = article_dates(articles).dropna()
columns = st.columns(4)
state.article_metrics(columns, articles)
columns[2].metric("Days", (days.max() - days.min()).days + 1 if not days.empty else 0)
languages = ", ".join(sorted(set(articles["language"].fillna("?"))))
columns[3].metric("Languages", markdown_text(languages))  # a metric's value is Markdown too
if not days.empty:
    st.caption(
        f"Published from {days.min():%d %B %Y} to {days.max():%d %B %Y}"
        + (
            f"; {len(articles) - len(days)} article(s) without a date."
            if len(days) < len(articles)
            else "."
        )
    )

st.header("Findings")
st.caption(
    "The clearest differences in the articles shown, found by rule from the tables of the "
    "other pages; each comes with the rows that support it."
)
found = findings(tables, event, include_copies=include_copies)
if not found:
    st.info(
        "No difference between outlets is plain enough to state here: too few articles, or "
        "intervals that overlap. The other pages show every measure with its uncertainty."
    )
for number, finding in enumerate(found, start=1):
    st.markdown(f"**{number}.** {markdown_text(finding.text)}")
    with st.expander(f"Evidence: {len(finding.evidence)} row(s)"):
        show_table(finding.evidence, key=f"finding-{number}")
        page = BY_ID[finding.page]
        st.page_link(page.link, label=f"Open {page.title}", icon="➡️")
with st.expander("How findings are chosen, and what they cannot show"):
    st.text(method_text(findings_method))

st.header("Coverage over time")
st.plotly_chart(timeline_chart(counted, state.colours(cfg)), key="overview-timeline")

st.header("Outlets")
table_with_download(OUTLETS, tables[OUTLETS], event.id, heading=False)
