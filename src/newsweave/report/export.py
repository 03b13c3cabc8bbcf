"""Write records as JSON Lines, Parquet or CSV for other tools (pandas, polars, DuckDB, Spark).

JSONL keeps lists as lists, so an exported file ingests again unchanged. Parquet keeps lists
as list<string> columns and nested passages as structs. CSV, for spreadsheets, writes lists
and nested values as JSON text in their cells.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import NewsweaveError
from ..records import Article, Story
from ..store import article_row

EXPORT_FORMATS = ("jsonl", "parquet", "csv")

# The exported article fields, in order; the JSONL reader accepts every one of them back.
ARTICLE_FIELDS = (
    "id",
    "outlet",
    "bylines",
    "dateline",
    "published",
    "title",
    "url",
    "language",
    "text",
    "captions",
    "bullets",
    "subheads",
    "agency_tags",
    "source",
    "format",
)


def article_export_row(article: Article) -> dict[str, Any]:
    """An article in export form: the body as one `text`, paragraphs split by a blank line."""
    row = article_row(article)
    row["text"] = article.text
    return {name: row.get(name) for name in ARTICLE_FIELDS}


_LIST_COLUMNS = frozenset({"bylines", "captions", "bullets", "subheads", "agency_tags"})


def article_schema() -> Any:
    """The Parquet schema of exported articles: strings, and lists of strings."""
    import pyarrow as pa

    return pa.schema(
        [
            (name, pa.list_(pa.string()) if name in _LIST_COLUMNS else pa.string())
            for name in ARTICLE_FIELDS
        ]
    )


def reuse_schema() -> Any:
    """The Parquet schema of exported reuse links, passages as a list of structs."""
    import pyarrow as pa

    passage = pa.struct(
        [
            ("source_start", pa.int64()),
            ("source_end", pa.int64()),
            ("target_start", pa.int64()),
            ("target_end", pa.int64()),
            ("similarity", pa.float64()),
            ("kind", pa.string()),
        ]
    )
    return pa.schema(
        [
            ("source_id", pa.string()),
            ("target_id", pa.string()),
            ("relation", pa.string()),
            ("containment_source_in_target", pa.float64()),
            ("containment_target_in_source", pa.float64()),
            ("passages", pa.list_(passage)),
            ("original", pa.string()),
            ("evidence", pa.list_(pa.string())),
        ]
    )


def story_export_row(story: Story) -> dict[str, Any]:
    """A story in export form: its members as ids with their join scores."""
    return {
        "story_id": story.id,
        "label": story.label,
        "article_ids": list(story.article_ids),
        "join_scores": [round(m.score, 4) for m in story.members],
        "outlets": list(story.outlets),
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "key_terms": list(story.key_terms),
    }


def story_schema() -> Any:
    """The Parquet schema of exported stories."""
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema(
        [
            ("story_id", pa.string()),
            ("label", pa.string()),
            ("article_ids", strings),
            ("join_scores", pa.list_(pa.float64())),
            ("outlets", strings),
            ("first_seen", pa.string()),
            ("last_seen", pa.string()),
            ("key_terms", strings),
        ]
    )


def quote_schema() -> Any:
    """The Parquet schema of exported quotes (records.Quote plus the article's outlet)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("outlet", pa.string()),
            ("article_id", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("speaker", pa.string()),
            ("cue", pa.string()),
            ("kind", pa.string()),
        ]
    )


def change_schema() -> Any:
    """The Parquet schema of exported changed details (records.Change plus the story id)."""
    import pyarrow as pa

    names = ("story_id", "kind", "before", "after", "article_before", "article_after")
    return pa.schema([(name, pa.string()) for name in (*names, "outlet_before", "outlet_after")])


def export_rows(
    rows: Iterable[dict[str, Any]],
    format: str,
    out: str | Path | None = None,
    *,
    schema: Any = None,
) -> int:
    """Write rows to `out` (stdout for JSONL when None); returns how many were written.

    `schema` (a pyarrow schema) fixes Parquet column types, so a first batch whose optional
    column is all empty does not decide the type for the whole file.
    """
    if format not in EXPORT_FORMATS:
        raise NewsweaveError(f"unknown export format {format!r}; use one of {EXPORT_FORMATS}")
    if format == "jsonl":
        if out is None:
            return _write_jsonl(rows, sys.stdout)
        with open(out, "w", encoding="utf-8") as handle:
            return _write_jsonl(rows, handle)
    if out is None:
        raise NewsweaveError(f"--out is required for {format} (binary or tabular) output")
    if format == "parquet":
        return _write_parquet(rows, Path(out), schema)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        return _write_csv(rows, handle)


def _write_jsonl(rows: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    count = 0
    for row in rows:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[dict[str, Any]], handle: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(handle, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in row.items()
            }
        )
        count += 1
    return count


def _write_parquet(
    rows: Iterable[dict[str, Any]], out: Path, schema: Any, chunk: int = 10_000
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    count = 0
    try:
        for batch in _chunks(rows, chunk):
            table = pa.Table.from_pylist(batch, schema=schema)
            if writer is None:
                writer = pq.ParquetWriter(out, table.schema)
            else:
                table = table.cast(writer.schema)
            writer.write_table(table)
            count += len(batch)
        if writer is None:  # no rows: still write a valid, empty file
            pq.write_table(schema.empty_table() if schema is not None else pa.table({}), out)
    finally:
        if writer is not None:
            writer.close()
    return count


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


__all__ = [
    "ARTICLE_FIELDS",
    "EXPORT_FORMATS",
    "article_export_row",
    "article_schema",
    "change_schema",
    "export_rows",
    "quote_schema",
    "reuse_schema",
    "story_export_row",
    "story_schema",
]
