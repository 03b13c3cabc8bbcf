"""Pausing Python's cycle collector while a stage builds many long-lived objects.

The stages hold their working state in many small containers (centroids, postings,
member lists) and allocate many more while they work. CPython's cycle collector runs
after every few hundred allocations and walks the young objects each time, and now and
then all of them; the stages make no reference cycles worth collecting while they work,
so those walks find nothing and cost time (on the stories benchmark, about a fifth of the
clustering process's CPU). Reference counting still frees everything as it goes; the
collector runs again, as before, once the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cycle collector for the block, if it was enabled; re-enable it after,
    whatever happens. Nested blocks leave it to the outermost one."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


__all__ = ["gc_paused"]
