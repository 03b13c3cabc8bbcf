"""Streaming IDF, TF-IDF vectors and incrementally maintained centroids."""

from __future__ import annotations

import math
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from newsweave.evaluate.stories import load_story_dataset
from newsweave.stories.terms import article_terms
from newsweave.stories.vectors import (
    Centroid,
    DenseVector,
    DocumentFrequencies,
    TermIds,
    TermSet,
    Vector,
    index_keys,
    tfidf,
    top_terms,
    weigh,
    weigh_laid,
)


@pytest.fixture(scope="module")
def basil_bodies(shared_data: Path) -> list[tuple[str, Vector]]:
    """(gold story, body stem vector) of each BASIL dev article, IDF streamed in file order."""
    dataset = load_story_dataset(shared_data / "basil-dev")
    frequencies = DocumentFrequencies()
    vectors = []
    for article in dataset.articles:
        counts = article_terms(article, 60, use_entities=False)["body:stems"]
        frequencies.add(counts)
        vectors.append((dataset.gold[article.id], tfidf(counts, frequencies)))
    return vectors


def _frequencies() -> DocumentFrequencies:
    frequencies = DocumentFrequencies()
    frequencies.add({"putin", "ceasefire", "kremlin"})
    frequencies.add({"ceasefire", "gaza"})
    frequencies.add({"ceasefire", "ukraine", "putin"})
    return frequencies


def test_rarer_terms_weigh_more() -> None:
    frequencies = _frequencies()
    assert frequencies.idf("kremlin") > frequencies.idf("putin") > frequencies.idf("ceasefire")
    assert frequencies.idf("never-seen") > frequencies.idf("kremlin")


def test_tfidf_vectors_have_unit_length() -> None:
    vector = tfidf(Counter({"putin": 3, "kremlin": 1, "ceasefire": 2}), _frequencies())
    assert math.sqrt(sum(w * w for w in vector.values())) == pytest.approx(1.0)
    assert tfidf(Counter(), _frequencies()) == {}


def test_centroid_norm_stays_exact_as_members_join() -> None:
    frequencies = _frequencies()
    vectors = [
        tfidf(Counter({"putin": 2, "ceasefire": 1}), frequencies),
        tfidf(Counter({"putin": 1, "kremlin": 1}), frequencies),
        tfidf(Counter({"gaza": 1, "ceasefire": 1}), frequencies),
    ]
    centroid = Centroid()
    for vector in vectors:
        centroid.add(vector)
    direct = sum(w * w for w in centroid.weights.values())
    assert centroid.squared_norm == pytest.approx(direct)
    assert centroid.cosine(vectors[0]) > centroid.cosine(vectors[2]) > 0
    unit = centroid.unit()
    assert math.sqrt(sum(w * w for w in unit.values())) == pytest.approx(1.0)


def test_merged_centroid_equals_one_built_from_all_members() -> None:
    a, b, both = Centroid(), Centroid(), Centroid()
    for vector, half in (({"x": 0.6, "y": 0.8}, a), ({"y": 1.0}, b), ({"x": 1.0}, b)):
        half.add(vector)
        both.add(vector)
    a.merge(b)
    assert a.weights == pytest.approx(both.weights)
    assert a.squared_norm == pytest.approx(both.squared_norm)


def test_top_terms_break_ties_by_term() -> None:
    assert top_terms({"b": 0.5, "a": 0.5, "c": 0.9}, 2) == ["c", "a"]


def test_tfidf_gives_the_floats_of_the_per_term_formula(shared_data: Path) -> None:
    dataset = load_story_dataset(shared_data / "basil-dev")
    frequencies = DocumentFrequencies()
    for article in dataset.articles[:40]:
        counts = article_terms(article, 60, use_entities=False)["body:stems"]
        frequencies.add(counts)
        direct = {t: (1.0 + math.log(n)) * frequencies.idf(t) for t, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in direct.values()))
        expected = [(t, w / norm) for t, w in direct.items()]
        assert list(tfidf(counts, frequencies).items()) == expected  # same floats, same order


def test_top_terms_are_the_head_of_a_full_sort(basil_bodies: list[tuple[str, Vector]]) -> None:
    for _, vector in basil_bodies:
        ranked = [t for t, _ in sorted(vector.items(), key=lambda item: (-item[1], item[0]))]
        for k in (1, 8, 16, len(vector), len(vector) + 3):
            assert top_terms(vector, k) == ranked[:k]


def test_index_keys_take_known_strongest_terms_as_their_own(
    basil_bodies: list[tuple[str, Vector]],
) -> None:
    # Two consecutive bodies stand in for a title and a body: both fields give keys.
    for (_, title), (_, body) in pairwise(basil_bodies):
        vectors = {"title:stems": title, "body:stems": body}
        keys = index_keys(vectors, 16)
        assert len(keys) > 16
        for k in (16, 40, len(body)):
            strongest = {"body:stems": top_terms(body, k), "title:stems": top_terms(title, k)}
            assert index_keys(vectors, 16, strongest) == keys


def test_weighing_in_numpy_gives_the_vector_of_weigh(shared_data: Path) -> None:
    """`weigh_laid` gives `weigh`'s vector to the last bit and in the same order (the
    stream weighs bodies one way and everything else the other), and its array is that
    vector's weights; the cut taken from the array keeps `top_terms` the same list."""
    dataset = load_story_dataset(shared_data / "basil-dev")
    frequencies = DocumentFrequencies()
    for article in dataset.articles:
        counts = article_terms(article, 60, use_entities=False)["body:stems"]
        frequencies.add(counts)
        idfs = frequencies.idfs(counts)
        expected = weigh(counts, idfs)
        vector, array = weigh_laid(counts, np.array([idfs[t] for t in counts]))
        assert list(vector.items()) == list(expected.items())
        assert array.tolist() == list(vector.values())
        for k in (5, 16, 40, len(vector) - 1, len(vector), len(vector) + 3):
            assert top_terms(vector, k, array) == top_terms(vector, k)


def test_laying_out_by_numbers_equals_laying_out_by_terms(
    basil_bodies: list[tuple[str, Vector]],
) -> None:
    centroids = [Centroid() for _ in range(6)]
    for index, (_, vector) in enumerate(basil_bodies[:60]):
        centroids[index % 6].add(vector)
    term_ids = TermIds()  # one numbering, as a clusterer shares it with its centroids
    by_terms, by_numbers = DenseVector(term_ids), DenseVector(term_ids)
    for _, vector in basil_bodies[60:90]:
        by_terms.set(vector)
        numbers = term_ids.numbers(vector, len(vector))
        by_numbers.lay(numbers, np.array(list(vector.values())))
        assert by_numbers.cosines(centroids) == by_terms.cosines(centroids)


def test_dense_cosines_match_the_dict_walk(basil_bodies: list[tuple[str, Vector]]) -> None:
    """Cosines in numpy agree with the sparse dict walk to rounding, and a centroid gets
    the same float alone as among others (what scoring many candidates at once relies on)."""
    centroids: dict[str, Centroid] = {}
    for story, vector in basil_bodies[:120]:
        centroids.setdefault(story, Centroid()).add(vector)
    chosen = [*list(centroids.values())[:12], None, Centroid()]
    laid_out = DenseVector(TermIds())
    for _, vector in basil_bodies[120:]:
        laid_out.set(vector)
        together = laid_out.cosines(chosen)
        alone = [laid_out.cosines([c])[0] for c in chosen]
        laid_out.clear()
        assert together == alone
        walked = [c.cosine(vector) if c is not None else 0.0 for c in chosen]
        assert together == pytest.approx(walked, abs=1e-12)
        assert together[-2:] == [0.0, 0.0]
    assert not laid_out.dense.any()  # clearing leaves nothing behind for the next article


def test_centroid_arrays_follow_its_growth(basil_bodies: list[tuple[str, Vector]]) -> None:
    term_ids = TermIds()
    centroid = Centroid()
    for _, vector in basil_bodies[:5]:
        centroid.add(vector)
        numbers, values = centroid.arrays(term_ids)
        numbered = dict(zip(numbers.tolist(), values.tolist(), strict=True))
        assert numbered == {term_ids[t]: w for t, w in centroid.weights.items()}


def test_centroid_arrays_grown_in_place_equal_a_rebuild(
    basil_bodies: list[tuple[str, Vector]],
) -> None:
    """A centroid given each member as laid out keeps arrays equal, float for float and in
    order, to the ones rebuilt from its weights; one built before, one after growing."""
    laid_out = DenseVector(TermIds())
    grown, rebuilt = Centroid(), Centroid()
    for _, vector in basil_bodies[:40]:  # terms shared across stories and new ones
        grown.arrays(laid_out.term_ids)  # built, so the next add grows them
        laid_out.set(vector)
        grown.add(vector, laid_out.laid())
        laid_out.clear()
        rebuilt.add(vector)
        assert grown.weights == rebuilt.weights
        numbers, values = grown.arrays(laid_out.term_ids)
        expected_numbers, expected_values = rebuilt.arrays(laid_out.term_ids)
        assert numbers.tolist() == expected_numbers.tolist()
        assert values.tolist() == expected_values.tolist()
        assert len(numbers) == len(grown.weights)


def test_numbered_frequencies_give_the_idf_formula_exactly(shared_data: Path) -> None:
    """Counts kept on term numbers give, to the last bit, the smoothed idf computed from a
    plain count of the same BASIL articles; `by_term` reads them by term and a fresh table
    loaded through it (as the store does) gives the same idfs."""
    dataset = load_story_dataset(shared_data / "basil-dev")
    frequencies = DocumentFrequencies()
    reference: Counter[str] = Counter()
    for article in dataset.articles:
        seen = set(article_terms(article, 60, use_entities=False)["body:stems"])
        numbers = frequencies.count(seen)
        reference.update(seen)
        documents = frequencies.documents
        expected = [math.log((documents + 1) / (reference[t] + 1)) + 1.0 for t in seen]
        assert frequencies.numbered_idfs(numbers) == expected
    assert frequencies.by_term() == reference
    assert frequencies.document_count("never-seen") == 0
    loaded = DocumentFrequencies()
    loaded.documents = frequencies.documents
    for term, df in reference.items():
        loaded.set_count(term, df)
    terms = [*reference, "never-seen"]
    vocabulary = len(loaded.term_ids)
    assert loaded.idfs(terms) == frequencies.idfs(terms)
    assert len(loaded.term_ids) == vocabulary  # looking up an unseen term numbers nothing


def test_term_set_marks_terms_by_number(basil_bodies: list[tuple[str, Vector]]) -> None:
    """Terms marked by number read back as the set of those terms, across the growth of
    the vocabulary, and clearing empties it without forgetting the numbers."""
    term_ids = TermIds()
    marked = TermSet(term_ids)
    expected: set[str] = set()
    for _, vector in basil_bodies[::10]:
        marked.mark(term_ids.numbers(vector, len(vector)))
        expected.update(vector)
    assert set(marked) == expected and len(marked) == len(expected)
    assert all(term in marked for term in expected) and "never-seen" not in marked
    assert term_ids.terms == list(term_ids)  # numbers in order of first sight
    marked.clear()
    assert not marked and not list(marked)
