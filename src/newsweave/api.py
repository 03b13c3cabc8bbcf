"""The Python API: `newsweave.open(db)` returns a Newsweave with the CLI's verbs.

    >>> import newsweave
    >>> with newsweave.open("newsweave.db") as nw:
    ...     report = nw.ingest("samples/corpus")
    ...     first = next(iter(nw.articles(limit=1)))

Every CLI command is a thin wrapper over a method here with the same name and defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import NewsweaveError
from .ingest import IngestReport, IngestSettings, ingest_paths
from .records import Article, Skip
from .report.export import article_export_row, article_schema, export_rows
from .store import DEFAULT_DB, Store

EXPORT_KINDS = ("articles",)


class Newsweave:
    """A handle on one newsweave store, with one method per pipeline verb."""

    def __init__(self, db: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.store = Store(db, create=create)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsweave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        *paths: str | Path,
        settings: IngestSettings = IngestSettings(),
        on_file: Callable[[Any, IngestReport], None] | None = None,
        on_skip: Callable[[Skip], None] | None = None,
    ) -> IngestReport:
        """Read articles from files and folders into the store (idempotent, resumable)."""
        return ingest_paths(self.store, paths, settings, on_file=on_file, on_skip=on_skip)

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Iterator[Article]:
        """Stored articles, filtered by outlet and publication date (ISO, inclusive)."""
        return self.store.articles(
            outlet=outlet, since=since, until=until, limit=limit, newest_first=newest_first
        )

    def show(self, article_id: str) -> Article:
        """One article by id or unique id prefix."""
        return self.store.article(article_id)

    def export(
        self, kind: str = "articles", format: str = "jsonl", out: str | Path | None = None
    ) -> int:
        """Write one kind of record to a file (JSONL to stdout when `out` is None)."""
        if kind not in EXPORT_KINDS:
            raise NewsweaveError(f"unknown export kind {kind!r}; use one of {EXPORT_KINDS}")
        rows = (article_export_row(a) for a in self.store.articles())
        return export_rows(
            rows, format, out, schema=article_schema() if format == "parquet" else None
        )

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds."""
        return self.store.stats()


def open(db: str | Path = DEFAULT_DB, *, create: bool = True) -> Newsweave:
    """Open (or create) a newsweave store."""
    return Newsweave(db, create=create)


__all__ = ["EXPORT_KINDS", "Newsweave", "open"]
