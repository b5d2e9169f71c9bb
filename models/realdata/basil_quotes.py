"""Quotes and speakers on BASIL: do the experts' quoted spans fall inside a quotation the
product finds, and does that quotation name the experts' speaker?

What is counted. BASIL's experts marked biased spans; a span with `quote: true` lies inside a
quotation and carries its `speaker`. Counted are the spans in an article's body (not its title)
whose speaker is a person named by name: two or more capitalised words ("Marco_Rubio"), the
last not a group's or a body's word ("Republican_Lawmakers", "Obama_campaign", "House_Democrats"
are sides, not speakers). Left out of the main figures:
- `other_pro`, `other_anti`, `other_neutral` and empty speakers: the experts' "someone on this
  side", with no name to check the product's speaker against;
- groups and bodies ("Democratic_lawmakers", "NAACP", "Catholics"): the experts name the side
  while the article names the member who spoke ("said Rep. X"), so the product's speaker cannot
  be checked against them; their spans are counted in `quote_spans_found_groups` (found only).

- quote_spans_found: share of the counted spans lying inside the text of a quotation the
  product finds, direct or reported. Each part of a split quote is located in the article, and
  so is the stretch from one part to the next within a paragraph. The span is first trimmed of
  the quotation marks, spaces and punctuation at its ends (the experts often take them in).
- quote_speaker_right: among the spans found, the share where a quotation holding the span
  names the experts' speaker: the speaker's surname (the last word of the name) is a word of the
  product's speaker, so "Rubio" in "Sen. Marco Rubio" or "Marco Rubio" counts, "Rubio's aide"
  does too (a rare miss the rule accepts), "the senator" does not.
- quote_spans_found_with_speaker: both at once, over all counted spans. The baseline calls
  every sentence with a mark a quote, so it finds nearly every span: this figure, not `found`
  alone, is the one to compare with it.
- The same figures on the first half of the events by sorted id (`_tuning`: the rules were
  shaped on it) and on the second half (`_heldout`).

Naive baseline, measured in the same run: every sentence holding a quotation mark is a quote,
and its speaker is the nearest capitalised name (a run of capitalised words, a lone sentence
opener such as "The" skipped) before the first mark, in the sentence or the ones before it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from models.quotes import Quote, article_quotes
from models.realdata import Figure
from models.realdata.basil import BasilEvent, entity_name, load
from models.text import fold
from models.words import words

# speaker values that name no one: the experts' "someone for / against / neutral"
UNNAMED = "other_"
_MARK = re.compile(r"[\"“”«»]")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|al))*")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    speaker: str  # the experts' speaker, as a name ("Marco Rubio")
    person: bool


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    speaker: str


def _plain_words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def is_person(name: str) -> bool:
    """A person's name: two or more words, each capitalised ("Marco Rubio"), the last not a
    group's or a body's ("Republican Lawmakers", "Obama Campaign", "House Democrats")."""
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return False
    return fold(words[-1]) not in _GROUP_HEADS


def same_speaker(expected: str, found: str) -> bool:
    """The match rule of the module docstring: the surname is a word of the found speaker."""
    said = _plain_words(found)
    wanted = _plain_words(expected)
    return bool(said and wanted) and wanted[-1] in said


def annotated_spans(record: dict) -> list[_Span]:
    """The counted quoted spans of one article (see the module docstring)."""
    spans = []
    for span in record.get("bias_spans") or []:
        speaker = span.get("speaker") or ""
        if not span.get("quote") or span.get("in_title"):
            continue
        if not speaker or speaker.startswith(UNNAMED):
            continue
        name = entity_name(speaker)
        start, end = _trimmed(record["text"], span["start"], span["end"])
        if end > start:
            spans.append(_Span(start, end, name, is_person(name)))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the quotation marks, spaces and punctuation at its ends (the experts
    often take the marks and the comma before the attribution into the span)."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def located(text: str, quotes: Iterable[Quote]) -> list[_Found]:
    """Where each quotation's text stands in the article: each part of a split quote, and the
    stretch from one part to the next within a paragraph ("“A,” he said, “B.”" is one)."""
    found = []
    for quote in quotes:
        anchor = text.find(quote.sentence[:40]) if quote.sentence else -1
        previous: _Found | None = None
        for part in quote.text.split(" … "):
            part = part.strip()
            if not part:
                continue
            at = text.find(part, max(anchor, 0))
            if at < 0:
                at = text.find(part)
            if at < 0:
                continue
            here = _Found(at, at + len(part), quote.speaker)
            found.append(here)
            if previous is not None and previous.end <= at and "\n" not in text[previous.end : at]:
                found.append(_Found(previous.start, here.end, quote.speaker))
            previous = here
    return found


def naive_quotes(record: dict) -> list[_Found]:
    """The baseline: each sentence with a quotation mark, with the nearest capitalised name
    before its first mark as speaker."""
    text = record["text"]
    names = [(m.start(), m.group()) for m in _CAPITALISED.finditer(text)]
    starts = [s for s, _ in names]
    found = []
    for sentence in record.get("sentences") or []:
        s, e = sentence["start"], sentence["end"]
        mark = _MARK.search(text, s, e)
        if mark is None:
            continue
        k = bisect.bisect_left(starts, mark.start()) - 1
        # a capitalised word opening a sentence is most often not a name: skip lone ones
        while k >= 0 and len(names[k][1].split()) < 2 and names[k][1] in _OPENERS:
            k -= 1
        found.append(_Found(s, e, names[k][1] if k >= 0 else ""))
    return found


# the last word of a group's or a body's name: the shared lists' group and organisation nouns,
# and the party and campaign words BASIL's experts use for a side
_GROUP_HEADS = (
    words("group_nouns")
    | words("organisation_words")
    | frozenset(["democrats", "republicans", "campaign", "members", "leaders"])
)
# capitalised words that open a sentence and are no one's name
_OPENERS = frozenset(
    "The A An But And He She It They We In On At This That As If When".split()  # noqa: SIM905
)


def _score(spans: list[_Span], found: list[_Found]) -> tuple[int, int]:
    """(spans found, of which speaker right)."""
    hit = right = 0
    for span in spans:
        holding = [f for f in found if f.start <= span.start and span.end <= f.end]
        if holding:
            hit += 1
            right += any(same_speaker(span.speaker, f.speaker) for f in holding)
    return hit, right


def _figures(
    events: list[BasilEvent], finder: Callable[[BasilEvent, dict], list[_Found]]
) -> dict[str, float]:
    half = len(events) // 2
    totals: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        part = "_tuning" if index < half else "_heldout"
        for record in event.records.values():
            spans = annotated_spans(record)
            if not spans:
                continue
            found = finder(event, record)
            people = [s for s in spans if s.person]
            for suffix, chosen in (
                ("", people),
                (part, people),
                ("_groups", [s for s in spans if not s.person]),
            ):
                hit, right = _score(chosen, found)
                total = totals.setdefault(suffix, [0, 0, 0])
                total[0] += len(chosen)
                total[1] += hit
                total[2] += right
    figures = {}
    for suffix, (n, hit, right) in totals.items():
        figures[f"quoted_spans{suffix}"] = float(n)
        figures[f"quote_spans_found{suffix}"] = hit / n if n else 0.0
        if suffix != "_groups":  # a side's name cannot be checked against who spoke
            figures[f"quote_speaker_right{suffix}"] = right / hit if hit else 0.0
            figures[f"quote_spans_found_with_speaker{suffix}"] = right / n if n else 0.0
    return figures


def _product(event: BasilEvent, record: dict) -> list[_Found]:
    actors = tuple(event.corpus.event.actors)
    return located(record["text"], article_quotes(record["text"], actors))


def _naive(event: BasilEvent, record: dict) -> list[_Found]:
    return naive_quotes(record)


_MEANS = {
    "quote_spans_found": "share of the experts' quoted spans with a named speaker that lie "
    "inside a quotation the product finds",
    "quote_speaker_right": "share of those found whose quotation names the experts' speaker",
    "quoted_spans": "quoted spans with a named speaker counted",
    "quote_spans_found_with_speaker": "share of the experts' quoted spans found inside a "
    "quotation that names their speaker (found and speaker right together)",
}


def evaluate(folder: Path) -> list[Figure]:
    """The figures of the module docstring, each beside the naive baseline."""
    events = load(folder)
    product = _figures(events, _product)
    naive = _figures(events, _naive)
    figures = []
    for metric, value in product.items():
        base = metric.split("_tuning")[0].split("_heldout")[0].split("_person")[0]
        means = _MEANS.get(base, "")
        if metric.endswith("_tuning"):
            means += " (first half of the events, by id: the rules were shaped on it)"
        elif metric.endswith("_heldout"):
            means += " (second half of the events, by id: held out)"
        elif metric.endswith("_groups"):
            means = "share of the quoted spans of groups and bodies found (speaker not checked)"
        figures.append(
            Figure(
                metric=metric,
                value=value,
                # a count is the same for both: no baseline to show beside it
                baseline=None if metric.startswith("quoted_spans") else naive.get(metric),
                baseline_name="each sentence with a quotation mark, nearest capitalised name",
                means=means,
            )
        )
    return figures
