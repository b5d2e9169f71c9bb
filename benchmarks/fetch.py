"""How much faster the product fetches than a plain loop, and whether it keeps its per-host limit.

    python benchmarks/fetch.py [--pages 240] [--latency 0.2] [--per-host 2] [--workers 8]

A local server answers on several loopback addresses (127.0.0.2-5 by default), each answer
held back by a fixed latency, as a distant news site's would be. It runs in its own process,
so its threads do not compete with the fetcher's for the interpreter lock. The product's
`fetch_urls` (download, decode, extract, store) is timed against a sequential loop of
`trafilatura.fetch_url` (download only) over the same URLs. Each host counts the most requests
it answered at once; the product must never exceed its per-host limit (PASS/FAIL, exit 1 on
FAIL). Machines here are shared and noisy: read the ratio, measured in this same run.
"""

from __future__ import annotations

import argparse
import html
import ipaddress
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds" / "venezuela-2019"
DEFAULT_HOSTS = "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"
MAX_PAGES = 2000
SEED = 20190430

_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def seed_files() -> list[Path]:
    """The demo's saved article pages."""
    return sorted(SEEDS.glob("*.html"))


def seed_paragraphs() -> list[str]:
    """Real-looking news prose: the paragraphs of the demo's pages, long enough to be text."""
    paragraphs = []
    for path in seed_files():
        for raw in _PARAGRAPH.findall(path.read_text(encoding="utf-8")):
            text = html.unescape(_TAG.sub("", raw)).strip()
            if len(text.split()) >= 12:
                paragraphs.append(text)
    return paragraphs


def generated_page(rng: random.Random, paragraphs: list[str], count: int, number: int) -> bytes:
    """A news page of `count` paragraphs drawn from the seeds, with the usual chrome around it."""
    body = "".join(f"<p>{html.escape(rng.choice(paragraphs))}</p>\n" for _ in range(count))
    title = f"Venezuela crisis: report {number}"
    related = "".join(
        f'<li><a href="/news/{number + k}">Related story {k}</a></li>' for k in range(8)
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Bench Daily</title>
<meta name="author" content="Staff Reporter">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Bench Daily">
<meta property="article:published_time" content="2019-05-0{1 + number % 9}T10:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/americas">Americas</a>
<a href="/business">Business</a> <a href="/opinion">Opinion</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
{body}</article>
<aside><h3>Most read</h3><ul>{related}</ul></aside></main>
<footer><p>Copyright Bench Daily. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"""
    return page.encode("utf-8")


def bench_pages(pages: int) -> dict[str, bytes]:
    """`pages` article pages by path: every third one a demo seed, the rest generated."""
    rng = random.Random(SEED)
    paragraphs = seed_paragraphs()
    seeds = [p.read_bytes() for p in seed_files()]
    bodies = {}
    for number in range(pages):
        if number % 3 == 0:
            body = seeds[(number // 3) % len(seeds)]
        else:
            body = generated_page(rng, paragraphs, rng.randint(6, 24), number)
        bodies[f"/news/{number:05d}/article.html"] = body
    return bodies


def serve(hosts: list[str], pages: int, latency: float) -> None:
    """Server process: print the ports, then answer `reset` and `peaks` lines on stdin."""
    from tests.pageserver import Answer, start_server

    headers = {"Content-Type": "text/html; charset=utf-8"}
    routes = {
        path: Answer(body, 200, headers, latency) for path, body in bench_pages(pages).items()
    }
    servers = {host: start_server(routes, host) for host in hosts}
    print(json.dumps({h: s.server_address[1] for h, s in servers.items()}), flush=True)
    for line in sys.stdin:  # the parent closing stdin also ends this process
        command = line.strip()
        if command == "reset":
            for server in servers.values():
                with server.lock:
                    server.peak = server.active
            print("{}", flush=True)
        elif command == "peaks":
            print(json.dumps({h: s.peak for h, s in servers.items()}), flush=True)
    for server in servers.values():
        server.shutdown()


class ServerProcess:
    """The page server as a child process, stopped by its own process id."""

    def __init__(self, hosts: list[str], pages: int, latency: float) -> None:
        command = [sys.executable, __file__, "--serve", "--hosts", ",".join(hosts)]
        command += ["--pages", str(pages), "--latency", str(latency)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.ports: dict[str, int] = json.loads(self._read())

    def _read(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the page server exited before answering")
        return line

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return json.loads(self._read())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def product_run(
    urls: list[tuple[str, str]], per_host: int, workers: int, timeout: int, delay: float = 0.0
) -> dict:
    """The product's fetch into a throwaway store: wall time and pages fetched."""
    from ingest.config import FetchSettings
    from ingest.fetch import fetch_urls
    from ingest.store import Store

    # delay 0 by default: the politeness pause is the user's choice, not a cost of the fetcher
    settings = FetchSettings(
        timeout=timeout,
        per_host=per_host,
        workers=workers,
        allow_private_networks=True,
        delay=delay,
    )
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "bench.db") as store:
        started = time.perf_counter()
        summary = fetch_urls("bench", urls, settings, store, refresh=True)
        seconds = time.perf_counter() - started
        # every third page is a demo seed, so most seeds come more than once: the product
        # downloads and extracts each copy, then stores it once under its canonical address
        downloaded = sum(
            row["status"] == "fetched" or row["reason"] == "same canonical"
            for row in store.fetch_log("bench")
        )
    return {
        "seconds": seconds,
        "fetched": summary.counts["fetched"],
        "downloaded": downloaded,
        "line": summary.line(),
    }


def sequential_run(urls: list[tuple[str, str]], timeout: int) -> dict:
    """One `trafilatura.fetch_url` after another: what a plain script would do."""
    import trafilatura
    from trafilatura.settings import use_config

    config = use_config()
    # only because this benchmark's server is on loopback; real fetches keep the protection on
    config.set("DEFAULT", "SSRF_PROTECTION", "off")
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    started = time.perf_counter()
    fetched = sum(trafilatura.fetch_url(url, config=config) is not None for url, _ in urls)
    return {"seconds": time.perf_counter() - started, "fetched": fetched}


def loopback_hosts(text: str) -> list[str]:
    """The comma-separated hosts, each checked to be a loopback address (127.0.0.0/8)."""
    hosts = [h.strip() for h in text.split(",") if h.strip()]
    for host in hosts:
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise argparse.ArgumentTypeError(f"{host} is not a loopback address") from None
    if len(set(hosts)) != len(hosts) or not hosts:
        raise argparse.ArgumentTypeError("give one or more distinct loopback addresses")
    return hosts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=loopback_hosts, default=loopback_hosts(DEFAULT_HOSTS))
    parser.add_argument("--pages", type=int, default=240, help=f"pages in all, at most {MAX_PAGES}")
    parser.add_argument("--latency", type=float, default=0.2, help="seconds before each answer")
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument(
        "--delay", type=float, default=0.0, help="the product's politeness delay per host"
    )
    parser.add_argument("--timeout", type=int, default=10, help="seconds per request")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300,
        help="refuse settings whose sequential loop would wait longer than this",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.pages <= MAX_PAGES:
        parser.error(f"--pages must be between 1 and {MAX_PAGES}")
    if args.latency < 0 or args.pages * args.latency > args.max_seconds:
        parser.error(
            f"{args.pages} pages at {args.latency} s would keep the sequential loop waiting "
            f"{args.pages * args.latency:.0f} s, over --max-seconds {args.max_seconds:.0f}"
        )
    if args.per_host < 1 or args.workers < 1:
        parser.error("--per-host and --workers must be at least 1")
    if args.serve:
        serve(args.hosts, args.pages, args.latency)
        return 0

    server = ServerProcess(args.hosts, args.pages, args.latency)
    try:
        paths = sorted(bench_pages(args.pages))
        urls = []
        for number, path in enumerate(paths):
            host = args.hosts[number % len(args.hosts)]
            urls.append((f"http://{host}:{server.ports[host]}{path}", f"Outlet {host}"))
        print(
            f"{len(urls)} pages on {len(args.hosts)} loopback hosts, {args.latency} s latency; "
            f"product with per_host={args.per_host}, workers={args.workers}",
            flush=True,
        )
        server.ask("reset")
        # The first run in a process pays one-off start-up costs (models loaded on first use);
        # the second shows the steady state of a long fetch.
        cold = product_run(urls, args.per_host, args.workers, args.timeout, args.delay)
        warm = product_run(urls, args.per_host, args.workers, args.timeout, args.delay)
        product_peaks = server.ask("peaks")
        server.ask("reset")
        sequential = sequential_run(urls, args.timeout)
        sequential_peaks = server.ask("peaks")
    finally:
        server.stop()

    def row(name: str, run: dict, peaks: dict[str, int]) -> str:
        spread = " ".join(f"{h}={n}" for h, n in peaks.items())
        pages = run.get("downloaded", run["fetched"])
        return f"{name:<36}{run['seconds']:9.2f}{pages:>9}  {spread}"

    print(f"\n{'':<36}{'seconds':>9}{'pages':>9}  peak requests at once, per host")
    print(row("framing fetch, first run (cold)", cold, product_peaks))
    print(row("framing fetch, second run (warm)", warm, product_peaks))
    print(row("sequential trafilatura.fetch_url", sequential, sequential_peaks))
    print(f"product outcome (warm): {warm['line']}")
    print("(the product also decodes, extracts, detects the language and stores each page;")
    print(" the loop only downloads; peaks of the product are over both of its runs;")
    print(" a page whose article was stored under another address is skipped as a copy)")
    bound = min(args.workers, args.per_host * len(args.hosts))
    for name, run in (("cold", cold), ("warm", warm)):
        speedup = sequential["seconds"] / max(run["seconds"], 1e-9)
        print(f"speed-up, {name}: {speedup:.2f}x (the limits allow at most about {bound}x)")

    highest = max(product_peaks.values())
    failures = []
    if highest > args.per_host:
        failures.append(f"a host saw {highest} requests at once, over the limit {args.per_host}")
    downloaded = min(cold["downloaded"], warm["downloaded"])
    if downloaded < len(urls):
        failures.append(
            f"the product fetched {downloaded} of {len(urls)} pages (copies of one article "
            "under another address included)"
        )
    if failures:
        print("FAIL: " + "; ".join(failures))
        return 1
    print(f"PASS: no host saw more than {highest} requests at once (limit {args.per_host})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
