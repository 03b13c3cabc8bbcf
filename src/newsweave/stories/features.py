"""The features the join-or-new model sees for one (article, candidate story) pair.

Following Miranda et al. (2018): a cosine per field and representation between the article
and the story centroid, Gaussian time features to the story's newest, oldest and mean
date. A missing date makes the time features neutral: the value of the same moment, so an
undated article is judged on its words alone and dates can only count against a join.

Why neutral is "same moment" and not zero with a "date known" flag: the dev data are mostly
undated (AllSides) while the few dated pairs (BASIL, events years apart) are nearly all
positives, so a flag or a zero for "undated" teaches the model that any dated pair belongs
together; on a dense dated stream every same-day article then joined the first candidate
(bench/stories.py, BCubed precision 0.30). With neutral values the time weights are learnt
only from dated pairs that differ in time.

Miranda et al. also give the model the story's size; newsweave does not, because both
dev sets have exactly three articles per story, so a size feature learns "a story is full
at three", which no real stream obeys.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from .terms import FIELDS, KINDS

TEXT_FEATURES = tuple(f"{name}:{kind}" for name in FIELDS for kind in KINDS)
TIME_FEATURES = ("time_newest", "time_oldest", "time_mean")
BASE_FEATURES = (*TEXT_FEATURES, *TIME_FEATURES)
EMBEDDING_FEATURE = "embedding"
SEMANTIC_FEATURES = (*BASE_FEATURES, EMBEDDING_FEATURE)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def published_days(published: str | None) -> float | None:
    """Days since 1970 of an ISO 8601 date or date-time; None when missing or unreadable.

    A bare date counts as noon UTC, the middle of the day it names.
    """
    if not published:
        return None
    text = published.strip()
    try:
        if len(text) == 10:
            moment = datetime.fromisoformat(text + "T12:00:00+00:00")
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH).total_seconds() / 86400.0


def gaussian(delta_days: float, scale_days: float) -> float:
    """exp(-d^2 / 2s^2): 1 on the same day, 0.61 one scale apart, about 0 three scales apart."""
    z = delta_days / scale_days
    return math.exp(-0.5 * z * z)


def time_features(
    article_day: float | None,
    newest: float | None,
    oldest: float | None,
    mean: float | None,
    scale_days: float,
) -> tuple[float, float, float]:
    """(newest, oldest, mean) Gaussian closeness; all 1 (neutral) when a date is missing."""
    if article_day is None or newest is None or oldest is None or mean is None:
        return (1.0, 1.0, 1.0)
    return (
        gaussian(article_day - newest, scale_days),
        gaussian(article_day - oldest, scale_days),
        gaussian(article_day - mean, scale_days),
    )


__all__ = [
    "BASE_FEATURES",
    "EMBEDDING_FEATURE",
    "SEMANTIC_FEATURES",
    "TEXT_FEATURES",
    "TIME_FEATURES",
    "gaussian",
    "published_days",
    "time_features",
]
