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
