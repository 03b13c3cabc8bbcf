"""What a reader sees of a story: a headline chosen from its members, and its key names."""

from __future__ import annotations

from collections.abc import Sequence

from .terms import stems
from .vectors import Centroid, DocumentFrequencies, tfidf, top_terms


def story_label(
    titles: Sequence[str], title_centroid: Centroid | None, frequencies: DocumentFrequencies
) -> str:
    """The member headline closest to the story's title centroid: the most typical one.

    Ties go to the earlier headline, so a story keeps its label while nothing new joins.
    """
    if not titles:
        return ""
    if title_centroid is None or len(titles) == 1:
        return titles[0].strip()
    best, best_score = titles[0], -1.0
    for title in dict.fromkeys(titles):
        score = title_centroid.cosine(tfidf(stems(title), frequencies))
        if score > best_score + 1e-12:
            best, best_score = title, score
    return best.strip()


def story_key_terms(entity_centroid: Centroid | None, k: int) -> tuple[str, ...]:
    """The story's k strongest names; a word is left out when a kept phrase contains it."""
    if entity_centroid is None or k <= 0:
        return ()
    kept: list[str] = []
    for term in top_terms(entity_centroid.weights, 4 * k):
        words = term.split()
        if any(term in other.split() or term == other for other in kept):
            continue
        if len(words) > 1:
            kept = [t for t in kept if t not in words]
        kept.append(term)
        if len(kept) >= k:
            break
    return tuple(kept)


__all__ = ["story_key_terms", "story_label"]
