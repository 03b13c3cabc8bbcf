"""Word-level views of a sentence shared by alignment, details and summaries.

Tokens keep their offsets so a detail can be quoted back from the sentence as written;
content words are folded to a crude stem so that "proposals" and "proposal" count as one
word while "deal" and "address" do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words that carry a fact even though generic stop lists drop them: negation, modality and
# quantity words change what a sentence claims ("not complete", "may call", "several").
MEANINGFUL_FUNCTION_WORDS = frozenset(
    """not no never nor cannot none may might could would will should must few many several
    some only all most less least more much almost already still perhaps without against
    one two three four five six seven eight nine ten eleven twelve fifteen twenty forty
    fifty sixty hundred first last""".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS - MEANINGFUL_FUNCTION_WORDS) | frozenset(
    ["s", "t", "said", "says", "say", "told", "mr", "mrs", "ms"]
)

_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*|[^\w\s]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
_SUFFIXES = ("'s", "ies", "es", "s", "ing", "ed", "ly")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) for each word or punctuation mark of text."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def normalize(text: str) -> str:
    """Text with typographic quotes and dashes folded to ASCII, case folded."""
    return text.translate(_QUOTES).casefold()


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """The words of text, case folded, without punctuation: equal for verbatim copies."""
    return tuple(t for t, _, _ in tokens(normalize(text)) if t[0].isalnum())


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough to match inflections, never to match synonyms."""
    word = word.casefold().translate(_QUOTES)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def is_content(word: str) -> bool:
    """Whether a word carries content (not a stop word, not punctuation)."""
    folded = word.casefold().translate(_QUOTES)
    return folded[:1].isalnum() and folded not in STOP_WORDS


@lru_cache(maxsize=65536)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of text."""
    return frozenset(stem(w) for w in words(text) if is_content(w))


@lru_cache(maxsize=65536)
def content_sequence(text: str) -> tuple[str, ...]:
    """Stems of the content words of text in order, for order-aware overlap."""
    return tuple(stem(w) for w in words(text) if is_content(w))


__all__ = [
    "MEANINGFUL_FUNCTION_WORDS",
    "STOP_WORDS",
    "content_sequence",
    "content_stems",
    "is_content",
    "normalize",
    "stem",
    "tokens",
    "words",
]
