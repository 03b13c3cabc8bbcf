"""What the versions of a story share, and what each adds and omits.

With a known original (the reuse stage decided one), each version is compared with it: it
adds the sentences the original does not carry and omits the original's sentences it does
not carry. Without one, each version is compared with the others: it adds what no other
version carries and omits what most other versions carry.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from newsweave.compare.align import Claim, Sentence, StoryAlignment
from newsweave.compare.settings import CompareSettings
from newsweave.records import Article, ReuseLink


@dataclass(frozen=True, slots=True)
class CoverageDiff:
    """The sentences one version adds (or omits) relative to the original or the others."""

    article_id: str
    outlet: str | None
    relative_to: Literal["original", "others"]
    sentences: tuple[Sentence, ...]


def wire_original(articles: Sequence[Article], links: Sequence[ReuseLink]) -> str | None:
    """The article the reuse stage named as the original of most of the others' text, if any.

    Each link it is the source of counts the share of the derived article's text found in
    it: a wire story carried as reprints and rewrites outweighs a second agency's report of
    the event that the same outlets only quote from (a quotes-only link shares a fifth of
    the text or less), where counting links tied them."""
    ids = {a.id for a in articles}
    sources: dict[str, float] = {}
    targets: set[str] = set()
    for link in links:
        if link.original != "source" or link.source_id not in ids or link.target_id not in ids:
            continue
        supplied = link.containment_target_in_source
        sources[link.source_id] = sources.get(link.source_id, 0.0) + supplied
        targets.add(link.target_id)
    roots = {a: n for a, n in sources.items() if a not in targets} or sources
    if not roots:
        return None
    return max(sorted(roots), key=lambda a: roots[a])


def containment(alignment: StoryAlignment, article_id: str) -> float:
    """Mean share of the other versions' sentences that this version also carries."""
    carried: dict[str, int] = {}
    for claim in alignment.claims:
        if article_id in claim.article_ids:
            for s in claim.sentences:
                carried[s.article_id] = carried.get(s.article_id, 0) + 1
    shares = [
        carried.get(other, 0) / len(sentences)
        for other, sentences in alignment.sentences.items()
        if other != article_id and sentences
    ]
    return sum(shares) / len(shares) if shares else 0.0


def published_at(article: Article) -> datetime | None:
    """The publication time as an aware datetime (a bare date is midnight UTC), if known."""
    if not article.published:
        return None
    try:
        value = datetime.fromisoformat(article.published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def version_order(
    articles: Sequence[Article], alignment: StoryAlignment, links: Sequence[ReuseLink] = ()
) -> list[str]:
    """Article ids, the reference version first, then by publication time (undated last).

    The reference is the original the reuse stage found; otherwise the version that
    carries the largest share of the others' sentences (a wire story contains most of
    each rewrite), earlier publication breaking ties. Changed details read from it.
    """
    position = {a.id: n for n, a in enumerate(articles)}
    reference = wire_original(articles, links)
    if reference is None and articles:
        far = datetime.max.replace(tzinfo=UTC)
        reference = max(
            articles,
            key=lambda a: (
                round(containment(alignment, a.id), 6),
                -(published_at(a) or far).timestamp(),
                -position[a.id],
            ),
        ).id
    rest = sorted(
        (a for a in articles if a.id != reference),
        key=lambda a: (
            published_at(a) is None,
            published_at(a) or datetime.min.replace(tzinfo=UTC),
            position[a.id],
        ),
    )
    return ([reference] if reference else []) + [a.id for a in rest]


def representative(claim: Claim, order: Sequence[str]) -> Sentence:
    """The claim's sentence in the earliest version (in `order`) that carries it."""
    rank = {article_id: n for n, article_id in enumerate(order)}
    return min(claim.sentences, key=lambda s: (rank.get(s.article_id, len(rank)), s.index))


def shared_core(
    alignment: StoryAlignment, settings: CompareSettings = CompareSettings()
) -> tuple[Claim, ...]:
    """Claims carried by at least `shared_min_share` of the versions (and by two at least)."""
    n = len(alignment.sentences)
    needed = max(2, math.ceil(settings.shared_min_share * n))
    return tuple(c for c in alignment.claims if len(c.sentences) >= needed)


def additions(
    alignment: StoryAlignment,
    original: str | None = None,
    settings: CompareSettings = CompareSettings(),
) -> tuple[CoverageDiff, ...]:
    """Per version, the sentences it carries that the original (or every other version) lacks."""
    out = []
    claim_of = _claim_of(alignment)
    for article_id, sentences in alignment.sentences.items():
        relative: Literal["original", "others"] = (
            "original" if original and article_id != original else "others"
        )
        added = []
        for s in sentences:
            carriers = claim_of[(article_id, s.index)].article_ids
            if (relative == "original" and original not in carriers) or len(carriers) == 1:
                added.append(s)
        out.append(CoverageDiff(article_id, _outlet(sentences), relative, tuple(added)))
    return tuple(out)


def omissions(
    alignment: StoryAlignment,
    original: str | None = None,
    order: Sequence[str] = (),
    settings: CompareSettings = CompareSettings(),
) -> tuple[CoverageDiff, ...]:
    """Per version, the original's sentences it lacks (or those most other versions carry).

    Each omitted claim is shown by its sentence in the earliest version of `order`.
    """
    order = list(order) or list(alignment.sentences)
    out = []
    for article_id, sentences in alignment.sentences.items():
        relative: Literal["original", "others"] = (
            "original" if original and article_id != original else "others"
        )
        others = len(alignment.sentences) - 1
        missing = []
        for claim in alignment.claims:
            carriers = claim.article_ids
            if article_id in carriers:
                continue
            if relative == "original":
                if original in carriers:
                    missing.append(claim.sentence_in(original) or representative(claim, order))
            elif others and len(carriers) > settings.omission_min_share * others:
                missing.append(representative(claim, order))
        rank = {a: n for n, a in enumerate(order)}
        missing.sort(key=lambda s: (rank.get(s.article_id, len(rank)), s.index))
        out.append(CoverageDiff(article_id, _outlet(sentences), relative, tuple(missing)))
    return tuple(out)


def _claim_of(alignment: StoryAlignment) -> dict[tuple[str, int], Claim]:
    return {(s.article_id, s.index): c for c in alignment.claims for s in c.sentences}


def _outlet(sentences: Sequence[Sentence]) -> str | None:
    return sentences[0].outlet if sentences else None


__all__ = [
    "CoverageDiff",
    "additions",
    "containment",
    "omissions",
    "published_at",
    "representative",
    "shared_core",
    "version_order",
    "wire_original",
]
