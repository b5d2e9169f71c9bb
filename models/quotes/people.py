"""People named in an article: the fullest form of each name, the titles attached to it, the
gender a title or a first name gives, and the sentence subjects a pronoun can refer to.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

from ingest.config import Actor
from models.actors import find_mentions
from models.quotes.article import QUOTE_CHARS, Person
from models.quotes.lists import (
    ABBREVIATED,
    COMMON_SUBJECTS,
    CONNECTORS,
    DEFINITE,
    DETERMINERS,
    FEMALE,
    GENDER_ARTICLES,
    GENERIC_ROLES,
    JOINERS,
    LEADING,
    MALE,
    ORGANISATIONS,
    PLACES,
    PRONOUN_FORMS,
    RELATIVE,
    ROLES,
    SPEECH_VERBS,
    SYNONYMS,
    TITLE_EQUIVALENTS,
    TITLE_WORDS,
)
from models.quotes.noun_phrases import NounPhrases
from models.text import fold

# "he", "his", "herself" …, by gender
FORMS_OF = {
    gender: frozenset(word for word, g in PRONOUN_FORMS.items() if g == gender)
    for gender in ("m", "f")
}


@lru_cache(maxsize=65536)
def actor_of(text: str, actors: tuple[Actor, ...]) -> str:
    """The actor a name or phrase names (its longest alias wins), or ""."""
    if not actors or not text:
        return ""
    mentions = find_mentions(text, actors)
    if not mentions:
        return ""
    return max(mentions, key=lambda m: m.end - m.start).actor


def gender_of(title_words: set[str] | frozenset[str], name: tuple[str, ...]) -> str:
    """Gender from a title, else from a first name; "" when neither says."""
    # "la portavoz", "el canciller": an article before a role gives the gender
    articles = {GENDER_ARTICLES[w] for w in title_words if w in GENDER_ARTICLES}
    if title_words & FEMALE or "f" in articles:
        return "f"
    if title_words & MALE or "m" in articles:
        return "m"
    if len(name) >= 2:
        first = name[0]
        if first in FEMALE:
            return "f"
        if first in MALE:
            return "m"
        # Spanish and Italian first names: -a is mostly female, -o mostly male
        if first.endswith("a") and len(first) > 2:
            return "f"
        if first.endswith("o") and len(first) > 2:
            return "m"
    last = name[-1] if name else ""
    if last.endswith(("ova", "eva", "yova", "skaya")):
        return "f"
    return ""


def strip_possessive(word: str) -> str:
    """ "Lane's" -> "Lane": a name first met in the possessive is the same person later."""
    for ending in ("'s", "’s"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def bare_name(name: tuple[str, ...]) -> tuple[str, ...]:
    """Folded name words without the possessive of the last ("sen bob lane's")."""
    return (*name[:-1], strip_possessive(name[-1])) if name else name


def with_equivalents(title: set[str]) -> set[str]:
    """Title words with the role words they stand for, and those for theirs ("sen" ->
    "senator" -> "lawmaker")."""
    found = set(title)
    new = found
    while new:
        new = set().union(*(TITLE_EQUIVALENTS.get(word, ()) for word in new)) - found
        found |= new
    return found


class People(NounPhrases):
    """The people an article names: their fullest name, titles, gender and where they occur."""

    # ---------------------------------------------------------------- people

    def index_people(self) -> None:
        """People named in the article, their titles, and which of them open a sentence.

        Names are looked up one capitalised run at a time (cached across articles), which is
        much cheaper than matching every alias against the whole text.
        """
        caps = self.caps
        i = 0
        while i < self.n:
            if not caps[i]:
                i += 1
                continue
            j = i + 1
            while j < self.n:
                if caps[j]:
                    j += 1
                elif j + 1 < self.n and caps[j + 1] and self.lows[j] in JOINERS:
                    j += 2
                elif j + 1 < self.n and caps[j + 1] and self.initial_dot(j):
                    j += 2  # "George T. Conway": a middle initial
                else:
                    break
            self.index_run(i, j)
            i = j
        self.index_descriptions()
        self.candidates.sort()
        self.infer_genders()

    def infer_genders(self) -> None:
        """A person whose title and first name say nothing takes the gender of the first
        pronoun after their name, in that sentence or the next, when no one else is named in
        between: "Dana Obi, 47, said her son …" is a woman."""
        named = sorted((m, key) for key, p in self.people.items() for m in p.mentions)
        for index, (at, key) in enumerate(named):
            person = self.people[key]
            if person.gender:
                continue
            _, end = self.sentence_of(at)
            if end < len(self.text):
                _, end = self.sentence_of(end)
            nxt = next((m for m, other in named[index + 1 :] if other != key), len(self.text))
            k = self.tok_at(at) + len(person.tokens)
            while k < self.n and self.starts[k] < min(end, nxt):
                # "…, he said" is whoever is quoted, not necessarily the one just named
                attributing = k + 1 < self.n and self.lows[k + 1] in SPEECH_VERBS
                if not self.in_quote(self.starts[k]) and not attributing:
                    gender = next((g for g, forms in FORMS_OF.items() if self.lows[k] in forms), "")
                    if gender:
                        person.gender = gender
                        break
                k += 1

    def index_descriptions(self) -> None:
        """A sentence opening with a titled description ("The president opted …") is about the
        person of that title, whom a "he said" after it means."""
        for s_start, _ in self.sentences:
            k = self.tok_at(s_start)
            while k < self.n and self.toks[k] in QUOTE_CHARS:
                k += 1
            if k >= self.n or self.lows[k] not in DEFINITE or self.in_quote(self.starts[k]):
                continue
            m = k + 1
            while m < self.n and m - k <= 3 and self.toks[m][0].islower() and self.np_token(m):
                m += 1
            if m == k + 1 or self.lows[m - 1] not in ROLES:
                continue
            if m < self.n and (self.toks[m] in "'’," or self.lows[m] in CONNECTORS):
                continue  # "the president's", "the governor of …": someone else, or an aside
            person = self.person_for_description(list(self.lows[k:m]), self.starts[k])
            if person is not None:
                self.candidates.append((self.starts[k], person.key))

    def index_run(self, a: int, b: int) -> None:
        offset = self.starts[a]
        if self.in_quote(offset):
            return
        start = self.name_start(a, b)
        if start >= b:
            return
        if start > a and self.lows[start - 1] in CONNECTORS:
            # "Sen. Ann Ortiz of Nevada": the name stands before the place it is from
            home = self.name_start(a, start - 1)
            if home >= start - 1 or not (
                start - 1 - home >= 2 or self.title_words(a, home) & ROLES
            ):
                return
            start, b = home, start - 1
        name = bare_name(tuple(self.lows[start:b]))
        if name[0] in COMMON_SUBJECTS or any(w in ORGANISATIONS or w in PLACES for w in name):
            return
        if b < self.n and not self.caps[b] and self.lows[b] in ORGANISATIONS:
            return  # "the Resist Trump movement", "a Tea Party group": a body's name
        actor = actor_of(self.span_text(start, b), self.actors)
        title = self.title_words(a, start)
        known = (
            self.person_for_actor(actor)
            if actor
            else self.find_person(name, self.starts[start], title)
        )
        if known is None:
            if len(name) < 2 and not (title & ROLES):
                return
            known = self.new_person(name, start, b)
        known.titles |= with_equivalents(title)
        if not known.gender:
            known.gender = gender_of(title, known.tokens)
        known.mentions.append(self.starts[start])
        if self.at_subject(a):
            self.candidates.append((self.starts[start], known.key))

    def title_words(self, a: int, start: int) -> set[str]:
        """Title words before a name, inside its capitalised run and in lower case before it,
        or in a comma-separated appositive on either side."""
        words = {w for w in self.lows[a:start] if w not in DETERMINERS}
        k = a - 1
        while k >= 0 and a - k <= 5:
            if self.lows[k] in TITLE_WORDS:
                words.add(self.lows[k])
            elif not (self.toks[k] == "." and k > 0 and self.lows[k - 1] in ABBREVIATED):
                break  # the dot of "Gov." or "Sen." belongs to the title
            k -= 1
        if k >= 0 and self.lows[k] in GENDER_ARTICLES and a - k > 1:
            words.add(self.lows[k])  # "la portavoz", "el canciller": the gender
        # "La portavoz del Gobierno, Marta Quiroga" / "Mogherini, the EU's foreign chief,"
        for lo, hi in self.appositives_around(a, start):
            seg = set(self.lows[lo:hi]) - self.others_titles(lo, hi)
            if seg & ROLES:
                words |= seg - DETERMINERS - CONNECTORS
                if self.lows[lo] in GENDER_ARTICLES:
                    words.add(self.lows[lo])
        return words

    def others_titles(self, lo: int, hi: int) -> set[str]:
        """Titles inside an appositive that belong to another named person: the "Mr." of "a
        critic of Mr. Trump" says nothing of the gender of the one the appositive describes."""
        found = set()
        for k in range(lo, hi - 1):
            nxt = k + 2 if self.toks[k + 1] == "." and k + 2 < hi else k + 1
            named = nxt < hi and self.is_cap(nxt) and self.lows[nxt] not in TITLE_WORDS
            if self.lows[k] in TITLE_WORDS and named:
                found.add(self.lows[k])
        return found

    def appositives_around(self, a: int, start: int) -> list[tuple[int, int]]:
        found = []
        if start == a and a >= 2 and self.toks[a - 1] == ",":
            k = a - 2
            while k >= 0 and a - k <= 10 and self.toks[k][0].isalnum():
                k -= 1
            found.append((k + 1, a - 1))
        end = start
        while end < self.n and self.is_cap(end):
            end += 1
        if end + 1 < self.n and self.toks[end] == ",":
            k = end + 1
            while (
                k < self.n and k - end <= 10 and (self.toks[k][0].isalnum() or self.toks[k] in "'’")
            ):
                k += 1
            if k < self.n and self.toks[k] in ",.":
                found.append((end + 1, k))
        return found

    def at_subject(self, i: int) -> bool:
        """Does the phrase at token i open its sentence (past titles and a leading adverbial)?"""
        s_start, _ = self.sentence_of(self.starts[i])
        k = self.tok_at(s_start)
        while k < i and self.toks[k] in QUOTE_CHARS:
            k += 1
        if k < i and (self.lows[k] in LEADING or self.lows[k].endswith("ing")):
            comma = next((m for m in range(k, i) if self.toks[m] == ","), None)
            if comma is None:
                return False
            k = comma + 1
        elif (
            0 < i - k <= 6
            and self.toks[i - 1] == ","
            and self.lows[k] not in CONNECTORS
            and not any(self.toks[m] == "," for m in range(k, i - 1))
        ):
            return True  # "Back on NBC, Trump said": a short opening phrase, then the name
        for m in range(k, i):
            tok, low = self.toks[m], self.lows[m]
            if tok == "," or (tok == "." and m > 0 and self.lows[m - 1] in ABBREVIATED):
                continue  # the dot of "Mr." or "Sen." belongs to the title
            if not (tok[0].isupper() or low in TITLE_WORDS or low in DETERMINERS | CONNECTORS):
                return False
        return True

    def person_for_actor(self, actor: str) -> Person:
        person = self.people.get(actor)
        if person is None:
            tokens = tuple(fold(actor).split())
            person = Person(actor, actor, tokens, gender_of(set(), tokens))
            self.people[actor] = person
        return person

    def new_person(self, name: tuple[str, ...], a: int, b: int) -> Person:
        key = strip_possessive(self.span_text(a, b))
        name = bare_name(name)
        person = Person(key, "", name, gender_of(set(), name))
        self.people[key] = person
        return person

    def find_person(
        self,
        name: tuple[str, ...],
        offset: int,
        title: set[str] | frozenset[str] = frozenset(),
        *,
        gender: str = "",
    ) -> Person | None:
        """A person already named whose name ends with (or, for one word, contains) this one;
        a title's gender, or the `gender` known otherwise, rules out the other ("Mr. Conway" is
        not Kellyanne Conway)."""
        gender = (gender_of(title, ()) if title else "") or gender
        best, best_at = None, (False, -1)
        for person in self.people.values():
            tokens = person.tokens
            if gender and person.gender and person.gender != gender:
                continue
            if tokens[-len(name) :] == name or (len(name) == 1 and name[0] in tokens[1:]):
                seen = max((m for m in person.mentions if m <= offset), default=-1)
                # one known to be of the title's gender before one whose gender is unknown
                rank = (bool(gender) and person.gender == gender, seen)
                if best is None or rank > best_at:
                    best, best_at = person, rank
        return best

    def recent_person(self, offset: int, gender: str, *, titled: bool = False) -> Person | None:
        """The person a pronoun at the offset means: the one in view, of fitting gender.

        In view is, in order: a speaker quoted in this paragraph or the one before, unless the
        sentence just before has a subject of its own ("he said" after a quote of Smith and a
        sentence about Jones is Smith's; after "Jones, 47, lives nearby." it is Jones's); else
        the latest sentence subject; and when the sentence just before names someone of the
        pronoun's gender but has no subject or speaker who fits, that person ("… drew a sharp
        response from Rev. Ann Cole. “…,” she said").
        """
        before = self.sentence_before(offset)
        fits = self.fitting(self.candidates, offset, gender, titled)
        chosen = fits
        if fits is not None and fits[1] not in {key for _, key in self.speakers[-1:]}:
            speaker = self.fitting(self.speakers, offset, gender, titled)
            subject_just_before = before is not None and before[0] <= fits[2] < before[1]
            if (
                speaker is not None
                and speaker[2] >= self.paragraph_start(offset, back=1)
                and not (subject_just_before and speaker[2] < before[0])
            ):
                chosen = speaker
        if before is not None and (chosen is None or chosen[2] < before[0]):
            named = self.named_in(before[0], before[1], gender, titled)
            if named is not None:
                return named
        if chosen is None and not titled:
            # no subject or speaker of the pronoun's gender yet: the latest person named
            end = before[1] if before else offset
            return self.named_in(0, end, gender, titled, anyone=True)
        return chosen[0] if chosen else None

    def own_sentence_start(self, offset: int) -> int:
        """Where the sentence holding the offset starts; for a quote running over several
        sentences ("“A. B,” he said"), where the quote's first sentence starts."""
        start, _ = self.sentence_of(offset)
        while True:
            inside = next((q for q in self.quotes if q.open < start < q.close), None)
            if inside is None:
                return start
            earlier, _ = self.sentence_of(inside.open)
            if earlier >= start:
                return start
            start = earlier

    def sentence_before(self, offset: int) -> tuple[int, int] | None:
        """(start, end) of the sentence before the one holding the offset, quotes whole."""
        own = self.own_sentence_start(offset)
        if own <= 0:
            return None
        return self.own_sentence_start(own - 1), own

    def named_in(
        self,
        lo: int,
        hi: int,
        gender: str,
        titled: bool,
        *,
        anyone: bool = False,
    ) -> Person | None:
        """The person of fitting gender named last in [lo, hi), outside quotations; None when a
        pronoun of that gender comes before the name there (it carries on who was in view) or
        the name is in the possessive. `anyone`: the last resort, when no one is in view: the
        latest named whose gender is known to fit, names in the possessive passed over."""
        best, best_at = None, -1
        owner, owner_at = None, -1  # the latest named in the possessive, for `anyone`
        for person in self.people.values():
            if titled and not person.titles & ROLES:
                continue
            unknown = not person.gender and not anyone and bool(person.titles & TITLE_WORDS)
            if gender and person.gender != gender and not unknown:
                continue
            seen = [m for m in person.mentions if lo <= m < hi and not self.in_quote(m)]
            if anyone:
                owned = max((m for m in seen if self.possessive(m)), default=-1)
                if owned > owner_at:
                    owner, owner_at = person, owned
                seen = [m for m in seen if not self.possessive(m)]
            else:
                seen = [m for m in seen if not self.in_relative(lo, m)]
            at = max(seen, default=-1)
            if at > best_at:
                best, best_at = person, at
        if anyone:
            # "Then came Sen. Bob Lane's reply. He …": with no one else named, the possessor
            return best if best is not None else owner
        if best is None:
            return best
        if gender and self.pronoun_between(lo, best_at, gender):
            return None
        if self.possessive(best_at):
            return None  # "… Smith's plan.": the sentence is about the plan, not who speaks next
        return best

    def in_relative(self, lo: int, offset: int) -> bool:
        """Is the name at the offset inside a relative clause of the sentence opening at lo
        ("… the gate where Ann Cole had spoken"): the background, not the one in view."""
        first = self.tok_at(lo)
        while first < self.n and self.toks[first] in QUOTE_CHARS:
            first += 1
        return any(self.lows[k] in RELATIVE for k in range(first + 1, self.tok_at(offset)))

    def possessive(self, offset: int) -> bool:
        """Is the name at the offset in the possessive ("Smith's", "Ana López’s")?"""
        k = self.tok_at(offset)
        while k < self.n and self.caps[k]:
            if self.lows[k].endswith(("'s", "’s")) or (
                k + 1 < self.n and self.toks[k + 1] in "'’" and not self.caps[k + 1]
            ):
                return True
            k += 1
        return False

    def pronoun_between(self, lo: int, hi: int, gender: str) -> bool:
        """Is there a pronoun of that gender, outside quotations, in [lo, hi)?"""
        forms = FORMS_OF.get(gender, frozenset())
        return any(
            self.lows[k] in forms and not self.in_quote(self.starts[k])
            for k in range(self.tok_at(lo), self.tok_at(hi))
        )

    def paragraph_start(self, offset: int, back: int = 0) -> int:
        starts = [s for s, _ in self.paragraphs]
        i = max(bisect.bisect_right(starts, offset) - 1 - back, 0)
        return starts[i] if starts else 0

    def fitting(
        self, entries: list[tuple[int, str]], offset: int, gender: str, titled: bool
    ) -> tuple[Person, str, int] | None:
        """(person, key, offset) of the latest entry before the offset that fits the gender."""
        i = bisect.bisect_left(entries, (offset, ""))
        fallback = None
        for at, key in reversed(entries[:i]):
            person = self.people[key]
            if titled and not person.titles & ROLES:
                continue
            if not gender or person.gender == gender:
                return person, key, at
            if not person.gender and fallback is None:
                if person.titles & TITLE_WORDS:
                    # the latest of unknown gender, titled ("Justice Antonin Scalia"), is a
                    # person: the pronoun means them before anyone named earlier
                    return person, key, at
                fallback = person, key, at
        # another of unknown gender is taken only when no one of the pronoun's gender was
        # named before: "she" after "Susan Rice … Barack Obama" is Rice
        return fallback

    def person_for_description(self, words: list[str], offset: int) -> Person | None:
        """ "the Russian deputy foreign minister" → the person titled "Deputy Foreign Minister"."""
        phrase = " ".join(words)
        heads = {words[-1]}
        for synonym, meant in SYNONYMS.items():
            if synonym in phrase:
                heads = meant
        if not heads & (ROLES | GENERIC_ROLES):
            return None
        # "the president's budget director" is someone of the president's: not a director
        # named before unless introduced with the president ("the president's aide, Al Kay")
        owners = {
            w.replace("’", "'").removesuffix("'s") for w in words[:-1] if w.endswith(("'s", "’s"))
        } & ROLES
        if owners and heads & GENERIC_ROLES:
            return None
        if heads & GENERIC_ROLES:
            gender = "f" if heads & FEMALE else "m" if heads & MALE else ""
            return self.recent_person(offset, gender, titled=True)
        best, best_score = None, (0, -1)
        for person in self.people.values():
            if not person.titles & heads or not owners <= person.titles:
                continue
            seen = max((m for m in person.mentions if m < offset), default=-1)
            if seen < 0:
                continue
            score = (len((person.titles - DETERMINERS) & set(words)), seen)
            if score > best_score:
                best, best_score = person, score
        return best
