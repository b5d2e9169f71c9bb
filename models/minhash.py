"""MinHash signatures and LSH banding over many small sets, vectorised with numpy.

Sets are held flat, the way scipy holds a CSR matrix: one array of 32-bit element hashes and
an array of offsets, set i being `values[offsets[i]:offsets[i + 1]]`. Every function works on
the whole collection at once, so a corpus of millions of elements costs a few numpy passes
rather than a Python loop per set.

- Element hashes are content based (CRC-32 of the token's UTF-8 bytes, then mixed), never
  Python's `hash()`, which changes from one process to the next: the same text gives the same
  signature in every run.
- Signature row p of a set is min over its elements x of ((a_p * k(x) + b_p) mod 2**64) >> 32,
  multiply-add-shift hashing of the mixed 32-bit key k(x), with a_p, b_p drawn from a fixed
  seed. Two sets agree on one row with probability close to their Jaccard similarity J.
- LSH banding: the rows are cut into `bands` bands of `rows` rows; two sets become a candidate
  pair when all rows of at least one band agree, with probability 1 - (1 - J**rows)**bands.
  Buckets are found by sorting 64-bit band keys (no per-set Python dictionaries). A bucket of
  up to `max_bucket` sets gives all its pairs; a larger one (boilerplate, very common
  wording, or one sentence repeated by very many articles) gives only the pairs of each member
  with the bucket's first `leaders` members, so the number of candidates stays near-linear
  while a widely repeated text still stays connected.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from models.text import fold

SEED = 20190430
EMPTY = np.uint32(0xFFFFFFFF)  # the signature of an empty set: it never joins a bucket
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
# joins texts for one pass of folding and tokenising (the ASCII unit separator: never a word)
_SEPARATOR = "\x1f"
_TOKEN = re.compile(r"\w+|\x1f")
_DIGIT_GROUP = re.compile(r"(?<=\d)[.,](?=\d{3}\b)")


def mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: spreads every input bit over the whole 64-bit output."""
    # in place on one copy: a whole event's element hashes are tens of millions of values,
    # and each expression's temporary would be another array of them
    z = x.astype(np.uint64, copy=True)
    z += _GOLDEN
    z ^= z >> np.uint64(30)
    z *= _M1
    z ^= z >> np.uint64(27)
    z *= _M2
    z ^= z >> np.uint64(31)
    return z


def _hash32(tokens: Sequence[str]) -> np.ndarray:
    crc = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in tokens), np.uint64, len(tokens))
    return (mix64(crc) >> np.uint64(32)).astype(np.uint32)


def hashed_words(
    texts: Sequence[str],
    keep: Callable[[str], str | None] | None = None,
    *,
    chunk: int = 20_000,
) -> tuple[np.ndarray, np.ndarray]:
    """Each text's words as 32-bit hashes, in order, flat with offsets.

    Words are runs of letters and digits in the folded text (models.text.fold), with digit
    groups joined ("3,000" = "3000"). `keep` maps each distinct word to the string hashed in
    its place (a stem, say), or to None to drop it (a stop word). Texts are handled a chunk at
    a time, so the Python strings of only one chunk's words are alive at once.
    """
    parts: list[np.ndarray] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    for lo in range(0, len(texts), chunk):
        part = [t.replace(_SEPARATOR, " ") for t in texts[lo : lo + chunk]]
        folded = _DIGIT_GROUP.sub("", fold(_SEPARATOR.join(part) + _SEPARATOR))
        codes, uniques = pd.factorize(np.asarray(_TOKEN.findall(folded), dtype=object))
        mapped = [keep(w) if keep and w != _SEPARATOR else w for w in uniques]
        dropped = np.array([m is None or m == _SEPARATOR for m in mapped], dtype=bool)
        hashes = _hash32([m or "" for m in mapped])
        is_separator = np.array([w == _SEPARATOR for w in uniques], dtype=bool)[codes]
        owner = np.cumsum(is_separator) - is_separator  # a separator ends its own text
        kept = ~dropped[codes]
        parts.append(hashes[codes[kept]])
        counts[lo : lo + len(part)] = np.bincount(owner[kept], minlength=len(part))
    values = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
    return values, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def set_index(offsets: np.ndarray) -> np.ndarray:
    """For each element of a flat collection, the index of its set."""
    return np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))


def unique_per_set(values: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each set's distinct 32-bit values, sorted; sets keep their order and count."""
    owner = set_index(offsets)
    # one sort of (set, value) packed in 64 bits is faster than a lexsort of two keys
    code = np.sort((owner.astype(np.uint64) << np.uint64(32)) | values.astype(np.uint64))
    keep = np.ones(len(code), dtype=bool)
    keep[1:] = code[1:] != code[:-1]
    code = code[keep]
    counts = np.bincount((code >> np.uint64(32)).astype(np.int64), minlength=len(offsets) - 1)
    values = (code & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    return values, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def shingle_hashes(
    token_hash: np.ndarray, offsets: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct k-token shingles of each token sequence, as 32-bit hashes (flat + offsets).

    A sequence shorter than k tokens gives one shingle of all its tokens, so short texts
    still have a set.
    """
    n_sets = len(offsets) - 1
    lengths = np.diff(offsets)
    owner = set_index(offsets)
    positions = np.arange(len(token_hash))
    end = offsets[1:][owner]
    starts = (positions + k <= end) | ((positions == offsets[:-1][owner]) & (lengths[owner] < k))
    starts = np.flatnonzero(starts)
    multipliers = mix64(np.arange(1, k + 1, dtype=np.uint64) + np.uint64(SEED)) | np.uint64(1)
    padded = np.concatenate((token_hash.astype(np.uint64), np.zeros(k, dtype=np.uint64)))
    combined = np.zeros(len(starts), dtype=np.uint64)
    start_end = end[starts]
    for j in range(k):
        # a position past the end of its own sequence contributes nothing (short sequences)
        inside = starts + j < start_end
        combined += np.where(inside, padded[starts + j], np.uint64(0)) * multipliers[j]
    shingles = (mix64(combined) >> np.uint64(32)).astype(np.uint32)
    counts = np.bincount(owner[starts], minlength=n_sets)
    return unique_per_set(shingles, np.concatenate(([0], np.cumsum(counts))).astype(np.int64))


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The multipliers (odd) and offsets of the signature rows' hash functions."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def _signature_rows(
    values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, block: int
) -> np.ndarray:
    """The signature rows of the hash functions (a, b), shape (n_sets, len(a))."""
    n_sets = len(offsets) - 1
    # filled one permutation per row, so each block writes contiguous runs; returned
    # transposed (a view), rows being sets as callers expect
    result = np.full((len(a), n_sets), EMPTY, dtype=np.uint32)
    nonempty = np.flatnonzero(np.diff(offsets) > 0)
    # blocks of whole sets of about `block` elements keep the (permutations × elements)
    # buffer small enough to stay in cache, which keeps the cost per element flat as corpora
    # grow
    ends = offsets[nonempty + 1]
    first = 0
    while first < len(nonempty):
        limit = offsets[nonempty[first]] + block
        last = max(first + 1, int(np.searchsorted(ends, limit, side="right")))
        chosen = nonempty[first:last]
        lo, hi = offsets[chosen[0]], offsets[chosen[-1] + 1]
        # multiply-add-shift hashing is only as good as its keys are random: mixing first
        # keeps structured values (small consecutive ids) from biasing the minimum; mixed a
        # block at a time, so no 64-bit copy of every value is held
        keys = mix64(values[lo:hi]) >> np.uint64(32)
        # permutations along rows, elements along columns: reducing along the contiguous
        # axis is several times faster than down the columns
        hashed = np.multiply.outer(a, keys)
        hashed += b[:, None]
        hashed >>= np.uint64(32)
        result[:, chosen] = np.minimum.reduceat(hashed, offsets[chosen] - lo, axis=1)
        first = last
    return result.T


def signatures(
    values: np.ndarray,
    offsets: np.ndarray,
    num_perm: int,
    *,
    seed: int = SEED,
    block: int = 1 << 13,
) -> np.ndarray:
    """MinHash signatures, shape (n_sets, num_perm), uint32; EMPTY rows for empty sets."""
    a, b = _permutations(num_perm, seed)
    return _signature_rows(values, offsets, a, b, block)


@dataclass(frozen=True)
class Candidates:
    pairs: np.ndarray  # (m, 2) int64, i < j, sorted, distinct
    large_buckets: int  # buckets of more than max_bucket sets, met through their leaders only


def candidate_pairs(
    signature: np.ndarray,
    bands: int,
    rows: int,
    *,
    partition: np.ndarray | None = None,
    max_bucket: int = 100,
    leaders: int = 8,
) -> Candidates:
    """Pairs of sets that agree on every row of at least one band (and share a partition)."""
    if bands * rows > signature.shape[1]:
        raise ValueError(f"{bands} bands × {rows} rows need more than {signature.shape[1]} rows")

    def band_rows(band: int) -> np.ndarray:
        return signature[:, band * rows : (band + 1) * rows]

    return _candidates(band_rows, signature.shape[0], bands, partition, max_bucket, leaders)


def banded_candidate_pairs(
    values: np.ndarray,
    offsets: np.ndarray,
    bands: int,
    rows: int,
    *,
    partition: np.ndarray | None = None,
    max_bucket: int = 100,
    leaders: int = 8,
    seed: int = SEED,
) -> Candidates:
    """candidate_pairs of the sets' signatures(…, bands * rows), the same pairs, with each
    band's rows computed when the band is bucketed: only one band of every set's signature
    is held at a time (a whole event's sentences have millions of sets)."""
    return _candidates(
        _band_rows_of(values, offsets, bands, rows, seed),
        len(offsets) - 1,
        bands,
        partition,
        max_bucket,
        leaders,
    )


def banded_pair_codes(
    values: np.ndarray,
    offsets: np.ndarray,
    bands: int,
    rows: int,
    *,
    partition: np.ndarray | None = None,
    max_bucket: int = 100,
    leaders: int = 8,
    seed: int = SEED,
) -> Iterator[np.ndarray]:
    """banded_candidate_pairs band by band: each band's candidate pairs as sorted, distinct
    pair codes (min(i, j) * 2**32 + max(i, j); decode_pairs turns them into pairs).

    A pair met in several bands comes in each of them; the union over the bands is
    banded_candidate_pairs' pairs. A caller that scores each band's pairs and keeps only
    the few it wants never holds every candidate pair of the event, whose number grows
    faster than the sets' (more sets share each bucket)."""
    for codes, _ in _band_codes(
        _band_rows_of(values, offsets, bands, rows, seed),
        len(offsets) - 1,
        bands,
        partition,
        max_bucket,
        leaders,
    ):
        yield codes


def decode_pairs(codes: np.ndarray) -> np.ndarray:
    """Pair codes as an (m, 2) int64 array of (i, j), i < j."""
    pairs = np.empty((len(codes), 2), dtype=np.int64)
    np.right_shift(codes, 32, out=pairs[:, 0])
    np.bitwise_and(codes, 0xFFFFFFFF, out=pairs[:, 1])
    return pairs


def _band_rows_of(
    values: np.ndarray, offsets: np.ndarray, bands: int, rows: int, seed: int
) -> Callable[[int], np.ndarray]:
    """Each band's signature rows, computed when asked for."""
    a, b = _permutations(bands * rows, seed)
    # the same buffer per block as a whole signature's (a band has fewer permutations)
    block = (1 << 13) * bands

    def band_rows(band: int) -> np.ndarray:
        part = slice(band * rows, (band + 1) * rows)
        return _signature_rows(values, offsets, a[part], b[part], block)

    return band_rows


def _candidates(
    band_rows: Callable[[int], np.ndarray],
    n_sets: int,
    bands: int,
    partition: np.ndarray | None,
    max_bucket: int,
    leaders: int,
) -> Candidates:
    """The candidate pairs, each band's signature rows (n_sets × rows) from band_rows."""
    found: list[np.ndarray] = []
    large_buckets = 0
    for codes, large in _band_codes(band_rows, n_sets, bands, partition, max_bucket, leaders):
        found.append(codes)
        large_buckets += large
    if not found:
        return Candidates(np.empty((0, 2), dtype=np.int64), 0)
    return Candidates(decode_pairs(_sorted_distinct(np.concatenate(found))), large_buckets)


def _band_codes(
    band_rows: Callable[[int], np.ndarray],
    n_sets: int,
    bands: int,
    partition: np.ndarray | None,
    max_bucket: int,
    leaders: int,
) -> Iterator[tuple[np.ndarray, int]]:
    """Per band: its candidate pairs' codes (sorted, distinct) and its large buckets."""
    first = band_rows(0) if n_sets else None
    usable = np.flatnonzero(first[:, 0] != EMPTY) if n_sets else np.array([], dtype=np.int64)
    if len(usable) < 2:
        return
    base = np.zeros(len(usable), dtype=np.uint64)
    if partition is not None:
        base = mix64(np.asarray(partition, dtype=np.uint64)[usable])
    # one band at a time: sorting n keys 32 times is faster than sorting 32n keys once
    for band in range(bands):
        signature = first if band == 0 else band_rows(band)
        first = None  # the first band's rows are not kept past their own band
        key = mix64(base + np.uint64(band))
        for row in range(signature.shape[1]):
            key = mix64(key ^ signature[usable, row].astype(np.uint64))
        del signature
        order = np.argsort(key, kind="stable")
        key, members = key[order], usable[order]
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        sizes = np.diff(np.append(starts, len(key)))
        small = (sizes >= 2) & (sizes <= max_bucket)
        large = sizes > max_bucket
        # a large bucket is not compared all-pairs: each member meets only the bucket's first
        # `leaders` members, which keeps a widely repeated sentence connected at linear cost
        pairs = np.concatenate(
            (
                _pairs_within(starts[small], sizes[small], members),
                _pairs_with_leaders(starts[large], sizes[large], members, leaders),
            )
        )
        del key, members, order
        yield _pair_codes(pairs), int(large.sum())  # one int64 per pair, repeats dropped


def _pairs_within(starts: np.ndarray, sizes: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Every pair inside every bucket (buckets are runs of `members`), distinct, i < j."""
    if len(starts) == 0:
        return np.empty((0, 2), dtype=np.int64)
    # element at offset q of a bucket of size s pairs with the s - q - 1 elements after it
    position = np.repeat(starts, sizes) + _ranges(sizes)
    partners = np.repeat(sizes, sizes) - _ranges(sizes) - 1
    left = np.repeat(position, partners)
    right = np.repeat(position + 1, partners) + _ranges(partners)
    return np.column_stack((members[left], members[right]))


def _pairs_with_leaders(
    starts: np.ndarray, sizes: np.ndarray, members: np.ndarray, leaders: int
) -> np.ndarray:
    """Each member of each bucket paired with the bucket's first `leaders` members."""
    if len(starts) == 0:
        return np.empty((0, 2), dtype=np.int64)
    position = np.repeat(starts, sizes) + _ranges(sizes)
    met = np.repeat(np.minimum(sizes, leaders), sizes)
    left = np.repeat(position, met)
    right = np.repeat(np.repeat(starts, sizes), met) + _ranges(met)
    return np.column_stack((members[left], members[right]))


def _pair_codes(pairs: np.ndarray) -> np.ndarray:
    """Each pair as one int64, min(i, j) * 2**32 + max(i, j), without self-pairs or repeats."""
    i, j = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return _sorted_distinct(i[i != j].astype(np.int64) * (1 << 32) + j[i != j])


def _sorted_distinct(codes: np.ndarray) -> np.ndarray:
    codes = np.sort(codes)
    return codes[np.concatenate((codes[:1] == codes[:1], codes[1:] != codes[:-1]))]


def subsets(
    values: np.ndarray, offsets: np.ndarray, chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The flat collection of only the chosen sets, in the order given."""
    lengths = np.diff(offsets)[chosen]
    new_offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    return values[np.repeat(offsets[chosen], lengths) + _ranges(lengths)], new_offsets


def _ranges(lengths: np.ndarray) -> np.ndarray:
    """Concatenated arange(n) for every n in lengths."""
    lengths = lengths.astype(np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.arange(total, dtype=np.int64) - np.repeat(ends - lengths, lengths)


def intersection_sizes(
    values: np.ndarray, offsets: np.ndarray, pairs: np.ndarray, *, block: int = 1 << 22
) -> np.ndarray:
    """|A ∩ B| for each pair of (sorted, distinct-valued) sets, without a Python loop per pair."""
    sizes = np.diff(offsets)
    result = np.zeros(len(pairs), dtype=np.int64)
    cost = np.cumsum(sizes[pairs[:, 0]] + sizes[pairs[:, 1]]) if len(pairs) else np.array([])
    first = 0
    while first < len(pairs):
        last = max(first + 1, int(np.searchsorted(cost, cost[first] + block, side="left")))
        chunk = pairs[first:last]
        pair_id = np.arange(len(chunk))
        ids, elements = [], []
        for side in (0, 1):
            lengths = sizes[chunk[:, side]]
            ids.append(np.repeat(pair_id, lengths))
            elements.append(values[np.repeat(offsets[chunk[:, side]], lengths) + _ranges(lengths)])
        ids_all, elements_all = np.concatenate(ids), np.concatenate(elements)
        order = np.lexsort((elements_all, ids_all))
        ids_all, elements_all = ids_all[order], elements_all[order]
        # within one pair a value occurs at most once per set, so a repeat means "in both"
        shared = (ids_all[1:] == ids_all[:-1]) & (elements_all[1:] == elements_all[:-1])
        result[first:last] = np.bincount(ids_all[1:][shared], minlength=len(chunk))
        first = last
    return result
