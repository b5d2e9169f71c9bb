"""The pages' choice between shares of each outlet's coverage (the default) and raw counts
(see dashboard.shares)."""

from __future__ import annotations

import streamlit as st

SHARE = "share"
RAW = "raw"


def count_mode_ui(key: str, share_label: str, denominator: str) -> bool:
    """The page's choice between shares (the default) and raw counts, with the denominator
    said in a caption. True for shares."""
    choice = st.radio(
        "Show",
        [SHARE, RAW],
        horizontal=True,
        key=key,
        format_func={SHARE: share_label, RAW: "raw counts"}.get,
        help="Outlets publish very different amounts; a share compares them on the same "
        "footing, a raw count mostly shows who publishes more.",
    )
    if choice == SHARE:
        st.caption(f"Shares: {denominator}. Switch to raw counts for the counts themselves.")
    return choice == SHARE


def counted_note(include_copies: bool) -> str:
    """How the denominator's articles are counted, in the sidebar's terms."""
    if include_copies:
        return "every article counts, wire copies too (the sidebar's switch)"
    return "wire copies counted once, for the article they copy"
