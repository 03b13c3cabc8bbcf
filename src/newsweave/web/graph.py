"""The reuse graph of a story laid out for SVG: who copied whom, the likely original first.

Layered left to right: the original (and every article nothing was copied into) in the first
column, each copy one column right of the article it copied, so arrows read like the wire's
path through the outlets. Articles linked only by shared quotes sit where their time puts
them. Only coordinates are computed here; the template draws and escapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.records import Article, ReuseLink
from newsweave.web.views import headline, outlet_colour, outlet_label

# Layout in SVG user units; sized so an outlet name of ~20 characters fits under its node.
COLUMN_WIDTH = 190
ROW_HEIGHT = 78
NODE_RADIUS = 14
MARGIN = 40
COPY_RELATIONS = frozenset({"duplicate", "reprint", "rewrite"})


@dataclass(frozen=True, slots=True)
class GraphNode:
    article_id: str
    label: str
    title: str
    published: str | None
    colour: int
    original: bool
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source_id: str
    target_id: str
    relation: str
    directed: bool  # the reuse stage decided which side is the original
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class ReuseGraph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    width: int
    height: int
    radius: int = NODE_RADIUS


def _layers(ids: Sequence[str], links: Sequence[ReuseLink]) -> dict[str, int]:
    """Column of each article: its longest chain of copies back to an original."""
    layer = dict.fromkeys(ids, 0)
    copies = [lk for lk in links if lk.relation in COPY_RELATIONS]
    for _ in range(len(ids)):  # longest path by relaxation; bounded, so cycles cannot hang it
        moved = False
        for link in copies:
            wanted = layer[link.source_id] + 1
            if wanted > layer[link.target_id] and wanted < len(ids):
                layer[link.target_id] = wanted
                moved = True
        if not moved:
            break
    return layer


def reuse_graph(
    articles: Sequence[Article], links: Sequence[ReuseLink], original_id: str | None
) -> ReuseGraph:
    """Node positions and edge end points for the articles and the links between them."""
    by_id = {a.id: a for a in articles}
    inside = [lk for lk in links if lk.source_id in by_id and lk.target_id in by_id]
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    layer = _layers([a.id for a in ordered], inside)
    if original_id in layer:
        layer[original_id] = 0
    columns: dict[int, list[Article]] = {}
    for article in ordered:
        columns.setdefault(layer[article.id], []).append(article)
    used = sorted(columns)
    tallest = max((len(c) for c in columns.values()), default=1)
    width = MARGIN * 2 + COLUMN_WIDTH * max(len(used) - 1, 0) + COLUMN_WIDTH // 2
    height = MARGIN * 2 + ROW_HEIGHT * max(tallest - 1, 0) + 24
    nodes: dict[str, GraphNode] = {}
    for position, number in enumerate(used):
        column = columns[number]
        offset = (tallest - len(column)) * ROW_HEIGHT / 2  # centre short columns
        for row, article in enumerate(column):
            nodes[article.id] = GraphNode(
                article_id=article.id,
                label=_clip(outlet_label(article), 24),
                title=headline(article),
                published=article.published,
                colour=outlet_colour(article.outlet or article.id),
                original=article.id == original_id,
                x=MARGIN + COLUMN_WIDTH // 4 + position * COLUMN_WIDTH,
                y=MARGIN + offset + row * ROW_HEIGHT,
            )
    edges = []
    for link in inside:
        a, b = nodes[link.source_id], nodes[link.target_id]
        edges.append(
            GraphEdge(
                link.source_id,
                link.target_id,
                link.relation,
                link.original == "source" and link.relation in COPY_RELATIONS,
                *_trimmed(a.x, a.y, b.x, b.y, NODE_RADIUS + 3),
            )
        )
    return ReuseGraph(tuple(nodes.values()), tuple(edges), int(width), int(height))


def _trimmed(x1: float, y1: float, x2: float, y2: float, by: float) -> tuple[float, ...]:
    """The segment between two node centres, shortened at both ends to the circles' edges."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (
        round(x1 + ux * by, 1),
        round(y1 + uy * by, 1),
        round(x2 - ux * by, 1),
        round(y2 - uy * by, 1),
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["GraphEdge", "GraphNode", "ReuseGraph", "reuse_graph"]
