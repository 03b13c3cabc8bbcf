"""Stores for the web and report tests: the seed pair beside the hostile samples."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsweave
from newsweave.compare import Comparison
from newsweave.records import Story

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "samples" / "hostile"


@pytest.fixture(scope="session")
def reuse_store(tmp_path_factory: pytest.TempPathFactory, seed_paths: dict[str, Path]) -> Path:
    """A store holding the seed pair and the hostile articles, with reuse found."""
    db = tmp_path_factory.mktemp("web") / "newsweave.db"
    with newsweave.open(db) as nw:
        nw.ingest(*seed_paths.values(), HOSTILE)
        nw.reuse()
    return db


@pytest.fixture(scope="session")
def web_store(reuse_store: Path) -> Path:
    """The same store with stories built: what `newsweave serve` and `report` read."""
    with newsweave.open(reuse_store) as nw:
        nw.stories()
    return reuse_store


@pytest.fixture(scope="session")
def seed_ids(reuse_store: Path, seed_paths: dict[str, Path]) -> dict[str, str]:
    """Article ids of the seed pair by short name ('000' wire, '004' rewrite)."""
    with newsweave.open(reuse_store) as nw:
        by_source = {a.source: a.id for a in nw.articles()}
    return {name: by_source[str(path)] for name, path in seed_paths.items()}


@pytest.fixture(scope="session")
def seed_story(web_store: Path, seed_ids: dict[str, str]) -> Story:
    """The story the seed pair forms."""
    with newsweave.open(web_store) as nw:
        for story in nw.stories_list():
            if seed_ids["000"] in story.article_ids:
                return story
    raise AssertionError("the seed wire story is in no story")


@pytest.fixture(scope="session")
def seed_comparison(reuse_store: Path, seed_ids: dict[str, str]) -> Comparison:
    """The seed pair compared as two versions of one story."""
    with newsweave.open(reuse_store) as nw:
        return nw.compare_articles([seed_ids["000"], seed_ids["004"]])


@pytest.fixture(scope="session")
def hostile_ids(reuse_store: Path) -> list[str]:
    """Ids of the articles read from samples/hostile/."""
    with newsweave.open(reuse_store) as nw:
        return [a.id for a in nw.articles() if a.source and "hostile" in a.source]
