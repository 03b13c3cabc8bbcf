"""A multiset of (64-bit key, 32-bit value) pairs held as a few sorted numpy runs.

New batches append a sorted run; runs merge when the newest is at least half the size of
the one before it (as a log-structured merge tree does), so adding is amortized
O(log n) per pair and a lookup is a binary search in O(log n) runs. A merge holds the two
runs and their union at once: the largest costs about twice the final arrays. Twelve bytes per pair
keep a million articles' seeds in about a gigabyte, where a dict of sets would take ten.

Queries are sorted once before they are searched: binary searches for ascending keys walk
the same cache lines in turn, which is several times faster than searching in hash order
once a run outgrows the CPU cache.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]


def _sorted(keys: U64, values: U32) -> tuple[U64, U32]:
    order = np.argsort(keys)
    return keys[order], values[order]


def _merge(first: tuple[U64, U32], second: tuple[U64, U32]) -> tuple[U64, U32]:
    """Two sorted runs as one: each pair of `second` goes after the equal keys of `first`.

    Positions come from one binary search of the (sorted) second run in the first, so the
    merge costs the two runs and the output, and no sort.
    """
    (k1, v1), (k2, v2) = first, second
    at = np.searchsorted(k1, k2, side="right")
    at += np.arange(len(k2), dtype=at.dtype)
    keys = np.empty(len(k1) + len(k2), dtype=np.uint64)
    values = np.empty(len(keys), dtype=np.uint32)
    from_first = np.ones(len(keys), dtype=bool)
    from_first[at] = False
    keys[at], values[at] = k2, v2
    keys[from_first], values[from_first] = k1, v1
    return keys, values


class SortedRuns:
    """Pairs of (key, value), searchable by key; values are article positions."""

    def __init__(self) -> None:
        self.runs: list[tuple[U64, U32]] = []

    def __len__(self) -> int:
        return sum(len(k) for k, _ in self.runs)

    @property
    def nbytes(self) -> int:
        return sum(k.nbytes + v.nbytes for k, v in self.runs)

    def add(self, keys: U64, values: U32 | I64) -> None:
        if len(keys) == 0:
            return
        self.runs.append(_sorted(keys.astype(np.uint64), values.astype(np.uint32)))
        while len(self.runs) > 1 and 2 * len(self.runs[-1][0]) >= len(self.runs[-2][0]):
            second = self.runs.pop()
            self.runs.append(_merge(self.runs.pop(), second))

    def compact(self) -> tuple[U64, U32]:
        """All pairs as one sorted run (used to persist the index)."""
        if not self.runs:
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint32)
        if len(self.runs) > 1:
            keys = np.concatenate([k for k, _ in self.runs])
            values = np.concatenate([v for _, v in self.runs])
            self.runs = [_sorted(keys, values)]
        return self.runs[0]

    def _ranges(self, query: U64) -> tuple[I64, list[tuple[I64, I64]]]:
        """The query's sort order and, per run, where each sorted query key starts and ends."""
        order = np.argsort(query)
        ordered = query[order]
        ranges = [
            (np.searchsorted(keys, ordered, "left"), np.searchsorted(keys, ordered, "right"))
            for keys, _ in self.runs
        ]
        return order, ranges

    def counts(self, query: U64) -> I64:
        """How many pairs hold each query key."""
        order, ranges = self._ranges(query)
        total = np.zeros(len(query), dtype=np.int64)
        for lo, hi in ranges:
            total[order] += hi - lo
        return total

    def lookup(self, query: U64, max_count: int | None = None) -> tuple[I64, U32]:
        """(query index, value) of every matching pair; keys held over max_count times skipped."""
        order, ranges = self._ranges(query)
        held = np.zeros(len(query), dtype=np.int64)
        for lo, hi in ranges:
            held += hi - lo
        keep = held <= (max_count if max_count is not None else np.iinfo(np.int64).max)
        found_q: list[I64] = []
        found_v: list[U32] = []
        for (lo, hi), (_, values) in zip(ranges, self.runs, strict=True):
            lengths = np.where(keep, hi - lo, 0)
            total = int(lengths.sum())
            if total == 0:
                continue
            q = np.repeat(order, lengths)
            starts = np.repeat(lo - np.cumsum(lengths) + lengths, lengths)
            found_q.append(q)
            found_v.append(values[starts + np.arange(total)])
        if not found_q:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint32)
        return np.concatenate(found_q), np.concatenate(found_v)


__all__ = ["SortedRuns"]
