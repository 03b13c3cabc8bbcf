"""Clustering metrics over item -> cluster assignments, shared by every stage's evaluation.

BCubed precision/recall/F1 (Bagga & Baldwin 1998; Amigó et al. 2009) average per item,
so large clusters do not dominate; pairwise precision/recall/F1 count document pairs, as
Miranda et al. (2018) report on their streaming news benchmark; ARI and AMI come from
scikit-learn. Items present in only one of the two assignments are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _common(
    predicted: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]
) -> tuple[list[Hashable], list[Hashable]]:
    items = sorted((k for k in predicted if k in gold), key=str)
    return [predicted[k] for k in items], [gold[k] for k in items]


def bcubed(
    predicted: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]
) -> tuple[float, float, float]:
    """(precision, recall, F1) averaged over items."""
    pred, true = _common(predicted, gold)
    if not pred:
        return (0.0, 0.0, 0.0)
    joint = Counter(zip(pred, true, strict=True))
    pred_size, true_size = Counter(pred), Counter(true)
    precision = sum(joint[(p, t)] / pred_size[p] for p, t in zip(pred, true, strict=True))
    recall = sum(joint[(p, t)] / true_size[t] for p, t in zip(pred, true, strict=True))
    n = len(pred)
    return (precision / n, recall / n, _f1(precision / n, recall / n))


def pairwise(
    predicted: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]
) -> tuple[float, float, float]:
    """(precision, recall, F1) over pairs of items put in one cluster.

    With no pair on one side (all singletons), its measure is 1.0 when the other side has
    none either, else 0.0 for the missing side's share.
    """
    pred, true = _common(predicted, gold)

    def pairs(counts: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(pred, true, strict=True)))
    in_pred, in_gold = pairs(Counter(pred)), pairs(Counter(true))
    precision = both / in_pred if in_pred else float(in_gold == 0)
    recall = both / in_gold if in_gold else float(in_pred == 0)
    return (precision, recall, _f1(precision, recall))


def clustering_scores(
    predicted: Mapping[Any, Hashable], gold: Mapping[Any, Hashable]
) -> dict[str, float | int]:
    """Every metric at once, with the keys `newsweave evaluate stories --json` prints."""
    pred, true = _common(predicted, gold)
    b_p, b_r, b_f = bcubed(predicted, gold)
    p_p, p_r, p_f = pairwise(predicted, gold)
    pred_codes = _codes(pred)
    true_codes = _codes(true)
    return {
        "bcubed_precision": b_p,
        "bcubed_recall": b_r,
        "bcubed_f1": b_f,
        "pairwise_precision": p_p,
        "pairwise_recall": p_r,
        "pairwise_f1": p_f,
        "ari": float(adjusted_rand_score(true_codes, pred_codes)) if pred else 0.0,
        "ami": float(adjusted_mutual_info_score(true_codes, pred_codes)) if pred else 0.0,
        "predicted_stories": len(set(pred)),
        "gold_stories": len(set(true)),
        "articles": len(pred),
    }


def _codes(labels: list[Hashable]) -> list[int]:
    index: dict[Hashable, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]


__all__ = ["bcubed", "clustering_scores", "pairwise"]
