"""The trained tone model: a sentence's tone toward one target, from the words around it.

A scikit-learn pipeline trained on NewsMTSC (see models/tone_model.md and models/tone_train.py)
reads one (sentence, target mentions) pair at a time and gives the probabilities of the three
classes negative, neutral, positive. It is target-dependent: the features are built around
the mentions, so two people in one sentence can get different tones.

Features (`features()`), one row per pair:
- masked: the sentence with the target's mentions replaced by a placeholder, so the model learns
  what is said about "the target", not who the target is;
- window: the words up to WINDOW tokens either side of the mentions, each marked left or right
  (l_ / r_) and near (n) or far, so "X criticised Y" reads differently for X and for Y;
- clause: the clause around the mentions as models.tone cuts it (the placeholder in place);
- lexicon: VADER's compound, positive and negative scores of that clause (news words taken
  out, as in models.tone); and the lexicon valence of the words left and right of the
  target, each word weighted by 1 / its distance in tokens, and of the words next to it;
- voice: whether the target sits inside a quotation, whether the sentence quotes anyone, and
  whether a verb of saying follows or precedes the target (its own words are often neutral
  reporting).

`load()` reads the packaged model once, refusing any type outside the list TRUSTED.
"""

from __future__ import annotations

import itertools
import operator
import re
import weakref
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from models import tone as lexicon
from models.actors import Mention

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

MODEL_FILE = Path(__file__).resolve().parent / "tone_model.skops"
CLASSES = ("negative", "neutral", "positive")
PLACEHOLDER = "zztarget"
WINDOW = 6
NEAR = 2
TEXT_COLUMNS = ("masked", "window", "clause")
NUMBER_COLUMNS = (
    "clause_compound",
    "clause_pos",
    "clause_neg",
    "left_valence",
    "right_valence",
    "near_valence",
    "in_quote",
    "has_quote",
    "says_after",
    "says_before",
)
COLUMNS = TEXT_COLUMNS + NUMBER_COLUMNS

# Types trusted beyond skops' own defaults (scikit-learn's estimators, numpy, scipy). The saved
# pipeline needs none: every custom step is avoided, the features are built before it. Any
# type outside skops' defaults and this list is refused.
TRUSTED: tuple[str, ...] = ()

_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")
_SAYING = frozenset(
    {
        "said", "says", "say", "told", "tells", "added", "adds", "argued", "argues", "wrote",
        "writes", "stated", "states", "claimed", "claims", "insisted", "insists", "explained",
        "explains", "according", "asked", "asks", "noted", "notes",
    }
)  # fmt: skip


def _masked(sentence: str, spans: list[tuple[int, int]]) -> str:
    if len(spans) == 1:  # most targets are named once in a sentence
        ((start, end),) = spans
        return f"{sentence[:start]} {PLACEHOLDER} {sentence[end:]}"
    parts, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(sentence[last:start])
        parts.append(f" {PLACEHOLDER} ")
        last = end
    parts.append(sentence[last:])
    return "".join(parts)


def _polarity_word(valence: float) -> str:
    """A lexicon word's class, so the model generalises past the words it was trained on."""
    if valence <= -1.5:
        return "lexneg2"
    if valence < 0:
        return "lexneg1"
    return "lexpos2" if valence >= 1.5 else "lexpos1"


# a window token's mark by its offset from the mention: left or right, near or far
_MARK = {
    d: ("ln_" if -d <= NEAR else "lf_") if d < 0 else ("rn_" if d <= NEAR else "rf_")
    for d in range(-WINDOW, WINDOW + 1)
    if d
}


def _window(tokens: list[str], where: list[int], values: list[float | None]) -> str:
    """Tokens around each placeholder, marked by side and distance, with their lexicon
    class beside them (values: each token's lexicon valence, None outside the lexicon)."""
    words: list[str] = []
    add = words.append
    for i in where:
        for k in range(max(0, i - WINDOW), min(len(tokens), i + WINDOW + 1)):
            token = tokens[k]
            if token == PLACEHOLDER:  # the target itself (k == i) or another of its mentions
                continue
            mark = _MARK[k - i]
            add(mark + token)
            value = values[k]
            if value is not None:
                add(mark + _polarity_word(value))
    return " ".join(words)


def _weighted_valence(where: list[int], values: list[float | None]) -> tuple[float, float, float]:
    """Lexicon valence of the words left and right of the target, each weighted by
    1 / distance to the nearest mention; and of the words within NEAR tokens (values: each
    token's valence, None outside the lexicon)."""
    left = right = near = 0.0
    if not where:
        return left, right, near
    first = where[0]  # where is in token order
    # the placeholder is no lexicon word: every valued token is a word around the target
    for k in itertools.compress(itertools.count(), values):  # a valence neither None nor 0
        value = values[k]
        distance = abs(k - first) if len(where) == 1 else min(abs(k - i) for i in where)
        if distance <= NEAR:
            near += value
        if k < first:
            left += value / distance
        else:
            right += value / distance
    return left, right, near


def _quoted(cuts: tuple[int, ...], start: int) -> bool:
    # cuts alternate opening, closing: the target is quoted if it falls inside a pair
    for opening, closing in zip(cuts[0::2], cuts[1::2], strict=False):
        if opening <= start < closing:
            return True
    return False


def features(
    sentence: str,
    spans: list[tuple[int, int]],
    clause: str | None = None,
    clause_scores: dict[str, float] | None = None,
) -> dict[str, object]:
    """The feature row of one sentence toward the target mentioned at spans (offsets); the
    clause (models.tone.target_clause) and its VADER scores are computed unless given."""
    masked = _masked(sentence, spans)
    tokens = list(map(str.lower, _TOKEN.findall(masked)))
    where = list(itertools.compress(itertools.count(), map(PLACEHOLDER.__eq__, tokens)))
    if clause is None:
        clause = lexicon.target_clause(sentence, [Mention("", "", s, e) for s, e in spans])
    # each token looked up once, for both the window and the weighted valences
    values = list(map(lexicon.news_analyser().lexicon.get, tokens))
    left, right, near = _weighted_valence(where, values)
    if clause_scores is None:
        clause_scores = lexicon.news_analyser().polarity_scores(clause)
    first = min(start for start, _ in spans)
    cuts = lexicon.quotation_cuts(sentence)
    return {
        "masked": masked,
        "window": _window(tokens, where, values),
        "clause": _masked_clause(clause, sentence, spans),
        "clause_compound": clause_scores["compound"],
        "clause_pos": clause_scores["pos"],
        "clause_neg": clause_scores["neg"],
        "left_valence": left,
        "right_valence": right,
        "near_valence": near,
        "in_quote": float(_quoted(cuts, first)),
        "has_quote": float(bool(cuts)),
        "says_after": float(any(not _SAYING.isdisjoint(tokens[i + 1 : i + 4]) for i in where)),
        "says_before": float(any(not _SAYING.isdisjoint(tokens[max(0, i - 3) : i]) for i in where)),
    }


def _masked_clause(clause: str, sentence: str, spans: list[tuple[int, int]]) -> str:
    out = clause
    for start, end in spans:
        mention = sentence[start:end].strip()
        if mention:
            out = out.replace(mention, f" {PLACEHOLDER} ")
    return out


def frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Feature rows as the DataFrame the pipeline reads (columns in COLUMNS order)."""
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _vectorisers(model: Pipeline) -> list[object]:
    return [v for _, v, _ in model.named_steps["features"].transformers_ if hasattr(v, "idf_")]


def compact(model: Pipeline) -> Pipeline:
    """A copy of the fitted pipeline whose vocabularies are arrays of their terms in column
    order, the form it is saved in: skops stores a dict item by item, and reading some 67,000
    of them took longer than the tone step's own work on a few thousand articles."""
    import copy

    saved = copy.deepcopy(model)
    for vectoriser in _vectorisers(saved):
        terms = sorted(vectoriser.vocabulary_, key=vectoriser.vocabulary_.__getitem__)
        vectoriser.vocabulary_ = np.array(terms, dtype=str)
    return saved


def _expand(model: Pipeline) -> Pipeline:
    """The pipeline as fitted, from its saved form (see compact)."""
    for vectoriser in _vectorisers(model):
        if isinstance(vectoriser.vocabulary_, np.ndarray):
            terms = vectoriser.vocabulary_.tolist()
            vectoriser.vocabulary_ = dict(zip(terms, range(len(terms)), strict=True))
    return model


@lru_cache(maxsize=1)
def load(path: Path = MODEL_FILE) -> Pipeline:
    """The saved pipeline, read once; refuses a file that needs a type outside TRUSTED."""
    import skops.io
    from skops.io.exceptions import UntrustedTypesFoundException

    # skops checks every type against skops' defaults and TRUSTED while it loads, so the file
    # is read once (a separate scan first read it twice, a second of the tone step's cost)
    try:
        return _expand(skops.io.load(path, trusted=list(TRUSTED)))
    except UntrustedTypesFoundException as error:
        raise ValueError(f"{path.name}: refusing to load untrusted types ({error})") from error


# what the vectorisers of tone_train.pipeline() are set to, which _tfidf reproduces
_DEFAULT_PATTERN = r"(?u)\b\w\w+\b"
_WORD = re.compile(_DEFAULT_PATTERN)


def _plain_words(vectoriser: object) -> bool:
    """Whether the vectoriser reads lower-cased words and word pairs of the default pattern,
    nothing else: the settings _tfidf computes the same matrix for."""
    settings = vectoriser.get_params()
    return (
        settings["analyzer"] == "word"
        and settings["input"] == "content"
        and settings["lowercase"]
        and settings["token_pattern"] == _DEFAULT_PATTERN
        and settings["ngram_range"] in ((1, 1), (1, 2))
        and all(settings[k] is None for k in ("preprocessor", "tokenizer", "stop_words"))
        and settings["strip_accents"] is None
        and not settings["binary"]
        and settings["use_idf"]
        and settings["dtype"] is np.float64
    )


# vectoriser -> (the vocabulary it was built from, _pair_columns of it); weak, so a vectoriser
# dropped is dropped here too, and checked against the vocabulary in case it was fitted again
_PAIRS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _pair_columns(vectoriser: object) -> tuple[np.ndarray, np.ndarray] | None:
    """The vectoriser's word pairs as numbers, first word's column × size + second's, sorted,
    with their own columns: pairs are then looked up in numpy, no string made for each.

    None when a pair's word is not in the vocabulary itself (min_df keeps both words of a
    kept pair, but a vocabulary cut otherwise may not): the pairs are then looked up as text."""
    vocabulary = vectoriser.vocabulary_
    cached = _PAIRS.get(vectoriser)
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    size = len(vocabulary)
    keys, columns = [], []
    found: tuple[np.ndarray, np.ndarray] | None = None
    for term, column in vocabulary.items():
        first, space, second = term.partition(" ")
        if space:
            a, b = vocabulary.get(first), vocabulary.get(second)
            if a is None or b is None:
                break
            keys.append(a * size + b)
            columns.append(column)
    else:
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        found = np.array(keys, dtype=np.int64)[order], np.array(columns, dtype=np.int64)[order]
    _PAIRS[vectoriser] = (vocabulary, found)
    return found


def _tfidf(vectoriser: object, texts: list[str]) -> object:
    """vectoriser.transform(texts), the same numbers, with less work per text: scikit-learn's
    word counting calls several functions per text, a third of the tone step's own time."""
    from scipy import sparse
    from sklearn.preprocessing import normalize

    look_up = vectoriser.vocabulary_.get
    size = len(vectoriser.vocabulary_)
    pair_columns = _pair_columns(vectoriser) if vectoriser.ngram_range[1] == 2 else None
    as_text = vectoriser.ngram_range[1] == 2 and pair_columns is None
    missing = itertools.repeat(-1)
    found: list[int] = []  # each word's column (-1: not in the vocabulary), text after text
    lengths: list[int] = []
    for text in texts:
        words = _WORD.findall(text.lower())
        if as_text:
            words += [f"{a} {b}" for a, b in itertools.pairwise(words)]
        found += map(look_up, words, missing)
        lengths.append(len(words))
    columns = np.array(found, dtype=np.int64)
    rows = np.repeat(np.arange(len(texts)), lengths)
    known = columns >= 0
    if pair_columns is not None:
        # a pair is two neighbouring words of one text, both in the vocabulary
        keys, pair_column = pair_columns
        both = known[:-1] & known[1:] & (rows[:-1] == rows[1:])
        wanted = columns[:-1][both] * size + columns[1:][both]
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        hit = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        rows = np.concatenate([rows[known], rows[:-1][both][hit]])
        columns = np.concatenate([columns[known], pair_column[at[hit]]])
    else:
        rows, columns = rows[known], columns[known]
    # duplicates (a word twice in a text) are summed into its count
    counts = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(texts), size), dtype=np.float64
    )
    counts.sum_duplicates()  # one entry per word, its count, columns in order
    if vectoriser.sublinear_tf:
        np.log(counts.data, counts.data)
        counts.data += 1.0
    counts.data *= vectoriser.idf_[counts.indices]
    return normalize(counts, norm=vectoriser.norm, copy=False) if vectoriser.norm else counts


def _distinct_rows(transformer: object, texts: list[str]) -> object:
    """transformer.transform(texts), each distinct text read once (a row depends on its text
    alone; clauses recur across sentences and targets)."""
    index: dict[str, int] = {}
    codes = [index.setdefault(text, len(index)) for text in texts]
    distinct = list(index)
    if _plain_words(transformer):
        matrix = _tfidf(transformer, distinct)
    else:
        matrix = transformer.transform(distinct)
    return matrix if len(index) == len(texts) else matrix[codes]


def _plain_scaler(transformer: object, columns: object) -> bool:
    """Whether the transformer is a fitted StandardScaler centring and scaling two or more
    columns (float64), whose transform is the subtraction and division alone."""
    from sklearn.preprocessing import StandardScaler

    return (
        type(transformer) is StandardScaler
        and transformer.with_mean
        and transformer.with_std
        and len(columns) > 1
        and transformer.mean_.dtype == np.float64
        and transformer.scale_.dtype == np.float64
    )


def probabilities(rows: list[dict[str, object]], model: Pipeline | None = None) -> np.ndarray:
    """P(negative), P(neutral), P(positive) for each feature row, in CLASSES order.

    The same as the pipeline's predict_proba on frame(rows), computed step by step: each
    text column goes to its vectoriser as a plain list, not through a DataFrame of strings."""
    from scipy import sparse

    if not rows:
        return np.zeros((0, len(CLASSES)))
    pipeline = model if model is not None else load()
    blocks = []
    for _, transformer, columns in pipeline.named_steps["features"].transformers_:
        if isinstance(transformer, str):  # "drop": every column is used, nothing remains
            continue
        if isinstance(columns, str):
            blocks.append(_distinct_rows(transformer, [row[columns] for row in rows]))
        elif _plain_scaler(transformer, columns):
            # StandardScaler.transform's own arithmetic, without a DataFrame of the rows
            values = np.array(list(map(operator.itemgetter(*columns), rows)), dtype=np.float64)
            values -= transformer.mean_
            values /= transformer.scale_
            blocks.append(values)
        else:
            values = pd.DataFrame([[row[c] for c in columns] for row in rows], columns=columns)
            blocks.append(transformer.transform(values))
    matrix = sparse.hstack(blocks, format="csr")
    classifier = pipeline.named_steps["classifier"]
    order = [list(classifier.classes_).index(c) for c in CLASSES]
    return classifier.predict_proba(matrix)[:, order]
