"""Regrouping: rebuild a window's stories by average linkage over article pairs.

The stream judges each article once, against story centroids, in arrival order. On a
sparse stream that splits events whose first reports were worded differently (AllSides
val: 78 of 307 events left as three single articles); on a dense one a growing centroid
drifts and draws in neighbouring events (AllSides train, 2,452 undated events open at once:
one story of 165 articles, BCubed precision 0.65). Regrouping looks at every pair instead:
the join model's probability for two single articles, weighed by how near the pair comes
to the best pair of one of its articles (`relative_to_best`), and groups merge, best pair
first, while the mean weighed probability over their member pairs (average linkage) clears
`StorySettings.regroup_threshold`. A group joins another only when its members agree on
the whole, so neither the order of arrival nor one near neighbour decides.

Cost stays bounded as the stream's does: articles are visited in publication order, and
each is paired only with earlier articles of the active window (`active_days`) that share
its strongest terms, at most `candidates` of them; pairs below `regroup_min_probability`
are dropped. Memory is the window's articles and a few pairs per article, never all pairs
of an archive. The result depends only on the input, so batch runs are deterministic.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import mul, neg

import numpy as np

from ..gcpause import gc_paused
from ..records import Article, Story, StoryMember
from .features import (
    EMBEDDING_FEATURE,
    RARE_TERMS_FEATURE,
    TEXT_FEATURES,
    TIME_FEATURES,
    RareTerms,
    gaussian,
    published_days,
    rare_terms,
    shared_rare_terms,
)
from .label import headline, story_key_terms, story_label
from .model import JoinModel, load_model
from .settings import StorySettings
from .terms import CountedTerms, article_terms, kind_terms
from .vectors import Centroid, DocumentFrequencies, Vector, index_keys, weigh_fields

Pair = tuple[int, int]

# The vectors a story record is made from (label and key names), kept for every article.
_RECORD_FIELDS = frozenset({"title:stems", "title:entities", "body:entities"})

# How often (in publication days) keys no article has asked for lately are swept out of the
# candidate index, as the stream sweeps its closed stories.
_SWEEP_DAYS = 0.25


@dataclass(slots=True)
class RegroupArticle:
    """One article as regrouping compares it: unit vectors per field, date, embedding."""

    id: str
    outlet: str | None
    title: str
    published: str | None
    day: float | None
    vectors: dict[str, Vector]
    embedding: np.ndarray | None = None
    rare: RareTerms | None = None  # `features.rare_terms`, once it is first needed

    def release(self) -> None:
        """Keep only what a story record needs (title stems, names); drop the rest."""
        self.vectors = {k: v for k, v in self.vectors.items() if k in _RECORD_FIELDS}
        self.embedding = None
        self.rare = None


def pair_probability(
    model: JoinModel, a: RegroupArticle, b: RegroupArticle, time_scale_days: float
) -> float:
    """The join model's probability for article `b` as a story of one, given article `a`:
    field cosines of the two unit vectors, Gaussian closeness of the two dates (neutral
    when either is missing), their shared rarest stems, cosine of the two embeddings.
    Symmetric in `a` and `b`."""
    values = []
    for name, coef in zip(model.features, model.coef, strict=True):
        if coef == 0.0:
            values.append(0.0)  # weighs nothing: not worth computing
        elif name in TEXT_FEATURES:
            values.append(_dot(a.vectors.get(name), b.vectors.get(name)))
        elif name in TIME_FEATURES:
            if a.day is None or b.day is None:
                values.append(1.0)
            else:
                values.append(gaussian(a.day - b.day, time_scale_days))
        elif name == RARE_TERMS_FEATURE:
            if a.rare is None:
                a.rare = rare_terms(a.vectors)
            if b.rare is None:
                b.rare = rare_terms(b.vectors)
            values.append(shared_rare_terms(a.vectors, b.vectors, a.rare, b.rare))
        elif name == EMBEDDING_FEATURE and a.embedding is not None and b.embedding is not None:
            values.append(float(np.dot(a.embedding, b.embedding)))
        else:
            values.append(0.0)
    return model.probability(values)


def candidate_pairs(
    articles: Iterable[RegroupArticle],
    model: JoinModel,
    settings: StorySettings = StorySettings(),
    seen: list[RegroupArticle] | None = None,
) -> dict[Pair, float]:
    """(earlier, later) article positions -> join probability, for the pairs worth keeping.

    `articles` come in publication order (undated last). Each is paired with the
    `settings.candidates` earlier articles of its window sharing the most weight of its
    index keys; a key shared by more than `settings.max_postings` window articles is too
    common to search with. An undated article's window is every undated article before it.
    Once an article is older than every later article's window it can never be paired
    again, so its body vectors are released (`seen`, if given, collects the articles with
    what records need): memory follows the window, not the archive.
    """
    kept = [] if seen is None else seen
    postings: dict[str, deque[int]] = {}
    pairs: dict[Pair, float] = {}
    next_sweep: float | None = None
    released = 0
    for index, article in enumerate(articles):
        kept.append(article)
        horizon = None if article.day is None else article.day - settings.active_days
        while horizon is not None and released < index:
            day = kept[released].day
            if day is None or day >= horizon:
                break
            kept[released].release()
            released += 1
        # Articles come in publication order, so those older than the window are exactly
        # the `released` first ones: a posting drops the numbers below `released`.
        if horizon is not None and (next_sweep is None or horizon >= next_sweep):
            next_sweep = horizon + _SWEEP_DAYS
            for key in list(postings):
                swept = postings[key]
                while swept and swept[0] < released:
                    swept.popleft()
                if not swept:
                    del postings[key]
        scores: dict[int, float] = {}
        get = scores.get
        for key, weight in index_keys(article.vectors, settings.query_terms).items():
            posting = postings.get(key)
            if posting is None:
                posting = postings[key] = deque()
            elif horizon is not None:
                while posting and posting[0] < released:
                    posting.popleft()
            if len(posting) <= settings.max_postings:
                for other in posting:
                    scores[other] = get(other, 0.0) + weight
            posting.append(index)
        ranked = heapq.nsmallest(
            settings.candidates, zip(map(neg, scores.values()), scores, strict=True)
        )
        for _, other in ranked:
            p = pair_probability(model, kept[other], article, settings.time_scale_days)
            if p >= settings.regroup_min_probability:
                pairs[(other, index)] = p
    return pairs


def relative_to_best(pairs: Mapping[Pair, float], power: float) -> dict[Pair, float]:
    """Each pair's probability p times (p / b) ** `power`, where b is the best probability
    among the pairs of whichever of its two articles it comes nearer to the best of. A
    pair that is either article's best keeps its probability; `power` 0 keeps them all.

    The join model scores a pair alone, in absolute terms, but whether two articles report
    one event also shows in how the pair compares with each article's other candidates: an
    article of another event sharing a few names is a weak second to the real partner. On
    AllSides the rank of a pair among its articles' pairs separates same-event pairs better
    than its probability (ROC AUC 0.954 against 0.895 on val, 0.938 against 0.877 on train);
    a rank, though, penalises every partner after the first, which splits a story of many
    articles (generated month, `bench/stories.py`: BCubed recall 0.98 -> 0.68 for a rank
    discount of 0.5), where a ratio to the best leaves near-equal partners near-equal.
    """
    if power == 0.0:
        return dict(pairs)
    best: dict[int, float] = {}
    for (a, b), p in pairs.items():
        if p > best.get(a, 0.0):
            best[a] = p
        if p > best.get(b, 0.0):
            best[b] = p
    return {
        (a, b): p * (p / min(best[a], best[b])) ** power if p > 0.0 else p
        for (a, b), p in pairs.items()
    }


def average_linkage(
    size: int,
    pairs: Mapping[Pair, float],
    threshold: float,
    groups: Iterable[Sequence[int]] = (),
) -> list[int]:
    """Best-first average-linkage clustering over sparse pairs; the group of each item.

    Starts from `groups` (items that must stay together) and singletons; repeatedly joins
    the two groups with the highest mean pair probability (a pair not in `pairs` counts as
    0) while it is at least `threshold`. A group is named by its smallest item, and ties
    go to the smaller items, so the result is deterministic.
    """
    parent = list(range(size))
    for group in groups:
        items = sorted(group)
        for item in items[1:]:
            parent[item] = items[0]
    sizes = Counter(parent)
    links: dict[int, dict[int, float]] = {root: {} for root in sizes}
    for (a, b), p in pairs.items():
        ra, rb = parent[a], parent[b]
        if ra != rb:
            links[ra][rb] = links[ra].get(rb, 0.0) + p
            links[rb][ra] = links[rb].get(ra, 0.0) + p

    def mean(a: int, b: int) -> float:
        return links[a][b] / (sizes[a] * sizes[b])

    heap = [(-mean(a, b), a, b) for a in links for b in links[a] if a < b]
    heap = [entry for entry in heap if -entry[0] >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if b not in links.get(a, {}) or mean(a, b) != -negative:
            continue  # one side has grown since this entry was pushed
        gone = links.pop(b)
        kept = links[a]
        del kept[b], gone[a]
        for other, total in gone.items():
            kept[other] = kept.get(other, 0.0) + total
            neighbour = links[other]
            del neighbour[b]
            neighbour[a] = kept[other]
        sizes[a] += sizes.pop(b)
        parent[b] = a
        for other in kept:
            value = mean(a, other)
            if value >= threshold:
                heapq.heappush(heap, (-value, min(a, other), max(a, other)))
    for item in range(size):  # follow each chain to its root
        root = item
        while parent[root] != root:
            root = parent[root]
        parent[item] = root
    return parent


def regroup_stories(
    stories: Iterable[Story],
    articles: Iterable[Article],
    settings: StorySettings = StorySettings(),
    model: JoinModel | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    must_link: Mapping[str, str] | None = None,
) -> list[Story]:
    """The articles' stories rebuilt by `average_linkage`, oldest first.

    `stories` (the stream's, for the same articles) supply each article's join score and
    keep their records where regrouping leaves a story as it was; an article in no story
    is taken alone. `model` defaults to the shipped model ("semantic" when `embeddings`,
    article id -> unit vector, are given, else "base"; a semantic model without them embeds
    the articles again, so pass the stream's); `must_link` pairs (reuse links:
    duplicates, reprints) always share a story. A new story's id is `story_id` of its
    oldest article, as the stream names the story an article opens.
    """
    from .clusterer import stream_key

    ordered = sorted({a.id: a for a in articles}.values(), key=stream_key)
    return regroup_in_order(stories, ordered, settings, model, embeddings, must_link)


@gc_paused()
def regroup_in_order(
    stories: Iterable[Story],
    ordered: Iterable[Article],
    settings: StorySettings = StorySettings(),
    model: JoinModel | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    must_link: Mapping[str, str] | None = None,
    counting: Callable[[], Iterable[CountedTerms]] | None = None,
) -> list[Story]:
    """`regroup_stories` over articles already unique and in `stream_key` order; they are
    read three times, one at a time, so `ordered` may read them again from a store on
    each pass (`stories.run.StoredArchive`). `counting`, if given, makes their term counts
    for each pass (`_linked`)."""
    from .clusterer import story_id

    position = {a.id: i for i, a in enumerate(ordered)}
    scores: dict[str, float] = {}
    records: dict[frozenset[str], Story] = {}
    for story in stories:
        records[frozenset(story.article_ids)] = story
        scores.update((m.article_id, m.score) for m in story.members)
    linked: dict[str, list[int]] = {}
    for a, b in (must_link or {}).items():
        if a in position and b in position:
            linked.setdefault(a, [position[a]]).append(position[b])
    prepared, group_of, frequencies = _linked(
        ordered, settings, model, embeddings, _components(linked.values()), counting
    )
    members: dict[int, list[int]] = {}
    for item, root in enumerate(group_of):
        members.setdefault(root, []).append(item)
    result = []
    for root in sorted(members):
        group = [prepared[i] for i in members[root]]
        kept = records.get(frozenset(a.id for a in group))
        if kept is not None:
            result.append(kept)
        else:
            result.append(
                _story_record(story_id(group[0].id), group, scores, frequencies, settings)
            )
    return result


def joined_groups(
    ordered: Sequence[Article],
    groups: Sequence[Sequence[str]],
    settings: StorySettings = StorySettings(),
    model: JoinModel | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
    counting: Callable[[], Iterable[CountedTerms]] | None = None,
) -> list[list[int]]:
    """Which of `groups` (stories, as lists of article ids) average linkage over their
    articles' pairs joins, starting from them: lists of two or more group indices, in
    order. A group is never split, so this is a merge step: the stream's stories, joined
    where their articles agree as regrouping would join them (`average_linkage`, the same
    threshold and weighing). `ordered` are the groups' articles in `stream_key` order;
    `counting`, if given, makes their term counts for each pass (`_linked`)."""
    position = {a.id: i for i, a in enumerate(ordered)}
    members = [[position[a] for a in group if a in position] for group in groups]
    _, root_of, _ = _linked(
        ordered, settings, model, embeddings, [m for m in members if m], counting
    )
    joined: dict[int, list[int]] = {}
    for index, items in enumerate(members):
        if items:
            joined.setdefault(root_of[items[0]], []).append(index)
    return [indices for indices in joined.values() if len(indices) > 1]


def _linked(
    ordered: Iterable[Article],
    settings: StorySettings,
    model: JoinModel | None,
    embeddings: Mapping[str, np.ndarray] | None,
    groups: Iterable[Sequence[int]],
    counting: Callable[[], Iterable[CountedTerms]] | None = None,
) -> tuple[list[RegroupArticle], list[int], dict[str, DocumentFrequencies]]:
    """Regrouping's linkage, from `groups` (positions that stay together): the prepared
    articles, each one's group (`average_linkage`) and the window's document frequencies.
    `model` defaults to the shipped one; a model that weighs embeddings without `embeddings`
    embeds the articles. `ordered` is read at most three times, one article at a time, and
    tokenised on each pass (by `counting`, if given: the term counts of `ordered`, in order,
    made again on each call, as the stream's worker processes make them)."""
    from .clusterer import embed_archive

    if model is None:
        model = load_model(settings.model_path, semantic=embeddings is not None)
    if embeddings is None and _weighs_embeddings(model):
        embeddings = embed_archive(ordered, settings.lead_words)
    frequencies = count_frequencies(ordered, settings, None if counting is None else counting())
    prepared: list[RegroupArticle] = []
    pairs = candidate_pairs(
        prepared_articles(
            ordered, frequencies, settings, embeddings, None if counting is None else counting()
        ),
        model,
        settings,
        prepared,
    )
    pairs = relative_to_best(pairs, settings.regroup_relative_power)
    group_of = average_linkage(len(prepared), pairs, settings.regroup_threshold, groups)
    return prepared, group_of, frequencies


def count_frequencies(
    ordered: Iterable[Article],
    settings: StorySettings = StorySettings(),
    counted: Iterable[CountedTerms] | None = None,
) -> dict[str, DocumentFrequencies]:
    """Document frequencies of the window's stems and names (a first pass: the counts of
    each article are not kept, so memory is the vocabulary, not the articles' terms).
    `counted`: the articles' term counts, made elsewhere (worker processes)."""
    frequencies = {"stems": DocumentFrequencies(), "entities": DocumentFrequencies()}
    if counted is None:
        counted = (article_terms(a, settings.lead_words, settings.use_entities) for a in ordered)
    for counts in counted:
        for kind, table in frequencies.items():
            table.add(kind_terms(counts, kind))
    return frequencies


def prepared_articles(
    ordered: Iterable[Article],
    frequencies: Mapping[str, DocumentFrequencies],
    settings: StorySettings = StorySettings(),
    embeddings: Mapping[str, np.ndarray] | None = None,
    counted: Iterable[CountedTerms] | None = None,
) -> Iterator[RegroupArticle]:
    """The articles as regrouping compares them, one at a time in the order given: unit
    TF-IDF vectors weighed with the window's document frequencies (`count_frequencies`).
    `counted`: the articles' term counts, made elsewhere (worker processes)."""
    known = None if counted is None else iter(counted)
    for article in ordered:
        counts = (
            article_terms(article, settings.lead_words, settings.use_entities)
            if known is None
            else next(known)
        )
        idfs = {kind: table.idfs(kind_terms(counts, kind)) for kind, table in frequencies.items()}
        yield RegroupArticle(
            id=article.id,
            outlet=article.outlet,
            title=headline(article),
            published=article.published,
            day=published_days(article.published),
            vectors=weigh_fields(counts, idfs),
            embedding=None if embeddings is None else embeddings.get(article.id),
        )


def prepare_articles(
    ordered: Sequence[Article],
    settings: StorySettings = StorySettings(),
    embeddings: Mapping[str, np.ndarray] | None = None,
) -> list[RegroupArticle]:
    """Every article prepared at once (for inspection and tests; regrouping streams them)."""
    frequencies = count_frequencies(ordered, settings)
    return list(prepared_articles(ordered, frequencies, settings, embeddings))


def _weighs_embeddings(model: JoinModel) -> bool:
    return any(
        name == EMBEDDING_FEATURE and coef != 0.0
        for name, coef in zip(model.features, model.coef, strict=True)
    )


def _components(groups: Iterable[list[int]]) -> list[list[int]]:
    """Connected components of overlapping item lists (must-link chains)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for group in groups:
        for item in group[1:]:
            ra, rb = find(group[0]), find(item)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    components: dict[int, list[int]] = {}
    for item in parent:
        components.setdefault(find(item), []).append(item)
    return [sorted(items) for _, items in sorted(components.items())]


def _story_record(
    new_id: str,
    group: Sequence[RegroupArticle],
    scores: Mapping[str, float],
    frequencies: Mapping[str, DocumentFrequencies],
    settings: StorySettings,
) -> Story:
    """A story record as the stream makes one: label, dates, outlets, key names."""
    title_centroid, entity_centroid = Centroid(), Centroid()
    for article in group:
        title_centroid.add(article.vectors.get("title:stems", {}))
        names = article.vectors.get("body:entities") or article.vectors.get("title:entities")
        entity_centroid.add(names or {})
    dated = sorted((a.day, a.published) for a in group if a.day is not None)
    outlets = Counter(a.outlet for a in group if a.outlet)
    return Story(
        id=new_id,
        members=tuple(StoryMember(a.id, scores.get(a.id, 1.0)) for a in group),
        label=story_label(
            [a.title for a in group if a.title], title_centroid, frequencies["stems"]
        ),
        first_seen=dated[0][1] if dated else None,
        last_seen=dated[-1][1] if dated else None,
        outlets=tuple(name for name, _ in sorted(outlets.items(), key=lambda i: (-i[1], i[0]))),
        key_terms=story_key_terms(entity_centroid, settings.key_terms),
    )


def _dot(a: Vector | None, b: Vector | None) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


__all__ = [
    "RegroupArticle",
    "average_linkage",
    "candidate_pairs",
    "count_frequencies",
    "joined_groups",
    "pair_probability",
    "prepare_articles",
    "prepared_articles",
    "regroup_in_order",
    "regroup_stories",
    "relative_to_best",
]
