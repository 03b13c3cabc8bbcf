"""Train the join-or-new model from labelled stories, reproducibly: `train_story_model`.

Miranda et al.'s recipe: replay each data set as a stream in publication order, assigning
every article to its gold story, and at each arrival record the features of the article
against every candidate story the index proposes (the gold story, if open, is the positive;
the others are the hard negatives a live stream would offer). A standardised logistic
regression is fitted on those pairs, each data set weighted equally so the 180 dated BASIL
articles count as much as the 7,000 undated AllSides ones. Weights are written as JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..records import Article

if TYPE_CHECKING:
    from ..evaluate.stories import StoryDataset
from .clusterer import StoryClusterer, stream_key
from .embeddings import article_embeddings
from .features import BASE_FEATURES, SEMANTIC_FEATURES
from .model import JoinModel
from .settings import StorySettings

# The sets the shipped weights come from (data dir, split), relative to the shared data.
DEV_SETS = (("basil-dev", None), ("allsides-neus", "train"))
# Inverse L2 strength of the logistic regression (scikit-learn's default; the pairs are many
# and the features few, so it barely matters).
REGULARISATION = 1.0
# The replay keeps every story open. BASIL's events are weeks to years apart, so with the
# live window (`StorySettings.active_days`) its replay offered almost no negatives and the
# dated pairs were nearly all positives; open stories give the hard negatives (the same
# people in another event) and the far-apart dates that teach the time features.
REPLAY_ACTIVE_DAYS = math.inf
# Threshold grids searched by cross-validation. A wider search of the base model (join
# 0.08-0.5, merge 0.5-0.9) peaked at join 0.12-0.2 with merge 0.7; the shipped search is
# narrowed to that region to keep training a few minutes long. For the monotone model a
# join search of 0.06-0.16 rose steadily to 0.16 (BCubed F1 0.854 at 0.06, 0.882 at 0.16).
JOIN_GRID = (0.12, 0.16, 0.2)
MERGE_GRID = (0.7,)
# Regroup thresholds (mean member-pair probability) and powers of the ratio to the best pair
# (`regroup.relative_to_best`) searched by `cross_validate_regroup`.
REGROUP_GRID = (0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15)
REGROUP_POWERS = (0.0, 0.5, 1.0, 2.0, 3.0)


def _placeholder(semantic: bool) -> JoinModel:
    names = SEMANTIC_FEATURES if semantic else BASE_FEATURES
    n = len(names)
    return JoinModel(tuple(names), (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0)


def replay_pairs(
    articles: Sequence[Article],
    gold: dict[str, str],
    settings: StorySettings,
    embeddings: dict[str, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of every (article, candidate story) pair of a gold-assigned replay.

    With `embeddings` the pairs carry the semantic feature too.
    """
    semantic = embeddings is not None
    clusterer = StoryClusterer(
        replace(settings, use_embeddings=semantic, active_days=REPLAY_ACTIVE_DAYS),
        model=_placeholder(semantic),
    )
    ordered = sorted({a.id: a for a in articles}.values(), key=stream_key)
    vectors = None
    if embeddings is not None:
        vectors = [embeddings[a.id] for a in ordered]
    story_of_label: dict[str, int] = {}
    rows: list[list[float]] = []
    labels: list[int] = []
    for index, article in enumerate(ordered):
        prepared = clusterer.prepare(article)
        if vectors is not None:
            prepared.embedding = vectors[index]
        clusterer._advance_clock(prepared.day)
        target = story_of_label.get(gold[article.id])
        if target is not None and target not in clusterer.active:
            target = None  # its story was closed: the stream would open a new one
        candidates = clusterer.candidates(prepared)
        if target is not None and target not in candidates:
            candidates.append(target)
        for number in candidates:
            rows.append(clusterer.features(prepared, clusterer.active[number]))
            labels.append(int(number == target))
        if target is None:
            target = clusterer._open(prepared)
            story_of_label[gold[article.id]] = target
        clusterer._join(target, prepared, 1.0)
    width = len(clusterer.model.features)
    return np.asarray(rows, dtype=np.float64).reshape(-1, width), np.asarray(labels)


def fit_join_model(
    parts: Sequence[tuple[np.ndarray, np.ndarray]], semantic: bool, c: float = REGULARISATION
) -> JoinModel:
    """A standardised logistic regression over the pairs of several data sets, equally weighted.

    Every coefficient is held at zero or above: each feature is a similarity or a closeness
    in time, so more of it must never make a join less likely. Unconstrained, the correlated
    features took opposite signs (time to the story's oldest article negative, to its mean
    positive), and a story reported over several days then drew in unrelated same-day
    articles on a dense stream.
    """
    features = np.vstack([x for x, _ in parts])
    labels = np.concatenate([y for _, y in parts])
    weights = np.concatenate([np.full(len(y), 1.0 / max(len(y), 1)) for _, y in parts])
    weights *= len(labels) / weights.sum()
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    coef, intercept = _monotone_logistic((features - mean) / scale, labels, weights, c)
    names = SEMANTIC_FEATURES if semantic else BASE_FEATURES
    return JoinModel(
        features=tuple(names),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in coef),
        intercept=intercept,
    )


def _monotone_logistic(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, c: float
) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression with non-negative coefficients (L-BFGS-B).

    The objective is scikit-learn's (`0.5 |w|^2 + C * sum_i s_i logloss_i`, intercept not
    penalised), with bounds on the coefficients.
    """
    from scipy.optimize import minimize
    from scipy.special import expit, log_expit

    sign = 2.0 * y - 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        margin = sign * (x @ w + b)
        value = 0.5 * float(w @ w) - c * float(weights @ log_expit(margin))
        slope = -c * weights * sign * expit(-margin)
        gradient = np.append(w + x.T @ slope, slope.sum())
        return value, gradient

    width = x.shape[1]
    bounds = [(0.0, None)] * width + [(None, None)]
    result = minimize(
        loss,
        np.zeros(width + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 2000},
    )
    return result.x[:-1], float(result.x[-1])


def _fold_models(
    datasets: Sequence[StoryDataset],
    settings: StorySettings,
    folds: int,
    embeddings: dict[str, np.ndarray] | None,
) -> Iterator[tuple[JoinModel, list[list[Article]]]]:
    """For each fold: the model fitted on the other folds' replays, and each data set's
    held-out articles. Gold stories are dealt into folds in order of first appearance."""
    fold_of = [
        {label: i % folds for i, label in enumerate(dict.fromkeys(d.gold.values()))}
        for d in datasets
    ]
    for fold in range(folds):
        parts, held_out = [], []
        for dataset, folds_of in zip(datasets, fold_of, strict=True):
            train = [a for a in dataset.articles if folds_of[dataset.gold[a.id]] != fold]
            held_out.append([a for a in dataset.articles if folds_of[dataset.gold[a.id]] == fold])
            parts.append(replay_pairs(train, dataset.gold, settings, embeddings))
        yield fit_join_model(parts, semantic=embeddings is not None), held_out


def cross_validate(
    datasets: Sequence[StoryDataset],
    join_thresholds: Sequence[float],
    merge_thresholds: Sequence[float],
    settings: StorySettings = StorySettings(),
    folds: int = 4,
    embeddings: dict[str, np.ndarray] | None = None,
) -> dict[tuple[float, float], float]:
    """Mean BCubed F1 of held-out story folds for each (join, merge) threshold pair.

    Each data set's gold stories are dealt into `folds` folds; for each fold the model is
    fitted on the other folds' replays and the held-out fold is clustered in batch mode.
    A pair's score is the mean over folds of the mean over data sets, so BASIL and AllSides
    count equally. This is how the shipped thresholds are chosen.
    """
    from ..evaluate.metrics import bcubed

    semantic = embeddings is not None
    totals: dict[tuple[float, float], float] = {}
    for model, held_out in _fold_models(datasets, settings, folds, embeddings):
        for join in join_thresholds:
            for merge in merge_thresholds:
                tuned = replace(
                    settings, join_threshold=join, merge_threshold=merge, use_embeddings=semantic
                )
                scores = []
                for dataset, articles in zip(datasets, held_out, strict=True):
                    clusterer = StoryClusterer(tuned, model=model, embeddings=embeddings)
                    clusterer.add(sorted(articles, key=stream_key))
                    clusterer.merge()
                    predicted = {a: s.id for s in clusterer.stories() for a in s.article_ids}
                    scores.append(bcubed(predicted, dataset.gold)[2])
                key = (join, merge)
                totals[key] = totals.get(key, 0.0) + sum(scores) / len(scores) / folds
    return totals


def cross_validate_regroup(
    datasets: Sequence[StoryDataset],
    thresholds: Sequence[float] = REGROUP_GRID,
    settings: StorySettings = StorySettings(),
    folds: int = 4,
    embeddings: dict[str, np.ndarray] | None = None,
    powers: Sequence[float] = REGROUP_POWERS,
) -> dict[tuple[float, float], float]:
    """Mean BCubed F1 of held-out story folds for each (`regroup_relative_power`,
    `regroup_threshold`) pair.

    Folds as `cross_validate`: the join model is fitted on the other folds' replays, and
    the held-out fold is regrouped (`regroup.regroup_stories`, which rebuilds stories from
    the articles, so the stream is not needed). Data sets count equally. This is how
    `StorySettings.regroup_relative_power` and `regroup_threshold` are chosen.
    """
    from ..evaluate.metrics import bcubed
    from .regroup import regroup_stories

    semantic = embeddings is not None
    totals: dict[tuple[float, float], float] = {}
    for model, held_out in _fold_models(datasets, settings, folds, embeddings):
        for power, threshold in product(powers, thresholds):
            tuned = replace(
                settings,
                regroup_relative_power=power,
                regroup_threshold=threshold,
                use_embeddings=semantic,
            )
            scores = []
            for dataset, articles in zip(datasets, held_out, strict=True):
                stories = regroup_stories((), articles, tuned, model, embeddings)
                predicted = {a: s.id for s in stories for a in s.article_ids}
                scores.append(bcubed(predicted, dataset.gold)[2])
            key = (power, threshold)
            totals[key] = totals.get(key, 0.0) + sum(scores) / len(scores) / folds
    return totals


def train_story_model(
    data_root: Path,
    output: Path | None = None,
    settings: StorySettings = StorySettings(),
    semantic: bool | None = None,
    join_thresholds: Sequence[float] = JOIN_GRID,
    merge_thresholds: Sequence[float] = MERGE_GRID,
    folds: int = 4,
) -> dict[str, Any]:
    """Fit the "base" and (with the `semantic` extra) "semantic" models and their thresholds.

    `data_root` is the shared data folder holding `basil-dev/` and `allsides-neus/`. The
    thresholds are the best pair of the grids by `cross_validate`; the model is then fitted
    on all the dev data. Writes the weights document to `output` (default: the file shipped
    with newsweave) and returns it.
    """
    from ..evaluate.stories import load_story_dataset
    from .embeddings import embeddings_installed
    from .model import WEIGHTS_FILE

    if semantic is None:
        semantic = embeddings_installed()
    datasets = [load_story_dataset(Path(data_root) / name, split) for name, split in DEV_SETS]
    document: dict[str, Any] = {
        "trained_on": [f"{name}{'/' + split if split else ''}" for name, split in DEV_SETS],
        "recipe": (
            "gold-assigned stream replay with every story kept open, candidate pairs, "
            "logistic regression with non-negative coefficients; "
            f"thresholds by {folds}-fold cross-validation over gold stories"
        ),
        "settings": {
            "time_scale_days": settings.time_scale_days,
            "candidates": settings.candidates,
            "query_terms": settings.query_terms,
            "lead_words": settings.lead_words,
        },
        "models": {},
    }
    for name, use in (("base", False), ("semantic", True)):
        if use and not semantic:
            continue
        vectors = None
        if use:
            vectors = {}
            for dataset in datasets:
                vectors.update(article_embeddings(dataset.articles, settings.lead_words))
        scores = cross_validate(
            datasets, join_thresholds, merge_thresholds, settings, folds, vectors
        )
        join, merge = max(scores, key=lambda pair: (scores[pair], pair))
        parts = [replay_pairs(d.articles, d.gold, settings, vectors) for d in datasets]
        model = replace(
            fit_join_model(parts, semantic=use), join_threshold=join, merge_threshold=merge
        )
        document["models"][name] = {
            **model.to_dict(),
            "cross_validated_bcubed_f1": round(scores[(join, merge)], 4),
            "pairs": int(sum(len(y) for _, y in parts)),
            "positives": int(sum(int(y.sum()) for _, y in parts)),
        }
    target = output or Path(__file__).with_name(WEIGHTS_FILE)
    target.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    return document


__all__ = [
    "DEV_SETS",
    "JOIN_GRID",
    "MERGE_GRID",
    "REGROUP_GRID",
    "REGROUP_POWERS",
    "REGULARISATION",
    "REPLAY_ACTIVE_DAYS",
    "cross_validate",
    "cross_validate_regroup",
    "fit_join_model",
    "replay_pairs",
    "train_story_model",
]
