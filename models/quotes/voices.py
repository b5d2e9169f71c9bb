"""The voices table: per outlet and speaker, quotations, quoted words and their share."""

from __future__ import annotations

import pandas as pd

QUOTES = "quotes"
VOICES = "voices"
QUOTE_COLUMNS = ["outlet", "url", "speaker", "actor", "kind", "words", "text", "sentence"]
VOICE_COLUMNS = ["outlet", "speaker", "actor", "quotes", "words", "share"]


def voices_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per outlet and speaker: quotations, quoted words and the share of the outlet's words."""
    if quotes.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    table = quotes.groupby(["outlet", "speaker", "actor"], as_index=False, sort=False).agg(
        quotes=("text", "size"), words=("words", "sum")
    )
    totals = table.groupby("outlet")["words"].transform("sum")
    table["share"] = (table["words"] / totals.where(totals > 0)).fillna(0.0).round(4)
    table = table.sort_values(["outlet", "words", "speaker"], ascending=[True, False, True])
    return table[VOICE_COLUMNS].reset_index(drop=True)
