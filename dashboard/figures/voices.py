"""Who gets to speak: each outlet's quoted words by speaker, as stacked horizontal bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from dashboard.figures.chart_text import chart_text
from dashboard.figures.legend import legend_above

OTHER = "Other speakers"
OTHER_COLOUR = "#c7c7c7"
MAX_SPEAKERS = 12
# Twelve clearly different hues, none grey (grey is "Other speakers").
SPEAKER_PALETTE = [*qualitative.G10, "#EECA3B", "#9D755D"]


def top_speakers(voices: pd.DataFrame, n: int = MAX_SPEAKERS) -> list[str]:
    """The speakers drawn in their own colour: those with the largest share in some outlet, so
    that every outlet's main voices show even when another outlet quotes far more words."""
    if voices.empty:
        return []
    best = voices.groupby("speaker")["share"].max().sort_values(ascending=False, kind="stable")
    return list(best.index[:n])


def speaker_colours(speakers: list[str]) -> dict[str, str]:
    """A colour per speaker, by name order, so the same speaker keeps its colour on a rerun;
    "Other speakers" is grey. A palette unlike the outlets' keeps voices and outlets apart."""
    palette = SPEAKER_PALETTE
    colours = {name: palette[i % len(palette)] for i, name in enumerate(sorted(speakers))}
    colours[OTHER] = OTHER_COLOUR
    return colours


def grouped_voices(voices: pd.DataFrame, speakers: list[str]) -> pd.DataFrame:
    """The voices table with every speaker outside `speakers` summed into "Other speakers"
    per outlet (its `actor` column then counts the speakers grouped)."""
    kept = voices[voices.speaker.isin(speakers)].assign(grouped=1)
    rest = voices[~voices.speaker.isin(speakers)]
    if rest.empty:
        return kept
    other = (
        rest.groupby("outlet", as_index=False)
        .agg(
            quotes=("quotes", "sum"),
            words=("words", "sum"),
            share=("share", "sum"),
            grouped=("speaker", "nunique"),
        )
        .assign(speaker=OTHER, actor="")
    )
    return pd.concat([kept, other[kept.columns]], ignore_index=True)


def voices_chart(voices: pd.DataFrame, *, share: bool = False) -> go.Figure:
    """Stacked bars per outlet: quoted words (or the share of the outlet's quoted words) by
    speaker, one colour per speaker across outlets, the rest grouped in grey."""
    speakers = top_speakers(voices)
    table = grouped_voices(voices, speakers)
    colours = speaker_colours(speakers)
    outlets = sorted(voices.outlet.unique())
    figure = go.Figure()
    # the largest voices first, so they sit at the left of every bar; "Other speakers" last
    order = [
        *table[table.speaker != OTHER]
        .groupby("speaker")["words"]
        .sum()
        .sort_values(ascending=False, kind="stable")
        .index
    ]
    if (table.speaker == OTHER).any():
        order.append(OTHER)
    for speaker in order:
        part = table[table.speaker == speaker].set_index("outlet").reindex(outlets)
        part = part.dropna(subset=["words"])
        hover = [_hover(speaker, outlet, row) for outlet, row in part.iterrows()]
        figure.add_trace(
            go.Bar(
                y=[chart_text(o) for o in part.index],
                x=(part["share"] * 100) if share else part["words"],
                orientation="h",
                name=chart_text(speaker),
                marker={"color": colours[speaker]},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": "share of the outlet's quoted words (%)" if share else "quoted words"},
        yaxis={
            "title": None,
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [chart_text(o) for o in reversed(outlets)],
        },
        legend=legend_above("speaker"),
        height=max(300, 44 * len(outlets) + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 50},
    )
    return figure


def _hover(speaker: str, outlet: str, row: pd.Series) -> str:
    """Hover text for one bar segment; every piece of text escaped (names come from articles)."""
    title = f"<b>{chart_text(speaker)}</b>"
    if speaker == OTHER:
        title += f" ({int(row['grouped'])} speakers)"
    elif row["actor"]:
        title += " (event actor)"
    return (
        f"{title}<br>{chart_text(outlet)}<br>"
        f"{int(row['quotes'])} quotation(s), {int(row['words'])} words<br>"
        f"{row['share']:.0%} of the outlet's quoted words"
    )
