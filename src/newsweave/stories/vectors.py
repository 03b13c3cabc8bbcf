"""TF-IDF vectors with a streaming IDF, and story centroids that grow one article at a time.

The IDF is counted from the stream itself (document frequencies updated as articles
arrive), so newsweave needs no reference corpus and adapts to what an archive is about: a
name in every story of the week stops telling stories apart. Vectors are sparse dicts;
a centroid is the sum of its members' unit vectors with its squared norm kept up to date,
so adding an article costs the article's length, not the story's.

Cosines against many centroids are taken in numpy: terms get numbers (`TermIds`), an
article's vector is laid out densely on them (`DenseVector`), and each centroid keeps an
array copy of itself (grown in place as members join), so one candidate costs a gather and
a sum in C instead of a dict lookup per term in Python. The same numbers carry the document
frequencies: on a large vocabulary each lookup of a term is a cache miss, and an article's
terms are looked up once for counting, idfs and laying out instead of once for each.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from itertools import accumulate, compress, islice, repeat
from operator import add, ge, itemgetter, mul, neg, truediv

import numpy as np

Vector = dict[str, float]


class _SublinearTf(dict[float, float]):
    """1 + log(n) per term count n, each computed once: counts are small integers that
    recur in every article, and a table lookup gives the same float as the call."""

    def __missing__(self, n: float) -> float:
        value = self[n] = 1.0 + math.log(n)
        return value


_TF = _SublinearTf()


class TermIds(dict[str, int]):
    """A number for every term, given on first sight: the positions that articles and
    centroids are laid out on for numpy cosines. It grows with the vocabulary, as the
    document frequencies do. `terms` lists them by number."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[str] = []

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        self.terms.append(term)
        return number

    def numbers(self, terms: Iterable[str], count: int = -1) -> np.ndarray:
        """The numbers of `terms`, in order (new terms get new numbers)."""
        return np.fromiter(map(self.__getitem__, terms), np.int32, count)


def _fitted(array: np.ndarray, size: int) -> np.ndarray:
    """`array` if it holds `size` entries, else a copy of it with room for twice that
    (zeros after its own), so arrays on term numbers grow with the vocabulary at an
    amortised cost."""
    if size <= len(array):
        return array
    grown = np.zeros(2 * size, array.dtype)
    grown[: len(array)] = array
    return grown


class DocumentFrequencies:
    """How many articles contain each term, counted as articles arrive.

    Counts are kept on term numbers (`TermIds`, which a clusterer shares with its
    `DenseVector`): counting an article and taking its idfs then cost one lookup of each
    distinct term in the large vocabulary (`count`), where counting in a dict of terms and
    reading the counts back cost two. `by_term`, `document_count` and `set_count` read and
    write them by term, as the store keeps them.
    """

    __slots__ = ("df", "documents", "term_ids")

    def __init__(self, term_ids: TermIds | None = None) -> None:
        self.term_ids = TermIds() if term_ids is None else term_ids
        self.documents = 0
        self.df = np.zeros(1024, np.int64)  # articles per term number

    def _fit(self) -> None:
        """Room for every numbered term and one more, a zero for terms never numbered."""
        self.df = _fitted(self.df, len(self.term_ids) + 1)

    def count(self, terms: Collection[str]) -> np.ndarray:
        """Count one article whose distinct terms are `terms`; returns their numbers."""
        numbers = self.term_ids.numbers(terms, len(terms))
        self._fit()
        self.documents += 1
        self.df[numbers] += 1
        return numbers

    def add(self, terms: Iterable[str]) -> None:
        """Count one article whose distinct terms are `terms`."""
        self.count(terms if isinstance(terms, (Set, Mapping)) else dict.fromkeys(terms))

    def by_term(self) -> dict[str, int]:
        """Every counted term's document count, by term (what the store keeps)."""
        df = self.df
        return {t: int(df[n]) for t, n in self.term_ids.items() if n < len(df) and df[n]}

    def set_count(self, term: str, count: int) -> None:
        """Set a term's document count (loading what the store kept)."""
        number = self.term_ids[term]
        self._fit()
        self.df[number] = count

    def document_count(self, term: str) -> int:
        """How many articles counted so far contain `term`."""
        number = self.term_ids.get(term)
        return 0 if number is None or number >= len(self.df) else int(self.df[number])

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency, as scikit-learn's `smooth_idf`."""
        return self.idfs([term])[term]

    def numbered_idfs(self, numbers: np.ndarray) -> list[float]:
        """`idf` of each term number, in order: the quotient in numpy (the same division
        of two exact integers as in Python), the logarithm by `math.log`."""
        self._fit()
        quotients = (self.documents + 1) / (self.df[numbers] + 1)
        return list(map(add, map(math.log, quotients.tolist()), repeat(1.0)))

    def idfs(self, terms: Iterable[str]) -> dict[str, float]:
        """`idf` of each of `terms` (the same floats as `numbered_idfs`); terms never
        counted are not numbered, so looking them up does not grow the vocabulary."""
        terms = list(terms)
        self._fit()
        unseen = len(self.term_ids)  # its count is 0 until a term takes that number
        numbers = np.fromiter(map(self.term_ids.get, terms, repeat(unseen)), np.int64, len(terms))
        return dict(zip(terms, self.numbered_idfs(numbers), strict=True))


class TermSet(Set[str]):
    """A set of numbered terms (`TermIds`) kept as a mask over their numbers: adding an
    article's terms by number (`mark`) costs no lookup in a set of the whole vocabulary,
    which is what the terms changed since the last save grow to."""

    def __init__(self, term_ids: TermIds) -> None:
        self.term_ids = term_ids
        self.marked = np.zeros(1024, bool)

    def mark(self, numbers: np.ndarray) -> None:
        """Add the terms of these numbers."""
        self.marked = _fitted(self.marked, len(self.term_ids))
        self.marked[numbers] = True

    def clear(self) -> None:
        self.marked[:] = False

    def __contains__(self, term: object) -> bool:
        number = self.term_ids.get(term) if isinstance(term, str) else None
        return number is not None and number < len(self.marked) and bool(self.marked[number])

    def __iter__(self) -> Iterator[str]:
        return map(self.term_ids.terms.__getitem__, np.flatnonzero(self.marked).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self.marked))


def weigh(counts: Mapping[str, int], idfs: Mapping[str, float]) -> Vector:
    """The unit-length TF-IDF vector of term counts (sublinear term frequency), given the
    idf of every counted term; terms keep the order of `counts`."""
    weights = list(map(mul, map(_TF.__getitem__, counts.values()), map(idfs.__getitem__, counts)))
    norm = math.sqrt(sum(map(mul, weights, weights)))
    if norm == 0.0:
        return {}
    return dict(zip(counts, map(truediv, weights, repeat(norm)), strict=True))


def weigh_laid(counts: Mapping[str, int], idfs: np.ndarray) -> tuple[Vector, np.ndarray]:
    """`weigh` of term counts whose idfs are an array in the order of `counts`, in numpy:
    the same vector (the same products, and the norm summed in the same order in Python),
    with its weights as an array for laying out (`DenseVector.lay`)."""
    tf = np.fromiter(map(_TF.__getitem__, counts.values()), np.float64, len(counts))
    weights = tf * idfs
    norm = math.sqrt(sum((weights * weights).tolist()))
    if norm == 0.0:
        return {}, weights[:0]
    weights /= norm
    return dict(zip(counts, weights.tolist(), strict=True)), weights


def weigh_field(
    counts: Mapping[str, int], idfs: Mapping[str, Mapping[str, float]], key: str
) -> Vector:
    """`weigh` of the "field:kind" `key`'s counts, given the idf of each kind's terms; an
    empty field gives an empty vector."""
    return weigh(counts, idfs[key.split(":")[1]]) if counts else {}


def weigh_fields(
    counts: Mapping[str, Mapping[str, int]], idfs: Mapping[str, Mapping[str, float]]
) -> dict[str, Vector]:
    """`weigh` of each "field:kind" count, given the idf of each kind's terms; an empty
    field gives an empty vector."""
    return {key: weigh_field(terms, idfs, key) for key, terms in counts.items()}


def index_keys(
    vectors: Mapping[str, Vector], k: int, strongest: Mapping[str, Sequence[str]] | None = None
) -> dict[str, float]:
    """The keys an article offers the index of story terms, weighted: its `k` strongest
    title and body stems ("s:" keys) and half as many names ("e:" keys).

    `strongest` holds `top_terms` of some fields for at least `k` terms, when already
    known: the first `k` of them are `top_terms(vector, k)` (the order is total)."""
    keys: dict[str, float] = {}
    known = strongest or {}
    for key, prefix, n in (
        ("title:stems", "s:", k),
        ("body:stems", "s:", k),
        ("title:entities", "e:", k // 2),
        ("body:entities", "e:", k // 2),
    ):
        vector = vectors.get(key)
        if vector:
            top = known.get(key)
            for term in top_terms(vector, n) if top is None else top[:n]:
                keys[prefix + term] = max(keys.get(prefix + term, 0.0), vector[term])
    return keys


def tfidf(counts: Mapping[str, int], frequencies: DocumentFrequencies) -> Vector:
    """The unit-length TF-IDF vector of term counts (sublinear term frequency)."""
    return weigh(counts, frequencies.idfs(counts))


def top_terms(vector: Mapping[str, float], k: int, array: np.ndarray | None = None) -> list[str]:
    """The k highest-weighted terms, ties broken by the term so the result is deterministic.

    Only the terms weighing at least the k-th largest weight are sorted: the same list as
    sorting the whole vector, at a fraction of the cost on long bodies. `array` holds the
    vector's weights in its order, when known (`weigh_laid`): the k-th largest weight is
    then found by `np.partition` (the same float) and the terms kept in numpy.
    """
    terms: Iterable[str] = vector.keys()
    weights: Iterable[float] = vector.values()
    if 0 < k < len(vector):
        if array is not None:
            cut = float(np.partition(array, len(array) - k)[len(array) - k])
            kept = (array >= cut).tolist()
        else:
            cut = sorted(weights, reverse=True)[k - 1]
            kept = list(map(ge, weights, repeat(cut)))
        terms, weights = compress(terms, kept), compress(weights, kept)
    # (-weight, term) pairs made and compared in C: the order of the key (-weight, term).
    return list(map(itemgetter(1), sorted(zip(map(neg, weights), terms, strict=True))[:k]))


@dataclass(slots=True)
class Centroid:
    """The sum of member unit vectors; `squared_norm` is maintained on every addition.

    `arrays` is a numpy copy of `weights` for `DenseVector.cosines`. A member added with
    its laid-out numbers (`LaidOut`, as the stream compares and then joins an article)
    updates the copy in place; otherwise it is refreshed at the next `arrays` call: term
    numbers only for the terms added since (a dict keeps its insertion order, so they are
    its last keys), weights in one pass in C.
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

    def add(self, vector: Mapping[str, float], laid: LaidOut | None = None) -> None:
        """Add a member's vector: |c + v|^2 = |c|^2 + 2 c.v + |v|^2.

        `laid` is the vector as `DenseVector.set` laid it out (the same terms and weights,
        numbered): with it, arrays already built are brought up to date in place instead
        of being rebuilt from `weights` at the next `arrays` call.
        """
        weights = self.weights
        old = list(map(weights.get, vector, repeat(0.0)))
        cross = sum(map(mul, old, vector.values()), 0.0)
        own = sum(map(mul, vector.values(), vector.values()), 0.0)
        weights.update(zip(vector, map(add, old, vector.values()), strict=True))
        self.squared_norm += 2.0 * cross + own
        if laid is None or self._values is None:
            self._values = None
            return
        # The same floats as `weights`: a known term's weight plus the article's (float64
        # in numpy as in Python), new terms after the others in the order `update` added them.
        # Every weight is a sum of positive TF-IDF weights, so the terms read as 0.0 are new.
        known = np.array(old) > 0.0
        numbers, values, fresh = laid.numbers, laid.values, ~known
        self._values[laid.table.positions(self._numbers, numbers[known])] += values[known]
        self._numbers = np.concatenate((self._numbers, numbers[fresh]))
        self._values = np.concatenate((self._values, values[fresh]))

    def merge(self, other: Centroid) -> None:
        """Absorb another centroid (stories joined by the merge step)."""
        self.add(other.weights)

    def unit(self) -> Vector:
        """This centroid scaled to unit length, to compare two stories."""
        if self.squared_norm <= 0.0:
            return {}
        norm = math.sqrt(self.squared_norm)
        return {t: w / norm for t, w in self.weights.items()}


@dataclass(frozen=True, slots=True)
class LaidOut:
    """A vector as `DenseVector.set` or `lay` laid it out: its term numbers and weights in the
    vector's order, and the `DenseVector` whose scratch finds terms in a centroid."""

    numbers: np.ndarray
    values: np.ndarray
    table: DenseVector


class DenseVector:
    """One sparse vector at a time laid out densely on term numbers, to take its cosine
    with many centroids: each is a gather of the centroid's terms and a sum, all
    centroids in one `np.add.reduceat` (numpy's pairwise sum over each centroid's terms,
    the same floats as `.sum()` of that centroid alone). Positions not set are 0.0."""

    def __init__(self, term_ids: TermIds) -> None:
        self.term_ids = term_ids
        self.dense = np.zeros(1024, np.float64)
        self.slots = np.zeros(1024, np.int64)  # scratch for `positions`
        self.numbers: np.ndarray | None = None
        self.values: np.ndarray | None = None

    def set(self, vector: Mapping[str, float]) -> None:
        """Lay out `vector` (clearing the previous one)."""
        numbers = self.term_ids.numbers(vector, len(vector))
        self.lay(numbers, np.fromiter(vector.values(), np.float64, len(vector)))

    def lay(self, numbers: np.ndarray, values: np.ndarray) -> None:
        """Lay out the vector of these term numbers and weights, in order (clearing the
        previous one): a body as `weigh_laid` weighed it, without looking its terms up."""
        self.clear()
        self._fit()
        self.dense[numbers] = values
        self.numbers, self.values = numbers, values

    def laid(self) -> LaidOut:
        """The vector laid out now (by `set`), numbered, for `Centroid.add`."""
        assert self.numbers is not None and self.values is not None, "nothing is laid out"
        return LaidOut(self.numbers, self.values, self)

    def positions(self, numbers: np.ndarray, wanted: np.ndarray) -> np.ndarray:
        """Where each of `wanted` (term numbers, all among `numbers`) stands in `numbers`."""
        self._fit()
        self.slots[numbers] = np.arange(len(numbers))
        return self.slots[wanted]

    def _fit(self) -> None:
        """Room for every numbered term (centroids number their terms too)."""
        if len(self.term_ids) > len(self.dense):
            self.dense = _fitted(self.dense, len(self.term_ids))
            self.slots = np.zeros(len(self.dense), np.int64)

    def clear(self) -> None:
        if self.numbers is not None:
            self.dense[self.numbers] = 0.0
            self.numbers = self.values = None

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
        starts = list(accumulate(map(len, numbers[:-1]), initial=0))  # in Python: a dozen
        # `take` gathers faster than indexing with an array (the same values).
        products = self.dense.take(np.concatenate(numbers)) * np.concatenate(values)
        dots = np.add.reduceat(products, starts).tolist()
        for slot, dot in zip(scored, dots, strict=True):
            result[slot] = dot / math.sqrt(chosen[slot].squared_norm)  # type: ignore[union-attr]
        return result


__all__ = [
    "Centroid",
    "DenseVector",
    "DocumentFrequencies",
    "LaidOut",
    "TermIds",
    "TermSet",
    "Vector",
    "index_keys",
    "tfidf",
    "top_terms",
    "weigh",
    "weigh_field",
    "weigh_fields",
    "weigh_laid",
]
