"""Finding an axis's phrases in text, tolerant of case, accents, simple inflection and line breaks.

Matching runs on folded text (see models.text). A phrase becomes a pattern whose words may
carry an English inflection (-s, -es, -ed, -d, -ing, 's) and may be separated by any run of
white space, hyphens or quote marks, so "coup attempt" also finds "Coup-attempts" and
"self-proclaimed 'interim president'" finds its curly-quoted form. Sentence punctuation
between words is not bridged. Where hits overlap, the leftmost wins, then the longest: list
"self-proclaimed interim president" as a phrase and it counts once, for its own pole, instead
of once for "self-proclaimed" and once for "interim president".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.config import Axis
from models.text import fold, fold_with_offsets

_SUFFIX = r"(?:'s|s|es|ed|d|ing)?"
_SEPARATOR = r"""[\s\-'"]+"""


@dataclass(frozen=True)
class Hit:
    axis: str
    pole: str  # "a" or "b"
    phrase: str  # as written in the config
    start: int  # character offsets in the original text
    end: int

    def matched(self, text: str) -> str:
        return text[self.start : self.end]


def phrase_pattern(phrase: str) -> str:
    """The regular expression (over folded text) for one phrase."""
    words = re.findall(r"\w+", fold(phrase))
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    body = _SEPARATOR.join(re.escape(w) + _SUFFIX for w in words)
    return rf"(?<!\w){body}(?!\w)"


@lru_cache(maxsize=256)
def _axis_matcher(axis: Axis) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One alternation per axis; longer phrases first so that, at a position, the longest wins."""
    entries = [(pole, phrase) for pole in ("a", "b") for phrase in axis.pole(pole).phrases]
    entries.sort(key=lambda e: -len(fold(e[1])))
    groups: dict[str, tuple[str, str]] = {}
    parts = []
    for i, (pole, phrase) in enumerate(entries):
        name = f"p{i}"
        groups[name] = (pole, phrase)
        parts.append(f"(?P<{name}>{phrase_pattern(phrase)})")
    return re.compile("|".join(parts)), groups


def _original_span(text: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    if offsets is None:
        return start, end
    original_end = offsets[end - 1] + 1
    # a decomposed accent (e + combining mark) belongs to the word it ends
    while original_end < len(text) and unicodedata.combining(text[original_end]):
        original_end += 1
    return offsets[start], original_end


def find_hits(text: str, axes: tuple[Axis, ...] | list[Axis]) -> list[Hit]:
    """Every phrase hit of every axis in the text, in order of position per axis."""
    folded, offsets = fold_with_offsets(text)
    hits: list[Hit] = []
    for axis in axes:
        pattern, groups = _axis_matcher(axis)
        for match in pattern.finditer(folded):
            pole, phrase = groups[match.lastgroup or ""]
            start, end = _original_span(text, offsets, match.start(), match.end())
            hits.append(Hit(axis.id, pole, phrase, start, end))
    return hits
