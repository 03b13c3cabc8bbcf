"""Compare the versions of one story: what they share, add, drop and change, and who says what.

compare_articles(articles, links)
├── align_story       sentences aligned across versions, joined into claims
├── shared_core       claims most versions carry
├── additions         per version, what it carries that the original (or the rest) lacks
├── omissions         per version, what the original (or most others) carry and it lacks
├── changed_details   numbers, dates, names, hedges, clauses changed inside aligned sentences
├── quote_ledger      who is quoted saying what, and which versions carry it
├── story_summary     3-6 central, non-redundant shared sentences, credited to versions
└── story_timeline    versions by time, with what each added
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsweave.compare.align import (
    Claim,
    Sentence,
    SentencePair,
    StoryAlignment,
    align_story,
    article_sentences,
    edited_probability,
    is_verbatim,
)
from newsweave.compare.coverage import (
    CoverageDiff,
    additions,
    omissions,
    representative,
    shared_core,
    version_order,
    wire_original,
)
from newsweave.compare.details import Detail, as_changes, changed_details, detail_changes
from newsweave.compare.settings import CompareSettings
from newsweave.compare.summary import SummarySentence, story_summary
from newsweave.compare.timeline import TimelineEntry, story_timeline
from newsweave.records import Article, Change, ReuseLink, to_dict


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything compare found about one set of versions; `to_dict()` is the JSON shape."""

    articles: tuple[Article, ...]
    reference_id: str | None  # the version details are read from: the original if known
    original_id: str | None  # the original the reuse stage found, if any
    shared: tuple[Claim, ...]
    additions: tuple[CoverageDiff, ...]
    omissions: tuple[CoverageDiff, ...]
    changes: tuple[Change, ...]
    quotes: tuple[Any, ...]  # newsweave.compare.ledger.LedgerEntry
    summary: tuple[SummarySentence, ...]
    timeline: tuple[TimelineEntry, ...]
    alignments: StoryAlignment

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values: the `--json` output of `newsweave compare`."""
        order = [self.reference_id] if self.reference_id else []
        return {
            "articles": [
                {"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published}
                for a in self.articles
            ],
            "reference": self.reference_id,
            "original": self.original_id,
            "shared": [_claim_dict(c, order) for c in self.shared],
            "additions": [_coverage_dict(d) for d in self.additions],
            "omissions": [_coverage_dict(d) for d in self.omissions],
            "changes": [to_dict(c) for c in self.changes],
            "quotes": [to_dict(q) for q in self.quotes],
            "summary": [to_dict(s) for s in self.summary],
            "timeline": [
                {
                    "article_id": t.article_id,
                    "outlet": t.outlet,
                    "published": t.published,
                    "title": t.title,
                    "added": [_sentence_dict(s) for s in t.added],
                    "carried": t.carried,
                }
                for t in self.timeline
            ],
            "alignments": [_pair_dict(p) for p in self.alignments.pairs],
        }


def compare_articles(
    articles: Sequence[Article],
    links: Sequence[ReuseLink] = (),
    settings: CompareSettings = CompareSettings(),
    nlp: Any | None = None,
    readings: MutableMapping[str, bytes] | None = None,
) -> Comparison:
    """Compare the versions of one story (any set of articles); `links` seed the alignment.
    With `nlp` (a spaCy pipeline, `ner.nlp_for`), the quote ledger reads names and the
    parse: better speakers and reported speech, at about 60 ms an article; `readings` holds
    articles read before (`quotes.extract_quotes_many`) and gains the new ones."""
    from newsweave.compare.ledger import quote_ledger
    from newsweave.compare.quotes import extract_quotes_many

    articles = list({a.id: a for a in articles}.values())
    quotes = extract_quotes_many(articles, nlp=nlp, readings=readings)
    alignment = align_story(articles, links, settings)
    original = wire_original(articles, links)
    order = version_order(articles, alignment, links)
    return Comparison(
        articles=tuple(articles),
        reference_id=order[0] if order else None,
        original_id=original,
        shared=shared_core(alignment, settings),
        additions=additions(alignment, original, settings),
        omissions=omissions(alignment, original, order, settings),
        changes=story_changes(alignment, order, settings),
        quotes=tuple(quote_ledger(articles, quotes)),
        summary=story_summary(alignment, order, settings),
        timeline=story_timeline(articles, alignment),
        alignments=alignment,
    )


def story_changes(
    alignment: StoryAlignment, order: Sequence[str], settings: CompareSettings = CompareSettings()
) -> tuple[Change, ...]:
    """Changed details of every version against the earliest version (in `order`) of each claim."""
    cache: dict[tuple[str, str], list[Detail]] = {}
    changes: list[Change] = []
    for claim in alignment.claims:
        if len(claim.sentences) < 2 or claim.kind == "verbatim":
            continue
        before = representative(claim, order)
        for after in claim.sentences:
            if after is before or is_verbatim(before.text, after.text):
                continue
            key = (before.text, after.text)
            if key not in cache:
                cache[key] = detail_changes(before.text, after.text, settings)
            changes.extend(as_changes(cache[key], before, after))
    rank = {a: n for n, a in enumerate(order)}
    changes.sort(key=lambda c: rank.get(c.article_after, len(rank)))
    return tuple(changes)


def _sentence_dict(s: Sentence) -> dict[str, Any]:
    return {
        "article_id": s.article_id,
        "outlet": s.outlet,
        "index": s.index,
        "paragraph": s.paragraph,
        "start": s.start,
        "end": s.end,
        "text": s.text,
    }


def _claim_dict(claim: Claim, order: Sequence[str]) -> dict[str, Any]:
    return {
        "claim": claim.id,
        "kind": claim.kind,
        "text": representative(claim, order).text,
        "articles": list(claim.article_ids),
        "outlets": list(dict.fromkeys(s.outlet for s in claim.sentences if s.outlet)),
        "sentences": [_sentence_dict(s) for s in claim.sentences],
    }


def _coverage_dict(diff: CoverageDiff) -> dict[str, Any]:
    return {
        "article_id": diff.article_id,
        "outlet": diff.outlet,
        "relative_to": diff.relative_to,
        "sentences": [_sentence_dict(s) for s in diff.sentences],
    }


def _pair_dict(pair: SentencePair) -> dict[str, Any]:
    return {
        "left": {"article_id": pair.left.article_id, "index": pair.left.index},
        "right": {"article_id": pair.right.article_id, "index": pair.right.index},
        "kind": pair.kind,
        "score": round(pair.score, 4),
        "evidence": pair.evidence,
    }


__all__ = [
    "Claim",
    "CompareSettings",
    "Comparison",
    "CoverageDiff",
    "Detail",
    "Sentence",
    "SentencePair",
    "StoryAlignment",
    "SummarySentence",
    "TimelineEntry",
    "align_story",
    "article_sentences",
    "changed_details",
    "compare_articles",
    "detail_changes",
    "edited_probability",
    "story_changes",
    "story_summary",
    "story_timeline",
]
