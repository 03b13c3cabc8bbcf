"""The stories stage in Spark: terms and the stream prepared in parallel, decisions in order.

Join-or-new is a sequential model: whether an article joins a story depends on the
stories the articles before it made, and its TF-IDF weights on the document frequencies
of every article before it. Spark does the parallel part: it reads the articles, takes
the stems and names of each (`stories.terms.article_terms`, the costly part), finds
each article's must-link partner among the reuse links, and sorts the stream into time
buckets exactly as `update_stories` takes it (chunks of `chunk` articles by arrival, each
in publication order). The driver then streams the buckets in order through the local
`StoryClusterer`, which holds only the active window (stories close after
`active_days`), so its memory follows the window, not the corpus. Same model, same order,
same stories as `update_stories` (tests/spark/test_stories.py).

Batch mode (`rebuild`) is `rebuild_stories` on the driver over the dataset sorted once in
Spark and read again, a partition at a time, on each of its passes (`SparkArchive`), so the
driver holds what batch mode keeps of each article, never the texts whole.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..records import Article, Story, StoryMember
from ..stories.clusterer import StoryClusterer, stream_key
from ..stories.run import SAME_STORY_RELATIONS, rebuild_into
from ..stories.settings import StorySettings
from ..stories.terms import Terms, article_terms
from .ingest import row_article
from .reuse import positioned_articles

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

# Articles per bucket of the stream: `update_stories`' default chunk.
STREAM_CHUNK = 5000
# Story rows written to Parquet per append.
_WRITE_ROWS = 20_000


def stories_schema() -> StructType:
    """report.export.story_schema's columns, plus what the store keeps of each story."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        StringType,
        StructField,
        StructType,
    )

    strings = ArrayType(StringType())
    return StructType(
        [
            StructField("story_id", StringType(), False),
            StructField("label", StringType()),
            StructField("article_ids", strings),
            StructField("join_scores", ArrayType(DoubleType())),
            StructField("outlets", strings),
            StructField("first_seen", StringType()),
            StructField("last_seen", StringType()),
            StructField("key_terms", strings),
            StructField("outlet_counts", StringType()),  # JSON object: outlet -> articles
            StructField("active", BooleanType()),
        ]
    )


def story_values(story: Story, outlet_counts: Mapping[str, int], active: bool) -> tuple[Any, ...]:
    """A story as a row of the stories dataset (scores kept at full precision)."""
    return (
        story.id,
        story.label,
        list(story.article_ids),
        [m.score for m in story.members],
        list(story.outlets),
        story.first_seen,
        story.last_seen,
        list(story.key_terms),
        json.dumps(dict(sorted(outlet_counts.items())), ensure_ascii=False),
        active,
    )


def row_story(row: Any) -> tuple[Story, Counter[str], bool]:
    """(story, outlet counts, active) of a stories-dataset row."""
    story = Story(
        id=row["story_id"],
        members=tuple(
            StoryMember(a, s)
            for a, s in zip(row["article_ids"] or (), row["join_scores"] or (), strict=True)
        ),
        label=row["label"] or "",
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        outlets=tuple(row["outlets"] or ()),
        key_terms=tuple(row["key_terms"] or ()),
    )
    counts = Counter(json.loads(row["outlet_counts"] or "{}"))
    return story, counts, bool(row["active"])


class TermsGivenClusterer(StoryClusterer):
    """The local clusterer, fed term counts computed on the executors.

    `term_counts` looks the counts up in `terms`, filled before each bucket, instead of
    tokenising.
    """

    def __init__(self, settings: StorySettings = StorySettings()) -> None:
        super().__init__(settings)
        self.terms: dict[str, Terms] = {}

    def term_counts(self, batch: list[Article]) -> list[Terms]:
        return [self.terms.pop(article.id) for article in batch]


def must_link_partners(links: DataFrame) -> RDD[Any]:
    """(article id, partner id): per article, the other side of its first same-story link.

    "First" in the store's order of links (source id, then target id), as
    `stories.run.must_link` reads them.
    """
    same = links.where(links.relation.isin(sorted(SAME_STORY_RELATIONS))).select(
        "source_id", "target_id"
    )
    sides = same.rdd.flatMap(
        lambda r: [
            (r["source_id"], ((r["source_id"], r["target_id"]), r["target_id"])),
            (r["target_id"], ((r["source_id"], r["target_id"]), r["source_id"])),
        ]
    )
    return sides.reduceByKey(min).mapValues(lambda pair: pair[1])


def _stream_rows(
    items: Iterable[tuple[int, tuple[Article, str | None]]], settings: StorySettings, chunk: int
) -> Iterator[tuple[tuple[int, bool, float, str], tuple[Article, str | None, Terms]]]:
    for position, (article, partner) in items:
        terms = article_terms(article, settings.lead_words, settings.use_entities)
        yield (position // chunk, *stream_key(article)), (article, partner, terms)


def stream_buckets(
    articles: DataFrame,
    links: DataFrame | None,
    settings: StorySettings = StorySettings(),
    chunk: int = STREAM_CHUNK,
) -> Iterator[list[tuple[Article, str | None, Terms]]]:
    """The stream of `update_stories`, bucket by bucket: (article, partner, term counts)."""
    positioned = positioned_articles(articles)
    with_partner: RDD[Any]
    if links is None:
        with_partner = positioned.mapValues(lambda a: (a, None))
    else:
        by_id = positioned.map(lambda pa: (pa[1].id, pa))
        with_partner = by_id.leftOuterJoin(must_link_partners(links)).map(
            lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1]))
        )
    ordered: RDD[Any] = with_partner.mapPartitions(
        lambda part: _stream_rows(part, settings, chunk)
    ).sortByKey()
    bucket: list[tuple[Article, str | None, Terms]] = []
    current: int | None = None
    for key, value in ordered.toLocalIterator(prefetchPartitions=True):
        if current is not None and key[0] != current and bucket:
            yield bucket
            bucket = []
        current = key[0]
        bucket.append(value)
    if bucket:
        yield bucket


def cluster_stream(
    buckets: Iterable[list[tuple[Article, str | None, Terms]]],
    settings: StorySettings = StorySettings(),
    *,
    merge: bool = False,
) -> Iterator[tuple[Story, Counter[str], bool]]:
    """(story, outlet counts, active) as `update_stories` leaves them in the store.

    Closed stories come out as they close; after the last bucket, the active ones. Each
    active story's record is the one the store would hold: made when the story last changed.
    """
    clusterer = TermsGivenClusterer(settings)
    active: dict[str, tuple[Story, Counter[str]]] = {}

    def settle() -> Iterator[tuple[Story, Counter[str], bool]]:
        for old in clusterer.removed:
            active.pop(old, None)
        for story in clusterer.closed.values():
            active.pop(story.id, None)
            yield story, clusterer.closed_outlets.get(story.id, Counter()), False
        for number in sorted(clusterer.dirty):
            story_state = clusterer.active[number]
            active[story_state.id] = (clusterer.record(story_state), Counter(story_state.outlets))
        clusterer.mark_saved()

    kept: dict[str, Article] = {}  # with `merge`: the active stories' articles
    if merge:
        clusterer.merge_source = lambda ids: [kept[i] for i in ids]
    for bucket in buckets:
        clusterer.terms = {a.id: terms for a, _, terms in bucket}
        partners = {a.id: p for a, p, _ in bucket if p is not None}
        if merge:
            kept.update((a.id, a) for a, _, _ in bucket)
        clusterer.add([a for a, _, _ in bucket], partners)
        if merge:
            for story in clusterer.closed.values():
                for article_id in story.article_ids:
                    kept.pop(article_id, None)
        yield from settle()
    if merge:
        clusterer.merge_window()
        yield from settle()
    for story, counts in active.values():
        yield story, counts, True


class SparkArchive:
    """Every article of an articles dataset in the stream's order (`stream_key`): sorted
    once in Spark, kept by the executors, and read again on each pass of batch mode a
    partition at a time, as `stories.run.StoredArchive` reads the store."""

    def __init__(self, articles: DataFrame) -> None:
        from pyspark import StorageLevel

        self.ordered = (
            articles.rdd.map(row_article)
            .keyBy(stream_key)
            .sortByKey()
            .values()
            .persist(StorageLevel.MEMORY_AND_DISK)
        )
        self.size = self.ordered.count()

    def __len__(self) -> int:
        return self.size

    def __iter__(self) -> Iterator[Article]:
        return iter(self.ordered.toLocalIterator(prefetchPartitions=True))

    def close(self) -> None:
        self.ordered.unpersist()


def rebuilt_stories(
    ordered: Iterable[Article],
    partners: Mapping[str, str],
    settings: StorySettings = StorySettings(),
) -> Iterator[tuple[Story, Counter[str], bool]]:
    """(story, outlet counts, active) as `rebuild_stories` leaves them in the store: batch
    mode over `ordered` (read once per pass), its stories then replayed as the stream's, so
    those whose last article is older than the active window come out closed."""
    with StoryClusterer(settings) as clusterer:
        rebuild_into(clusterer, ordered, partners)
        for story in clusterer.closed.values():
            yield story, clusterer.closed_outlets.get(story.id, Counter()), False
        for number in sorted(clusterer.active):
            state = clusterer.active[number]
            yield clusterer.record(state), Counter(state.outlets), True


def stories_to_parquet(
    spark: SparkSession,
    articles_path: str,
    output: str,
    links_path: str | None = None,
    settings: StorySettings = StorySettings(),
    *,
    merge: bool = False,
    rebuild: bool = False,
    chunk: int = STREAM_CHUNK,
) -> dict[str, Any]:
    """Cluster an articles dataset into stories, written to `output`; returns counts. The
    stream by default (`update_stories`, with `merge` its merge step); with `rebuild`,
    batch mode (`rebuild_stories`)."""
    articles = spark.read.parquet(articles_path)
    links = spark.read.parquet(links_path) if links_path else None
    schema = stories_schema()
    rows: list[tuple[Any, ...]] = []
    counts = {"articles": 0, "stories": 0, "active": 0}
    mode = "overwrite"

    def write() -> None:
        nonlocal mode
        spark.createDataFrame(rows, schema).coalesce(1).write.mode(mode).parquet(output)
        mode = "append"
        rows.clear()

    archive: SparkArchive | None = None
    if rebuild:
        archive = SparkArchive(articles)
        partners = {} if links is None else must_link_partners(links).collectAsMap()
        found = rebuilt_stories(archive, partners, settings)
    else:
        buckets = stream_buckets(articles, links, settings, chunk)
        found = cluster_stream(buckets, settings, merge=merge)
    try:
        for story, outlet_counts, active in found:
            rows.append(story_values(story, outlet_counts, active))
            counts["stories"] += 1
            counts["active"] += int(active)
            counts["articles"] += len(story.members)
            if len(rows) >= _WRITE_ROWS:
                write()
        if rows or mode == "overwrite":
            write()
    finally:
        if archive is not None:
            archive.close()
    return counts


__all__ = [
    "STREAM_CHUNK",
    "SparkArchive",
    "TermsGivenClusterer",
    "cluster_stream",
    "must_link_partners",
    "rebuilt_stories",
    "row_story",
    "stories_schema",
    "stories_to_parquet",
    "story_values",
    "stream_buckets",
]
