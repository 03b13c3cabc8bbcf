"""Time features and the feature list the model is trained on."""

from __future__ import annotations

import pytest

from newsweave.stories.features import (
    BASE_FEATURES,
    SEMANTIC_FEATURES,
    gaussian,
    published_days,
    time_features,
)


def test_dates_and_date_times_read_as_days() -> None:
    day = published_days("2025-03-14")
    assert day is not None
    assert published_days("2025-03-14T12:00:00+00:00") == pytest.approx(day)
    assert published_days("2025-03-14T14:00:00+02:00") == pytest.approx(day)
    assert published_days("2025-03-15T00:00:00Z") == pytest.approx(day + 0.5)
    assert published_days(None) is None
    assert published_days("last Thursday") is None


def test_gaussian_falls_with_distance() -> None:
    assert gaussian(0.0, 3.0) == 1.0
    assert gaussian(3.0, 3.0) == pytest.approx(0.6065, abs=1e-4)
    assert gaussian(9.0, 3.0) < 0.012


def test_time_features_are_neutral_without_a_date() -> None:
    # Neutral is "the same moment": a missing date can never count against a join, nor
    # make a dated pair look more alike than an undated one.
    assert time_features(None, 10.0, 9.0, 9.5, 3.0) == (1.0, 1.0, 1.0)
    assert time_features(10.0, None, None, None, 3.0) == (1.0, 1.0, 1.0)
    newest, oldest, mean = time_features(10.0, 10.0, 4.0, 7.0, 3.0)
    assert newest == 1.0 > mean > oldest


def test_no_dated_pair_looks_closer_than_an_undated_one() -> None:
    undated = time_features(None, 10.0, 9.0, 9.5, 3.0)
    for day in (10.0, 11.5, 14.0, 30.0):
        dated = time_features(day, 10.0, 9.0, 9.5, 3.0)
        assert all(d <= u for d, u in zip(dated, undated, strict=True))


def test_semantic_features_extend_the_base_ones() -> None:
    assert SEMANTIC_FEATURES[: len(BASE_FEATURES)] == BASE_FEATURES
    assert SEMANTIC_FEATURES[-1] == "embedding"
