"""Limits and defaults for ingest, in one frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """What ingest accepts.

    The limits keep one hostile or broken input from stopping a run over millions: a file
    over `max_file_bytes` (after decompression for .gz) or a record over `max_record_bytes`
    is skipped with a message, never read whole. 64 MiB covers the largest single WARC
    files of common news crawls split per segment; 8 MiB is far above any article page.
    """

    max_file_bytes: int = 64 * 1024 * 1024
    max_record_bytes: int = 8 * 1024 * 1024
    # A .gz that inflates more than this many times its size is treated as a gzip bomb.
    max_compression_ratio: int = 200
    # Seconds one HTML page may take to extract before it is skipped.
    record_timeout: float = 10.0
    # Used when an input does not name its outlet.
    default_outlet: str | None = None
    batch_size: int = 500
    # Processes that parse files read whole (HTML extraction dominates ingest time); 1 parses
    # in the writing process. Default: the machine's cores, at most 4.
    workers: int = field(default_factory=lambda: min(os.cpu_count() or 1, 4))
