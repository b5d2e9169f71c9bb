"""Quotation recall, precision and speaker accuracy on the team's labelled passages."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from ingest.config import Actor
from ingest.resources import sample
from models.quotes.article import Quote
from models.quotes.find import article_quotes
from models.quotes.lists import DETERMINERS
from models.text import fold

LOGGER = logging.getLogger(__name__)

SAMPLES = sample("quotes.json")


def _plain(text: str) -> str:
    return " ".join(fold(text).split())


def _same_speaker(quote: Quote, label: dict) -> bool:
    """The label's actor when it has one; else the description or name, articles aside."""
    if label.get("actor"):
        return quote.actor == label["actor"]
    if quote.actor:
        return False

    def bare(name: str) -> str:
        words = _plain(name).split()
        while words and words[0] in DETERMINERS:
            words = words[1:]
        return " ".join(words)

    return bare(quote.speaker) == bare(label["speaker"])


def evaluate(samples_path: Path | None = None) -> dict[str, float]:
    """Quotation recall, precision and speaker accuracy on the labelled passages.

    A labelled quotation is found when a quotation found in its passage contains its
    `contains` text; its speaker is right when the found speaker's actor is the labelled actor
    (or, without one, the same name or description, a leading article aside). Precision is the
    share of found quotations that contain some labelled quotation of their passage.
    """
    data = json.loads((samples_path or SAMPLES).read_text(encoding="utf-8"))
    labelled = found = right = kind_right = predicted = matched = 0
    for passage in data["passages"]:
        actors = tuple(
            Actor(a["name"], tuple(a.get("aliases", ()))) for a in passage.get("actors", [])
        )
        quotes = article_quotes(passage["text"], actors)
        texts = [_plain(q.text) for q in quotes]
        hit = [False] * len(quotes)
        for label in passage["quotes"]:
            labelled += 1
            wanted = _plain(label["contains"])
            candidates = [i for i, t in enumerate(texts) if wanted in t]
            for i in candidates:
                hit[i] = True
            if not candidates:
                LOGGER.debug("missed %r", label["contains"])
                continue
            found += 1
            best = next((i for i in candidates if _same_speaker(quotes[i], label)), None)
            if best is not None:
                right += 1
                kind_right += quotes[best].kind == label["kind"]
            else:
                LOGGER.debug("wrong speaker for %r: %r", label["contains"], quotes[candidates[0]])
        predicted += len(quotes)
        matched += sum(hit)
    return {
        "speaker_attribution_accuracy": right / labelled if labelled else 0.0,
        "quote_recall": found / labelled if labelled else 0.0,
        "quote_precision": matched / predicted if predicted else 0.0,
        "quote_kind_accuracy": kind_right / right if right else 0.0,
    }
