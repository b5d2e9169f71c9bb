"""Claims across the articles read side by side: which sentences of each article state a claim
another chosen article also states, which state one the others do not, and which no other
outlet of the event reports at all (models.claims decides what counts as the same claim)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from models.columns import outlet_columns

SHARED = "shared"  # a claim another chosen article also states
NOT_IN_OTHERS = "not_in_others"  # a claim of the event that no other chosen article states
ALONE = "alone"  # a sentence no other outlet of the event reports (exclusive_claims)


@dataclass(frozen=True)
class SentenceMark:
    start: int
    end: int
    kind: str  # SHARED, NOT_IN_OTHERS or ALONE
    claim: str  # the claim id ("" for ALONE)


def aligned_claims(
    claims: pd.DataFrame, claim_sentences: pd.DataFrame, articles: dict[str, str]
) -> pd.DataFrame:
    """One row per claim stated by at least two of `articles` (column name -> url): claim,
    text, then per column (named as models.columns says) the article's first sentence in the
    claim ("" when it has none). Rows in the event's claim order, widest first."""
    urls = list(articles.values())
    part = claim_sentences[claim_sentences["url"].isin(urls)]
    carriers = part.groupby("claim")["url"].nunique()
    shared = carriers[carriers >= 2].index
    order = claims[claims["claim"].isin(shared)][["claim", "text"]]
    first = part.drop_duplicates(["claim", "url"]).set_index(["claim", "url"])["sentence"]
    table = order.reset_index(drop=True)
    columns = outlet_columns(articles, ["claim", "text"])
    for name, url in articles.items():
        table[columns[name]] = [first.get((claim, url), "") for claim in table["claim"]]
    return table


def most_shared(claim_sentences: pd.DataFrame, urls: list[str], others: list[str]) -> str | None:
    """Of `urls`, the article stating most claims that the outlets `others` also state (the
    first one on a tie; None when none shares a claim)."""
    theirs = set(claim_sentences[claim_sentences["outlet"].isin(others)]["claim"])
    mine = claim_sentences[
        claim_sentences["url"].isin(urls) & claim_sentences["claim"].isin(theirs)
    ]
    if mine.empty:
        return None
    shared = mine.groupby("url")["claim"].nunique()
    best = shared.max()
    return next(u for u in urls if shared.get(u, 0) == best)


def locate(text: str, sentence: str) -> tuple[int, int] | None:
    """Where a sentence stands in its article's text, allowing for different whitespace."""
    at = text.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    words = sentence.split()
    if not words:
        return None
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (found.start(), found.end()) if found else None


def sentence_marks(
    text: str,
    url: str,
    claim_sentences: pd.DataFrame,
    exclusive: pd.DataFrame,
    other_urls: list[str],
) -> list[SentenceMark]:
    """The claim marks of one article's sentences, given the other chosen articles."""
    own = claim_sentences[claim_sentences["url"] == url]
    others = set(claim_sentences[claim_sentences["url"].isin(other_urls)]["claim"])
    marks = []
    for claim, sentence in own[["claim", "sentence"]].itertuples(index=False):
        span = locate(text, sentence)
        if span:
            kind = SHARED if claim in others else NOT_IN_OTHERS
            marks.append(SentenceMark(*span, kind, claim))
    taken = {(m.start, m.end) for m in marks}
    for sentence in exclusive[exclusive["url"] == url]["sentence"]:
        span = locate(text, sentence)
        if span and span not in taken:
            marks.append(SentenceMark(*span, ALONE, ""))
    return sorted(marks, key=lambda m: m.start)
