"""Ingest throughput and peak memory per input format on a generated corpus.

    python bench/ingest.py --articles 50000            # text, jsonl, html and warc
    python bench/ingest.py --articles 5000 --formats html

Each format runs in its own process (so peak RSS is that format's alone) on the same generated
articles: ~600-word wire-style stories with a byline, dateline and agency tag. Text is one file
per article, JSONL one file, HTML one page per article with site boilerplate, WARC one .warc.gz
of HTTP responses. Prints articles/s and peak RSS; the figures are not stored.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "council port strike union minister budget election flood river dam police court ruling "
    "company shares market rates bank inflation hospital school teachers farmers harvest storm "
    "wildfire evacuation residents officials spokesperson statement agreement talks ceasefire "
    "vote parliament coalition opposition investigation report data breach customers network "
    "the a of to in and on for with at by from that said would could after before during while "
    "more than about over under new last first year week month Monday Tuesday Wednesday"
).split()
TOWNS = ["Kelmsford", "Ostrava", "Brennick", "Saltmere", "Harrowgate", "Dunmore", "Vellis"]


def _paragraphs(rng: random.Random, words: int = 600) -> list[str]:
    paragraphs, left = [], words
    while left > 0:
        size = min(left, rng.randint(35, 70))
        sentence = " ".join(rng.choice(WORDS) for _ in range(size))
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
        left -= size
    return paragraphs


def generate(folder: Path, count: int, formats: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    for fmt in formats:
        (folder / fmt).mkdir(parents=True, exist_ok=True)
    jsonl = open(folder / "jsonl" / "articles.jsonl", "w") if "jsonl" in formats else None  # noqa: SIM115
    warc = None
    if "warc" in formats:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter

        warc_file = open(folder / "warc" / "crawl.warc.gz", "wb")  # noqa: SIM115
        warc = WARCWriter(warc_file, gzip=True)
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        body = _paragraphs(rng)
        title = f"{town} story number {n}"
        if "text" in formats:
            text = "\n".join(
                [
                    "By Ana Ferreira and Tom Reyes, Meridian",
                    f"{town.upper()} (Meridian) - {body[0]}",
                    *body[1:],
                    "- Meridian",
                ]
            )
            (folder / "text" / f"{n:06d}.txt").write_text(text)
        if jsonl is not None:
            row = {
                "outlet": "Meridian",
                "title": title,
                "published": f"2031-05-{n % 28 + 1:02d}",
                "url": f"https://meridian.example/{n}",
                "text": "\n\n".join(body),
            }
            jsonl.write(json.dumps(row) + "\n")
        page = _html_page(title, body, n)
        if "html" in formats:
            (folder / "html" / f"{n:06d}.html").write_text(page)
        if warc is not None:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = warc.create_warc_record(
                f"https://courier.example/news/{n}",
                "response",
                payload=io.BytesIO(page.encode()),
                http_headers=headers,
            )
            warc.write_record(record)
    if jsonl is not None:
        jsonl.close()
    if warc is not None:
        warc_file.close()


def _html_page(title: str, body: list[str], n: int) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Kelmsford Courier">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2031-05-{n % 28 + 1:02d}T08:00:00Z">
<meta name="author" content="Ana Ferreira"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies to improve your experience. <button>Accept</button></div>
<article><h1>{title}</h1>{paragraphs}</article>
<aside><h3>Related</h3><ul><li><a href="/a">Council meets</a></li>
<li><a href="/b">Weather</a></li></ul></aside>
<footer>Copyright 2031 Kelmsford Courier. All rights reserved.</footer></body></html>"""


def run_one(folder: Path, fmt: str) -> dict[str, float]:
    from newsweave.ingest import ingest_paths
    from newsweave.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        report = ingest_paths(store, [folder / fmt])
        seconds = time.perf_counter() - start
    # Worker processes parse HTML/WARC; the largest of them counts too.
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    peak_mib = peak_kib / 1024
    return {
        "articles": report.articles_new,
        "skipped": len(report.skipped),
        "seconds": seconds,
        "articles_per_s": report.articles_new / seconds,
        "peak_rss_mib": peak_mib,  # largest single process
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--formats", default="text,jsonl,html,warc")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one format in this process
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(run_one(args.corpus, args.run)))
        return
    formats = args.formats.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        generate(folder, args.articles, formats)
        print(
            f"generated {args.articles} articles × {len(formats)} formats "
            f"in {time.perf_counter() - start:.0f}s",
            file=sys.stderr,
        )
        print(
            f"{'format':<8} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MiB':>13}"
        )
        for fmt in formats:
            out = subprocess.run(
                [sys.executable, __file__, "--run", fmt, "--corpus", str(folder)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            r = json.loads(out)
            print(
                f"{fmt:<8} {r['articles']:>9} {r['seconds']:>8.1f} "
                f"{r['articles_per_s']:>11.0f} {r['peak_rss_mib']:>13.0f}"
            )


if __name__ == "__main__":
    main()
