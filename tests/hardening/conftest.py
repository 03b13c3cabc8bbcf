"""Shared pieces of the hardening tests: the `fuzz_long` marker, per-record limits, counts.

`fuzz_long` marks the long fuzzing runs (thousands of inputs per parser); they are left out
unless asked for with `-m fuzz_long`. Every fuzzed input is counted per parser and the counts
are printed at the end of the session, for docs/reliability.md.
"""

from __future__ import annotations

import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import pytest

FUZZED: Counter[str] = Counter()
# A record may take this many seconds of wall time (the extraction limit is 2 s of CPU in
# the fuzz settings; the rest is slack for a busy machine) ...
RECORD_SECONDS = 8.0
# ... and hold at most this much Python heap above its own size times `HEAP_FACTOR`.
HEAP_BASE = 48 * 2**20
HEAP_FACTOR = 40

T = TypeVar("T")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the long fuzzing runs out unless the marker expression names them."""
    if "fuzz_long" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="long fuzzing run: select it with -m fuzz_long")
    for item in items:
        if "fuzz_long" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FUZZED:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(FUZZED.items()))
        terminalreporter.write_line(f"inputs fuzzed: {counts}")


def bounded(parser: str, size: int, call: Callable[[], T]) -> T:
    """Run one parser call, counted, and fail if it is slow or its heap grows out of bounds."""
    FUZZED[parser] += 1
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    started = time.monotonic()
    try:
        result = call()
    finally:
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] - base
        if not tracing:
            tracemalloc.stop()
    assert elapsed < RECORD_SECONDS, f"{parser}: one input took {elapsed:.1f} s"
    limit = HEAP_BASE + HEAP_FACTOR * size
    assert peak < limit, f"{parser}: heap grew {peak >> 20} MiB on a {size}-byte input"
    return result
