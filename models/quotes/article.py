"""One article's tokens, and the records the quote rules find in it.

Tokens are words (with inner apostrophes and hyphens), initialisms ("U.S.") and single marks;
each keeps its offsets and its folded form (models.text.fold), which the word lists are checked
against. The later layers build on this one: noun_phrases (speaker phrases), people (who is
named, with titles and gender), direct (quotations and their attributions), reported (reported
speech), speakers (resolving each attribution to a person or body).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.config import Actor
from models.quotes.lists import ABBREVIATED, DOCUMENT_VERBS, DOCUMENTS, SPEECH_VERBS
from models.sentences import ABBREVIATIONS, sentence_spans
from models.text import fold, fold_with_offsets

TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’\-]\w+)*|[^\w\s]")
WORD = re.compile(r"\w+(?:['’\-]\w+)*")
MARKS = re.compile(r"[\"“”«»]")
CLOSERS = {"“": "”", "”": "”", "«": "»", '"': '"'}
QUOTE_CHARS = frozenset('"“”«»')


# titles of the quote word lists that the general sentence splitter does not know ("Sens.")
UNKNOWN_TITLES = ABBREVIATED - ABBREVIATIONS


def mended(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences joined again where one was cut after a title ("wrote to Sens. Ann Ortiz")."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and "\n" not in text[out[-1][1] : start]:
            last = text[out[-1][0] : out[-1][1]]
            word = last.rsplit(None, 1)[-1].lower() if last.strip() else ""
            if word.endswith(".") and word[:-1] in UNKNOWN_TITLES:
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


@dataclass(frozen=True)
class Quote:
    """One quotation found in an article (the quotes table's columns less outlet and url)."""

    speaker: str
    actor: str
    kind: str
    words: int
    text: str
    sentence: str


@dataclass
class Attribution:
    a: int  # token range of the speaker's phrase (a == b: implicit subject, Spanish "dijo")
    b: int
    verb: int  # token index of the attributing verb (-1 for "according to")
    title: tuple[int, int] | None = None  # token range of an appositive title
    speaker: str = ""  # filled in by resolution
    actor: str = ""


@dataclass
class QuoteSpan:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark, or the paragraph's end when unclosed
    closed: bool
    paragraph: int
    inner: str
    words: int
    attribution: Attribution | None = None
    end: int = 0  # where the attribution ends, for the next quote's prefix and the evidence
    parts: list[QuoteSpan] = field(default_factory=list)
    source: QuoteSpan | None = None  # the quote whose speaker this one continues
    dropped: bool = False
    called: bool = False  # a word or two someone is quoted as calling something


@dataclass
class Person:
    key: str  # the speaker's name as shown: the actor's name or the fullest form seen
    actor: str
    tokens: tuple[str, ...]  # folded name words
    gender: str = ""  # "f", "m" or "" (unknown)
    titles: set[str] = field(default_factory=set)  # folded title words attached to the name
    mentions: list[int] = field(default_factory=list)  # offsets where the name occurs


class ArticleText:
    """One article's text as tokens (with their folded forms), sentences and paragraphs, and
    the records the later steps fill in: quotations, people, the organisations that spoke."""

    def __init__(self, text: str, actors: tuple[Actor, ...]) -> None:
        self.text = text
        self.actors = actors
        spans = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.toks = [text[s:e] for s, e in spans]
        folded, offsets = fold_with_offsets(text)
        if offsets is None:
            self.lows = [folded[s:e] for s, e in spans]
        else:
            self.lows = [fold(t) for t in self.toks]
        self.n = len(self.toks)
        # capitalised words, the raw material of names
        self.caps = [t[0].isupper() and t[0].isalpha() for t in self.toks]
        # "the letter states", "the memo reads": verbs that attribute only a document's words
        self.document_speech = {
            i
            for i, low in enumerate(self.lows)
            if low in DOCUMENT_VERBS and DOCUMENTS.intersection(self.lows[max(i - 4, 0) : i])
        }
        self.speech = [
            i for i, low in enumerate(self.lows) if low in SPEECH_VERBS or i in self.document_speech
        ]
        self.sentences = mended(text, sentence_spans(text))
        self.sentence_starts = [s for s, _ in self.sentences]
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        self.quotes: list[QuoteSpan] = []
        self.attribution_verbs: set[int] = set()
        self.people: dict[str, Person] = {}
        self.candidates: list[tuple[int, str]] = []  # (offset, person key) for pronouns
        self.speakers: list[tuple[int, str]] = []  # (offset, person key) of resolved speakers
        self.groups: list[tuple[int, str, str]] = []  # (offset, speaker, actor): organisations
        self.documents: dict[str, str] = {}  # "statement" -> the person who issued the last one
        self._opens: list[int] = []

    # ---------------------------------------------------------------- token helpers

    def tok_at(self, offset: int) -> int:
        """Index of the first token starting at or after a character offset."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_of(self, offset: int) -> tuple[int, int]:
        i = max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def is_cap(self, i: int) -> bool:
        return self.toks[i][0].isupper()

    def is_speech(self, i: int) -> bool:
        speech = self.lows[i] in SPEECH_VERBS or i in self.document_speech
        return speech and not self.is_cap_mid(i)

    def is_cap_mid(self, i: int) -> bool:
        """A capitalised verb form inside a sentence is a name or heading word, not a verb."""
        if not self.is_cap(i):
            return False
        start, _ = self.sentence_of(self.starts[i])
        return self.starts[i] != start and self.toks[i - 1] not in QUOTE_CHARS

    def surname_before(self, i: int) -> bool:
        """Is token i a word that ended a name of two capitalised words earlier in the text
        ("Pelosi" after "Nancy Pelosi")? Then it names that person, not a place or a body."""
        low = self.lows[i]
        return any(
            self.lows[k] == low and self.caps[k - 1] and self.toks[k - 1][0].isalpha()
            for k in range(1, i)
            if self.caps[k]
        )

    def span_text(self, a: int, b: int) -> str:
        return self.text[self.starts[a] : self.ends[b - 1]] if b > a else ""

    def in_quote(self, offset: int) -> bool:
        if len(self._opens) != len(self.quotes):  # quotes are found in order and never overlap
            self._opens = [q.open for q in self.quotes]
        i = bisect.bisect_left(self._opens, offset) - 1
        return i >= 0 and offset < self.quotes[i].close
