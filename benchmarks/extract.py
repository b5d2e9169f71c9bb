"""What the product's ingest of a page costs over bare trafilatura.

    python benchmarks/extract.py [--data DIR] [--repeats 5] [--per-size 20]

Times the product's ingest of a page (decode, one parse, extraction with metadata, language,
canonical address, page kind, and the write to a SQLite store: `page_outcome` then `record`)
against `trafilatura.bare_extraction(..., with_metadata=True)` and a bare `trafilatura.extract`
of the same decoded page, and newspaper4k when it is installed. With `--data DIR`, on the real
pages of the article-extraction benchmark (DIR/extraction-dev, or DIR itself, in that
benchmark's layout: html/<id>.html.gz and ground-truth.json, from
github.com/scrapinghub/article-extraction-benchmark); else on the demo's saved pages and on
generated pages of a few sizes. The runs of each extractor are interleaved and repeated, and
the median per page is reported with the ratios measured in this same run: machines here are
shared and noisy, so read the ratios, not the milliseconds. The goal is product/bare+meta at
most 1.2.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fetch import generated_page, seed_files, seed_paragraphs

# paragraphs per generated page: a brief, a long read, and a very long page
SIZES = {"small": 6, "medium": 40, "large": 200}
SEED = 20190501


def page_sets(per_size: int) -> dict[str, list[bytes]]:
    """The seeds, then `per_size` generated pages of each size."""
    rng = random.Random(SEED)
    paragraphs = seed_paragraphs()
    sets = {"seeds": [p.read_bytes() for p in seed_files()]}
    for name, count in SIZES.items():
        sets[name] = [generated_page(rng, paragraphs, count, n) for n in range(per_size)]
    return sets


def real_pages(data: Path) -> dict[str, list[tuple[bytes, str]]]:
    """The benchmark's pages with their URLs, from DIR/extraction-dev or DIR itself."""
    folder = data / "extraction-dev" if (data / "extraction-dev").is_dir() else data
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [
        (gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()), entry["url"])
        for page_id, entry in sorted(truth.items())
    ]
    return {"real": pages}


_STORE = None


def _store():
    global _STORE
    if _STORE is None:
        from ingest.store import Store

        _STORE = Store(Path(tempfile.mkdtemp(prefix="extract-bench-")) / "bench.db")
    return _STORE


def product(raw: bytes, url: str) -> object:
    from ingest.fetch import page_outcome, record
    from ingest.store import Page

    outcome = page_outcome(Page(url, raw, url, 200, "text/html; charset=utf-8"), url, "Bench")
    record(_store(), "bench", outcome)
    return outcome


def bare(raw: bytes, url: str) -> object:
    import trafilatura

    # a plain script gets a str from fetch_url; decoding is cheap next to extraction
    return trafilatura.extract(raw.decode("utf-8"), url=url)


def bare_with_metadata(raw: bytes, url: str) -> object:
    import trafilatura

    # the extraction with metadata alone: the product's bar is 1.2 times this
    return trafilatura.bare_extraction(raw.decode("utf-8"), url=url, with_metadata=True)


def newspaper(raw: bytes, url: str) -> object:
    from newspaper import Article

    article = Article(url, language="en", fetch_images=False)
    article.download(input_html=raw.decode("utf-8"))
    article.parse()
    return article.text


def ms_per_page(extract: Callable[[bytes, str], object], pages: list[tuple[bytes, str]]) -> float:
    """Milliseconds per page, one pass over the pages."""
    started = time.perf_counter()
    for raw, url in pages:
        extract(raw, url)
    return (time.perf_counter() - started) * 1000 / len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per-size", type=int, default=20, help="generated pages per size")
    parser.add_argument(
        "--data",
        metavar="DIR",
        help="real pages in the article-extraction benchmark's layout (DIR/extraction-dev), "
        "from github.com/scrapinghub/article-extraction-benchmark",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.repeats <= 50 or not 1 <= args.per_size <= 200:
        parser.error("--repeats must be 1-50 and --per-size 1-200")

    extractors: dict[str, Callable[[bytes, str], object]] = {
        "product": product,
        "bare+meta": bare_with_metadata,
        "bare": bare,
    }
    if importlib.util.find_spec("newspaper") is not None:
        extractors["newspaper4k"] = newspaper
    else:
        print("newspaper4k is not installed: compared with bare trafilatura only")

    if args.data:
        data = Path(args.data)
        if not (data / "extraction-dev").is_dir() and not (data / "ground-truth.json").is_file():
            parser.error(f"{data}: holds no extraction-dev/ (html/<id>.html.gz, ground-truth.json)")
        sets = real_pages(data)
    else:
        sets = {
            name: [(raw, f"https://bench.example/news/{n}") for n, raw in enumerate(pages)]
            for name, pages in page_sets(args.per_size).items()
        }
    first = next(iter(sets.values()))
    for extract in extractors.values():  # models and caches load on first use; not timed
        ms_per_page(extract, first[:2])

    header = f"{'pages':<8}{'n':>4}{'KB/page':>9}" + "".join(f"{n:>13}" for n in extractors)
    header += f"{'product/bare+meta':>19}{'product/bare':>14}"
    if "newspaper4k" in extractors:
        header += f"{'news4k/bare':>13}"
    print(f"median ms per page over {args.repeats} interleaved runs\n{header}")
    for name, pages in sets.items():
        runs: dict[str, list[float]] = {label: [] for label in extractors}
        for _ in range(args.repeats):  # interleaved, so a busy moment hits every extractor
            for label, extract in extractors.items():
                runs[label].append(ms_per_page(extract, pages))
        medians = {label: statistics.median(times) for label, times in runs.items()}
        kb = sum(len(raw) for raw, _ in pages) / len(pages) / 1024
        row = f"{name:<8}{len(pages):>4}{kb:9.1f}" + "".join(f"{m:13.2f}" for m in medians.values())
        row += f"{medians['product'] / medians['bare+meta']:18.2f}x"
        row += f"{medians['product'] / medians['bare']:13.2f}x"
        if "newspaper4k" in medians:
            row += f"{medians['newspaper4k'] / medians['bare']:12.2f}x"
        print(row, flush=True)
    print(
        "\nproduct = decode, one parse, trafilatura.bare_extraction with metadata, page kind, "
        "canonical, py3langid and the write to a SQLite store; bare+meta = "
        "trafilatura.bare_extraction(with_metadata=True) of the decoded page; bare = "
        "trafilatura.extract of the decoded page"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
