"""Sentence alignment across the versions of one story.

Each article is split into sentences (paragraphs first). Every pair of articles is aligned
sentence to sentence: identical word sequences are `verbatim`; otherwise a logistic model
over lexical similarity (fitted on MSRP, see `CompareSettings`) decides `edited` (the same
claim reworded). Sentences that reuse passages place together, or that sit between two
aligned neighbours, pass a lower bar, because their position is evidence too. The pairwise
alignments are then joined into claims: groups holding at most one sentence per article.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.compare.settings import CompareSettings
from newsweave.compare.words import content_sequence, content_stems, normalize, words
from newsweave.records import Article, ReuseLink
from newsweave.sentences import paragraph_sentence_spans

FEATURE_NAMES = (
    "char_ratio",  # Indel similarity of the case-folded texts
    "token_set_ratio",  # rapidfuzz token-set ratio: overlap regardless of order
    "content_dice",  # Dice of content-word stems
    "content_containment",  # shared content stems over the smaller sentence's
    "bigram_dice",  # Dice of adjacent content-stem pairs: shared phrasing
    "length_ratio",  # shorter over longer, in words
)

Evidence = Literal["verbatim", "lexical", "reuse", "anchored"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one article; offsets index `Article.text`."""

    article_id: str
    outlet: str | None
    index: int  # position among the article's sentences
    paragraph: int  # index of the body paragraph that holds it
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SentencePair:
    """Two sentences of two articles that carry the same claim."""

    left: Sentence
    right: Sentence
    kind: Literal["verbatim", "edited"]
    score: float  # probability of the edited decision; 1.0 for verbatim
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement of the story and the sentences that carry it, one per article at most."""

    id: int
    sentences: tuple[Sentence, ...]
    kind: Literal["verbatim", "edited", "single"]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(s.article_id for s in self.sentences)

    def sentence_in(self, article_id: str) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.article_id == article_id:
                return sentence
        return None


@dataclass(frozen=True, slots=True)
class StoryAlignment:
    """Every article's sentences, the aligned pairs between articles, and the claims."""

    sentences: dict[str, tuple[Sentence, ...]]
    pairs: tuple[SentencePair, ...]
    claims: tuple[Claim, ...]


def article_sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences, paragraph-aware, with offsets into `article.text`."""
    text = article.text
    paragraph_ends = [end for _, end in article.paragraph_spans()]
    out: list[Sentence] = []
    paragraph = 0
    for start, end in paragraph_sentence_spans(text):
        while paragraph < len(paragraph_ends) - 1 and start > paragraph_ends[paragraph]:
            paragraph += 1
        out.append(
            Sentence(article.id, article.outlet, len(out), paragraph, start, end, text[start:end])
        )
    return tuple(out)


def is_verbatim(left: str, right: str) -> bool:
    """Whether two sentences have the same words in the same order (case and marks aside)."""
    return words(left) == words(right)


def sentence_features(left: str, right: str) -> tuple[float, ...]:
    """The lexical similarity features of FEATURE_NAMES, each in 0..1."""
    a, b = normalize(left), normalize(right)
    stems_a, stems_b = content_stems(left), content_stems(right)
    shared = len(stems_a & stems_b)
    dice = 2 * shared / (len(stems_a) + len(stems_b)) if stems_a or stems_b else 0.0
    smaller = min(len(stems_a), len(stems_b))
    containment = shared / smaller if smaller else 0.0
    bigrams_a, bigrams_b = _bigrams(content_sequence(left)), _bigrams(content_sequence(right))
    total = len(bigrams_a) + len(bigrams_b)
    bigram_dice = 2 * len(bigrams_a & bigrams_b) / total if total else 0.0
    len_a, len_b = len(words(left)), len(words(right))
    length_ratio = min(len_a, len_b) / max(len_a, len_b) if max(len_a, len_b) else 0.0
    return (
        fuzz.ratio(a, b) / 100.0,
        fuzz.token_set_ratio(a, b) / 100.0,
        dice,
        containment,
        bigram_dice,
        length_ratio,
    )


def edited_probability(
    left: str, right: str, settings: CompareSettings = CompareSettings()
) -> float:
    """Probability that two sentences state the same claim (the frozen MSRP model)."""
    features = sentence_features(left, right)
    z = settings.edited_intercept + sum(
        w * x for w, x in zip(settings.edited_weights, features, strict=True)
    )
    return 1.0 / (1.0 + math.exp(-z))


def align_pair(
    left: Sequence[Sentence],
    right: Sequence[Sentence],
    settings: CompareSettings = CompareSettings(),
    reuse_pairs: Iterable[tuple[int, int]] = (),
    candidates: Iterable[tuple[int, int]] | None = None,
) -> list[SentencePair]:
    """Align the sentences of two articles one to one.

    `candidates` are (left index, right index) pairs worth scoring (all pairs when None);
    `reuse_pairs` are pairs that a reuse passage covers. Verbatim pairs are taken first,
    then scored pairs above the edited threshold, best first; then reuse pairs and pairs
    between two aligned neighbours above the lower anchored threshold.
    """
    scorer = _PairScorer(left, right, settings)
    pool = (
        [(i, j) for i in range(len(left)) for j in range(len(right))]
        if candidates is None
        else list(candidates)
    )
    taken_left: dict[int, SentencePair] = {}
    taken_right: set[int] = set()

    def take(i: int, j: int, score: float, evidence: Evidence) -> None:
        kind: Literal["verbatim", "edited"] = "verbatim" if evidence == "verbatim" else "edited"
        taken_left[i] = SentencePair(left[i], right[j], kind, score, evidence)
        taken_right.add(j)

    scored = sorted(((scorer.score(i, j), i, j) for i, j in set(pool)), reverse=True)
    for score, i, j in scored:
        if i in taken_left or j in taken_right:
            continue
        if scorer.verbatim(i, j):
            take(i, j, 1.0, "verbatim")
        elif score >= settings.edited_threshold:
            take(i, j, score, "lexical")
    reuse = sorted(((scorer.score(i, j), i, j) for i, j in set(reuse_pairs)), reverse=True)
    for score, i, j in reuse:
        if i not in taken_left and j not in taken_right and score >= settings.anchored_threshold:
            take(i, j, score, "reuse")
    for i in range(len(left)):
        if i in taken_left:
            continue
        low, high = _gap(i, taken_left, len(right))
        if low is None or high is None:
            continue
        gap = [j for j in range(low + 1, high) if j not in taken_right]
        if not gap:
            continue
        score, j = max((scorer.score(i, j), j) for j in gap)
        if score >= settings.anchored_threshold:
            take(i, j, score, "anchored")
    return [taken_left[i] for i in sorted(taken_left)]


def align_story(
    articles: Sequence[Article],
    links: Sequence[ReuseLink] = (),
    settings: CompareSettings = CompareSettings(),
) -> StoryAlignment:
    """Align every pair of articles of a story and join the pairs into claims."""
    sentences = {a.id: article_sentences(a) for a in articles}
    ids = [a.id for a in articles]
    flat = [s for article_id in ids for s in sentences[article_id]]
    offsets: dict[str, int] = {}
    position = 0
    for article_id in ids:
        offsets[article_id] = position
        position += len(sentences[article_id])
    matrix = _tfidf(flat)
    reuse = _reuse_pairs(links, sentences)
    pairs: list[SentencePair] = []
    for x, left_id in enumerate(ids):
        left = sentences[left_id]
        if not left:
            continue
        block = _cosine_block(matrix, offsets[left_id], len(left))
        for right_id in ids[x + 1 :]:
            right = sentences[right_id]
            if not right:
                continue
            sub = block[:, offsets[right_id] : offsets[right_id] + len(right)]
            candidates = _candidates(sub, settings)
            pairs.extend(
                align_pair(left, right, settings, reuse.get((left_id, right_id), ()), candidates)
            )
    claims = _claims(ids, sentences, pairs)
    return StoryAlignment(sentences=sentences, pairs=tuple(pairs), claims=claims)


class _PairScorer:
    """Scores sentence pairs of two articles once each, reusing scores of repeated texts."""

    def __init__(
        self, left: Sequence[Sentence], right: Sequence[Sentence], settings: CompareSettings
    ) -> None:
        self.left, self.right, self.settings = left, right, settings
        self.cache: dict[tuple[int, int], float] = {}

    def verbatim(self, i: int, j: int) -> bool:
        return is_verbatim(self.left[i].text, self.right[j].text)

    def score(self, i: int, j: int) -> float:
        key = (i, j)
        if key not in self.cache:
            self.cache[key] = _cached_probability(
                self.left[i].text, self.right[j].text, self.settings
            )
        return self.cache[key]


_PROBABILITIES: dict[tuple[str, str, CompareSettings], float] = {}


def _cached_probability(left: str, right: str, settings: CompareSettings) -> float:
    """Reprints repeat sentences verbatim, so a story scores each distinct text pair once."""
    key = (left, right, settings)
    value = _PROBABILITIES.get(key)
    if value is None:
        if len(_PROBABILITIES) > 200_000:
            _PROBABILITIES.clear()
        value = 1.0 if is_verbatim(left, right) else edited_probability(left, right, settings)
        _PROBABILITIES[key] = value
    return value


def _bigrams(sequence: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(pairwise(sequence))


def _gap(i: int, taken: dict[int, SentencePair], n_right: int) -> tuple[int | None, int | None]:
    """The right-hand index range between the partners of i's aligned neighbours.

    At an article's edge the range is open on that side; with no aligned neighbour at all,
    or neighbours whose partners are out of order, there is no gap to fill.
    """
    before = [k for k in taken if k < i]
    after = [k for k in taken if k > i]
    if not before and not after:
        return None, None
    low = taken[max(before)].right.index if before else -1
    high = taken[min(after)].right.index if after else n_right
    if low >= high:
        return None, None
    return low, high


def _tfidf(sentences: Sequence[Sentence]) -> np.ndarray | None:
    texts = [" ".join(content_sequence(s.text)) for s in sentences]
    if not any(texts):
        return None
    vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)
    try:
        return vectorizer.fit_transform(texts)
    except ValueError:  # every text empty after filtering
        return None


def _cosine_block(matrix: np.ndarray | None, start: int, size: int) -> np.ndarray:
    if matrix is None:
        return np.zeros((size, 0))
    rows = matrix[start : start + size]
    return np.asarray((rows @ matrix.T).toarray())


def _candidates(sub: np.ndarray, settings: CompareSettings) -> list[tuple[int, int]]:
    """Pairs among each sentence's best few counterparts (both directions) worth scoring."""
    if sub.size == 0:
        return []
    k = settings.candidates_per_sentence
    found: set[tuple[int, int]] = set()
    best_right = np.argsort(-sub, axis=1)[:, :k]
    for i, row in enumerate(best_right):
        found.update((i, int(j)) for j in row if sub[i, j] >= settings.candidate_min_cosine)
    best_left = np.argsort(-sub, axis=0)[:k, :]
    for j in range(sub.shape[1]):
        found.update(
            (int(i), j) for i in best_left[:, j] if sub[i, j] >= settings.candidate_min_cosine
        )
    return sorted(found)


def _reuse_pairs(
    links: Sequence[ReuseLink], sentences: dict[str, tuple[Sentence, ...]]
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Sentence pairs that a reuse passage covers, keyed by (left id, right id) in story order."""
    order = {article_id: n for n, article_id in enumerate(sentences)}
    out: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for link in links:
        if link.source_id not in order or link.target_id not in order:
            continue
        src, tgt = sentences[link.source_id], sentences[link.target_id]
        flip = order[link.source_id] > order[link.target_id]
        key = (link.target_id, link.source_id) if flip else (link.source_id, link.target_id)
        for passage in link.passages:
            left = _covered(src, passage.source_start, passage.source_end)
            right = _covered(tgt, passage.target_start, passage.target_end)
            for i in left:
                for j in right:
                    out.setdefault(key, []).append((j, i) if flip else (i, j))
    return out


def _covered(sentences: Sequence[Sentence], start: int, end: int) -> list[int]:
    """Sentences at least half inside [start, end)."""
    return [
        s.index for s in sentences if min(s.end, end) - max(s.start, start) >= (s.end - s.start) / 2
    ]


def _claims(
    ids: Sequence[str], sentences: dict[str, tuple[Sentence, ...]], pairs: Sequence[SentencePair]
) -> tuple[Claim, ...]:
    """Join aligned pairs into claims, strongest first, never two sentences of one article."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    members: dict[tuple[str, int], set[str]] = {}
    for article_id in ids:
        for s in sentences[article_id]:
            node = (article_id, s.index)
            parent[node] = node
            members[node] = {article_id}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    strength = {"verbatim": 3, "lexical": 2, "reuse": 1, "anchored": 0}
    for pair in sorted(pairs, key=lambda p: (strength[p.evidence], p.score), reverse=True):
        a = root((pair.left.article_id, pair.left.index))
        b = root((pair.right.article_id, pair.right.index))
        if a == b or members[a] & members[b]:
            continue
        parent[b] = a
        members[a] |= members.pop(b)

    groups: dict[tuple[str, int], list[Sentence]] = {}
    for article_id in ids:
        for s in sentences[article_id]:
            groups.setdefault(root((article_id, s.index)), []).append(s)
    claims = []
    for n, group in enumerate(groups.values()):
        if len(group) == 1:
            kind: Literal["verbatim", "edited", "single"] = "single"
        else:
            same = all(is_verbatim(group[0].text, s.text) for s in group[1:])
            kind = "verbatim" if same else "edited"
        claims.append(Claim(id=n, sentences=tuple(group), kind=kind))
    return tuple(claims)


__all__ = [
    "FEATURE_NAMES",
    "Claim",
    "Sentence",
    "SentencePair",
    "StoryAlignment",
    "align_pair",
    "align_story",
    "article_sentences",
    "edited_probability",
    "is_verbatim",
    "sentence_features",
]
