"""Scoring without skops or scikit-learn: the saved file read as JSON and plain arrays, the
pipeline's arithmetic repeated in numpy, the same probabilities to the last bit; anything the
reader does not reproduce goes back to skops and the pipeline. The NewsMTSC part needs
FRAMING_DATA."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest
import skops.io

from ingest.config import Actor
from models import tone_model, tone_train
from models.actors import find_mentions
from models.realdata import newsmtsc

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "evaluation" / "tone.json"


def _bits(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.float64).view(np.int64)


def _pipelines_own(rows: list[dict], model=None) -> np.ndarray:
    model = model if model is not None else tone_model.load()
    order = [list(model.classes_).index(c) for c in tone_model.CLASSES]
    return model.predict_proba(tone_model.frame(rows))[:, order]


def _sample_rows() -> list[dict]:
    rows = []
    for item in json.loads(SAMPLES.read_text(encoding="utf-8"))["items"]:
        actor = Actor(item["actor"], tuple(item.get("aliases", ())))
        spans = [(m.start, m.end) for m in find_mentions(item["text"], (actor,))]
        if spans:
            rows.append(tone_model.features(item["text"], spans))
    return rows


def _small_rows() -> tuple[list[dict], np.ndarray]:
    sentences = ["Varga won praise.", "Varga lost the vote.", "Varga and Brandt met."] * 4
    labels = ["positive", "negative", "neutral"] * 4
    return [tone_model.features(s, [(0, 5)]) for s in sentences], np.array(labels)


def test_the_saved_file_is_read_without_skops_and_scores_as_the_pipeline_on_the_samples():
    assert isinstance(tone_model.loaded(), tone_model.Scorer)
    rows = _sample_rows()
    assert len(rows) > 50
    found = tone_model.probabilities(rows)
    np.testing.assert_array_equal(_bits(found), _bits(_pipelines_own(rows)))
    # the Scorer read from the file and the one taken from the loaded pipeline agree too
    from_pipeline = tone_model.probabilities(rows, tone_model.load())
    np.testing.assert_array_equal(_bits(from_pipeline), _bits(found))


def test_scoring_equals_the_pipeline_to_the_bit_on_every_newsmtsc_row():
    value = os.environ.get("FRAMING_DATA", "")
    folder = Path(value) / "newsmtsc" if value else None
    files = ("train.jsonl", "devtest_rw.jsonl", "devtest_mt.jsonl")
    if folder is None or not all((folder / name).is_file() for name in files):
        pytest.skip("no NewsMTSC: set FRAMING_DATA to the folder that holds newsmtsc/")
    rows = [
        tone_model.features(t.sentence, list(t.spans))
        for name in files
        for t in newsmtsc.targets(folder / name)
    ]
    np.testing.assert_array_equal(
        _bits(tone_model.probabilities(rows)), _bits(_pipelines_own(rows))
    )


@pytest.mark.parametrize("classes", [2, 3, 4])
def test_the_decision_and_softmax_equal_logistic_regressions_own(classes):
    # a binary model has one row of coefficients and the logistic function, not the softmax
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    generator = np.random.default_rng(classes)
    matrix = sparse.random(300, 40, density=0.2, format="csr", random_state=generator) * 5
    matrix.sort_indices()
    labels = generator.integers(0, classes, 300)
    classifier = LogisticRegression(C=10.0, max_iter=2000).fit(matrix, labels)
    # the matrix as two blocks of columns side by side, each block's entries in CSR order
    blocks = [matrix[:, :25].tocoo(), matrix[:, 25:].tocoo()]
    entries = [
        (block.row, block.col + offset, block.data)
        for block, offset in zip(blocks, (0, 25), strict=True)
    ]
    found = tone_model._predict_proba(entries, 300, classifier.coef_, classifier.intercept_)
    np.testing.assert_array_equal(_bits(found), _bits(classifier.predict_proba(matrix)))


def _rewritten(path: Path, out: Path, replace: dict[str, bytes]) -> Path:
    """A copy of the skops file with members replaced or added."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name not in replace:
                target.writestr(name, source.read(name))
        for name, content in replace.items():
            target.writestr(name, content)
    return out


def test_the_reader_refuses_anything_but_json_and_plain_arrays(tmp_path):
    read = tone_model.scorer.__wrapped__
    extra = _rewritten(tone_model.MODEL_FILE, tmp_path / "extra.skops", {"model.pkl": b"x"})
    with pytest.raises(ValueError, match=r"extra\.skops: .*model\.pkl"):
        read(extra)
    # an array of Python objects is stored pickled: refused, not unpickled
    schema = json.loads(zipfile.ZipFile(tone_model.MODEL_FILE).read("schema.json"))
    classifier = schema["content"]["content"]["steps"]["content"][1]["content"][1]
    member = classifier["content"]["content"]["classes_"]["file"]
    pickled = io.BytesIO()
    np.save(pickled, np.array(["negative", None, 3], dtype=object), allow_pickle=True)
    objects = _rewritten(
        tone_model.MODEL_FILE, tmp_path / "objects.skops", {member: pickled.getvalue()}
    )
    with pytest.raises(ValueError, match=rf"objects\.skops: {member} is no plain numpy array"):
        read(objects)
    broken = tmp_path / "broken.skops"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"broken\.skops"):
        read(broken)


def test_a_small_saved_model_is_read_and_scored_as_fitted(tmp_path):
    rows, labels = _small_rows()
    # sparse whatever its density, as the packaged model's is
    model = tone_train.pipeline().set_params(features__sparse_threshold=1.0)
    model.fit(tone_model.frame(rows), labels)
    path = tmp_path / "small.skops"
    tone_train.save(model, path)
    scorer = tone_model.scorer.__wrapped__(path)
    assert isinstance(scorer, tone_model.Scorer)
    np.testing.assert_array_equal(
        _bits(tone_model.probabilities(rows, scorer)), _bits(_pipelines_own(rows, model))
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"features__masked__ngram_range": (1, 3)},
        {"features__window__norm": "l1"},
        {"features__clause__lowercase": False},
        {"features__window__binary": True},
        {"features__masked__stop_words": ["the"]},
        {"features__transformer_weights": {"masked": 2.0}},
        {"features__numbers__with_std": False},
        {"features__sparse_threshold": 0.0},  # a dense matrix: multiplied with other rounding
    ],
)
def test_a_pipeline_set_otherwise_is_scored_by_the_pipeline_loaded_by_skops(tmp_path, settings):
    rows, labels = _small_rows()
    model = tone_train.pipeline().set_params(**{"features__sparse_threshold": 1.0, **settings})
    model.fit(tone_model.frame(rows), labels)
    path = tmp_path / "other.skops"
    tone_train.save(model, path)
    assert skops.io.get_untrusted_types(file=path) == []
    assert tone_model.scorer.__wrapped__(path) is None
    assert tone_model.scorer_of(model) is None
    fallback = tone_model.loaded.__wrapped__(path)
    assert not isinstance(fallback, tone_model.Scorer)
    np.testing.assert_array_equal(
        _bits(tone_model.probabilities(rows, fallback)), _bits(_pipelines_own(rows, model))
    )


def test_a_file_needing_an_untrusted_type_is_not_scored_and_not_loaded(tmp_path):
    model = tone_train.pipeline()
    model.set_params(features__masked__preprocessor=json.dumps)
    path = tmp_path / "tampered.skops"
    skops.io.dump(model, path)
    assert tone_model.scorer.__wrapped__(path) is None
    with pytest.raises(ValueError, match="untrusted"):
        tone_model.loaded.__wrapped__(path)


def test_scoring_a_corpus_imports_neither_scikit_learn_nor_skops_nor_scipy():
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path

        import pandas as pd

        from ingest.config import Actor, Event
        from models import tone
        from models.corpus import DOCUMENT_COLUMNS, Corpus

        texts = [
            "Critics accused Varga of lying, and Brandt praised her courage.",
            "Brandt, a respected former judge, denied it, Varga said.",
        ]
        documents = pd.DataFrame(
            [
                {"url": f"https://post.example/{i}", "outlet": "Post", "title": "",
                 "author": "", "published": "", "sitename": "Post", "language": "en",
                 "text": text, "words": len(text.split())}
                for i, text in enumerate(texts)
            ],
            columns=DOCUMENT_COLUMNS,
        )
        actors = (Actor("Elena Varga", ("Varga",)), Actor("Dieter Brandt", ("Brandt",)))
        event = Event("test", "Test", Path("test.toml"), actors=actors, axes=())
        evidence = tone.analyse(Corpus(event, documents, groups={}))["tone_evidence"]
        assert len(evidence) == 4, evidence
        print(sorted(m for m in ("sklearn", "skops", "scipy") if m in sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
