"""Finding an axis's phrases in text, tolerant of case, accents, simple inflection and line breaks.

Matching runs on folded text (see models.text). A phrase is a sequence of words, each of which
may carry an English inflection in the text (-s, -es, -ed, -d, -ing, 's), separated by any run
of white space, hyphens or quote marks, so "coup attempt" also finds "Coup-attempts" and
"self-proclaimed 'interim president'" finds its curly-quoted form. Other punctuation between
words is bridged only where the phrase has it too ("U.S. sanctions"), so sentence punctuation
is not. Punctuation a phrase starts or ends with is part of it: `"coup attempt"` in quotation
marks matches only the quoted use, «régimen» only the quoted word, while the plain phrase
matches both. Where hits overlap, the leftmost wins, then the longest: list
"self-proclaimed interim president" as a phrase and it counts once, for its own pole, instead
of once for "self-proclaimed" and once for "interim president".

The matcher is a trie of phrase words walked from each word of the text, so its cost grows
with the length of the text and of the phrases, not with their number.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.config import Axis
from models.text import fold, fold_with_offsets, original_span

_WORD = re.compile(r"\w+")
_SPLIT = re.compile(r"(\w+)")
_SUFFIXES = ("s", "es", "ed", "d", "ing")  # and 's, which the text writes as two words
_SEPARATOR = re.compile(r"""[\s\-'"]+""")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Hit:
    axis: str
    pole: str  # "a" or "b"
    phrase: str  # as written in the config
    start: int  # character offsets in the original text
    end: int

    def matched(self, text: str) -> str:
        return text[self.start : self.end]


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as matching sees them (folded); empty when it has none."""
    return _WORD.findall(fold(phrase))


@dataclass(frozen=True)
class _Phrase:
    rank: int  # lower wins where two phrases match at the same place (longer first)
    key: object  # what the caller gets back for a hit
    lead: str  # punctuation the phrase starts with, white space removed ("" = none)
    trail: str  # punctuation it ends with


@dataclass
class _Node:
    children: dict[tuple[str, str], _Node] = field(default_factory=dict)
    ends: list[_Phrase] = field(default_factory=list)


@dataclass(frozen=True)
class _Tokens:
    """A folded text cut into words; gaps[i] is the text before word i (gaps[-1]: after)."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    gaps: list[str]


def _tokens(folded: str) -> _Tokens:
    parts = _SPLIT.split(folded)  # gap, word, gap, word, ..., gap
    edges = list(itertools.accumulate(map(len, parts), initial=0))
    return _Tokens(edges[1:-1:2], edges[2:-1:2], parts[1::2], parts[0::2])


@lru_cache(maxsize=65536)
def _inflected_bases(word: str) -> tuple[str, ...]:
    """The word, and what it is an inflection of (coups: coup; attempted: attempt)."""
    return (word, *(word[: -len(s)] for s in _SUFFIXES if word.endswith(s) and word != s))


def _gap_key(gap: str, separator: re.Pattern[str]) -> str:
    """ "" for a gap the matcher bridges anyway; else its punctuation, for phrases that list it."""
    return "" if separator.fullmatch(gap) else _SPACE.sub("", gap)


def _as_is(word: str) -> tuple[str, ...]:
    return (word,)


class PhraseMatcher:
    """Leftmost-longest matching of many phrases at once over folded text.

    `inflect` lets each word carry an English inflection; `separator` is the gap between two
    words that every phrase bridges. Phrases without a word are refused with ValueError.
    """

    def __init__(
        self,
        phrases: Sequence[tuple[object, str]],
        *,
        inflect: bool = True,
        separator: re.Pattern[str] = _SEPARATOR,
    ):
        self.inflect, self.separator = inflect, separator
        self.root = _Node()
        # longer phrases first, as written order breaks ties: that is what "longest wins" means
        order = sorted(range(len(phrases)), key=lambda i: -len(fold(phrases[i][1])))
        for rank, i in enumerate(order):
            key, phrase = phrases[i]
            folded = fold(phrase)
            found = list(_WORD.finditer(folded))
            if not found:
                raise ValueError(f"phrase {phrase!r} has no words")
            node = self.root
            for j, word in enumerate(found):
                between = folded[found[j - 1].end() : word.start()] if j else ""
                gap = _gap_key(between, separator) if j else ""
                node = node.children.setdefault((gap, word.group()), _Node())
            lead = _SPACE.sub("", folded[: found[0].start()])
            trail = _SPACE.sub("", folded[found[-1].end() :])
            node.ends.append(_Phrase(rank, key, lead, trail))
        self.firsts = frozenset(word for _, word in self.root.children)

    def find(self, folded: str, tokens: _Tokens | None = None) -> list[tuple[object, int, int]]:
        """(key, start, end) of every hit in the folded text, leftmost-longest, in order."""
        tokens = tokens or _tokens(folded)
        words, gaps, starts = tokens.words, tokens.gaps, tokens.starts
        count = len(words)
        bases = _inflected_bases if self.inflect else _as_is
        firsts = self.firsts
        hits: list[tuple[object, int, int]] = []
        cursor = 0
        # only the words a phrase can start with are walked from
        for i in [i for i, w in enumerate(words) if not firsts.isdisjoint(bases(w))]:
            if starts[i] < cursor:
                continue
            best: tuple[int, int, int, object] | None = None  # (start, rank, end, key)
            # (node, index of the word matched last) pairs still being extended
            frontier = [(self.root, i - 1)]
            while frontier:
                node, last = frontier.pop()
                nxt = last + 1
                if nxt >= count:
                    continue
                gap = "" if nxt == i else _gap_key(gaps[nxt], self.separator)
                for base in bases(words[nxt]):
                    child = node.children.get((gap, base))
                    if child is None:
                        continue
                    reached = [nxt]
                    # "maduro's": the possessive is an inflection written as a second word
                    if (
                        self.inflect
                        and nxt + 1 < count
                        and words[nxt + 1] == "s"
                        and gaps[nxt + 1] == "'"
                        and base == words[nxt]
                    ):
                        reached.append(nxt + 1)
                    for at in reached:
                        frontier.append((child, at))
                        for phrase in child.ends:
                            span = self._span(phrase, tokens, i, at, cursor)
                            if span is not None:
                                candidate = (span[0], phrase.rank, span[1], phrase.key)
                                if best is None or candidate[:2] < best[:2]:
                                    best = candidate
            if best is not None:
                hits.append((best[3], best[0], best[2]))
                cursor = best[2]
        return hits

    @staticmethod
    def _span(
        phrase: _Phrase, tokens: _Tokens, first: int, last: int, cursor: int
    ) -> tuple[int, int] | None:
        """The hit's span with its listed punctuation, or None where the text lacks it."""
        start, end = tokens.starts[first], tokens.ends[last]
        if phrase.lead:
            before = tokens.gaps[first].rstrip()
            if not before.endswith(phrase.lead):
                return None
            start = (
                tokens.starts[first] - (len(tokens.gaps[first]) - len(before)) - len(phrase.lead)
            )
        if phrase.trail:
            after = tokens.gaps[last + 1]
            stripped = after.lstrip()
            if not stripped.startswith(phrase.trail):
                return None
            end = tokens.ends[last] + (len(after) - len(stripped)) + len(phrase.trail)
        return (start, end) if start >= cursor else None


@lru_cache(maxsize=256)
def _axis_matcher(axis: Axis, language: str) -> PhraseMatcher:
    """One matcher per axis and language."""
    return PhraseMatcher(
        [
            ((pole, phrase), phrase)
            for pole in ("a", "b")
            for phrase in axis.pole(pole).for_language(language)
        ]
    )


def find_hits(text: str, axes: tuple[Axis, ...] | list[Axis], language: str = "") -> list[Hit]:
    """Every phrase hit of every axis in the text, in order of position per axis.

    Phrases listed for a language count only in documents of that language; phrases listed
    for every language count everywhere; a document of unknown language gets all phrases.
    """
    folded, offsets = fold_with_offsets(text)
    tokens = _tokens(folded)
    hits: list[Hit] = []
    for axis in axes:
        for (pole, phrase), start, end in _axis_matcher(axis, language).find(folded, tokens):
            start, end = original_span(text, offsets, start, end)
            hits.append(Hit(axis.id, pole, phrase, start, end))
    return hits
