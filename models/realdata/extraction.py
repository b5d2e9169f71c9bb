"""Real article pages through the product's ingest path, scored by the benchmark's own metric.

The folder is in the layout of the public article-extraction benchmark (`html/<id>.html.gz`,
raw pages as served; `ground-truth.json`, `{id: {"articleBody": ..., "url": ...}}`). Every page
in it is an article, so any page the product flags (not an article, paywall teaser, no article)
is a wrong call, and is listed with its reason.

The metric is the benchmark's: word 4-gram shingles of the true and the predicted text; per page,
true positives, false positives and false negatives normalised to sum to 1; precision averaged
over the pages that predict something, recall over the pages that have a true text; F1 their
harmonic mean. The product's text is the text it stores for the page (a flagged page's text is
stored too); bare `trafilatura.extract(html, include_comments=False)` on the same pages, in the
same run, is the baseline. What it cannot show: news pages of 2019, mostly English, fetched
without JavaScript; a page's framing cues outside its body text (headline, captions) are not
scored.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ingest.errors import InputError
from ingest.fetch import page_outcome
from ingest.store import Page
from models.realdata import Figure

SOURCE = "github.com/scrapinghub/article-extraction-benchmark"
SHINGLE = 4
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageResult:
    """One page: the product's outcome and its shingle counts beside bare trafilatura's."""

    page_id: str
    url: str
    status: str
    reason: str
    detail: str
    product: tuple[float, float, float]
    bare: tuple[float, float, float]


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """Word n-grams of the text, counted; a text shorter than n words is one shingle."""
    words = _WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """True positives, false positives and false negatives of one page, summing to 1."""
    expected, found = shingles(true), shingles(predicted)
    hits = sum((expected & found).values())
    extra = sum(found.values()) - hits
    missed = sum(expected.values()) - hits
    total = hits + extra + missed
    return (hits / total, extra / total, missed / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) over pages, as the benchmark averages them."""

    def ratio(tp: float, other: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return tp / (tp + other) if tp + other else 0.0

    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def load_pages(folder: Path) -> list[tuple[str, str, str, bytes]]:
    """(id, url, true text, raw bytes) of every page, sorted by id."""
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        raise InputError(f"{folder}: no ground-truth.json; get the data from {SOURCE}")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        path = folder / "html" / f"{page_id}.html.gz"
        if not path.is_file():
            raise InputError(f"{path}: missing; the folder must hold html/<id>.html.gz per page")
        raw = gzip.decompress(path.read_bytes())
        pages.append((page_id, entry.get("url", ""), entry.get("articleBody", ""), raw))
    return pages


def run(folder: Path) -> list[PageResult]:
    """Every page through the product's path and through bare trafilatura."""
    results = []
    for page_id, url, true, raw in load_pages(folder):
        page = Page(url=url, raw=raw, final_url=url, http_status=200, content_type="text/html")
        outcome = page_outcome(page, url, "benchmark")
        stored = outcome.document.text if outcome.document is not None else ""
        # the benchmark's pages are UTF-8; a plain script decodes them so
        bare = trafilatura.extract(raw.decode("utf-8", "replace"), include_comments=False) or ""
        results.append(
            PageResult(
                page_id,
                url,
                outcome.status,
                outcome.reason,
                outcome.detail,
                page_counts(true, stored),
                page_counts(true, bare),
            )
        )
    return results


def figures(results: list[PageResult]) -> list[Figure]:
    """The figures of one run: the product's beside bare trafilatura's."""
    f1, precision, recall = scores([r.product for r in results])
    bare_f1, bare_precision, bare_recall = scores([r.bare for r in results])
    flagged = [r for r in results if r.status != "fetched"]
    # a teaser is told by the page's own declaration (not free, far fewer words than it
    # declares): the benchmark then takes the served teaser as the page's text, and the product
    # keeps that text, flagged; it is counted apart from the pages taken for something else
    teasers = [r for r in flagged if r.reason == "paywall teaser"]
    rejected = [r for r in flagged if r.reason != "paywall teaser"]
    # held out: the pages at odd positions, never looked at when the page-kind rules were set
    held_out = [r for i, r in enumerate(results) if i % 2 == 1 and r in rejected]
    bare_empty = sum(1 for r in results if r.bare[0] + r.bare[1] == 0)
    name = "bare trafilatura"
    return [
        Figure(
            "extraction_rejected",
            len(rejected),
            bare_empty,
            f"{name} (pages with no text)",
            f"real articles of {len(results)} taken for a front, index or listing page, or "
            "found without text",
            tuple(f"{r.url}: {r.reason}: {r.detail}" for r in rejected),
        ),
        Figure(
            "extraction_rejected_heldout",
            len(held_out),
            None,
            "",
            "the same count on the pages at odd positions (held out while setting the rules)",
        ),
        Figure(
            "extraction_paywall_teasers",
            len(teasers),
            None,
            "",
            "pages flagged as paywall teasers by their own declaration (kept, not scored)",
            tuple(f"{r.url}: {r.reason}: {r.detail}" for r in teasers),
        ),
        Figure("extraction_f1", f1, bare_f1, name, "F1 of the stored text (4-gram shingles)"),
        Figure("extraction_precision", precision, bare_precision, name, "precision, per page"),
        Figure("extraction_recall", recall, bare_recall, name, "recall, per page"),
        Figure(
            "extraction_f1_margin",
            f1 - bare_f1,
            0.0,
            "equal to bare trafilatura",
            "the product's F1 minus bare trafilatura's, in the same run",
        ),
    ]


def evaluate(folder: Path) -> list[Figure]:
    """Figures of the product's ingest on the benchmark's pages, with bare trafilatura's."""
    return figures(run(Path(folder)))
