"""TF-IDF vectors with a streaming IDF, and story centroids that grow one article at a time.

The IDF is counted from the stream itself (document frequencies updated as articles
arrive), so newsweave needs no reference corpus and adapts to what an archive is about: a
name in every story of the week stops telling stories apart. Vectors are sparse dicts;
a centroid is the sum of its members' unit vectors with its squared norm kept up to date,
so adding an article and taking a cosine both cost the article's length, not the story's.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, mul

Vector = dict[str, float]


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


def tfidf(counts: Mapping[str, int], frequencies: DocumentFrequencies) -> Vector:
    """The unit-length TF-IDF vector of term counts (sublinear term frequency)."""
    log = math.log
    df = frequencies.counts.get
    documents = frequencies.documents + 1
    vector = {
        t: (1.0 + log(n)) * (log(documents / (df(t, 0) + 1)) + 1.0) for t, n in counts.items()
    }
    norm = math.sqrt(sum(map(mul, vector.values(), vector.values())))
    if norm == 0.0:
        return {}
    return {t: w / norm for t, w in vector.items()}


def top_terms(vector: Mapping[str, float], k: int) -> list[str]:
    """The k highest-weighted terms, ties broken by the term so the result is deterministic."""
    return [t for t, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:k]]


@dataclass(slots=True)
class Centroid:
    """The sum of member unit vectors; `squared_norm` is maintained on every addition."""

    weights: Vector = field(default_factory=dict)
    squared_norm: float = 0.0

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

    def merge(self, other: Centroid) -> None:
        """Absorb another centroid (stories joined by the merge step)."""
        self.add(other.weights)

    def unit(self) -> Vector:
        """This centroid scaled to unit length, to compare two stories."""
        if self.squared_norm <= 0.0:
            return {}
        norm = math.sqrt(self.squared_norm)
        return {t: w / norm for t, w in self.weights.items()}


__all__ = ["Centroid", "DocumentFrequencies", "Vector", "tfidf", "top_terms"]
