"""The records every stage speaks.

Small slotted dataclasses, immutable, made of plain values (str, float, tuples) so they
serialise to JSON, SQLite rows, Parquet and Spark rows without adapters. Character offsets
always index `Article.text`, the body paragraphs joined by a blank line.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, Literal

PARAGRAPH_SEPARATOR = "\n\n"


def normalize_text(text: str) -> str:
    """Fold the differences that do not make two texts different articles.

    Unicode compatibility forms, case and runs of white space: a re-exported or re-encoded
    copy of an article must hash the same as the original.
    """
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def content_hash(*parts: str | None) -> str:
    """A 64-bit hex digest of the normalized parts; collisions are negligible below 10^9 rows."""
    joined = "\x1f".join(normalize_text(p or "") for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as an outlet published it.

    `id` is the content hash of outlet, title and body (see `article_id`): the same article
    ingested twice is one row, while the same wire text carried by two outlets is two
    articles, which the reuse stage links as duplicates. Parts that are not running text
    (captions, bullet summaries, subheads, agency tags) are kept apart from `body` so that
    later stages never treat a photo credit as a sentence.
    """

    id: str
    body: tuple[str, ...]
    outlet: str | None = None
    bylines: tuple[str, ...] = ()
    dateline: str | None = None
    published: str | None = None  # ISO 8601: a date ("2025-03-14") or a date-time with offset
    title: str | None = None
    url: str | None = None
    language: str | None = None
    captions: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    subheads: tuple[str, ...] = ()
    agency_tags: tuple[str, ...] = ()
    source: str | None = None  # where it came from: "path" or "path#record"
    format: str | None = None  # text, jsonl, html, feed, warc

    @property
    def text(self) -> str:
        """The body as one string; every offset in the other records indexes this."""
        return PARAGRAPH_SEPARATOR.join(self.body)

    @property
    def text_hash(self) -> str:
        """Hash of the body alone: equal for verbatim copies across outlets."""
        return content_hash(self.text)

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each body paragraph in `text`."""
        spans, start = [], 0
        for paragraph in self.body:
            spans.append((start, start + len(paragraph)))
            start += len(paragraph) + len(PARAGRAPH_SEPARATOR)
        return spans


def article_id(outlet: str | None, title: str | None, body: tuple[str, ...] | list[str]) -> str:
    """The content hash that identifies an article."""
    return content_hash(outlet, title, PARAGRAPH_SEPARATOR.join(body))


def make_article(body: list[str] | tuple[str, ...], **metadata: Any) -> Article:
    """Build an Article with its id computed from its content; tuples for list fields."""
    for name in ("bylines", "captions", "bullets", "subheads", "agency_tags"):
        if name in metadata and metadata[name] is not None:
            metadata[name] = tuple(metadata[name])
        elif name in metadata:
            metadata[name] = ()
    paragraphs = tuple(p for p in body if p and p.strip())
    ident = article_id(metadata.get("outlet"), metadata.get("title"), paragraphs)
    return Article(id=ident, body=paragraphs, **metadata)


@dataclass(frozen=True, slots=True)
class Skip:
    """One input record that was not ingested, and why; counted in the run's summary."""

    path: str
    record: str | None  # line number, entry index, WARC record id; None for the whole file
    reason: str

    def __str__(self) -> str:
        where = f"{self.path} {self.record}" if self.record else self.path
        return f"{where}: {self.reason}; skipped"


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of one article's text: a sentence window used for reuse candidate search."""

    article_id: str
    start: int
    end: int
    text: str


AlignmentKind = Literal["verbatim", "edited"]


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """Two spans, one in each article of a reuse link, that carry the same text."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    similarity: float  # 0..1, character-level
    kind: AlignmentKind


Relation = Literal["duplicate", "reprint", "rewrite", "quotes-only"]


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """Text shared between two articles; `source` is the likely original when one is known.

    When the original cannot be decided, `original` is "unknown" and source/target are in
    publication (then id) order.
    """

    source_id: str
    target_id: str
    relation: Relation
    containment_source_in_target: float  # share of source's text found in target
    containment_target_in_source: float  # share of target's text found in source
    passages: tuple[AlignedPassage, ...] = ()
    original: Literal["source", "unknown"] = "unknown"
    evidence: tuple[
        str, ...
    ] = ()  # what decided the original: "earlier date", "agency byline", ...


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article's place in a story and how confidently it joined."""

    article_id: str
    score: float  # join probability; 1.0 for the article that opened the story


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event as reported by many outlets over time."""

    id: str
    members: tuple[StoryMember, ...]
    label: str = ""
    first_seen: str | None = None
    last_seen: str | None = None
    outlets: tuple[str, ...] = ()
    key_terms: tuple[str, ...] = ()

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(m.article_id for m in self.members)


@dataclass(frozen=True, slots=True)
class Quote:
    """Speech attributed to a named speaker in one article."""

    article_id: str
    text: str
    start: int
    end: int
    speaker: str | None
    cue: str | None = None
    kind: Literal["direct", "indirect", "mixed"] = "direct"


@dataclass(frozen=True, slots=True)
class Change:
    """A detail that differs between two aligned sentences of two versions of a story."""

    kind: Literal["number", "date", "entity", "hedge", "wording", "added", "dropped"]
    before: str
    after: str
    article_before: str
    article_after: str
    outlet_before: str | None = None
    outlet_after: str | None = None


def to_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready values (tuples become lists, nested records dicts)."""

    def plain(value: Any) -> Any:
        if hasattr(value, "__dataclass_fields__"):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value

    result: dict[str, Any] = plain(record)
    return result


__all__ = [
    "PARAGRAPH_SEPARATOR",
    "AlignedPassage",
    "Article",
    "Change",
    "Passage",
    "Quote",
    "Relation",
    "ReuseLink",
    "Skip",
    "Story",
    "StoryMember",
    "article_id",
    "content_hash",
    "make_article",
    "normalize_text",
    "to_dict",
]
