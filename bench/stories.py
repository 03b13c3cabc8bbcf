"""Benchmark of streaming story assignment: throughput as the archive grows, and peak memory.

    .venv/bin/python bench/stories.py --articles 20000
    .venv/bin/python bench/stories.py --articles 100000 --embeddings
    .venv/bin/python bench/stories.py --articles 20000 --workers 1   # tokenise in-process
    .venv/bin/python bench/stories.py --articles 20000 --batch-mode  # stream + regroup
    .venv/bin/python bench/stories.py --articles 1000000 --days 300  # a larger archive, as dense

A generated month of news: many stories, each opened at a random moment, reported by a
few to a few dozen articles over hours or days by 40 outlets. As in real coverage, stories
come in recurring topics (a war, an election, a court): stories of one topic share a
vocabulary and the names of its public figures, and a popular topic has many stories open
at once, so what tells two of them apart is each story's own words and names, which every
article uses only in part. Articles also share a Zipfian background vocabulary and vary in
length. Only the schedule (time, story) is held in memory; each article's text is made when
it is fed, so memory measures the clusterer. Closed stories are handed over as the store
would take them (`pop_closed`). Articles are tokenised by `--workers` processes (default:
every CPU) while the main process assigns them; `articles_per_cpu_s` counts the main
process's CPU, `articles_per_total_cpu_s` the workers' too. A month of 1,000,000 articles
is ten times as dense as one of 100,000 (ten times the stories open at once); `--days 300`
spreads them as thinly as 100,000 over a month, so the archive grows while the window
stays the same.

An earlier generator gave every story twelve words and four names of its own and nothing
shared; the clusterer's only failure there (BCubed 0.45) came from its time features, and
the stories were otherwise trivially apart (BCubed 1.0 with the dates removed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np

from newsweave.evaluate.metrics import bcubed
from newsweave.records import Article, make_article
from newsweave.stories import StoryClusterer, StorySettings, cluster_stories

MONTH_DAYS = 30.0
START = datetime(2025, 3, 1, tzinfo=UTC)
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
STORIES_PER_TOPIC = 20  # mean; topic popularity is Zipfian, so a few topics dominate
TOPIC_WORDS, TOPIC_NAMES = 40, 6
STORY_WORDS, STORY_NAMES = 10, 2


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _name(rng: random.Random) -> str:
    return _word(rng).capitalize() + " " + _word(rng).capitalize()


class Corpus:
    """A deterministic generated month: topics, stories, their words, an article schedule."""

    def __init__(self, articles: int, seed: int = 7, days: float = MONTH_DAYS) -> None:
        rng = random.Random(seed)
        self.vocabulary = [_word(rng) for _ in range(30_000)]
        ranks = np.arange(1, len(self.vocabulary) + 1)
        self.background_cdf = np.cumsum(1.0 / ranks)  # Zipf's law
        self.background_cdf /= self.background_cdf[-1]
        self.outlets = [f"outlet{i:02d}" for i in range(40)]
        np_rng = np.random.default_rng(seed)
        stories = max(1, articles // 8)
        sizes = np_rng.geometric(1 / 8, size=stories)
        story_of = np.repeat(np.arange(stories), sizes)[:articles]
        if len(story_of) < articles:
            extra = np_rng.integers(0, stories, size=articles - len(story_of))
            story_of = np.concatenate([story_of, extra])
        starts = np_rng.uniform(0, days, size=stories)
        spreads = np_rng.exponential(0.8, size=stories)  # days over which a story is reported
        times = starts[story_of] + np_rng.exponential(1.0, size=articles) * spreads[story_of]
        order = np.argsort(times, kind="stable")
        self.times = times[order]
        self.story_of = story_of[order]
        topics = max(1, stories // STORIES_PER_TOPIC)
        popularity = 1.0 / np.arange(1, topics + 1)
        self.topic_of = np_rng.choice(topics, size=stories, p=popularity / popularity.sum())
        self.seed = seed
        self._topics: dict[int, tuple[list[str], list[str]]] = {}
        self._stories: dict[int, tuple[list[str], list[str]]] = {}

    def __len__(self) -> int:
        return len(self.times)

    def _words_and_names(
        self, cache: dict[int, tuple[list[str], list[str]]], key: int, words: int, names: int
    ) -> tuple[list[str], list[str]]:
        if key not in cache:
            rng = random.Random(key)
            vocabulary = self.vocabulary
            chosen = [vocabulary[rng.randrange(2000, len(vocabulary))] for _ in range(words)]
            cache[key] = (chosen, [_name(rng) for _ in range(names)])
        return cache[key]

    def topic(self, story: int) -> tuple[list[str], list[str]]:
        """The words and recurring names of a story's topic."""
        topic = int(self.topic_of[story])
        key = self.seed * 1_000_003 + 2 * topic + 1
        return self._words_and_names(self._topics, key, TOPIC_WORDS, TOPIC_NAMES)

    def story(self, story: int) -> tuple[list[str], list[str]]:
        """A story's own words and names (made on first use, from the story number)."""
        key = self.seed * 1_000_003 + 2 * (story + 1_000_000)
        return self._words_and_names(self._stories, key, STORY_WORDS, STORY_NAMES)

    def article(self, index: int) -> Article:
        story = int(self.story_of[index])
        rng = np.random.default_rng((self.seed, index))
        topic_words, topic_names = self.topic(story)
        own_words, own_names = self.story(story)
        background = int(rng.integers(60, 300))
        picks = np.searchsorted(self.background_cdf, rng.random(background))
        vocabulary = self.vocabulary
        words = [vocabulary[i] for i in picks.tolist()]
        used = [own_words[i] for i in rng.choice(STORY_WORDS, size=7, replace=False)]
        words += [used[i] for i in rng.integers(0, len(used), size=35).tolist()]
        words += [topic_words[i] for i in rng.integers(0, TOPIC_WORDS, size=25).tolist()]
        names = [*own_names, *(topic_names[i] for i in rng.choice(TOPIC_NAMES, 2, False))]
        words += [names[i] for i in rng.integers(0, len(names), size=5).tolist()]
        words = [words[i] for i in rng.permutation(len(words)).tolist()]
        paragraphs = [
            " ".join(words[i : i + 35]).capitalize() + "." for i in range(0, len(words), 35)
        ]
        title = " ".join([*rng.choice(used, 3, False), topic_words[int(rng.integers(8))]])
        title = title.capitalize() + " " + names[int(rng.integers(len(names)))]
        published = START + timedelta(days=float(self.times[index]))
        return make_article(
            body=paragraphs,
            title=title,
            outlet=self.outlets[int(rng.integers(len(self.outlets)))],
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


def run(
    articles: int,
    embeddings: bool,
    batch: int,
    checkpoints: int,
    workers: int | None = None,
    days: float = MONTH_DAYS,
) -> dict[str, object]:
    corpus = Corpus(articles, days=days)
    clusterer = StoryClusterer(StorySettings(use_embeddings=embeddings, workers=workers))
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The story each article was put in, in stream order (the clusterer's own id strings,
    # so this costs a pointer per article and the peak memory stays the clusterer's).
    predicted: list[str] = []
    segments = []
    step = max(batch, articles // checkpoints)
    fed = 0
    generating = 0.0
    clustering = 0.0
    clustering_cpu = 0.0  # the machine may be shared: CPU time is what the clusterer used
    segment_start, segment_clustering = fed, 0.0
    while fed < articles:
        t0 = time.perf_counter()
        chunk = [corpus.article(i) for i in range(fed, min(fed + batch, articles))]
        t1, cpu1 = time.perf_counter(), time.process_time()
        assignments = clusterer.add(chunk)
        if len(assignments) != len(chunk):
            raise RuntimeError("the generated stream repeated an article")
        predicted.extend(story for _, story, _ in assignments)
        clusterer.pop_closed()
        t2 = time.perf_counter()
        clustering_cpu += time.process_time() - cpu1
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
    clusterer.close()  # reaps the workers, so their CPU time is counted below
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (
        children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime
    )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    precision, recall, f1 = bcubed(
        dict(enumerate(predicted)), dict(enumerate(corpus.story_of.tolist()))
    )
    return {
        "articles": articles,
        "days": days,
        "embeddings": clusterer.semantic,
        "stories_generated": len(set(corpus.story_of.tolist())),
        "articles_per_s": round(articles / clustering, 1),
        "articles_per_cpu_s": round(articles / clustering_cpu, 1),
        "articles_per_total_cpu_s": round(articles / (clustering_cpu + workers_cpu), 1),
        "workers": clusterer.term_counting.workers,
        "load_average": os.getloadavg()[0],
        "generation_s": round(generating, 1),
        "clustering_s": round(clustering, 1),
        "peak_rss_mib": round(peak_rss, 1),
        "bcubed": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
        "segments": segments,
    }


def run_batch_mode(articles: int, days: float = MONTH_DAYS) -> dict[str, object]:
    """Batch mode (`cluster_stories`: the stream, then regrouping) over the same generated
    articles, held in memory as an archive would be read from the store; peak memory is
    that of this process, articles included."""
    corpus = Corpus(articles, days=days)
    archive = [corpus.article(i) for i in range(articles)]
    held = _rss_mib()
    started = time.perf_counter()
    stories = cluster_stories(archive, StorySettings(use_embeddings=False))
    elapsed = time.perf_counter() - started
    predicted = {a: s.id for s in stories for a in s.article_ids}
    gold = {a.id: int(corpus.story_of[i]) for i, a in enumerate(archive)}
    precision, recall, f1 = bcubed(predicted, gold)
    return {
        "articles": articles,
        "days": days,
        "mode": "batch (stream + regroup)",
        "articles_per_s": round(articles / elapsed, 1),
        "seconds": round(elapsed, 1),
        "rss_with_articles_held_mib": round(held, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "stories": len(stories),
        "bcubed": {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--embeddings", action="store_true", help="use the semantic feature")
    parser.add_argument("--batch", type=int, default=1_000, help="articles per add() call")
    parser.add_argument("--checkpoints", type=int, default=5, help="throughput readings")
    parser.add_argument("--workers", type=int, default=None, help="tokenising processes")
    parser.add_argument(
        "--days",
        type=float,
        default=MONTH_DAYS,
        help="days the stories open over (a month; more days: the same stream, sparser)",
    )
    parser.add_argument(
        "--batch-mode", action="store_true", help="time cluster_stories (stream + regroup) instead"
    )
    args = parser.parse_args()
    if args.batch_mode:
        print(json.dumps(run_batch_mode(args.articles, args.days), indent=1))
        return
    result = run(
        args.articles, args.embeddings, args.batch, args.checkpoints, args.workers, args.days
    )
    result.pop("segments")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
