"""Parameters of the reuse stage, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    """How reuse candidates are found, aligned and labelled.

    Candidate search keeps a content-defined sample of word n-gram hashes per article (the
    "0 mod p" fingerprints of Schleimer et al. 2003, used as rare seeds the way passim does):
    any n-gram two articles share is sampled in both or in neither, so a rewrite that keeps
    half of a wire story keeps about half of its seeds, whatever the whole-document Jaccard.
    Values marked "benchmark" were set by hand on the reprint benchmark that
    `newsweave.evaluate.reprints` generates from basil-dev (seed 13), checked against the
    seed pair, and then left alone; they have not been swept systematically.
    """

    # Word n-grams: 5 words, as passim and most reprint studies use for seeds.
    shingle_words: int = 5
    # Keep an n-gram when its hash is 0 mod this: ~600-word articles keep ~100 seeds and a
    # reused 60-word paragraph keeps ~10 (benchmark).
    seed_sample: int = 6
    # Candidates must share this many distinct seeds (benchmark; one shared 5-gram is too
    # often a stock phrase, and alignment rejects what two admit by chance).
    min_shared_seeds: int = 2
    # Seeds carried by more articles than this are ignored in candidate search: boilerplate
    # and stock phrases, not reuse (a wire story carried by more outlets than this still
    # links through its rarer seeds).
    max_seed_articles: int = 500
    # A paragraph repeated verbatim in this many articles of one outlet is boilerplate
    # (newsletter footers, "Photo:" credits, agency tags left in the body).
    boilerplate_min_articles: int = 3
    # Sentences with fewer words than this never align alone ("- Reuters", "Photo: AFP").
    min_sentence_words: int = 5
    # Two sentences align when their normalized Indel similarity reaches this (benchmark:
    # high enough that basil-dev's independent same-event reports are not called reuse, low
    # enough that light edits and OCR-like noise still align).
    sentence_similarity: float = 0.68
    # At or above this similarity an aligned passage is "verbatim", below it "edited".
    verbatim_similarity: float = 0.97
    # A link needs this many aligned words outside boilerplate (about two sentences).
    min_aligned_words: int = 25
    # Duplicate: the shorter text is all inside the longer, in one run, nearly unchanged
    # (benchmark: the generator's OCR noise and light word edits fall below 0.995).
    duplicate_containment: float = 0.95
    duplicate_similarity: float = 0.995
    # Reprint: the derived text is mostly inside the other (benchmark: the generator's
    # paragraph drops, inserted local sentences, light edits and noise mostly stay above
    # 0.75; its rewrites mostly fall below).
    reprint_containment: float = 0.75
    # Reprint: mean similarity of aligned text at least this (light edits only).
    reprint_similarity: float = 0.88
    # Quotes-only: an aligned sentence counts as quoted speech when at least this share of
    # its characters lie inside quotation marks in either article (benchmark and basil-dev's
    # same-event pairs: shared press statements with reworded attributions).
    quoted_share: float = 0.5
    # Likely original by containment: the original must contain at least this much more of
    # the other than the other contains of it.
    containment_asymmetry: float = 0.15
    # Outlets and byline words that mark wire copy (agency byline or tag).
    agencies: tuple[str, ...] = (
        "reuters",
        "associated press",
        "ap",
        "afp",
        "agence france-presse",
        "bloomberg",
        "dpa",
        "ansa",
        "efe",
        "xinhua",
        "tass",
        "upi",
        "press association",
        "pa media",
        "bernama",
        "aap",
        "kyodo",
        "yonhap",
        "anadolu",
        "interfax",
    )
    # Articles hashed and indexed per vectorized batch.
    batch_size: int = 2000


__all__ = ["ReuseSettings"]
