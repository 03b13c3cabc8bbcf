"""Fixtures shared by every test module: where the real data and the sample corpus live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsweave.records import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("NEWSWEAVE_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEEDS = SHARED_DATA / "seeds" / "articles"
SAMPLE_CORPUS = ROOT / "samples" / "corpus"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA}: clone beside ../shared")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_paths(shared_data: Path) -> dict[str, Path]:
    """The seed pair by short name: '000' is the Reuters wire story, '004' its rewrite."""
    return {p.name[:3]: p for p in sorted((shared_data / "seeds" / "articles").glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_articles(seed_paths: dict[str, Path]) -> dict[str, Article]:
    """The seed pair parsed by the plain-text reader."""
    from newsweave.ingest.text import parse_text

    return {
        name: parse_text(path.read_text(encoding="utf-8"), source=str(path))
        for name, path in seed_paths.items()
    }
