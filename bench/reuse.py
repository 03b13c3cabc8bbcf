"""Reuse benchmark: newsweave's seed index against datasketch's MinHashLSH on one corpus.

The corpus is synthetic (words from a Zipfian vocabulary, ~600 words an article in
sentences and paragraphs), and a share of articles are reprints of an earlier one: a
paragraph dropped, light word edits, an inserted local sentence. Every article is a pure
function of its number, so neither pipeline holds the corpus: newsweave reads older texts
back by regenerating them, as it would read them from the store.

Rates are articles per second of CPU time of one process (one core), so that other work
on a shared machine does not move them. Each pipeline runs in its own child process so
that its peak RSS is its own:

    .venv/bin/python bench/reuse.py --articles 20000
    .venv/bin/python bench/reuse.py --articles 1000000 --skip-peer
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import resource
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
    words = set()
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


def _batches(corpus: Corpus, size: int) -> Iterator[tuple[list[Article], float]]:
    for start in range(0, corpus.n, size):
        t0 = time.process_time()
        batch = [corpus.article(i) for i in range(start, min(start + size, corpus.n))]
        yield batch, time.process_time() - t0


def _score(corpus: Corpus, pairs: set[tuple[int, int]]) -> dict[str, float]:
    planted = corpus.planted()
    found = {p for p in pairs if p in planted}
    # Two reprints of one original, or a reprint and its original's other copy: not errors.
    wrong = {p for p in pairs - planted if corpus.family(p[0]) != corpus.family(p[1])}
    return {
        "recall": len(found) / max(len(planted), 1),
        "precision": len(found) / max(len(found) + len(wrong), 1),
    }


def run_newsweave(n: int, batch: int) -> dict[str, Any]:
    corpus = Corpus(n)
    settings = ReuseSettings(batch_size=batch)

    def fetch(ids: Sequence[str]) -> list[Article]:
        return [corpus.article(int(i[1:])) for i in ids]

    index = ReuseIndex(settings, fetch=fetch)
    search = 0.0
    original_candidates = index.candidates

    def timed_candidates(articles: Sequence[Article]) -> list[tuple[int, int, bool]]:
        nonlocal search
        t0 = time.process_time()
        found = original_candidates(articles)
        search += time.process_time() - t0
        return found

    index.candidates = timed_candidates  # type: ignore[method-assign]
    generate, total, pairs = 0.0, 0.0, set()
    for articles, gen_time in _batches(corpus, batch):
        generate += gen_time
        t0 = time.process_time()
        for link in index.add(articles):
            if link.relation in ("duplicate", "reprint", "rewrite"):
                a, b = sorted((int(link.source_id[1:]), int(link.target_id[1:])))
                pairs.add((a, b))
        total += time.process_time() - t0
    return {
        "pipeline": "newsweave",
        "articles_per_s": n / total,
        "search_per_s_per_core": n / search,
        "index_mib": index.nbytes / 2**20,
        **_score(corpus, pairs),
    }


_TOKEN = re.compile(r"\w+")


def run_datasketch(n: int, batch: int, threshold: float, num_perm: int) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    corpus = Corpus(n)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs: set[tuple[int, int]] = set()
    total = 0.0
    for articles, _ in _batches(corpus, batch):
        t0 = time.process_time()
        for article in articles:
            words = _TOKEN.findall(article.text.lower())
            shingles = {" ".join(words[k : k + 5]).encode() for k in range(len(words) - 4)}
            minhash = MinHash(num_perm=num_perm)
            minhash.update_batch(list(shingles))
            number = int(article.id[1:])
            for key in lsh.query(minhash):
                pairs.add((int(key[1:]), number))
            lsh.insert(article.id, minhash)
        total += time.process_time() - t0
    return {
        "pipeline": f"datasketch MinHashLSH t={threshold}",
        "articles_per_s": n / total,
        "search_per_s_per_core": n / total,
        **_score(corpus, pairs),
    }


def _child(target: Any, args: tuple[Any, ...], queue: Any) -> None:
    result = target(*args)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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
    results = [_in_child(run_newsweave, args.articles, args.batch)]
    if not args.skip_peer:
        results.append(
            _in_child(run_datasketch, args.articles, args.batch, args.threshold, args.num_perm)
        )
    print(f"corpus: {args.articles} articles, ~600 words, ~15% reprints")
    for r in results:
        extra = f", index {r['index_mib']:.0f} MiB" if "index_mib" in r else ""
        print(
            f"{r['pipeline']}: {r['articles_per_s']:.0f} articles/s end to end, "
            f"candidate search {r['search_per_s_per_core']:.0f} articles/s/core, "
            f"recall {r['recall']:.3f}, precision {r['precision']:.3f}, "
            f"peak RSS {r['peak_rss_mib']:.0f} MiB{extra}"
        )
    if len(results) == 2:
        ratio = results[0]["articles_per_s"] / results[1]["articles_per_s"]
        print(f"speed-up end to end: {ratio:.1f}x")


if __name__ == "__main__":
    main()
