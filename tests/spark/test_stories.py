"""The Spark stories stage gives the local engine's stories: members, scores and labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from newsweave.records import Story
from newsweave.spark.ingest import row_article
from newsweave.spark.stories import row_story, stories_to_parquet
from newsweave.store import Store
from newsweave.stories.persist import stored_stories
from newsweave.stories.run import update_stories

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
