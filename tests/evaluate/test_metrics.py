"""Clustering metrics: hand-checked values on small assignments."""

from __future__ import annotations

import pytest

from newsweave.evaluate import metrics
from newsweave.evaluate.metrics import bcubed, clustering_scores, pairwise

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


def test_perfect_clustering_scores_one_everywhere() -> None:
    predicted = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"}
    scores = clustering_scores(predicted, GOLD)
    for key in ("bcubed_f1", "pairwise_f1", "ari", "ami"):
        assert scores[key] == pytest.approx(1.0)
    assert scores["predicted_stories"] == scores["gold_stories"] == 2


def test_bcubed_of_a_split_cluster_matches_hand_computation() -> None:
    # Gold {a,b,c},{d,e}; predicted {a,b},{c},{d,e}: precision 1, recall (2/3*2 + 1/3 + 1 + 1)/5.
    predicted = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}
    precision, recall, f1 = bcubed(predicted, GOLD)
    assert precision == pytest.approx(1.0)
    assert recall == pytest.approx((2 / 3 * 2 + 1 / 3 + 2) / 5)
    assert f1 == pytest.approx(2 * recall / (1 + recall))


def test_pairwise_counts_document_pairs() -> None:
    # Everything in one cluster: 10 predicted pairs, 4 gold pairs (3 + 1), all 4 found.
    predicted = dict.fromkeys(GOLD, 0)
    precision, recall, f1 = pairwise(predicted, GOLD)
    assert precision == pytest.approx(4 / 10)
    assert recall == pytest.approx(1.0)
    assert f1 == pytest.approx(2 * 0.4 / 1.4)


def test_all_singletons_have_no_pairs_and_zero_recall() -> None:
    predicted = {k: k for k in GOLD}
    precision, recall, _ = pairwise(predicted, GOLD)
    assert (precision, recall) == (0.0, 0.0)
    assert bcubed(predicted, GOLD)[0] == pytest.approx(1.0)


def test_items_outside_gold_are_ignored() -> None:
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "zz": 1}
    assert clustering_scores(predicted, GOLD)["articles"] == 5
    assert clustering_scores(predicted, GOLD)["bcubed_f1"] == pytest.approx(1.0)


def test_public_api_is_listed() -> None:
    assert sorted(metrics.__all__) == ["bcubed", "clustering_scores", "pairwise"]
