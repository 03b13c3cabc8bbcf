"""Ingest: read articles from text, JSONL, HTML, feeds and WARC into Article records.

`read_articles` is the stage as a pure stream (no store); `ingest_paths` writes that stream
into a store in resumable batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import Article, Skip
from .files import find_inputs, read_input
from .load import IngestReport, ingest_paths
from .settings import IngestSettings


def read_articles(
    paths: Iterable[str | Path], settings: IngestSettings = IngestSettings()
) -> Iterator[Article | Skip]:
    """Every article under `paths`, and a Skip for every input that could not be used."""
    for item in find_inputs(paths):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_input(item, settings)


__all__ = ["IngestReport", "IngestSettings", "ingest_paths", "read_articles"]
