"""Reuse benchmark: newsweave's seed index against datasketch's MinHashLSH on one corpus.

The corpus is synthetic (words from a Zipfian vocabulary, ~600 words an article in
sentences and paragraphs), and a share of articles are reprints of an earlier one: a
paragraph dropped, light word edits, an inserted local sentence. The whole corpus is
generated once, before any timer starts, and both pipelines get the same articles in the
same order: newsweave reads older texts back from that in-memory corpus (as it would read
them from the store), so neither pipeline pays for generating text.

Rates are given per second of CPU time of the one process that runs a pipeline (one
core), which other work on a shared machine does not move much, and per second of wall
time. Each pipeline runs in its own forked child, so that its peak RSS is its own; the RSS
it started with (the shared corpus) is reported apart. The index's size per article is
its numeric arrays plus the per-article bookkeeping (ids, positions, dates), measured:

    .venv/bin/python bench/reuse.py --articles 20000
    .venv/bin/python bench/reuse.py --articles 100000
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from newsweave.records import Article
from newsweave.reuse import ReuseIndex, ReuseSettings

VOCABULARY = 50_000
_SYLLABLES = [a + b for a in "bcdfghklmnprstvwz" for b in ("a", "e", "i", "o", "u", "ai", "ou")]


def _vocabulary() -> list[str]:
    rng = random.Random(7)
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words, key=lambda w: (len(w), w))


WORDS = np.array(_vocabulary())


class Corpus:
    """Article i of a corpus of n, with `reprint_share` of them reprints of an earlier one."""

    def __init__(self, n: int, reprint_share: float = 0.15, seed: int = 1) -> None:
        self.n, self.seed = n, seed
        rng = np.random.default_rng(seed)
        is_reprint = rng.random(n) < reprint_share
        is_reprint[:10] = False
        self.base = np.where(is_reprint, (rng.random(n) * np.arange(n)).astype(np.int64), -1)

    def _original(self, i: int) -> list[str]:
        rng = np.random.default_rng((self.seed, i))
        # Zipf-like ranks: a few very common words, a long tail.
        ranks = np.minimum((rng.pareto(1.1, 600) * 30).astype(np.int64), VOCABULARY - 1)
        words = WORDS[ranks].tolist()
        paragraphs, cursor = [], 0
        while cursor < len(words):
            sentences = []
            for _ in range(int(rng.integers(1, 4))):
                length = int(rng.integers(12, 30))
                chunk = words[cursor : cursor + length]
                cursor += length
                if chunk:
                    sentences.append(" ".join(chunk).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def body(self, i: int) -> list[str]:
        base = int(self.base[i])
        if base < 0:
            return self._original(i)
        paragraphs = self.body(base)
        rng = random.Random(i)
        if len(paragraphs) > 4 and rng.random() < 0.5:
            paragraphs.pop(rng.randrange(1, len(paragraphs)))
        if rng.random() < 0.5:
            words = paragraphs[0].split()
            for _ in range(max(1, len(words) // 30)):
                words[rng.randrange(len(words))] = str(WORDS[rng.randrange(VOCABULARY)])
            paragraphs[0] = " ".join(words)
        if rng.random() < 0.5:
            local = " ".join(self._original(self.n + i)[0].split()[:15]) + "."
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), local)
        return paragraphs

    def article(self, i: int) -> Article:
        return Article(id=f"a{i}", body=tuple(self.body(i)), outlet=f"outlet-{i % 200}")

    def planted(self) -> set[tuple[int, int]]:
        return {(int(b), i) for i, b in enumerate(self.base.tolist()) if b >= 0}

    def family(self, i: int) -> int:
        while self.base[i] >= 0:
            i = int(self.base[i])
        return i


def _batches(articles: Sequence[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(articles), size):
        yield list(articles[start : start + size])


def _rss_mib(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _bookkeeping_bytes(index: ReuseIndex) -> int:
    """Bytes of the index's per-article Python objects: ids, positions and original facts."""
    total = sys.getsizeof(index.ids) + sys.getsizeof(index.positions) + sys.getsizeof(index.facts)
    for ident, facts in zip(index.ids, index.facts, strict=True):
        total += sys.getsizeof(ident) + sys.getsizeof(facts)
        total += sys.getsizeof(facts.published) if facts.published is not None else 0
    return total


def _score(corpus: Corpus, pairs: set[tuple[int, int]]) -> dict[str, float]:
    planted = corpus.planted()
    found = {p for p in pairs if p in planted}
    # Two reprints of one original, or a reprint and its original's other copy: not errors.
    wrong = {p for p in pairs - planted if corpus.family(p[0]) != corpus.family(p[1])}
    return {
        "recall": len(found) / max(len(planted), 1),
        "precision": len(found) / max(len(found) + len(wrong), 1),
    }


def run_newsweave(corpus: Corpus, articles: Sequence[Article], batch: int) -> dict[str, Any]:
    settings = ReuseSettings(batch_size=batch)
    by_id = {a.id: a for a in articles}

    def fetch(ids: Sequence[str]) -> list[Article]:
        return [by_id[i] for i in ids]

    index = ReuseIndex(settings, fetch=fetch)
    search = 0.0
    original_candidates = index.candidates

    def timed_candidates(batch_articles: Sequence[Article]) -> list[tuple[int, int, bool]]:
        nonlocal search
        t0 = time.process_time()
        found = original_candidates(batch_articles)
        search += time.process_time() - t0
        return found

    index.candidates = timed_candidates  # type: ignore[method-assign,assignment]
    pairs: set[tuple[int, int]] = set()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for batch_articles in _batches(articles, batch):
        for link in index.add(batch_articles):
            if link.relation in ("duplicate", "reprint", "rewrite"):
                a, b = sorted((int(link.source_id[1:]), int(link.target_id[1:])))
                pairs.add((a, b))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    n = len(articles)
    index_bytes = index.nbytes + _bookkeeping_bytes(index)
    return {
        "pipeline": "newsweave",
        "cpu_s": cpu,
        "wall_s": wall,
        "search_per_s_per_core": n / search,
        "index_mib": index_bytes / 2**20,
        "index_bytes_per_article": index_bytes / n,
        "seed_bytes_per_article": index.seeds.nbytes / n,
        **_score(corpus, pairs),
    }


_TOKEN = re.compile(r"\w+")


def run_datasketch(
    corpus: Corpus, articles: Sequence[Article], batch: int, threshold: float, num_perm: int
) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs: set[tuple[int, int]] = set()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for batch_articles in _batches(articles, batch):
        for article in batch_articles:
            words = _TOKEN.findall(article.text.lower())
            shingles = {" ".join(words[k : k + 5]).encode() for k in range(len(words) - 4)}
            minhash = MinHash(num_perm=num_perm)
            minhash.update_batch(list(shingles))
            number = int(article.id[1:])
            for key in lsh.query(minhash):
                pairs.add((int(key[1:]), number))
            lsh.insert(article.id, minhash)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {
        "pipeline": f"datasketch MinHashLSH t={threshold}",
        "cpu_s": cpu,
        "wall_s": wall,
        "search_per_s_per_core": len(articles) / cpu,
        **_score(corpus, pairs),
    }


def _child(target: Any, args: tuple[Any, ...], queue: Any) -> None:
    start_rss = _rss_mib("VmRSS")
    result = target(*args)
    result["start_rss_mib"] = start_rss
    result["peak_rss_mib"] = _rss_mib("VmHWM")
    queue.put(result)


def _in_child(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(target, args, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--threshold", type=float, default=0.3, help="datasketch LSH threshold")
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--skip-peer", action="store_true", help="run newsweave only")
    args = parser.parse_args()
    corpus = Corpus(args.articles)
    t0 = time.perf_counter()
    articles = [corpus.article(i) for i in range(corpus.n)]
    generated = time.perf_counter() - t0
    results = [_in_child(run_newsweave, corpus, articles, args.batch)]
    if not args.skip_peer:
        results.append(
            _in_child(run_datasketch, corpus, articles, args.batch, args.threshold, args.num_perm)
        )
    n = args.articles
    print(
        f"corpus: {n} articles, ~600 words, {len(corpus.planted()) / n:.0%} reprints "
        f"(generated in {generated:.0f} s before timing)"
    )
    for r in results:
        print(
            f"{r['pipeline']}: {n / r['cpu_s']:.0f} articles/s of CPU, "
            f"{n / r['wall_s']:.0f} articles/s of wall time end to end; "
            f"candidate search {r['search_per_s_per_core']:.0f} articles/s/core; "
            f"recall {r['recall']:.3f}, precision {r['precision']:.3f}; "
            f"peak RSS {r['peak_rss_mib']:.0f} MiB (started at {r['start_rss_mib']:.0f} MiB)"
        )
        if "index_mib" in r:
            print(
                f"  index {r['index_mib']:.0f} MiB, {r['index_bytes_per_article']:.0f} bytes "
                f"per article ({r['seed_bytes_per_article']:.0f} in seeds): "
                f"{r['index_bytes_per_article'] * 1e6 / 2**30:.2f} GiB at 1,000,000 articles"
            )
    if len(results) == 2:
        cpu = results[1]["cpu_s"] / results[0]["cpu_s"]
        wall = results[1]["wall_s"] / results[0]["wall_s"]
        print(f"speed-up end to end: {cpu:.1f}x in CPU time, {wall:.1f}x in wall time")


if __name__ == "__main__":
    main()
