"""Regrouping a window's stories by average linkage (BASIL dev, AllSides train)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from newsweave.evaluate.metrics import bcubed
from newsweave.evaluate.stories import StoryDataset, load_story_dataset
from newsweave.records import Article, Story
from newsweave.stories import StoryClusterer, StorySettings, story_id
from newsweave.stories.clusterer import stream_key
from newsweave.stories.features import shared_rare_terms
from newsweave.stories.model import load_model
from newsweave.stories.regroup import (
    RegroupArticle,
    average_linkage,
    candidate_pairs,
    count_frequencies,
    prepare_articles,
    prepared_articles,
    regroup_stories,
    relative_to_best,
)

SETTINGS = StorySettings(use_embeddings=False, workers=1)


@pytest.fixture(scope="module")
def basil(shared_data: Path) -> StoryDataset:
    return load_story_dataset(shared_data / "basil-dev")


@pytest.fixture(scope="module")
def allsides_sample(shared_data: Path) -> StoryDataset:
    """The first 150 events of AllSides train: three outlets' title and lead each, undated."""
    data = load_story_dataset(shared_data / "allsides-neus", "train")
    events = set(list(dict.fromkeys(data.gold.values()))[:150])
    articles = tuple(a for a in data.articles if data.gold[a.id] in events)
    return StoryDataset(data.layout, articles, {a.id: data.gold[a.id] for a in articles})


def _f1(stories: list[Story], gold: dict[str, str]) -> float:
    return bcubed({a: s.id for s in stories for a in s.article_ids}, gold)[2]


def _stream(articles: Sequence[Article]) -> list[Story]:
    """The stories of the stream and its merge step alone, before any regrouping."""
    with StoryClusterer(SETTINGS) as clusterer:
        clusterer.add(sorted(articles, key=stream_key))
        clusterer.merge()
        return clusterer.stories()


def test_average_linkage_joins_groups_whose_members_agree() -> None:
    # 0-1-2 agree pairwise; 3 is close to 2 alone, so its mean link to {0, 1, 2} is low.
    pairs = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.7, (2, 3): 0.6}
    assert average_linkage(4, pairs, 0.5) == [0, 0, 0, 3]
    # Single linkage would chain 3 in through 2; at a lower bar the mean admits it.
    assert average_linkage(4, pairs, 0.15) == [0, 0, 0, 0]


def test_pairs_are_weighed_by_how_near_they_come_to_an_articles_best() -> None:
    # Article 0's best pair is (0, 1); (0, 2) is also article 2's best; (3, 4) is the best
    # of neither of its articles, which each have a better partner.
    pairs = {(0, 1): 0.8, (0, 2): 0.4, (0, 3): 0.5, (3, 4): 0.1, (0, 4): 0.2}
    weighed = relative_to_best(pairs, 1.0)
    assert weighed[(0, 1)] == 0.8
    assert weighed[(0, 2)] == 0.4  # article 2's best
    assert weighed[(0, 3)] == 0.5  # article 3's best
    assert weighed[(0, 4)] == 0.2  # article 4's best
    assert weighed[(3, 4)] == pytest.approx(0.1 * 0.1 / 0.2)  # half of article 4's best
    assert relative_to_best(pairs, 0.0) == pairs
    # Partners near-equal at an article stay near-equal, whatever their number.
    many = {(0, i): 0.9 - 0.01 * i for i in range(1, 20)}
    assert min(relative_to_best(many, 1.0).values()) > 0.8 * min(many.values())


def test_a_pairs_standing_among_its_articles_pairs_tells_same_event_reports_apart(
    allsides_sample: StoryDataset,
) -> None:
    """Among the candidate pairs, the weighed probability separates same-event pairs from
    the rest better than the join model's probability alone (ROC AUC of each as a score)."""
    from sklearn.metrics import roc_auc_score

    articles = sorted(allsides_sample.articles, key=stream_key)
    prepared = prepare_articles(articles, SETTINGS)
    pairs = candidate_pairs(prepared, load_model(semantic=False), SETTINGS)
    gold = allsides_sample.gold
    same = [gold[prepared[a].id] == gold[prepared[b].id] for a, b in pairs]
    assert 300 <= sum(same) < len(same)
    alone = roc_auc_score(same, list(pairs.values()))
    weighed = roc_auc_score(same, list(relative_to_best(pairs, 1.0).values()))
    assert weighed > alone + 0.02


def test_average_linkage_keeps_must_link_groups_together() -> None:
    pairs = {(0, 1): 0.9}
    assert average_linkage(4, pairs, 0.5, groups=[[2, 3]]) == [0, 0, 2, 2]
    assert average_linkage(3, {}, 0.5) == [0, 1, 2]


def test_regroup_joins_basil_events_the_stream_split(basil: StoryDataset) -> None:
    stream = _stream(basil.articles)
    regrouped = regroup_stories(stream, basil.articles, SETTINGS)
    members = [a for s in regrouped for a in s.article_ids]
    assert sorted(members) == sorted(a.id for a in basil.articles)
    assert _f1(regrouped, basil.gold) > _f1(stream, basil.gold)
    assert bcubed({a: s.id for s in regrouped for a in s.article_ids}, basil.gold)[0] == 1.0
    assert _f1(regrouped, basil.gold) >= 0.97


def test_regroup_is_deterministic_and_names_stories_by_their_oldest_article(
    basil: StoryDataset,
) -> None:
    stream = _stream(basil.articles)
    first = regroup_stories(stream, basil.articles, SETTINGS)
    second = regroup_stories(stream, list(reversed(basil.articles)), SETTINGS)
    assert first == second
    by_id = {a.id: a for a in basil.articles}
    unchanged = {frozenset(s.article_ids): s for s in stream}
    for story in first:
        oldest = min((by_id[a] for a in story.article_ids), key=stream_key)
        if frozenset(story.article_ids) in unchanged:
            assert story == unchanged[frozenset(story.article_ids)]
        else:
            assert story.id == story_id(oldest.id)
            assert story.label in {(by_id[a].title or "").strip() for a in story.article_ids}


def test_candidate_pairs_stay_within_the_active_window(basil: StoryDataset) -> None:
    ordered = sorted(basil.articles, key=stream_key)
    articles = prepare_articles(ordered, SETTINGS)
    pairs = candidate_pairs(articles, load_model(None, semantic=False), SETTINGS)
    assert pairs, "same-event articles share terms and must be paired"
    for (a, b), p in pairs.items():
        assert a < b
        assert SETTINGS.regroup_min_probability <= p <= 1.0
        days = articles[a].day, articles[b].day
        assert days[0] is not None and days[1] is not None
        assert 0.0 <= days[1] - days[0] <= SETTINGS.active_days


def test_articles_behind_the_window_release_their_vectors_without_changing_pairs(
    basil: StoryDataset,
) -> None:
    ordered = sorted(basil.articles, key=stream_key)
    model = load_model(None, semantic=False)
    whole = candidate_pairs(prepare_articles(ordered, SETTINGS), model, SETTINGS)
    seen: list[RegroupArticle] = []
    frequencies = count_frequencies(ordered, SETTINGS)
    streamed = candidate_pairs(
        prepared_articles(ordered, frequencies, SETTINGS), model, SETTINGS, seen
    )
    assert streamed == whole
    newest = seen[-1].day
    assert newest is not None
    old = [a for a in seen if a.day is not None and a.day < newest - SETTINGS.active_days]
    assert len(old) > len(seen) // 2  # BASIL spans years
    assert all("body:stems" not in a.vectors for a in old)
    assert all("body:stems" in a.vectors for a in seen if a.day == newest)


def test_reprints_share_a_story_whatever_their_words(basil: StoryDataset) -> None:
    ordered = sorted(basil.articles, key=stream_key)
    a, b = ordered[0], ordered[-1]  # years apart, different events
    stories = regroup_stories((), ordered, SETTINGS, must_link={a.id: b.id})
    together = [s for s in stories if a.id in s.article_ids]
    assert b.id in together[0].article_ids


def test_regroup_mends_the_dense_undated_stream(allsides_sample: StoryDataset) -> None:
    """150 AllSides events open at once: the stream's centroids drift, regrouping does not."""
    stream = _stream(allsides_sample.articles)
    regrouped = regroup_stories(stream, allsides_sample.articles, SETTINGS)
    assert _f1(regrouped, allsides_sample.gold) > _f1(stream, allsides_sample.gold) + 0.02


def test_merging_by_articles_joins_the_streams_early_splits_and_splits_nothing(
    allsides_sample: StoryDataset,
) -> None:
    """The merge step pairs the active stories' articles as regrouping does, starting from
    the stream's stories: 150 AllSides events (233 stories) become 208, BCubed recall .766
    -> .818 for precision .942 -> .932; every story of the stream lies whole in one story."""
    ordered = sorted(allsides_sample.articles, key=stream_key)
    with StoryClusterer(SETTINGS) as clusterer:
        clusterer.add(ordered)
        streamed = clusterer.stories()
        ids = {s.id for s in streamed}
        renamed = clusterer.merge_by_articles(ordered)
        merged = clusterer.stories()
    gold = allsides_sample.gold
    assert _f1(merged, gold) > _f1(streamed, gold) + 0.02
    story_of = {a: s.id for s in merged for a in s.article_ids}
    for story in streamed:
        assert {story_of[a] for a in story.article_ids} == {renamed.get(story.id, story.id)}
    assert len(merged) == len(streamed) - len(renamed)
    # The oldest story of a joined set keeps its id; no id is made up.
    assert {s.id for s in merged} <= ids
    order = {s.id: i for i, s in enumerate(streamed)}  # oldest first
    assert renamed and all(order[new] < order[old] for old, new in renamed.items())


def test_shared_rare_terms_separate_same_event_reports(allsides_sample: StoryDataset) -> None:
    # Differently framed reports of one event against reports of other events that share
    # a headline word with them (the negatives a candidate search offers).
    articles = sorted(allsides_sample.articles, key=stream_key)
    prepared = prepare_articles(articles, SETTINGS)
    gold = allsides_sample.gold
    same, other = [], []
    for i, a in enumerate(prepared):
        for b in prepared[i + 1 :]:
            if gold[a.id] == gold[b.id]:
                same.append(shared_rare_terms(a.vectors, b.vectors))
            elif set(a.vectors["title:stems"]) & set(b.vectors["title:stems"]):
                other.append(shared_rare_terms(a.vectors, b.vectors))
    assert len(same) >= 400 and len(other) >= 1000
    mean_same, mean_other = sum(same) / len(same), sum(other) / len(other)
    assert mean_same >= 3 * mean_other
