"""TF-IDF vectors with a streaming IDF, and story centroids that grow one article at a time.

The IDF is counted from the stream itself (document frequencies updated as articles
arrive), so newsweave needs no reference corpus and adapts to what an archive is about: a
name in every story of the week stops telling stories apart. Vectors are sparse dicts;
a centroid is the sum of its members' unit vectors with its squared norm kept up to date,
so adding an article costs the article's length, not the story's.

Cosines against many centroids are taken in numpy: terms get numbers (`TermIds`), an
article's vector is laid out densely on them (`DenseVector`), and each centroid keeps an
array copy of itself (rebuilt only after it changed), so one candidate costs a gather and a
sum in C instead of a dict lookup per term in Python.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import add, ge, mul, truediv

import numpy as np

Vector = dict[str, float]


class _SublinearTf(dict[float, float]):
    """1 + log(n) per term count n, each computed once: counts are small integers that
    recur in every article, and a table lookup gives the same float as the call."""

    def __missing__(self, n: float) -> float:
        value = self[n] = 1.0 + math.log(n)
        return value


_TF = _SublinearTf()


@dataclass(slots=True)
class DocumentFrequencies:
    """How many articles contain each term, counted as articles arrive."""

    documents: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, terms: Iterable[str]) -> None:
        """Count one article whose distinct terms are `terms`."""
        self.documents += 1
        self.counts.update(terms)

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency, as scikit-learn's `smooth_idf`."""
        return math.log((self.documents + 1) / (self.counts.get(term, 0) + 1)) + 1.0

    def idfs(self, terms: Iterable[str]) -> dict[str, float]:
        """`idf` of each of `terms` (the same floats), in one pass of C-level maps: an
        article's fields share most terms, so `weigh` looks each one up here once."""
        terms = list(terms)
        document_counts = map(add, map(self.counts.get, terms, repeat(0)), repeat(1))
        quotients = map(truediv, repeat(self.documents + 1), document_counts)
        return dict(zip(terms, map(add, map(math.log, quotients), repeat(1.0)), strict=True))


def weigh(counts: Mapping[str, int], idfs: Mapping[str, float]) -> Vector:
    """The unit-length TF-IDF vector of term counts (sublinear term frequency), given the
    idf of every counted term; terms keep the order of `counts`."""
    weights = list(map(mul, map(_TF.__getitem__, counts.values()), map(idfs.__getitem__, counts)))
    norm = math.sqrt(sum(map(mul, weights, weights)))
    if norm == 0.0:
        return {}
    return dict(zip(counts, map(truediv, weights, repeat(norm)), strict=True))


def weigh_fields(
    counts: Mapping[str, Mapping[str, int]], idfs: Mapping[str, Mapping[str, float]]
) -> dict[str, Vector]:
    """`weigh` of each "field:kind" count, given the idf of each kind's terms; an empty
    field gives an empty vector."""
    return {
        key: weigh(terms, idfs[key.split(":")[1]]) if terms else {} for key, terms in counts.items()
    }


def index_keys(vectors: Mapping[str, Vector], k: int) -> dict[str, float]:
    """The keys an article offers the index of story terms, weighted: its `k` strongest
    title and body stems ("s:" keys) and half as many names ("e:" keys)."""
    keys: dict[str, float] = {}
    for key, prefix, n in (
        ("title:stems", "s:", k),
        ("body:stems", "s:", k),
        ("title:entities", "e:", k // 2),
        ("body:entities", "e:", k // 2),
    ):
        vector = vectors.get(key)
        if vector:
            for term in top_terms(vector, n):
                keys[prefix + term] = max(keys.get(prefix + term, 0.0), vector[term])
    return keys


def tfidf(counts: Mapping[str, int], frequencies: DocumentFrequencies) -> Vector:
    """The unit-length TF-IDF vector of term counts (sublinear term frequency)."""
    return weigh(counts, frequencies.idfs(counts))


def top_terms(vector: Mapping[str, float], k: int) -> list[str]:
    """The k highest-weighted terms, ties broken by the term so the result is deterministic.

    Only the terms weighing at least the k-th largest weight are sorted: the same list as
    sorting the whole vector, at a fraction of the cost on long bodies.
    """
    items: Iterable[tuple[str, float]] = vector.items()
    if 0 < k < len(vector):
        cut = sorted(vector.values(), reverse=True)[k - 1]
        items = compress(vector.items(), map(ge, vector.values(), repeat(cut)))
    return [t for t, _ in sorted(items, key=lambda item: (-item[1], item[0]))[:k]]


class TermIds(dict[str, int]):
    """A number for every term, given on first sight: the positions that articles and
    centroids are laid out on for numpy cosines. It grows with the vocabulary, as the
    document frequencies do."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number

    def numbers(self, terms: Iterable[str], count: int = -1) -> np.ndarray:
        """The numbers of `terms`, in order (new terms get new numbers)."""
        return np.fromiter(map(self.__getitem__, terms), np.int32, count)


@dataclass(slots=True)
class Centroid:
    """The sum of member unit vectors; `squared_norm` is maintained on every addition.

    `arrays` is a numpy copy of `weights` for `DenseVector.cosines`, refreshed after the
    centroid changed: term numbers only for the terms added since (a dict keeps its
    insertion order, so they are its last keys), weights in one pass in C.
    """

    weights: Vector = field(default_factory=dict)
    squared_norm: float = 0.0
    _numbers: np.ndarray = field(
        default_factory=lambda: np.zeros(0, np.int32), repr=False, compare=False
    )
    _values: np.ndarray | None = field(default=None, repr=False, compare=False)

    def arrays(self, term_ids: TermIds) -> tuple[np.ndarray, np.ndarray]:
        """(term numbers, weights) of this centroid's terms, in `weights` order."""
        if self._values is None:
            weights = self.weights
            known = len(self._numbers)
            if len(weights) > known:
                fresh = term_ids.numbers(islice(weights, known, None), len(weights) - known)
                self._numbers = np.concatenate((self._numbers, fresh))
            self._values = np.fromiter(weights.values(), np.float64, len(weights))
        return self._numbers, self._values

    def dot(self, vector: Mapping[str, float]) -> float:
        """Sparse dot product, walking the shorter of the two (in C: `map` over dict views)."""
        weights = self.weights
        if not weights:
            return 0.0
        if len(weights) < len(vector):
            return sum(map(mul, weights.values(), map(vector.get, weights, repeat(0.0))))
        return sum(map(mul, vector.values(), map(weights.get, vector, repeat(0.0))))

    def cosine(self, vector: Mapping[str, float]) -> float:
        """Cosine between a unit vector and this centroid."""
        if self.squared_norm <= 0.0 or not vector:
            return 0.0
        return self.dot(vector) / math.sqrt(self.squared_norm)

    def add(self, vector: Mapping[str, float]) -> None:
        """Add a member's vector: |c + v|^2 = |c|^2 + 2 c.v + |v|^2."""
        weights = self.weights
        old = list(map(weights.get, vector, repeat(0.0)))
        cross = sum(map(mul, old, vector.values()), 0.0)
        own = sum(map(mul, vector.values(), vector.values()), 0.0)
        weights.update(zip(vector, map(add, old, vector.values()), strict=True))
        self.squared_norm += 2.0 * cross + own
        self._values = None

    def merge(self, other: Centroid) -> None:
        """Absorb another centroid (stories joined by the merge step)."""
        self.add(other.weights)

    def unit(self) -> Vector:
        """This centroid scaled to unit length, to compare two stories."""
        if self.squared_norm <= 0.0:
            return {}
        norm = math.sqrt(self.squared_norm)
        return {t: w / norm for t, w in self.weights.items()}


class DenseVector:
    """One sparse vector at a time laid out densely on term numbers, to take its cosine
    with many centroids: each is a gather of the centroid's terms and a sum, all
    centroids in one `np.add.reduceat` (numpy's pairwise sum over each centroid's terms,
    the same floats as `.sum()` of that centroid alone). Positions not set are 0.0."""

    def __init__(self, term_ids: TermIds) -> None:
        self.term_ids = term_ids
        self.dense = np.zeros(1024, np.float64)
        self.numbers: np.ndarray | None = None

    def set(self, vector: Mapping[str, float]) -> None:
        """Lay out `vector` (clearing the previous one)."""
        self.clear()
        numbers = self.term_ids.numbers(vector, len(vector))
        self._fit()
        self.dense[numbers] = np.fromiter(vector.values(), np.float64, len(vector))
        self.numbers = numbers

    def _fit(self) -> None:
        """Room for every numbered term (centroids number their terms too)."""
        if len(self.term_ids) > len(self.dense):
            grown = np.zeros(2 * len(self.term_ids), np.float64)
            grown[: len(self.dense)] = self.dense
            self.dense = grown

    def clear(self) -> None:
        if self.numbers is not None:
            self.dense[self.numbers] = 0.0
            self.numbers = None

    def cosines(self, centroids: Iterable[Centroid | None]) -> list[float]:
        """Cosine between the laid-out unit vector and each centroid (0.0 for a missing,
        empty or zero centroid, or when no vector is laid out)."""
        chosen = list(centroids)
        result = [0.0] * len(chosen)
        if self.numbers is None or not len(self.numbers):
            return result
        scored: list[int] = []
        numbers: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for slot, centroid in enumerate(chosen):
            if centroid is None or centroid.squared_norm <= 0.0 or not centroid.weights:
                continue
            ids, weights = centroid.arrays(self.term_ids)
            scored.append(slot)
            numbers.append(ids)
            values.append(weights)
        if not scored:
            return result
        self._fit()
        starts = np.cumsum([0, *map(len, numbers[:-1])])
        products = self.dense[np.concatenate(numbers)] * np.concatenate(values)
        dots = np.add.reduceat(products, starts).tolist()
        for slot, dot in zip(scored, dots, strict=True):
            result[slot] = dot / math.sqrt(chosen[slot].squared_norm)  # type: ignore[union-attr]
        return result


__all__ = [
    "Centroid",
    "DenseVector",
    "DocumentFrequencies",
    "TermIds",
    "Vector",
    "index_keys",
    "tfidf",
    "top_terms",
    "weigh",
    "weigh_fields",
]
