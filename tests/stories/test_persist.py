"""Stories and clustering state in SQLite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.evaluate.stories import load_story_dataset
from newsweave.records import Article
from newsweave.stories import SCHEMA, StoryClusterer, StorySettings, stored_stories
from newsweave.stories.clusterer import stream_key

SETTINGS = StorySettings(use_embeddings=False)


@pytest.fixture(scope="module")
def articles(shared_data: Path) -> list[Article]:
    dataset = load_story_dataset(shared_data / "basil-dev")
    return sorted(dataset.articles, key=stream_key)[:24]


def test_schema_is_idempotent_and_prefixed() -> None:
    conn = sqlite3.connect(":memory:")
    for _ in range(2):
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"stories", "story_members", "story_state", "story_terms", "story_stream"}


def test_saved_stories_read_back_with_members_in_order(articles: list[Article]) -> None:
    conn = sqlite3.connect(":memory:")
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(articles)
    expected = {s.id: s for s in clusterer.stories()}
    clusterer.save(conn)
    stored = {s.id: s for s in stored_stories(conn)}
    assert stored == expected
    counts = dict(conn.execute("SELECT id, outlet_counts FROM stories").fetchall())
    assert all(counts[i] != "{}" for i in stored)


def test_loaded_state_scores_like_the_original(articles: list[Article]) -> None:
    conn = sqlite3.connect(":memory:")
    original = StoryClusterer(SETTINGS)
    original.add(articles[:-3])
    original.save(conn)
    restored = StoryClusterer.load(conn, SETTINGS)
    assert restored.clock == original.clock
    assert restored.frequencies["stems"].by_term() == original.frequencies["stems"].by_term()
    assert set(restored.active) == set(original.active)
    assert restored.add(articles[-3:]) == original.add(articles[-3:])


def test_a_merge_removes_the_absorbed_story_from_the_store(articles: list[Article]) -> None:
    conn = sqlite3.connect(":memory:")
    clusterer = StoryClusterer(StorySettings(use_embeddings=False, join_threshold=1.01))
    clusterer.add(articles[:9])
    clusterer.save(conn)
    renamed = clusterer.merge()
    clusterer.save(conn)
    stored = stored_stories(conn)
    assert renamed
    assert not {s.id for s in stored} & set(renamed)
    assert sum(len(s.members) for s in stored) == 9


def test_unreadable_state_is_a_store_error(articles: list[Article]) -> None:
    conn = sqlite3.connect(":memory:")
    clusterer = StoryClusterer(SETTINGS)
    clusterer.add(articles[:3])
    clusterer.save(conn)
    conn.execute("UPDATE story_state SET state = '{}'")
    with pytest.raises(StoreError, match="rerun stories"):
        StoryClusterer.load(conn, SETTINGS)


def test_an_empty_store_gives_a_fresh_clusterer() -> None:
    restored = StoryClusterer.load(sqlite3.connect(":memory:"), SETTINGS)
    assert restored.active == {} and restored.clock is None
