"""Which of two or more linked articles is the likely original, and on what evidence.

Evidence in the order it decides: an agency byline or tag (wire copy is the source of the
outlets that carry it, even when a carrier's timestamp is earlier), an earlier publication
date, then containment asymmetry (the original holds most of the derived text, not the
reverse). When none of them separates the articles the answer is "unknown".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.records import Article, ReuseLink

from .settings import ReuseSettings

AGENCY_BYLINE = "agency byline"
EARLIER_DATE = "earlier date"
CONTAINS_OTHER = "contains the other"


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What the original decision needs to know about one article."""

    published: str | None
    agency: bool


@dataclass(frozen=True, slots=True)
class Origin:
    """The likely original of a group of linked articles; `article_id` None when unknown."""

    article_id: str | None
    evidence: tuple[str, ...]

    @property
    def known(self) -> bool:
        return self.article_id is not None


_AGENCY_WORDS = ("agency", "wire", "news service", "press association", "presse")


def is_agency(article: Article, settings: ReuseSettings = ReuseSettings()) -> bool:
    """True when the outlet, a byline or an agency tag names a news agency.

    Besides the well-known agencies, an outlet whose own name says so ("... News Agency",
    "... Wire") or that signs its copy with its own tag ("Meridian Press" ending "- Meridian")
    is an agency: local papers tag copy with the agency's name, not with their own.
    """
    outlet = (article.outlet or "").casefold()
    if outlet and any(word in outlet for word in _AGENCY_WORDS):
        return True
    if outlet and any(
        tag.casefold() and outlet.startswith(tag.casefold()) for tag in article.agency_tags
    ):
        return True
    agencies = settings.agencies
    names = [article.outlet or "", *article.bylines, *article.agency_tags]
    for name in names:
        words = " ".join(
            w.strip("()[]-–—,.:;") for w in name.casefold().replace(",", " , ").split()
        )
        padded = f" {words} "
        if any(f" {agency} " in padded for agency in agencies):
            return True
    return False


def article_facts(article: Article, settings: ReuseSettings = ReuseSettings()) -> ArticleFacts:
    return ArticleFacts(published=article.published, agency=is_agency(article, settings))


def _when(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _earlier(a: str | None, b: str | None) -> int | None:
    """0 when a is earlier, 1 when b is, None when undecidable (missing or same day/time)."""
    when_a, when_b = _when(a), _when(b)
    if when_a is None or when_b is None:
        return None
    # A bare date only says the day: compare days unless both carry a time.
    if a is not None and b is not None and ("T" not in a or "T" not in b):
        day_a, day_b = when_a.date(), when_b.date()
        if day_a == day_b:
            return None
        return 0 if day_a < day_b else 1
    if when_a == when_b:
        return None
    return 0 if when_a < when_b else 1


def pair_original(
    a: ArticleFacts,
    b: ArticleFacts,
    b_in_a: float,
    a_in_b: float,
    settings: ReuseSettings = ReuseSettings(),
) -> tuple[int | None, tuple[str, ...]]:
    """(0 for a, 1 for b, None for unknown; evidence): the deciding evidence comes first.

    `b_in_a` is the share of b's text found in a; the original contains the other.
    """
    votes: list[tuple[str, int]] = []
    if a.agency != b.agency:
        votes.append((AGENCY_BYLINE, 0 if a.agency else 1))
    earlier = _earlier(a.published, b.published)
    if earlier is not None:
        votes.append((EARLIER_DATE, earlier))
    if abs(b_in_a - a_in_b) >= settings.containment_asymmetry:
        votes.append((CONTAINS_OTHER, 0 if b_in_a > a_in_b else 1))
    if not votes:
        return None, ()
    winner = votes[0][1]
    return winner, tuple(name for name, vote in votes if vote == winner)


def wire_origin(
    group: Sequence[Article],
    links: Sequence[ReuseLink],
    settings: ReuseSettings = ReuseSettings(),
) -> Origin:
    """The likely original of a group of articles connected by reuse links.

    A lone agency article wins ("agency byline"); otherwise a unique earliest date
    ("earlier date"); otherwise the one article that every decided link among the group
    names as source ("contains the other"). Anything else is unknown.
    """
    if not group:
        return Origin(None, ())
    if len(group) == 1:
        return Origin(group[0].id, ())
    agencies = [a for a in group if is_agency(a, settings)]
    if len(agencies) == 1:
        evidence = [AGENCY_BYLINE]
        others = [a for a in group if a.id != agencies[0].id]
        if all(_earlier(agencies[0].published, o.published) == 0 for o in others):
            evidence.append(EARLIER_DATE)
        return Origin(agencies[0].id, tuple(evidence))
    dated = [(w, a) for a in group if (w := _when(a.published)) is not None]
    if len(dated) == len(group):
        first = min(dated, key=lambda pair: pair[0])[1]
        if all(o.id == first.id or _earlier(first.published, o.published) == 0 for o in group):
            return Origin(first.id, (EARLIER_DATE,))
    ids = {a.id for a in group}
    decided = [
        lk for lk in links if lk.original == "source" and {lk.source_id, lk.target_id} <= ids
    ]
    sources = {lk.source_id for lk in decided}
    targets = {lk.target_id for lk in decided}
    roots = sources - targets
    if len(roots) == 1 and sources | targets == ids:
        return Origin(roots.pop(), (CONTAINS_OTHER,))
    return Origin(None, ())


__all__ = [
    "AGENCY_BYLINE",
    "CONTAINS_OTHER",
    "EARLIER_DATE",
    "ArticleFacts",
    "Origin",
    "article_facts",
    "is_agency",
    "pair_original",
    "wire_origin",
]
