"""Actor labels: the titles and descriptors each outlet attaches to each actor's mentions.

Three kinds of label are read from the sentence around each mention (models.actors finds the
mentions: longest alias wins, "Maduro's" is a mention):

- title: the words right before the name, read backwards from it: "President", "Venezuelan
  President", "self-proclaimed 'interim president'", "opposition leader", "Deputy Foreign
  Minister", Spanish "presidente encargado", "dictador". The scan stops at punctuation, function
  words (models.stopwords, less a few that occur in titles such as "former" and "top"), verbs
  (a list of common ones, lower-case English "-ed"/"-ing" forms that are not known adjectives,
  Spanish preterites in "-ó"), numbers, days and months. "of", "de" and "del" are kept between
  two title words ("Secretary of State", "ministro de Defensa"). A leading article is dropped
  (the scan stops at it). An alias that starts with a title ("President Maduro") gives that
  title. To count, a title must contain a role word (president, leader, minister, dictator,
  presidente, mandatario, ... or an honorific such as "Mr."), and in English the word next to
  the name must be a role word or capitalised, so "Russia backed Maduro" gives nothing.
- possessive: the actor's rule or side named after it: "Maduro's regime", "Maduro's socialist
  government", "the Maduro regime", "the government of President Maduro", Spanish "el régimen
  de Maduro", "la dictadura de Maduro". Only phrases whose noun is one of a short list
  (regime, government, administration, dictatorship, junta, rule, ...; régimen, gobierno,
  dictadura, usurpación, ...) count: "Maduro's speech" is not a label. The label is the noun
  phrase without the name ("regime", "socialist government").
- apposition: a descriptor set off by commas right after the name (", the head of the National
  Assembly,"; ", presidente de la Asamblea Nacional,") or right before it ("Venezuela's
  embattled leader, Nicolás Maduro,"; "El ministro de Defensa, Vladimir Padrino López,").
  It must contain a role word, no verb and no "and"/"y" (a list of names is not an
  apposition); a relative clause ends it (", the opposition leader who ..."), and a leading
  article or possessive pronoun is dropped.

Normalisation: labels count together when they are equal after folding case, accents and
quote marks (curly and straight, single and double, « » alike; dots of "U.S." and "Mr."
dropped), so "President" and "president", "Guaidó" and "Guaido", ‘interim president’ and
"interim president" are one label. The label shown is the form the event's coverage writes
most often, with quote marks made straight and double. Scare quotes stay in the label:
'self-proclaimed "interim president"' is not 'self-proclaimed interim president'. Modifiers
are kept as written:
"Venezuelan President" and "President" are different labels, because the choice to add a
nationality, "embattled" or "legitimate" is the outlet's; read the two together when comparing
outlets.

actor_labels columns:
- outlet, actor (the configured name), label (as above), kind (title, possessive, apposition).
- count: how many mentions carry the label in the outlet's articles.
- articles: in how many of the outlet's articles.
- example: the first sentence where the outlet uses the label.

label_evidence columns: outlet, url, actor, kind, label, sentence: every label found, so each
count above can be traced to its sentences (and recounted over a filtered set of articles).

What it can show: how each outlet names each actor, and how often. What it cannot show: whose
words the label is. A label inside a quotation counts for the outlet that quotes it, and a
label the outlet cites to reject it counts like one it uses. Titles, possessives and
appositions are read by rule, not by a parser: an unusual word order, a descriptor further
from the name ("Maduro, who has ruled since 2013, ...") or a role word missing from the lists
is missed. Only English and Spanish rules exist.

Evaluation (evaluate(), evaluation/actor_labels.json, 78 hand-labelled labels in English and
Spanish): recall 0.96 and precision 1.00 over all passages; on the passages written after the
rules were built, recall 0.87 and precision 1.00 (missed: role nouns not in the lists, such as
"firebrand" and "campaigner", and an apposition joined by "and").
"""

from __future__ import annotations

import bisect
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingest.config import Actor
from ingest.resources import sample
from models.actors import Mention, find_mentions
from models.corpus import Corpus
from models.sentences import sentence_spans
from models.stopwords import stop_words
from models.text import fold
from models.words import words

ACTOR_LABELS = "actor_labels"
LABEL_EVIDENCE = "label_evidence"
COLUMNS = ["outlet", "actor", "label", "kind", "count", "articles", "example"]
EVIDENCE_COLUMNS = ["outlet", "url", "actor", "kind", "label", "sentence"]
SAMPLES = sample("actor_labels.json")

MAX_TITLE_WORDS = 8
MAX_APPOSITION_WORDS = 12


# Nouns that name a person by role; a title or an apposition must contain one (folded forms).
ROLE_WORDS = words("role_nouns")
HONORIFICS = words("abbreviations")
# Spanish adjectives that follow their noun in a title ("presidente encargado Juan Guaidó").
POSTPOSED = words("postposed_adjectives")
# The actor's rule or side, named after the actor (possessive labels).
GOVERNANCE = words("governance_nouns")
VERBS = words("verbs") | words("speech_verbs") | words("quoting_verbs")
ADJECTIVES_ED = words("adjectives_ed")
ADJECTIVES_ING = words("adjectives_ing")
NOT_ADVERBS = words("not_adverbs")
# Days, months, times and sentence adverbs end a title ("on Monday", "also").
TIME_WORDS = words("days") | words("months") | words("time_words") | words("adverbs")
# Function words that do belong in titles: "former president", "top diplomat".
TITLE_STOP_EXCEPTIONS = words("title_stop_exceptions")
CONNECTORS = words("connectors")
# lower-case nouns a connector may lead to inside a title: "head of state", "jefe de gobierno"
CONNECTED_NOUNS = words("connected_nouns")
ARTICLES = words("articles")
DETERMINERS = words("determiners")
RELATIVES = words("relatives")
CONJUNCTIONS = words("conjunctions")
# Auxiliaries make a comma-separated stretch a clause, not an apposition.
AUXILIARIES = words("auxiliaries")
QUOTES = frozenset("\"'“”‘’«»‹›„‚")
CLOSING = frozenset(",;:).!?—–")

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|\S")
_ACRONYM = re.compile(r"(?:\w\.)+\w")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    folded: str
    is_word: bool

    @property
    def capitalised(self) -> bool:
        return self.is_word and self.text[0].isupper()


@dataclass(frozen=True)
class ActorLabel:
    actor: str
    label: str  # as written in the sentence
    kind: str  # title, possessive or apposition


def tokenise(sentence: str) -> list[Token]:
    """Words (with inner hyphens, apostrophes and dots) and single punctuation marks."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(sentence):
        text, start, end = match.group(), match.start(), match.end()
        if text == "." and tokens and tokens[-1].end == start:
            last = tokens[-1]
            # "U.S." and "Mr." keep their dot: it does not end the title
            if _ACRONYM.fullmatch(last.text) or last.folded in HONORIFICS:
                tokens[-1] = Token(last.text + ".", last.start, end, last.folded, True)
                continue
        tokens.append(Token(text, start, end, fold(text), text[0].isalnum() or text[0] == "_"))
    return tokens


def _is_role(token: Token) -> bool:
    word = token.folded
    if word in ROLE_WORDS or any(p in ROLE_WORDS for p in word.split("-")):
        return True
    # Spanish "exalcalde", "expresidente": a former holder of the role
    return word.startswith("ex") and word[2:] in ROLE_WORDS


def _is_verb(token: Token, left: Token | None) -> bool:
    word = token.folded
    if word in VERBS:
        return True
    if token.capitalised or "-" in word or word in ROLE_WORDS:  # "king" is not an -ing verb
        return False
    if word.endswith("ed") and word not in ADJECTIVES_ED:
        # "internationally recognised leader": an adverb before it makes it an adjective
        return not (left is not None and left.folded.endswith("ly"))
    if word.endswith("ing") and word not in ADJECTIVES_ING:
        return True
    # Spanish preterite ("convocó", "afirmó"); checked on the written form, accent and all
    return token.text.endswith("ó") or word.endswith(("aron", "ieron", "ando", "iendo"))


def _is_adverb(token: Token, right: Token | None) -> bool:
    word = token.folded
    if token.capitalised or len(word) < 5 or not word.endswith("ly") or word in NOT_ADVERBS:
        return False
    # "democratically elected president" keeps its adverb; "reportedly" alone ends the title
    return not (right is not None and right.folded.endswith(("ed", "ing")))


def _ends_title(tokens: list[Token], j: int, right: Token | None) -> bool:
    token = tokens[j]
    word = token.folded
    if word[0].isdigit() or word in TIME_WORDS:
        return True
    if word in stop_words() and word not in TITLE_STOP_EXCEPTIONS and not token.text.isupper():
        # all capitals ("US", "EU") is a name, not the pronoun "us"; so is a longer
        # capitalised word inside the sentence ("secretario de Estado", not "estado")
        inside = j > 0 and tokens[j - 1].is_word
        if not (inside and token.capitalised and len(word) >= 4):
            return True
    left = tokens[j - 1] if j > 0 else None
    return _is_verb(token, left) or _is_adverb(token, right)


def _scan_back(tokens: list[Token], i: int, language: str) -> int:
    """The first token of the title ending at tokens[i]; i + 1 when there is none."""
    j, words = i, 0
    right: Token | None = None  # the nearest word already taken, to the right of j
    while j >= 0 and words < MAX_TITLE_WORDS:
        token = tokens[j]
        if token.text in QUOTES:
            j -= 1
            continue
        if not token.is_word:
            break
        if token.folded in CONNECTORS or (
            token.folded in ARTICLES and j > 0 and tokens[j - 1].folded in CONNECTORS
        ):
            # "Secretary of State", "presidente de la Asamblea": a connector between a title
            # word and a capitalised name; "supporters of President Maduro" stops here.
            first = j - 1 if token.folded in ARTICLES else j
            left = tokens[first - 1] if first > 0 else None
            if (
                right is not None
                and (right.capitalised or right.folded in CONNECTED_NOUNS)
                and left is not None
                and left.is_word
                and not _ends_title(tokens, first - 1, None)
                and left.folded not in GOVERNANCE
                and (
                    _is_role(left)
                    or left.capitalised
                    or left.folded in POSTPOSED
                    or language == "es"  # "ministra sueca del Interior"
                )
            ):
                j = first - 1
                continue
            break
        if _ends_title(tokens, j, right):
            break
        right = token
        words += 1
        j -= 1
    return j + 1


def _balance_quotes(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """Drop an unpaired quote mark at either end (an opening quote of a quotation)."""
    while first <= last:
        quotes = sum(1 for t in tokens[first : last + 1] if t.text in QUOTES)
        if quotes % 2 == 0:
            break
        if tokens[first].text in QUOTES:
            first += 1
        elif tokens[last].text in QUOTES:
            last -= 1
        else:
            break
    while first <= last and tokens[first].text in QUOTES and tokens[last].text not in QUOTES:
        first += 1  # a quotation that opens before the title and closes after the name
    return first, last


def _valid_title(tokens: list[Token], first: int, last: int, language: str) -> bool:
    words = [t for t in tokens[first : last + 1] if t.is_word]
    if not words or not any(_is_role(t) for t in words):
        return False
    nearest = words[-1]
    if _is_role(nearest) or nearest.capitalised or nearest.folded in POSTPOSED:
        return True
    if nearest.folded in CONNECTED_NOUNS and len(words) > 2 and words[-2].folded in CONNECTORS:
        return True  # "head of state"
    # Spanish puts adjectives after the noun: "el mandatario nigeriano Adebayo Kunle"
    return language == "es"


def _title_prefix(alias: str) -> int:
    """How many leading words of a configured alias are a title ("President Maduro": 1)."""
    words = re.findall(r"\w+", fold(alias))
    count = 0
    while count < len(words) - 1 and words[count] in ROLE_WORDS:
        count += 1
    return count


def _span(sentence: str, tokens: list[Token], first: int, last: int) -> str:
    return sentence[tokens[first].start : tokens[last].end]


def _governance_before(tokens: list[Token], stop: int) -> tuple[int, int] | None:
    """'the regime of [Maduro]', 'la dictadura de [Maduro]': the noun phrase before of/de."""
    if stop >= 0 and tokens[stop].folded in ARTICLES:
        stop -= 1
    if stop < 1 or tokens[stop].folded not in ("of", "de"):
        return None
    last = first = stop - 1
    while (
        first >= 0
        and last - first < 3
        and tokens[first].is_word
        and not _ends_title(tokens, first, None)
    ):
        first -= 1
    first += 1
    if first > last or not any(t.folded in GOVERNANCE for t in tokens[first : last + 1]):
        return None
    return first, last


def _governance_after(sentence: str, tokens: list[Token], mention: Mention) -> str | None:
    """ "Maduro's (socialist) government", "the Maduro regime": the noun phrase after the name."""
    after = sentence[mention.end :]
    possessive = re.match(r"['’]s?(?!\w)", after)
    skip = mention.end + (possessive.end() if possessive else 0)
    i = bisect.bisect_left([t.start for t in tokens], skip)
    if possessive is None:
        # "the Maduro regime": the noun must follow the name at once
        if i < len(tokens) and sentence[mention.end : tokens[i].start].strip() == "":
            noun = re.sub(r"['’]s$", "", tokens[i].folded)
            if noun in GOVERNANCE:
                return re.sub(r"['’]s$", "", tokens[i].text)
        return None
    taken: list[Token] = []
    while i < len(tokens) and len(taken) < 3 and tokens[i].is_word:
        if _ends_title(tokens, i, None):
            break
        taken.append(tokens[i])
        i += 1
    heads = [k for k, t in enumerate(taken) if re.sub(r"['’]s$", "", t.folded) in GOVERNANCE]
    if not heads:
        return None
    text = sentence[taken[0].start : taken[heads[-1]].end]
    return re.sub(r"['’]s$", "", text)


def _apposition_after(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """', the head of the National Assembly,' after the name; tokens[i] is the comma."""
    first = i + 1
    j = first
    while j < len(tokens) and tokens[j].text not in CLOSING:
        if tokens[j].folded in RELATIVES:
            break
        j += 1
    last = j - 1
    words = [t for t in tokens[first : last + 1] if t.is_word]
    if not words or len(words) > MAX_APPOSITION_WORDS:
        return None
    lead = words[0]
    if not (
        lead.folded in DETERMINERS
        or lead.folded.endswith(("'s", "’s"))
        or _is_role(lead)
        or lead.capitalised
    ):
        return None  # "Maduro, sworn in ...", "Haddad, 63,", "Lindqvist, que dirige ..."
    for k in range(first, last + 1):
        token = tokens[k]
        if not token.is_word:
            continue
        if token.folded in CONJUNCTIONS or token.folded in AUXILIARIES:
            return None
        if token.folded[0].isdigit():
            return None
        if _is_verb(token, tokens[k - 1]):
            return None
    if not any(_is_role(t) for t in words):
        return None
    while first <= last and tokens[first].folded in DETERMINERS:
        first += 1
    return (first, last) if first <= last else None


def sentence_labels(sentence: str, mentions: list[Mention], language: str = "") -> list[ActorLabel]:
    """The labels attached to each mention in one sentence (mention offsets in the sentence)."""
    if not mentions:
        return []
    tokens = tokenise(sentence)
    starts = [t.start for t in tokens]
    labels: list[ActorLabel] = []
    for mention in mentions:
        anchor = bisect.bisect_right(starts, mention.start) - 1
        if anchor < 0 or tokens[anchor].start != mention.start:
            # inside a longer word ("pro-Guaidó"): nothing before it describes the actor
            anchor, stop = bisect.bisect_left(starts, mention.start), -1
        else:
            stop = anchor - 1
            # the alias's own title words ("President" of "President Maduro") join the title
            name_start = anchor + _title_prefix(mention.alias)
            if name_start > anchor or not (stop >= 0 and tokens[stop].text == ","):
                last = name_start - 1
                first, last = _balance_quotes(tokens, _scan_back(tokens, last, language), last)
                if first <= last and _valid_title(tokens, first, last, language):
                    labels.append(
                        ActorLabel(mention.actor, _span(sentence, tokens, first, last), "title")
                    )
                    stop = first - 1
                    while stop >= 0 and tokens[stop].text in QUOTES:
                        stop -= 1
            # set off by commas before the name (and its title): "Venezuela's embattled
            # leader, Nicolás Maduro," / "intelligence chief, Gen. Manuel Cristopher Figuera,"
            closes = bisect.bisect_left(starts, mention.end)
            if (
                stop >= 1
                and tokens[stop].text == ","
                and (closes >= len(tokens) or tokens[closes].text in CLOSING)
            ):
                last = stop - 1
                first, last = _balance_quotes(tokens, _scan_back(tokens, last, language), last)
                if first <= last and _valid_title(tokens, first, last, language):
                    labels.append(
                        ActorLabel(
                            mention.actor, _span(sentence, tokens, first, last), "apposition"
                        )
                    )
                    stop = first - 1
        governed = _governance_before(tokens, stop)
        if governed:
            text = _span(sentence, tokens, *governed)
            labels.append(ActorLabel(mention.actor, text, "possessive"))
        noun = _governance_after(sentence, tokens, mention)
        if noun:
            labels.append(ActorLabel(mention.actor, noun, "possessive"))
        else:
            after = bisect.bisect_left(starts, mention.end)
            if after < len(tokens) and tokens[after].text == ",":
                apposition = _apposition_after(tokens, after)
                if apposition:
                    text = _span(sentence, tokens, *apposition)
                    labels.append(ActorLabel(mention.actor, text, "apposition"))
    return labels


def find_labels(text: str, actors: tuple[Actor, ...], language: str = "") -> list[ActorLabel]:
    """Every label in a text, sentence by sentence (for evaluation and tests)."""
    mentions = find_mentions(text, tuple(actors))
    found: list[ActorLabel] = []
    for start, end in sentence_spans(text):
        inside = [
            Mention(m.actor, m.alias, m.start - start, m.end - start)
            for m in mentions
            if start <= m.start and m.end <= end
        ]
        found.extend(sentence_labels(text[start:end], inside, language))
    return found


_STRAIGHT = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})


def display_label(label: str) -> str:
    """The label as shown: quote marks made straight and double (an apostrophe inside a word
    stays), white space single."""
    straight = re.sub(r"(?<!\w)'|'(?!\w)", '"', label.translate(_STRAIGHT))
    return " ".join(straight.split())


def label_key(label: str) -> str:
    """What makes two labels the same: folded case, accents and quote marks (see the docstring)."""
    key = fold(display_label(label))
    key = re.sub(r"\.(?=\s|$)|(?<=\b\w)\.(?=\w)", "", key)  # "U.S." = "US", "Mr." = "Mr"
    return " ".join(key.split())


def sentences_with_mentions(
    corpus: Corpus,
) -> Iterator[tuple[str, str, str, str, list[Mention]]]:
    """(outlet, url, language, sentence, mentions) for every sentence of the corpus that
    mentions an actor, the mentions' offsets counted within the sentence.

    Names are found once per document (not per sentence) and placed in the corpus's own
    sentences, so every analysis sees the same sentences.
    """
    actors = tuple(corpus.event.actors)
    sentences = corpus.sentences
    if not actors or sentences.empty:
        return
    by_url = sentences.groupby("url", sort=False).indices
    starts = sentences["start"].to_numpy()
    ends = sentences["end"].to_numpy()
    texts = sentences["text"].to_numpy()
    columns = ["url", "outlet", "language", "text"]
    for url, outlet, language, text in corpus.documents[columns].itertuples(index=False):
        rows = by_url.get(url)
        if rows is None:
            continue
        mentions = find_mentions(text, actors)
        if not mentions:
            continue
        doc_starts = starts[rows].tolist()
        in_sentence: dict[int, list[Mention]] = {}
        for mention in mentions:
            k = bisect.bisect_right(doc_starts, mention.start) - 1
            if k < 0 or mention.end > ends[rows[k]]:
                continue  # in a heading's white space, or across a sentence break
            s = doc_starts[k]
            moved = Mention(mention.actor, mention.alias, mention.start - s, mention.end - s)
            in_sentence.setdefault(k, []).append(moved)
        for k, found in in_sentence.items():
            yield outlet, url, language or "", texts[rows[k]], found


FOUND = "labels_found"  # the labels as written, before one spelling is chosen per label
FOUND_COLUMNS = ["outlet", "url", "actor", "kind", "written", "sentence"]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """actor_labels (outlet × actor × label with counts and an example sentence) and
    label_evidence (every label found, with its article and sentence)."""
    return label_tables(find_corpus_labels(corpus)[FOUND])


def find_corpus_labels(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Every label as written in the corpus's sentences: each article is read on its own, so
    batches of articles give, concatenated in order, the rows of their whole corpus."""
    rows = [
        (outlet, url, label.actor, label.kind, label.label, sentence)
        for outlet, url, language, sentence, mentions in sentences_with_mentions(corpus)
        for label in sentence_labels(sentence, mentions, language)
    ]
    return {FOUND: pd.DataFrame(rows, columns=FOUND_COLUMNS)}


def label_tables(found: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """actor_labels and label_evidence from every label found in the event: the spelling
    shown for a label is chosen across the whole event."""
    if found.empty:
        return {
            ACTOR_LABELS: pd.DataFrame(columns=COLUMNS),
            LABEL_EVIDENCE: pd.DataFrame(columns=EVIDENCE_COLUMNS),
        }
    found = found.reset_index(drop=True)
    shown = found["written"].map(display_label)
    keys = shown.map(label_key)
    # one spelling per label across outlets, so the same label reads the same everywhere
    spelling = (
        pd.DataFrame({"kind": found["kind"], "key": keys, "shown": shown})
        .groupby(["kind", "key", "shown"], sort=False)
        .size()
        .reset_index(name="n")
        .sort_values("n", ascending=False, kind="stable")
        .drop_duplicates(["kind", "key"])
        .set_index(["kind", "key"])["shown"]
    )
    found["label"] = [spelling[(k, key)] for k, key in zip(found["kind"], keys, strict=True)]
    evidence = found[EVIDENCE_COLUMNS]
    return {ACTOR_LABELS: summarise(evidence), LABEL_EVIDENCE: evidence}


def summarise(evidence: pd.DataFrame) -> pd.DataFrame:
    """actor_labels from label_evidence rows (also used on a filtered selection of them)."""
    if evidence.empty:
        return pd.DataFrame(columns=COLUMNS)
    table = (
        evidence.groupby(["outlet", "actor", "kind", "label"], sort=False)
        .agg(count=("url", "size"), articles=("url", "nunique"), example=("sentence", "first"))
        .reset_index()
    )
    table = table.sort_values(
        ["outlet", "actor", "count", "kind", "label"],
        ascending=[True, True, False, True, True],
        kind="stable",
    )
    return table[COLUMNS].reset_index(drop=True)


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Recall and precision on hand-labelled passages (evaluation/actor_labels.json).

    A found label matches an expected one when actor, kind and normalised label agree.
    The `_later` figures cover only the passages written after the rules were built.
    """
    data = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))
    totals = {"": [0, 0, 0], "_later": [0, 0, 0]}  # matched, expected, found
    for passage in data["passages"]:
        actors = tuple(Actor(a["name"], tuple(a.get("aliases", ()))) for a in passage["actors"])
        found = Counter(
            (f.actor, f.kind, label_key(f.label))
            for f in find_labels(passage["text"], actors, passage.get("language", ""))
        )
        expected = Counter(
            (e["actor"], e["kind"], label_key(e["label"])) for e in passage["labels"]
        )
        counts = (sum((found & expected).values()), expected.total(), found.total())
        for name in ("", "_later") if passage.get("set") == "later" else ("",):
            totals[name] = [t + c for t, c in zip(totals[name], counts, strict=True)]
    scores = {}
    for name, (matched, expected_n, found_n) in totals.items():
        if expected_n:
            scores[f"actor_label_recall{name}"] = matched / expected_n
        if found_n:
            scores[f"actor_label_precision{name}"] = matched / found_n
    return scores
