"""Load the Parquet outputs of a Spark run into the embedded store.

Results computed on a cluster become a store the web UI, the report and every local
command read as if the local engine had made them: articles in their `seq` order (so
later local runs see the same stream), reuse links, and stories with their members. It
needs pyarrow only, not Spark. Rows are keyed as the store keys them, so importing twice
adds nothing twice. The local stages' markers and state are left alone: a later local
`newsweave reuse` or `stories` recomputes from the start and, the engines agreeing,
writes the same rows again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import PARAGRAPH_SEPARATOR, Article
from ..store import Store
from ..stories.persist import write_story
from .reuse import row_link
from .stories import row_story

# Rows per store transaction.
IMPORT_BATCH = 5000


@dataclass(slots=True)
class ImportReport:
    """How many rows each dataset gave the store (articles: how many were new)."""

    articles: int = 0
    links: int = 0
    stories: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "links": self.links, "stories": self.stories}


def _rows(path: str | Path, sort_by: str | None = None) -> Iterator[dict[str, Any]]:
    import pyarrow.dataset as ds

    try:
        table = ds.dataset(str(path), format="parquet").to_table()
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"not a readable Parquet dataset ({error})") from error
    if sort_by is not None:
        if sort_by not in table.column_names:
            raise InputError(str(path), f"no {sort_by!r} column: not a newsweave dataset")
        table = table.sort_by(sort_by)
    for batch in table.to_batches(IMPORT_BATCH):
        yield from batch.to_pylist()


def _article(row: dict[str, Any]) -> Article:
    body = row.get("body")
    if body is None:  # an exported articles file: the body as one text
        body = (row.get("text") or "").split(PARAGRAPH_SEPARATOR)
    lists = ("bylines", "captions", "bullets", "subheads", "agency_tags")
    scalars = ("outlet", "dateline", "published", "title", "url", "language", "source", "format")
    values: dict[str, Any] = {name: row.get(name) for name in scalars}
    values.update((name, tuple(row.get(name) or ())) for name in lists)
    return Article(id=row["id"], body=tuple(body), **values)


def _batched(rows: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= IMPORT_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def import_outputs(
    store: Store,
    articles: str | Path | None = None,
    reuse: str | Path | None = None,
    stories: str | Path | None = None,
) -> ImportReport:
    """Load the given Spark datasets (any subset) into `store`, articles first."""
    report = ImportReport()
    with store.writing():
        if articles is not None:
            has_seq = _has_column(articles, "seq")
            rows = _rows(articles, "seq" if has_seq else None)
            for batch in _batched(_article(r) for r in rows):
                with store.transaction():
                    report.articles += store.add_articles(batch)
        if reuse is not None:
            for batch in _batched(row_link(r) for r in _rows(reuse)):
                with store.transaction():
                    report.links += store.add_links(batch)
        if stories is not None:
            for batch in _batched(row_story(r) for r in _rows(stories)):
                with store.transaction() as conn:
                    for story, counts, active in batch:
                        write_story(conn, story, counts, active)
                report.stories += len(batch)
    return report


def _has_column(path: str | Path, name: str) -> bool:
    import pyarrow.dataset as ds

    try:
        return name in ds.dataset(str(path), format="parquet").schema.names
    except (OSError, ValueError) as error:
        raise InputError(str(path), f"not a readable Parquet dataset ({error})") from error


__all__ = ["IMPORT_BATCH", "ImportReport", "import_outputs"]
