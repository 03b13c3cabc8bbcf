"""The Spark stories stage gives the local engine's stories: members, scores and labels."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from newsweave.evaluate.stories import load_story_dataset
from newsweave.records import Story
from newsweave.spark.ingest import row_article
from newsweave.spark.stories import (
    cluster_stream,
    rebuilt_stories,
    row_story,
    stories_to_parquet,
)
from newsweave.store import Store
from newsweave.stories import StorySettings
from newsweave.stories.clusterer import stream_key
from newsweave.stories.persist import stored_stories
from newsweave.stories.run import rebuild_stories, update_stories
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


def stored_with_state(store: Store) -> list[tuple[Story, dict[str, int], bool]]:
    """Each stored story with its outlet counts and whether it is still active."""
    rows = {
        story_id: (json.loads(counts), bool(active))
        for story_id, counts, active in store.conn.execute(
            "SELECT id, outlet_counts, active FROM stories"
        )
    }
    return [(s, *rows[s.id]) for s in sorted_stories(stored_stories(store.conn))]


@pytest.mark.parametrize("data_set", ["allsides-neus", "basil-dev"])
def test_batch_mode_gives_the_local_rebuild(
    tmp_path: Path, shared_data: Path, data_set: str
) -> None:
    """The driver's batch mode over the sorted dataset leaves what `rebuild_stories` leaves
    in the store: the same stories, outlet counts, and closed or active. BASIL spans years,
    so most of its stories close in the replay; AllSides is undated, so none do."""
    data = load_story_dataset(
        shared_data / data_set, "train" if data_set == "allsides-neus" else None
    )
    events = set(list(dict.fromkeys(data.gold.values()))[:60])
    articles = [a for a in data.articles if data.gold[a.id] in events]
    settings = StorySettings(use_embeddings=False)
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_articles(articles)
        rebuild_stories(store, settings)
        local = stored_with_state(store)
        stored = sorted(store.articles(), key=stream_key)
    found = sorted(
        ((s, dict(counts), active) for s, counts, active in rebuilt_stories(stored, {}, settings)),
        key=lambda row: row[0].id,
    )
    assert found == local
    closed = sum(not active for _, _, active in found)
    assert (closed > len(found) // 2) if data_set == "basil-dev" else closed == 0
    assert any(len(story.members) > 1 for story, _, _ in found)


@pytest.mark.slow
def test_spark_batch_mode_gives_the_local_rebuild(
    spark: Any, sample_both: BothEngines, tmp_path: Path
) -> None:
    """`newsweave spark stories --rebuild` on the sample corpus, its reuse links making
    reprints share a story, against `newsweave stories --rebuild` on the same store."""
    from typer.testing import CliRunner

    from newsweave.spark.cli import app

    db = tmp_path / "local.db"
    shutil.copy(sample_both.local_db, db)
    with Store(db) as store:
        rebuild_stories(store)
        local = stored_with_state(store)
    out = str(tmp_path / "stories")
    args = ["stories", "--articles", sample_both.articles, "--reuse", sample_both.reuse]
    result = CliRunner().invoke(app, [*args, "--output", out, "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    rows = ds.dataset(out, format="parquet").to_table().to_pylist()
    found = sorted(
        ((s, dict(counts), active) for s, counts, active in map(row_story, rows)),
        key=lambda row: row[0].id,
    )
    assert found == local
    assert json.loads(result.stdout)["stories"] == len(local)
