"""The reuse stage: wire copy, reprints and rewrites found at passage level.

For every article: which other articles share text with it, which passages (character
offsets in both, with similarity), how much each holds of the other, what kind of reuse
it is (duplicate, reprint, rewrite, quotes-only) and which one is the likely original.

    index = ReuseIndex()                 # or ReuseIndex.load(conn) for a stored one
    links = list(index.add(articles))    # new articles against everything indexed so far
    index.save(conn)

The likely original of a linked group is decided by `wire_origin(group, links)`, a pure
function over articles loaded from the store; each link also carries its pairwise verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsweave.records import Article, ReuseLink

from .index import SCHEMA, Fetch, ReuseIndex, store_fetch
from .original import Origin, is_agency, pair_original, wire_origin
from .settings import ReuseSettings


def find_reuse(
    articles: Iterable[Article], settings: ReuseSettings = ReuseSettings()
) -> Iterator[ReuseLink]:
    """Every reuse link among `articles`, each pair once (an in-memory index over them)."""
    yield from ReuseIndex(settings).add(articles)


__all__ = [
    "SCHEMA",
    "Fetch",
    "Origin",
    "ReuseIndex",
    "ReuseSettings",
    "find_reuse",
    "is_agency",
    "pair_original",
    "store_fetch",
    "wire_origin",
]
