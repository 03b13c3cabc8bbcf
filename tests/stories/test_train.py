"""Training pairs from a gold-assigned replay, and the fitted model."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.evaluate.stories import StoryDataset, load_story_dataset
from newsweave.stories import StorySettings
from newsweave.stories.features import BASE_FEATURES
from newsweave.stories.train import (
    cross_validate,
    cross_validate_regroup,
    fit_join_model,
    replay_pairs,
)

SETTINGS = StorySettings(use_embeddings=False)


@pytest.fixture(scope="module")
def basil(shared_data: Path) -> StoryDataset:
    return load_story_dataset(shared_data / "basil-dev")


def test_replay_offers_every_gold_story_as_one_positive(basil: StoryDataset) -> None:
    features, labels = replay_pairs(basil.articles, basil.gold, SETTINGS)
    stories = len(set(basil.gold.values()))
    # Each article after the first of its story has exactly its gold story as positive.
    assert int(labels.sum()) == len(basil.articles) - stories
    assert features.shape == (len(labels), len(BASE_FEATURES))
    assert len(labels) > labels.sum(), "the replay must offer hard negatives too"


def test_fitted_model_prefers_similar_text(basil: StoryDataset) -> None:
    pairs = replay_pairs(basil.articles, basil.gold, SETTINGS)
    model = fit_join_model([pairs], semantic=False)
    assert model.features == BASE_FEATURES
    title = model.features.index("title:stems")
    body = model.features.index("body:stems")
    assert model.coef[title] + model.coef[body] > 0
    assert min(model.coef) >= 0.0, "a similarity must never count against a join"


def test_replay_keeps_far_apart_events_as_negatives(basil: StoryDataset) -> None:
    """BASIL's events are weeks to years apart; the replay still offers them as candidates,
    so the time features learn from dated negatives, not from dated positives alone."""
    features, labels = replay_pairs(basil.articles, basil.gold, SETTINGS)
    newest = features[:, BASE_FEATURES.index("time_newest")]
    negatives = labels == 0
    assert negatives.sum() > labels.sum()
    assert (newest[negatives] < 0.1).mean() > 0.5


def test_cross_validation_scores_each_threshold_pair(basil: StoryDataset) -> None:
    scores = cross_validate([basil], [0.2, 0.5], [0.7], SETTINGS, folds=2)
    assert set(scores) == {(0.2, 0.7), (0.5, 0.7)}
    assert all(0.9 <= value <= 1.0 for value in scores.values())


def test_regroup_cross_validation_scores_each_threshold(basil: StoryDataset) -> None:
    scores = cross_validate_regroup([basil], [0.05, 0.999], SETTINGS, folds=2, powers=[0.0])
    assert set(scores) == {(0.0, 0.05), (0.0, 0.999)}
    assert 0.95 <= scores[(0.0, 0.05)] <= 1.0
    # A bar only near-copies clear leaves most events in pieces.
    assert scores[(0.0, 0.999)] < scores[(0.0, 0.05)] - 0.2
