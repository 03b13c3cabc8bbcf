"""The shipped join-or-new weights and how they are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.stories.features import BASE_FEATURES, SEMANTIC_FEATURES
from newsweave.stories.model import JoinModel, load_model, load_weights


def test_shipped_weights_name_their_features_and_origin() -> None:
    weights = load_weights()
    assert weights["trained_on"] == ["basil-dev", "allsides-neus/train"]
    assert tuple(load_model().features) == BASE_FEATURES
    if "semantic" in weights["models"]:
        assert tuple(load_model(semantic=True).features) == SEMANTIC_FEATURES


def test_more_similar_titles_and_bodies_make_a_join_more_likely() -> None:
    model = load_model()
    unrelated = [0.0] * len(model.features)
    similar = list(unrelated)
    for name in ("title:stems", "body:stems", "body:entities"):
        similar[model.features.index(name)] = 0.6
    assert model.probability(similar) > 0.5 > model.probability(unrelated)
    assert 0.0 < model.join_threshold < 1.0


def test_same_day_beats_a_week_apart_for_the_same_words() -> None:
    model = load_model()
    values = [0.0] * len(model.features)
    for name in ("title:stems", "body:stems"):
        values[model.features.index(name)] = 0.3
    same_day, week_apart = list(values), list(values)
    for name in ("time_newest", "time_oldest", "time_mean", "time_known"):
        same_day[model.features.index(name)] = 1.0
    week_apart[model.features.index("time_known")] = 1.0
    assert model.probability(same_day) > model.probability(week_apart)


def test_weights_round_trip_through_json(tmp_path: Path) -> None:
    model = load_model()
    path = tmp_path / "weights.json"
    path.write_text(json.dumps({"models": {"base": model.to_dict()}}), encoding="utf-8")
    assert load_model(path) == model
    assert JoinModel.from_dict(model.to_dict()) == model


def test_a_broken_weights_file_says_which_file(tmp_path: Path) -> None:
    path = tmp_path / "weights.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"weights\.json"):
        load_model(path)
    path.write_text(json.dumps({"models": {}}), encoding="utf-8")
    with pytest.raises(InputError, match="no 'base' model"):
        load_model(path)
