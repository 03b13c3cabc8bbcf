"""The reuse graph layout: originals on the left, copies to the right, arrows trimmed."""

from __future__ import annotations

import math

from newsweave.records import ReuseLink, make_article
from newsweave.web.graph import NODE_RADIUS, reuse_graph

WIRE = make_article(
    ["Dockworkers at the Port of Portvale walked out at midnight."],
    outlet="Meridian Press",
    published="2031-05-06T06:00:00+02:00",
    title="Portvale dockworkers strike",
)
REPRINT = make_article(
    ["Dockworkers at the Port of Portvale walked out at midnight, the union said."],
    outlet="Portvale Courier",
    published="2031-05-06T09:00:00+02:00",
)
SECOND_COPY = make_article(
    ["Dockworkers walked out at midnight at the Port of Portvale."],
    outlet="Coastline Times",
    published="2031-05-06T11:00:00+02:00",
)
OWN_REPORT = make_article(
    ["Night-shift crews told the Lantern they had not been paid for overtime."],
    outlet="The Lantern",
    published="2031-05-06T08:00:00+02:00",
)


def _link(
    source: str, target: str, relation: str = "reprint", original: str = "source"
) -> ReuseLink:
    return ReuseLink(source, target, relation, 0.9, 0.8, original=original)  # type: ignore[arg-type]


def test_copies_sit_right_of_what_they_copied_and_the_original_is_marked() -> None:
    links = [_link(WIRE.id, REPRINT.id), _link(REPRINT.id, SECOND_COPY.id, "rewrite")]
    graph = reuse_graph([SECOND_COPY, REPRINT, WIRE], links, WIRE.id)
    x = {n.article_id: n.x for n in graph.nodes}
    assert x[WIRE.id] < x[REPRINT.id] < x[SECOND_COPY.id]
    assert [n.article_id for n in graph.nodes if n.original] == [WIRE.id]
    assert all(e.directed for e in graph.edges)
    assert all(0 <= n.x <= graph.width and 0 <= n.y <= graph.height for n in graph.nodes)


def test_edges_stop_at_the_node_circles() -> None:
    graph = reuse_graph([WIRE, REPRINT], [_link(WIRE.id, REPRINT.id)], WIRE.id)
    (edge,) = graph.edges
    nodes = {n.article_id: n for n in graph.nodes}
    start = math.dist((edge.x1, edge.y1), (nodes[WIRE.id].x, nodes[WIRE.id].y))
    end = math.dist((edge.x2, edge.y2), (nodes[REPRINT.id].x, nodes[REPRINT.id].y))
    assert start > NODE_RADIUS and end > NODE_RADIUS


def test_shared_quotes_and_undecided_originals_draw_no_arrow() -> None:
    links = [
        _link(WIRE.id, OWN_REPORT.id, "quotes-only", "unknown"),
        _link(WIRE.id, REPRINT.id, "duplicate", "unknown"),
    ]
    graph = reuse_graph([WIRE, OWN_REPORT, REPRINT], links, None)
    assert not any(e.directed for e in graph.edges)
    assert not any(n.original for n in graph.nodes)


def test_links_to_articles_outside_the_story_are_left_out() -> None:
    graph = reuse_graph([WIRE, REPRINT], [_link(WIRE.id, OWN_REPORT.id)], WIRE.id)
    assert graph.edges == ()
    assert {n.article_id for n in graph.nodes} == {WIRE.id, REPRINT.id}


def test_a_cycle_of_links_still_lays_out() -> None:
    links = [_link(WIRE.id, REPRINT.id), _link(REPRINT.id, WIRE.id)]
    graph = reuse_graph([WIRE, REPRINT], links, None)
    assert len(graph.nodes) == 2 and len(graph.edges) == 2
