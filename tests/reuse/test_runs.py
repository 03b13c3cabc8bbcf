"""The sorted-run multiset behind the index."""

from __future__ import annotations

import numpy as np

from newsweave.reuse.runs import SortedRuns


def test_lookup_finds_every_posting_across_merged_runs() -> None:
    runs = SortedRuns()
    rng = np.random.default_rng(3)
    keys = rng.integers(0, 50, 2000).astype(np.uint64)
    for start in range(0, 2000, 100):
        runs.add(keys[start : start + 100], np.arange(start, start + 100))
    assert len(runs.runs) < 8
    q, values = runs.lookup(np.array([7, 60], dtype=np.uint64))
    assert sorted(values.tolist()) == np.flatnonzero(keys == 7).tolist()
    assert set(q.tolist()) == {0}
    assert runs.counts(np.array([7], dtype=np.uint64))[0] == int((keys == 7).sum())


def test_lookup_skips_keys_held_too_often() -> None:
    runs = SortedRuns()
    runs.add(np.array([1, 1, 1, 2], dtype=np.uint64), np.array([0, 1, 2, 3]))
    _, values = runs.lookup(np.array([1, 2], dtype=np.uint64), max_count=2)
    assert values.tolist() == [3]


def test_lookup_of_unsorted_queries_matches_a_scan() -> None:
    rng = np.random.default_rng(11)
    runs = SortedRuns()
    keys = rng.integers(0, 400, 5000).astype(np.uint64)
    for start in range(0, 5000, 700):
        runs.add(keys[start : start + 700], np.arange(start, min(start + 700, 5000)))
    query = rng.integers(0, 500, 300).astype(np.uint64)
    q, values = runs.lookup(query)
    found = sorted(zip(q.tolist(), values.tolist(), strict=True))
    expected = sorted(
        (i, int(v)) for i, key in enumerate(query.tolist()) for v in np.flatnonzero(keys == key)
    )
    assert found == expected
    assert runs.counts(query).tolist() == [int((keys == k).sum()) for k in query.tolist()]
