"""The Python API: `newsweave.open(db)` returns a Newsweave with the CLI's verbs.

    >>> import newsweave
    >>> with newsweave.open("newsweave.db") as nw:
    ...     report = nw.ingest("samples/corpus")
    ...     first = next(iter(nw.articles(limit=1)))

Every CLI command is a thin wrapper over a method here with the same name and defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import NewsweaveError
from .ingest import IngestReport, IngestSettings, ingest_paths
from .records import Article, ReuseLink, Skip, to_dict
from .report.export import article_export_row, article_schema, export_rows, reuse_schema
from .reuse import ReuseSettings, wire_origin
from .reuse.run import ReuseReport, update_reuse
from .store import DEFAULT_DB, Store

EXPORT_KINDS = ("articles", "reuse")
# Relations that mean one text was copied from another (quotes-only is shared speech).
COPY_RELATIONS = frozenset({"duplicate", "reprint", "rewrite"})


@dataclass(frozen=True, slots=True)
class ReuseView:
    """One article's place in the reuse graph: what it copied, who copied it, the original."""

    article: Article
    sources: tuple[ReuseLink, ...]  # links where this article is the target
    derivatives: tuple[ReuseLink, ...]  # links where this article is the source
    group: tuple[str, ...]  # ids of every article connected to it by copying
    original: str | None
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article.id,
            "sources": [to_dict(link) for link in self.sources],
            "derivatives": [to_dict(link) for link in self.derivatives],
            "group": list(self.group),
            "original": self.original,
            "evidence": list(self.evidence),
        }


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

    def reuse(
        self,
        settings: ReuseSettings = ReuseSettings(),
        on_chunk: Callable[[int, ReuseReport], None] | None = None,
    ) -> ReuseReport:
        """Find reuse for articles not yet compared (incremental; the index persists)."""
        return update_reuse(self.store, settings, on_chunk=on_chunk)

    def reuse_show(self, article_id: str) -> ReuseView:
        """An article's sources and derivatives with aligned passages, and its group's original."""
        article = self.store.article(article_id)
        links = list(self.store.links(article.id))
        group, group_links = self._copy_group(article.id)
        origin = wire_origin(list(self.store.articles(ids=group)), group_links)
        return ReuseView(
            article=article,
            sources=tuple(lk for lk in links if lk.target_id == article.id),
            derivatives=tuple(lk for lk in links if lk.source_id == article.id),
            group=tuple(sorted(group)),
            original=origin.article_id,
            evidence=origin.evidence,
        )

    def _copy_group(self, article_id: str) -> tuple[set[str], list[ReuseLink]]:
        group, frontier = {article_id}, [article_id]
        seen: dict[tuple[str, str], ReuseLink] = {}
        while frontier:
            for link in self.store.links(frontier.pop()):
                if link.relation not in COPY_RELATIONS:
                    continue
                seen[(link.source_id, link.target_id)] = link
                for other in (link.source_id, link.target_id):
                    if other not in group:
                        group.add(other)
                        frontier.append(other)
        return group, list(seen.values())

    def export(
        self, kind: str = "articles", format: str = "jsonl", out: str | Path | None = None
    ) -> int:
        """Write one kind of record to a file (JSONL to stdout when `out` is None)."""
        parquet = format == "parquet"
        rows: Iterator[dict[str, Any]]
        if kind == "articles":
            rows = (article_export_row(a) for a in self.store.articles())
            return export_rows(rows, format, out, schema=article_schema() if parquet else None)
        if kind == "reuse":
            rows = (to_dict(link) for link in self.store.links())
            return export_rows(rows, format, out, schema=reuse_schema() if parquet else None)
        raise NewsweaveError(f"unknown export kind {kind!r}; use one of {EXPORT_KINDS}")

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds."""
        return self.store.stats()


def open(db: str | Path = DEFAULT_DB, *, create: bool = True) -> Newsweave:
    """Open (or create) a newsweave store."""
    return Newsweave(db, create=create)


__all__ = ["EXPORT_KINDS", "Newsweave", "ReuseView", "open"]
