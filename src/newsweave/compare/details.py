"""Changed details between two aligned sentences of two versions of a story.

The two sentences are diffed word by word; nearby differing runs are joined into one
change, and each change is classed by what differs: a date, a number, a hedge (words that
qualify how sure or how strong a claim is), a named entity or title, a clause added or
dropped, or else other content words (`wording`, "deal with" -> "address"). Runs that
differ only in function words, inflection or punctuation ("which" -> "that") are not
changes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal, cast

from newsweave.compare.align import Sentence
from newsweave.compare.settings import CompareSettings
from newsweave.compare.words import STOP_WORDS, is_content, normalize, stem, tokens
from newsweave.records import Change

DetailKind = Literal["number", "date", "entity", "hedge", "added", "dropped", "wording"]

MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
DATE_WORDS = MONTHS | WEEKDAYS | frozenset("yesterday today tomorrow tonight".split())
# Words that make a date vaguer or sharper only next to a date: "early 2022", "late March".
DATE_MODIFIERS = frozenset("early mid late earlier later".split())
NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion
    dozen dozens half quarter percent per cent""".split()
)
# Hedges and intensifiers: words that qualify how certain, complete or strong a claim is
# (after Hyland 1998's hedge and booster lists, narrowed to news usage).
HEDGES = frozenset(
    """may might could likely unlikely possibly possible probably perhaps reportedly
    allegedly apparently seemingly appears appear appeared seems seem seemed suggests suggested
    expected tentatively tentative cautiously cautious conditionally conditional provisionally
    provisional partially partial partly largely mostly nearly almost roughly approximately
    heavily strongly firmly fully completely entirely certainly definitely clearly undoubtedly
    only caveated qualified broadly generally somewhat slightly""".split()
)
HEDGE_PHRASES = (
    ("in", "principle"),
    ("at", "least"),
    ("up", "to"),
    ("more", "than"),
    ("as", "many", "as"),
    ("so", "far"),
)
# Reported speech shifts "will" to "would"; neither is a hedge ("will" -> "may" shows as "may").
_HEDGE_EQUIVALENTS = {"would": "will"}
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d\d$|^[ap]\.m$")
_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_DIGIT = re.compile(r"\d")
_CLAUSE_MARKS = frozenset(",;:()\"'-“”")


@dataclass(frozen=True, slots=True)
class Detail:
    """One changed detail between two texts, quoted from each as written."""

    kind: DetailKind
    before: str
    after: str


def detail_changes(
    before: str, after: str, settings: CompareSettings = CompareSettings()
) -> list[Detail]:
    """The changed details from the `before` sentence to the `after` sentence."""
    left, right = tokens(before), tokens(after)
    keys_left = [_key(t) for t, _, _ in left]
    keys_right = [_key(t) for t, _, _ in right]
    matcher = SequenceMatcher(None, keys_left, keys_right, autojunk=False)
    ops = _differing_runs(matcher, left, right)
    details = []
    for i1, i2, j1, j2 in _merge(ops, left, right, settings):
        details.extend(_classify(before, after, left, right, (i1, i2, j1, j2), settings))
    return details


def changed_details(
    before: Sentence, after: Sentence, settings: CompareSettings = CompareSettings()
) -> list[Change]:
    """Changed details between two aligned sentences, as `Change` records."""
    return as_changes(detail_changes(before.text, after.text, settings), before, after)


def as_changes(details: Sequence[Detail], before: Sentence, after: Sentence) -> list[Change]:
    """Details found between two sentences as `Change` records naming their articles."""
    return [
        Change(
            kind=cast(Any, d.kind),  # "wording" extends records.Change's kinds
            before=d.before,
            after=d.after,
            article_before=before.article_id,
            article_after=after.article_id,
            outlet_before=before.outlet,
            outlet_after=after.outlet,
        )
        for d in details
    ]


Span = tuple[int, int, int, int]
Token = tuple[str, int, int]


def _key(token: str) -> str:
    folded = normalize(token)
    return stem(folded) if folded[:1].isalnum() else folded


def _differing_runs(
    matcher: SequenceMatcher[str], left: list[Token], right: list[Token]
) -> list[Span]:
    """The runs between shared blocks, ignoring chance matches inside a rewritten clause.

    A shared block of function words only ("to", "the"), or a single shared word between two
    differing runs of three words or more, is not evidence that the texts run together there.
    """
    blocks = matcher.get_matching_blocks()
    kept: list[tuple[int, int, int]] = []
    for n, (a, b, size) in enumerate(blocks):
        if size == 0:
            continue
        if not any(is_content(t) for t, _, _ in left[a : a + size]):
            continue
        if size == 1:
            prev_a, prev_b = (
                (kept[-1][0] + kept[-1][2], kept[-1][1] + kept[-1][2]) if kept else (0, 0)
            )
            nxt = blocks[n + 1]
            before = max(a - prev_a, b - prev_b)
            after = max(nxt[0] - a - 1, nxt[1] - b - 1)
            if before >= 3 and after >= 3:
                continue
        kept.append((a, b, size))
    runs: list[Span] = []
    i = j = 0
    for a, b, size in [*kept, (len(left), len(right), 0)]:
        if a > i or b > j:
            runs.append((i, a, j, b))
        i, j = a + size, b + size
    return runs


def _merge(
    ops: Sequence[Span], left: list[Token], right: list[Token], settings: CompareSettings
) -> list[Span]:
    """Join differing runs separated by a few shared words into one change.

    Runs that differ only in function words or punctuation are dropped first. Runs up to
    `detail_merge_gap` words apart join, up to twice that when no clause mark lies between
    them, and a hedge joins the change before it anywhere in the same clause, since it
    qualifies that clause ("agreed with US proposals ... in Ukraine" + "in principle"). A run
    that only changes a date or number stays on its own, a deletion never joins an insertion,
    and no join makes a change longer than `detail_max_tokens`.
    """
    merged: list[Span] = []
    for op in ops:
        if not _carries_content(op, left, right):
            continue
        if merged and not _atomic(merged[-1], left, right) and not _atomic(op, left, right):
            i1, i2, j1, _ = merged[-1]
            gap = [t for t, _, _ in left[i2 : op[0]]]
            one_clause = not (set(gap) & _CLAUSE_MARKS)
            near = len(gap) <= settings.detail_merge_gap
            same_clause = one_clause and len(gap) <= 2 * settings.detail_merge_gap
            hedge = one_clause and _only_hedge(op, left, right)
            short = max(op[1] - i1, op[3] - j1) <= settings.detail_max_tokens
            # A clause dropped here and another added past a shared phrase are two edits; a
            # word moved over one shared word ("support, though caveated" -> "caveated
            # support") is one.
            crossing = {_shape(merged[-1], left, right), _shape(op, left, right)} == {
                "deleted",
                "inserted",
            } and (sum(is_content(t) for t in gap) >= 2)
            if short and not crossing and (near or same_clause or hedge):
                merged[-1] = (i1, op[1], j1, op[3])
                continue
        merged.append(op)
    return merged


def _shape(op: Span, left: list[Token], right: list[Token]) -> str:
    """Whether a run inserts, deletes or replaces content words (punctuation aside)."""
    i1, i2, j1, j2 = op
    old = any(is_content(t) for t, _, _ in left[i1:i2])
    new = any(is_content(t) for t, _, _ in right[j1:j2])
    return "replaced" if old and new else "deleted" if old else "inserted"


def _carries_content(op: Span, left: list[Token], right: list[Token]) -> bool:
    i1, i2, j1, j2 = op
    return any(is_content(t) for t, _, _ in left[i1:i2]) or any(
        is_content(t) for t, _, _ in right[j1:j2]
    )


def _only_hedge(op: Span, left: list[Token], right: list[Token]) -> bool:
    """A run whose content words are all hedges ("in principle", "reportedly")."""
    i1, i2, j1, j2 = op
    side = [t for t, _, _ in left[i1:i2]] + [t for t, _, _ in right[j1:j2]]
    hedges = _hedges(side)
    if not hedges:
        return False
    hedge_words = {w for h in hedges for w in h.split()}
    return all(normalize(t) in hedge_words for t in side if is_content(t))


def _atomic(op: Span, left: list[Token], right: list[Token]) -> bool:
    i1, i2, j1, j2 = op
    side = [t for t, _, _ in left[i1:i2]] + [t for t, _, _ in right[j1:j2]]
    content = [t for t in side if t[0].isalnum()]
    return bool(content) and all(_is_dated(t) or _is_number(t) for t in content)


def _classify(
    before: str,
    after: str,
    left: list[Token],
    right: list[Token],
    span: Span,
    settings: CompareSettings,
) -> list[Detail]:
    i1, i2, j1, j2 = span
    old = [t for t, _, _ in left[i1:i2]]
    new = [t for t, _, _ in right[j1:j2]]
    old_only = _content(old) - _content(new)
    new_only = _content(new) - _content(old)
    hedges_differ = _hedges(old) != _hedges(new)
    if not old_only and not new_only and not hedges_differ:
        return []
    long = max(i2 - i1, j2 - j1) > settings.detail_max_tokens
    if not long:
        if _dates(left, i1, i2) != _dates(right, j1, j2):
            return [
                _quote("date", before, after, left, right, _widen(span, left, right, _is_dated))
            ]
        if _numbers(old) != _numbers(new):
            return [
                _quote("number", before, after, left, right, _widen(span, left, right, _is_number))
            ]
        if hedges_differ:
            return [_quote("hedge", before, after, left, right, span)]
        old_names, new_names = _names(left, i1, i2), _names(right, j1, j2)
        if old_names - new_names and new_names - old_names:
            wide = _widen(span, left, right, _is_capitalized)
            return [_quote("entity", before, after, left, right, wide)]
    minimum = settings.clause_min_words
    if (
        len(old_only) >= minimum
        and len(new_only) >= minimum
        and (long or min(len(old_only), len(new_only)) >= 3)
    ):
        return [
            _quote("dropped", before, after, left, right, span, side="before"),
            _quote("added", before, after, left, right, span, side="after"),
        ]
    if len(new_only) >= minimum and len(new_only) > 2 * len(old_only):
        return [_quote("added", before, after, left, right, span, side="after")]
    if len(old_only) >= minimum and len(old_only) > 2 * len(new_only):
        return [_quote("dropped", before, after, left, right, span, side="before")]
    if old_only and new_only:
        return [_quote("wording", before, after, left, right, span)]
    return []


def _content(words: Sequence[str]) -> set[str]:
    """Content stems, with reported-speech tense shifts ("will" -> "would") folded."""
    folded = (normalize(w) for w in words if is_content(w))
    return {stem(_HEDGE_EQUIVALENTS.get(w, w)) for w in folded}


def _hedges(words: Sequence[str]) -> Counter[str]:
    folded = [normalize(w) for w in words]
    found: Counter[str] = Counter(w for w in folded if w in HEDGES)
    for phrase in HEDGE_PHRASES:
        n = len(phrase)
        found.update(
            " ".join(phrase)
            for k in range(len(folded) - n + 1)
            if tuple(folded[k : k + n]) == phrase
        )
    return found


def _is_number(token: str) -> bool:
    """Digits, a lower-case number word, or a unit sign ("Three" in a name is not a number)."""
    folded = normalize(token)
    word = folded in NUMBER_WORDS and token.islower()
    return bool(_DIGIT.search(folded)) or word or folded in ("%", "$", "£", "€")


def _numbers(words: Sequence[str]) -> Counter[str]:
    return Counter(
        normalize(w).replace(",", "") for w in words if _is_number(w) and not _YEAR.match(w)
    )


def _is_date(token: str) -> bool:
    folded = normalize(token).rstrip(".")
    return folded in DATE_WORDS or bool(
        _YEAR.match(folded) or _CLOCK.match(folded) or _ISO_DATE.match(folded)
    )


def _is_dated(token: str) -> bool:
    """A token that belongs to a date expression when widening a date change."""
    return (
        _is_date(token)
        or normalize(token) in DATE_MODIFIERS
        or (token.isdigit() and len(token) <= 2)
    )


def _dates(side: list[Token], start: int, end: int) -> Counter[str]:
    """Date words of the run, with a modifier counted when it stands next to a date."""
    found: Counter[str] = Counter()
    for k in range(start, end):
        word = normalize(side[k][0]).rstrip(".")
        if _is_date(word):
            found[word] += 1
        elif word in DATE_MODIFIERS:
            nearby = [side[m][0] for m in (k - 1, k + 1) if 0 <= m < len(side)]
            if any(_is_date(w) for w in nearby):
                found[word] += 1
        elif word.isdigit() and len(word) <= 2:
            nearby = [side[m][0] for m in (k - 1, k + 1) if 0 <= m < len(side)]
            if any(normalize(w).rstrip(".") in MONTHS for w in nearby):
                found[word] += 1
    return found


def _is_capitalized(token: str) -> bool:
    return (
        token[:1].isupper()
        and normalize(token) not in STOP_WORDS
        and normalize(token) not in DATE_WORDS
    )


def _names(side: list[Token], start: int, end: int) -> set[str]:
    """Capitalized runs (names and titles) touching the run, in full: "World War Three"."""
    names = set()
    k = start
    while k < end:
        if _is_capitalized(side[k][0]):
            first, last = k, k
            while first > 0 and _is_capitalized(side[first - 1][0]):
                first -= 1
            while last + 1 < len(side) and _is_capitalized(side[last + 1][0]):
                last += 1
            names.add(" ".join(normalize(t) for t, _, _ in side[first : last + 1]))
            k = last + 1
        else:
            k += 1
    return names


def _widen(span: Span, left: list[Token], right: list[Token], belongs: Any) -> Span:
    """Grow a change over neighbouring tokens of the same sort on both sides, for context."""
    i1, i2, j1, j2 = span
    while i1 > 0 and j1 > 0 and belongs(left[i1 - 1][0]) and belongs(right[j1 - 1][0]):
        i1, j1 = i1 - 1, j1 - 1
    while i2 < len(left) and j2 < len(right) and belongs(left[i2][0]) and belongs(right[j2][0]):
        i2, j2 = i2 + 1, j2 + 1
    return i1, i2, j1, j2


def _quote(
    kind: DetailKind,
    before: str,
    after: str,
    left: list[Token],
    right: list[Token],
    span: Span,
    side: Literal["both", "before", "after"] = "both",
) -> Detail:
    i1, i2, j1, j2 = span
    old = _slice(before, left, i1, i2) if side != "after" else ""
    new = _slice(after, right, j1, j2) if side != "before" else ""
    return Detail(kind=kind, before=old, after=new)


def _slice(text: str, side: list[Token], start: int, end: int) -> str:
    """The run as written, without punctuation at its edges."""
    while start < end and not side[start][0][0].isalnum():
        start += 1
    while end > start and not side[end - 1][0][0].isalnum() and side[end - 1][0] not in ')"”':
        end -= 1
    if start >= end:
        return ""
    return text[side[start][1] : side[end - 1][2]]


__all__ = [
    "DATE_WORDS",
    "HEDGES",
    "HEDGE_PHRASES",
    "NUMBER_WORDS",
    "Detail",
    "DetailKind",
    "as_changes",
    "changed_details",
    "detail_changes",
]
