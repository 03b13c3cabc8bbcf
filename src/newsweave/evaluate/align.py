"""Evaluation of the edited-sentence decision on MSRP (`newsweave evaluate align`).

MSRP (Dolan & Brockett 2005) pairs sentences from different outlets' reports of one event
and labels whether they say the same thing: exactly the decision compare makes when it calls
two sentences `edited`. The logistic model over `FEATURE_NAMES` is fitted and its threshold
chosen by 10-fold cross-validation; the reported accuracy and F1 are the cross-validated
figures, and the frozen weights in `CompareSettings` come from `fit_edited_model` on all of
MSRP train.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from newsweave.compare.align import FEATURE_NAMES, edited_probability, sentence_features
from newsweave.compare.settings import CompareSettings
from newsweave.errors import InputError

MSRP_FILE = "msr_paraphrase_train.txt"
FOLDS = 10
# Candidate thresholds for the cross-validated choice.
THRESHOLDS = tuple(round(float(t), 2) for t in np.arange(0.30, 0.71, 0.02))

# Published figures on MSRP (test split), for context in the table: accuracy, F1.
ANCHORS = (
    ("always 'paraphrase' (MSRP test)", "0.665", "0.799"),
    ("simple published baselines (MSRP test)", "~0.70", "-"),
    ("published lexical-feature systems (MSRP test)", "0.72-0.76", "0.81-0.83"),
)


@dataclass(frozen=True, slots=True)
class MsrpPair:
    """One labelled MSRP pair."""

    paraphrase: bool
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class EditedModel:
    """A fitted edited-sentence decision: logistic weights over FEATURE_NAMES and a threshold."""

    intercept: float
    weights: tuple[float, ...]
    threshold: float


def load_msrp(data_dir: Path) -> list[MsrpPair]:
    """The pairs of MSRP train (TSV, UTF-8 with BOM); rows without five fields are skipped."""
    path = data_dir / MSRP_FILE if data_dir.is_dir() else data_dir
    if not path.is_file():
        raise InputError(str(path), f"not found: expected {MSRP_FILE} from msrp-train")
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for row in reader:
            if len(row) == 5 and row[0] in ("0", "1"):
                pairs.append(MsrpPair(row[0] == "1", row[3], row[4]))
    if not pairs:
        raise InputError(str(path), "no labelled pairs: is this the MSRP train TSV?")
    return pairs


def feature_matrix(pairs: Sequence[MsrpPair]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the pairs."""
    x = np.array([sentence_features(p.left, p.right) for p in pairs], dtype=float)
    y = np.array([p.paraphrase for p in pairs], dtype=int)
    return x, y


def fit_edited_model(x: np.ndarray, y: np.ndarray, threshold: float = 0.5) -> EditedModel:
    """Fit the logistic model (L2, C=1) on features x and labels y."""
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    return EditedModel(
        intercept=float(model.intercept_[0]),
        weights=tuple(float(w) for w in model.coef_[0]),
        threshold=threshold,
    )


def cross_validate(
    x: np.ndarray, y: np.ndarray, folds: int = FOLDS, seed: int = 13
) -> dict[str, Any]:
    """Out-of-fold scores of the model, its threshold chosen on each fold's training part.

    Returns the cross-validated scores and `threshold`, the one that maximises accuracy over
    all out-of-fold probabilities: the value to freeze.
    """
    probabilities = np.zeros(len(y))
    predicted = np.zeros(len(y), dtype=bool)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(x, y):
        model = fit_edited_model(x[train], y[train])
        fitted = _probabilities(model, x[train])
        threshold = _best_threshold(fitted, y[train])
        probabilities[test] = _probabilities(model, x[test])
        predicted[test] = probabilities[test] >= threshold
    return {"threshold": _best_threshold(probabilities, y), **_scores(predicted, y)}


def evaluate_align(data_dir: Path, settings: CompareSettings = CompareSettings()) -> dict[str, Any]:
    """Accuracy and F1 of the edited-sentence decision on MSRP train.

    `accuracy` and `f1` are 10-fold cross-validated (model and threshold chosen inside the
    folds' training data); `frozen_accuracy` and `frozen_f1` score the weights frozen in
    `settings` on the same pairs they were fitted on, so they are optimistic.
    """
    pairs = load_msrp(data_dir)
    x, y = feature_matrix(pairs)
    cv = cross_validate(x, y)
    frozen = np.array([edited_probability(p.left, p.right, settings) for p in pairs])
    frozen_scores = _scores(frozen >= settings.edited_threshold, y)
    return {
        "pairs": len(pairs),
        "paraphrase_share": round(float(y.mean()), 4),
        "accuracy": cv["accuracy"],
        "f1": cv["f1"],
        "precision": cv["precision"],
        "recall": cv["recall"],
        "cv_threshold": cv["threshold"],
        "frozen_accuracy": frozen_scores["accuracy"],
        "frozen_f1": frozen_scores["f1"],
        "features": list(FEATURE_NAMES),
    }


def render_align_table(result: dict[str, Any]) -> str:
    """The evaluation as a Markdown table beside published MSRP figures."""
    lines = [
        "| system | accuracy | F1 |",
        "| --- | --- | --- |",
        f"| newsweave edited decision, 10-fold CV on MSRP train ({result['pairs']} pairs) "
        f"| {result['accuracy']:.3f} | {result['f1']:.3f} |",
        f"| newsweave frozen weights on MSRP train (fitted there) "
        f"| {result['frozen_accuracy']:.3f} | {result['frozen_f1']:.3f} |",
    ]
    lines += [f"| {name} | {acc} | {f1} |" for name, acc, f1 in ANCHORS]
    return "\n".join(lines)


def _probabilities(model: EditedModel, x: np.ndarray) -> np.ndarray:
    z = model.intercept + x @ np.array(model.weights)
    return 1.0 / (1.0 + np.exp(-z))


def _best_threshold(probabilities: np.ndarray, y: np.ndarray) -> float:
    """The candidate threshold of highest accuracy; ties go to the one nearest 0.5."""
    return max(
        THRESHOLDS,
        key=lambda t: (_scores(probabilities >= t, y)["accuracy"], -abs(t - 0.5)),
    )


def _scores(predicted: np.ndarray, y: np.ndarray) -> dict[str, float]:
    tp = int(np.sum(predicted & (y == 1)))
    fp = int(np.sum(predicted & (y == 0)))
    fn = int(np.sum(~predicted & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = float(np.mean(predicted == (y == 1)))
    return {
        "accuracy": round(accuracy, 4),
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
    }


__all__ = [
    "ANCHORS",
    "EditedModel",
    "MsrpPair",
    "cross_validate",
    "evaluate_align",
    "feature_matrix",
    "fit_edited_model",
    "load_msrp",
    "render_align_table",
]
