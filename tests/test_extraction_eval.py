"""The real-page evaluation on a folder in the benchmark's layout, built here from invented
pages: the metric, the figures beside bare trafilatura's, and the CLI listing wrong calls."""

from __future__ import annotations

import gzip
import json

import pytest

from dashboard.cli import main
from models.realdata.extraction import evaluate, page_counts, scores
from tests.pagekind_pages import LABELLED


def test_page_counts_follow_the_benchmark_metric():
    assert page_counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = page_counts("one two three four five", "one two three four six")
    assert (tp, fp, fn) == (1 / 3, 1 / 3, 1 / 3)
    assert page_counts("some true text here", "") == (0.0, 0.0, 1.0)
    # a page with no prediction counts for recall only, as the benchmark averages
    f1, precision, recall = scores([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)])
    assert (precision, recall) == (1.0, 0.5) and f1 == pytest.approx(2 / 3)


def _folder(tmp_path, names: list[str]):
    folder = tmp_path / "extraction-dev"
    (folder / "html").mkdir(parents=True)
    truth = {}
    for number, (name, url, doc, _) in enumerate(p for p in LABELLED if p[0] in names):
        page_id = f"{number:04d}"
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(doc.encode()))
        truth[page_id] = {"url": url, "articleBody": f"{name} is not checked for its text"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_figures_come_with_bare_trafilaturas_and_list_the_wrong_calls(tmp_path):
    folder = _folder(tmp_path, ["news article, JSON-LD", "front page"])
    figures = {f.metric: f for f in evaluate(folder)}
    assert figures["extraction_rejected"].value == 1
    (note,) = figures["extraction_rejected"].notes
    assert note.startswith("https://courier.example/: not an article: the site's front page")
    assert figures["extraction_f1"].baseline_name == "bare trafilatura"
    margin = figures["extraction_f1_margin"].value
    assert margin == pytest.approx(
        figures["extraction_f1"].value - figures["extraction_f1"].baseline
    )


def test_framing_evaluate_extraction_prints_the_rejected_pages(tmp_path, capsys):
    _folder(tmp_path, ["news article, JSON-LD", "front page"])
    assert main(["evaluate", "extraction", "--data", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "extraction_rejected" in out.out and "FAIL" in out.out
    assert "https://courier.example/: not an article" in out.out
    assert "extraction_rejected" in out.err  # the gate line


def test_a_folder_without_ground_truth_is_one_line(tmp_path, capsys):
    (tmp_path / "extraction-dev").mkdir()
    assert main(["evaluate", "extraction", "--data", str(tmp_path)]) == 2
    assert "ground-truth.json" in capsys.readouterr().err
