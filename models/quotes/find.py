"""article_quotes: every step of the quote rules, in order, on one article."""

from __future__ import annotations

import re

from ingest.config import Actor
from models.quotes.article import QUOTE_CHARS, WORD, Attribution, Person, Quote, QuoteSpan
from models.quotes.lists import PRONOUNS
from models.quotes.speakers import Article

# "CARACAS — ": a dateline opening a reported clause is not part of what was said
DATELINE = re.compile(r"^[A-ZÁÉÍÓÚÑÜ]{3,}\b[^–—\n]{0,30}?[–—]\s*")


def article_quotes(text: str, actors: tuple[Actor, ...] = ()) -> list[Quote]:
    """Every direct and indirect quotation in one article, with its resolved speaker."""
    if not text or not text.strip():
        return []
    article = Article(text, tuple(actors))
    article.find_quotes()
    article.attribute_quotes()
    article.index_people()
    roots = [q for q in article.quotes if not q.dropped and q.source is None and q.attribution]
    reported = article.indirect()
    # Resolve in reading order, so that "he said" finds the speakers named before it.
    events: list[tuple[int, Attribution]] = [
        (article.starts[min(q.attribution.a, article.n - 1)], q.attribution) for q in roots
    ]
    events += [(article.starts[min(r[0].a, article.n - 1)], r[0]) for r in reported]
    for offset, attribution in sorted(events, key=lambda e: e[0]):
        article.resolve(attribution, offset)

    found: list[tuple[int, Quote]] = []
    for root in roots:
        attribution = root.attribution
        if not attribution.speaker:
            continue
        parts = sorted([root, *root.parts], key=lambda q: q.open)
        inner = " … ".join(q.inner.rstrip(",").strip() for q in parts)
        followers = [q for q in article.quotes if q.source is root and q not in parts]
        start = min(parts[0].open, article.starts[min(attribution.a, article.n - 1)])
        end = max(parts[-1].close, root.end)
        found.append((start, _quote(article, attribution, "direct", inner, parts, start, end)))
        for follower in followers:
            sentence = article.sentence_of(follower.open)
            found.append(
                (
                    follower.open,
                    _quote(
                        article,
                        attribution,
                        "direct",
                        follower.inner,
                        [follower],
                        sentence[0],
                        follower.close,
                    ),
                )
            )
    after_reported = _after_reported(article, reported)
    taken = {id(quote) for quote, _ in after_reported}
    for quote, person in _after_subject(article, taken):
        sentence = article.sentence_of(quote.open)
        parts = sorted([quote, *quote.parts], key=lambda q: q.open)
        end = parts[-1].close + 1
        found.append(
            (
                quote.open,
                Quote(
                    person.key,
                    person.actor,
                    "direct",
                    sum(q.words for q in parts),
                    " … ".join(q.inner.rstrip(",").strip() for q in parts),
                    article.text[sentence[0] : max(article.sentence_of(end - 1)[1], end)].strip(),
                ),
            )
        )
    for quote, attribution in after_reported:
        if attribution.speaker:
            sentence = article.sentence_of(quote.open)
            found.append(
                (
                    quote.open,
                    _quote(
                        article,
                        attribution,
                        "direct",
                        quote.inner,
                        [quote],
                        sentence[0],
                        quote.close,
                    ),
                )
            )
    for attribution, start, end, _ in reported:
        if not attribution.speaker:
            continue
        clause = DATELINE.sub("", article.span_text(start, end).strip().rstrip(",;:"))
        s = article.starts[start]
        found.append(
            (s, _quote(article, attribution, "indirect", clause, [], s, article.ends[end - 1]))
        )
    for quote in article.quotes:  # split quotes point at each other: free them without the GC
        quote.parts, quote.source = [], None
    return [quote for _, quote in sorted(found, key=lambda f: f[0])]


def _after_subject(article: Article, taken: set[int]) -> list[tuple[QuoteSpan, Person]]:
    """A quote that is a sentence of its own, with no speaker, right after a sentence whose
    subject is one person and that quotes no one ("Ruiz was defiant. “I will not resign.”"):
    the quote is that person's, as a reader takes it."""
    found = []
    for quote in article.quotes:
        # a quote run over paragraphs ends where its last part closes
        last = quote.parts[-1] if quote.parts else quote
        if quote.dropped or quote.attribution or quote.source or not last.closed:
            continue
        if id(quote) in taken:
            continue
        start, _ = article.sentence_of(quote.open)
        whole = start == quote.open and last.inner[-1:] in ".!?…"
        if not whole or start == 0 or last.close + 1 < article.sentence_of(last.close)[1]:
            continue
        before = article.sentence_of(start - 1)
        if any(before[0] <= q.open < before[1] for q in article.quotes if not q.dropped):
            continue
        keys = {key for at, key in article.candidates if before[0] <= at < before[1]}
        if len(keys) == 1:
            found.append((quote, article.people[keys.pop()]))
        elif not keys:
            # "He bluntly accused the mayor of lying. “…”": the pronoun's person, as a
            # "he said" there would be
            first = article.tok_at(before[0])
            while first < article.n and article.toks[first] in QUOTE_CHARS:
                first += 1
            gender = PRONOUNS.get(article.toks[first].lower(), "") if first < article.n else ""
            if not gender:
                continue
            # "Then came Sen. Bob Lane's reply. He accused …": he is the one the sentence
            # before names, in the possessive too; else whoever a "he" there means
            earlier = article.sentence_before(before[0])
            person = None
            if earlier is not None:
                person = article.named_in(*earlier, gender, False, anyone=True)
            person = person or article.recent_person(before[0], gender)
            if person is not None:
                found.append((quote, person))
    return found


def _after_reported(
    article: Article, reported: list[tuple[Attribution, int, int, int]]
) -> list[tuple[QuoteSpan, Attribution]]:
    """A quote standing as its own paragraph, with no speaker of its own, right after a
    paragraph that ends in reported speech ("Ruiz said the dam would hold.\n\n“It was built
    to last.”"): the quote is that speaker's, as a reader takes it."""
    by_sentence = {s_start: attribution for attribution, _, _, s_start in reported}
    found = []
    for quote in article.quotes:
        if quote.dropped or quote.attribution or quote.source or not quote.closed:
            continue
        if quote.paragraph == 0:
            continue
        ps, pe = article.paragraphs[quote.paragraph]
        standalone = quote.open == ps and quote.close >= pe - 1 and quote.inner[-1:] in ".!?…"
        if not standalone:
            continue
        _, before_end = article.paragraphs[quote.paragraph - 1]
        last, _ = article.sentence_of(before_end - 1)
        if last in by_sentence:
            found.append((quote, by_sentence[last]))
    return found


def _quote(
    article: Article,
    attribution: Attribution,
    kind: str,
    text: str,
    parts: list[QuoteSpan],
    start: int,
    end: int,
) -> Quote:
    words = sum(q.words for q in parts) if parts else len(WORD.findall(text))
    s_start, _ = article.sentence_of(start)
    _, s_end = article.sentence_of(max(end - 1, start))
    return Quote(
        attribution.speaker,
        attribution.actor,
        kind,
        words,
        text,
        article.text[s_start : max(s_end, end)].strip(),
    )
