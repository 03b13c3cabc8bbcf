"""The reuse stage in Spark: the local index's candidate search, as joins and group-bys.

The local `ReuseIndex` takes articles in stream order, in batches of
`settings.batch_size`, and for the articles of batch b looks seeds, text keys and
boilerplate paragraphs up in everything indexed up to the end of batch b. Spark computes
the same thing at once: each key's holders sorted by stream position tell, for any batch,
how many articles held the key by then (a seed carried by more than `max_seed_articles`
articles is ignored from the batch where its holder number `max_seed_articles + 1` arrived;
a paragraph is boilerplate from the batch where its holder number
`boilerplate_min_articles` arrived). Hashing, alignment, labelling and the original's
choice are the local functions, called on the executors, so both engines give the same
links (tests/spark/test_reuse.py).

The stream position of an article is its rank by `seq` (from 0), the order in which
`update_reuse` reads the store; its batch is position // batch_size (`update_reuse` reads
chunks of 20,000, a multiple of the 2,000-article batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import add
from typing import TYPE_CHECKING, Any

import numpy as np

from ..api import COPY_RELATIONS
from ..records import Article, ReuseLink
from ..reuse.align import SentenceUnit, sentence_units
from ..reuse.index import ReuseIndex, outlet_key
from ..reuse.original import article_facts, wire_origin
from ..reuse.relation import compare_units
from ..reuse.settings import ReuseSettings
from ..reuse.shingles import batch_features
from .ingest import row_article

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

# Articles hashed per vectorized call on an executor (batch_features cost is per call).
_FEATURE_BATCH = 2000
# Sentence units kept per task for articles met in several pairs.
_UNIT_CACHE = 4096
_NEVER = 1 << 62

Positioned = tuple[int, Article]


def links_schema() -> StructType:
    """The Spark schema of the reuse dataset: report.export.reuse_schema's columns."""
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    passage = StructType(
        [
            StructField("source_start", LongType()),
            StructField("source_end", LongType()),
            StructField("target_start", LongType()),
            StructField("target_end", LongType()),
            StructField("similarity", DoubleType()),
            StructField("kind", StringType()),
        ]
    )
    return StructType(
        [
            StructField("source_id", StringType(), False),
            StructField("target_id", StringType(), False),
            StructField("relation", StringType(), False),
            StructField("containment_source_in_target", DoubleType()),
            StructField("containment_target_in_source", DoubleType()),
            StructField("passages", ArrayType(passage)),
            StructField("original", StringType()),
            StructField("evidence", ArrayType(StringType())),
        ]
    )


def link_values(link: ReuseLink) -> tuple[Any, ...]:
    """A link as a row of the reuse dataset."""
    return (
        link.source_id,
        link.target_id,
        link.relation,
        link.containment_source_in_target,
        link.containment_target_in_source,
        [
            (p.source_start, p.source_end, p.target_start, p.target_end, p.similarity, p.kind)
            for p in link.passages
        ],
        link.original,
        list(link.evidence),
    )


def row_link(row: Any) -> ReuseLink:
    """The ReuseLink of a reuse-dataset row."""
    from ..records import AlignedPassage

    return ReuseLink(
        source_id=row["source_id"],
        target_id=row["target_id"],
        relation=row["relation"],
        containment_source_in_target=row["containment_source_in_target"],
        containment_target_in_source=row["containment_target_in_source"],
        passages=tuple(
            AlignedPassage(
                p["source_start"],
                p["source_end"],
                p["target_start"],
                p["target_end"],
                p["similarity"],
                p["kind"],
            )
            for p in row["passages"] or ()
        ),
        original=row["original"],
        evidence=tuple(row["evidence"] or ()),
    )


# -- features per partition ------------------------------------------------------------------


def article_keys(
    articles: Iterable[Positioned], settings: ReuseSettings
) -> Iterator[tuple[str, int, int, int]]:
    """("seed" | "text" | "para", key, position, paragraph) rows, as the local index keys them.

    Seeds and text keys come from `batch_features` exactly as `ReuseIndex.candidates`
    computes them; paragraph keys are mixed with the outlet, so boilerplate is per outlet.
    """
    chunk: list[Positioned] = []

    def flush() -> Iterator[tuple[str, int, int, int]]:
        positions = np.array([p for p, _ in chunk], dtype=np.int64)
        found = batch_features(
            [a.body for _, a in chunk], settings.shingle_words, settings.seed_sample
        )
        outlets = np.array([outlet_key(a.outlet) for _, a in chunk], dtype=np.uint64)
        for seed, owner in zip(found.seeds.tolist(), found.seed_owner.tolist(), strict=True):
            yield "seed", seed, int(positions[owner]), 0
        for k, text_key in enumerate(found.text_keys.tolist()):
            if text_key != 0:
                yield "text", text_key, int(positions[k]), 0
        keyed = found.paragraph_keys ^ outlets[found.paragraph_owner]
        firsts = np.searchsorted(found.paragraph_owner, np.arange(len(chunk) + 1))
        for k in range(len(chunk)):
            for index, key in enumerate(keyed[firsts[k] : firsts[k + 1]].tolist()):
                yield "para", key, int(positions[k]), index

    for item in articles:
        chunk.append(item)
        if len(chunk) >= _FEATURE_BATCH:
            yield from flush()
            chunk = []
    if chunk:
        yield from flush()


def seed_pairs(
    holders: Iterable[int], settings: ReuseSettings
) -> Iterator[tuple[tuple[int, int], int]]:
    """((older, newer), 1) for each pair of holders of one seed that the local index pairs.

    The newer article's batch sees the seed only while it has at most `max_seed_articles`
    holders up to that batch's end.
    """
    ordered = sorted(set(holders))
    size, limit = settings.batch_size, settings.max_seed_articles
    too_common_from = ordered[limit] if len(ordered) > limit else _NEVER
    for j, newer in enumerate(ordered):
        if too_common_from < (newer // size + 1) * size:
            continue
        for older in ordered[:j]:
            yield (older, newer), 1


def _all_pairs(holders: Iterable[int]) -> Iterator[tuple[tuple[int, int], bool]]:
    ordered = sorted(set(holders))
    for j, newer in enumerate(ordered):
        for older in ordered[:j]:
            yield (older, newer), True


def candidate_pairs(keys: RDD[Any], settings: ReuseSettings) -> RDD[Any]:
    """((older, newer), same_text) candidate pairs from the keys of `article_keys`."""
    by_seed = (
        keys.filter(lambda r: r[0] == "seed")
        .map(lambda r: (r[1], r[2]))
        .groupByKey()
        .flatMap(lambda kv: seed_pairs(kv[1], settings))
        .reduceByKey(add)
        .filter(lambda kv: kv[1] >= settings.min_shared_seeds)
        .map(lambda kv: (kv[0], False))
    )
    by_text = (
        keys.filter(lambda r: r[0] == "text")
        .map(lambda r: (r[1], r[2]))
        .groupByKey()
        .flatMap(lambda kv: _all_pairs(kv[1]))
    )
    return by_seed.union(by_text).reduceByKey(lambda a, b: a or b)


def boilerplate_from(keys: RDD[Any], settings: ReuseSettings) -> RDD[Any]:
    """(position, ((paragraph, first position where it is boilerplate), ...)) per article.

    Only articles with a paragraph that ever becomes boilerplate appear.
    """
    need = settings.boilerplate_min_articles
    paragraphs = keys.filter(lambda r: r[0] == "para").map(lambda r: (r[1], (r[2], r[3])))

    def threshold(holders: Iterable[tuple[int, int]]) -> int | None:
        ordered = sorted({p for p, _ in holders})
        return ordered[need - 1] if len(ordered) >= need else None

    frequent = paragraphs.groupByKey().mapValues(threshold).filter(lambda kv: kv[1] is not None)
    return (
        paragraphs.join(frequent)
        .map(lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1])))
        .groupByKey()
        .mapValues(lambda items: tuple(sorted(items)))
    )


# -- alignment of candidate pairs --------------------------------------------------------


def align_pairs(
    pairs: Iterable[tuple[int, int, bool, Article, Any, Article, Any]], settings: ReuseSettings
) -> Iterator[ReuseLink]:
    """The links of candidate pairs, each given as (older, newer, same text, articles and
    their boilerplate thresholds), labelled and oriented by the local index's own code."""
    index = ReuseIndex(settings)
    units: dict[tuple[int, int], list[SentenceUnit]] = {}

    def units_of(pos: int, article: Article, thresholds: Any, upto: int) -> list[SentenceUnit]:
        skip = {para for para, start in thresholds or () if start < upto}
        key = (pos, len(skip))
        found = units.get(key)
        if found is None:
            if len(units) >= _UNIT_CACHE:
                units.clear()
            found = units[key] = sentence_units(article, settings, skip)
        return found

    for older, newer, same, a, a_bp, b, b_bp in pairs:
        upto = (newer // settings.batch_size + 1) * settings.batch_size
        pair = compare_units(
            units_of(older, a, a_bp, upto), units_of(newer, b, b_bp, upto), settings, same
        )
        if pair.relation is None:
            continue
        facts = _Facts({older: article_facts(a, settings), newer: article_facts(b, settings)})
        index.facts = facts  # type: ignore[assignment]
        yield index.make_link(a, b, older, newer, pair)


class _Facts(dict[int, Any]):
    """The two articles' facts by stream position, where the index keeps a list."""


def positioned_articles(articles: DataFrame) -> RDD[Any]:
    """(position, Article) in stream order: the rank of each article by `seq`, from 0."""
    return (
        articles.rdd.map(lambda row: (row["seq"], row_article(row)))
        .sortByKey()
        .zipWithIndex()
        .map(lambda pair: (pair[1], pair[0][1]))
    )


def reuse_links(
    spark: SparkSession, articles: DataFrame, settings: ReuseSettings = ReuseSettings()
) -> DataFrame:
    """Every reuse link among `articles` (an articles dataset), as `update_reuse` finds them."""
    from pyspark import StorageLevel

    positioned = positioned_articles(articles).persist(StorageLevel.MEMORY_AND_DISK)
    keys = positioned.mapPartitions(lambda part: article_keys(part, settings)).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    pairs = candidate_pairs(keys, settings)
    boilerplate = boilerplate_from(keys, settings)
    with_bp = positioned.leftOuterJoin(boilerplate)
    joined = (
        pairs.map(lambda kv: (kv[0][0], (kv[0][1], kv[1])))
        .join(with_bp)
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1][0], kv[1][1][1])))
        .join(with_bp)
        .map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][0][2], kv[1][0][3], *kv[1][1]))
    )
    links = joined.mapPartitions(lambda part: align_pairs(part, settings)).map(link_values)
    return spark.createDataFrame(links, links_schema())


def groups_schema() -> StructType:
    """The Spark schema of the reuse groups dataset: one row per article in a copy group."""
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    return StructType(
        [
            StructField("article_id", StringType(), False),
            StructField("group_id", StringType(), False),  # the smallest article id in it
            StructField("original_id", StringType()),  # None: the original is unknown
            StructField("evidence", ArrayType(StringType())),
        ]
    )


def group_origin_rows(
    group_id: str, articles: Iterable[Article], links: Iterable[ReuseLink], settings: ReuseSettings
) -> Iterator[tuple[str, str, str | None, list[str]]]:
    """One row per member of a copy group, with the group's likely original (`wire_origin`)."""
    members = sorted(articles, key=lambda a: a.id)
    origin = wire_origin(members, list(links), settings)
    for article in members:
        yield article.id, group_id, origin.article_id, list(origin.evidence)


def reuse_groups(
    articles: DataFrame, links: DataFrame, settings: ReuseSettings = ReuseSettings()
) -> DataFrame:
    """Copy groups (articles joined by duplicate, reprint or rewrite links) and originals.

    Groups are the connected components of the copy links (large-star/small-star, in
    `components`); each group's original is `wire_origin` over its articles and links, as
    `newsweave reuse show` decides it for one group.
    """
    from .components import connected_components

    copies = links.where(links.relation.isin(sorted(COPY_RELATIONS)))
    edges = copies.selectExpr("source_id AS src", "target_id AS dst")
    groups = connected_components(edges)
    members = articles.join(groups, articles.id == groups.node).rdd.map(
        lambda row: (row["component"], row_article(row))
    )
    group_links = copies.join(groups, copies.source_id == groups.node).rdd.map(
        lambda row: (row["component"], row_link(row))
    )
    rows = members.cogroup(group_links).flatMap(
        lambda kv: group_origin_rows(kv[0], kv[1][0], kv[1][1], settings)
    )
    return articles.sparkSession.createDataFrame(rows, groups_schema())


def reuse_to_parquet(
    spark: SparkSession,
    articles_path: str,
    output: str,
    settings: ReuseSettings = ReuseSettings(),
    *,
    groups_output: str | None = None,
    mode: str = "overwrite",
) -> dict[str, Any]:
    """Read an articles dataset, write its reuse links to `output` (and its copy groups to
    `groups_output`); returns counts."""
    articles = spark.read.parquet(articles_path)
    links = reuse_links(spark, articles, settings)
    links.write.mode(mode).parquet(output)
    written = spark.read.parquet(output)
    groups = 0
    if groups_output is not None:
        reuse_groups(articles, written, settings).write.mode(mode).parquet(groups_output)
        groups = spark.read.parquet(groups_output).select("group_id").distinct().count()
    by_relation = {
        row["relation"]: int(row["count"]) for row in written.groupBy("relation").count().collect()
    }
    return {
        "articles": articles.count(),
        "links": sum(by_relation.values()),
        "by_relation": dict(sorted(by_relation.items())),
        **({"groups": groups} if groups_output is not None else {}),
    }


__all__ = [
    "align_pairs",
    "article_keys",
    "boilerplate_from",
    "candidate_pairs",
    "group_origin_rows",
    "groups_schema",
    "link_values",
    "links_schema",
    "positioned_articles",
    "reuse_groups",
    "reuse_links",
    "reuse_to_parquet",
    "row_link",
    "seed_pairs",
]
