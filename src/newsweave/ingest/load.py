"""Load articles from input files into the store: batched, idempotent, resumable.

Each batch is one transaction; a file's last batch also writes its finished-input marker.
After a crash, a rerun skips finished files and replays the unfinished one, whose already
stored articles are ignored by their content-hash key: nothing is lost and nothing doubled.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import Article, Skip
from ..store import Store
from .files import InputFile, find_inputs, read_input
from .settings import IngestSettings


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; `skipped` lists every input record it could not use."""

    files: int = 0
    files_unchanged: int = 0
    articles_read: int = 0
    articles_new: int = 0
    by_format: Counter[str] = field(default_factory=Counter)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.articles_read - self.articles_new

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "files_unchanged": self.files_unchanged,
            "articles_read": self.articles_read,
            "articles_new": self.articles_new,
            "duplicates": self.duplicates,
            "by_format": dict(self.by_format),
            "skipped": len(self.skipped),
            "skips": [
                {"path": s.path, "record": s.record, "reason": s.reason} for s in self.skipped
            ],
        }


Progress = Callable[[InputFile | Skip, IngestReport], None]


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    settings: IngestSettings = IngestSettings(),
    *,
    on_file: Progress | None = None,
    on_skip: Callable[[Skip], None] | None = None,
) -> IngestReport:
    """Read every input under `paths` into `store`; see the module docstring for guarantees."""
    report = IngestReport()
    with store.writing():
        for item in find_inputs(paths):
            if isinstance(item, Skip):
                _record_skips(store, [item], report, on_skip)
            else:
                _ingest_file(store, item, settings, report, on_skip)
            if on_file is not None:
                on_file(item, report)
    return report


def _ingest_file(
    store: Store,
    item: InputFile,
    settings: IngestSettings,
    report: IngestReport,
    on_skip: Callable[[Skip], None] | None,
) -> None:
    key = str(item.path.resolve())
    if store.input_done(key, item.size, item.mtime_ns):
        report.files_unchanged += 1
        return
    report.files += 1
    batch: list[Article] = []
    skips: list[Skip] = []
    read = skipped = 0
    for record in read_input(item, settings):
        if isinstance(record, Skip):
            skips.append(record)
            skipped += 1
            continue
        batch.append(record)
        read += 1
        report.by_format[record.format or "unknown"] += 1
        if len(batch) >= settings.batch_size:
            _flush(store, batch, skips, report, on_skip)
            batch, skips = [], []
    report.articles_read += read
    with store.transaction():
        report.articles_new += store.add_articles(batch)
        store.add_skips(skips)
        store.mark_input(key, item.size, item.mtime_ns, read, skipped)
    _note_skips(skips, report, on_skip)


def _flush(
    store: Store,
    batch: list[Article],
    skips: list[Skip],
    report: IngestReport,
    on_skip: Callable[[Skip], None] | None,
) -> None:
    with store.transaction():
        report.articles_new += store.add_articles(batch)
        store.add_skips(skips)
    _note_skips(skips, report, on_skip)


def _record_skips(
    store: Store, skips: list[Skip], report: IngestReport, on_skip: Callable[[Skip], None] | None
) -> None:
    with store.transaction():
        store.add_skips(skips)
    _note_skips(skips, report, on_skip)


def _note_skips(
    skips: list[Skip], report: IngestReport, on_skip: Callable[[Skip], None] | None
) -> None:
    report.skipped.extend(skips)
    if on_skip is not None:
        for skip in skips:
            on_skip(skip)


__all__ = ["IngestReport", "ingest_paths"]
