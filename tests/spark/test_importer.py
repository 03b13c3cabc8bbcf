"""Spark outputs imported into a store read back as the local engine stored them."""

from __future__ import annotations

from pathlib import Path

from newsweave.spark.importer import import_outputs
from newsweave.store import Store
from newsweave.stories.persist import stored_stories

from .conftest import BothEngines, sorted_links, sorted_stories


def test_import_gives_the_local_store_contents(sample_both: BothEngines, tmp_path: Path) -> None:
    with Store(tmp_path / "imported.db") as store:
        report = import_outputs(store, sample_both.articles, sample_both.reuse, sample_both.stories)
        again = import_outputs(store, sample_both.articles)
        assert [a.id for a in store.articles()] == sample_both.local_ids
        assert sorted_links(store.links()) == sample_both.local_links
        assert sorted_stories(stored_stories(store.conn)) == sample_both.local_stories
    assert report.articles == 50 and report.links == len(sample_both.local_links)
    assert again.articles == 0  # nothing twice
