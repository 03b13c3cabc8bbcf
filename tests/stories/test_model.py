"""The shipped join-or-new weights and how they are read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import InputError
from newsweave.stories.features import BASE_FEATURES, SEMANTIC_FEATURES, gaussian
from newsweave.stories.model import JoinModel, load_model, load_weights


def test_shipped_weights_name_their_features_and_origin() -> None:
    weights = load_weights()
    assert weights["trained_on"] == ["basil-dev", "allsides-neus/train"]
    assert tuple(load_model().features) == BASE_FEATURES
    if "semantic" in weights["models"]:
        assert tuple(load_model(semantic=True).features) == SEMANTIC_FEATURES


def _same_moment(model: JoinModel, similarity: float) -> list[float]:
    """Features of a pair published together whose title and body stems are this similar."""
    values = [1.0 if name.startswith("time_") else 0.0 for name in model.features]
    for name in ("title:stems", "body:stems"):
        values[model.features.index(name)] = similarity
    return values


def test_more_similar_titles_and_bodies_make_a_join_more_likely() -> None:
    model = load_model()
    assert model.probability(_same_moment(model, 0.6)) > 0.5
    assert model.probability(_same_moment(model, 0.0)) < model.join_threshold
    assert 0.0 < model.join_threshold < 1.0


def test_same_day_beats_a_week_apart_for_the_same_words() -> None:
    model = load_model()
    same_day = _same_moment(model, 0.3)
    week_apart = list(same_day)
    for name in ("time_newest", "time_oldest", "time_mean"):
        week_apart[model.features.index(name)] = gaussian(7.0, 3.0)
    assert model.probability(same_day) > model.probability(week_apart)


@pytest.mark.parametrize("semantic", [False, True])
def test_no_feature_counts_against_a_join(semantic: bool) -> None:
    """Every feature is a similarity or a closeness in time: the shipped weights are monotone,
    so an unrelated article published the same day gains nothing from the date alone."""
    if semantic and "semantic" not in load_weights()["models"]:
        pytest.skip("no semantic model shipped")
    model = load_model(semantic=semantic)
    assert all(w >= 0.0 for w in model.coef)


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
