"""Word n-gram hashes and their content-defined seed sample, vectorized over a batch of texts.

Texts are folded (case, curly quotes, dashes, punctuation) the same way for every outlet,
cut into word tokens on byte classes, and each token is hashed with a polynomial hash over
its bytes computed from prefix sums, so a batch of thousands of articles costs a few dozen
numpy calls instead of one Python call per word. Hashes are stable across processes and
machines, which the persisted index needs (Python's own `hash` of str is salted per run).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

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
        # Segment sums as differences of a running sum (modulo 2**64), so empty texts
        # anywhere in the batch cost nothing and cut nothing from their neighbours.
        running = np.zeros(len(tokens) + 1, dtype=np.uint64)
        np.cumsum(mixed, dtype=np.uint64, out=running[1:])
        sums = running[offsets[1:]] - running[offsets[:-1]]
    sums[np.diff(offsets) == 0] = 0
    return mix64(sums)


@dataclass(frozen=True, slots=True)
class BatchFeatures:
    """What the index keeps of a batch of articles, as parallel numpy arrays.

    Owners index the batch. `text_keys` is one key per article over all its words in order
    (equal for texts that differ only in case, punctuation or paragraph breaks; 0 for an
    article without words).
    """

    seeds: U64
    seed_owner: I64
    paragraph_keys: U64
    paragraph_owner: I64
    text_keys: U64


def batch_features(bodies: Sequence[Sequence[str]], words: int, sample: int) -> BatchFeatures:
    """Seeds, paragraph keys and text keys of a batch of articles given as their paragraphs.

    A seed is a distinct word n-gram hash that is 0 modulo `sample`, so two articles
    sharing the n-gram both keep it (content-defined sampling); n-grams run across
    paragraph breaks but never across articles. A phrase repeated in one article counts once.
    """
    counts = np.fromiter((len(b) for b in bodies), dtype=np.int64, count=len(bodies))
    paragraphs = [p for body in bodies for p in body]
    para_owner = np.repeat(np.arange(len(bodies), dtype=np.int64), counts)
    tokens, para_offsets = token_hashes(paragraphs)
    keys = paragraph_keys(tokens, para_offsets)
    firsts = np.zeros(len(bodies) + 1, dtype=np.int64)
    np.cumsum(counts, out=firsts[1:])
    article_offsets = para_offsets[firsts]
    text_keys = paragraph_keys(tokens, article_offsets)
    text_keys[np.diff(article_offsets) == 0] = 0
    if len(tokens) < words:
        empty = np.zeros(0, dtype=np.uint64)
        return BatchFeatures(empty, np.zeros(0, dtype=np.int64), keys, para_owner, text_keys)
    grams = ngram_hashes(tokens, words)
    # n-gram k starts at token k; it belongs to the article holding token k and is kept
    # when it also ends inside that article.
    index = np.flatnonzero(grams % np.uint64(sample) == 0)
    owner = np.searchsorted(article_offsets, index, side="right") - 1
    valid = index + words <= article_offsets[owner + 1]
    seeds, owner = grams[index[valid]], owner[valid]
    # One distinct (seed, owner) each: a single sort of a 64-bit key mixing both is
    # several times faster than sorting by two keys (collisions are 2**-64 events).
    key = seeds ^ mix64(owner.astype(np.uint64) + np.uint64(1))
    order = np.argsort(key)
    key = key[order]
    fresh = np.ones(len(key), dtype=bool)
    fresh[1:] = key[1:] != key[:-1]
    order = np.sort(order[fresh])  # back in text order: owners ascend
    seeds, owner = seeds[order], owner[order]
    return BatchFeatures(seeds, owner, keys, para_owner, text_keys)


def article_features(
    bodies: Sequence[Sequence[str]], words: int, sample: int
) -> tuple[U64, I64, U64, I64]:
    """(seeds, seed owner, paragraph keys, paragraph owner) of `batch_features`."""
    found = batch_features(bodies, words, sample)
    return found.seeds, found.seed_owner, found.paragraph_keys, found.paragraph_owner


__all__ = [
    "BatchFeatures",
    "article_features",
    "batch_features",
    "fold_text",
    "mix64",
    "ngram_hashes",
    "paragraph_keys",
    "token_hashes",
]
