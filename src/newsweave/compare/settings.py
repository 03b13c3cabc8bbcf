"""Parameters of the compare stage, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CompareSettings:
    """How versions of a story are aligned, diffed, summarised.

    The edited-sentence decision is a logistic model over the lexical features of
    `newsweave.compare.align.FEATURE_NAMES`; its weights and threshold were fitted on
    MSRP train (Dolan & Brockett 2005; the shared copy holds 4,080 pairs) by
    `newsweave evaluate align`, chosen by 10-fold cross-validation and frozen here.
    """

    # Logistic weights over FEATURE_NAMES (char_ratio, token_set_ratio, content_dice,
    # content_containment, bigram_dice, length_ratio), fitted on all of MSRP train.
    edited_intercept: float = -9.7864
    edited_weights: tuple[float, ...] = (4.7423, 1.9383, 5.4696, 1.0422, -3.2233, 3.2685)
    # Probability above which two sentences are the same claim reworded: the threshold of
    # highest accuracy over the 10-fold out-of-fold probabilities on MSRP train
    # (CV accuracy 0.744, F1 0.818).
    edited_threshold: float = 0.54
    # A lower bar for a sentence pair that reuse evidence or the surrounding alignment
    # already places together (inside a reuse passage, or the best pair between two aligned
    # neighbours). Chosen on the seed pair: the rewritten "Putin's heavily caveated support"
    # sentence scores 0.14 against its counterpart there, the other sentence of the same
    # gap 0.01. MSRP holds too few low-overlap pairs to tune it.
    anchored_threshold: float = 0.1
    # Candidate pairs must share this much TF-IDF weight (cosine) before the lexical
    # features are computed; far below any MSRP paraphrase pair, it only saves time.
    candidate_min_cosine: float = 0.1
    # How many best candidates per sentence and per other article are scored.
    candidates_per_sentence: int = 2
    # A claim is in the shared core when at least this share of the articles carry it.
    shared_min_share: float = 0.5
    # An article omits a claim when more than this share of the other articles carry it.
    omission_min_share: float = 0.5
    # Changed details: differing runs closer than this many tokens are one change.
    detail_merge_gap: int = 3
    # A run longer than this on either side is a rewritten clause, not a changed detail.
    detail_max_tokens: int = 14
    # A clause is added or dropped when it has at least this many content words of its own.
    clause_min_words: int = 2
    # Summary: 3 to 6 sentences (the issue), chosen by centroid score with MMR.
    summary_sentences: int = 5
    summary_min_sentences: int = 3
    summary_max_sentences: int = 6
    # MMR trade-off between centrality and novelty (Carbonell & Goldstein 1998 use 0.7).
    mmr_lambda: float = 0.7


__all__ = ["CompareSettings"]
