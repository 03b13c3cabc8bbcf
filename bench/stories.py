"""Benchmark of streaming story assignment: throughput as the archive grows, and peak memory.

    .venv/bin/python bench/stories.py --articles 20000
    .venv/bin/python bench/stories.py --articles 100000 --embeddings

A generated month of news: many stories, each opened at a random moment, reported by a
few to a few dozen articles over hours or days by 40 outlets. Articles share a Zipfian
background vocabulary and carry their story's own words and names, so candidate search
and the model see realistic overlap. Only the schedule (time, story) is held in
memory; each article's text is made when it is fed, so memory measures the clusterer.
Closed stories are handed over as the store would take them (`pop_closed`).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np

from newsweave.evaluate.metrics import bcubed
from newsweave.records import Article, make_article
from newsweave.stories import StoryClusterer, StorySettings

MONTH_DAYS = 30.0
START = datetime(2025, 3, 1, tzinfo=UTC)
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


class Corpus:
    """A deterministic generated month: stories, their words, and an article schedule."""

    def __init__(self, articles: int, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.vocabulary = [_word(rng) for _ in range(30_000)]
        ranks = np.arange(1, len(self.vocabulary) + 1)
        self.background_weights = (1.0 / ranks).tolist()  # Zipf's law
        self.outlets = [f"outlet{i:02d}" for i in range(40)]
        np_rng = np.random.default_rng(seed)
        stories = max(1, articles // 8)
        sizes = np_rng.geometric(1 / 8, size=stories)
        story_of = np.repeat(np.arange(stories), sizes)[:articles]
        if len(story_of) < articles:
            extra = np_rng.integers(0, stories, size=articles - len(story_of))
            story_of = np.concatenate([story_of, extra])
        starts = np_rng.uniform(0, MONTH_DAYS, size=stories)
        spreads = np_rng.exponential(0.8, size=stories)  # days over which a story is reported
        times = starts[story_of] + np_rng.exponential(1.0, size=articles) * spreads[story_of]
        order = np.argsort(times, kind="stable")
        self.times = times[order]
        self.story_of = story_of[order]
        self.seed = seed
        self._topics: dict[int, tuple[list[str], list[str]]] = {}

    def __len__(self) -> int:
        return len(self.times)

    def topic(self, story: int) -> tuple[list[str], list[str]]:
        """A story's own words and names (made on first use, from the story number)."""
        if story not in self._topics:
            rng = random.Random(self.seed * 1_000_003 + story)
            words = [rng.choice(self.vocabulary[2000:]) for _ in range(12)]
            names = [_word(rng).capitalize() + " " + _word(rng).capitalize() for _ in range(4)]
            self._topics[story] = (words, names)
        return self._topics[story]

    def article(self, index: int) -> Article:
        story = int(self.story_of[index])
        rng = random.Random(self.seed * 7_919 + index)
        words, names = self.topic(story)
        body_words = rng.choices(self.vocabulary, self.background_weights, k=100)
        body_words += rng.choices(words, k=60)
        rng.shuffle(body_words)
        for name in rng.sample(names, 3):
            body_words.insert(rng.randrange(len(body_words)), name)
        paragraphs = [
            " ".join(body_words[i : i + 35]).capitalize() + "." for i in range(0, 170, 35)
        ]
        title = " ".join(rng.sample(words, 5)).capitalize() + " " + rng.choice(names)
        published = START + timedelta(days=float(self.times[index]))
        return make_article(
            body=paragraphs,
            title=title,
            outlet=rng.choice(self.outlets),
            published=published.isoformat(timespec="seconds"),
        )

    def stream(self) -> Iterator[Article]:
        for index in range(len(self)):
            yield self.article(index)


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(articles: int, embeddings: bool, batch: int, checkpoints: int) -> dict[str, object]:
    corpus = Corpus(articles)
    clusterer = StoryClusterer(StorySettings(use_embeddings=embeddings))
    gold: dict[str, int] = {}
    predicted: dict[str, str] = {}
    segments = []
    step = max(batch, articles // checkpoints)
    fed = 0
    generating = 0.0
    clustering = 0.0
    segment_start, segment_clustering = fed, 0.0
    while fed < articles:
        t0 = time.perf_counter()
        chunk = [corpus.article(i) for i in range(fed, min(fed + batch, articles))]
        t1 = time.perf_counter()
        for index, assignment in enumerate(clusterer.add(chunk)):
            gold[assignment[0]] = int(corpus.story_of[fed + index])
            predicted[assignment[0]] = assignment[1]
        clusterer.pop_closed()
        t2 = time.perf_counter()
        generating += t1 - t0
        clustering += t2 - t1
        segment_clustering += t2 - t1
        fed += len(chunk)
        if fed - segment_start >= step or fed == articles:
            segments.append(
                {
                    "articles_seen": fed,
                    "articles_per_s": round((fed - segment_start) / segment_clustering, 1),
                    "active_stories": len(clusterer.active),
                    "rss_mib": round(_rss_mib(), 1),
                }
            )
            print(json.dumps(segments[-1]), flush=True)
            segment_start, segment_clustering = fed, 0.0
    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "articles": articles,
        "embeddings": clusterer.semantic,
        "stories_generated": len(set(corpus.story_of.tolist())),
        "articles_per_s": round(articles / clustering, 1),
        "generation_s": round(generating, 1),
        "clustering_s": round(clustering, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bcubed": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
        "segments": segments,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--embeddings", action="store_true", help="use the semantic feature")
    parser.add_argument("--batch", type=int, default=1_000, help="articles per add() call")
    parser.add_argument("--checkpoints", type=int, default=5, help="throughput readings")
    args = parser.parse_args()
    result = run(args.articles, args.embeddings, args.batch, args.checkpoints)
    result.pop("segments")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
