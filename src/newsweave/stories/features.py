"""The features the join-or-new model sees for one (article, candidate story) pair.

Following Miranda et al. (2018): a cosine per field and representation between the article
and the story centroid, Gaussian time features to the story's newest, oldest and mean
date; and one feature that is not a cosine of whole fields, the share of each side's
rarest headline and lead stems found in the other (`shared_rare_terms`). A missing date
makes the time features neutral: the value of the same moment, so an undated article is
judged on its words alone and dates can only count against a join.

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
from collections.abc import Container, Mapping, Sequence
from datetime import UTC, datetime

from .terms import FIELDS, KINDS
from .vectors import top_terms

TEXT_FEATURES = tuple(f"{name}:{kind}" for name in FIELDS for kind in KINDS)
TIME_FEATURES = ("time_newest", "time_oldest", "time_mean")
RARE_TERMS_FEATURE = "rare_terms"
BASE_FEATURES = (*TEXT_FEATURES, *TIME_FEATURES, RARE_TERMS_FEATURE)
EMBEDDING_FEATURE = "embedding"
SEMANTIC_FEATURES = (*BASE_FEATURES, EMBEDDING_FEATURE)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# The fields whose strongest stems name an event.
_RARE_FROM = ("title:stems", "lead:stems")
# How many of a side's strongest headline and lead stems `shared_rare_terms` looks for. A
# differently framed report of the same event shares few words but its rarest ones (a
# name, a place, "impeach"), which a whole-field cosine dilutes with the framing words.
# Chosen by 4-fold cross-validation on BASIL dev + AllSides train with 5 (not tuned).
RARE_TERMS = 5
# They are looked for in the other side's headline, lead and strongest body stems, not in
# its whole body: a full article mentions in passing the names of every related event, so
# with whole bodies BASIL re-dated to one day merged events (base model, B-cubed
# precision 0.92 against 1.0 without the feature; 0.97 with 40 body stems, recall 0.95 ->
# 0.99). A pair-level cross-validation (BASIL dev + AllSides train) put 20 and 40 body
# stems within 0.002 of the whole body.
RARE_BODY_TERMS = 40


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
    dates = (article_day, newest, oldest, mean, scale_days)
    return (time_feature(*dates, 0), time_feature(*dates, 1), time_feature(*dates, 2))


def time_feature(
    article_day: float | None,
    newest: float | None,
    oldest: float | None,
    mean: float | None,
    scale_days: float,
    index: int,
) -> float:
    """`time_features(...)[index]` without the others (a model may weigh only some)."""
    if article_day is None or newest is None or oldest is None or mean is None:
        return 1.0
    return gaussian(article_day - (newest, oldest, mean)[index], scale_days)


def rarest_terms(vectors: Mapping[str, Mapping[str, float]], k: int = RARE_TERMS) -> list[str]:
    """The `k` stems of the headline and lead with the highest TF-IDF weight (the larger of
    the two fields' weights; ties by term), for an article's unit vectors or a story's
    centroids alike."""
    best: dict[str, float] = {}
    for key in _RARE_FROM:
        for term, weight in (vectors.get(key) or {}).items():
            if weight > best.get(term, 0.0):
                best[term] = weight
    return top_terms(best, k)


RareTerms = tuple[list[str], Container[str]]  # (`rarest_terms`, `searched_terms`) of one side


def rare_terms(
    vectors: Mapping[str, Mapping[str, float]], strongest_body: Sequence[str] | None = None
) -> RareTerms:
    """What `shared_rare_terms` needs of one side, to compute once and keep.

    `strongest_body` is `top_terms` of the body stems for at least `RARE_BODY_TERMS`, when
    already known (the stream takes them with the index keys): its first ones are the same."""
    return rarest_terms(vectors), searched_terms(vectors, strongest_body)


def searched_terms(
    vectors: Mapping[str, Mapping[str, float]], strongest_body: Sequence[str] | None = None
) -> set[str]:
    """Where `shared_rare_terms` looks for the other side's rarest stems: every stem of the
    headline and lead and the `RARE_BODY_TERMS` strongest of the body (`strongest_body`:
    as in `rare_terms`)."""
    if strongest_body is None:
        strongest_body = _strongest_body_stems(vectors)
    return _headline_stems(vectors).union(strongest_body[:RARE_BODY_TERMS])


def _headline_stems(vectors: Mapping[str, Mapping[str, float]]) -> set[str]:
    found: set[str] = set()
    for key in _RARE_FROM:
        found.update(vectors.get(key) or ())
    return found


def _strongest_body_stems(vectors: Mapping[str, Mapping[str, float]]) -> list[str]:
    return top_terms(vectors.get("body:stems") or {}, RARE_BODY_TERMS)


class GrowingRareTerms:
    """`rare_terms` of a story's centroids, brought up to date as members join instead of
    computed again over centroids of thousands of terms.

    Centroid weights only grow (they are sums of positive TF-IDF weights), so after a
    member joins, the strongest terms of a field are among its strongest before and the
    member's own terms: a term the member lacks kept its weight while those ranked above
    it gained. The lists are therefore exactly those of `rare_terms` over the centroids
    (tests/stories/test_features.py), at the cost of the member's terms.
    """

    __slots__ = ("body", "body_set", "headline", "rarest")

    def __init__(self, centroids: Mapping[str, Mapping[str, float]]) -> None:
        self.rarest = rarest_terms(centroids)
        self.headline = _headline_stems(centroids)
        self.body = _strongest_body_stems(centroids)
        self.body_set = set(self.body)

    def grow(
        self,
        centroids: Mapping[str, Mapping[str, float]],
        member: Mapping[str, Mapping[str, float]],
    ) -> None:
        """Take in a member whose vectors were just added to `centroids`."""
        title = centroids.get("title:stems") or {}
        lead = centroids.get("lead:stems") or {}
        changed = set(self.rarest)
        for key in _RARE_FROM:
            changed.update(member.get(key) or ())
        self.headline.update(changed)
        best = {t: max(title.get(t, 0.0), lead.get(t, 0.0)) for t in changed}
        self.rarest = top_terms(best, RARE_TERMS)
        body = centroids.get("body:stems") or {}
        kept = self.body_set
        # The old strongest terms are all still there, so no term weighing less than the
        # least of them now can be among the new strongest.
        grown = {t: body[t] for t in kept}
        cut = min(grown.values()) if len(grown) >= RARE_BODY_TERMS else -math.inf
        for term in member.get("body:stems") or ():
            if term not in grown and body[term] >= cut:
                grown[term] = body[term]
        self.body = top_terms(grown, RARE_BODY_TERMS)
        self.body_set = set(self.body)

    def __contains__(self, term: object) -> bool:
        """Whether `term` is among the `searched_terms` of the centroids."""
        return term in self.headline or term in self.body_set

    def shared(self, known: RareTerms) -> float:
        """`shared_rare_terms` of a side whose `rare_terms` are `known` and these
        centroids (the same float, without building the pair)."""
        rarest, searched = known
        top = self.rarest
        headline, body = self.headline, self.body_set
        found = sum(1 for term in rarest if term in headline or term in body)
        share = found / len(rarest) if rarest else 0.0
        back = sum(1 for term in top if term in searched)
        return 0.5 * (share + (back / len(top) if top else 0.0))


def shared_rare_terms(
    a: Mapping[str, Mapping[str, float]],
    b: Mapping[str, Mapping[str, float]],
    a_known: RareTerms | None = None,
    b_known: RareTerms | None = None,
) -> float:
    """The mean, over both sides, of the share of one side's `rarest_terms` found among
    the other's `searched_terms`: 1 when each side's strongest words all occur in the
    other, 0 when none do. Symmetric; 0 for a side without stems. `a_known` and `b_known`
    are `rare_terms` of a side when already known (a story or article keeps its own)."""
    a_rarest, a_searched = a_known or rare_terms(a)
    b_rarest, b_searched = b_known or rare_terms(b)
    shares = []
    for top, other in ((a_rarest, b_searched), (b_rarest, a_searched)):
        found = sum(1 for term in top if term in other)
        shares.append(found / len(top) if top else 0.0)
    return 0.5 * (shares[0] + shares[1])


__all__ = [
    "BASE_FEATURES",
    "EMBEDDING_FEATURE",
    "RARE_BODY_TERMS",
    "RARE_TERMS",
    "RARE_TERMS_FEATURE",
    "SEMANTIC_FEATURES",
    "TEXT_FEATURES",
    "TIME_FEATURES",
    "GrowingRareTerms",
    "RareTerms",
    "gaussian",
    "published_days",
    "rare_terms",
    "rarest_terms",
    "searched_terms",
    "shared_rare_terms",
    "time_feature",
    "time_features",
]
