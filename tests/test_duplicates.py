"""Wire copies and the MinHash/LSH machinery behind them, on corpora built in code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ingest.config import load_config
from ingest.files import load_demo
from ingest.store import Store
from models import minhash
from models.corpus import load_corpus
from models.duplicates import COLUMNS, article_shingles, copy_pairs, evaluate, find_duplicates
from models.evaluation import failures, load_minimums
from tests.conftest import REPO

WIRE = """Ministers agree to reopen the northern rail line
ARDEN (Harbour Press) - The transport ministry said on Monday that the northern rail line, closed
for two years after a landslide, would reopen to passengers in September after repairs costing
about 140 million dollars.
Engineers have rebuilt four bridges and a tunnel entrance along the route, which links the
capital with the mining towns of the north. Freight trains will return first, in July, followed
by three passenger services a day in each direction.
Local mayors welcomed the decision but said the timetable was too thin for commuters. "Three
trains a day is a museum service, not a railway," said Ilse Varga, the mayor of Kettering.
The opposition said the repairs had taken twice as long as promised and asked the audit office
to review the contracts. The ministry said the delays were caused by the unusually wet winter.
Reporting by Jonas Bell; Editing by Mira Stone"""

# the same story told in other words by another outlet: not a copy
REWRITE = """Northern line to carry passengers again from September
The railway that connects the capital to the northern mining towns will take passengers again
in September, two years after a landslide cut it, the transport ministry announced on Monday.
Repairs have cost some 140 million dollars: four bridges were rebuilt, as was the mouth of a
tunnel. Goods trains come back in July. Passengers will get three trains each way per day,
which mayors in the region say is far too few for people travelling to work; Kettering's mayor
Ilse Varga called it a museum service rather than a railway.
Opposition politicians want the audit office to examine why the work took twice as long as
planned, while the ministry blames the wet winter."""


def _articles(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["url", "outlet", "published", "text"])


def _copy_of(text: str, headline: str) -> str:
    """A reprint: its own headline line, no dateline credit and no credit line."""
    lines = text.splitlines()
    body = "\n".join(lines[1:-1]).replace("ARDEN (Harbour Press) - ", "ARDEN - ")
    return f"{headline}\n{body}"


def test_a_reprint_with_its_own_headline_is_a_copy_of_the_earlier_original():
    reprint = _copy_of(WIRE, "Rail line to reopen after two years, ministry says") + (
        "\nThis article was supplied by a news agency and is republished with permission."
    )
    documents = _articles(
        [
            ("https://local.example/rail", "Local News", "2020-03-03", reprint),
            ("https://wire.example/rail", "Harbour Press", "2020-03-02", WIRE),
            ("https://paper.example/rail", "The Paper", "2020-03-02", REWRITE),
        ]
    )
    found = find_duplicates(documents)
    assert list(found.columns) == COLUMNS
    # the reprint is longer (it adds a line), but the wire story was published first
    assert found[["url", "duplicate_of", "original_outlet"]].values.tolist() == [
        ["https://local.example/rail", "https://wire.example/rail", "Harbour Press"]
    ]
    assert 0.8 <= found.similarity.iloc[0] <= 1.0


def test_a_same_story_rewrite_is_not_a_copy():
    documents = _articles(
        [
            ("https://wire.example/rail", "Harbour Press", "2020-03-02", WIRE),
            ("https://paper.example/rail", "The Paper", "2020-03-02", REWRITE),
        ]
    )
    assert find_duplicates(documents).empty


def test_same_day_the_longer_text_is_the_original_and_undated_comes_last():
    shorter = _copy_of(WIRE, "Rail line to reopen")
    documents = _articles(
        [
            ("https://a.example/1", "A", "2020-03-02", shorter),
            ("https://b.example/1", "B", "2020-03-02", WIRE),
            ("https://c.example/1", "C", "", WIRE),
        ]
    )
    found = find_duplicates(documents).set_index("url")
    assert set(found.index) == {"https://a.example/1", "https://c.example/1"}
    assert set(found.duplicate_of) == {"https://b.example/1"}


def test_empty_and_single_corpora_give_the_empty_table():
    assert list(find_duplicates(_articles([])).columns) == COLUMNS
    one = _articles([("https://wire.example/rail", "Harbour Press", "2020-03-02", WIRE)])
    assert find_duplicates(one).empty


def _synthetic_articles(n: int, copies: int, seed: int = 3) -> tuple[pd.DataFrame, set]:
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(5000)]
    rows, truth = [], set()
    for i in range(n):
        words = rng.choice(vocabulary, size=200)
        rows.append(
            (f"https://o{i % 20}.example/{i}", f"Outlet {i % 20}", "2020-01-05", " ".join(words))
        )
    for k in range(copies):
        url, _, _, text = rows[k]
        words = text.split()
        words[rng.integers(len(words))] = "edited"
        copy_url = f"https://copies.example/{k}"
        rows.append((copy_url, "Copier", "2020-01-06", "Headline line " + " ".join(words[:-8])))
        truth.add((copy_url, url))
    return _articles(rows), truth


def test_copies_are_found_without_comparing_all_pairs():
    documents, truth = _synthetic_articles(600, copies=30)
    values, offsets, _ = article_shingles(documents.text.tolist())
    _, _, candidates = copy_pairs(values, offsets)
    n = len(documents)
    assert candidates < 0.01 * n * (n - 1) / 2
    found = find_duplicates(documents)
    assert set(zip(found.url, found.duplicate_of, strict=True)) == truth


def test_evaluation_meets_the_reported_figures():
    minimums = load_minimums()
    names = [f"duplicate_detection_{m}" for m in ("f1", "precision", "recall")]
    assert failures(evaluate(), {n: minimums[n] for n in names}) == []


def test_demo_reprint_is_a_copy_of_the_wire_story(tmp_path):
    config = load_config(REPO / "config")
    event = config.event("venezuela-2019")
    with Store(tmp_path / "demo.db") as store:
        load_demo(config, store)
        corpus = load_corpus(store, event, config)
    found = find_duplicates(corpus.documents)
    assert found[["outlet", "original_outlet"]].values.tolist() == [
        ["Harbor Daily Ledger", "Global Wire Service"]
    ]
    assert "maduro-rallies-troops" in found.url.iloc[0]
    assert found.duplicate_of.iloc[0].startswith("https://globalwire.example/")


# --- models.minhash -------------------------------------------------------------------------


def _flat(sets: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    values = np.array([v for s in sets for v in s], dtype=np.uint32)
    offsets = np.concatenate(([0], np.cumsum([len(s) for s in sets]))).astype(np.int64)
    return minhash.unique_per_set(values, offsets)


def test_signature_agreement_estimates_jaccard_similarity():
    a = list(range(0, 400))
    b = list(range(100, 500))  # Jaccard 300 / 500 = 0.6
    values, offsets = _flat([a, b, []])
    signature = minhash.signatures(values, offsets, 512)
    assert (signature[0] == signature[1]).mean() == pytest.approx(0.6, abs=0.07)
    assert (signature[2] == minhash.EMPTY).all()
    assert minhash.intersection_sizes(values, offsets, np.array([[0, 1], [1, 2]])).tolist() == [
        300,
        0,
    ]


def test_signatures_do_not_depend_on_the_other_sets():
    values, offsets = _flat([[5, 9, 12, 40], [7, 8]])
    alone_values, alone_offsets = _flat([[40, 12, 9, 5]])
    together = minhash.signatures(values, offsets, 64)
    alone = minhash.signatures(alone_values, alone_offsets, 64)
    assert (together[0] == alone[0]).all()


def test_hashed_words_fold_and_shingles_cover_short_texts():
    values, offsets = minhash.hashed_words(["Guaidó said 3,000", "GUAIDO SAID 3000", ""])
    assert offsets.tolist() == [0, 3, 6, 6]
    assert values[0:3].tolist() == values[3:6].tolist()
    _, shingle_offsets = minhash.shingle_hashes(values, offsets, 5)
    assert np.diff(shingle_offsets).tolist() == [1, 1, 0]  # shorter than 5 words: one shingle


def test_large_buckets_are_met_through_their_leaders_only():
    signature = np.zeros((300, 4), dtype=np.uint32)  # 300 identical sets: one bucket per band
    found = minhash.candidate_pairs(signature, 2, 2, max_bucket=50, leaders=3)
    assert found.large_buckets == 2
    assert len(found.pairs) < 3 * 300
    assert (found.pairs[:, 0] < found.pairs[:, 1]).all()


def test_banded_candidate_pairs_are_those_of_the_whole_signature():
    # near-duplicate sets in two partitions, some empty, so every branch of the banding runs
    rng = np.random.default_rng(7)
    base = [rng.choice(5000, size=rng.integers(3, 40), replace=False).tolist() for _ in range(60)]
    sets = base + [s[: max(1, len(s) - 2)] for s in base] + [[], [], base[0]]
    values, offsets = _flat(sets)
    partition = np.arange(len(sets)) % 2
    for kwargs in ({}, {"partition": partition, "max_bucket": 3, "leaders": 2}):
        whole = minhash.candidate_pairs(minhash.signatures(values, offsets, 32), 16, 2, **kwargs)
        banded = minhash.banded_candidate_pairs(values, offsets, 16, 2, **kwargs)
        assert len(whole.pairs) > 0
        assert banded.pairs.tolist() == whole.pairs.tolist()
        assert banded.large_buckets == whole.large_buckets
    nothing = minhash.banded_candidate_pairs(*_flat([[], [1]]), 4, 2)
    assert nothing.pairs.shape == (0, 2)


def test_band_by_band_pair_codes_join_into_the_banded_candidate_pairs():
    rng = np.random.default_rng(11)
    base = [rng.choice(3000, size=rng.integers(3, 30), replace=False).tolist() for _ in range(80)]
    sets = base + [s[: max(1, len(s) - 1)] for s in base] + [[], base[3]]
    values, offsets = _flat(sets)
    kwargs = {"partition": np.arange(len(sets)) % 3, "max_bucket": 3, "leaders": 2}
    banded = minhash.banded_candidate_pairs(values, offsets, 16, 2, **kwargs)
    bands = list(minhash.banded_pair_codes(values, offsets, 16, 2, **kwargs))
    assert len(bands) == 16
    for codes in bands:  # each band's codes sorted and distinct
        assert (np.diff(codes) > 0).all()
    joined = np.unique(np.concatenate(bands))
    assert minhash.decode_pairs(joined).tolist() == banded.pairs.tolist()
    assert list(minhash.banded_pair_codes(*_flat([[], [1]]), 4, 2)) == []
