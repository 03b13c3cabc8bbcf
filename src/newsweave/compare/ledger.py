"""The quote ledger: each thing a speaker said, and which outlets carry it, verbatim or not.

Quotes are compared sentence by sentence, because outlets cut and join quotes differently:
the wire may end a paragraph after "we certainly support it." and open the next with "But
we proceed ...", while a rewrite runs both in one paragraph. A sentence of one outlet
matches an entry when the speaker is the same person ("Putin" is "Vladimir Putin") and the
words are the same once case, quotation marks and punctuation are folded (or one contains
the other: a partial quote), which is "verbatim"; or when they are close enough by
rapidfuzz's normalized Indel ratio, which is "paraphrased". Reported speech without
quotation marks can only ever be carried "paraphrased".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

from newsweave.compare.quotes import QuoteSettings, extract_quotes
from newsweave.compare.speakers import same_speaker
from newsweave.records import Article, Quote
from newsweave.sentences import sentence_spans

Carriage = Literal["verbatim", "paraphrased"]
Carrier = tuple[str, str | None, Carriage, str]  # (article_id, outlet, carriage, text as carried)

_FOLD = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LedgerSettings:
    """How close two quotes must be to count as one.

    `paraphrase_similarity` (0-100, rapidfuzz `fuzz.ratio` on folded text) was set on the
    seed pair (../shared/data/seeds): the wire's and the rewrite's versions of Putin's
    reported position score 80-90, while different sentences of one speaker stay below 55.
    """

    paraphrase_similarity: float = 72.0
    # A partial quote counts as contained in a longer one only from this many words, so
    # that a one-word quote ("nothing") does not match every sentence holding the word.
    min_contained_words: int = 2
    include_reported: bool = True  # also ledger reported speech without quotation marks


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One statement of one speaker and every outlet's version of it."""

    speaker: str | None
    text: str  # canonical form: the first version seen, as written
    carriers: tuple[Carrier, ...]
    kind: Literal["direct", "indirect", "mixed"] = "direct"

    @property
    def outlets(self) -> tuple[str | None, ...]:
        return tuple(c[1] for c in self.carriers)

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(c[0] for c in self.carriers)


@dataclass(slots=True)
class _Unit:
    article_id: str
    outlet: str | None
    text: str
    folded: str
    speaker: str | None
    direct: bool
    kind: Literal["direct", "indirect", "mixed"]


@dataclass(slots=True)
class _Open:
    first: _Unit
    speaker: str | None
    carriers: list[Carrier] = field(default_factory=list)
    units: list[_Unit] = field(default_factory=list)


def fold_quote(text: str) -> str:
    """Text reduced to comparable words: case, quotation marks, punctuation and space folded."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    return _SPACE.sub(" ", _FOLD.sub(" ", text.replace("'", ""))).strip()


def quote_units(
    article: Article, quotes: Sequence[Quote], settings: LedgerSettings = LedgerSettings()
) -> list[_Unit]:
    """The ledger's units of one article: each sentence of a quote's content."""
    units = []
    for quote in quotes:
        if quote.kind != "direct" and not settings.include_reported:
            continue
        for start, end in sentence_spans(quote.text):
            text = quote.text[start:end].strip(" \n\"“”‘’'")
            folded = fold_quote(text)
            if folded:
                units.append(
                    _Unit(
                        article.id,
                        article.outlet,
                        text,
                        folded,
                        quote.speaker,
                        quote.kind == "direct",
                        quote.kind,
                    )
                )
    return units


def _carriage(a: _Unit, b: _Unit, settings: LedgerSettings) -> Carriage | None:
    if a.direct and b.direct:
        if a.folded == b.folded:
            return "verbatim"
        short, long = sorted((a.folded, b.folded), key=len)
        if len(short.split()) >= settings.min_contained_words and f" {short} " in f" {long} ":
            return "verbatim"
    if fuzz.ratio(a.folded, b.folded) >= settings.paraphrase_similarity:
        return "verbatim" if a.folded == b.folded else "paraphrased"
    return None


def _speakers_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return same_speaker(a, b)


def quote_ledger(
    articles: Sequence[Article],
    quotes: Mapping[str, Sequence[Quote]] | None = None,
    settings: LedgerSettings = LedgerSettings(),
) -> list[LedgerEntry]:
    """Group the quotes of a story's articles into entries, in order of first appearance.

    `quotes` maps article id to its quotes; missing articles are extracted here with the
    default `QuoteSettings` and no spaCy model. An article carries an entry at most once.
    """
    entries: list[_Open] = []
    for article in articles:
        found = quotes.get(article.id) if quotes is not None else None
        if found is None:
            found = extract_quotes(article, QuoteSettings())
        for unit in quote_units(article, found, settings):
            best: tuple[int, Carriage] | None = None
            for index, entry in enumerate(entries):
                if not _speakers_agree(unit.speaker, entry.speaker):
                    continue
                if any(u.article_id == unit.article_id for u in entry.units):
                    if any(
                        u.article_id == unit.article_id and u.folded == unit.folded
                        for u in entry.units
                    ):
                        best = (index, "verbatim")  # the same words twice in one article
                        break
                    continue
                carriage = _carriage(entry.first, unit, settings)
                if carriage is not None and (
                    best is None or (carriage == "verbatim" and best[1] != "verbatim")
                ):
                    best = (index, carriage)
                    if carriage == "verbatim":
                        break
            if best is None:
                opened = _Open(first=unit, speaker=unit.speaker)
                opened.carriers.append((unit.article_id, unit.outlet, "verbatim", unit.text))
                opened.units.append(unit)
                entries.append(opened)
                continue
            entry = entries[best[0]]
            if any(u.article_id == unit.article_id for u in entry.units):
                continue
            entry.units.append(unit)
            entry.carriers.append((unit.article_id, unit.outlet, best[1], unit.text))
            if unit.speaker and entry.speaker and len(unit.speaker) > len(entry.speaker):
                entry.speaker = unit.speaker
    return [
        LedgerEntry(
            speaker=e.speaker, text=e.first.text, carriers=tuple(e.carriers), kind=e.first.kind
        )
        for e in entries
    ]


__all__ = [
    "Carriage",
    "Carrier",
    "LedgerEntry",
    "LedgerSettings",
    "fold_quote",
    "quote_ledger",
    "quote_units",
]
