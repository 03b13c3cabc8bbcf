"""Fixtures of the reuse tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.evaluate.reuse import load_seed_pair
from newsweave.records import Article


@pytest.fixture(scope="session")
def seed_pair_articles(shared_data: Path) -> tuple[Article, Article]:
    """(000, 004): the Reuters wire story and its rewrite."""
    return load_seed_pair(shared_data / "seeds")
