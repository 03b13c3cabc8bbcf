"""Time features and the feature list the model is trained on."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.evaluate.stories import load_story_dataset
from newsweave.stories import StoryClusterer, StorySettings
from newsweave.stories.features import (
    BASE_FEATURES,
    RARE_BODY_TERMS,
    RARE_TERMS_FEATURE,
    SEMANTIC_FEATURES,
    GrowingRareTerms,
    gaussian,
    published_days,
    rare_terms,
    rarest_terms,
    searched_terms,
    shared_rare_terms,
    time_features,
)
from newsweave.stories.vectors import top_terms


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


def test_rarest_terms_take_the_strongest_headline_and_lead_stems() -> None:
    vectors = {
        "title:stems": {"senat": 0.3, "impeach": 0.8, "vote": 0.5},
        "lead:stems": {"senat": 0.6, "tuesday": 0.1},
        "body:stems": {"filibust": 0.99},  # the body is searched, never a source
    }
    assert rarest_terms(vectors, 3) == ["impeach", "senat", "vote"]
    assert rarest_terms({}, 3) == []


def test_shared_rare_terms_reward_the_strongest_words_across_framings() -> None:
    # Two outlets on one event: few words in common, but the rarest ones.
    left = {
        "title:stems": {"gop": 0.5, "slam": 0.4, "pelosi": 0.6, "impeach": 0.5},
        "lead:stems": {"pelosi": 0.5, "inquiri": 0.7, "hous": 0.3},
        "body:stems": {"pelosi": 0.4, "inquiri": 0.6, "hous": 0.3, "democrat": 0.3},
    }
    right = {
        "title:stems": {"pelosi": 0.7, "launch": 0.4, "inquiri": 0.6},
        "lead:stems": {"speaker": 0.5, "impeach": 0.6, "trump": 0.4},
        "body:stems": {"speaker": 0.5, "impeach": 0.6, "trump": 0.4, "gop": 0.2},
    }
    other = {
        "title:stems": {"storm": 0.8, "florida": 0.6},
        "lead:stems": {"hurrican": 0.9, "landfal": 0.4},
    }
    same = shared_rare_terms(left, right)
    assert same == shared_rare_terms(right, left)  # symmetric, as regrouping needs
    assert same >= 0.6
    assert shared_rare_terms(left, other) == 0.0
    assert shared_rare_terms(left, left) == 1.0
    assert shared_rare_terms(left, {}) == 0.0


def test_the_rare_terms_feature_is_a_base_feature() -> None:
    assert RARE_TERMS_FEATURE in BASE_FEATURES


def test_only_the_strongest_body_stems_are_searched() -> None:
    # A full article names related events in passing, deep in its body: those weak
    # mentions must not count as sharing the other story's rarest words.
    body = {f"term{i:02d}": 1.0 - i / 100 for i in range(60)}
    vectors = {"title:stems": {"senat": 0.7}, "lead:stems": {"vote": 0.7}, "body:stems": body}
    searched = searched_terms(vectors)
    assert {"senat", "vote", "term00", "term39"} <= searched
    assert "term40" not in searched and "term59" not in searched


def test_rare_terms_grown_member_by_member_equal_those_of_the_centroids(
    shared_data: Path,
) -> None:
    """All 180 BASIL articles joined into one story, one at a time: after every join the
    grown terms are exactly those computed afresh over centroids of thousands of terms."""
    from newsweave.stories.vectors import Centroid

    articles = load_story_dataset(shared_data / "basil-dev").articles
    clusterer = StoryClusterer(StorySettings(use_embeddings=False, workers=1))
    centroids: dict[str, Centroid] = {}
    grown: GrowingRareTerms | None = None
    changes = 0
    shares: set[float] = set()
    for article in articles:
        vectors = clusterer.prepare(article).vectors
        before_weights = {key: dict(centroid.weights) for key, centroid in centroids.items()}
        for key, vector in vectors.items():
            centroids.setdefault(key, Centroid()).add(vector)
        weights = {key: centroid.weights for key, centroid in centroids.items()}
        if grown is None:
            grown = GrowingRareTerms(weights)
        else:
            # Before the join: the article against the story so far, as the stream scores it.
            shared = grown.shared(rare_terms(vectors))
            assert shared == shared_rare_terms(vectors, before_weights)
            shares.add(shared)
            before = list(grown.rarest)
            grown.grow(weights, vectors)
            changes += grown.rarest != before
        assert grown.rarest == rarest_terms(weights)
        assert grown.headline | grown.body_set == searched_terms(weights)
        assert all(term in grown for term in searched_terms(weights))
    assert len(centroids["body:stems"].weights) > 5000 and changes > 10
    assert len(shares) > 5  # the check saw articles sharing few and many rare terms


def test_rare_terms_reuse_the_strongest_body_stems_when_known(shared_data: Path) -> None:
    """The stream takes the body's strongest stems once, for its index keys and the rare
    terms: any head of `top_terms` at least `RARE_BODY_TERMS` long gives the same terms."""
    articles = load_story_dataset(shared_data / "basil-dev").articles
    clusterer = StoryClusterer(StorySettings(use_embeddings=False, workers=1))
    for article in articles[:60]:
        vectors = clusterer.prepare(article).vectors
        body = vectors["body:stems"]
        assert len(body) > RARE_BODY_TERMS
        for k in (RARE_BODY_TERMS, RARE_BODY_TERMS + 7, len(body)):
            assert rare_terms(vectors, top_terms(body, k)) == rare_terms(vectors)
