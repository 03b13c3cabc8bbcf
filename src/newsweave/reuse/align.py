"""Sentence-level alignment of two articles into aligned passages.

Each target sentence is matched to a source sentence by normalized Indel similarity
(rapidfuzz, in C), one to one and best first, so reordered paragraphs, inserted sentences,
punctuation changes and character noise cost only the sentences they touch. Consecutive
matches that are consecutive in both articles merge into one passage. Short sentences and
boilerplate paragraphs never align: they are not evidence of reuse.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from newsweave.records import AlignedPassage, Article
from newsweave.sentences import paragraph_sentence_spans

from .settings import ReuseSettings
from .shingles import fold_text

_NON_WORD = re.compile(r"[\W_]+")
_NON_WORD_CHAR = re.compile(r"[\W_]")
# ASCII letters lower-cased, digits kept, every other byte a space: `_NON_WORD_CHAR` for ASCII.
_ASCII_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)
)
_QUOTE_MARK = re.compile('[\u201c\u201d"]')


@dataclass(frozen=True, slots=True)
class SentenceUnit:
    """One sentence that may align: its span in `Article.text` and its comparison forms."""

    start: int
    end: int
    norm: str  # case-folded words joined by single spaces
    unquoted: str  # the same without the text inside quotation marks
    words: int
    quoted_share: float  # share of characters inside quotation marks


@dataclass(frozen=True, slots=True)
class SentenceMatch:
    """A target sentence aligned to a source sentence (indexes into their unit lists)."""

    target: int
    source: int
    similarity: float
    quote_driven: bool  # the two share only what is inside quotation marks


def normalize_sentence(text: str) -> str:
    """Case-folded words separated by single spaces: punctuation and quotes dropped."""
    return _NON_WORD.sub(" ", fold_text(text).casefold()).strip()


def _quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, nesting counted ("He said “not ‘a war’ of “choice””").

    Curly marks open and close by depth, a straight mark toggles; a quote left open runs to
    the paragraph end, as news style does for speech continued in the next paragraph.
    """
    spans: list[tuple[int, int]] = []
    depth, straight, start = 0, False, 0
    for mark in _QUOTE_MARK.finditer(paragraph):
        inside = depth > 0 or straight
        char = mark.group()
        if char == "\u201c":
            depth += 1
        elif char == "\u201d":
            depth = max(depth - 1, 0)
        else:
            straight = not straight
        now = depth > 0 or straight
        if now and not inside:
            start = mark.start()
        elif inside and not now:
            spans.append((start, mark.end()))
    if depth > 0 or straight:
        spans.append((start, len(paragraph)))
    return spans


def _folded(text: str) -> str | None:
    """The text case-folded with every non-word character a space, at the same offsets.

    None when case folding changes the length (a German sharp s, ligatures): then the
    sentences are normalized one by one instead.
    """
    if text.isascii():  # most English copy: one C pass over the bytes
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    folded = _NON_WORD_CHAR.sub(" ", fold_text(text).casefold())
    return folded if len(folded) == len(text) else None


def sentence_units(
    article: Article,
    settings: ReuseSettings,
    skip_paragraphs: Collection[int] = (),
) -> list[SentenceUnit]:
    """The sentences of an article that can carry reuse, in text order.

    Paragraphs whose index is in `skip_paragraphs` (boilerplate) and sentences shorter
    than `settings.min_sentence_words` words are left out. The text is folded once per
    article and each sentence's comparison form is a slice of it, as `normalize_sentence`
    would give it, without a regular-expression pass per sentence.
    """
    text = article.text
    folded = _folded(text)
    units: list[SentenceUnit] = []
    for index, (p_start, p_end) in enumerate(article.paragraph_spans()):
        if index in skip_paragraphs:
            continue
        paragraph = text[p_start:p_end]
        quotes = _quote_spans(paragraph) if _QUOTE_MARK.search(paragraph) else []
        for start, end in paragraph_sentence_spans(paragraph):
            if folded is None:
                norm = normalize_sentence(paragraph[start:end])
            else:
                norm = " ".join(folded[p_start + start : p_start + end].split())
            words = norm.count(" ") + 1 if norm else 0
            if words < settings.min_sentence_words:
                continue
            inside = 0
            pieces, cursor = [], start
            for q_start, q_end in quotes:
                lo, hi = max(q_start, start), min(q_end, end)
                if lo < hi:
                    inside += hi - lo
                    pieces.append((cursor, lo))
                    cursor = hi
            unquoted = norm
            if inside:
                pieces.append((cursor, end))
                if folded is None:
                    unquoted = normalize_sentence(" ".join(paragraph[a:b] for a, b in pieces))
                else:
                    unquoted = " ".join(
                        " ".join(folded[p_start + a : p_start + b] for a, b in pieces).split()
                    )
            units.append(
                SentenceUnit(
                    start=p_start + start,
                    end=p_start + end,
                    norm=norm,
                    unquoted=unquoted,
                    words=words,
                    quoted_share=inside / max(end - start, 1),
                )
            )
    return units


def _quote_driven(target: SentenceUnit, source: SentenceUnit, settings: ReuseSettings) -> bool:
    """True when a matched pair shares mostly quoted speech, not the reporter's own words.

    Either side may quote: an outlet quoting another's reporting ("the Times reported,
    \"...\"") shares quoted text as much as two reports of one speech do. Only a long
    attribution copied nearly word for word makes a quoted sentence evidence of reuse.
    """
    if max(target.quoted_share, source.quoted_share) < settings.quoted_share:
        return False
    rest_t, rest_s = target.unquoted, source.unquoted
    if min(len(rest_t), len(rest_s)) < 60:
        return True
    return fuzz.ratio(rest_t, rest_s) / 100 < settings.verbatim_similarity - 0.07


def match_sentences(
    source: Sequence[SentenceUnit], target: Sequence[SentenceUnit], settings: ReuseSettings
) -> list[SentenceMatch]:
    """One-to-one sentence matches at or above `settings.sentence_similarity`, best first."""
    if not source or not target:
        return []
    cutoff = settings.sentence_similarity * 100
    scores = process.cdist(
        [u.norm for u in target],
        [u.norm for u in source],
        scorer=fuzz.ratio,
        score_cutoff=cutoff,
        dtype=np.float32,
    )
    rows, cols = np.nonzero(scores >= cutoff)
    if len(rows) == 0:
        return []
    order = np.argsort(-scores[rows, cols], kind="stable")
    used_t: set[int] = set()
    used_s: set[int] = set()
    matches = []
    for k in order.tolist():
        t, s = int(rows[k]), int(cols[k])
        if t in used_t or s in used_s:
            continue
        used_t.add(t)
        used_s.add(s)
        matches.append(
            SentenceMatch(
                target=t,
                source=s,
                similarity=float(scores[t, s]) / 100,
                quote_driven=_quote_driven(target[t], source[s], settings),
            )
        )
    matches.sort(key=lambda m: m.target)
    return matches


def merge_passages(
    matches: Sequence[SentenceMatch],
    source: Sequence[SentenceUnit],
    target: Sequence[SentenceUnit],
    settings: ReuseSettings,
) -> tuple[AlignedPassage, ...]:
    """Runs of matches consecutive in both articles, as passages in target order."""
    passages: list[AlignedPassage] = []
    run: list[SentenceMatch] = []

    def close() -> None:
        if not run:
            return
        weights = [len(target[m.target].norm) for m in run]
        similarity = sum(m.similarity * w for m, w in zip(run, weights, strict=True)) / max(
            sum(weights), 1
        )
        verbatim = all(m.similarity >= settings.verbatim_similarity for m in run)
        passages.append(
            AlignedPassage(
                source_start=source[run[0].source].start,
                source_end=source[run[-1].source].end,
                target_start=target[run[0].target].start,
                target_end=target[run[-1].target].end,
                similarity=round(similarity, 4),
                kind="verbatim" if verbatim else "edited",
            )
        )
        run.clear()

    for match in matches:
        if run and not (match.target == run[-1].target + 1 and match.source == run[-1].source + 1):
            close()
        run.append(match)
    close()
    return tuple(passages)


__all__ = [
    "SentenceMatch",
    "SentenceUnit",
    "match_sentences",
    "merge_passages",
    "normalize_sentence",
    "sentence_units",
]
