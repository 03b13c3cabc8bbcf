"""What kind of reuse two aligned articles show: duplicate, reprint, rewrite or quotes-only.

The label rests on three figures: how much of each article lies inside the other
(containment, by characters of alignable sentences), how similar the aligned text is, and
whether the shared sentences share more than the speech inside their quotation marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.records import AlignedPassage, Relation

from .align import SentenceMatch, SentenceUnit, match_sentences, merge_passages
from .settings import ReuseSettings


@dataclass(frozen=True, slots=True)
class PairReuse:
    """The alignment of a target article against a source article, and its label."""

    relation: Relation | None
    containment_source_in_target: float
    containment_target_in_source: float
    similarity: float  # character-weighted over aligned sentences
    passages: tuple[AlignedPassage, ...]
    aligned_words: int  # outside quote-driven matches


def _covered(units: Sequence[SentenceUnit], indexes: Sequence[int]) -> float:
    total = sum(len(u.norm) for u in units)
    return sum(len(units[i].norm) for i in indexes) / total if total else 0.0


def _trimmed(
    matches: Sequence[SentenceMatch],
    source: Sequence[SentenceUnit],
    target: Sequence[SentenceUnit],
) -> bool:
    """True when the longer text's unaligned sentences all come after the aligned run."""
    first_s = min(m.source for m in matches)
    first_t = min(m.target for m in matches)
    return first_s == 0 and first_t == 0


def classify_relation(
    matches: Sequence[SentenceMatch],
    passages: Sequence[AlignedPassage],
    source: Sequence[SentenceUnit],
    target: Sequence[SentenceUnit],
    settings: ReuseSettings,
    same_text: bool = False,
) -> PairReuse:
    """Label a pair from its sentence matches.

    duplicate: the shorter text lies whole inside the longer, verbatim, in one run (a copy,
    maybe trimmed). reprint: the derived text lies mostly inside the other with light edits
    (dropped, reordered or inserted paragraphs, word edits, noise). rewrite: enough shared
    text outside quotations (at least `min_aligned_words`, and at least `min_containment` of
    one article), but with substantial edits or additions. quotes-only: every
    shared sentence shares only its quoted speech, as independent reports of one press
    conference do.
    """
    c_source = _covered(source, [m.source for m in matches])
    c_target = _covered(target, [m.target for m in matches])
    weights = [len(target[m.target].norm) for m in matches]
    similarity = (
        sum(m.similarity * w for m, w in zip(matches, weights, strict=True)) / sum(weights)
        if matches
        else 0.0
    )
    reused = [m for m in matches if not m.quote_driven]
    aligned_words = sum(target[m.target].words for m in reused)
    relation: Relation | None
    if same_text:
        relation = "duplicate"
        c_source = c_target = 1.0
        similarity = 1.0
    elif not matches:
        relation = None
    elif not reused:
        relation = "quotes-only"
    elif (
        aligned_words < settings.min_aligned_words
        or max(c_source, c_target) < settings.min_containment
    ):
        relation = None
    else:
        contained = max(c_source, c_target)
        if (
            contained >= settings.duplicate_containment
            and similarity >= settings.duplicate_similarity
            and len(passages) == 1
            and _trimmed(matches, source, target)
        ):
            relation = "duplicate"
        elif (
            contained >= settings.reprint_containment and similarity >= settings.reprint_similarity
        ):
            relation = "reprint"
        else:
            relation = "rewrite"
    return PairReuse(
        relation=relation,
        containment_source_in_target=round(c_source, 4),
        containment_target_in_source=round(c_target, 4),
        similarity=round(similarity, 4),
        passages=tuple(passages),
        aligned_words=aligned_words,
    )


def directed_relation(relation: Relation, derived_in_original: float) -> Relation:
    """The relation once the original is known: a "duplicate" that adds text is a reprint.

    Without dates a copy with a sentence added at its end reads as the original trimmed
    (the longer text holds all of the shorter). Once the original is decided, a derived
    text with any alignable sentence of its own was added to, not trimmed.
    """
    if relation == "duplicate" and derived_in_original < 1.0:
        return "reprint"
    return relation


def compare_units(
    source: Sequence[SentenceUnit],
    target: Sequence[SentenceUnit],
    settings: ReuseSettings,
    same_text: bool = False,
) -> PairReuse:
    """Align two articles' sentence units and label the pair."""
    matches = match_sentences(source, target, settings)
    passages = merge_passages(matches, source, target, settings)
    return classify_relation(matches, passages, source, target, settings, same_text)


__all__ = ["PairReuse", "classify_relation", "compare_units", "directed_relation"]
