"""Load articles from input files into the store: batched, idempotent, resumable.

Each batch is one transaction; a file's last batch also writes its finished-input marker.
After a crash, a rerun skips finished files and replays the unfinished one, whose already
stored articles are ignored by their content-hash key: nothing is lost and nothing doubled.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..records import Article, Skip
from ..store import Store
from .files import STREAMED, InputFile, find_inputs, read_input
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
    """Read every input under `paths` into `store`; see the module docstring for guarantees.

    With `settings.workers` above 1, files read whole (text, HTML, feeds) and the pages of
    web archives are parsed in worker processes while this process writes, in input order;
    JSONL and WARC files stream record by record here. The store sees the same batches
    either way.
    """
    report = IngestReport()
    with store.writing():
        pending: list[InputFile] = []
        for item in find_inputs(paths):
            if isinstance(item, Skip):
                _record_skips(store, [item], report, on_skip)
                if on_file is not None:
                    on_file(item, report)
            elif store.input_done(item.key, item.size, item.mtime_ns):
                report.files_unchanged += 1
                if on_file is not None:
                    on_file(item, report)
            else:
                pending.append(item)
        batch = _Batch()
        for item, records in _parsed(pending, settings):
            _ingest_file(store, item, records, settings, report, batch, on_skip)
            if on_file is not None:
                on_file(item, report)
        batch.flush(store, report, on_skip)
    return report


def _parsed(
    items: list[InputFile], settings: IngestSettings
) -> Iterator[tuple[InputFile, Iterable[Article | Skip]]]:
    """Each file with its records: parsed ahead in worker processes where that pays."""
    whole = [i for i in items if _read_whole(i)]
    archives = any(i.format == "warc" for i in items)
    if settings.workers <= 1 or (len(whole) < 2 * settings.workers and not archives):
        for item in items:
            yield item, read_input(item, settings)
        return
    context = multiprocessing.get_context("forkserver")
    with context.Pool(settings.workers) as pool:
        parsed = pool.imap(partial(_read_whole_file, settings=settings), whole, chunksize=8)
        for item in items:
            if not _read_whole(item):
                yield item, read_input(item, settings, pool)
            else:
                yield item, next(parsed)


def _read_whole(item: InputFile) -> bool:
    """Whether a file is parsed whole (sniffed files may be streamed formats: not those)."""
    return item.format is not None and item.format not in STREAMED


def _read_whole_file(item: InputFile, settings: IngestSettings) -> list[Article | Skip]:
    return list(read_input(item, settings))


@dataclass(slots=True)
class _Batch:
    """Rows waiting for one transaction: articles, skips, and markers of finished files.

    Small files share a transaction (a marker commits with the articles of its file), so
    ingesting many small files costs few commits.
    """

    articles: list[Article] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    finished: list[tuple[str, int, int, int, int]] = field(default_factory=list)

    def flush(
        self, store: Store, report: IngestReport, on_skip: Callable[[Skip], None] | None
    ) -> None:
        if not (self.articles or self.skips or self.finished):
            return
        with store.transaction():
            report.articles_new += store.add_articles(self.articles)
            store.add_skips(self.skips)
            for marker in self.finished:
                store.mark_input(*marker)
        _note_skips(self.skips, report, on_skip)
        self.articles, self.skips, self.finished = [], [], []


def _ingest_file(
    store: Store,
    item: InputFile,
    records: Iterable[Article | Skip],
    settings: IngestSettings,
    report: IngestReport,
    batch: _Batch,
    on_skip: Callable[[Skip], None] | None,
) -> None:
    report.files += 1
    read = skipped = 0
    for record in records:
        if isinstance(record, Skip):
            batch.skips.append(record)
            skipped += 1
            continue
        batch.articles.append(record)
        read += 1
        report.by_format[record.format or "unknown"] += 1
        if len(batch.articles) >= settings.batch_size:
            batch.flush(store, report, on_skip)
    report.articles_read += read
    batch.finished.append((item.key, item.size, item.mtime_ns, read, skipped))
    if len(batch.articles) + len(batch.finished) >= settings.batch_size:
        batch.flush(store, report, on_skip)


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
