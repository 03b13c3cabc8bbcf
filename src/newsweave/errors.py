"""The one exception hierarchy of newsweave.

    NewsweaveError
    ├── InputError          an input file or record cannot be read (named in the message)
    │   └── LimitExceeded   an input is over a configured size or time limit
    ├── StoreError          the store file is missing, locked, corrupt or of a newer schema
    ├── NotFound            an article, story or link id that the store does not hold
    └── MissingExtra        an optional part is needed: the message names the extra to install

Messages say what to fix: "feed.xml line 12: not valid XML; skipped".
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base of every error newsweave raises on purpose."""


class InputError(NewsweaveError):
    """An input file or record cannot be read; ingest turns it into a counted Skip."""

    def __init__(self, path: str, reason: str, record: str | None = None) -> None:
        self.path, self.reason, self.record = path, reason, record
        where = f"{path} {record}" if record else path
        super().__init__(f"{where}: {reason}")


class LimitExceeded(InputError):
    """An input is over a configured limit (file size, record size, parse time)."""


class StoreError(NewsweaveError):
    """The store cannot be opened or written."""


class NotFound(NewsweaveError):
    """An id the store does not hold."""


class MissingExtra(NewsweaveError):
    """An optional dependency is missing; the message says which extra provides it."""

    def __init__(self, extra: str, module: str) -> None:
        self.extra, self.module = extra, module
        super().__init__(
            f"this needs the optional module {module!r}: pip install 'newsweave[{extra}]'"
        )


__all__ = [
    "InputError",
    "LimitExceeded",
    "MissingExtra",
    "NewsweaveError",
    "NotFound",
    "StoreError",
]
