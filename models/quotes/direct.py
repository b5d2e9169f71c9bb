"""Who said each quotation in marks: an attribution after the quote (", said X", ", X said",
"», afirmó X", ", according to X"), before it ("X said: “…”", "según X, «…»", "X said the forces
were “united as never before”"), or around a partial quote ("what X called a “vanity project”").
Runs of a few words with none of these are scare quotes. The marks themselves are found in
models.quotes.marks.
"""

from __future__ import annotations

from models.quotes.article import WORD, Attribution, QuoteSpan
from models.quotes.lists import (
    ACCORDING,
    ACCORDING_FIRST,
    AUXILIARIES,
    COMMON_SUBJECTS,
    DEFINITE,
    DESCRIPTORS,
    DETERMINERS,
    DOCUMENT_VERBS,
    DOCUMENTS,
    FINITE,
    GENERIC_ROLES,
    PARTIAL_QUOTE_VERBS,
    PARTICIPLES,
    PRONOUNS,
    QUOTING_VERBS,
    ROLES,
    SPEECH_VERBS,
    SUBJECTLESS_VERBS,
    THAT,
    VERBS,
)
from models.quotes.marks import QuoteMarks

# Quoted runs this short are scare quotes unless they stand as an utterance of their own.
SCARE_QUOTE_WORDS = 3
# the words a title leaves in lower case ("Face the Nation", "The Late Show with Ann Kay")
TITLE_SMALL_WORDS = frozenset("of the a an and with in on for to at by from or".split())  # noqa: SIM905
# words that open what someone says rather than a title: "“We Will Win,” he said"
SPEAKERS_FIRST = frozenset("i we you he she they it this".split())  # noqa: SIM905
# How far after a quote its speaker's verb may come: past a name and a long appositive
# ("…,” Ana Ruiz, the former mayor and founder of the city's largest charity, said)
TAIL_REACH = 24


class DirectQuotes(QuoteMarks):
    """The attribution of each quotation in marks: who said it, and by which verb."""

    def attribute_quotes(self) -> None:
        """Find each quotation's speaker phrase; join split and continued quotes."""
        previous: QuoteSpan | None = None
        for k, quote in enumerate(self.quotes):
            ps, pe = self.paragraphs[quote.paragraph]
            nxt = self.quotes[k + 1] if k + 1 < len(self.quotes) else None
            limit = nxt.open if nxt and nxt.paragraph == quote.paragraph else pe
            lower = ps
            if previous and previous.paragraph == quote.paragraph:
                lower = max(previous.close + 1, previous.end)
            quote.end = quote.close + 1
            if self.work_title(quote):
                quote.dropped = True  # "on the CBS program “Face the Nation”": a title
                continue
            short = quote.words <= SCARE_QUOTE_WORDS
            if short:
                # "what Ortiz called a “vanity project,” officials said": Ortiz's words
                quote.attribution = self.called_by(quote, lower)
            if quote.closed and quote.attribution is None:
                quote.attribution = self.tail_attribution(quote, limit)
            if quote.attribution is None and (not short or self.introduced_utterance(quote)):
                quote.attribution = self.prefix_attribution(quote, lower)
            utterance = quote.closed and quote.inner[-1:] in ".,!?…"
            # the short end of a split quote: "“…,” she said, “if I arrive.”"
            split_end = (
                previous is not None
                and previous.paragraph == quote.paragraph
                and previous.attribution is not None
                and self.tok_at(quote.open) - self.tok_at(previous.close + 1) <= 8
            )
            if quote.called:
                previous = quote
                continue
            if short and not (utterance and (quote.attribution or split_end)):
                quote.dropped = True  # a scare quote, or a word or two of someone's
                quote.attribution = None
                continue
            if quote.attribution is not None and quote.attribution.verb >= 0:
                self.attribution_verbs.add(quote.attribution.verb)
            previous = quote
        self.drop_repeats()
        self.join_quotes()

    def introduced_utterance(self, quote: QuoteSpan) -> bool:
        """A short quote that is a whole utterance led in by a speech verb and a colon or a
        comma ("Ortiz replied: “Never.”", "Ortiz said, “We will appeal.”"): words said, not
        scare quotes."""
        b = self.tok_at(quote.open)
        if not quote.closed or quote.inner[-1:] not in ".!?…" or b < 2:
            return False
        return self.toks[b - 1] in ":," and self.is_speech(b - 2)

    def work_title(self, quote: QuoteSpan) -> bool:
        """Is the quotation a title inside a sentence ("the program “State of the Union”", "on
        “The Late Show with Ann Kay”"): two to eight words, every one capitalised but the small
        words of a title? English puts the titles of shows, books and films in quotation marks.
        """
        ps, _ = self.paragraphs[quote.paragraph]
        if quote.open == ps or not quote.closed:
            return False
        found = WORD.findall(quote.inner)
        if not 2 <= len(found) <= 8 or not found[0][0].isupper():
            return False
        if found[0].lower() in SPEAKERS_FIRST or any("'" in w or "’" in w for w in found):
            return False  # "“I’m a New Yorker,” he said": someone speaking
        capitals = [w for w in found if w[0].isupper()]
        small = all(w[0].isupper() or w.lower() in TITLE_SMALL_WORDS for w in found)
        return small and len(capitals) >= 2

    def called_by(self, quote: QuoteSpan, lower: int) -> Attribution | None:
        """A word or two a person is quoted as calling something ("what Gov. Ann Ortiz
        called the plan's “vanity project”", "whom he called a “demagogue”"): their words.
        Not when the one calling is "it", "they" or "which": a body's label is a scare quote."""
        s_start, _ = self.sentence_of(quote.open)
        a = self.tok_at(max(s_start, lower))
        b = self.tok_at(quote.open)
        # "described the new ad on the subject as “dishonest”": the object before "as" may be long
        reach = 14 if b > 0 and self.lows[b - 1] == "as" else 6
        for v in range(b - 1, max(a, b - reach) - 1, -1):
            quoting = self.lows[v] in QUOTING_VERBS or self.lows[v] in PARTIAL_QUOTE_VERBS
            if not quoting or self.is_cap_mid(v):
                continue
            subject = self.subject_before(v, a)
            if subject is None:
                return None
            start, end, _ = subject
            pronoun = end - start == 1 and self.toks[start].lower() in PRONOUNS
            name = self.name_start(start, end)
            # a person by name: "Gov. Ann Ortiz", "Ortiz" inside the sentence; not "Critics"
            # opening it, nor a lone word that may be a place or a body
            named = name < end and self.lows[end - 1] not in COMMON_SUBJECTS
            named = named and (
                end - name >= 2
                or (name > a and name > start)
                # "Pelosi had called it “a non-starter”" after "Nancy Pelosi": a surname
                or self.surname_before(end - 1)
            )
            if pronoun or named:
                quote.called = True
                return Attribution(start, end, v)
            return None
        return None

    def tail_attribution(self, quote: QuoteSpan, limit: int) -> Attribution | None:
        """ ", said X", ", X said", "», afirmó X", ", he told reporters" after the quote."""
        i = self.tok_at(quote.close + 1)
        if i >= self.n or self.starts[i] >= limit:
            return None
        s_start, s_end = self.sentence_of(self.starts[i])
        # a quote that ended its sentence is attributed by the next only if it is short and
        # whole ("“We will win.” Pompeo said."), not by a new sentence about something else
        new_sentence = s_start > quote.open and self.text[quote.close - 1] in ".!?…"
        if new_sentence and limit < s_end:
            return None
        hi = i
        while hi < self.n and self.starts[hi] < min(limit, s_end):
            hi += 1
        j = i
        while j < hi and self.toks[j] in (",", "—", "–", "-", ")"):
            j += 1
        while j + 1 < hi and self.lows[j] in AUXILIARIES and self.is_speech(j + 1):
            j += 1  # "ha afirmado Rubio"
        if j >= hi:
            return None
        according = self.according_to(j, min(hi, j + 3))
        # only for a quote that opens its sentence: "X asserted he had “a right,” according
        # to CNN" is X's, CNN the source of the report
        if according is not None and self.lows[j] in ACCORDING_FIRST and s_start == quote.open:
            # "“…,” according to Ortiz."
            quote.end = self.ends[according[1] - 1]
            return Attribution(according[0], according[1], -1)
        if self.lows[j] in DOCUMENT_VERBS and not self.is_cap_mid(j):
            # "“…,” read a statement from the mayor's office."
            found = self.np_forward(j + 1, hi)
            if found is not None and any(self.lows[k] in DOCUMENTS for k in range(*found)):
                quote.end = self.ends[found[1] - 1]
                return Attribution(found[0], found[1], j)
        if self.is_speech(j):
            found = self.np_forward(j + 1, hi)
            if found is None:
                if self.lows[j] not in SUBJECTLESS_VERBS:
                    return None
                attribution = Attribution(j + 1, j + 1, j)
                quote.end = self.ends[j]
            else:
                if found[1] < hi and self.lows[found[1]] in FINITE:
                    # "“The Late Show,” said Trump's offer was a bad deal": the phrase after
                    # "said" is the subject of a reported clause, not the quote's speaker
                    return None
                attribution = Attribution(found[0], found[1], j)
                quote.end = self.ends[found[1] - 1]
            return attribution if self.plain_tail(attribution, hi, new_sentence) else None
        aside = False  # inside ", 60," or ", a Republican from Ohio," or "(R-Ohio)"
        for v in range(j, min(hi, j + TAIL_REACH)):
            if self.is_speech(v) and not (aside and self.toks[v - 1] != ","):
                break
            tok = self.toks[v]
            if tok in ",()":
                aside = tok == "(" or (tok == "," and v > j and not aside)
                continue
            # "the statement from Ortiz read": who issued it is part of the phrase
            issued = self.lows[v] in ("from", "by") and self.lows[v - 1] in DOCUMENTS
            phrase = self.np_token(v) or self.lows[v] in AUXILIARIES or issued
            if not aside and not phrase:
                return None
        else:
            return None
        subject = self.subject_before(v, j)
        if subject is None:
            return None
        attribution = Attribution(subject[0], subject[1], v, subject[2])
        quote.end = self.ends[v]
        return attribution if self.plain_tail(attribution, hi, new_sentence) else None

    def plain_tail(self, attribution: Attribution, hi: int, new_sentence: bool) -> bool:
        """After a quote that ended its sentence, only a short "Pompeo said." attributes it."""
        if not new_sentence:
            return True
        after = max(attribution.b, attribution.verb + 1)
        rest = [low for low in self.lows[after:hi] if low.isalnum()]
        return len(rest) <= 6 and not THAT & set(rest)

    def prefix_attribution(self, quote: QuoteSpan, lower: int) -> Attribution | None:
        """ "X said: “…”", "según X, «…»", "X said the forces were “united as never before”"."""
        s_start, _ = self.sentence_of(quote.open)
        a = self.tok_at(max(s_start, lower))
        b = self.tok_at(quote.open)
        if a >= b:
            return self.colon_before(quote)
        for v in range(b - 1, max(a, b - 30) - 1, -1):
            low = self.lows[v]
            if (low in SPEECH_VERBS or low in QUOTING_VERBS) and not self.is_cap_mid(v):
                inverted = self.inverted_aside(v, b)
                if inverted is not None:
                    quote.end = max(quote.end, quote.close + 1)
                    return inverted
                subject = self.subject_before(v, a)
                if subject is not None:
                    quote.end = max(quote.end, quote.close + 1)
                    return Attribution(subject[0], subject[1], v, subject[2])
                if v == a and low in SUBJECTLESS_VERBS:
                    return Attribution(v, v, v)
            elif low in PARTICIPLES and v - 1 > a and self.toks[v - 1] == ",":
                # "Bloomberg contrasted the two records, saying “…”": the clause's subject
                subject = self.clause_subject(v - 1, a)
                if subject is not None:
                    quote.end = max(quote.end, quote.close + 1)
                    return Attribution(subject[0], subject[1], v)
        according = self.according_to(a, b)
        if according is not None:
            return Attribution(according[0], according[1], -1)
        return self.colon_subject(a, b)

    def colon_subject(self, a: int, b: int) -> Attribution | None:
        """ "Roberts put it bluntly: “…”", "The statement read: “…”": a sentence that leads
        into the quote with a colon gives it to its subject, whatever its verb."""
        if b - a < 3 or self.toks[b - 1] != ":":
            return None
        found = self.np_at_start(a, b - 1)
        if found is None:
            return None
        start, end = found
        if self.toks[start].lower() in PRONOUNS:
            return Attribution(start, start + 1, -1)  # "He put it this way:"
        # the phrase runs to the speaker's head word: a name, a role, a document; a word the
        # rules cannot tell from a verb ("Ruiz put it bluntly") ends it only when known as one
        heads = [
            k
            for k in range(start, end)
            if (self.is_cap(k) and self.lows[k] not in DETERMINERS)
            or self.lows[k] in ROLES | GENERIC_ROLES | DESCRIPTORS
            or (self.lows[k] in DOCUMENTS and self.lows[start] in DEFINITE)
        ]
        if not heads:
            return None
        last = heads[-1] + 1
        if last >= b - 1:
            return None  # "Roberts:" alone is a label, not a sentence
        if last < end and not (self.lows[last] in VERBS or self.lows[last].endswith("ed")):
            return None
        return Attribution(start, last, -1)

    def inverted_aside(self, v: int, b: int) -> Attribution | None:
        """ "The plan, said Ann Lowe, the mayor, was “…”": the speaker follows the verb of an
        aside set off by commas."""
        if v < 1 or self.toks[v - 1] != "," or self.lows[v] not in SPEECH_VERBS:
            return None
        found = self.np_forward(v + 1, b)
        if found is None or found[1] >= b or self.toks[found[1]] != ",":
            return None
        if not any(self.is_cap(k) for k in range(found[0], found[1])):
            return None  # "…, said to be …": no one named
        return Attribution(found[0], found[1], v)

    def colon_before(self, quote: QuoteSpan) -> Attribution | None:
        """A quote opening its paragraph after "Cabello told the crowd:" in the one before."""
        ps, _ = self.paragraphs[quote.paragraph]
        if quote.open != ps or quote.paragraph == 0:
            return None
        qs, qe = self.paragraphs[quote.paragraph - 1]
        if not self.text[qs:qe].rstrip().endswith(":"):
            return None
        s_start, _ = self.sentence_of(qe - 1)
        a, b = self.tok_at(s_start), self.tok_at(qe)
        for v in range(b - 1, a - 1, -1):
            if self.is_speech(v):
                subject = self.subject_before(v, a)
                if subject is not None:
                    return Attribution(subject[0], subject[1], v, subject[2])
        return self.colon_subject(a, b)

    def according_to(self, a: int, b: int) -> tuple[int, int] | None:
        """The source after "according to", "según", "de acuerdo con" within tokens [a, b)."""
        for k in range(a, b):
            for phrase in ACCORDING:
                if tuple(self.lows[k : k + len(phrase)]) == phrase:
                    i = k + len(phrase)
                    if i < b and self.is_speech(i):
                        i += 1  # "según relató su equipo de prensa"
                    found = self.np_forward(i, b, to_comma=True)
                    if found:
                        return found
        return None
