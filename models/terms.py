"""Distinctive terms: the words and short phrases each outlet, and each outlet group, uses more
(or less) than the rest of the event's coverage.

Measure. Each scope i (one outlet, or one of the user's outlet groups when at least two
different groups are set) is compared with the rest j (every other article of the event) by
the log-odds ratio with an informative Dirichlet prior of Monroe, Colaresi and Quinn (2008),
"Fightin' Words", for every term w (an n-gram of one to three words):

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w))
              - log((y_jw + a_w) / (n_j + a0 - y_jw - a_w))
    var_w  ~= 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

y_iw and y_jw count the term in the scope and in the rest; n_i and n_j are their numbers of
n-grams (all three lengths together, before any pruning). The prior a_w = a0 * y_w / N shares
a0 pseudo-counts among the terms in proportion to their counts y_w in the whole event (N
n-grams in all), so it pulls every comparison toward the event's average wording. Here
a0 = prior_scale * n_i (prior_scale 1 by default): the scope is compared as if one scope's
worth of average event text were added to both sides. The prior thus grows with the corpus:
a term used 3 times by one outlet and by no other gets z of about 2, not infinity, while a
term used 50 times by one outlet alone stays clearly distinctive in a large corpus. In
simulations where nothing differs, this z errs on the cautious side for large scopes (under 2%
of the terms of a scope holding a fifth of the event or more pass 1.96), while in small scopes
(1 to 5% of the event) 6 to 9% of the terms that just reach the minimum count (3) pass by
chance: such a term is rare, and reaching the minimum count in a small scope already singles it out.
A larger prior_scale makes small scopes stricter at the cost of missing real differences.

Terms. Article text is folded (models.text.fold: lower case, no accents) and cut into words
of letters; a possessive 's is dropped (Maduro's -> maduro). Numbers, line breaks and the
punctuation . , ; : ! ? ( ) [ ] and spaced dashes end a run of words, so no n-gram spans two
sentences or clauses; hyphens and quote marks do not ("self-proclaimed" -> "self proclaimed").
N-grams that start or end with a stop word (models.stopwords: English and Spanish function
words) or a single letter are dropped; stop words inside are kept ("regimen de maduro").
Languages. Each outlet is compared only with the outlets that write in the same language (the
documents' `language`): across languages nearly every word differs, and a Spanish-language
outlet set against English ones would get everyday Spanish words ("nacional", "dijo",
"presidente") as its "distinctive" terms, which says nothing about framing. The rest j, the
prior and the groups are taken within the language; an outlet alone in its language gets no
rows (`alone_in_language` names such outlets: there is nothing to compare them with), and an
outlet that writes in two languages is compared in each.

Rows kept, per scope: terms used at least `min_count` times (default 3) in the scope with
|z| >= 1.96, and of those at most the 30 with the highest z and the 30 with the lowest. No
term that fails the 1.96 test is shown as distinctive, and the table stays readable when many
terms pass by chance in a large corpus. A term is left out when a longer listed term contains
it and has the same count in the scope and in the whole event: it then never occurs outside
the longer one, and its row would repeat the same z and evidence ("figuera" beside
"cristopher figuera").

distinctive_terms columns:
- scope: "outlet" or "group".
- outlet: the outlet's name, or the group's name.
- term: the n-gram, its words joined by single spaces, each word in lower case as it is most
  often written in the example sentences shown, accents kept ("usurpación del poder"); terms
  are counted folded, so "usurpación" and "usurpacion" are one term.
- count: its occurrences in the scope.
- rate: its occurrences per 1,000 words of the scope (all words of letters, stop words too).
- z: as above; above 0 the scope uses the term more than the rest does, below 0 less.
- example: one sentence of the scope containing the term, as written (the evidence).

What it can show: which wording sets an outlet or a group apart from the others reporting the
same event ("regime", "usurpation", "coup attempt"), ranked by how surely the difference is
not chance. What it cannot show: stance. A term counts the same in the outlet's own voice, in
a quote of someone it disagrees with, in irony and under negation. Differences of topic show
up as well as differences of framing (an outlet that covered another part of the story has
that part's names and places on top). A term an outlet never uses, or uses fewer than 3 times
(the minimum count), is not listed for that outlet: it shows as a positive term of the
outlets that do use it. Overlapping n-grams are counted each ("maduro regime" also counts as
"maduro" and "regime"). z is not corrected for testing thousands of terms: read it as a
ranking with a rough floor, and read the example sentences.

On real data: no labelled data set of framing terms is at hand, so this measure has no figure
on real coverage; its counts and z-scores are checked against a plain count on built corpora.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models.corpus import Corpus
from models.sentences import sentence_spans
from models.stopwords import stop_words
from models.text import fold

# scipy is imported by the functions that build matrices: a dashboard that reads stored
# tables imports this module for its table names and recounts only
if TYPE_CHECKING:
    from scipy import sparse

    from models.registry import Filtered

DISTINCTIVE_TERMS = "distinctive_terms"
COLUMNS = ["scope", "outlet", "term", "count", "rate", "z", "example"]
MAX_N = 3

# A word of letters (an inner apostrophe joins: "o'brien"), or a run of what ends an n-gram.
_PIECE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[.!?;:,()\[\]{}\d\n]+|\s-+\s")
_WORD = re.compile(r"[^\W\d_]")
# n-gram codes are built in int64; above this a code is first compressed to dense ranks
_CODE_LIMIT = 2**62
# runs of letters as written, with a possessive 's (for the written form of a term)
_LETTERS = re.compile(r"[^\W\d_]+(?:['’]s\b)?")
# odd 64-bit multipliers for the sketch's two hashes (Fibonacci hashing and a second constant)
_HASH_MULTIPLIERS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _pieces(text: str) -> list[str]:
    """Words and n-gram breaks of a text, in order (see the module docstring)."""
    return _PIECE.findall(fold(text))


def _word(piece: str) -> str:
    # a possessive is dropped here, once per distinct word, rather than by a pass over the text
    return piece[:-2] if piece.endswith("'s") else piece


def words(text: str) -> list[str]:
    """The folded words of letters of a text, as the analysis counts them."""
    return [_word(p) for p in _pieces(text) if _WORD.match(p)]


class _Tokens:
    """Every word of every document, as ids in one array, with its run and its document.

    A run is a stretch of words between breaks (punctuation, numbers, line breaks, document
    ends); an n-gram must lie within one run.
    """

    def __init__(self, texts: Iterable[object]) -> None:
        index: defaultdict[str, int] = defaultdict()
        index.default_factory = index.__len__  # a new piece gets the next id
        ids = array("i")
        piece_starts = [0]
        for text in texts:
            ids.extend(map(index.__getitem__, _pieces(_text(text))))
            piece_starts.append(len(ids))
        # "maduro's" and "maduro" become one word: pieces are mapped to their word's id
        word_index: defaultdict[str, int] = defaultdict()
        word_index.default_factory = word_index.__len__
        word_of = np.array([word_index[_word(p)] for p in index], dtype=np.int32)
        vocabulary = list(word_index)
        pieces = word_of[np.frombuffer(ids, dtype=np.int32)] if len(ids) else word_of[:0]
        del ids
        is_break = np.array([not _WORD.match(p) for p in vocabulary], dtype=bool)
        breaks = is_break[pieces] if len(pieces) else np.zeros(0, dtype=bool)
        run_start = breaks.copy()
        starts = np.asarray(piece_starts[:-1])
        run_start[starts[starts < len(pieces)]] = True
        kept = ~breaks

        self.vocabulary = vocabulary
        self.stop = np.array(
            [
                p in stop_words() or len(p) == 1 or b
                for p, b in zip(vocabulary, is_break, strict=True)
            ],
            dtype=bool,
        )
        # 32-bit positions while they fit: these arrays hold one value per word of the corpus
        position_type = np.int32 if len(pieces) < 2**31 - 1 else np.int64
        self.ids = pieces[kept]
        self.run = np.cumsum(run_start, dtype=position_type)[kept]
        words_through = np.cumsum(kept, dtype=position_type)
        ends = np.asarray(piece_starts[1:], dtype=np.int64)
        ends_at = (
            np.where(ends > 0, words_through[np.maximum(ends - 1, 0)], 0) if len(ends) else ends
        )
        self.doc_starts = np.r_[0, ends_at].astype(np.int64)  # n_docs + 1 offsets into ids

    def doc_lengths(self) -> np.ndarray:
        return np.diff(self.doc_starts)


def _ngram_codes(columns: Iterable[np.ndarray], width: int) -> np.ndarray:
    """One int64 per n-gram, equal exactly when the n-grams are equal.

    Every column holds values below `width`. The columns are used up: read one at a time (a
    generator keeps only one in memory), and an int64 first column becomes the result in place.
    """
    iterator = iter(columns)
    code = next(iterator).astype(np.int64, copy=False)
    for column in iterator:
        if len(code) and int(code.max()) >= _CODE_LIMIT // max(width, 1):
            code = np.unique(code, return_inverse=True)[1].astype(np.int64)
        code *= width
        code += column
    return code


def _may_reach(code: np.ndarray, min_count: int) -> np.ndarray:
    """False for n-grams that surely occur fewer than `min_count` times (a count-min sketch).

    Each code is counted in two hashed tables of buckets; a bucket's count is never below the
    true count of any n-gram hashed to it. This drops most one-off n-grams in linear time, so
    the sort that counts them exactly sees mostly repeated ones.
    """
    # about two buckets per n-gram, up to 8M buckets (a 64 MB table)
    bits = int(np.clip(np.ceil(np.log2(2 * len(code) + 1)), 10, 23))
    keep = np.ones(len(code), dtype=bool)
    for multiplier in _HASH_MULTIPLIERS:
        bucket = code.astype(np.uint64)
        bucket *= multiplier  # wraps around modulo 2**64, as hashing wants
        bucket >>= np.uint64(64 - bits)
        bucket = bucket.view(np.int64)  # now below 2**bits: the same values, no copy
        keep &= np.bincount(bucket, minlength=1 << bits)[bucket] >= min_count
    return keep


class _Counts:
    """Outlet x term counts of the n-grams that can reach `min_count` in some scope.

    Also kept: each outlet's number of n-grams before pruning (n_i), each term's length, and
    where each outlet first uses each term (a token position), for the example sentences.
    """

    def __init__(
        self, tokens: _Tokens, token_outlet: np.ndarray, outlets: int, min_count: int
    ) -> None:
        from scipy import sparse

        ids, run = tokens.ids, tokens.run
        # An n-gram occurs no more often than its rarest word, and a scope's count is at most
        # the corpus count: dropping rarer words and n-grams first loses no row of the table.
        frequent = np.bincount(ids, minlength=len(tokens.vocabulary)) >= min_count
        rank = (np.cumsum(frequent) - 1).astype(np.int32)
        width = int(frequent.sum())
        self.ngrams = np.zeros(outlets, dtype=np.int64)
        rows, cols, counts, firsts, lengths = [], [], [], [], []
        terms = 0
        for n in range(1, MAX_N + 1):
            m = len(ids) - n + 1
            if m <= 0:
                continue
            first, last = ids[:m], ids[n - 1 :]
            valid = (run[:m] == run[n - 1 :]) & ~tokens.stop[first] & ~tokens.stop[last]
            self.ngrams += np.bincount(token_outlet[:m][valid], minlength=outlets)
            for k in range(n):
                valid &= frequent[ids[k : k + m]]
            # 32-bit positions while they fit: the sort below holds several arrays of them
            pos = np.flatnonzero(valid).astype(np.int32 if len(ids) < 2**31 else np.int64)
            del valid
            code = _ngram_codes((rank[ids[k:][pos]] for k in range(n)), width)
            if n > 1 and len(code):
                likely = _may_reach(code, min_count)
                pos, code = pos[likely], code[likely]
            if not len(pos):
                continue
            # One stable sort by (n-gram, outlet): each pair's uses are then contiguous and in
            # text order, so its first element is where the outlet first uses the n-gram.
            key = _ngram_codes([code, token_outlet[pos]], outlets)
            del code  # became key
            order = np.argsort(key, kind="stable")
            # one array reordered at a time, each old one let go before the next is made
            key = key[order]
            pos = pos[order]
            del order
            pair_start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
            pair_count = np.diff(np.r_[pair_start, len(key)])
            pair_key = key[pair_start]
            gram = pair_key // outlets
            term_start = np.r_[True, gram[1:] != gram[:-1]]
            term_of_pair = np.cumsum(term_start) - 1
            totals = np.add.reduceat(pair_count, np.flatnonzero(term_start))
            common = totals >= min_count
            kept = common[term_of_pair]
            rows.append(pair_key[kept] % outlets)
            cols.append((np.cumsum(common) - 1)[term_of_pair[kept]] + terms)
            counts.append(pair_count[kept])
            firsts.append(pos[pair_start[kept]].astype(np.int64))
            lengths.append(np.full(int(common.sum()), n))
            terms += int(common.sum())

        def joined(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

        self.rows, self.cols, self.first = joined(rows), joined(cols), joined(firsts)
        self.matrix = sparse.csr_matrix(
            (joined(counts), (self.rows, self.cols)), shape=(outlets, terms), dtype=np.int64
        )
        self.lengths = joined(lengths)


def _scopes(
    outlets: list[str], groups: dict[str, str]
) -> tuple[list[tuple[str, str]], sparse.csr_matrix]:
    """Every scope (kind, name) and its outlets, as a scope x outlet 0/1 matrix."""
    from scipy import sparse

    scopes = [("outlet", name) for name in outlets]
    rows, cols = list(range(len(outlets))), list(range(len(outlets)))
    named = sorted({groups.get(name, "") or "" for name in outlets} - {""})
    if len(named) >= 2:
        for group in named:
            members = [i for i, name in enumerate(outlets) if groups.get(name, "") == group]
            rows += [len(scopes)] * len(members)
            cols += members
            scopes.append(("group", group))
    membership = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(scopes), len(outlets))
    )
    return scopes, membership


def log_odds_z(
    y_i: np.ndarray,
    y_w: np.ndarray,
    n_i: np.ndarray,
    total: int,
    prior_scale: float = 1.0,
) -> np.ndarray:
    """z of the log-odds ratio with an informative Dirichlet prior, scope against the rest.

    y_i: the term's count in the scope; y_w: in the whole event; n_i: the scope's n-grams;
    total: the event's n-grams (N). Element-wise; see the module docstring for the formula.
    """
    y_i, y_w, n_i = (np.asarray(v, dtype=float) for v in (y_i, y_w, n_i))
    y_j, n_j = y_w - y_i, total - n_i
    a0 = prior_scale * n_i
    a = a0 * y_w / total
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
        return delta / np.sqrt(1 / (y_i + a) + 1 / (y_j + a))


def _spell(tokens: _Tokens, counts: _Counts, terms: np.ndarray) -> dict[int, tuple[str, ...]]:
    """The words of each term, read at one of its uses (any use spells it)."""
    somewhere = np.zeros(counts.matrix.shape[1], dtype=np.int64)
    somewhere[counts.cols] = counts.first
    spelled = {}
    for t in terms.tolist():
        start = int(somewhere[t])
        ids = tokens.ids[start : start + int(counts.lengths[t])]
        spelled[t] = tuple(tokens.vocabulary[i] for i in ids.tolist())
    return spelled


def _nested(
    scope: np.ndarray, term: np.ndarray, count: np.ndarray, total: np.ndarray, grams: dict
) -> np.ndarray:
    """True for rows whose term occurs only inside a longer term of the same scope's rows.

    Equal counts in the scope and in the whole event mean the shorter term never occurs
    outside the longer one, so both have the same z and the same evidence.
    """
    row_of = {
        (s, grams[t]): i for i, (s, t) in enumerate(zip(scope.tolist(), term.tolist(), strict=True))
    }
    nested = np.zeros(len(term), dtype=bool)
    for (s, gram), i in row_of.items():
        for size in range(1, len(gram)):
            for start in range(len(gram) - size + 1):
                j = row_of.get((s, gram[start : start + size]))
                if j is not None and count[j] == count[i] and total[j] == total[i]:
                    nested[j] = True
    return nested


def _top(scope: np.ndarray, z: np.ndarray, per_side: int) -> np.ndarray:
    """Indices of the rows kept: at most `per_side` of the largest |z| per scope and sign."""
    order = np.lexsort((-np.abs(z), z < 0, scope))
    key = scope[order] * 2 + (z[order] < 0)
    starts = np.r_[True, key[1:] != key[:-1]]
    position = np.arange(len(order))
    rank = position - np.maximum.accumulate(np.where(starts, position, 0))
    return order[rank < per_side]


class _Examples:
    """The sentence around a token position, splitting each document into sentences once."""

    def __init__(self, texts: pd.Series, doc_starts: np.ndarray) -> None:
        self.texts, self.doc_starts = texts, doc_starts
        self.split: dict[int, tuple[list[tuple[int, int]], list[list[str]], np.ndarray]] = {}

    def sentence(self, position: int, term: list[str]) -> str:
        doc = int(np.searchsorted(self.doc_starts, position, side="right")) - 1
        text = _text(self.texts.iloc[doc])
        if doc not in self.split:
            spans = sentence_spans(text)
            sentence_words = [words(text[s:e]) for s, e in spans]
            ends = np.cumsum([len(w) for w in sentence_words])
            self.split[doc] = (spans, sentence_words, ends)
        spans, sentence_words, ends = self.split[doc]
        offset = position - int(self.doc_starts[doc])
        i = int(np.searchsorted(ends, offset, side="right"))
        if i < len(spans):
            start = offset - (int(ends[i - 1]) if i else 0)
            if sentence_words[i][start : start + len(term)] == term:
                return text[slice(*spans[i])]
        # not where the count says (should not happen): the first sentence that has the term
        for (s, e), found in zip(spans, sentence_words, strict=True):
            if any(found[k : k + len(term)] == term for k in range(len(found))):
                return text[s:e]
        return ""


def _example_sentences(
    texts: pd.Series,
    tokens: _Tokens,
    counts: _Counts,
    membership: sparse.csr_matrix,
    scope: np.ndarray,
    term: np.ndarray,
    grams: dict[int, tuple[str, ...]],
) -> list[str]:
    """For each (scope, term) row, the sentence of the scope's first use of the term."""
    wanted = np.isin(counts.cols, term)
    first_use = dict(
        zip(
            zip(counts.rows[wanted].tolist(), counts.cols[wanted].tolist(), strict=True),
            counts.first[wanted].tolist(),
            strict=True,
        )
    )
    examples = _Examples(texts, tokens.doc_starts)
    sentences = []
    for s, t in zip(scope.tolist(), term.tolist(), strict=True):
        members = membership.indices[membership.indptr[s] : membership.indptr[s + 1]].tolist()
        position = min(first_use[o, t] for o in members if (o, t) in first_use)
        sentences.append(examples.sentence(position, list(grams[t])))
    return sentences


def distinctive_terms(
    documents: pd.DataFrame,
    groups: dict[str, str] | None = None,
    *,
    min_count: int = 3,
    prior_scale: float = 1.0,
    z_threshold: float = 1.96,
    per_side: int = 30,
) -> pd.DataFrame:
    """The distinctive_terms table (columns and method in the module docstring).

    documents needs url, outlet and text; groups maps outlet name -> group ("" = none).
    """
    if min_count < 1 or prior_scale <= 0 or per_side < 0:
        raise ValueError("min_count must be >= 1, prior_scale > 0 and per_side >= 0")
    settings = {
        "min_count": min_count,
        "prior_scale": prior_scale,
        "z_threshold": z_threshold,
        "per_side": per_side,
    }
    if "language" in documents.columns:
        languages = documents["language"].fillna("").astype(str)
        if languages.nunique() > 1:
            # each language's outlets against each other only: across languages every word
            # differs, and the difference says nothing about framing
            parts = [
                distinctive_terms(
                    documents[languages == language].drop(columns="language"), groups, **settings
                )
                for language in sorted(languages.unique())
            ]
            parts = [part for part in parts if not part.empty]
            if not parts:
                return pd.DataFrame(columns=COLUMNS)
            return pd.concat(parts, ignore_index=True)[COLUMNS]
    outlets = sorted(documents.outlet.dropna().unique())
    if len(outlets) < 2:
        return pd.DataFrame(columns=COLUMNS)
    if documents.outlet.isna().any():
        documents = documents[documents.outlet.notna()]
    # read one text at a time from the frame: a list of every text would double their memory
    texts = documents["text"]
    tokens = _Tokens(texts)
    doc_outlet = pd.Categorical(documents.outlet, categories=outlets).codes.astype(np.int32)
    token_outlet = np.repeat(doc_outlet, tokens.doc_lengths())
    counts = _Counts(tokens, token_outlet, len(outlets), min_count)
    scopes, membership = _scopes(outlets, groups or {})

    total = int(counts.ngrams.sum())
    scope_ngrams = membership @ counts.ngrams
    scope_words = membership @ np.bincount(
        doc_outlet, weights=tokens.doc_lengths(), minlength=len(outlets)
    )
    table = (membership @ counts.matrix).tocoo()
    y_w = np.asarray(counts.matrix.sum(axis=0)).ravel()
    usable = (table.data >= min_count) & (scope_ngrams[table.row] < total)
    scope, term, count = table.row[usable], table.col[usable], table.data[usable]
    z = log_odds_z(count, y_w[term], scope_ngrams[scope], total, prior_scale)
    passed = np.isfinite(z) & (np.abs(z) >= z_threshold)
    scope, term, count, z = scope[passed], term[passed], count[passed], z[passed]

    grams = _spell(tokens, counts, np.unique(term))
    alone = ~_nested(scope, term, count, y_w[term], grams)
    kept = _top(scope[alone], z[alone], per_side)
    if not len(kept):
        return pd.DataFrame(columns=COLUMNS)
    scope, term, count, z = (v[alone][kept] for v in (scope, term, count, z))
    example = _example_sentences(texts, tokens, counts, membership, scope, term, grams)

    result = pd.DataFrame(
        {
            "scope": [scopes[s][0] for s in scope],
            "outlet": [scopes[s][1] for s in scope],
            "term": _written(example, [grams[t] for t in term.tolist()]),
            "count": count.astype(np.int64),
            "rate": np.round(count / scope_words[scope] * 1000, 4),
            "z": np.round(z, 3),
            "example": example,
            "_scope": scope,
        }
    )
    result = result.sort_values(["_scope", "z", "term"], ascending=[True, False, True])
    return result[COLUMNS].reset_index(drop=True)


def alone_in_language(articles: pd.DataFrame) -> dict[str, str]:
    """Outlet -> language, for each outlet that no other outlet of the event shares a language
    with: its distinctive terms have nothing to be compared with (articles needs outlet and
    language)."""
    if articles.empty or "language" not in articles.columns:
        return {}
    pairs = articles[["outlet", "language"]].dropna(subset=["outlet"]).drop_duplicates()
    pairs = pairs.assign(language=pairs["language"].fillna("").astype(str))
    if pairs["language"].nunique() < 2:
        return {}
    sharing = pairs.groupby("language")["outlet"].transform("nunique")
    alone = pairs[sharing < 2]
    return dict(zip(alone["outlet"], alone["language"], strict=True))


def _written(examples: list[str], grams: list[tuple[str, ...]]) -> list[str]:
    """Each term as it is most often written in the example sentences shown (lower case,
    accents kept: "usurpación", not the folded "usurpacion"); a word not found there stays
    folded."""
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for sentence in set(examples):
        for written in _LETTERS.findall(_text(sentence)):
            lowered = written.lower()
            forms[_word(fold(lowered))][lowered.removesuffix("'s").removesuffix("’s")] += 1
    return [
        " ".join(forms[w].most_common(1)[0][0] if forms.get(w) else w for w in gram)
        for gram in grams
    ]


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """The distinctive_terms table of the corpus, with the default settings."""
    return {DISTINCTIVE_TERMS: distinctive_terms(corpus.documents, corpus.groups)}


def recount(view: Filtered) -> pd.DataFrame:
    """The rows of the outlets shown; a group's rows (a group against the rest) are kept when
    one of its outlets is shown. The scores stay those of the whole event."""
    table = view.whole[DISTINCTIVE_TERMS]
    keep = table["outlet"].isin(view.outlets) | (table["scope"] != "outlet")
    return table[keep].reset_index(drop=True)
