"""Discover coverage: look through the outlets' feeds and sitemaps for the event's articles,
grouped into stories, and add the chosen ones to the event's config file."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.downloads import show_table
from dashboard.render import markdown_text
from ingest.discover import add_to_event, run_discovery
from ingest.errors import FramingError
from ingest.stories import group_stories

cfg = state.config()
event = state.current_event(cfg)

st.title("Discover coverage")
st.caption(
    "Looks through each outlet's feeds (configured, or linked from its homepage) and sitemaps "
    "for articles whose address, title or description names one of the event's keywords "
    f"({markdown_text(', '.join(event.keywords)) or 'none set'}) and whose date falls in its "
    "window. "
    "Found articles are grouped into stories: pick the one that is the event. It cannot find "
    "articles an outlet lists in neither a feed nor a sitemap."
)
if state.read_only():
    st.info("This dashboard is read-only: discovery and changes to the config are switched off.")
    st.stop()

if st.button("Look for coverage", key="discover-run", type="primary"):
    with st.spinner("Reading feeds and sitemaps…"):
        discovery = run_discovery(event, cfg, cfg.fetch)
    st.session_state["discovered"] = (event.id, group_stories(discovery.candidates), discovery)

found = st.session_state.get("discovered")
if not found or found[0] != event.id:
    st.stop()
_, stories, discovery = found
if discovery.problems:
    with st.expander(f"{len(discovery.problems)} feed(s) or sitemap(s) could not be read"):
        show_table(pd.DataFrame(discovery.problems, columns=["url", "reason"]))
for note in discovery.notes:
    st.info(f"Limit reached: {markdown_text(note)}. Raise it in settings.toml to see more.")
if discovery.nothing_read:
    st.warning(
        "Nothing could be read: every feed, sitemap and homepage tried failed (see the reasons "
        "above). Check the outlets' feeds and domains, and the network."
    )
    st.stop()
if not stories:
    st.warning("No article matched the event's keywords and dates.")
    st.stop()

story_id = st.selectbox(
    "Story",
    [s.id for s in stories],
    key="discover-story",
    format_func=lambda i: next(f"{s.label} ({len(s.candidates)})" for s in stories if s.id == i),
)
story = next(s for s in stories if s.id == story_id)
table = pd.DataFrame(
    [
        (not c.configured, c.outlet, c.published, c.title, c.url, c.reason, c.configured)
        for c in story.candidates
    ],
    columns=["add", "outlet", "published", "title", "url", "why it matched", "listed"],
)
chosen = st.data_editor(
    table, key="discover-table", disabled=[c for c in table.columns if c != "add"]
)
picked = [c for c, add in zip(story.candidates, chosen["add"], strict=True) if add]
if st.button(
    f"Add {len(picked)} article(s) to {markdown_text(event.path.name)}",
    key="discover-add",
    disabled=not picked,
):
    try:
        added = add_to_event(event, picked, cfg.outlets)
    except FramingError as err:
        state.fail(err)
    st.success(
        f"Added {len(added)} URL(s) to {markdown_text(event.path)}. "
        f"Run `framing fetch {event.id}` to fetch them."
    )
