"""Ingest in Spark: input files parsed on the executors into an `articles` Parquet dataset.

The files are listed on the driver in the order the local ingest walks them, each file is
parsed by the local readers on an executor, and an article seen twice keeps its first
occurrence. `seq` numbers the articles in that order from 1, as the store's `seq` column
does, so the later stages see the same stream in Spark as on one machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest.files import InputFile, find_inputs, read_input
from ..ingest.settings import IngestSettings
from ..records import Article, Skip

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

_SCALARS = ("id", "outlet", "dateline", "published", "title", "url", "language", "source", "format")
_LISTS = ("body", "bylines", "captions", "bullets", "subheads", "agency_tags")
# Column order of the articles dataset: the stream position, then the Article fields.
ARTICLE_COLUMNS = ("seq", *_SCALARS, *_LISTS)


def articles_schema() -> StructType:
    """The Spark schema of the articles dataset: records.Article plus its `seq`."""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    fields = [StructField("seq", LongType(), False)]
    fields += [StructField(name, StringType(), name != "id") for name in _SCALARS]
    fields += [StructField(name, ArrayType(StringType()), False) for name in _LISTS]
    return StructType(fields)


def article_values(article: Article, seq: int) -> tuple[Any, ...]:
    """An article as a row of the articles dataset, in ARTICLE_COLUMNS order."""
    return (
        seq,
        *(getattr(article, name) for name in _SCALARS),
        *(list(getattr(article, name)) for name in _LISTS),
    )


def row_article(row: Any) -> Article:
    """The Article of an articles-dataset row (a Spark Row or a mapping)."""
    values: dict[str, Any] = {name: row[name] for name in _SCALARS}
    values.update((name, tuple(row[name] or ())) for name in _LISTS)
    return Article(**values)


@dataclass(slots=True)
class SparkIngestReport:
    """What one Spark ingest did."""

    files: int = 0
    articles: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "articles": self.articles,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "skips": [
                {"path": s.path, "record": s.record, "reason": s.reason} for s in self.skipped
            ],
        }


def _values(record: Article | Skip, seq: int) -> tuple[Any, ...]:
    assert isinstance(record, Article)
    return article_values(record, seq)


def _read_files(
    items: Iterable[tuple[int, InputFile]], settings: IngestSettings
) -> Iterator[tuple[str, tuple[int, int], Article | Skip]]:
    """(article id or "", (file, record) position, article or skip) for each record."""
    for number, item in items:
        for index, record in enumerate(read_input(item, settings)):
            key = record.id if isinstance(record, Article) else ""
            yield key, (number, index), record


def ingest_to_parquet(
    spark: SparkSession,
    paths: Iterable[str | Path],
    output: str,
    settings: IngestSettings = IngestSettings(),
    *,
    mode: str = "overwrite",
) -> SparkIngestReport:
    """Write the articles under `paths` to the Parquet dataset `output` (any Hadoop URI)."""
    report = SparkIngestReport()
    items: list[InputFile] = []
    for item in find_inputs(paths):
        if isinstance(item, Skip):
            report.skipped.append(item)
        else:
            items.append(item)
    report.files = len(items)
    context = spark.sparkContext
    slices = max(1, min(len(items), context.defaultParallelism * 4))
    records = (
        context.parallelize(list(enumerate(items)), slices)
        .mapPartitions(lambda part: _read_files(part, settings))
        .persist()
    )
    try:
        report.skipped.extend(
            r[2] for r in records.filter(lambda r: r[0] == "").collect() if isinstance(r[2], Skip)
        )
        firsts = (
            records.filter(lambda r: r[0] != "")
            .map(lambda r: (r[0], (r[1], r[2])))
            .reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
            .map(lambda kv: kv[1])
            .sortByKey()
            .zipWithIndex()
            .map(lambda pair: _values(pair[0][1], pair[1] + 1))
        )
        frame = spark.createDataFrame(firsts, articles_schema())
        frame.write.mode(mode).parquet(output)
        read = records.filter(lambda r: r[0] != "").count()
    finally:
        records.unpersist()
    report.articles = spark.read.parquet(output).count()
    report.duplicates = read - report.articles
    return report


__all__ = [
    "ARTICLE_COLUMNS",
    "SparkIngestReport",
    "article_values",
    "articles_schema",
    "ingest_to_parquet",
    "row_article",
]
