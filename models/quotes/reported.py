"""Reported speech: "X said (that) …", "X told reporters …", ", adding that …", "…, officials
said.", "according to X, …", "según X, …". The reported clause runs to the end of its sentence,
less a trailing attribution or a direct quote with its own verb.
"""

from __future__ import annotations

import bisect

from models.quotes.article import QUOTE_CHARS, Attribution, QuoteSpan
from models.quotes.direct import DirectQuotes
from models.quotes.lists import (
    ACCORDING,
    ACCORDING_FIRST,
    BREAK,
    CLAUSE_BREAKS,
    CLAUSE_OPENERS,
    DETERMINERS,
    FINITE,
    FORWARD_STOP,
    PARTICIPLES,
    QUOTING_VERBS,
    SAY_VERBS,
    SETTING_PREPOSITIONS,
    SUBJECTLESS_VERBS,
    TELL_VERBS,
    THAT,
    TIME_WORDS,
)

# pronouns that open a reported clause as its subject ("said he wants", "said it has")
SUBJECT_PRONOUNS = frozenset(["he", "she", "it"])
# pronouns that can only be a subject: after "said" they open its clause ("said he heard")
NOMINATIVE = frozenset(["he", "she", "they", "we", "i"])


class ReportedSpeech(DirectQuotes):
    """Reported speech: the clause a speaker is said to have said."""

    # ---------------------------------------------------------------- reported speech

    def indirect(self) -> list[tuple[Attribution, int, int, int]]:
        """(attribution, content start, content end, sentence start) per reported sentence."""
        found = []
        marked = {self.starts[i] for i in self.speech}
        marked |= {self.starts[i] for i, low in enumerate(self.lows) if low in ACCORDING_FIRST}
        if not marked:
            return found
        marks = sorted(marked)
        for s_start, s_end in self.sentences:
            k = bisect.bisect_left(marks, s_start)
            if k == len(marks) or marks[k] >= s_end:
                continue  # no speech verb, no "according to": nothing reported here
            a, b = self.tok_at(s_start), self.tok_at(s_end)
            while b > a and not self.toks[b - 1][0].isalnum() and self.toks[b - 1] not in '”»"':
                b -= 1
            result = self.reported(a, b)
            if result is not None:
                found.append((*result, s_start))
        return found

    def reported(self, a: int, b: int) -> tuple[Attribution, int, int] | None:
        verbs = [
            v
            for v in self.speech[
                bisect.bisect_left(self.speech, a) : bisect.bisect_left(self.speech, b)
            ]
            if self.is_speech(v)
            and v not in self.attribution_verbs
            and not self.in_quote(self.starts[v])
        ]
        for v in verbs:
            subject = self.subject_before(v, a)
            if subject is None:
                if not (v == a and self.lows[v] in SUBJECTLESS_VERBS):
                    continue
                subject = (v, v, None)
            clause = self.clause_after(v, b)
            if clause is not None:
                return Attribution(subject[0], subject[1], v, subject[2]), *clause
        for p in range(a + 1, b):
            if self.lows[p] in PARTICIPLES and self.toks[p - 1] == ",":
                found = self.participle(p, a, b)
                if found is not None:
                    return found
        if verbs:
            found = self.clause_final(verbs[-1], a, b)
            if found is not None:
                return found
            found = self.aside(verbs[0], a, b)
            if found is not None:
                return found
        return self.reported_according(a, b)

    def aside(self, v: int, a: int, b: int) -> tuple[Attribution, int, int] | None:
        """ "The bridge, Ruiz said, will reopen in May.": the attribution set off by commas
        inside the sentence; the sentence is what was said."""
        k = v + 1
        while k < b and k - v <= 3 and (self.lows[k] in TIME_WORDS or self.lows[k] == "on"):
            k += 1  # "the mayor said on Monday,"
        if k >= b or self.toks[k] != ",":
            return None
        subject = self.subject_before(v, a)
        if subject is None or subject[0] - 1 <= a or self.toks[subject[0] - 1] != ",":
            return None
        if len([t for t in self.toks[a : subject[0]] if t[0].isalnum()]) < 1:
            return None
        if len([t for t in self.toks[k + 1 : b] if t[0].isalnum()]) < 3:
            return None
        if any(q.open < self.starts[b - 1] and q.close > self.starts[a] for q in self.kept()):
            return None
        return Attribution(subject[0], subject[1], v, subject[2]), a, b

    def participle(self, p: int, a: int, b: int) -> tuple[Attribution, int, int] | None:
        """ ", adding that …" takes the speaker of the verb before it in the sentence."""
        clause = self.clause_after(p, b)
        if clause is None:
            return None
        for v in range(p - 1, a - 1, -1):
            if self.is_speech(v):
                lower = a
                for quote in self.quotes:
                    if quote.close < self.starts[v] and quote.close >= self.starts[a]:
                        lower = max(lower, self.tok_at(quote.close + 1))
                subject = self.subject_before(v, lower)
                if subject is None:
                    found = self.np_forward(v + 1, p)
                    subject = (found[0], found[1], None) if found else None
                if subject is not None:
                    return Attribution(subject[0], subject[1], p, subject[2]), *clause
                return None
        return None

    def clause_after(self, v: int, b: int) -> tuple[int, int] | None:
        """The reported clause after a verb: after "that"/"que", or straight after say/tell."""
        start = None
        for k in range(v + 1, min(b, v + 10)):
            if self.lows[k] in THAT:
                start = k + 1
                # "said the plan was a sign that …": the clause began before its own "that"
                early = self.lows[v + 1 : k]
                if self.lows[v] in SAY_VERBS and len(early) >= 2 and FINITE & set(early[1:]):
                    start = v + 1
                break
            if self.is_speech(k) or (self.toks[k] in '.;:“«"' and not self.np_token(k)):
                break  # (the dot of "Sens." or of an initial does not end the clause)
        if start is None:
            if self.lows[v] not in SAY_VERBS:
                return None
            k = v + 1
            if self.lows[v] in TELL_VERBS:
                if k < b and self.lows[k] in DETERMINERS:
                    k += 1
                if k < b and self.np_token(k) and not self.is_cap(k):
                    k += 1
                elif k < b and self.is_cap(k):
                    # "told Fox News the plan …", "told The Times it …": whom, by name
                    m = k
                    while m < b and m - k < 4 and (self.is_cap(m) or self.toks[m] in "'’"):
                        m += 1
                    if m >= b or self.is_cap(m):
                        return None
                    k = m
                else:
                    return None
            while k < b and (self.lows[k] in TIME_WORDS or self.lows[k] == "on"):
                k += 1
            k = self.past_setting(k, b)
            if k >= b or not self.clause_start(k):
                return None
            early = self.lows[k : min(b, k + 10)]
            # "said he wants …": a subject pronoun and a verb in -s open a clause too
            present = (
                (early[0] in SUBJECT_PRONOUNS and len(early) > 1 and early[1].endswith("s"))
                or early[0].replace("’", "'").removesuffix("'s") in SUBJECT_PRONOUNS - {early[0]}
                or (early[0] in NOMINATIVE and len(early) > 1 and early[1].isalpha())
            )
            if not present and not any(
                w in FINITE or (w.endswith("ed") and len(w) > 3) for w in early
            ):
                return None
            start = k
        if start >= b:
            return None
        end = self.clip(start, b)
        if end is None or len([t for t in self.toks[start:end] if t[0].isalnum()]) < 3:
            return None
        return start, end

    def past_setting(self, k: int, b: int) -> int:
        """Past where and how it was said, between the verb and its clause: "said in a
        statement it would appeal", "told reporters in Geneva the talks …"."""
        if k + 2 >= b or self.lows[k] not in SETTING_PREPOSITIONS:
            return k
        m = k + 1
        # "in a statement", "in Geneva"; not "at least", which opens the clause itself
        if self.lows[m] in DETERMINERS:
            m += 1
        elif not self.is_cap(m):
            return k
        words = 0
        while m < b and words < 3 and self.toks[m][0].isalpha():
            low = self.lows[m]
            if low in DETERMINERS or low in CLAUSE_OPENERS or low in BREAK:
                break
            m += 1
            words += 1
        return m if words else k

    def clause_start(self, k: int) -> bool:
        tok, low = self.toks[k], self.lows[k]
        nxt = self.lows[k + 1] if k + 1 < self.n else ""
        if (low, nxt) in (("at", "least"), ("more", "than"), ("al", "menos"), ("mas", "de")):
            return True
        if low in CLAUSE_OPENERS:
            return True
        if low in DETERMINERS or tok[0].isupper() or tok[0].isdigit():
            return True
        return self.np_token(k) and low not in FORWARD_STOP and not low.endswith("ly")

    def clip(self, start: int, end: int) -> int | None:
        """Where a reported clause ends: before a trailing ", the ministry said", and before a
        direct quote with its own verb; None when a direct quote sits inside the clause."""
        for quote in self.quotes:
            if quote.dropped or not (self.starts[start] <= quote.open < self.starts[end - 1] + 1):
                continue
            if quote.called:
                continue  # "… over what Ortiz called a “vanity project”": part of the clause
            q = self.tok_at(quote.open)
            for c in range(q - 1, start, -1):
                if self.toks[c] == ",":
                    if any(self.is_speech(m) or self.lows[m] in QUOTING_VERBS for m in range(c, q)):
                        end = c
                        break
                    return None
            else:
                return None
        for c in range(start + 1, end):
            trailing = self.toks[c] == "," and end - c <= 10
            if trailing and any(self.is_speech(m) for m in range(c + 1, end)):
                return c
            # "…, while Russia accused Washington …": another subject's clause
            if self.toks[c] == ";" or (
                self.toks[c] == "," and c + 1 < end and self.lows[c + 1] in CLAUSE_BREAKS
            ):
                return c
        return end

    def clause_final(self, v: int, a: int, b: int) -> tuple[Attribution, int, int] | None:
        """ "…, protest organisers said.", "…, said Deputy Foreign Minister Sergei Ryabkov."."""
        inverted = v > a and self.toks[v - 1] == "," and self.subject_before(v, a) is None
        if inverted:
            found = self.np_forward(v + 1, b)
            if found is None or not self.speaker_like(*found):
                return None  # "…, announced his challenge in October.": no one speaks
            attribution, comma, after = Attribution(found[0], found[1], v), v - 1, found[1]
        else:
            comma = next((c for c in range(v - 1, a, -1) if self.toks[c] == ","), None)
            if comma is None or v - comma > 11:
                return None
            if not all(
                self.np_token(m) or self.lows[m] in ("and", "y") or self.toks[m] in QUOTE_CHARS
                for m in range(comma + 1, v)
            ):
                return None
            subject = self.subject_before(v, comma + 1)
            if subject is None:
                return None
            attribution, after = Attribution(subject[0], subject[1], v), v + 1
        if self.lows[v] in TELL_VERBS:
            # "…, Ruiz told reporters Monday.", "…, Ruiz told The Associated Press."
            if after < b and self.lows[after] in DETERMINERS:
                after += 1
            while after < b and after - v <= 4 and self.np_token(after):
                if self.lows[after] in FORWARD_STOP or self.lows[after] in TIME_WORDS:
                    break
                after += 1
        rest = self.lows[after:b]
        if len(rest) > 8 or THAT & set(rest) or FINITE & set(rest):
            return None
        if rest and not (rest[0] in FORWARD_STOP or rest[0] in TIME_WORDS or not rest[0].isalnum()):
            return None
        if len([t for t in self.toks[a:comma] if t[0].isalnum()]) < 4:
            return None
        if any(q.open < self.starts[comma] and q.close > self.starts[a] for q in self.kept()):
            return None
        return attribution, a, comma

    def reported_according(self, a: int, b: int) -> tuple[Attribution, int, int] | None:
        for k in range(a, b):
            if self.lows[k] not in ACCORDING_FIRST:
                continue
            for phrase in ACCORDING:
                if tuple(self.lows[k : k + len(phrase)]) != phrase:
                    continue
                i = k + len(phrase)
                if i < b and self.is_speech(i):
                    i += 1
                found = self.np_forward(i, b, to_comma=True)
                if found is None:
                    return None
                attribution = Attribution(found[0], found[1], -1)
                if k == a:
                    start = (
                        found[1] + 1 if found[1] < b and self.toks[found[1]] == "," else found[1]
                    )
                    end = b
                else:
                    start, end = a, k
                    while end > start and not self.toks[end - 1][0].isalnum():
                        end -= 1
                if len([t for t in self.toks[start:end] if t[0].isalnum()]) < 4:
                    return None
                if any(
                    q.open < self.starts[end - 1] and q.close > self.starts[start]
                    for q in self.kept()
                ):
                    return None
                return attribution, start, end
        return None

    def kept(self) -> list[QuoteSpan]:
        """The quotations that stand on their own (not a word someone "called" something)."""
        return [
            q for q in self.quotes if not q.dropped and not q.called and (q.attribution or q.source)
        ]
