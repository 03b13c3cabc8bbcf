"""What the pages show, as plain records: the story's versions side by side, the quote ledger,
the timeline and an article with its reused passages marked.

Pure functions over records and a `Comparison`, shared by the web app and the static report,
so both pages say the same thing. Text is never turned into markup here: a marked sentence is
a tuple of `Segment`s (plain text plus what marks it), and the templates escape every segment.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsweave.compare import Claim, Comparison, Sentence
from newsweave.records import Article, Change, ReuseLink, Story

# Outlet colours: a stable slot per outlet name, so one outlet keeps its colour on every page
# (the palette in newsweave.css has this many entries).
OUTLET_COLOURS = 10

CellState = Literal["shared", "edited", "added", "solo", "omitted", "gap"]


def outlet_label(article: Article) -> str:
    """The outlet's name, or the start of the article id when the outlet is not known."""
    return article.outlet or article.id[:8]


def outlet_colour(name: str | None) -> int:
    """A palette slot (0..OUTLET_COLOURS-1) derived from the outlet name alone."""
    digest = hashlib.blake2b((name or "").casefold().encode("utf-8"), digest_size=2).digest()
    return int.from_bytes(digest, "big") % OUTLET_COLOURS


def headline(article: Article) -> str:
    """The title, or the first words of the text for articles without one."""
    if article.title:
        return article.title
    first = article.body[0] if article.body else ""
    return first if len(first) <= 90 else first[:89].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """The URL when it may be a link (http or https); hostile `javascript:` URLs never are."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and what marks it: None (plain), "change", "was", "added", "dropped",
    or "reused"; `note` is the tooltip, `detail` the change kind, `refs` source numbers."""

    text: str
    mark: str | None = None
    note: str = ""
    detail: str = ""
    refs: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Version:
    """One outlet's version of the story: a column of the side-by-side view."""

    article_id: str
    outlet: str
    colour: int
    title: str
    published: str | None
    url: str | None
    original: bool
    reference: bool


@dataclass(frozen=True, slots=True)
class Cell:
    """One version's sentence for one claim (or why it has none)."""

    article_id: str
    state: CellState
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One claim across every version."""

    claim: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Carrier:
    article_id: str
    outlet: str
    colour: int
    carriage: str  # verbatim or paraphrased
    text: str


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One statement in the quote ledger and the versions carrying it."""

    speaker: str
    text: str
    kind: str
    carriers: tuple[Carrier, ...]
    shared: bool


@dataclass(frozen=True, slots=True)
class Credited:
    """A summary sentence with the outlets that carry it."""

    text: str
    outlets: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class TimelineItem:
    article_id: str
    outlet: str
    colour: int
    published: str | None
    title: str
    added: tuple[str, ...]
    carried: int


@dataclass(frozen=True, slots=True)
class ChangeItem:
    kind: str
    before: str
    after: str
    outlet_before: str
    outlet_after: str
    colour_after: int


@dataclass(frozen=True, slots=True)
class StoryPage:
    """Everything the story page shows."""

    story: Story
    title: str
    versions: tuple[Version, ...]
    rows: tuple[Row, ...]
    summary: tuple[Credited, ...]
    timeline: tuple[TimelineItem, ...]
    ledger: tuple[LedgerRow, ...]
    changes: tuple[ChangeItem, ...]
    counts: dict[str, int]


def story_page(story: Story, comparison: Comparison) -> StoryPage:
    """The story page's content from the story record and its comparison."""
    articles = {a.id: a for a in comparison.articles}
    label = {i: outlet_label(a) for i, a in articles.items()}
    colour = {i: outlet_colour(a.outlet or a.id) for i, a in articles.items()}
    order = _column_order(comparison)
    versions = tuple(
        Version(
            article_id=i,
            outlet=label[i],
            colour=colour[i],
            title=headline(articles[i]),
            published=articles[i].published,
            url=safe_url(articles[i].url),
            original=i == comparison.original_id,
            reference=i == comparison.reference_id,
        )
        for i in order
    )
    rows = side_by_side(comparison, order)
    counts: dict[str, int] = {}
    for row in rows:
        for cell in row.cells:
            counts[cell.state] = counts.get(cell.state, 0) + 1
            for segment in cell.segments:
                if segment.mark == "change":
                    counts["changed"] = counts.get("changed", 0) + 1
    return StoryPage(
        story=story,
        title=story.label or (versions[0].title if versions else story.id),
        versions=versions,
        rows=rows,
        summary=tuple(
            Credited(s.text, tuple((label[i], colour[i]) for i in _known(s.article_ids, label)))
            for s in comparison.summary
        ),
        timeline=tuple(
            TimelineItem(
                article_id=t.article_id,
                outlet=label.get(t.article_id, t.article_id[:8]),
                colour=colour.get(t.article_id, 0),
                published=t.published,
                title=headline(articles[t.article_id]) if t.article_id in articles else "",
                added=tuple(s.text for s in t.added),
                carried=t.carried,
            )
            for t in comparison.timeline
        ),
        ledger=quote_ledger_rows(comparison.quotes, label, colour),
        changes=tuple(
            ChangeItem(
                kind=c.kind,
                before=c.before,
                after=c.after,
                outlet_before=label.get(c.article_before, c.article_before[:8]),
                outlet_after=label.get(c.article_after, c.article_after[:8]),
                colour_after=colour.get(c.article_after, 0),
            )
            for c in comparison.changes
        ),
        counts=counts,
    )


def _known(ids: Iterable[str], label: dict[str, str]) -> list[str]:
    return [i for i in dict.fromkeys(ids) if i in label]


def _column_order(comparison: Comparison) -> list[str]:
    """The reference version first, then the others by publication date."""
    ids = [a.id for a in comparison.articles]
    dated = {t.article_id: n for n, t in enumerate(comparison.timeline)}
    ids.sort(key=lambda i: (i != comparison.reference_id, dated.get(i, len(dated)), i))
    return ids


def row_order(claims: Sequence[Claim], columns: Sequence[str]) -> list[Claim]:
    """Claims in reading order: the first column's sentence order, and each other version's
    own sentences slotted in after the last claim it shares with the versions before it
    (before its first shared claim when they open the article; at the end when it shares
    none, as an independent follow-up does)."""
    rows: list[Claim] = []
    ids: list[int] = []  # claim ids in row order, for cheap position look-ups
    for article_id in columns:
        carried = sorted(
            (c for c in claims if c.sentence_in(article_id) is not None),
            key=lambda c: _index_in(c, article_id),
        )
        shared = [ids.index(c.id) for c in carried if c.id in ids]
        last = (min(shared) - 1) if shared else len(rows) - 1
        for claim in carried:
            if claim.id in ids:
                last = max(last, ids.index(claim.id))
                continue
            rows.insert(last + 1, claim)
            ids.insert(last + 1, claim.id)
            last += 1
    return rows


def _index_in(claim: Claim, article_id: str) -> int:
    sentence = claim.sentence_in(article_id)
    return sentence.index if sentence is not None else -1


def side_by_side(comparison: Comparison, columns: Sequence[str]) -> tuple[Row, ...]:
    """Rows of aligned sentences with their state and inline marks of changed details."""
    claims = list(comparison.alignments.claims)
    covered = {(s.article_id, s.index) for c in claims for s in c.sentences}
    next_id = max((c.id for c in claims), default=-1) + 1
    for sentences in comparison.alignments.sentences.values():
        for s in sentences:  # sentences the aligner left out still belong on the page
            if (s.article_id, s.index) not in covered:
                claims.append(Claim(next_id, (s,), "single"))
                next_id += 1
    added = {(s.article_id, s.index) for d in comparison.additions for s in d.sentences}
    omitted_by: dict[tuple[str, int], set[str]] = {}
    for diff in comparison.omissions:
        for s in diff.sentences:
            omitted_by.setdefault((s.article_id, s.index), set()).add(diff.article_id)
    marks = _change_marks(claims, comparison.changes, comparison.articles)
    reference = columns[0] if columns else None
    rows = []
    for claim in row_order(claims, columns):
        lacking: set[str] = set()
        for s in claim.sentences:
            lacking |= omitted_by.get((s.article_id, s.index), set())
        cells = []
        for article_id in columns:
            sentence = claim.sentence_in(article_id)
            if sentence is None:
                # The reference version omits nothing: what it lacks, others added.
                carried_by_reference = reference is not None and claim.sentence_in(reference)
                omitted = article_id != reference and (
                    article_id in lacking or carried_by_reference
                )
                state: CellState = "omitted" if omitted else "gap"
                cells.append(Cell(article_id, state))
                continue
            if len(claim.sentences) > 1:
                state = "shared" if claim.kind == "verbatim" else "edited"
            elif article_id == reference:
                state = "solo"
            else:
                state = "added" if (article_id, sentence.index) in added else "solo"
            spans = marks.get((article_id, sentence.index), [])
            cells.append(Cell(article_id, state, segments(sentence.text, spans)))
        rows.append(Row(claim.id, tuple(cells)))
    return tuple(rows)


Span = tuple[int, int, str, str, str]  # start, end, mark, note, detail (offsets in a sentence)


def _change_marks(
    claims: Sequence[Claim], changes: Sequence[Change], articles: Sequence[Article]
) -> dict[tuple[str, int], list[Span]]:
    """Where each changed detail sits: in the later version's sentence and in the earlier's."""
    label = {a.id: outlet_label(a) for a in articles}
    marks: dict[tuple[str, int], list[Span]] = {}
    for change in changes:
        for claim in claims:
            before = claim.sentence_in(change.article_before)
            after = claim.sentence_in(change.article_after)
            if before is None and after is None:
                continue
            placed = _place_change(change, before, after, label)
            if placed:
                for key, span in placed:
                    marks.setdefault(key, []).append(span)
                break
    return marks


def _place_change(
    change: Change, before: Sentence | None, after: Sentence | None, label: dict[str, str]
) -> list[tuple[tuple[str, int], Span]]:
    was = label.get(change.article_before, change.article_before[:8])
    now = label.get(change.article_after, change.article_after[:8])
    out: list[tuple[tuple[str, int], Span]] = []
    if change.kind == "added":
        at = after.text.find(change.after) if after and change.after else -1
        if after is None or at < 0 or before is None:
            return []
        note = f"added by {now}; not in {was}"
        return [((after.article_id, after.index), (at, at + len(change.after), "added", note, ""))]
    if change.kind == "dropped":
        at = before.text.find(change.before) if before and change.before else -1
        if before is None or at < 0 or after is None:
            return []
        note = f"left out by {now}"
        end = at + len(change.before)
        return [((before.article_id, before.index), (at, end, "dropped", note, ""))]
    if before is None or after is None or not change.before or not change.after:
        return []
    at_after, at_before = after.text.find(change.after), before.text.find(change.before)
    if at_after < 0 or at_before < 0:
        return []
    note = f"{change.kind}: {was} has “{change.before}”"
    end = at_after + len(change.after)
    out.append(((after.article_id, after.index), (at_after, end, "change", note, change.kind)))
    note = f"{change.kind}: {now} has “{change.after}”"
    end = at_before + len(change.before)
    out.append(((before.article_id, before.index), (at_before, end, "was", note, change.kind)))
    return out


def segments(text: str, spans: Sequence[Span]) -> tuple[Segment, ...]:
    """The text cut at marked spans; a span overlapping one already kept is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = span[0], span[1]
        if 0 <= start < end <= len(text) and all(end <= k[0] or start >= k[1] for k in kept):
            kept.append(span)
    kept.sort()
    out: list[Segment] = []
    position = 0
    for start, end, mark, note, detail in kept:
        if start > position:
            out.append(Segment(text[position:start]))
        out.append(Segment(text[start:end], mark, note, detail))
        position = end
    if position < len(text) or not out:
        out.append(Segment(text[position:]))
    return tuple(out)


def quote_ledger_rows(
    entries: Sequence[Any], label: dict[str, str], colour: dict[str, int]
) -> tuple[LedgerRow, ...]:
    """Ledger entries (speaker, text, carriers) as table rows, shared statements first."""
    rows = []
    for entry in entries:
        carriers = tuple(
            Carrier(
                article_id=article_id,
                outlet=label.get(article_id, outlet or article_id[:8]),
                colour=colour.get(article_id, outlet_colour(outlet)),
                carriage=carriage,
                text=text,
            )
            for article_id, outlet, carriage, text in entry.carriers
        )
        shared = len({c.article_id for c in carriers}) > 1
        rows.append(LedgerRow(entry.speaker or "unknown", entry.text, entry.kind, carriers, shared))
    rows.sort(key=lambda r: not r.shared)  # stable: narrative order within each group
    return tuple(rows)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """One link in an article's reuse list: the other article and how the text was shared."""

    number: int
    article_id: str
    outlet: str
    colour: int
    title: str
    relation: str
    share: float  # share of this article's text found in the other
    direction: Literal["source", "derivative"]
    decided: bool  # the reuse stage decided which is the original


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """Everything the article page shows."""

    article: Article
    outlet: str
    colour: int
    title: str
    url: str | None
    paragraphs: tuple[tuple[Segment, ...], ...]
    refs: tuple[SourceRef, ...]
    original: str | None
    evidence: tuple[str, ...]
    story_id: str | None


def article_page(
    article: Article,
    links: Sequence[ReuseLink],
    others: dict[str, Article],
    original: str | None = None,
    evidence: Sequence[str] = (),
    story_id: str | None = None,
) -> ArticlePage:
    """The article's text with each passage it shares with another article marked and
    numbered; `others` holds the articles at the other end of `links`."""
    refs: list[SourceRef] = []
    spans: list[tuple[int, int, int]] = []  # start, end, ref number
    ordered = sorted(links, key=lambda lk: (lk.target_id != article.id, lk.relation))
    for link in ordered:
        is_target = link.target_id == article.id
        other_id = link.source_id if is_target else link.target_id
        other = others.get(other_id)
        number = len(refs) + 1
        refs.append(
            SourceRef(
                number=number,
                article_id=other_id,
                outlet=outlet_label(other) if other else other_id[:8],
                colour=outlet_colour((other.outlet or other.id) if other else other_id),
                title=headline(other) if other else "",
                relation=link.relation,
                share=(
                    link.containment_target_in_source
                    if is_target
                    else link.containment_source_in_target
                ),
                direction="source" if is_target else "derivative",
                decided=link.original == "source",
            )
        )
        for p in link.passages:
            start, end = (
                (p.target_start, p.target_end) if is_target else (p.source_start, p.source_end)
            )
            spans.append((start, end, number))
    paragraphs = tuple(
        _reused_segments(article.text, start, end, spans)
        for start, end in article.paragraph_spans()
    )
    return ArticlePage(
        article=article,
        outlet=outlet_label(article),
        colour=outlet_colour(article.outlet or article.id),
        title=headline(article),
        url=safe_url(article.url),
        paragraphs=paragraphs,
        refs=tuple(refs),
        original=original,
        evidence=tuple(evidence),
        story_id=story_id,
    )


def _reused_segments(
    text: str, start: int, end: int, spans: Sequence[tuple[int, int, int]]
) -> tuple[Segment, ...]:
    """One paragraph cut where reused passages start and end; a segment names every source."""
    inside = [(max(s, start), min(e, end), n) for s, e, n in spans if s < end and e > start]
    cuts = sorted({start, end, *(s for s, _, _ in inside), *(e for _, e, _ in inside)})
    out: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        refs = tuple(sorted({n for s, e, n in inside if s <= left and e >= right}))
        piece = text[left:right]
        if refs:
            note = "shared with " + ", ".join(f"[{n}]" for n in refs)
            out.append(Segment(piece, "reused", note, "", refs))
        elif out and out[-1].mark is None:
            out[-1] = Segment(out[-1].text + piece)
        else:
            out.append(Segment(piece))
    return tuple(out) or (Segment(text[start:end]),)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the stories list."""

    story: Story
    title: str
    articles: int
    outlets: tuple[tuple[str, int], ...]


def story_rows(stories: Iterable[Story], headlines: dict[str, str] | None = None) -> list[StoryRow]:
    """Stories as list rows; `headlines` (story id -> a member's headline) titles the
    stories that have no label, such as a pair of untitled wire texts."""
    headlines = headlines or {}
    return [
        StoryRow(
            story=s,
            title=s.label or headlines.get(s.id) or f"Story {s.id[:8]}",
            articles=len(s.members),
            outlets=tuple((o, outlet_colour(o)) for o in s.outlets),
        )
        for s in stories
    ]


__all__ = [
    "OUTLET_COLOURS",
    "ArticlePage",
    "Carrier",
    "Cell",
    "ChangeItem",
    "Credited",
    "LedgerRow",
    "Row",
    "Segment",
    "SourceRef",
    "StoryPage",
    "StoryRow",
    "TimelineItem",
    "Version",
    "article_page",
    "headline",
    "outlet_colour",
    "outlet_label",
    "quote_ledger_rows",
    "row_order",
    "safe_url",
    "segments",
    "side_by_side",
    "story_page",
    "story_rows",
]
