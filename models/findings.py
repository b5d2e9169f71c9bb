"""Findings: the event's clearest differences between outlets, each stated as one plain sentence
with the rows that support it.

Each kind of finding reads one table and keeps only a difference that is plain in the data:

- label: an outlet names an actor with a label no other outlet shown uses, in at least two of
  its articles ("X calls Guaidó 'self-proclaimed' in 4 of its 5 articles; no other outlet
  does").
- axis: the two outlets furthest apart on a framing axis, when their 95% intervals do not
  overlap.
- voice: a speaker who has at least a third of the words an outlet quotes, and at least 20
  points less in every other outlet.
- claim: the most widely reported claim that some outlets shown leave out.
- tone: the widest gap in tone about one actor between two outlets, when their intervals do
  not overlap (a lexicon estimate, English only).
- copies: how many articles are word-for-word copies of another outlet's story.

What they cannot show: a finding is a count over the articles in the store, not a verdict
about an outlet; a label "no other outlet uses" may still be used in articles that were not
fetched, and a claim an outlet "leaves out" may be worded too differently to match (see
models.claims). Each finding carries its evidence rows so a reader can check it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ingest.config import Event
from models.axis_tables import EVIDENCE, OUTLET_AXES
from models.claims import CLAIM_SENTENCES, CLAIMS
from models.coverage import ARTICLES, counted_articles
from models.duplicates import DUPLICATES
from models.labels import LABEL_EVIDENCE
from models.quotes import QUOTES, VOICES
from models.registry import page_of
from models.tone import ACTOR_TONE, TONE_EVIDENCE

MAX_FINDINGS = 5
MIN_SHARE = 1 / 3  # of an outlet's quoted words, for a speaker to dominate its voices
SHARE_GAP = 0.2  # how much less the same speaker must have in every other outlet


@dataclass(frozen=True, eq=False)  # compared by identity: evidence is a DataFrame
class Finding:
    """One plain sentence, the page that explains it, and the rows that support it."""

    kind: str
    text: str
    page: str  # the id of the dashboard page that explains the measure (models.registry)
    evidence: pd.DataFrame
    strength: float  # orders findings of one kind; not comparable across kinds


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _join(names: list[str], limit: int = 4) -> str:
    """Names as a sentence lists them; past `limit`, the first ones and how many others."""
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} others"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def label_findings(
    tables: dict[str, pd.DataFrame], per_outlet: pd.Series, keep: int = 2
) -> list[Finding]:
    evidence = tables.get(LABEL_EVIDENCE, pd.DataFrame())
    if evidence.empty:
        return []
    key = ["actor", "kind", "label"]
    spread = evidence.groupby(key).agg(
        outlets=("outlet", "nunique"), outlet=("outlet", "first"), used_in=("url", "nunique")
    )
    own = spread[(spread["outlets"] == 1) & (spread["used_in"] >= 2)].reset_index()
    if own.empty:
        return []
    own["total"] = [
        max(int(per_outlet.get(o, n)), n)
        for o, n in zip(own["outlet"], own["used_in"], strict=True)
    ]
    own["strength"] = own["used_in"] / own["total"] + own["used_in"]
    found = []
    # evidence only for the strongest: a large event has thousands of such labels
    for row in own.nlargest(keep, "strength").itertuples():
        text = (
            f"{row.outlet} calls {row.actor} “{row.label}” in {row.used_in} of its {row.total} "
            "articles; no other outlet shown does."
        )
        rows = evidence[
            (evidence["actor"] == row.actor)
            & (evidence["kind"] == row.kind)
            & (evidence["label"] == row.label)
        ][["outlet", "url", "actor", "label", "sentence"]]
        found.append(
            Finding(
                "label", text, page_of(LABEL_EVIDENCE), rows.reset_index(drop=True), row.strength
            )
        )
    return found


def axis_findings(tables: dict[str, pd.DataFrame], event: Event) -> list[Finding]:
    scores = tables.get(OUTLET_AXES, pd.DataFrame())
    evidence = tables.get(EVIDENCE, pd.DataFrame())
    found = []
    for axis in event.axes:
        part = scores[scores["axis"] == axis.id].dropna(subset=["score", "ci_low", "ci_high"])
        if len(part) < 2:
            continue
        low = part.loc[part["score"].idxmin()]
        high = part.loc[part["score"].idxmax()]
        if low["ci_high"] >= high["ci_low"]:
            continue  # the intervals overlap: the gap may be chance
        text = (
            f"On “{axis.question}”, {low['outlet']} leans most towards “{axis.a.label}” "
            f"({low['score']:+.2f}) and {high['outlet']} most towards “{axis.b.label}” "
            f"({high['score']:+.2f}); their 95% intervals do not overlap."
        )
        rows = evidence[
            (evidence["axis"] == axis.id) & evidence["outlet"].isin([low["outlet"], high["outlet"]])
        ][["outlet", "url", "pole", "phrase", "sentence"]]
        found.append(
            Finding("axis", text, page_of(OUTLET_AXES), rows, high["score"] - low["score"])
        )
    return found


def voice_findings(tables: dict[str, pd.DataFrame]) -> list[Finding]:
    voices = tables.get(VOICES, pd.DataFrame())
    quotes = tables.get(QUOTES, pd.DataFrame())
    if voices.empty or voices["outlet"].nunique() < 2:
        return []
    named = voices[voices["speaker"].fillna("") != ""]
    found = []
    for row in named[(named["share"] >= MIN_SHARE) & (named["quotes"] >= 2)].itertuples():
        others = voices[(voices["outlet"] != row.outlet) & (voices["speaker"] == row.speaker)]
        elsewhere = float(others["share"].max()) if not others.empty else 0.0
        if row.share - elsewhere < SHARE_GAP:
            continue
        where = (
            f"no other outlet gives them more than {elsewhere:.0%}"
            if elsewhere
            else "no other outlet shown quotes them"
        )
        text = f"{row.speaker} has {row.share:.0%} of the words {row.outlet} quotes; {where}."
        rows = quotes[(quotes["outlet"] == row.outlet) & (quotes["speaker"] == row.speaker)][
            ["outlet", "url", "speaker", "text", "sentence"]
        ]
        found.append(Finding("voice", text, page_of(VOICES), rows, row.share - elsewhere))
    return found


def claim_findings(tables: dict[str, pd.DataFrame], keep: int = 2) -> list[Finding]:
    claims = tables.get(CLAIMS, pd.DataFrame())
    sentences = tables.get(CLAIM_SENTENCES, pd.DataFrame())
    if claims.empty:
        return []
    left_out = claims[(claims["n_outlets"] >= 2) & (claims["omitted_by"] != "")]
    omitting = left_out["omitted_by"].str.count("; ") + 1
    strength = left_out["n_outlets"] / (left_out["n_outlets"] + omitting)
    found = []
    for index in strength.nlargest(keep).index:
        row = left_out.loc[index]
        names = [o for o in row["omitted_by"].split("; ") if o]
        total = row["n_outlets"] + len(names)
        text = (
            f"{row['n_outlets']} of {total} outlets report that “{_quote(row['text'])}”; "
            f"{_join(names)} {'does' if len(names) == 1 else 'do'} not."
        )
        rows = sentences[sentences["claim"] == row["claim"]].reset_index(drop=True)
        found.append(Finding("claim", text, page_of(CLAIMS), rows, float(strength[index])))
    return found


def tone_findings(tables: dict[str, pd.DataFrame]) -> list[Finding]:
    tone = tables.get(ACTOR_TONE, pd.DataFrame())
    evidence = tables.get(TONE_EVIDENCE, pd.DataFrame())
    if tone.empty:
        return []
    found = []
    scored = tone.dropna(subset=["tone", "ci_low", "ci_high"])
    for actor, part in scored.groupby("actor"):
        if len(part) < 2:
            continue
        low = part.loc[part["tone"].idxmin()]
        high = part.loc[part["tone"].idxmax()]
        if low["ci_high"] >= high["ci_low"]:
            continue
        text = (
            f"{low['outlet']} writes of {actor} in a more negative tone ({low['tone']:+.2f}) "
            f"than {high['outlet']} ({high['tone']:+.2f}); the intervals do not overlap "
            "(a word-list estimate, English articles only)."
        )
        rows = evidence[
            (evidence["actor"] == actor) & evidence["outlet"].isin([low["outlet"], high["outlet"]])
        ][["outlet", "url", "actor", "tone", "clause"]]
        found.append(Finding("tone", text, page_of(ACTOR_TONE), rows, high["tone"] - low["tone"]))
    return found


def copy_findings(tables: dict[str, pd.DataFrame], include_copies: bool) -> list[Finding]:
    copies = tables.get(DUPLICATES, pd.DataFrame())
    if copies.empty:
        return []
    sources = copies["original_outlet"].value_counts()
    copiers = copies["outlet"].value_counts()
    counting = "each copy counts as an article" if include_copies else "each story is counted once"
    n = len(copies)
    noun, verb = (
        ("article", "is a word-for-word copy")
        if n == 1
        else ("articles", "are word-for-word copies")
    )
    text = (
        f"{n} {noun} from {_join(list(copiers.index))} {verb} of a story by "
        f"{_join(list(sources.index))}; {counting}."
    )
    return [Finding("copies", text, page_of(DUPLICATES), copies, float(len(copies)))]


def findings(
    tables: dict[str, pd.DataFrame], event: Event, *, include_copies: bool = False
) -> list[Finding]:
    """Up to MAX_FINDINGS findings, the strongest of each kind, kinds in a fixed order."""
    per_outlet = counted_articles(tables[ARTICLES], include_copies)["outlet"].value_counts()
    kinds = [
        label_findings(tables, per_outlet),
        axis_findings(tables, event),
        voice_findings(tables),
        claim_findings(tables),
        tone_findings(tables),
        copy_findings(tables, include_copies),
    ]
    best = [max(found, key=lambda f: f.strength) for found in kinds if found]
    # a second finding of a kind only when fewer than three kinds have one
    spare = sorted(
        (f for found in kinds for f in found if all(f is not b for b in best)),
        key=lambda f: -f.strength,
    )
    chosen = best + spare[: max(0, 3 - len(best))]
    return chosen[:MAX_FINDINGS]
