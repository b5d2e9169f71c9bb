"""Finding the event's actors in text by their names and aliases.

Matching is case- and accent-insensitive (on folded text) and whole-word, with the matcher of
models.phrases (no inflection; punctuation an alias starts or ends with is required, so
'acting president' in quotes finds only the quoted use). Where aliases overlap the longest
wins, so "Padrino López" is Vladimir Padrino López, not Leopoldo López.
A possessive ("Maduro's") is a mention of its actor; the span covers the name only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.config import Actor
from models.phrases import PhraseMatcher, phrase_words
from models.text import fold_with_offsets, original_span


@dataclass(frozen=True)
class Mention:
    actor: str  # the actor's name as configured
    alias: str  # the alias (or name) that matched, as configured
    start: int  # character offsets in the original text
    end: int


# names are matched whole, without inflection; only spaces and hyphens join their words
_NAME_SEPARATOR = re.compile(r"[\s\-]+")


@lru_cache(maxsize=64)
def _matcher(actors: tuple[Actor, ...]) -> PhraseMatcher | None:
    names = [
        ((actor.name, alias), alias)
        for actor in actors
        for alias in (actor.name, *actor.aliases)
        if phrase_words(alias)
    ]
    return PhraseMatcher(names, inflect=False, separator=_NAME_SEPARATOR) if names else None


def find_mentions(text: str, actors: tuple[Actor, ...]) -> list[Mention]:
    """Every mention of an actor in the text, in order of position."""
    matcher = _matcher(tuple(actors))
    if matcher is None or not text:
        return []
    folded, offsets = fold_with_offsets(text)
    mentions = []
    for (actor, alias), start, end in matcher.find(folded):
        start, end = original_span(text, offsets, start, end)
        mentions.append(Mention(actor, alias, start, end))
    return mentions
