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

`probabilities()` scores with `scorer()`: the fitted arrays read from the packaged file
without skops or scikit-learn, the pipeline's arithmetic repeated in numpy, the same numbers to
the last bit. `load()` reads the whole pipeline with skops, refusing any type outside the list
TRUSTED: for training, the model card's figures, and a file the scorer does not reproduce.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
import zipfile
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


# The scoring path. Scoring needs a handful of fitted arrays, not the estimators: importing
# scikit-learn and skops took longer than the tone step's work on thousands of articles. So
# the saved file is read directly (it is a zip of a JSON schema and .npy arrays), the fitted
# parameters are taken from it, and the pipeline's arithmetic is repeated in numpy, step by
# step in the same order, so the probabilities are the pipeline's own to the last bit. A file
# whose settings this does not reproduce is scored by the pipeline itself (load()).

# the token pattern of scikit-learn's vectorisers, the one the counting below reproduces
_DEFAULT_PATTERN = r"(?u)\b\w\w+\b"
_WORD = re.compile(_DEFAULT_PATTERN)
_NPY_MEMBER = re.compile(r"[0-9A-Za-z_.-]+\.npy")
_SCHEMA = "schema.json"


class _Unsupported(Exception):
    """The file holds a pipeline the numpy scoring does not reproduce: use the pipeline."""


def _plain_settings(settings: dict[str, object]) -> bool:
    """Whether a vectoriser's settings are ones _tfidf gives the same matrix for: lower-cased
    words (and word pairs) of the default pattern, counted, optionally log-scaled, weighted by
    the fitted idf, l2-normalised or not. min_df, max_df, max_features and smooth_idf act while
    fitting only: the vocabulary and idf_ they produced are read as they are."""
    return (
        settings.get("analyzer") == "word"
        and settings.get("input") == "content"
        and settings.get("lowercase") is True
        and settings.get("token_pattern") == _DEFAULT_PATTERN
        and settings.get("ngram_range") in ((1, 1), (1, 2))
        and all(settings.get(k, "") is None for k in ("preprocessor", "tokenizer", "stop_words"))
        and settings.get("strip_accents", "") is None
        and settings.get("binary") is False
        and settings.get("use_idf") is True
        and settings.get("sublinear_tf") in (True, False)
        and settings.get("norm") in ("l2", None)
        and settings.get("dtype") == "float64"
    )


def _multinomial(settings: dict[str, object]) -> bool:
    """Whether the logistic regression's probabilities are the softmax of its decision (or,
    for two classes, the logistic function of it), as LogisticRegression.predict_proba gives
    them when it is not one-vs-rest."""
    return settings.get("multi_class", "multinomial") in ("multinomial", "auto", "deprecated") and (
        settings.get("solver") != "liblinear"
    )


def _pair_columns(terms: list[str], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The vocabulary's word pairs as numbers, first word's column × size + second's, sorted,
    with their own columns: pairs are then looked up in numpy, no string made for each.

    Empty arrays of keys when a pair's word is not in the vocabulary itself (min_df keeps both
    words of a kept pair, but max_df or max_features may not): pairs are then read as text."""
    size = len(vocabulary)
    keys, columns = [], []
    for column, term in enumerate(terms):
        first, space, second = term.partition(" ")
        if space:
            a, b = vocabulary.get(first), vocabulary.get(second)
            if a is None or b is None:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            keys.append(a * size + b)
            columns.append(column)
    order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
    return np.array(keys, dtype=np.int64)[order], np.array(columns, dtype=np.int64)[order]


class Words:
    """One text column's fitted TF-IDF vectoriser, as much of it as scoring reads."""

    def __init__(
        self,
        column: str,
        terms: list[str],
        idf: np.ndarray,
        *,
        pairs: bool,
        sublinear: bool,
        norm: str | None,
    ) -> None:
        self.column = column
        self.vocabulary = dict(zip(terms, range(len(terms)), strict=True))
        if len(self.vocabulary) != len(terms) or idf.shape != (len(terms),) or idf.dtype != "f8":
            raise _Unsupported("a vocabulary and its idf do not match")
        self.idf = idf
        self.pairs = pairs
        self.sublinear = sublinear
        self.norm = norm
        # both words of every pair known: pairs found by number; otherwise as text
        self.pair_keys, self.pair_column = _pair_columns(terms, self.vocabulary)
        self.pairs_as_text = pairs and any(" " in t for t in terms) and not len(self.pair_keys)

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    @classmethod
    def of(cls, column: str, vectoriser: object) -> Words:
        """The scoring parameters of a fitted TfidfVectorizer; _Unsupported when its settings
        are outside what _tfidf reproduces."""
        settings = dict(vectoriser.get_params())
        settings["dtype"] = np.dtype(settings["dtype"]).name
        settings["ngram_range"] = tuple(settings["ngram_range"])
        if type(vectoriser).__name__ != "TfidfVectorizer" or not _plain_settings(settings):
            raise _Unsupported(f"vectoriser of {column}")
        vocabulary = vectoriser.vocabulary_
        if isinstance(vocabulary, dict):
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
        else:  # the saved form (compact): the terms in column order
            terms = list(vocabulary.tolist())
        return cls(
            column,
            terms,
            np.asarray(vectoriser.idf_, dtype=np.float64),
            pairs=settings["ngram_range"] == (1, 2),
            sublinear=bool(settings["sublinear_tf"]),
            norm=settings["norm"],
        )


class Numbers:
    """The fitted StandardScaler of the numeric columns: its mean and scale."""

    def __init__(self, columns: tuple[str, ...], mean: np.ndarray, scale: np.ndarray) -> None:
        if len(columns) < 2 or mean.shape != (len(columns),) or scale.shape != mean.shape:
            raise _Unsupported("scaler")
        self.columns = columns
        self.mean = mean
        self.scale = scale

    @property
    def size(self) -> int:
        return len(self.columns)


class Scorer:
    """The fitted parameters the tone model scores with, in the pipeline's column order."""

    def __init__(
        self,
        blocks: list[Words | Numbers],
        coef: np.ndarray,
        intercept: np.ndarray,
        classes: tuple[str, ...],
    ) -> None:
        width = sum(block.size for block in blocks)
        binary = len(classes) == 2
        rows = 1 if binary else len(classes)
        if coef.shape != (rows, width) or intercept.shape != (rows,) or len(classes) < 2:
            raise _Unsupported("classifier")
        if coef.dtype != np.float64 or intercept.dtype != np.float64:
            raise _Unsupported("classifier dtype")  # float32 would round otherwise
        if sorted(classes) != sorted(CLASSES):
            raise _Unsupported(f"classes {classes}")
        self.blocks = blocks
        # one class's coefficients contiguous, as each is gathered by column on its own
        self.coef = np.ascontiguousarray(coef)
        self.intercept = intercept
        self.classes = classes

    def probabilities(self, rows: list[dict[str, object]]) -> np.ndarray:
        """predict_proba of the pipeline on frame(rows), columns in the order of classes."""
        entries = []
        offset = 0
        for block in self.blocks:
            if isinstance(block, Words):
                row, column, value = _distinct_rows(block, [r[block.column] for r in rows])
            else:
                row, column, value = _scaled(block, rows)
            entries.append((row, column + offset, value))
            offset += block.size
        return _predict_proba(entries, len(rows), self.coef, self.intercept)


def _word_columns(words: Words, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each known word and word pair of each text: its row and its column, text after text."""
    look_up = words.vocabulary.get
    missing = itertools.repeat(-1)
    found: list[int] = []  # each word's column (-1: not in the vocabulary), text after text
    lengths: list[int] = []
    for text in texts:
        tokens = _WORD.findall(text.lower())
        if words.pairs_as_text:
            tokens += [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
        found += map(look_up, tokens, missing)
        lengths.append(len(tokens))
    columns = np.array(found, dtype=np.int64)
    rows = np.repeat(np.arange(len(texts)), lengths)
    known = columns >= 0
    if words.pairs and not words.pairs_as_text:
        # a pair is two neighbouring words of one text, both in the vocabulary
        keys, pair_column = words.pair_keys, words.pair_column
        both = known[:-1] & known[1:] & (rows[:-1] == rows[1:])
        wanted = columns[:-1][both] * words.size + columns[1:][both]
        at = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
        hit = keys[at] == wanted if len(keys) else np.zeros(len(wanted), dtype=bool)
        return (
            np.concatenate([rows[known], rows[:-1][both][hit]]),
            np.concatenate([columns[known], pair_column[at[hit]]]),
        )
    return rows[known], columns[known]


def _tfidf(words: Words, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The vectoriser's transform(texts) as its entries (row, column, value), rows in order
    and columns in order within a row, as the CSR matrix holds them; the same numbers: the
    same operations in the same order (counts, log + 1, × idf, ÷ the row's l2 norm)."""
    rows, columns = _word_columns(words, texts)
    # one entry per word of a text, its count, sorted by row then column as CSR keeps them
    keys, counts = np.unique(rows * words.size + columns, return_counts=True)
    rows, columns = np.divmod(keys, words.size)
    values = counts.astype(np.float64)
    if words.sublinear:
        np.log(values, values)
        values += 1.0
    values *= words.idf[columns]
    if words.norm == "l2":
        # scikit-learn sums each row's squares one entry after another (bincount does the
        # same, in the entries' order) and leaves a row whose sum is 0 as it is
        norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
        norms[norms == 0.0] = 1.0
        values /= norms[rows]
    return rows, columns, values


def _distinct_rows(words: Words, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """_tfidf(words, texts), each distinct text counted once (a row depends on its text alone;
    clauses recur across sentences and targets), then each text given its row's entries."""
    index: dict[str, int] = {}
    codes = np.array([index.setdefault(text, len(index)) for text in texts], dtype=np.int64)
    rows, columns, values = _tfidf(words, list(index))
    if len(index) == len(texts):
        return rows, columns, values
    per_row = np.bincount(rows, minlength=len(index))
    starts = np.cumsum(per_row) - per_row
    lengths = per_row[codes]
    ends = np.cumsum(lengths)
    # entry j of text i is entry j of its distinct text's row
    at = np.arange(ends[-1] if len(ends) else 0) + np.repeat(
        starts[codes] - (ends - lengths), lengths
    )
    return np.repeat(np.arange(len(texts)), lengths), columns[at], values[at]


def _scaled(numbers: Numbers, rows: list[dict[str, object]]) -> tuple[np.ndarray, ...]:
    """The scaled numeric columns as entries, zeros left out as scipy's hstack leaves them."""
    values = np.array(list(map(operator.itemgetter(*numbers.columns), rows)), dtype=np.float64)
    values = values.reshape(len(rows), numbers.size)
    # StandardScaler.transform's own arithmetic
    values -= numbers.mean
    values /= numbers.scale
    row, column = np.nonzero(values)
    return row, column, values[row, column]


def _predict_proba(
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    n_rows: int,
    coef: np.ndarray,
    intercept: np.ndarray,
) -> np.ndarray:
    """LogisticRegression.predict_proba of the sparse matrix made of these blocks of entries
    (rows, columns, values), blocks side by side in column order, each block's entries in
    CSR order (by row, then column).

    The decision is X @ coef.T + intercept: scipy adds each row's products one entry after
    another, in the row's column order; np.add.at adds in the order it is given, block after
    block, so each row's sum is made in that same order (a sum per block, added up after,
    would round otherwise). Then the softmax as sklearn.utils.extmath.softmax computes it; for
    two classes (one row of coefficients), the logistic function of the decision, as
    scikit-learn does for a binary model."""
    sums = []
    for weights in coef:
        total = np.zeros(n_rows)
        for rows, columns, values in blocks:
            np.add.at(total, rows, values * weights[columns])
        sums.append(total)
    decision = np.stack(sums, axis=1) + intercept
    if len(coef) == 1:
        from scipy.special import expit  # scikit-learn's; numpy has no logistic function

        positive = decision.reshape(-1)
        expit(positive, out=positive)
        return np.stack([1 - positive, positive], axis=1)
    decision -= decision.max(axis=1).reshape((-1, 1))
    np.exp(decision, out=decision)
    decision /= decision.sum(axis=1).reshape((-1, 1))
    return decision


# --- reading the saved file without skops ---------------------------------------------------


def _json(node: dict) -> object:
    if node.get("__loader__") != "JsonNode":
        raise _Unsupported(f"{node.get('__class__')} where a plain value was expected")
    return json.loads(node["content"])


def _items(node: dict) -> list[dict]:
    if node.get("__loader__") not in ("ListNode", "TupleNode"):
        raise _Unsupported(f"{node.get('__class__')} where a list was expected")
    return node["content"]


def _state(node: dict, module: str, name: str) -> dict[str, dict]:
    """The attributes of a saved object of that class; _Unsupported for another class."""
    if (node.get("__loader__"), node.get("__module__"), node.get("__class__")) != (
        "ObjectNode",
        module,
        name,
    ):
        raise _Unsupported(f"{node.get('__module__')}.{node.get('__class__')}, not {name}")
    content = node["content"]
    if content.get("__loader__") != "DictNode":
        raise _Unsupported(f"the state of {name}")
    return content["content"]


def _value(node: dict) -> object:
    """A saved setting as a plain value: JSON, tuples of it, or numpy's float64 as a name."""
    loader = node.get("__loader__")
    if loader == "TupleNode":
        return tuple(_value(item) for item in node["content"])
    if loader == "TypeNode" and node.get("__module__") == "numpy":
        return node.get("__class__")
    return _json(node)


def _settings(state: dict[str, dict]) -> dict[str, object]:
    """The settings among an object's attributes (the fitted arrays are read apart)."""
    found: dict[str, object] = {}
    for key, node in state.items():
        try:
            found[key] = _value(node)
        except _Unsupported:
            continue
    return found


class _Arrays:
    """The file's .npy members, read as plain arrays only (no pickled objects)."""

    def __init__(self, archive: zipfile.ZipFile, path: Path) -> None:
        self.archive = archive
        self.path = path

    def __call__(self, node: dict, kind: str, dimensions: int) -> np.ndarray:
        """The array a node names; kind: "U" (text) or a dtype's name, which it must have."""
        if node.get("__loader__") != "NdArrayNode" or node.get("type") != "numpy":
            raise _Unsupported(f"{node.get('__class__')} where an array was expected")
        member = node.get("file")
        if not isinstance(member, str) or not _NPY_MEMBER.fullmatch(member):
            raise ValueError(f"{self.path.name}: {member!r} is not a numpy array in the file")
        try:
            with self.archive.open(member) as stream:
                array = np.lib.format.read_array(stream, allow_pickle=False)
        except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
            message = f"{self.path.name}: {member} is no plain numpy array ({error})"
            raise ValueError(message) from error
        if kind not in (array.dtype.kind, array.dtype.name) or array.ndim != dimensions:
            raise _Unsupported(f"{member}: {array.dtype} with {array.ndim} dimensions")
        return array


def _blocks(features: dict, arrays: _Arrays) -> list[Words | Numbers]:
    """The ColumnTransformer's fitted blocks, in its column order."""
    settings = _settings(features)
    if settings.get("transformer_weights", "") is not None or not settings.get("sparse_output_"):
        # weights would multiply the blocks; a dense output is multiplied with other rounding
        raise _Unsupported("column transformer")
    blocks: list[Words | Numbers] = []
    for entry in _items(features["transformers_"]):
        _, transformer, columns = _items(entry)
        if transformer.get("__loader__") == "JsonNode" and _json(transformer) == "drop":
            continue
        if transformer.get("__class__") == "TfidfVectorizer":
            column = _json(columns)
            state = _state(transformer, "sklearn.feature_extraction.text", "TfidfVectorizer")
            vectoriser = _settings(state)
            # the fitted TfidfTransformer inside does the weighting: its settings must agree
            transformer_state = _state(state["_tfidf"], *_TFIDF_TRANSFORMER)
            weighting = _settings(transformer_state)
            if not isinstance(column, str) or not _plain_settings(vectoriser):
                raise _Unsupported(f"vectoriser of {column}")
            if any(weighting.get(k) != vectoriser[k] for k in ("norm", "use_idf", "sublinear_tf")):
                raise _Unsupported(f"idf weighting of {column}")
            blocks.append(
                Words(
                    column,
                    arrays(state["vocabulary_"], "U", 1).tolist(),
                    arrays(transformer_state["idf_"], "float64", 1),
                    pairs=vectoriser["ngram_range"] == (1, 2),
                    sublinear=bool(vectoriser["sublinear_tf"]),
                    norm=vectoriser["norm"],
                )
            )
        else:
            state = _state(transformer, "sklearn.preprocessing._data", "StandardScaler")
            scaler = _settings(state)
            names = tuple(_json(c) for c in _items(columns))
            if scaler.get("with_mean") is not True or scaler.get("with_std") is not True:
                raise _Unsupported("scaler settings")
            mean = arrays(state["mean_"], "float64", 1)
            scale = arrays(state["scale_"], "float64", 1)
            blocks.append(Numbers(names, mean, scale))
    return blocks


_TFIDF_TRANSFORMER = ("sklearn.feature_extraction.text", "TfidfTransformer")


def _read_scorer(path: Path) -> Scorer:
    """The scoring parameters in a skops file; ValueError if the file holds anything but
    JSON and plain numpy arrays, _Unsupported if its pipeline is not the one Scorer repeats."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise ValueError(f"{path.name}: not a skops file ({error})") from error
    with archive:
        names = archive.namelist()
        strangers = [n for n in names if n != _SCHEMA and not _NPY_MEMBER.fullmatch(n)]
        if strangers or _SCHEMA not in names:
            raise ValueError(
                f"{path.name}: a skops file holds {_SCHEMA} and .npy arrays only, "
                f"found {strangers or 'no ' + _SCHEMA}"
            )
        try:
            schema = json.loads(archive.read(_SCHEMA))
        except ValueError as error:
            raise ValueError(f"{path.name}: {_SCHEMA} is not JSON ({error})") from error
        arrays = _Arrays(archive, path)
        try:
            pipeline = _state(schema, "sklearn.pipeline", "Pipeline")
            steps = [_items(step) for step in _items(pipeline["steps"])]
            if [_json(name) for name, _ in steps] != ["features", "classifier"]:
                raise _Unsupported("pipeline steps")
            features = _state(
                steps[0][1], "sklearn.compose._column_transformer", "ColumnTransformer"
            )
            state = _state(steps[1][1], "sklearn.linear_model._logistic", "LogisticRegression")
            if not _multinomial(_settings(state)):
                raise _Unsupported("one-vs-rest classifier")
            classes = tuple(arrays(state["classes_"], "U", 1).tolist())
            return Scorer(
                _blocks(features, arrays),
                arrays(state["coef_"], "float64", 2),
                arrays(state["intercept_"], "float64", 1),
                classes,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise _Unsupported(f"unexpected layout ({error!r})") from error


@lru_cache(maxsize=1)
def scorer(path: Path = MODEL_FILE) -> Scorer | None:
    """The fitted parameters scoring needs, read once from the saved file without skops or
    scikit-learn; None when the pipeline is set otherwise than Scorer reproduces (then it
    scores itself, loaded by load()). ValueError for a file holding anything but JSON and
    plain numpy arrays."""
    try:
        return _read_scorer(path)
    except _Unsupported:
        return None


def scorer_of(pipeline: Pipeline) -> Scorer | None:
    """The same parameters taken from a fitted pipeline; None when it is set otherwise."""
    try:
        features = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        if (
            [name for name, _ in pipeline.steps] != ["features", "classifier"]
            or type(features).__name__ != "ColumnTransformer"
            or features.transformer_weights is not None
            or not features.sparse_output_
            or type(classifier).__name__ != "LogisticRegression"
            or not _multinomial(classifier.get_params())
        ):
            return None
        blocks: list[Words | Numbers] = []
        for _, transformer, columns in features.transformers_:
            if isinstance(transformer, str) and transformer == "drop":
                continue
            if isinstance(columns, str):
                blocks.append(Words.of(columns, transformer))
            elif (
                type(transformer).__name__ == "StandardScaler"
                and transformer.with_mean
                and transformer.with_std
                and transformer.mean_.dtype == np.float64
                and transformer.scale_.dtype == np.float64
            ):
                blocks.append(Numbers(tuple(columns), transformer.mean_, transformer.scale_))
            else:
                return None
        return Scorer(blocks, classifier.coef_, classifier.intercept_, tuple(classifier.classes_))
    except _Unsupported:
        return None


@lru_cache(maxsize=1)
def loaded(path: Path = MODEL_FILE) -> Scorer | Pipeline:
    """What probabilities() scores with, read once: the Scorer from the file, or, when the
    file's layout is not the one it reads, from the pipeline skops loads, or that pipeline."""
    found = scorer(path)
    if found is not None:
        return found
    pipeline = load(path)
    return scorer_of(pipeline) or pipeline


def probabilities(
    rows: list[dict[str, object]], model: Pipeline | Scorer | None = None
) -> np.ndarray:
    """P(negative), P(neutral), P(positive) for each feature row, in CLASSES order.

    The same as the pipeline's predict_proba on frame(rows), to the last bit: the saved
    file's pipeline is computed step by step in numpy (see Scorer), a pipeline set otherwise
    goes through its own predict_proba. model: a fitted pipeline or Scorer, the saved one
    by default."""
    if not rows:
        return np.zeros((0, len(CLASSES)))
    if model is None:
        model = loaded()
    fast = model if isinstance(model, Scorer) else scorer_of(model)
    if fast is not None:
        order = [fast.classes.index(c) for c in CLASSES]
        return fast.probabilities(rows)[:, order]
    classifier = model.named_steps["classifier"]
    order = [list(classifier.classes_).index(c) for c in CLASSES]
    return model.predict_proba(frame(rows))[:, order]
