"""What the product's handling of a page costs over bare trafilatura, by page size.

    python benchmarks/extract.py [--repeats 5] [--per-size 20]

On the demo's saved pages and on generated pages of a few sizes, times the product's
`page_outcome` (decode, extraction with metadata, language detection) against a bare
`trafilatura.extract` of the same decoded page, and against newspaper4k when it is installed.
Each run is repeated and the median per page is reported, with the overhead ratio measured in
this same run: machines here are shared and noisy, so read the ratios, not the milliseconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
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


def product(raw: bytes, url: str) -> object:
    from ingest.fetch import page_outcome
    from ingest.store import Page

    return page_outcome(Page(url, raw, url, 200, "text/html; charset=utf-8"), url, "Bench")


def bare(raw: bytes, url: str) -> object:
    import trafilatura

    # a plain script gets a str from fetch_url; decoding is cheap next to extraction
    return trafilatura.extract(raw.decode("utf-8"), url=url)


def bare_with_metadata(raw: bytes, url: str) -> object:
    import trafilatura

    # the product's extraction call alone: splits its overhead into extraction and the rest
    return trafilatura.bare_extraction(
        raw.decode("utf-8"),
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )


def newspaper(raw: bytes, url: str) -> object:
    from newspaper import Article

    article = Article(url, language="en", fetch_images=False)
    article.download(input_html=raw.decode("utf-8"))
    article.parse()
    return article.text


def ms_per_page(extract: Callable[[bytes, str], object], pages: list[bytes]) -> float:
    """Milliseconds per page, one pass over the pages."""
    started = time.perf_counter()
    for number, raw in enumerate(pages):
        extract(raw, f"https://bench.example/news/{number}")
    return (time.perf_counter() - started) * 1000 / len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per-size", type=int, default=20, help="generated pages per size")
    args = parser.parse_args(argv)
    if not 1 <= args.repeats <= 50 or not 1 <= args.per_size <= 200:
        parser.error("--repeats must be 1-50 and --per-size 1-200")

    extractors: dict[str, Callable[[bytes, str], object]] = {
        "product": product,
        "bare": bare,
        "bare+meta": bare_with_metadata,
    }
    if importlib.util.find_spec("newspaper") is not None:
        extractors["newspaper4k"] = newspaper
    else:
        print("newspaper4k is not installed: compared with bare trafilatura only")

    sets = page_sets(args.per_size)
    for extract in extractors.values():  # models and caches load on first use; not timed
        ms_per_page(extract, sets["seeds"][:2])

    header = f"{'pages':<8}{'n':>4}{'KB/page':>9}" + "".join(f"{n:>13}" for n in extractors)
    header += f"{'product/bare':>14}{'meta/bare':>11}"
    if "newspaper4k" in extractors:
        header += f"{'news4k/bare':>13}"
    print(f"median ms per page over {args.repeats} runs\n{header}")
    for name, pages in sets.items():
        medians = {
            label: statistics.median(ms_per_page(extract, pages) for _ in range(args.repeats))
            for label, extract in extractors.items()
        }
        kb = sum(map(len, pages)) / len(pages) / 1024
        row = f"{name:<8}{len(pages):>4}{kb:9.1f}" + "".join(f"{m:13.2f}" for m in medians.values())
        row += f"{medians['product'] / medians['bare']:13.2f}x"
        row += f"{medians['bare+meta'] / medians['bare']:10.2f}x"
        if "newspaper4k" in medians:
            row += f"{medians['newspaper4k'] / medians['bare']:12.2f}x"
        print(row, flush=True)
    print(
        "\nproduct = decode + trafilatura.bare_extraction with metadata + py3langid; "
        "bare = trafilatura.extract of the decoded page; bare+meta = the product's "
        "bare_extraction call alone (metadata, no comments or tables)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
