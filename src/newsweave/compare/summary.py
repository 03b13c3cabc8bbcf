"""An extractive summary of a story from the claims its versions share.

Centroid scoring (Radev et al. 2004): each claim is scored by the cosine of its sentence to
the TF-IDF centroid of every sentence of every version, so claims that many versions carry
pull the centroid towards themselves. Maximal marginal relevance (Carbonell & Goldstein
1998) then picks sentences that are central but not redundant, and the picks are shown in
the reference version's order, each credited to the versions that carry it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.compare.align import Claim, StoryAlignment
from newsweave.compare.coverage import representative, shared_core
from newsweave.compare.settings import CompareSettings
from newsweave.compare.words import content_sequence

# A sentence shorter than this many words is a fragment or a subhead, not a summary line.
MIN_SUMMARY_WORDS = 6


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence, the version it is quoted from, and every version carrying it."""

    text: str
    article_id: str
    claim_id: int
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    score: float


def story_summary(
    alignment: StoryAlignment, order: Sequence[str], settings: CompareSettings = CompareSettings()
) -> tuple[SummarySentence, ...]:
    """3 to 6 sentences from the shared core (from every claim when the core is smaller)."""
    pool = [c for c in shared_core(alignment, settings) if _long_enough(c, order)]
    if len(pool) < settings.summary_min_sentences:
        pool = [c for c in alignment.claims if _long_enough(c, order)]
    if not pool:
        return ()
    texts = [" ".join(content_sequence(representative(c, order).text)) for c in pool]
    every = [" ".join(content_sequence(s.text)) for ss in alignment.sentences.values() for s in ss]
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
    try:
        vectorizer.fit(every + texts)
    except ValueError:  # no content words anywhere
        return ()
    vectors = vectorizer.transform(texts).toarray()
    centroid = np.asarray(vectorizer.transform(every).mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    scores = vectors @ centroid / norm if norm else np.zeros(len(pool))
    similarity = vectors @ vectors.T
    k = min(
        max(settings.summary_sentences, settings.summary_min_sentences),
        settings.summary_max_sentences,
        len(pool),
    )
    chosen = _mmr(scores, similarity, k, settings.mmr_lambda)
    rank = {a: n for n, a in enumerate(order)}
    picked = sorted(
        (pool[n] for n in chosen),
        key=lambda c: (
            rank.get(representative(c, order).article_id, len(rank)),
            representative(c, order).index,
        ),
    )
    score_of = {pool[n].id: float(scores[n]) for n in chosen}
    out = []
    for claim in picked:
        sentence = representative(claim, order)
        outlets = tuple(dict.fromkeys(s.outlet for s in claim.sentences if s.outlet))
        out.append(
            SummarySentence(
                text=sentence.text,
                article_id=sentence.article_id,
                claim_id=claim.id,
                article_ids=claim.article_ids,
                outlets=outlets,
                score=round(score_of[claim.id], 4),
            )
        )
    return tuple(out)


def _mmr(scores: np.ndarray, similarity: np.ndarray, k: int, weight: float) -> list[int]:
    """Indices picked by maximal marginal relevance, most relevant first."""
    chosen: list[int] = []
    left = set(range(len(scores)))
    while left and len(chosen) < k:

        def gain(n: int) -> float:
            redundancy = max((similarity[n, m] for m in chosen), default=0.0)
            return float(weight * scores[n] - (1 - weight) * redundancy)

        best = max(sorted(left), key=gain)
        chosen.append(best)
        left.remove(best)
    return chosen


def _long_enough(claim: Claim, order: Sequence[str]) -> bool:
    return len(representative(claim, order).text.split()) >= MIN_SUMMARY_WORDS


__all__ = ["MIN_SUMMARY_WORDS", "SummarySentence", "story_summary"]
