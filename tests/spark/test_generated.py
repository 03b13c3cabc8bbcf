"""Both engines on a generated corpus of a few thousand articles: identical links and stories.

The corpus is bench/reuse.py's generator (15% reprints of earlier articles), dated five
articles an hour over 25 days so stories open and close, and titled by their first words.
Reuse runs in batches of 500 with a low ceiling on common seeds, so the batch-by-batch
history of the local index is exercised; stories run in buckets of 1,000.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from newsweave.records import Article
from newsweave.reuse.run import update_reuse
from newsweave.reuse.settings import ReuseSettings
from newsweave.spark.ingest import article_values, articles_schema
from newsweave.spark.reuse import reuse_to_parquet
from newsweave.spark.stories import stories_to_parquet
from newsweave.store import Store
from newsweave.stories.persist import stored_stories
from newsweave.stories.run import update_stories

from .conftest import ROOT, sorted_links, sorted_stories
from .test_reuse import spark_links
from .test_stories import spark_stories

ARTICLES = 3000
SETTINGS = ReuseSettings(batch_size=500, max_seed_articles=8)


def bench_corpus(n: int) -> Any:
    spec = importlib.util.spec_from_file_location("bench_reuse", ROOT / "bench" / "reuse.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_reuse", module)
    spec.loader.exec_module(module)
    return module.Corpus(n)


def dated_articles(n: int) -> list[Article]:
    corpus = bench_corpus(n)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    articles = []
    for i in range(n):
        plain = corpus.article(i)
        title = " ".join(plain.body[0].split()[:8]).rstrip(".")
        published = (start + timedelta(minutes=12 * i)).isoformat()
        articles.append(
            Article(
                id=plain.id, body=plain.body, outlet=plain.outlet, title=title, published=published
            )
        )
    return articles


@pytest.mark.slow
def test_generated_corpus_gives_identical_links_and_stories(spark: Any, tmp_path: Path) -> None:
    articles = dated_articles(ARTICLES)
    with Store(tmp_path / "local.db") as store:
        with store.transaction():
            store.add_articles(articles)
        update_reuse(store, SETTINGS)
        update_stories(store, chunk=1000)
        local_links = sorted_links(store.links())
        local_stories = sorted_stories(stored_stories(store.conn))
    path = str(tmp_path / "articles")
    rows = [article_values(a, seq) for seq, a in enumerate(articles, start=1)]
    spark.createDataFrame(rows, articles_schema()).write.parquet(path)
    reuse_to_parquet(spark, path, str(tmp_path / "reuse"), SETTINGS)
    stories_to_parquet(spark, path, str(tmp_path / "stories"), str(tmp_path / "reuse"), chunk=1000)

    links = spark_links(str(tmp_path / "reuse"))
    assert len(links) > 0.1 * ARTICLES  # the planted reprints are found
    assert links == local_links
    stories = spark_stories(str(tmp_path / "stories"))
    assert sum(len(s.members) for s in stories) == ARTICLES
    assert stories == local_stories
