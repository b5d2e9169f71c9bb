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
from dataclasses import dataclass
from functools import lru_cache

from ingest.config import Axis
from models.text import fold, fold_with_offsets, original_span

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
    """The regular expression (over folded text) for one phrase; the caller anchors its start
    at a word boundary."""
    words = re.findall(r"\w+", fold(phrase))
    if not words:
        raise ValueError(f"phrase {phrase!r} has no words")
    body = _SEPARATOR.join(re.escape(w) + _SUFFIX for w in words)
    return rf"{body}(?!\w)"


@lru_cache(maxsize=256)
def _axis_matcher(axis: Axis, language: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One alternation per axis and language; longer phrases first, so the longest wins."""
    entries = [
        (pole, phrase) for pole in ("a", "b") for phrase in axis.pole(pole).for_language(language)
    ]
    entries.sort(key=lambda e: -len(fold(e[1])))
    groups: dict[str, tuple[str, str]] = {}
    parts = []
    for i, (pole, phrase) in enumerate(entries):
        name = f"p{i}"
        groups[name] = (pole, phrase)
        parts.append(f"(?P<{name}>{phrase_pattern(phrase)})")
    # one start-of-word check for all phrases, and a look-ahead on their first letters, so
    # the engine tries the alternatives only where a phrase can begin
    firsts = "".join(sorted({re.escape(fold(p)[0]) for _, p in entries if fold(p)}))
    return re.compile(rf"(?<!\w)(?=[{firsts}])(?:{'|'.join(parts)})"), groups


def find_hits(text: str, axes: tuple[Axis, ...] | list[Axis], language: str = "") -> list[Hit]:
    """Every phrase hit of every axis in the text, in order of position per axis.

    Phrases listed for a language count only in documents of that language; phrases listed
    for every language count everywhere; a document of unknown language gets all phrases.
    """
    folded, offsets = fold_with_offsets(text)
    hits: list[Hit] = []
    for axis in axes:
        pattern, groups = _axis_matcher(axis, language)
        for match in pattern.finditer(folded):
            pole, phrase = groups[match.lastgroup or ""]
            start, end = original_span(text, offsets, match.start(), match.end())
            hits.append(Hit(axis.id, pole, phrase, start, end))
    return hits
