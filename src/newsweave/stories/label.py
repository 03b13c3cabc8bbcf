"""What a reader sees of a story: a headline chosen from its members, and its key names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..records import Article
from ..sentences import split_sentences
from .terms import stems
from .vectors import Centroid, DocumentFrequencies, top_terms, weigh

# Words of a headline made from the lead, for an article printed without one.
HEADLINE_WORDS = 14


def headline(article: Article) -> str:
    """The article's title, or, for one published without (a run-in text, a feed item with
    no title), the first sentence of its lead, cut at `HEADLINE_WORDS` words: a story
    whose members have no titles is still named by what happened, not left blank."""
    if article.title and article.title.strip():
        return article.title.strip()
    for paragraph in article.body:
        for sentence in split_sentences(paragraph):
            words = sentence.split()
            if words:
                cut = len(words) > HEADLINE_WORDS
                return " ".join(words[:HEADLINE_WORDS]).rstrip(",;:") + ("…" if cut else "")
    return ""


def story_label(
    titles: Sequence[str],
    title_centroid: Centroid | None,
    frequencies: DocumentFrequencies,
    title_stems: Mapping[str, Mapping[str, int]] | None = None,
) -> str:
    """The member headline closest to the story's title centroid: the most typical one.

    Ties go to the earlier headline, so a story keeps its label while nothing new joins.
    `title_stems` holds `stems` of some titles, already counted; the idfs of all the
    titles' terms are looked up at once (each the same float as alone).
    """
    if not titles:
        return ""
    if title_centroid is None or len(titles) == 1:
        return titles[0].strip()
    known = title_stems or {}
    counted = {title: known.get(title) or stems(title) for title in dict.fromkeys(titles)}
    idfs = frequencies.idfs({term: None for terms in counted.values() for term in terms})
    best, best_score = titles[0], -1.0
    for title, terms in counted.items():
        score = title_centroid.cosine(weigh(terms, idfs))
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


__all__ = ["HEADLINE_WORDS", "headline", "story_key_terms", "story_label"]
