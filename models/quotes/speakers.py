"""Speakers: each attribution's phrase resolved to a person, a body or a description.

A pronoun ("he said", Spanish "dijo" with no subject) goes to the person in view of fitting
gender (models.quotes.people.recent_person); a description ("the minister added") to the person
whose title fits best, and one that is no office ("the Iowa Republican") to the person in view;
a name to the fullest form of it in the article, or the event actor it names; an organisation
stays as written ("the Foreign Ministry") and "they" goes back to it; "the statement said" is
whoever issued the statement.
"""

from __future__ import annotations

import bisect

from ingest.config import Actor
from models.actors import find_mentions
from models.quotes.article import QUOTE_CHARS, Attribution, Person
from models.quotes.lists import (
    ABBREVIATED,
    ACCOUNTS,
    COMMON_SUBJECTS,
    CONJUNCTIONS,
    CONNECTORS,
    DEFINITE,
    DESCRIPTORS,
    DETERMINERS,
    DOCUMENTS,
    FORWARD_STOP,
    GENERIC_ROLES,
    GROUP_PRONOUNS,
    ORGANISATIONS,
    PRONOUNS,
    ROLES,
    SPEAKS_FOR,
    SUBORDINATORS,
    THAT,
    TIME_WORDS,
)
from models.quotes.people import (
    actor_of,
    bare_name,
    gender_of,
    strip_possessive,
    with_equivalents,
)
from models.quotes.reported import ReportedSpeech
from models.text import fold

# how an unnamed speaker is introduced: "a senior official", "one union official"
INDEFINITE = frozenset(["a", "an", "one", "another", "un", "una", "uno"])


class Article(ReportedSpeech):
    """One article with every step of the quote rules; `resolve` names each speaker."""

    # ---------------------------------------------------------------- speakers

    def heard(self, offset: int, key: str) -> None:
        """A person was just quoted: the one in view for the pronouns that follow."""
        bisect.insort(self.candidates, (offset, key))
        bisect.insort(self.speakers, (offset, key))

    def resolve(self, attribution: Attribution, offset: int) -> None:
        """Set the attribution's speaker and actor from its phrase and the article so far.

        A document speaks for whoever issued it: after "X said in a statement" or "said the
        statement from X", "the statement said" is X's."""
        a, b = attribution.a, attribution.b
        words = [w for w in self.lows[a:b] if w.isalnum()]
        document = words[-1] if 2 <= len(words) <= 3 and words[0] in DEFINITE else ""
        if document in DOCUMENTS and document in self.documents:
            person = self.people[self.documents[document]]
            attribution.speaker, attribution.actor = person.key, person.actor
            self.heard(offset, person.key)
            return
        self.resolve_phrase(attribution, offset)
        if attribution.speaker in self.people:
            _, end = self.sentence_of(self.starts[min(a, self.n - 1)])
            k = a
            while k < min(self.n, max(b, attribution.verb + 1) + 6) and self.starts[k] < end:
                if self.lows[k] in DOCUMENTS:
                    self.documents[self.lows[k]] = attribution.speaker
                k += 1

    def reported_pronoun(self, attribution: Attribution) -> str:
        """The gender of "he" or "she" opening the clause a name reports ("Kell said (that)
        he would resign"): that pronoun is the speaker, so it tells a person from a place
        ("Kell said" vs "Moscow said it") and one of two people of a surname from the other."""
        k = attribution.verb + 1
        if attribution.verb < 0 or k >= self.n or attribution.b > attribution.verb:
            return ""
        # "Kell tweeted on Tuesday (that) he …": when it was said may come first
        while (
            k < self.n
            and k - attribution.verb <= 3
            and (self.lows[k] in TIME_WORDS or self.lows[k] == "on")
        ):
            k += 1
        if k < self.n and self.lows[k] in THAT:
            k += 1
        if k < self.n and not self.in_quote(self.starts[k]) and self.toks[k].islower():
            # "he's", "she'd": the pronoun before its contraction
            word = self.toks[k].replace("’", "'").split("'")[0]
            return PRONOUNS.get(word, "")
        return ""

    def resolve_phrase(self, attribution: Attribution, offset: int) -> None:
        """The speaker of an attribution's phrase: a pronoun, a name, a body or a description."""
        a, b = attribution.a, attribution.b
        if a == b or (b - a == 1 and self.toks[a].lower() in PRONOUNS):
            gender = PRONOUNS.get(self.toks[a].lower(), "") if b > a else ""
            person = self.in_leading_clause(a, gender) if b > a else None
            person = person or self.recent_person(offset, gender)
            if person is not None:
                attribution.speaker, attribution.actor = person.key, person.actor
                person.mentions.append(offset)
                self.heard(offset, person.key)
            return
        if b - a == 1 and self.lows[a] in GROUP_PRONOUNS:
            if self.groups and self.groups[-1][0] < offset:
                _, attribution.speaker, attribution.actor = self.groups[-1]
            return
        phrase = self.span_text(a, b)
        start = self.name_start(a, b)
        words = [w for w in self.lows[a:b] if w.isalnum() or "-" in w or "'" in w]
        organisation = any(
            self.is_cap(k)
            and (self.lows[k] in ORGANISATIONS or self.toks[k].isupper())
            and len(self.toks[k]) > 1
            for k in range(a, b)
        )
        # "a lawyer for Mr. Grimm", "allies of Sen. Ortiz": the name's abbreviated title is
        # part of the complement, and the speaker is the one described
        titled = start
        while (
            titled - 2 >= a
            and self.toks[titled - 1] == "."
            and self.lows[titled - 2] in ABBREVIATED
        ):
            titled -= 2
        complement = (
            titled > a
            and not self.is_cap(titled - 1)
            and self.lows[titled - 1] in FORWARD_STOP | CONNECTORS
        )
        if complement and b - start <= 2 and self.lows[start - 1] in CONNECTORS:
            # "Gov. Mike Pence of Indiana said": the name stands before the place it is from
            home = self.name_start(a, start - 1)
            named = start - 1 - home >= 2 or bool(self.title_words(a, home) & ROLES)
            if home < start - 1 and named and not organisation:
                b, start, complement = start - 1, home, False
        # "el Servicio Electoral", "Ministerio Público": the name belongs to the body
        body = start > a and self.is_cap(start - 1) and self.lows[start - 1] in ORGANISATIONS
        organisation = organisation or body
        common = b - start == 1 and self.lows[start] in COMMON_SUBJECTS
        # "the Iowa Republican", "the New York Democrat": a description, not a name
        common = common or (self.lows[a] in DEFINITE and self.lows[b - 1] in DESCRIPTORS)
        if start < b and not (complement or common or body or (organisation and start == a)):
            name = tuple(self.lows[start:b])
            title = self.title_words(a, start)
            if attribution.title:
                ta, tb = attribution.title
                title |= (
                    set(self.lows[ta:tb]) - DETERMINERS - CONNECTORS - self.others_titles(ta, tb)
                )
            clue = self.reported_pronoun(attribution)
            person = self.find_person(name, self.starts[start], title, gender=clue)
            if person is None:
                actor = actor_of(self.span_text(start, b), self.actors) or actor_of(
                    phrase, self.actors
                )
                if not actor and len(name) == 1 and not title & ROLES and not clue:
                    # a lone capitalised word with no title: a place or a body ("Moscow said")
                    attribution.speaker = self.span_text(start, b)
                    self.groups.append((offset, attribution.speaker, ""))
                    return
                person = self.person_for_actor(actor) if actor else self.new_person(name, start, b)
            person.titles |= with_equivalents(title)
            person.mentions.append(self.starts[start])
            if not person.gender:
                person.gender = gender_of(title, person.tokens) or clue
            attribution.speaker, attribution.actor = person.key, person.actor
            self.heard(offset, person.key)
            return
        description = phrase
        # "The ministry" / "Organizers" open a sentence: their capital is not a name's
        if (
            words
            and (words[0] in DETERMINERS or words[0] in COMMON_SUBJECTS)
            and not (self.toks[a].isupper() and len(self.toks[a]) > 1)
        ):
            description = phrase[0].lower() + phrase[1:]
        # "the White House press secretary", "the Fox News host": a body's name before a
        # person's role describes the person
        role_head = (
            bool(words)
            and not self.is_cap(b - 1)
            and words[-1] in ROLES | GENERIC_ROLES | DESCRIPTORS
        )
        if (role_head or not organisation) and words and words[0] in DEFINITE:
            introduced = self.introduced(words[-1], offset)
            if introduced is not None:
                attribution.speaker, attribution.actor = introduced
                self.groups.append((offset, *introduced))
                return
            person = self.person_for_description(words, offset)
            if person is None and (words[-1] in DESCRIPTORS or words[-1].endswith("-year-old")):
                # "the Ohio Republican said": a way of not repeating the name of the one in view
                person = self.recent_person(offset, gender_of(set(words), ()))
            if person is not None:
                attribution.speaker, attribution.actor = person.key, person.actor
                person.mentions.append(offset)  # being quoted makes them the one in view
                self.heard(offset, person.key)
                return
            # "the ministry" is "the Foreign Ministry" named before; "the Romney campaign" is
            # not "the Obama campaign": every word of the description must be in the name
            wanted = {w for w in words if w not in DETERMINERS}
            for _, speaker, actor in reversed(self.groups):
                if wanted and wanted <= set(fold(speaker).split()):
                    attribution.speaker, attribution.actor = speaker, actor
                    return
        if words and words[-1] in ACCOUNTS:
            person = self.account_owner(a, b)
            if person is not None:
                attribution.speaker, attribution.actor = person.key, person.actor
                self.heard(offset, person.key)
                return
        attribution.speaker = description
        attribution.actor = actor_head(phrase, self.actors) if organisation else ""
        if not attribution.actor and SPEAKS_FOR & set(words):
            # "Lowe's spokesman", "a spokeswoman for Lowe": the spokesperson speaks, in the
            # name of the one they speak for, whose actor the quote counts for
            attribution.actor = actor_of(phrase, self.actors)
        self.groups.append((offset, description, attribution.actor))

    def in_leading_clause(self, k: int, gender: str) -> Person | None:
        """ "But when the draft reached Mr. Lee, he dismissed it": a pronoun opening the main
        clause after a clause of time or condition means the person that clause names."""
        if not gender or k < 2 or self.toks[k - 1] != ",":
            return None
        s_start, _ = self.sentence_of(self.starts[k])
        first = self.tok_at(s_start)
        while first < k and (self.toks[first] in QUOTE_CHARS or self.lows[first] in CONJUNCTIONS):
            first += 1
        if first >= k or self.lows[first] not in SUBORDINATORS:
            return None
        if any(self.toks[m] == "," for m in range(first, k - 1)):
            return None  # more than one clause before it: no telling which
        return self.named_in(self.starts[first], self.starts[k], gender, False)

    def introduced(self, head: str, offset: int) -> tuple[str, str] | None:
        """ "one union official said … The official said": a definite description goes back
        to the unnamed speaker just introduced with the same head word, not to someone named
        earlier, when that speaker spoke in this paragraph or the two before."""
        since = self.paragraph_start(offset, back=2)
        for at, speaker, actor in reversed(self.groups):
            if at < since:
                break
            said = fold(speaker).split()
            if len(said) < 2 or said[0] not in INDEFINITE:
                continue
            # the role that speaks, not one it serves ("a spokesman for the mayor" is no mayor)
            role = next((w for w in said if w in ROLES | GENERIC_ROLES), said[-1])
            if role == head:
                return speaker, actor
        return None

    def account_owner(self, a: int, b: int) -> Person | None:
        """The person whose account posted: "Lowe's account tweeted" is Lowe."""
        owner = next(
            (k for k in range(b - 2, a - 1, -1) if strip_possessive(self.lows[k]) != self.lows[k]),
            None,
        )
        if owner is None:
            return None
        start = self.name_start(a, owner + 1)
        if start > owner:
            return None
        name = bare_name(tuple(self.lows[start : owner + 1]))
        return self.find_person(name, self.starts[start])


def actor_head(phrase: str, actors: tuple[Actor, ...]) -> str:
    """The actor an organisation's phrase names, when the actor's alias ends the phrase."""
    mentions = find_mentions(phrase, actors) if actors else []
    tail = len(phrase.rstrip(" .,"))
    return next((m.actor for m in mentions if m.end >= tail), "")
