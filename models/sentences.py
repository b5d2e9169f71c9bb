"""Sentence splitting for English and Spanish news text, by rule, with character spans.

A sentence ends at . ! ? or … (with any closing quotes or brackets after it) when white space
and a capital letter, digit, opening quote or ¿ ¡ follow, unless the word before the stop is
a known abbreviation or a single initial. A line break always ends a sentence, since
trafilatura puts each paragraph and heading on its own line.
"""

from __future__ import annotations

import re

import pandas as pd

# Titles and short forms that end in a period without ending a sentence (lower case, no dot).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof gen gens lt col maj capt sgt adm gov govs sen sens rep reps rev st sr sra
    srta dra lic ing jr
    co corp inc ltd dept univ vs etc approx est fig jan feb mar apr jun jul aug sep sept oct
    nov dec u.s u.k u.n e.u ee.uu a.m p.m i.e e.g art pres vol pp cf
    """.split()  # noqa: SIM905 - a word list reads better as a block
)

_BOUNDARY = re.compile(
    r"""(?P<stop>[.!?…]+)["'’”»)\]]*(?P<space>\s+)(?=["'‘“«(\[¿¡]*[A-ZÁÉÍÓÚÑÜ0-9])"""
)
_LEADING = re.compile(r"^[^\w]+")


def _is_abbreviation(text: str, stop_at: int) -> bool:
    # the word just before the stop: look back to the last white space only (a search over the
    # whole prefix would make long articles quadratic)
    start = max(text.rfind(" ", 0, stop_at), text.rfind("\n", 0, stop_at)) + 1
    word = _LEADING.sub("", text[start:stop_at]).lower().strip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in the text, white space trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            if boundary.group("stop") == "." and _is_abbreviation(text, boundary.start()):
                continue
            spans.append((start, boundary.start("space")))
            start = boundary.end()
        spans.append((start, line.end()))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


SENTENCE_COLUMNS = ["url", "outlet", "language", "sentence", "start", "end", "text"]


def sentences_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Every sentence of every document: url, outlet, language, sentence (index within its
    document), start and end (character offsets in the document's text), text."""
    rows = []
    for url, outlet, language, text in documents[["url", "outlet", "language", "text"]].itertuples(
        index=False
    ):
        for i, (start, end) in enumerate(sentence_spans(text)):
            rows.append((url, outlet, language or "", i, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
