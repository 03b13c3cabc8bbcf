"""Connected components by large-star/small-star against a plain union-find."""

from __future__ import annotations

import random
from typing import Any

import pytest

from newsweave.spark.components import connected_components


def union_find_labels(edges: list[tuple[int, int]]) -> dict[int, int]:
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in list(parent)}


@pytest.mark.slow
def test_components_of_a_random_forest_of_chains_and_stars(spark: Any) -> None:
    rng = random.Random(5)
    edges: list[tuple[int, int]] = []
    # A long chain (the worst case for label propagation), stars and random sparse links.
    edges += [(i, i + 1) for i in range(1000, 1064)]
    edges += [(2000, 2000 + k) for k in range(1, 20)]
    edges += [(rng.randrange(3000, 3150), rng.randrange(3000, 3150)) for _ in range(120)]
    edges += [(7, 7)]  # a self link is a component of one
    frame = spark.createDataFrame(edges, "src long, dst long")
    found = {r["node"]: r["component"] for r in connected_components(frame).collect()}
    expected = union_find_labels(edges)
    assert found == expected
    assert found[1064] == 1000
