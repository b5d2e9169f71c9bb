"""Findings: the event's clearest differences between outlets, each stated as one plain sentence
with the rows that support it.

Each kind of finding reads one table and keeps only a difference that is plain in the data:

- label: an outlet names an actor with a label no other outlet shown in the same language
  uses, in at least two of its articles ("X calls Guaidó 'self-proclaimed' in 4 of its 5
  articles; none of the 3 other English-language outlets shown does"). Labels are compared
  within one language, since "régimen" and "regime" differ by language, not by framing; an
  actor's `same = [["régimen", "regime"]]` in the event config makes labels of two languages
  one label, compared across them. With no other outlet in its language, no label finding.
- axis: the two outlets furthest apart on a framing axis, when their 95% intervals do not
  overlap, each outlet has at least 3 scored articles and neither interval is a
  single point (one article, or articles all scored alike, give no measure of spread).
- voice: a speaker who has at least a third of the words an outlet quotes, and at least 20
  points less in every other outlet.
- claim: the most widely reported claim that some outlets shown leave out.
- tone: the widest gap in tone about one actor between two outlets, under the same rule as
  axis (at least 3 scored articles about the actor per outlet, intervals not single points
  and not overlapping).

Every finding states the counts it rests on (articles, outlets, sentences).
- copies: how many articles are word-for-word copies of another outlet's story.

What they can show: where outlets of one event differ plainly enough to be read off their
articles, with the rows to check it. What they cannot show: a finding is a count over the
articles in the store, not a verdict about an outlet; a label "no other outlet uses" may
still be used in articles that were not fetched, and a claim an outlet "leaves out" may be
worded too differently to match (see models.claims). Each finding carries its evidence rows
so a reader can check it.
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
# an interval claim needs this many scored articles per outlet: fewer give intervals that are
# a point or an artefact of resampling two values
MIN_ARTICLES = 3
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


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


def _language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code or "unknown")


def _label_keys(evidence: pd.DataFrame, event: Event | None) -> tuple[list[str], list[str]]:
    """Per evidence row: the label it counts as and its language ("*" when the config says
    the label means the same as one in another language)."""
    same: dict[tuple[str, str], str] = {}
    for actor in event.actors if event else ():
        for group in actor.same:
            for label in group:
                same[(actor.name, label.casefold())] = group[0]
    labels, languages = [], []
    for actor, label, language in zip(
        evidence["actor"], evidence["label"], evidence["language"], strict=True
    ):
        shared = same.get((actor, str(label).casefold()))
        labels.append(shared or label)
        languages.append("*" if shared else language)
    return labels, languages


def label_findings(
    tables: dict[str, pd.DataFrame],
    per_outlet: pd.Series,
    keep: int = 2,
    event: Event | None = None,
) -> list[Finding]:
    evidence = tables.get(LABEL_EVIDENCE, pd.DataFrame())
    if evidence.empty:
        return []
    articles = tables.get(ARTICLES, pd.DataFrame(columns=["url", "outlet", "language"]))
    language_of = dict(zip(articles["url"], articles["language"].fillna(""), strict=True))
    evidence = evidence.assign(language=evidence["url"].map(language_of).astype(object).fillna(""))
    key_label, key_language = _label_keys(evidence, event)
    keyed = evidence.assign(key_label=key_label, key_language=key_language)
    # the outlets shown in each language: a label is "own" only against outlets that could use it
    outlets_in = {
        language: set(part["outlet"])
        for language, part in articles.assign(language=articles["language"].fillna("")).groupby(
            "language"
        )
    }
    outlets_in["*"] = set(articles["outlet"])
    key = ["actor", "kind", "key_label", "key_language"]
    spread = keyed.groupby(key).agg(
        outlets=("outlet", "nunique"),
        outlet=("outlet", "first"),
        used_in=("url", "nunique"),
        label=("label", lambda labels: labels.value_counts().index[0]),
    )
    own = spread[(spread["outlets"] == 1) & (spread["used_in"] >= 2)].reset_index()
    own["others"] = [
        len(outlets_in.get(language, set()) - {outlet})
        for language, outlet in zip(own["key_language"], own["outlet"], strict=True)
    ]
    own = own[own["others"] >= 1]
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
        kind_of = "" if row.key_language == "*" else f"{_language_name(row.key_language)}-language "
        others = (
            f"the other {kind_of}outlet shown does not"
            if row.others == 1
            else f"none of the {row.others} other {kind_of}outlets shown does"
        )
        text = (
            f"{row.outlet} calls {row.actor} “{row.label}” in {row.used_in} of its {row.total} "
            f"articles; {others}."
        )
        rows = keyed[
            (keyed["actor"] == row.actor)
            & (keyed["kind"] == row.kind)
            & (keyed["key_label"] == row.key_label)
            & (keyed["key_language"] == row.key_language)
        ][["outlet", "url", "actor", "label", "sentence"]]
        found.append(
            Finding(
                "label", text, page_of(LABEL_EVIDENCE), rows.reset_index(drop=True), row.strength
            )
        )
    return found


def separated(low: pd.Series, high: pd.Series, n_low: int, n_high: int) -> bool:
    """Whether two outlets' intervals support "they do not overlap": enough scored articles
    in each, neither interval a single point, and a gap between them."""
    if min(n_low, n_high) < MIN_ARTICLES:
        return False
    if low["ci_high"] <= low["ci_low"] or high["ci_high"] <= high["ci_low"]:
        return False
    return bool(low["ci_high"] < high["ci_low"])


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
        n_low, n_high = int(low["articles"]), int(high["articles"])
        if not separated(low, high, n_low, n_high):
            continue  # too few articles, a point interval or an overlap: the gap may be chance
        text = (
            f"On “{axis.question}”, {low['outlet']} leans most towards “{axis.a.label}” "
            f"({low['score']:+.2f}, 95% interval {low['ci_low']:+.2f} to {low['ci_high']:+.2f}, "
            f"{n_low} articles) and {high['outlet']} most towards “{axis.b.label}” "
            f"({high['score']:+.2f}, {high['ci_low']:+.2f} to {high['ci_high']:+.2f}, "
            f"{n_high} articles); the intervals do not overlap."
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
        about = evidence[evidence["actor"] == actor].groupby("outlet")["url"].nunique()
        n_low, n_high = int(about.get(low["outlet"], 0)), int(about.get(high["outlet"], 0))
        if not separated(low, high, n_low, n_high):
            continue
        text = (
            f"{low['outlet']} writes of {actor} in a more negative tone ({low['tone']:+.2f}, "
            f"{int(low['sentences'])} sentences in {n_low} articles) than {high['outlet']} "
            f"({high['tone']:+.2f}, {int(high['sentences'])} sentences in {n_high} articles); "
            "the 95% intervals do not overlap (English articles only)."
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
        label_findings(tables, per_outlet, event=event),
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
