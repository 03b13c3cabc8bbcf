"""Streaming and batch story clustering on real coverage (BASIL dev, AllSides)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from newsweave.errors import MissingExtra
from newsweave.evaluate.metrics import bcubed
from newsweave.evaluate.stories import StoryDataset, load_story_dataset
from newsweave.records import Article, make_article
from newsweave.stories import StoryClusterer, StorySettings, cluster_stories, stored_stories
from newsweave.stories import clusterer as clusterer_module
from newsweave.stories import embeddings as embeddings_module
from newsweave.stories.clusterer import stream_key
from newsweave.stories.features import RARE_TERMS_FEATURE, shared_rare_terms
from newsweave.stories.terms import article_terms, kind_terms
from newsweave.stories.vectors import weigh_fields

SETTINGS = StorySettings(use_embeddings=False)


@pytest.fixture(scope="module")
def basil(shared_data: Path) -> StoryDataset:
    return load_story_dataset(shared_data / "basil-dev")


@pytest.fixture(scope="module")
def basil_2016(basil: StoryDataset) -> list[Article]:
    """The 2016-2017 events: dated, several within weeks of each other."""
    chosen = [a for a in basil.articles if (a.published or "")[:4] in ("2016", "2017")]
    assert len(chosen) >= 30
    return sorted(chosen, key=stream_key)


def _membership(stories: list) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in stories}


def test_each_event_becomes_one_story(basil: StoryDataset, basil_2016: list[Article]) -> None:
    stories = cluster_stories(basil_2016, SETTINGS)
    predicted = {a: s.id for s in stories for a in s.article_ids}
    precision, recall, _ = bcubed(predicted, basil.gold)
    assert precision == pytest.approx(1.0)
    # 0.905 when this floor was set: two events whose versions share few title words stay
    # split. (Recall was higher while any two dated articles got a bonus for being dated,
    # the flaw that merged unrelated same-day coverage on dense streams.)
    assert recall >= 0.9
    assert len(stories) <= len({basil.gold[a.id] for a in basil_2016}) + 4  # 18 for 14


def test_batch_mode_is_deterministic_whatever_the_input_order(basil_2016: list[Article]) -> None:
    forward = cluster_stories(basil_2016, SETTINGS)
    backward = cluster_stories(list(reversed(basil_2016)), SETTINGS)
    assert [(s.id, s.article_ids) for s in forward] == [(s.id, s.article_ids) for s in backward]


def test_adding_articles_later_gives_the_stories_of_one_run(
    basil: StoryDataset, basil_2016: list[Article]
) -> None:
    half = len(basil_2016) // 2
    conn = sqlite3.connect(":memory:")
    first = StoryClusterer(SETTINGS)
    first.add(basil_2016[:half])
    first.save(conn)
    resumed = StoryClusterer.load(conn, SETTINGS)
    assignments = resumed.add(basil_2016[half:])
    assert [a for a, _, _ in assignments] == [a.id for a in basil_2016[half:]]
    resumed.merge()
    resumed.save(conn)
    one_run = StoryClusterer(SETTINGS)
    one_run.add(basil_2016)
    one_run.merge()
    assert _membership(stored_stories(conn)) == _membership(one_run.stories())
    assert {s.id for s in stored_stories(conn)} == {s.id for s in one_run.stories()}
    # Batch mode regroups the same articles pairwise afterwards: different stories, as
    # pure and at least as complete (here it joins an event the stream split).
    incremental = {a: s.id for s in stored_stories(conn) for a in s.article_ids}
    batch = {a: s.id for s in cluster_stories(basil_2016, SETTINGS) for a in s.article_ids}
    stream_p, stream_r, _ = bcubed(incremental, basil.gold)
    batch_p, batch_r, _ = bcubed(batch, basil.gold)
    assert batch_p == pytest.approx(1.0) and stream_p == pytest.approx(1.0)
    assert batch_r >= stream_r


def test_an_article_seen_before_is_not_assigned_again(basil_2016: list[Article]) -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(basil_2016[:6])
    open_articles = [a for a in basil_2016[:6] if a.id in clusterer.article_story]
    assert open_articles
    assert clusterer.add(open_articles) == []


def test_stories_far_behind_the_stream_close_and_leave_memory(
    basil: StoryDataset, basil_2016: list[Article]
) -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(basil_2016)
    newest = max(a.published or "" for a in basil_2016)
    assert clusterer.closed, "stories of 2016 must close before 2017 ends"
    for story in clusterer.active.values():
        assert story.last_seen is not None and story.last_seen[:4] == newest[:4]
    open_articles = {a for s in clusterer.active.values() for a, _ in s.members}
    assert set(clusterer.article_story) == open_articles
    conn = sqlite3.connect(":memory:")
    clusterer.save(conn)
    assert not clusterer.closed
    stored = stored_stories(conn)
    assert sum(len(s.members) for s in stored) == len(basil_2016)
    assert stored[0].last_seen == newest  # newest first


def test_must_link_keeps_a_reprint_with_its_source(basil_2016: list[Article]) -> None:
    a = basil_2016[0]
    # An unrelated report the same day: linked by the reuse stage, it must join a's story.
    b = make_article(
        body=["Hurricane Delia made landfall near Galveston, Texas, flooding coastal roads."],
        title="Hurricane Delia hits Texas coast",
        outlet="wire",
        published=a.published,
    )
    assert len(cluster_stories([a, b], SETTINGS)) == 2
    stories = cluster_stories([a, b], SETTINGS, must_link={b.id: a.id})
    assert len(stories) == 1
    assert stories[0].members[1].score == 1.0


def test_merge_joins_stories_the_stream_split(basil: StoryDataset) -> None:
    articles = sorted(basil.articles, key=stream_key)[:30]
    splitting = replace(SETTINGS, join_threshold=1.01)  # every article opens a story
    clusterer = StoryClusterer(splitting)
    clusterer.add(articles)
    before = len(clusterer.stories())
    assert before == len(articles)
    renamed = clusterer.merge()
    after = clusterer.stories()
    assert len(after) == before - len(renamed)
    assert renamed, "the merge step must join some of the split triplets"
    predicted = {a: s.id for s in after for a in s.article_ids}
    assert bcubed(predicted, basil.gold)[0] == pytest.approx(1.0)
    surviving = {s.id for s in after}
    assert set(renamed.values()) <= surviving


def test_story_records_describe_their_members(basil_2016: list[Article]) -> None:
    by_id = {a.id: a for a in basil_2016}
    for story in cluster_stories(basil_2016, SETTINGS):
        members = [by_id[a] for a in story.article_ids]
        assert story.label in {m.title for m in members}
        assert set(story.outlets) == {m.outlet for m in members}
        assert story.first_seen == min(m.published or "" for m in members)
        assert story.last_seen == max(m.published or "" for m in members)
        assert story.key_terms
        assert story.members[0].score == 1.0
        assert all(0.0 <= m.score <= 1.0 for m in story.members)


def test_undated_articles_are_clustered_on_their_words(shared_data: Path) -> None:
    dataset = load_story_dataset(shared_data / "allsides-neus", "val")
    articles = list(dataset.articles[:60])
    stories = cluster_stories(articles, SETTINGS)
    predicted = {a: s.id for s in stories for a in s.article_ids}
    precision, recall, _ = bcubed(predicted, dataset.gold)
    assert precision >= 0.9
    assert recall >= 0.5  # 0.58 measured: AllSides recall is the weak side (see evaluate)
    assert all(s.first_seen is None and s.last_seen is None for s in stories)


def test_asking_for_missing_embeddings_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clusterer_module, "embeddings_installed", lambda: False)
    with pytest.raises(MissingExtra, match=r"newsweave\[semantic\]"):
        StoryClusterer(StorySettings(use_embeddings=True))
    assert not StoryClusterer(StorySettings(use_embeddings=None)).semantic


def test_unrelated_article_does_not_join_a_story() -> None:
    storm = make_article(
        body=["Hurricane Delia made landfall near Galveston, Texas, on Tuesday."],
        title="Hurricane Delia hits Texas coast",
        published="2024-09-10",
    )
    vote = make_article(
        body=["The European Parliament approved the new artificial intelligence act."],
        title="EU lawmakers pass AI act",
        published="2024-09-10",
    )
    assert len(cluster_stories([storm, vote], SETTINGS)) == 2


def test_a_dense_same_day_stream_keeps_events_apart(basil: StoryDataset) -> None:
    """Every BASIL event re-dated to one day: the date alone must not pull unrelated
    coverage together (the time features once added more than the words could take away)."""
    same_day = [replace(a, published="2024-05-02") for a in basil.articles]
    stories = cluster_stories(same_day, SETTINGS)
    predicted = {a: s.id for s in stories for a in s.article_ids}
    precision, recall, _ = bcubed(predicted, basil.gold)
    assert precision >= 0.95  # 1.0 when this floor was set
    assert recall >= 0.9  # 0.948


def test_join_probability_is_the_model_on_every_feature(basil_2016: list[Article]) -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(basil_2016[: len(basil_2016) // 2])
    checked = 0
    for article in basil_2016[len(basil_2016) // 2 :]:
        prepared = clusterer.prepare(article)
        candidates = [clusterer.active[n] for n in clusterer.candidates(prepared)]
        together = clusterer.join_probabilities(prepared, candidates)  # as best_story scores
        for story, p in zip(candidates, together, strict=True):
            full = clusterer.model.probability(clusterer.features(prepared, story))
            assert clusterer.join_probability(prepared, story) == full == p
            checked += 1
    assert checked >= 10


def test_a_floor_rules_out_only_stories_that_cannot_reach_it(basil_2016: list[Article]) -> None:
    """With a floor, a candidate keeps its exact probability unless it is below the floor;
    the rest are ruled out (-1.0) before their rare-terms feature is computed."""
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(basil_2016[: len(basil_2016) // 2])
    kept = ruled_out = 0
    for article in basil_2016[len(basil_2016) // 2 :]:
        prepared = clusterer.prepare(article)
        numbers = clusterer.candidates(prepared)
        candidates = [clusterer.active[n] for n in numbers]
        full = clusterer.join_probabilities(prepared, candidates)
        for floor in (1e-6, 0.01, clusterer.join_threshold, 0.5, 0.9):
            floored = clusterer.join_probabilities(prepared, candidates, floor)
            for p, q in zip(full, floored, strict=True):
                if q == -1.0:
                    assert p < floor
                    ruled_out += 1
                else:
                    assert q == p
                    kept += 1
            best, best_p = clusterer.best_story(prepared, floor)
            above = [(p, n) for n, p in zip(numbers, full, strict=True) if p >= floor]
            if above:
                assert (best, best_p) == clusterer.best_story(prepared)
            else:
                assert best_p < floor
    assert kept >= 10 and ruled_out >= 10


def test_prepared_vectors_are_the_dict_weighing_to_the_last_bit(
    basil_2016: list[Article],
) -> None:
    """Bodies weighed in numpy and every other field in Python give what weighing every
    field from the idf dicts gives, in order and to the last bit; the arrays kept for
    laying bodies out are their term numbers and weights."""
    clusterer = StoryClusterer(SETTINGS)
    for article in basil_2016:
        counts = article_terms(article, SETTINGS.lead_words, SETTINGS.use_entities)
        prepared = clusterer.prepare_counted(article, counts)
        idfs = {
            kind: frequencies.idfs(kind_terms(counts, kind))
            for kind, frequencies in clusterer.frequencies.items()
        }
        expected = weigh_fields(counts, idfs)
        assert [(k, list(v.items())) for k, v in prepared.vectors.items()] == [
            (k, list(v.items())) for k, v in expected.items()
        ]
        assert "body:stems" in prepared.arrays
        assert set(prepared.arrays) <= {"body:stems", "body:entities"}
        for key, (numbers, weights) in prepared.arrays.items():
            vector = prepared.vectors[key]
            assert numbers.tolist() == [clusterer.term_ids[t] for t in vector]
            assert weights.tolist() == list(vector.values())


def test_long_postings_rank_candidates_as_short_ones_do(
    basil: StoryDataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(sorted(basil.articles, key=stream_key)[:120])
    for article in basil.articles[120:]:
        prepared = clusterer.prepare(article)
        monkeypatch.setattr(clusterer_module, "_VECTOR_POSTINGS", 10**9)
        in_python = clusterer.candidates(prepared)
        monkeypatch.setattr(clusterer_module, "_VECTOR_POSTINGS", 0)
        assert clusterer.candidates(prepared) == in_python


def test_tokenising_in_workers_gives_the_same_stories_to_the_last_bit(
    basil: StoryDataset,
) -> None:
    """The stream's articles and the merge step's window (merged as stories are about to
    close and at the end) tokenised by worker processes or in this one."""
    ordered = sorted(basil.articles, key=stream_key)
    by_id = {a.id: a for a in ordered}
    serial = StoryClusterer(replace(SETTINGS, workers=1))
    serial.merge_source = lambda ids: [by_id[i] for i in ids]
    # Small chunks, so the 180 articles come back from the workers in many pieces, and a
    # small least batch, so the merge step's windows (3 to 9 articles here) go to them too.
    with StoryClusterer(
        replace(SETTINGS, workers=2, parallel_min_batch=2, parallel_chunk=7)
    ) as parallel:
        parallel.merge_source = serial.merge_source
        in_workers = parallel.add(ordered)
        assert parallel.term_counting.pool is not None
        parallel.merge_window()
        parallel_stories = parallel.stories()
    assert parallel.term_counting.pool is None  # leaving the block stopped the workers
    assert in_workers == serial.add(ordered)
    serial.merge_window()
    assert parallel_stories == serial.stories()  # members' join scores compared exactly
    assert parallel.absorbed == serial.absorbed > 0
    assert len(parallel_stories) < len(ordered)


def test_candidates_summed_in_numpy_rank_as_the_full_sum(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a crowded index (AllSides train: thousands of undated stories open at once, so
    common words reach hundreds of them) the candidates summed in numpy are the ranking of
    summing every hit in query order, ties by story number, while the postings' arrays
    grow with each join."""
    dataset = load_story_dataset(shared_data / "allsides-neus", "train")
    ordered = sorted(dataset.articles, key=stream_key)
    clusterer = StoryClusterer(replace(SETTINGS, workers=1))
    monkeypatch.setattr(clusterer_module, "_VECTOR_POSTINGS", 0)
    clusterer.add(ordered[:3000])
    k = SETTINGS.candidates
    long_postings = 0
    for checked, joining in zip(ordered[3000:3300], ordered[3300:3600], strict=True):
        prepared = clusterer.prepare(checked)
        hits = [
            (posting, weight)
            for term, weight in prepared.query.items()
            if (posting := clusterer.postings.get(term)) and len(posting) <= SETTINGS.max_postings
        ]
        scores: dict[int, float] = {}
        for posting, weight in hits:
            for number in posting:
                scores[number] = scores.get(number, 0.0) + weight
        full = [n for _, n in sorted((-s, n) for n, s in scores.items())[:k]]
        assert clusterer.candidates(prepared) == full
        long_postings += any(len(posting) > 100 for posting, _ in hits)
        clusterer.add([joining])  # grows the postings the next check reads
    assert long_postings >= 50
    assert {t: sorted(a) for t, a in clusterer.posted.items()} == {
        t: sorted(clusterer.postings[t]) for t in clusterer.posted
    }


def test_a_story_of_one_shares_rare_terms_as_its_article_does(
    basil_2016: list[Article],
) -> None:
    # The stream compares an article with a story's centroids, regrouping with single
    # articles: for a story of one the two must agree.
    clusterer = StoryClusterer(SETTINGS)
    first, second = (clusterer.prepare(a) for a in basil_2016[:2])
    number = clusterer._open(first)
    clusterer._join(number, first, 1.0)
    values = clusterer.features(second, clusterer.active[number])
    expected = shared_rare_terms(first.vectors, second.vectors)
    assert 0.0 < expected < 1.0  # two reports of one 2016 event, framed differently
    assert dict(zip(clusterer.model.features, values, strict=True))[RARE_TERMS_FEATURE] == expected


def test_batch_mode_embeds_only_articles_it_was_not_given(
    monkeypatch: pytest.MonkeyPatch, basil_2016: list[Article]
) -> None:
    """Vectors handed in are used as they are, not embedded again nor copied (at 1.5 KB an
    article, a copy of a million is 1.5 GB); only the others are embedded."""
    import numpy as np

    from newsweave.stories import regroup

    def fake_vectors(texts: list[str]) -> np.ndarray:
        seeds = [sum(map(ord, t)) for t in texts]
        rows = [np.random.default_rng(s).normal(size=384) for s in seeds]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)

    embedded: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return fake_vectors(texts)

    given_articles, left = basil_2016[::2], basil_2016[1::2]
    given = dict(
        zip(
            (a.id for a in given_articles),
            fake_vectors([a.title or "" for a in given_articles]),
            strict=True,
        )
    )
    seen: dict[str, object] = {}
    inner = regroup.regroup_in_order

    def watching(stories, ordered, settings, model, known, must_link, counting):  # type: ignore[no-untyped-def]
        seen.update(known)
        return inner(stories, ordered, settings, model, known, must_link, counting)

    monkeypatch.setattr(clusterer_module, "embeddings_installed", lambda: True)
    monkeypatch.setattr(embeddings_module, "embed_texts", counting)
    monkeypatch.setattr(regroup, "regroup_in_order", watching)
    semantic = StorySettings(use_embeddings=True, workers=1)
    stories = clusterer_module.cluster_in_order(basil_2016, semantic, None, given)

    assert len(embedded) == len(left)
    assert all(seen[a.id] is given[a.id] for a in given_articles)
    assert set(seen) == {a.id for a in basil_2016}
    assert sorted(a for s in stories for a in s.article_ids) == sorted(a.id for a in basil_2016)


def test_merging_uses_the_streams_embeddings_of_the_window(
    monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    """With a merge source, the stream keeps the embeddings of its active articles (and
    drops those of closed stories), so the merge step embeds nothing again; without one
    it keeps none."""
    import numpy as np

    embedded: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        rows = [np.random.default_rng(sum(map(ord, t))).normal(size=384) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)

    monkeypatch.setattr(clusterer_module, "embeddings_installed", lambda: True)
    monkeypatch.setattr(embeddings_module, "embed_texts", counting)
    data = load_story_dataset(shared_data / "basil-dev")
    ordered = sorted(data.articles, key=stream_key)
    by_id = {a.id: a for a in ordered}
    semantic = StorySettings(use_embeddings=True, workers=1)
    with StoryClusterer(semantic) as plain:
        plain.add(ordered)
        assert not plain.window_embeddings
    embedded.clear()
    with StoryClusterer(semantic) as clusterer:
        clusterer.merge_source = lambda ids: [by_id[i] for i in ids]
        clusterer.add(ordered)
        assert clusterer.merged_at is not None  # merged as stories were about to close
        assert set(clusterer.window_embeddings) == set(clusterer.active_article_ids())
        streamed = len(embedded)
        clusterer.merge_by_articles(ordered)
    assert streamed == len(ordered)
    assert len(embedded) == streamed
