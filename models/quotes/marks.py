"""Quotation marks: where each quotation opens and closes, and how quotations join.

Straight "…", curly “…” and «…» marks, paragraph by paragraph; a quote run over paragraphs
without its opening mark repeated is one quotation; once speakers are found
(models.quotes.direct), a quote split by its attribution becomes one, and a pull quote
repeating words already quoted counts once.
"""

from __future__ import annotations

from models.quotes.article import CLOSERS, MARKS, WORD, Attribution, QuoteSpan
from models.quotes.people import People


class QuoteMarks(People):
    """Quotations found by their marks, and joined once attributed."""

    def find_quotes(self) -> None:
        text = self.text
        carried = self.carried_paragraphs()
        for index, (ps, pe) in enumerate(self.paragraphs):
            top: tuple[str, int] | None = None
            depth = 0
            start = ps
            if index in carried:
                # the quote left open in the paragraph before carries on here, its opening
                # mark not repeated: up to the first closing mark, or the whole paragraph
                close = carried[index]
                end = pe if close is None else close
                inner = text[ps:end].strip()
                self.quotes.append(
                    QuoteSpan(ps, end, close is not None, index, inner, len(WORD.findall(inner)))
                )
                if close is None:
                    continue
                start = close + 1
            for match in MARKS.finditer(text, start, pe):
                mark, at = match.group(), match.start()
                if top is None:
                    opens = mark in '“«"' or (
                        mark == "”"
                        and (at == ps or text[at - 1].isspace())
                        and at + 1 < pe
                        and text[at + 1].isalnum()
                    )
                    if opens:
                        top, depth = (mark, at), 0
                    continue
                if top[0] in "“«" and mark == top[0]:
                    depth += 1
                elif mark == CLOSERS[top[0]] or (
                    # a quote opened curly and closed straight, or the other way round: a
                    # mark that can only close (after a word, before a space or the end)
                    not depth and self.mixed_close(top[0], mark, at, pe)
                ):
                    if depth:
                        depth -= 1
                    else:
                        self.quotes.append(self.quote_span(top[1], at, True, index))
                        top = None
            if top is not None:
                self.quotes.append(self.quote_span(top[1], pe, False, index))

    def carried_paragraphs(self) -> dict[int, int | None]:
        """Paragraphs a quote runs on into without repeating its opening mark, as a tweet or
        a statement broken into lines often does ("“I had to fire him.\n\nIt is a shame.\n\n
        There was nothing to hide!”"): paragraph -> offset of the mark that closes the quote
        there, None for a paragraph wholly inside it. Only when a closing mark does come
        within a few paragraphs, and nothing opens a quote before it."""
        carried: dict[int, int | None] = {}
        text = self.text
        for index, (ps, pe) in enumerate(self.paragraphs[:-1]):
            if not self.left_open(ps, pe):
                continue
            run: list[int] = []
            for nxt in range(index + 1, min(index + 5, len(self.paragraphs))):
                qs, qe = self.paragraphs[nxt]
                first = MARKS.search(text, qs, qe)
                if first is None:
                    run.append(nxt)
                    continue
                at = first.start()
                closing = at > qs and not text[at - 1].isspace()
                closing = closing and (at + 1 >= qe or not text[at + 1].isalnum())
                if closing and first.group() in '”"»':
                    carried.update({k: None for k in run})
                    carried[nxt] = at
                break
        return carried

    def left_open(self, ps: int, pe: int) -> bool:
        """Does the paragraph end inside a quotation it opened?"""
        top = None
        for match in MARKS.finditer(self.text, ps, pe):
            mark, at = match.group(), match.start()
            if top is None:
                if mark in "“«" or (mark == '"' and (at == ps or self.text[at - 1].isspace())):
                    top = mark
            elif (
                mark == CLOSERS[top] or (top == "“" and mark == '"') or (top == '"' and mark == "”")
            ):
                top = None
        return top is not None

    def mixed_close(self, opened: str, mark: str, at: int, end: int) -> bool:
        if (opened, mark) not in (("“", '"'), ('"', "”")):
            return False
        before = self.text[at - 1] if at > 0 else " "
        after = self.text[at + 1] if at + 1 < end else " "
        return not before.isspace() and not after.isalnum()

    def quote_span(self, open_at: int, close_at: int, closed: bool, paragraph: int) -> QuoteSpan:
        inner = self.text[open_at + 1 : close_at].strip()
        return QuoteSpan(open_at, close_at, closed, paragraph, inner, len(WORD.findall(inner)))

    def drop_repeats(self) -> None:
        """A pull quote repeats words quoted elsewhere in the article: count them once."""
        kept = [q for q in self.quotes if not q.dropped]
        keys = {id(q): " ".join(w.lower() for w in WORD.findall(q.inner)) for q in kept}
        for quote in kept:
            key = keys[id(quote)]
            for other in kept:
                if other is quote or other.dropped or key not in keys[id(other)]:
                    continue
                same = key == keys[id(other)]
                if not same or (quote.attribution is None and other.attribution is not None):
                    quote.dropped = True
                    self.lend_speaker(quote, other)
                    break
                if same and other.open < quote.open:
                    quote.dropped = True
                    break

    def lend_speaker(self, short: QuoteSpan, whole: QuoteSpan) -> None:
        """ "X called it “one-sided.”" and, next, a quote with no speaker holding those words:
        the article gave a phrase of X's statement, then the statement. It is X's."""
        given = short.attribution
        if given is None or whole.attribution is not None or whole.open < short.close:
            return
        if whole.paragraph > short.paragraph + 1:
            return
        whole.attribution = Attribution(given.a, given.b, given.verb, given.title)
        if given.verb >= 0:
            self.attribution_verbs.add(given.verb)

    def join_quotes(self) -> None:
        """Split quotes ("“A,” he said. “B.”") and quotes running over paragraphs become one;
        a quote standing as its own paragraph after a speaker's quote continues that speaker."""
        kept = [q for q in self.quotes if not q.dropped]
        for k, quote in enumerate(kept):
            if quote.attribution is not None or k == 0:
                continue
            previous = kept[k - 1]
            root = previous.source or previous
            ps, pe = self.paragraphs[quote.paragraph]
            if previous.paragraph == quote.paragraph and root.attribution is not None:
                gap = self.tok_at(quote.open) - self.tok_at(previous.close + 1)
                if gap <= 15:
                    root.parts.append(quote)
                    quote.source = root
                    continue
                # "“A,” said Ruiz in an interview on the evening news, according to the
                # station. “B.”": no one else speaks in between, so B is hers too
                between = range(self.tok_at(previous.close + 1), self.tok_at(quote.open))
                verbs = [k for k in between if self.is_speech(k)]
                if verbs and all(k == root.attribution.verb for k in verbs):
                    quote.source = root
                    continue
            if previous.paragraph == quote.paragraph - 1 and quote.open == ps:
                if not previous.closed:
                    root.parts.append(quote)  # the quote carries on into this paragraph
                    quote.source = root
                    continue
                standalone = quote.close >= pe - 1 and quote.inner[-1:] in ".!?…"
                if standalone and root.attribution is not None:
                    quote.source = root  # same speaker, its own quotation
        # an unclosed quote with no speaker takes the speaker of its continuation
        for k in range(len(kept) - 2, -1, -1):
            quote, nxt = kept[k], kept[k + 1]
            if quote.closed or quote.attribution is not None or quote.source is not None:
                continue
            nxt_root = nxt.source or nxt
            if nxt.paragraph == quote.paragraph + 1 and nxt_root.attribution is not None:
                nxt_root.parts.insert(0, quote)
                quote.source = nxt_root
                if nxt_root is nxt and nxt.source is None:
                    nxt.parts.sort(key=lambda q: q.open)
