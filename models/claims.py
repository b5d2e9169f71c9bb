"""Claims and omissions: sentences of different articles that state the same thing, grouped.

How sentences become claims, without comparing all pairs of sentences:

1. Each sentence becomes the set of its content words: folded text (models.text.fold), stop
   words of English and Spanish dropped (models.stopwords, plus a few reporting verbs such as
   "said"), each word cut by a crude stem (plural -s, -ies, -ing, -ed stripped, then the first
   7 letters kept, so "recognised" = "recognizes" and "elecciones" = "elección") Numbers are
   kept as words ("3,000" = "3000"). Sentences with fewer than 4 content words
   (headings, "He said.") are not matched. Sentences with the same set and language are
   handled as one.
2. MinHash over those sets (models.minhash) with LSH banding (32 bands of 3 rows) gives the
   candidate pairs, keyed by language, so only sentences of the same language meet. Two
   sentences whose content-word sets have Jaccard similarity J become candidates with
   probability 1 - (1 - J**3)**32: 0.99 at J = 0.5, 0.88 at 0.4, 0.58 at 0.3. A bucket of
   more than 20 distinct sentences is too common to be compared all-pairs: each
   of its sentences meets only the bucket's first 8, so a claim told in hundreds of slightly
   different sentences still forms one claim, at a linear cost. Words found in more than 1% of the
   matched sentences (and in more than 200) are left out of the MinHash sets, not out of
   step 3: shared common words ("Maduro", "government") would make most pairs of a large
   corpus collide.
3. Each candidate pair is verified by the cosine of the sentences' TF-IDF vectors (binary
   term weights, idf = ln((1 + n) / (1 + df)) + 1 over the corpus's matched sentences):
   similar when at least 0.45. On the labelled samples (evaluation/claims.json)
   thresholds from 0.4 to 0.5 give the same grouping; on the demo, sentences stating the same
   fact in partly different words score 0.45 to 0.6, unrelated ones on the same topic below.
4. Grouping without chains: sentences are taken in order of how central they are (the sum of
   their verified similarities, a sentence repeated word for word counting each time); one
   not yet in a group starts one and takes every not-yet-grouped sentence verified similar to
   it. Every member is similar to its group's seed, so a chain A ~ B ~ C cannot join A to an
   unrelated C.

A claim is a group reported by at least two articles (after wire copies are removed; see
models.duplicates). Its text is its most central sentence: the member closest to the
group's TF-IDF centroid.

Tables:
- claims: claim (c1, c2, … most widely reported first), text, language, outlets (";"-joined),
  n_outlets, articles, sentences (member sentences), omitted_by (";"-joined outlets of the
  corpus that do not report it).
- claim_matrix: claim, then one column per outlet: how many of its sentences are in the claim.
- claim_sentences: claim, outlet, url, sentence (the evidence, as written).
- exclusive_claims: outlet, url, sentence: "only here" sentences. Such a sentence is matched
  (step 1), has at least 8 words, is similar (step 3) to no sentence of another outlet and its
  group holds no other outlet's sentence; another outlet of the corpus writes in its
  language; it carries quotation marks (someone's own words, or a term marked as theirs: a
  statement reported in the outlet's words, "X said the plan would …", is not kept); and it
  is on the event's shared topic without being the others' claim in other words: from 30% up to (not
  including) 60% of its content words are found in other outlets' coverage of the event or in
  the event's title, keywords and actor names. Below 30% it is off the topic;
  from 60% it most likely restates what the others report.

Never claims nor "only here": page furniture (agency credits "Reporting by …; Editing by …",
bylines, photo captions and credits, "Related:" and "Read more:" links, newsletter and follow
prompts, copyright lines) and an outlet's boilerplate, a sentence found word for
word (after folding) in two or more of one outlet's articles.

Wire copies: the analyses count an original once (models.duplicates), but an outlet that
republished a story reports what the story reports: it is listed among a claim's outlets, and
never in omitted_by, when its copy's original holds the claim.

On real data (BASIL dev, 50 events, Fox News / New York Times / HuffPost, `framing evaluate
basil`): before these rules, "only here" sentences carried the experts' informational-bias
flag at 0.99 times the rate of all sentences (15.6% against 15.7%), so the mark said nothing.
With them: 1.46 on the 25 events the rules were tuned on, 1.34 on the 25 held-out events
(1.40 on all 50: 22.0% against 15.7%), where "sentences not in the first paragraph" gives
1.02. Quotations carry most of the gain: with any reported statement kept ("said", "told",
"according to" too) the figures were 1.32 tuned and 1.16 held out, because on the tuned
half a statement reported in the outlet's own words carries the flag at 0.6 times the base
rate. Numbers and actor names (an earlier fact-like rule) carry none on that data.

What it can and cannot show: it matches shared wording, so a paraphrase in different words
("troops" / "soldiers") is missed, and a sentence that shares most words but changes a number
or a negation can be matched. Sentences only meet within one language: a claim made in
Spanish by one outlet and in English by another is two claims, and an outlet that writes only
in Spanish is listed in omitted_by for every English claim. A shared sentence is not a shared
fact: an outlet may report a claim to deny it or quote it to mock it. "Only here" is a
pointer to what an outlet chose to add, not proof of bias: on BASIL about 1 in 5 such
sentences carries the experts' informational-bias flag. An outlet alone in its language has no
"only here" sentences: nothing was compared with them. LSH finds similar pairs
with high but not certain probability (see step 2), so an "exclusive" sentence may have a
counterpart that was never compared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ingest.config import Event
from ingest.resources import sample
from models import minhash
from models.columns import outlet_columns
from models.corpus import Corpus
from models.stopwords import stop_words
from models.text import fold

# scipy is imported by the functions that build matrices: a dashboard that reads stored
# tables imports this module for its table names and recounts only
if TYPE_CHECKING:
    from scipy import sparse

    from models.registry import Filtered

CLAIMS = "claims"
CLAIM_MATRIX = "claim_matrix"
CLAIM_SENTENCES = "claim_sentences"
EXCLUSIVE_CLAIMS = "exclusive_claims"
CLAIM_COLUMNS = [
    "claim",
    "text",
    "language",
    "outlets",
    "n_outlets",
    "articles",
    "sentences",
    "omitted_by",
]
MEMBER_COLUMNS = ["claim", "outlet", "url", "sentence"]
EXCLUSIVE_COLUMNS = ["outlet", "url", "sentence"]

MIN_CONTENT_WORDS = 4
BANDS, ROWS = 32, 3
MAX_BUCKET = 20
COMMON_SHARE, COMMON_MIN = 0.01, 200
SIMILARITY = 0.45
FACT_MIN_WORDS = 8
# "only here" needs this share of the sentence's content words in other outlets' coverage of
# the event (low: off the event's topic) and less than the upper share (high: most likely the
# others' claim told in other words); tuned on the first half of BASIL's dev events
TOPIC_SHARE = (0.3, 0.6)
SAMPLES = sample("claims.json")

# Words every news sentence uses to attribute speech: they say nothing about the claim.
REPORTING_WORDS = frozenset(
    """
    said says say told tell according added asked stated noted spoke
    dijo dice dijeron afirmo afirma aseguro asegura senalo indico anadio explico declaro
    """.split()  # noqa: SIM905 - a word list reads better as a block
)
_WORD = re.compile(r"\w+")
# Lines of the page around the story, not the story: agency credits, bylines, photo captions
# and credits, links to other stories, newsletter and follow prompts, copyright notices.
FURNITURE = re.compile(
    r"""(?ix)
    ^\W*(?:additional\s+)?(?:reporting|editing|writing|compiled|produced)\s+by\b
    | ;\s*(?:editing|writing)\s+by\b
    | ^\W*by\s+\w+(?:\s+\w+){0,3}\s*(?:$|[,|]|\band\b)
    | ^\W*(?:related|read\s+more|more|see\s+also|watch|video|photo|image|caption)\s*:
    | \((?:ap|afp|reuters|getty|efe)\s+(?:photo|images?)\b | \bgetty\s+images\b
    | \b(?:sign\s+up|subscribe)\b.{0,60}\b(?:newsletter|updates|alerts)\b
    | \bnewsletter\b.{0,40}\b(?:inbox|sign\s+up|subscribe)\b
    | ^\W*(?:follow\s+(?:us|\w+\s+\w+)\s+on|click\s+here)\b
    | \bcopyright\b|©|\ball\s+rights\s+reserved\b
    | ^\W*(?:con\s+información\s+de|redacción|foto|lea\s+también|te\s+puede\s+interesar)\b
    | \bsuscr[ií]b[ae]se\b|\bboletín\b
    """
)
# Quotation marks: the outlet carries someone's own words (or marks a term as theirs). A
# sentence reported in the outlet's words ("X said the plan would …") is kept out: on the
# first half of BASIL's dev events such sentences carry the experts' informational-bias flag
# at 0.6 times the rate of all sentences, quoted ones at 1.2 to 1.5 times.
QUOTED = re.compile(r"[\"“”«»]")


def stem(word: str) -> str:
    """A crude stem shared by English and Spanish: plural and verb endings off, 7 letters."""
    if word.isdigit():
        return word
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    return word[:7]


@lru_cache(maxsize=1 << 18)  # each distinct word is judged once, not once per chunk
def content_word(word: str) -> str | None:
    """The stem a folded word counts as, or None for a stop word, a reporting verb, a letter."""
    if word in stop_words() or word in REPORTING_WORDS or (len(word) < 2 and not word.isdigit()):
        return None
    return stem(word)


def content_sets(texts: Sequence[str], chunk: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    """Each sentence's distinct stemmed content words, as 32-bit hashes, flat with offsets.

    A chunk of sentences at a time: a set is its own sentence's, so the chunks joined are the
    whole's, and the sort that makes the sets distinct never holds every word of an event."""
    values: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    for lo in range(0, len(texts), chunk):
        words, offsets = minhash.hashed_words(texts[lo : lo + chunk], content_word, chunk=chunk)
        distinct, offsets = minhash.unique_per_set(words, offsets)
        values.append(distinct)
        sizes.append(np.diff(offsets))
    if not values:
        return minhash.unique_per_set(*minhash.hashed_words(texts, content_word))
    counts = np.concatenate(sizes)
    return np.concatenate(values), np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


@dataclass(frozen=True)
class SentenceGroups:
    """Sentences grouped by what they state (see the module docstring for the steps)."""

    node: np.ndarray  # per sentence: its distinct content set (-1: not matched)
    group: np.ndarray  # per sentence: its group (-1: not matched)
    central: np.ndarray  # per sentence: cosine to its group's centroid
    edges: np.ndarray  # (m, 2) verified similar pairs of nodes
    candidate_pairs: int  # pairs of nodes compared after LSH (in each band met in)
    sentences_matched: int


def group_sentences(texts: Sequence[str], languages: Sequence[str]) -> SentenceGroups:
    """Group sentences that state the same thing, within each language."""
    return group_content_sets(*content_sets(texts), languages)


def group_content_sets(
    stems: np.ndarray, offsets: np.ndarray, languages: Sequence[str]
) -> SentenceGroups:
    """group_sentences of sentences given as their content sets (content_sets' flat arrays)."""
    n = len(offsets) - 1
    sizes = np.diff(offsets)
    matched = np.flatnonzero(sizes >= MIN_CONTENT_WORDS)
    # no list of every sentence's language as Python strings: a column is read as it is
    language_code = pd.factorize(pd.Series(languages, copy=False).fillna(""))[0]

    # identical (language, content set) sentences become one node
    set_hash = np.zeros(n, dtype=np.uint64)
    if len(stems):
        element = minhash.mix64(stems)
        set_hash = np.add.reduceat(element, np.minimum(offsets[:-1], len(element) - 1))
        set_hash[sizes == 0] = 0
        del element  # a 64-bit value per word of the event
    key = minhash.mix64(set_hash ^ minhash.mix64(language_code.astype(np.uint64)))
    node = np.full(n, -1, dtype=np.int64)
    # factorize numbers nodes by first appearance, so a node's first sentence is where its
    # number exceeds every number before it
    codes = pd.factorize(key[matched])[0]
    node[matched] = codes
    first = codes > np.maximum.accumulate(np.concatenate(([-1], codes[:-1])))
    representative = matched[first]  # one sentence per node
    n_nodes = len(representative)
    multiplicity = np.bincount(node[matched], minlength=n_nodes)

    node_stems, node_offsets = minhash.subsets(stems, offsets, representative)
    del stems  # the caller's, if it keeps them; the nodes' sets are what is read from here
    # 32-bit word and node numbers: a whole event has tens of millions of (node, word) pairs
    columns, vocabulary = pd.factorize(node_stems)
    columns = columns.astype(np.int32)
    owner = minhash.set_index(node_offsets).astype(np.int32)
    sentences_with = np.bincount(columns, weights=multiplicity[owner], minlength=len(vocabulary))
    # words in very many sentences make unrelated sentences collide in the LSH buckets (the
    # candidate count would grow with the square of the corpus); they still count, with
    # their low idf, when a candidate pair is verified
    common = sentences_with > max(COMMON_SHARE * len(matched), COMMON_MIN)
    rare = ~common[columns]
    lsh_offsets = np.concatenate(([0], np.cumsum(np.bincount(owner[rare], minlength=n_nodes))))
    lsh_stems = node_stems[rare]
    del owner, rare
    vectors = _tfidf(columns, node_offsets, multiplicity, len(vocabulary))
    del columns, node_stems
    # each band's signature rows made when it is bucketed, and each band's candidate pairs
    # verified as they come: the candidates of a whole event grow faster than its sentences
    # (more sentences share each bucket), and only the verified few are kept
    compared = 0
    found_codes, found_weights = [], []
    for codes in minhash.banded_pair_codes(
        lsh_stems,
        lsh_offsets.astype(np.int64),
        BANDS,
        ROWS,
        partition=language_code[representative],
        max_bucket=MAX_BUCKET,
    ):
        similarity = _pair_cosines(vectors, codes)
        verified = similarity >= SIMILARITY
        found_codes.append(codes[verified])
        found_weights.append(similarity[verified])
        compared += len(codes)
        del codes, similarity, verified
    del lsh_stems
    # a pair met in several bands is verified once per band, with the same cosine each time
    codes = np.concatenate(found_codes) if found_codes else np.zeros(0, dtype=np.int64)
    weights = np.concatenate(found_weights) if found_weights else np.zeros(0)
    order = np.argsort(codes, kind="stable")
    codes, weights = codes[order], weights[order]
    distinct = np.concatenate((codes[:1] == codes[:1], codes[1:] != codes[:-1]))
    edges, weights = minhash.decode_pairs(codes[distinct]), weights[distinct]

    node_group = _seed_groups(n_nodes, edges, weights, multiplicity)
    group = np.full(n, -1, dtype=np.int64)
    group[matched] = node_group[node[matched]]
    node_central = _centrality(vectors, node_group, multiplicity)
    central = np.zeros(n)
    central[matched] = node_central[node[matched]]
    return SentenceGroups(node, group, central, edges, compared, len(matched))


def _tfidf(stems: np.ndarray, offsets: np.ndarray, weight: np.ndarray, vocabulary: int):
    """Binary TF-IDF rows, L2-normalised; document frequency counts every sentence."""
    from scipy import sparse

    owner = minhash.set_index(offsets).astype(np.int32)
    df = np.bincount(stems, weights=weight[owner], minlength=vocabulary)
    n = weight.sum()
    idf = np.log((1 + n) / (1 + df)) + 1
    data = idf[stems]
    norms = np.sqrt(np.bincount(owner, weights=data * data, minlength=len(offsets) - 1))
    # divided in place: a float per (sentence, word) pair of the event is this step's largest
    data /= np.maximum(norms, 1e-12)[owner]
    del owner
    shape = (len(offsets) - 1, max(vocabulary, 1))
    return sparse.csr_matrix((data, stems, offsets), shape=shape)


def _pair_cosines(vectors: sparse.csr_matrix, codes: np.ndarray, block: int = 200_000):
    """The cosine of each pair of rows, the pairs given as minhash pair codes."""
    result = np.empty(len(codes))
    for lo in range(0, len(codes), block):
        chunk = minhash.decode_pairs(codes[lo : lo + block])
        product = vectors[chunk[:, 0]].multiply(vectors[chunk[:, 1]])
        result[lo : lo + len(chunk)] = np.asarray(product.sum(axis=1)).ravel()
    return result


def _seed_groups(
    n_nodes: int, edges: np.ndarray, weights: np.ndarray, multiplicity: np.ndarray
) -> np.ndarray:
    """Each node's group: the most central free node takes its free similar neighbours."""
    from scipy import sparse

    group = np.full(n_nodes, -1, dtype=np.int64)
    if len(edges):
        both = np.concatenate((edges, edges[:, ::-1]))
        w = np.concatenate((weights, weights))
        graph = sparse.csr_matrix((w, (both[:, 0], both[:, 1])), shape=(n_nodes, n_nodes))
        # centrality counts identical sentences too: a sentence repeated by five articles
        # is a better seed than a one-off variant of it
        centrality = multiplicity + graph @ multiplicity
        linked = np.flatnonzero(np.diff(graph.indptr) > 0)
        indptr, indices = graph.indptr, graph.indices
        for seed in linked[np.argsort(-centrality[linked], kind="stable")]:
            if group[seed] >= 0:
                continue
            group[seed] = seed
            neighbours = indices[indptr[seed] : indptr[seed + 1]]
            group[neighbours[group[neighbours] < 0]] = seed
    alone = group < 0
    group[alone] = np.flatnonzero(alone)
    return pd.factorize(group)[0].astype(np.int64)


def _centrality(vectors: sparse.csr_matrix, group: np.ndarray, multiplicity: np.ndarray):
    """Each node's cosine to its group's (multiplicity-weighted) centroid."""
    from scipy import sparse

    central = np.ones(len(group))  # a node alone in its group is its own centroid
    shared = np.flatnonzero(np.bincount(group, minlength=len(group))[group] > 1)
    if len(shared) == 0:
        return central
    code = pd.factorize(group[shared])[0]
    membership = sparse.csr_matrix(
        (multiplicity[shared].astype(float), (code, np.arange(len(shared)))),
        shape=(int(code.max()) + 1, len(shared)),
    )
    own = vectors[shared]
    centroid = membership @ own
    norms = np.sqrt(np.asarray(centroid.multiply(centroid).sum(axis=1)).ravel())
    dots = np.asarray(own.multiply(centroid[code]).sum(axis=1)).ravel()
    central[shared] = dots / np.maximum(norms[code], 1e-12)
    return central


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """claims, claim_matrix, claim_sentences and exclusive_claims (see the module docstring)."""
    sentences = corpus.sentences.reset_index(drop=True)
    outlets = sorted(corpus.documents["outlet"].dropna().unique())
    if sentences.empty:
        return _empty(outlets)
    # each sentence's content words are found once, for the grouping and for the "only
    # here" share; the text column is read a chunk at a time, never as a list of every
    # sentence's text
    stems, offsets = content_sets(sentences["text"].array)
    # page furniture and an outlet's boilerplate state nothing: they are left unmatched, as
    # if their text were empty
    found = group_content_sets(
        *_without_sets(stems, offsets, not_a_claim(sentences)), sentences["language"].array
    )
    matched = found.group >= 0
    # the members without their text: only the claims' sentences and each group's chosen
    # text are read from the text column, by row
    members = sentences.loc[matched, ["url", "outlet", "sentence", "language"]].assign(
        group=found.group[matched],
        central=found.central[matched],
        node=found.node[matched],
        row=np.flatnonzero(matched),
    )

    spread = members.groupby("group").agg(
        n_outlets=("outlet", "nunique"), articles=("url", "nunique"), sentences=("url", "size")
    )
    spread = spread[spread.articles >= 2]
    if spread.empty:
        exclusive = _exclusive(sentences, members, found, corpus.event, (stems, offsets))
        return {**_empty(outlets), EXCLUSIVE_CLAIMS: exclusive}
    best = (
        members[members.group.isin(spread.index)]
        .sort_values(["group", "central", "url", "sentence"], ascending=[True, False, True, True])
        .groupby("group")
        .first()
    )
    # a matched sentence always has its text, so the first text is the first row's
    best = best.assign(text=_texts(sentences, best["row"]))
    spread = spread.join(best[["text", "language"]])
    spread = spread.sort_values(
        ["n_outlets", "articles", "sentences", "text"], ascending=[False, False, False, True]
    )
    claim_of = {g: f"c{i}" for i, g in enumerate(spread.index, start=1)}

    in_claims = members[members.group.isin(claim_of)].assign(claim=lambda m: m.group.map(claim_of))
    ordered = spread.reset_index().assign(claim=lambda s: s.group.map(claim_of))
    claims = claims_table(
        ordered[["claim", "text", "language"]], in_claims, outlets, corpus.republished
    )

    order = {c: i for i, c in enumerate(claims.claim)}
    claim_sentences = in_claims.assign(rank=in_claims.claim.map(order)).sort_values(
        ["rank", "outlet", "url", "sentence"]
    )
    # the evidence is the sentence as written (the corpus's "sentence" is its index)
    claim_sentences = claim_sentences[["claim", "outlet", "url", "row"]].assign(
        sentence=lambda c: _texts(sentences, c["row"])
    )[MEMBER_COLUMNS]
    claim_matrix = matrix_table(in_claims, claims["claim"], outlets)

    exclusive = _exclusive(sentences, members, found, corpus.event, (stems, offsets))
    return {
        CLAIMS: claims,
        CLAIM_MATRIX: claim_matrix,
        CLAIM_SENTENCES: claim_sentences.reset_index(drop=True),
        EXCLUSIVE_CLAIMS: exclusive,
    }


def _texts(sentences: pd.DataFrame, rows: pd.Series) -> pd.Series:
    """The sentences' text at these rows, indexed as the rows are."""
    return pd.Series(
        sentences["text"].take(rows.to_numpy()).array, index=rows.index, name="text", copy=False
    )


def _without_sets(
    stems: np.ndarray, offsets: np.ndarray, dropped: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The flat content sets with the dropped sentences' sets emptied (their count kept)."""
    sizes = np.diff(offsets)
    sizes[dropped] = 0
    kept = np.repeat(~dropped, np.diff(offsets))
    return stems[kept], np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


def claims_table(
    ordered: pd.DataFrame,
    members: pd.DataFrame,
    outlets: list[str],
    republished: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """The claims table: `ordered` gives each claim's text and language in claim order,
    `members` its sentences (claim, outlet, url); claims without a member are left out.
    `republished` (url -> outlets whose wire copies of it were left out of the count): those
    outlets report what the article reports, so they are among its claims' outlets and never
    in their omitted_by."""
    spread = members.groupby("claim").agg(
        n_outlets=("outlet", "nunique"), articles=("url", "nunique"), sentences=("url", "size")
    )
    table = ordered[ordered["claim"].isin(spread.index)][["claim", "text", "language"]]
    table = table.join(spread, on="claim")
    republished = republished or {}
    via_copies = [
        (claim, outlet)
        for claim, url in zip(members["claim"], members["url"], strict=True)
        for outlet in republished.get(url, ())
    ]
    reporters = pd.concat(
        [members[["claim", "outlet"]], pd.DataFrame(via_copies, columns=["claim", "outlet"])]
    )
    reporters = reporters.drop_duplicates().sort_values(["claim", "outlet"])
    by_claim = {c: list(o) for c, o in reporters.groupby("claim", sort=False)["outlet"]}
    every_outlet = sorted({*outlets, *(o for named in republished.values() for o in named)})
    table["outlets"] = ["; ".join(by_claim[c]) for c in table["claim"]]
    table["n_outlets"] = [len(by_claim[c]) for c in table["claim"]]
    table["omitted_by"] = [
        "; ".join(o for o in every_outlet if o not in reported)
        for reported in (set(by_claim[c]) for c in table["claim"])
    ]
    return table[CLAIM_COLUMNS].reset_index(drop=True)


def matrix_table(members: pd.DataFrame, claims: pd.Series, outlets: list[str]) -> pd.DataFrame:
    """claim_matrix: per claim (in the given order), each outlet's sentences in it."""
    if members.empty:
        matrix = pd.DataFrame(index=pd.Index([], name="claim"), columns=outlets)
    else:
        matrix = (
            members.pivot_table(index="claim", columns="outlet", values="url", aggfunc="size")
            .reindex(index=claims, columns=outlets)
            .fillna(0)
            .astype(int)
        )
    matrix.columns.name = None
    return matrix.rename(columns=outlet_columns(outlets, ["claim"])).reset_index()


# Under a filter the claim groups stay as found on the whole event (claim ids are the same
# under every filter); who reports each claim is counted again from its chosen sentences.
# omitted_by lists the outlets with a chosen article that is counted.


def recount_claims(view: Filtered) -> pd.DataFrame:
    """claims over the chosen claim sentences, in the event's claim order."""
    copies = view.articles
    republished: dict[str, list[str]] = {}
    if not view.include_copies and "duplicate_of" in copies.columns:
        copies = copies[copies["duplicate_of"].fillna("") != ""]
        for outlet, original in zip(copies["outlet"], copies["duplicate_of"], strict=True):
            republished.setdefault(original, []).append(outlet)
    return claims_table(
        view.whole[CLAIMS], view.tables[CLAIM_SENTENCES], view.counted_outlets, republished
    )


def recount_matrix(view: Filtered) -> pd.DataFrame:
    """claim_matrix over the chosen claim sentences, rows as the recounted claims table."""
    return matrix_table(
        view.tables[CLAIM_SENTENCES], view.tables[CLAIMS]["claim"], view.counted_outlets
    )


def not_a_claim(sentences: pd.DataFrame) -> np.ndarray:
    """Per sentence: page furniture (credits, bylines, captions, links, newsletter prompts)
    or boilerplate (the same sentence in two or more articles of one outlet)."""
    texts = sentences["text"].astype(str)
    furniture = texts.str.contains(FURNITURE).to_numpy()
    # the folded text grouped by a 64-bit hash of it, not as a folded copy of every sentence
    # (two different sentences of one outlet share a hash with odds of about n**2 / 2**65)
    per_outlet = pd.DataFrame(
        {
            "outlet": pd.factorize(sentences["outlet"])[0],
            "folded": _folded_hashes(texts),
            # a missing url is not an article: nunique leaves NaN out
            "url": pd.Series(pd.factorize(sentences["url"])[0]).where(lambda u: u >= 0),
        }
    )
    known = per_outlet["outlet"].to_numpy() >= 0  # a sentence without an outlet is no one's
    articles = np.zeros(len(per_outlet))
    articles[known] = (
        per_outlet[known].groupby(["outlet", "folded"])["url"].transform("nunique").to_numpy()
    )
    return furniture | (articles >= 2)


def _folded_hashes(texts: pd.Series, chunk: int = 20_000) -> np.ndarray:
    """Each text's folded form as a 64-bit hash, folded a chunk of texts at a time."""
    hashes = np.empty(len(texts), dtype=np.uint64)
    for lo in range(0, len(texts), chunk):
        folded = np.asarray([fold(t) for t in texts.iloc[lo : lo + chunk]], dtype=object)
        hashes[lo : lo + len(folded)] = pd.util.hash_array(folded)
    return hashes


def _on_topic_share(
    sentences: pd.DataFrame,
    candidate: np.ndarray,
    event: Event,
    sets: tuple[np.ndarray, np.ndarray] | None = None,
    chunk: int = 1 << 22,
) -> np.ndarray:
    """Per candidate sentence: the share of its content words that another outlet of the
    event uses somewhere in its coverage, or the event's title, keywords or actors use
    (NaN for the others). `sets`: the sentences' content_sets, when found already; the
    words are read `chunk` at a time."""
    share = np.full(len(sentences), np.nan)
    stems, offsets = sets if sets is not None else content_sets(sentences["text"].array)
    owner = minhash.set_index(offsets)
    outlet_code = pd.factorize(sentences["outlet"])[0] + 1  # a missing outlet (-1) is one too
    # outlets per stem, from the distinct (stem, outlet) pairs as one sorted uint64 each,
    # found a chunk of words at a time: the distinct pairs are far fewer than the words
    pairs = np.zeros(0, dtype=np.uint64)
    for lo in range(0, len(stems), chunk):
        part = stems[lo : lo + chunk].astype(np.uint64) << np.uint64(32)
        part |= outlet_code[owner[lo : lo + chunk]].astype(np.uint64)
        pairs = np.unique(np.concatenate((pairs, np.unique(part))))
    used_stems, outlets_using = np.unique(pairs >> np.uint64(32), return_counts=True)
    del pairs
    names = [name for actor in event.actors for name in (actor.name, *actor.aliases)]
    topic, _ = content_sets([" ".join([event.title, *event.keywords, *names])])
    hits = np.zeros(len(sentences))
    for lo in range(0, len(stems), chunk):
        part = stems[lo : lo + chunk]
        # the own outlet is one of them
        elsewhere = outlets_using[np.searchsorted(used_stems, part)] >= 2
        elsewhere |= np.isin(part, topic)
        hits += np.bincount(owner[lo : lo + chunk], weights=elsewhere, minlength=len(sentences))
    sizes = np.diff(offsets)
    share[candidate] = hits[candidate] / np.maximum(sizes[candidate], 1)
    return share


def _pairs(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Distinct (high, low) pairs of non-negative 32-bit numbers, each packed in one int64."""
    return np.unique((high.astype(np.int64) << 32) | low.astype(np.int64))


def _lonely_nodes(members: pd.DataFrame, edges: np.ndarray) -> np.ndarray:
    """The nodes (sorted) whose statement reaches exactly one outlet: the outlets of their
    own sentences, of their group's and of their verified neighbours' own, taken together.

    A member's outlet is one of its group's, so a node reaches its groups' outlets and its
    neighbours' own. Only a node whose groups span at most one outlet can be alone, and only
    its edges are followed: numbers in numpy, no joins of every member's outlet name."""
    node = members["node"].to_numpy(np.int64)
    group = members["group"].to_numpy(np.int64) + 1  # 0 for a sentence of no group
    outlet = pd.factorize(members["outlet"])[0]  # -1: no outlet, which reaches no one
    valid = outlet >= 0
    if not len(node):
        return np.zeros(0, dtype=np.int64)
    n_nodes = int(node.max()) + 1
    group_outlets = _pairs(group[valid], outlet[valid])
    in_group = group_outlets >> 32
    outlets_of_group = np.bincount(in_group, minlength=int(group.max()) + 1)
    # the outlet of each group of one outlet (-1 for the others)
    only_outlet = np.full(len(outlets_of_group), -1, dtype=np.int64)
    single = outlets_of_group[in_group] == 1
    only_outlet[in_group[single]] = group_outlets[single] & 0xFFFFFFFF
    node_groups = _pairs(node, group)
    pair_node, pair_group = node_groups >> 32, node_groups & 0xFFFFFFFF
    widest = np.zeros(n_nodes, dtype=np.int64)
    np.maximum.at(widest, pair_node, outlets_of_group[pair_group])
    maybe = np.zeros(n_nodes, dtype=bool)
    maybe[pair_node] = widest[pair_node] <= 1

    # (node, outlet) reached: through its groups, then through its neighbours' own sentences
    keep = maybe[pair_node] & (only_outlet[pair_group] >= 0)
    reached = [_pairs(pair_node[keep], only_outlet[pair_group[keep]])]
    own = _pairs(node[valid], outlet[valid])
    own_node, own_outlet = own >> 32, own & 0xFFFFFFFF
    starts = np.searchsorted(own_node, np.arange(n_nodes + 1))
    both = np.concatenate((edges, edges[:, ::-1])).astype(np.int64) if len(edges) else edges
    if len(both):
        both = both[maybe[both[:, 0]]]
        counts = starts[both[:, 1] + 1] - starts[both[:, 1]]
        source = np.repeat(both[:, 0], counts)
        # each edge's run of its neighbour's outlets in `own`
        first = np.repeat(starts[both[:, 1]] - np.cumsum(counts) + counts, counts)
        reached.append(_pairs(source, own_outlet[first + np.arange(len(source))]))
    reach = np.unique(np.concatenate(reached)) >> 32
    per_node = np.bincount(reach, minlength=n_nodes)
    return np.flatnonzero(maybe & (per_node == 1))


def _exclusive(
    sentences: pd.DataFrame,
    members: pd.DataFrame,
    found: SentenceGroups,
    event: Event,
    sets: tuple[np.ndarray, np.ndarray] | None = None,
) -> pd.DataFrame:
    """ "Only here" sentences: matched, reaching no other outlet, attributed, on the topic."""
    lonely = _lonely_nodes(members, found.edges)

    words = sentences["text"].str.count(r"\w+")
    # sentences only meet within one language: an outlet alone in its language reports
    # nothing "only here", its sentences simply had no one to be compared with
    peers = sentences.groupby("language")["outlet"].transform("nunique")
    candidate = (
        (found.node >= 0)
        & np.isin(found.node, lonely)
        & (words >= FACT_MIN_WORDS).to_numpy()
        & (peers >= 2).to_numpy()
    )
    share = _on_topic_share(sentences, candidate, event, sets)
    # on the shared topic, but not a claim the others make in other words
    candidate &= (share >= TOPIC_SHARE[0]) & (share < TOPIC_SHARE[1])
    fact_like = np.zeros(len(sentences), dtype=bool)
    # only the candidates' texts as Python strings, not every sentence's
    candidates = sentences["text"].take(np.flatnonzero(candidate))
    fact_like[candidate] = [bool(QUOTED.search(t)) for t in candidates]
    table = sentences.loc[fact_like, ["outlet", "url", "text"]].rename(columns={"text": "sentence"})
    return table.sort_values(["outlet", "url"], kind="stable").reset_index(drop=True)


def _empty(outlets: list[str]) -> dict[str, pd.DataFrame]:
    return {
        CLAIMS: pd.DataFrame(columns=CLAIM_COLUMNS),
        CLAIM_MATRIX: pd.DataFrame(columns=["claim", *outlets]),
        CLAIM_SENTENCES: pd.DataFrame(columns=MEMBER_COLUMNS),
        EXCLUSIVE_CLAIMS: pd.DataFrame(columns=EXCLUSIVE_COLUMNS),
    }


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Pairwise F1 and adjusted Rand index of the grouping against the labelled sentences.

    Each sample sentence counts as its own article, so any predicted group of two or more
    sentences is a claim; gold singletons (claim null) and unmatched sentences are groups of
    one.
    """
    from sklearn.metrics import adjusted_rand_score

    from ingest.stories import pairwise_scores  # discovery's code, needed only here

    samples = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))["sentences"]
    texts = [s["text"] for s in samples]
    found = group_sentences(texts, [s.get("language", "") for s in samples])
    sizes = pd.Series(found.group).map(pd.Series(found.group).value_counts())
    predicted = np.where((found.group >= 0) & (sizes >= 2), found.group, -1 - np.arange(len(texts)))
    gold = [s["claim"] or f"single-{i}" for i, s in enumerate(samples)]
    gold_code = pd.factorize(pd.Series(gold))[0]

    precision, recall, f1 = pairwise_scores(predicted, gold_code)
    return {
        "claim_grouping_precision": precision,
        "claim_grouping_recall": recall,
        "claim_grouping_agreement": f1,
        "claim_grouping_ari": float(adjusted_rand_score(gold_code, predicted)),
    }
