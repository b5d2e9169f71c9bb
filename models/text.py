"""Folding text for matching: case, accents and quote marks ignored, offsets kept."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Curly quotes and dashes fold to their plain forms, so "Maduro’s" matches "Maduro's".
_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u00a0": " ",
}


@lru_cache(maxsize=65536)
def fold_char(char: str) -> str:
    """One character folded: lower case, without accents, plain punctuation."""
    if char in _PLAIN:
        return _PLAIN[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _table(text: str) -> dict[int, str]:
    return {ord(c): fold_char(c) for c in set(text)}


def fold(text: str) -> str:
    """The folded text alone (for phrases and look-ups, where offsets are not needed)."""
    if text.isascii():
        return text.lower()
    return text.translate(_table(text))


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Folded text and, for each folded character, its offset in the original.

    The offsets are None when folding kept every character's position (the common case),
    which saves building a list per article.
    """
    if text.isascii():
        return text.lower(), None
    table = _table(text)
    if all(len(v) == 1 for v in table.values()):
        return text.translate(table), None
    folded: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        piece = table[ord(char)]
        folded.append(piece)
        offsets.extend([i] * len(piece))
    return "".join(folded), offsets


def original_span(text: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of folded text back to the original text."""
    if offsets is None:
        return start, end
    original_end = offsets[end - 1] + 1
    # a decomposed accent (e + combining mark) belongs to the word it ends
    while original_end < len(text) and unicodedata.combining(text[original_end]):
        original_end += 1
    return offsets[start], original_end
