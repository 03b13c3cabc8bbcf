"""Word n-gram hashes and their content-defined seed sample, vectorized over a batch of texts.

Texts are folded (case, curly quotes, dashes, punctuation) the same way for every outlet,
cut into word tokens on byte classes, and each token is hashed with a polynomial hash over
its bytes computed from prefix sums, so a batch of thousands of articles costs a few dozen
numpy calls instead of one Python call per word. Hashes are stable across processes and
machines, which the persisted index needs (Python's own `hash` of str is salted per run).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]

_BASE = 0x100000001B3  # the FNV-1 64-bit prime: odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)

# Typographic variants outlets disagree on become separators (str.replace on the joined
# batch is far faster than str.translate with a table).
_FOLD = ("\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u00a0")

# Byte classes: ASCII letters and digits and every non-ASCII byte (letters of other
# scripts) make words; everything else separates them.
_WORD_BYTE = np.zeros(256, dtype=bool)
for _c in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
    _WORD_BYTE[_c] = True
_WORD_BYTE[128:] = True
_LOWER = np.arange(256, dtype=np.uint64)
_LOWER[65:91] += 32


def fold_text(text: str) -> str:
    """The text as the tokenizer sees it: typographic quotes, dashes and hard spaces as spaces."""
    for mark in _FOLD:
        text = text.replace(mark, " ")
    return text


def _powers(n: int, base: int) -> U64:
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    out = np.full(n, base, dtype=np.uint64)
    out[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(out, dtype=np.uint64)


_POW_CACHE: dict[str, U64] = {}


def _cached_powers(n: int) -> tuple[U64, U64]:
    forward = _POW_CACHE.get("f")
    if forward is None or len(forward) < n:
        size = max(2 * n, 1 << 20)
        _POW_CACHE["f"] = _powers(size, _BASE)
        _POW_CACHE["i"] = _powers(size, _BASE_INVERSE)
    return _POW_CACHE["f"][:n], _POW_CACHE["i"][:n]


def mix64(values: U64) -> U64:
    """The splitmix64 finalizer: spreads polynomial hashes over all 64 bits."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def token_hashes(texts: Sequence[str]) -> tuple[U64, npt.NDArray[np.int64]]:
    """Hash every word: (hashes, offsets); text i's words are offsets[i]:offsets[i+1]."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):  # a NUL inside a text: blank it
        joined = "\x00".join(t.replace("\x00", " ") for t in texts)
    data = np.frombuffer((fold_text(joined) + "\x00").encode("utf-8"), dtype=np.uint8)
    is_word = _WORD_BYTE[data]
    edges = np.diff(is_word.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    forward, inverse = _cached_powers(len(data) + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(data) + 1, dtype=np.uint64)
        np.cumsum(_LOWER[data] * forward[: len(data)], dtype=np.uint64, out=prefix[1:])
        hashes = mix64((prefix[ends] - prefix[starts]) * inverse[starts])
    # Text i ends at the i-th NUL: its words are those starting before it.
    boundaries = np.flatnonzero(data == 0)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    offsets[1:] = np.searchsorted(starts, boundaries)
    return hashes, offsets


def ngram_hashes(tokens: U64, words: int) -> U64:
    """Hash of each run of `words` consecutive tokens (order-sensitive)."""
    if len(tokens) < words:
        return np.zeros(0, dtype=np.uint64)
    count = len(tokens) - words + 1
    with np.errstate(over="ignore"):
        acc = np.zeros(count, dtype=np.uint64)
        for j in range(words):
            acc = acc * np.uint64(_BASE) + tokens[j : j + count]
    return mix64(acc)


def paragraph_keys(tokens: U64, offsets: npt.NDArray[np.int64]) -> U64:
    """One order-sensitive key per text from its token hashes (equal for equal wording)."""
    if len(tokens) == 0:
        return np.zeros(len(offsets) - 1, dtype=np.uint64)
    position = np.arange(len(tokens), dtype=np.uint64) - np.repeat(
        offsets[:-1].astype(np.uint64), np.diff(offsets)
    )
    with np.errstate(over="ignore"):
        mixed = mix64(tokens + position * np.uint64(_BASE))
        sums = np.add.reduceat(mixed, np.minimum(offsets[:-1], len(tokens) - 1))
    sums[np.diff(offsets) == 0] = 0
    return mix64(sums)


def article_features(
    bodies: Sequence[Sequence[str]], words: int, sample: int
) -> tuple[U64, npt.NDArray[np.int64], U64, npt.NDArray[np.int64]]:
    """Seeds and paragraph keys of a batch of articles given as their paragraphs.

    Returns (seeds, seed owner, paragraph keys, paragraph owner); owners index `bodies`.
    A seed is a distinct word n-gram hash that is 0 modulo `sample`, so two articles
    sharing the n-gram both keep it (content-defined sampling); n-grams run across
    paragraph breaks but never across articles. A phrase repeated in one article counts once.
    """
    paragraphs = [p for body in bodies for p in body]
    para_owner = np.repeat(np.arange(len(bodies), dtype=np.int64), [len(b) for b in bodies])
    tokens, para_offsets = token_hashes(paragraphs)
    keys = paragraph_keys(tokens, para_offsets)
    firsts = np.cumsum([0] + [len(b) for b in bodies])
    article_offsets = para_offsets[firsts]
    if len(tokens) < words:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), keys, para_owner
    grams = ngram_hashes(tokens, words)
    index = np.arange(len(grams))
    owner = np.searchsorted(article_offsets, index, side="right") - 1
    valid = index + words <= article_offsets[owner + 1]
    keep = valid & (grams % np.uint64(sample) == 0)
    seeds, owner = grams[keep], owner[keep]
    order = np.lexsort((seeds, owner))
    seeds, owner = seeds[order], owner[order]
    if len(seeds):
        fresh = np.ones(len(seeds), dtype=bool)
        fresh[1:] = (seeds[1:] != seeds[:-1]) | (owner[1:] != owner[:-1])
        seeds, owner = seeds[fresh], owner[fresh]
    return seeds, owner.astype(np.int64), keys, para_owner


__all__ = [
    "article_features",
    "fold_text",
    "mix64",
    "ngram_hashes",
    "paragraph_keys",
    "token_hashes",
]
