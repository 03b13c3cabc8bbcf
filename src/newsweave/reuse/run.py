"""Run the reuse stage over a store: incremental, one transaction per chunk of new articles.

Each chunk's links, the grown index and the stage marker commit together, so a run killed
midway resumes at the first unfinished chunk and never stores a link twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..records import ReuseLink
from ..store import Store
from .index import ReuseIndex
from .settings import ReuseSettings

STAGE = "reuse"


@dataclass(slots=True)
class ReuseReport:
    """What one reuse run did."""

    articles: int = 0
    links: int = 0
    by_relation: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "links": self.links, "by_relation": self.by_relation}


def update_reuse(
    store: Store,
    settings: ReuseSettings = ReuseSettings(),
    *,
    chunk: int = 20_000,
    on_chunk: Callable[[int, ReuseReport], None] | None = None,
) -> ReuseReport:
    """Find reuse between articles not yet indexed and everything indexed before them."""
    report = ReuseReport()
    with store.writing():
        index = ReuseIndex.load(store.conn, settings)
        for last_seq, articles in store.article_batches(store.stage_marker(STAGE), chunk):
            links: list[ReuseLink] = list(index.add(articles))
            with store.transaction():
                store.add_links(links)
                index.save(store.conn)
                store.set_stage_marker(STAGE, last_seq)
            report.articles += len(articles)
            report.links += len(links)
            for link in links:
                report.by_relation[link.relation] = report.by_relation.get(link.relation, 0) + 1
            if on_chunk is not None:
                on_chunk(len(articles), report)
    return report


__all__ = ["STAGE", "ReuseReport", "update_reuse"]
