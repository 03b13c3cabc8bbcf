"""Sentence spans in news text, paragraph-aware, with offsets.

A rule-based splitter tuned for English news: it does not end a sentence after titles
("Mr.", "Sen."), initials ("J."), abbreviations of months and states, or inside decimals,
and it keeps a closing quote or bracket with the sentence it closes. Offsets index the
text it was given, so every stage can map a sentence back to its article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Words that end in a full stop without ending a sentence (news style: AP, Reuters).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj pres vs etc inc ltd
    co corp jr sr st jan feb mar apr jun jul aug sep sept oct nov dec ala ariz ark
    calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev okla
    ore pa tenn tex va vt wash wis wyo u.s u.k u.n e.g i.e a.m p.m rev fr hon messrs mt ft
    dept univ approx est""".split()
)

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*[A-Z0-9]")
# '"...?" Putin said.' and '"...!" the senator added.' continue the sentence.
_ATTRIBUTION = re.compile(
    r"\s+(?:[A-Z][\w'.-]*\s+){1,4}(?:said|says|added|asked|told|wrote|replied|insisted)\b"
)
_NUMBER_ABBREVIATION = re.compile(r"\s+\d")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], stripped of surrounding space."""
    end = len(text) if end is None else end
    cursor = start
    for match in _END.finditer(text, start, end):
        if not _NEXT_START.match(text, match.end(), end):
            continue
        mark = match.group()
        if mark.startswith(".") and _is_abbreviation(text, match.start(), cursor, match.end()):
            continue
        if mark[-1] in '"”' and mark[0] in "?!" and _ATTRIBUTION.match(text, match.end(), end):
            continue
        yield from _strip(text, cursor, match.end())
        cursor = match.end()
    yield from _strip(text, cursor, end)


def paragraph_sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans that never cross a paragraph break (a blank line or a line break)."""
    for paragraph in re.finditer(r"[^\n]+", text):
        yield from sentence_spans(text, paragraph.start(), paragraph.end())


def split_sentences(text: str) -> list[str]:
    """The sentences of text, paragraph-aware."""
    return [text[s:e] for s, e in paragraph_sentence_spans(text)]


def _is_abbreviation(text: str, dot: int, floor: int, after: int) -> bool:
    word_start = dot
    while (
        word_start > floor
        and not text[word_start - 1].isspace()
        and text[word_start - 1] not in '"“('
    ):
        word_start -= 1
    word = text[word_start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    if word in ("no", "nos"):  # "No. 5", but "said no."
        return bool(_NUMBER_ABBREVIATION.match(text, after))
    return word in ABBREVIATIONS or word.replace(".", "") in ABBREVIATIONS


def _strip(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield (start, end)


__all__ = ["ABBREVIATIONS", "paragraph_sentence_spans", "sentence_spans", "split_sentences"]
