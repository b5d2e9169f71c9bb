"""Speaker phrases: the noun phrase of a speaker before or after a speech verb.

"Deputy Foreign Minister Sergei Ryabkov", "a senior administration official", "Mogherini, the
EU's foreign policy chief," or "El ministro de Trabajo, Pablo Irazábal,": read by rule, one
token at a time, over the words the lists say can (determiners, connectors, capitalised
words) or cannot (function words, verbs, adverbs in -ly) be part of one.
"""

from __future__ import annotations

import re

from models.quotes.article import ArticleText
from models.quotes.lists import (
    ABBREVIATED,
    ACTION_VERBS,
    ADJECTIVES,
    ADVERBS,
    BREAK,
    CLAUSE_BREAKS,
    COMMON_SUBJECTS,
    CONJUNCTIONS,
    CONNECTORS,
    DESCRIPTORS,
    DETERMINERS,
    DOCUMENTS,
    FINITE,
    FORWARD_STOP,
    GENERIC_ROLES,
    LEADING,
    NAME_ADVERBS,
    NAME_PARTICLES,
    NOT_NAMES,
    ORGANISATIONS,
    PARTY_MEMBERS,
    PRONOUNS,
    QUOTING_VERBS,
    RELATIVE,
    ROLES,
    SPEECH_VERBS,
    THAT,
    TIME_WORDS,
    TITLE_WORDS,
)

# words that open a time phrase between a speaker and the verb: "on Monday", "last week"
TIME_LEADS = frozenset(
    ["on", "over", "during", "the", "last", "this", "earlier", "late", "el", "este", "esta"]
)
# "people familiar with the talks", "those close to the minister": sources, not the minister
CLOSE_TO = frozenset([("familiar", "with"), ("close", "to")])
# relatives that stand for a person: "X, who said …"
PERSONAL_RELATIVES = frozenset(["who", "quien", "quienes"])
# nouns that can speak after an inverted "said": roles, bodies, documents, groups of people
SPEAKING_NOUNS = (
    ROLES
    | GENERIC_ROLES
    | DESCRIPTORS
    | COMMON_SUBJECTS
    | ORGANISATIONS
    | DOCUMENTS
    | frozenset(["people", "person", "source", "man", "woman", "men", "women"])
)
# the generation after a name: "George T. Conway III"
GENERATIONS = frozenset(["II", "III", "IV", "Jr", "Sr"])
# "R-Ohio", "D-Calif.", "I-Vt.", "D-N.Y.": a party's initial and a state, the state's
# abbreviation written with dots too
AFFILIATION = re.compile(r"[A-Z]-(?:(?:[A-Z]\.){2,}|[A-Z][A-Za-z]*\.?)")


class NounPhrases(ArticleText):
    """Noun phrases of speakers, over an article's tokens."""

    def np_token(self, i: int) -> bool:
        """Can token i be part of a speaker's noun phrase?"""
        tok, low = self.toks[i], self.lows[i]
        if not tok[0].isalnum():
            # the dot of "Sen." or of a middle initial ("Matthew R. Verderosa")
            return tok == "." and i > 0 and (self.lows[i - 1] in ABBREVIATED or self.initial(i))
        if tok.isupper() and len(tok) > 1:
            return True  # an acronym ("US", "EU"), even where it spells a function word
        if low in DETERMINERS or low in CONNECTORS:
            return True
        if low in BREAK or low in SPEECH_VERBS or low in QUOTING_VERBS:
            return False
        if tok[0].isupper():
            return True
        if tok[0].isdigit():
            return low.endswith("-year-old")  # "the 72-year-old said"
        after_determiner = i > 0 and self.lows[i - 1] in DETERMINERS
        if low.endswith("ly") and len(low) > 4:
            return False
        if low.endswith(("ed", "ing")) and not after_determiner and low not in ADJECTIVES:
            return False
        # Spanish finite verbs: afirmó, convocaron, defendieron
        return not tok.endswith(("ó", "aron", "ieron"))

    # ---------------------------------------------------------------- noun phrases

    def np_back(self, j: int, lo: int) -> int | None:
        """Start of the longest speaker phrase ending at token j (inclusive), or None."""
        a = j + 1
        k = j
        while k >= lo and a - k <= 12:
            low = self.lows[k]
            if low == "in" and a <= j and k > lo and self.lows[k - 1].endswith("s"):
                k -= 1  # "officials in Caracas", "diplomats in the region"
                continue
            if low in ("and", "y") and a <= j and k > lo and self.is_cap(k - 1):
                k -= 1  # "Saudi and US mediators"
                continue
            if low == "to" and a <= j and k > lo and self.lows[k - 1] in ROLES:
                k -= 1  # "an aide to the committee", "adviser to the president"
                continue
            if not self.np_token(k):
                break
            a = k
            if (
                low in DETERMINERS
                and not (k > lo and self.lows[k - 1] in CONNECTORS)
                and not (k > lo + 1 and self.lows[k - 1] == "to" and self.lows[k - 2] in ROLES)
                and not (k + 1 <= j and self.initial(k + 1))  # "Samuel A. Alito": an initial
            ):
                break  # a determiner opens the phrase
            k -= 1
        while a <= j and self.lows[a] in CONNECTORS | {"and", "y", "in"}:
            a += 1
        if a > j:
            return None
        # "some close to the chairman", "people familiar with the talks": they speak, not him
        if a - 3 >= lo and (self.lows[a - 2], self.lows[a - 1]) in CLOSE_TO:
            return self.np_back(a - 3, lo) or a
        return a

    def np_forward(self, i: int, hi: int, *, to_comma: bool = False) -> tuple[int, int] | None:
        """The speaker phrase starting at token i: (start, end) tokens, or None.

        After a verb the phrase ends at a preposition ("said Ryabkov in an interview"); after
        "according to" it runs to the comma ("according to satellite data from the institute,").
        An appositive name after a description is kept: "afirmó el defensor, Ignacio Ruiz Díaz".
        """
        j = i
        limit = min(hi, i + (16 if to_comma else 12))
        while j < limit:
            tok, low = self.toks[j], self.lows[j]
            abbreviation = (
                tok == "." and j > i and (self.lows[j - 1] in ABBREVIATED or self.initial(j))
            )
            joined = tok in "'’" or (tok == "-" and j > i)
            if not tok[0].isalnum() and not abbreviation and not joined:
                break
            if not to_comma:
                idiom = j > i and (
                    (self.lows[j - 1], low) in CLOSE_TO
                    # "said a spokeswoman for the Port Authority": whom the role is for
                    or (low in CONNECTORS and self.lows[j - 1] in ROLES and j + 1 < limit)
                    # "said the statement from his lawyer, Al Kay": who issued it
                    or (low in ("from", "by") and self.lows[j - 1] in DOCUMENTS and j + 1 < limit)
                    # "said Democracy for America": a body's name runs over its "for"
                    or (
                        low in CONNECTORS
                        and self.is_cap(j - 1)
                        and j + 1 < limit
                        and self.is_cap(j + 1)
                    )
                )
                # "a" opens "said a mediator" but ends "dijo López a la prensa"
                if low in FORWARD_STOP and not idiom and not (j == i and low in DETERMINERS):
                    break
                if (low in SPEECH_VERBS or low in RELATIVE) and j > i:
                    break
                if j > i and not self.np_token(j) and not idiom:
                    break
            elif low in RELATIVE and j > i:
                break
            j += 1
        if j == i:
            return None
        # an appositive name after a description: "the minister, Ana López,"
        if (
            j < hi
            and self.toks[j] == ","
            and (not self.is_cap(j - 1) or self.lows[i] in DETERMINERS)
        ):
            k = j + 1
            m = k
            while m < hi and (self.is_cap(m) or (m > k and self.lows[m] in NAME_PARTICLES)):
                m += 1
            ends_well = m >= hi or not self.toks[m][0].isalnum() or self.lows[m] in FORWARD_STOP
            # "the legislator, Representative Carl Seel": a title may open the name
            named = self.name_start(k, m)
            titled = named < m and all(self.lows[t] in TITLE_WORDS for t in range(k, named))
            if m > k and ends_well and (named == k or (titled and m - named >= 2)):
                return i, m
        return i, j

    def speaker_like(self, a: int, b: int) -> bool:
        """Can the phrase in tokens [a, b) speak: a name or an acronym, a role, a body, a
        document, people? ("said a lawyer for the family", not "announced his challenge")."""
        return any(self.is_cap(k) or self.lows[k] in SPEAKING_NOUNS for k in range(a, b))

    def name_start(self, a: int, b: int) -> int:
        """Start of the personal name at the end of tokens [a, b): title words stay outside."""
        k = b - 1
        start = b
        if k > a and self.toks[k] in GENERATIONS and self.is_cap(k - 1):
            k -= 1  # "George T. Conway III", "Martin Luther King Jr"
        while k >= a and b - k <= 6:
            tok, low = self.toks[k], self.lows[k]
            if self.initial_dot(k) and start < b:
                k -= 1  # the dot of a middle initial
                continue
            if tok[0].isupper() and tok.isupper() and len(tok) > 1 and "." not in tok:
                break  # an acronym: an organisation, not a person
            if tok[0].isupper() and low not in NOT_NAMES:
                start = k
            elif low in NAME_PARTICLES and start < b and k > a and self.is_cap(k - 1):
                pass
            else:
                break
            k -= 1
        while start < b and self.lows[start] in NAME_PARTICLES and not self.is_cap(start):
            start += 1
        return start

    def initial(self, k: int) -> bool:
        """Is token k the dot of a middle initial, a name going on after it ("Luis V. Ortiz")?"""
        return (
            self.initial_dot(k)
            and k + 1 < self.n
            and self.is_cap(k + 1)
            and k > 1
            and (self.is_cap(k - 2))
        )

    def initial_dot(self, k: int) -> bool:
        """Is token k the dot after a single capital, as in "George T. Conway"?"""
        return (
            self.toks[k] == "."
            and k > 0
            and len(self.toks[k - 1]) == 1
            and self.toks[k - 1].isupper()
        )

    def clause_subject(self, j: int, lo: int, *, conjoined: bool = False) -> tuple[int, int] | None:
        """The subject of the clause a conjoined verb belongs to ("X accused Y and said"); a
        participle after a comma (", saying …") belongs to the main clause instead."""
        k = j
        while k > lo and self.lows[k - 1] not in CLAUSE_BREAKS:
            # not "that", which also opens a reported clause ("whether … that Mr. Obama …")
            if self.lows[k - 1] in RELATIVE - THAT and self.is_cap(k):
                break  # "a speech in which Bloomberg criticized …, but argued": his clause
            if conjoined and self.lows[k - 1] in PERSONAL_RELATIVES and k - 1 > lo:
                # "Sen. Ann Ortiz, who voted no and complained that …": the one "who" stands for
                found = self.relative_antecedent(k - 1, lo)
                if found is not None:
                    return found
                break
            k -= 1
        # "After a long day in the city, Gov. Ann Ortiz called it “a mess” and said …": the
        # subject of the first verb, read back from it, as for the verb alone
        for v in range(j - 1, k if conjoined else j - 1, -1):
            verb = self.lows[v] in ACTION_VERBS and not self.is_cap(v)
            if verb and not self.in_quote(self.starts[v]):
                found = self.subject_before(v, k)
                if found is not None:
                    return found[0], found[1]
                break
        return self.np_at_start(k, j)

    def relative_antecedent(self, j: int, lo: int) -> tuple[int, int] | None:
        """The phrase a "who" at token j stands for: "… drew the ire of Justice Ann Lowe,
        who" is Lowe; "the head of the agency, who" is the head."""
        k = j - 1 if j - 1 >= lo and self.toks[j - 1] == "," else j
        a = self.np_back(k - 1, lo) if k - 1 >= lo else None
        if a is None:
            return None
        for c in range(k - 2, a, -1):
            # not "Sen. Ann Ortiz of Ohio, who": a name before the place it is from
            if self.lows[c] in CONNECTORS and not (self.lows[c - 1] in ROLES or self.is_cap(c - 1)):
                a = c + 1
                break
        return a, k

    def np_at_start(self, k: int, hi: int) -> tuple[int, int] | None:
        """The noun phrase opening a clause at token k, past a leading adverbial."""
        comma = next((m for m in range(k, min(hi, k + 15)) if self.toks[m] == ","), None)
        leading = self.lows[k] in LEADING or self.lows[k].endswith("ing") if k < hi else False
        # "Ten minutes later, Benjamin Rhodes …": a time before the comma is no subject
        timed = comma is not None and comma - k <= 5 and self.lows[comma - 1] in TIME_WORDS
        if comma is not None and (leading or timed):
            k = comma + 1
        m = k
        while m < hi and m - k < 10 and self.np_token(m):
            m += 1
        # "John Dowd later said": the adverb before the verb is not part of the name
        while m > k + 1 and (self.lows[m - 1] in ADVERBS or self.lows[m - 1] in TIME_WORDS):
            m -= 1
        return (k, m) if m > k else None

    def subject_before(self, v: int, lo: int) -> tuple[int, int, tuple[int, int] | None] | None:
        """The speaker of the verb at token v: (start, end, appositive title) or None."""
        j = v - 1
        # "Ruiz also said", "Ruiz on Monday said", "Ruiz last week said": not the subject
        while j >= lo and (
            self.lows[j] in ADVERBS
            or (self.lows[j] in NAME_ADVERBS and not self.is_cap(j))  # "Long said": someone
            or self.lows[j] in TIME_WORDS
            or (self.lows[j] in TIME_LEADS and self.time_follows(j + 1, v))
        ):
            j -= 1
        if j < lo:
            return None
        if self.toks[j] == ")":
            # "Sen. Ann Ortiz (D-Nev.) said": the party and state in brackets are an aside
            k = j - 1
            while k > lo and self.toks[k] != "(" and j - k <= 8:
                k -= 1
            if self.toks[k] == "(" and k - 1 >= lo:
                a = self.np_back(k - 1, lo)
                return (a, k, None) if a is not None else None
            return None
        if self.toks[j] == ",":
            return self.appositive_subject(j, lo)
        if self.lows[j] in CONJUNCTIONS:
            found = self.clause_subject(j, lo, conjoined=True)
            return (found[0], found[1], None) if found else None
        if self.toks[j].lower() in PRONOUNS:
            return j, j + 1, None  # "At one point he said": the pronoun alone is the subject
        if self.lows[j] in PERSONAL_RELATIVES:
            # "… drew the ire of Justice Ann Lowe, who said": the one the relative stands for
            found = self.relative_antecedent(j, lo)
            return (found[0], found[1], None) if found else None
        a = self.np_back(j, lo)
        if a is None:
            return None
        if a == j and a > lo and self.lows[a - 1] in FINITE | {"to"} and not self.is_cap(a):
            # "could provide added support": a verb after a modal, "added" an adjective
            return None
        relative = self.relative_before(a, lo)
        if relative is not None:
            # "One reader who lives in Ohio posted", "Officials who spoke on condition of
            # anonymity said": the phrase found is inside the relative clause; the one who
            # speaks is the phrase "who" stands for
            found = self.relative_antecedent(relative, lo)
            return (found[0], found[1], None) if found else None
        return a, j + 1, None

    def relative_before(self, a: int, lo: int) -> int | None:
        """The "who" whose clause holds the phrase starting at token a, when only the
        clause's verb and its small words stand between them ("who lives in", "who spoke on
        condition of"), or None."""
        for r in range(a - 1, max(lo, a - 4), -1):
            if self.lows[r] in PERSONAL_RELATIVES:
                between = range(r + 1, a)
                if r == a - 1:
                    # "who lives in Ohio": the phrase itself opens with the clause's verb
                    return None if self.lows[a] in DETERMINERS or self.is_cap(a) else r
                plain = all(self.toks[k].isalpha() and not self.is_cap(k) for k in between)
                return r if plain else None
            if not self.toks[r].isalpha():
                return None
        return None

    def time_follows(self, k: int, v: int) -> bool:
        """Does a time word ("Monday", "the weekend") start at token k, before token v?"""
        if k < v and self.lows[k] == "the":
            k += 1
        return k < v and self.lows[k] in TIME_WORDS

    def affiliation(self, a: int, b: int) -> bool:
        """A party and state after a name: "R-Ohio", "D-Calif.", "Democrat of Connecticut"."""
        if AFFILIATION.fullmatch(self.span_text(a, b)):
            return True
        return b - a >= 3 and self.lows[a] in PARTY_MEMBERS and self.lows[a + 1] in CONNECTORS

    def appositive_subject(
        self, comma: int, lo: int
    ) -> tuple[int, int, tuple[int, int] | None] | None:
        """Subjects with a comma before the verb: "Mogherini, the EU's foreign policy chief,
        said", "El ministro de Trabajo, Pablo Irazábal, sostuvo", "Gaona, a través de su
        abogado, aseguró"."""
        segments = []  # (start, end) tokens, nearest the verb first
        end = comma
        k = comma - 1
        while k >= lo and len(segments) < 4:
            if self.toks[k] == ",":
                segments.append((k + 1, end))
                end = k
            elif not self.toks[k][0].isalnum() and self.toks[k] not in "'’-." + '«»“”"':
                break
            k -= 1
        segments.append((max(k + 1, lo), end))
        segments = [s for s in segments if s[1] > s[0]]
        if not segments:
            return None
        title = None
        for index, (a, b) in enumerate(segments):
            first = self.lows[a]
            head = index == len(segments) - 1  # the clause's first segment
            aside = (
                first in RELATIVE
                or first in LEADING
                or self.toks[a][0].isdigit()
                or self.lows[a].endswith("ing")
                or (not head and (first in DETERMINERS or not self.toks[a][0].isupper()))
                or (not head and self.affiliation(a, b))
            )
            if aside:
                if head:
                    return None
                if set(self.lows[a:b]) & ROLES and first not in RELATIVE | LEADING:
                    title = title or (a, b)
                continue
            # a name or a description, whole; the segment before a name may be its title
            start = self.np_back(b - 1, a)
            if start != a or b - a > 12:
                return None
            if index + 1 < len(segments) and title is None:
                pa, pb = segments[index + 1]
                if not self.toks[pb - 1][0].isupper() or self.lows[pa] in DETERMINERS:
                    title = (pa, pb)
            return start, b, title
        return None
