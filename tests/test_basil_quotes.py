"""The BASIL quote measure's own rules, on records written for this test (no BASIL text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.realdata import DATASETS, basil_eval, basil_quotes

TEXT = (
    "Storm Hits Coast\n\n"
    "“The sea wall held,” Mayor Lena Ortiz said. “We were lucky this time.”\n\n"
    "Officials said the road would reopen on Friday."
)


def _record(spans: list[dict]) -> dict:
    return {
        "event_id": "e1",
        "article_id": "a1",
        "outlet": "Outlet",
        "title": "Storm Hits Coast",
        "text": TEXT,
        "url": "",
        "date": "",
        "main_event": "storm",
        "main_entities": ["Lena Ortiz"],
        "bias_spans": spans,
        "sentences": [
            {"start": 0, "end": 16},
            {"start": 18, "end": 60},
            {"start": 61, "end": 87},
            {"start": 89, "end": len(TEXT)},
        ],
    }


def _span(text: str, speaker: str, **extra) -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "quote": True, "speaker": speaker, **extra}


def test_who_counts_as_a_named_speaker():
    assert basil_quotes.is_person("Lena Ortiz")
    assert not basil_quotes.is_person("Republican Lawmakers")
    assert not basil_quotes.is_person("Obama campaign")
    assert not basil_quotes.is_person("NAACP")


def test_speaker_match_is_the_surname_in_the_found_speaker():
    assert basil_quotes.same_speaker("Lena Ortiz", "Mayor Lena Ortiz")
    assert basil_quotes.same_speaker("Lena Ortiz", "Ortiz")
    assert not basil_quotes.same_speaker("Lena Ortiz", "the mayor")


def test_counted_spans_leave_out_unnamed_and_title_spans():
    record = _record(
        [
            _span("“The sea wall held,”", "Lena_Ortiz"),
            _span("We were lucky", "other_pro"),
            {"start": 0, "end": 5, "quote": True, "speaker": "Lena_Ortiz", "in_title": True},
            {**_span("We were lucky", "Lena_Ortiz"), "quote": False},
        ]
    )
    spans = basil_quotes.annotated_spans(record)
    assert len(spans) == 1
    # the marks and the comma the experts took in are trimmed off
    assert TEXT[spans[0].start : spans[0].end] == "The sea wall held"


def test_a_split_quote_holds_a_span_across_its_attribution(tmp_path: Path):
    record = _record([_span("held,” Mayor Lena Ortiz said. “We were lucky", "Lena_Ortiz")])
    (tmp_path / "events.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    figures = {f.metric: f for f in basil_quotes.evaluate(tmp_path)}
    assert figures["quote_spans_found"].value == 1.0
    assert figures["quote_speaker_right"].value == 1.0
    assert figures["quote_spans_found"].baseline is not None


def test_basil_is_one_data_set_for_every_basil_measure(tmp_path: Path):
    folder, module, _ = DATASETS["basil"]
    assert (folder, module) == ("basil-dev", "models.realdata.basil_eval")
    record = _record([_span("The sea wall held", "Lena_Ortiz")])
    (tmp_path / "events.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    metrics = {f.metric for f in basil_eval.evaluate(tmp_path)}
    assert {"quote_spans_found", "quote_speaker_right"} <= metrics


@pytest.mark.parametrize("metric", ["quote_spans_found", "quote_speaker_right"])
def test_the_gate_holds_a_bar_for_each_headline_figure(metric):
    from models.evaluation import load_real_gate

    assert load_real_gate()[metric][2] == "basil"
