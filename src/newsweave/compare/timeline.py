"""A story's versions in publication order, and what each one added.

A version's additions are its sentences whose claim no earlier version carried: the new
facts, quotes or framing the story gained when it appeared. Undated versions come last,
in the order given, since their place in time is unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.compare.align import Sentence, StoryAlignment
from newsweave.compare.coverage import published_at
from newsweave.records import Article


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One version on the story's timeline."""

    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    added: tuple[Sentence, ...]  # sentences whose claim no earlier version carried
    carried: int  # sentences whose claim an earlier version already carried


def story_timeline(
    articles: Sequence[Article], alignment: StoryAlignment
) -> tuple[TimelineEntry, ...]:
    """The versions by publication time, each with what it added to those before it."""
    position = {a.id: n for n, a in enumerate(articles)}
    earliest = datetime.min.replace(tzinfo=UTC)
    ordered = sorted(
        articles,
        key=lambda a: (published_at(a) is None, published_at(a) or earliest, position[a.id]),
    )
    claim_of = {(s.article_id, s.index): c.id for c in alignment.claims for s in c.sentences}
    seen: set[int] = set()
    entries = []
    for article in ordered:
        sentences = alignment.sentences.get(article.id, ())
        claims = [claim_of[(article.id, s.index)] for s in sentences]
        added = tuple(s for s, c in zip(sentences, claims, strict=True) if c not in seen)
        entries.append(
            TimelineEntry(
                article_id=article.id,
                outlet=article.outlet,
                published=article.published,
                title=article.title,
                added=added,
                carried=len(sentences) - len(added),
            )
        )
        seen.update(claims)
    return tuple(entries)


__all__ = ["TimelineEntry", "story_timeline"]
