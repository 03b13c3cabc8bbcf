"""The Spark stories stage gives the local engine's stories: members, scores and labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from newsweave.evaluate.stories import load_story_dataset
from newsweave.records import Story
from newsweave.spark.ingest import row_article
from newsweave.spark.stories import cluster_stream, row_story, stories_to_parquet
from newsweave.store import Store
from newsweave.stories import StorySettings
from newsweave.stories.clusterer import stream_key
from newsweave.stories.persist import stored_stories
from newsweave.stories.run import update_stories
from newsweave.stories.terms import article_terms

from .conftest import BothEngines, sorted_stories


def spark_stories(path: str) -> list[Story]:
    rows = ds.dataset(path, format="parquet").to_table().to_pylist()
    return sorted_stories(row_story(r)[0] for r in rows)


def test_sample_corpus_stories_are_identical(sample_both: BothEngines) -> None:
    found = spark_stories(sample_both.stories)
    assert sum(len(s.members) for s in found) == len(sample_both.local_ids)
    assert any(len(s.members) > 2 for s in found)
    assert found == sample_both.local_stories


@pytest.mark.slow
def test_small_buckets_and_no_links_match_the_local_run(
    spark: Any, sample_both: BothEngines, tmp_path: Path
) -> None:
    """Chunks of 8 articles: the stream order and the must-link map are per chunk."""
    rows = sorted(
        ds.dataset(sample_both.articles, format="parquet").to_table().to_pylist(),
        key=lambda r: r["seq"],
    )
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_articles([row_article(r) for r in rows])
        update_stories(store, chunk=8)
        local = sorted_stories(stored_stories(store.conn))
    out = str(tmp_path / "stories")
    stories_to_parquet(spark, sample_both.articles, out, None, chunk=8)
    assert spark_stories(out) == local


@pytest.mark.parametrize("data_set", ["allsides-neus", "basil-dev"])
def test_the_merge_step_gives_the_local_runs_stories(
    tmp_path: Path, shared_data: Path, data_set: str
) -> None:
    """With `merge`, the driver's stream keeps the active stories' articles and joins the
    stories it split as `update_stories(merge=True)` does: 60 AllSides events (undated: all
    active at the end) and BASIL's dated events (merged as they are about to close)."""
    data = load_story_dataset(
        shared_data / data_set, "train" if data_set == "allsides-neus" else None
    )
    events = set(list(dict.fromkeys(data.gold.values()))[:60])
    settings = StorySettings(use_embeddings=False)
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_articles([a for a in data.articles if data.gold[a.id] in events])
        report = update_stories(store, settings, merge=True)
        local = sorted_stories(stored_stories(store.conn))
        stored = list(store.articles())
    bucket = sorted(
        ((a, None, article_terms(a, settings.lead_words, settings.use_entities)) for a in stored),
        key=lambda item: stream_key(item[0]),
    )
    found = sorted_stories(story for story, _, _ in cluster_stream([bucket], settings, merge=True))
    assert report.merged > 0
    assert found == local
