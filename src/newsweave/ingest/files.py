"""Find input files, tell their format, enforce size limits and hand them to a reader.

File-level problems (missing, empty, binary, oversized, truncated or bomb-like gzip) are
decided here and come out as `Skip` records; record-level problems are the readers' own.
Any unexpected failure inside a reader ends that file with one Skip naming it, never the run.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from pathlib import Path
from typing import BinaryIO, Protocol

from ..errors import InputError, LimitExceeded
from ..records import Article, Skip, article_id
from .settings import IngestSettings

FORMATS = ("text", "jsonl", "html", "feed", "warc")

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".warc": "warc",
    ".arc": "warc",
}
# Formats streamed record by record: the file-size limit does not apply to them, only the
# per-record limit does (a WARC segment of a news crawl is often a gigabyte).
STREAMED = frozenset({"jsonl", "warc"})
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read, with what identifies this version of it for resumed runs."""

    path: Path
    size: int
    mtime_ns: int
    format: str | None  # None: decided by sniffing its first bytes
    compressed: bool
    key: str  # the resolved path: what resume markers are stored under


def _key(path: Path) -> str:
    return os.fspath(path.resolve())


def find_inputs(paths: Iterable[str | Path]) -> Iterator[InputFile | Skip]:
    """Files under the given paths, folders walked in sorted order, hidden files left out."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            # Resolve the folder once: resolving each of a million files costs minutes.
            given_root, real_root = os.fspath(path), _key(path)
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                real = real_root + root[len(given_root) :]
                for name in sorted(files):
                    if not name.startswith("."):
                        yield from _input_file(Path(root) / name, os.path.join(real, name))
        elif path.exists():
            yield from _input_file(path, _key(path))
        else:
            yield Skip(str(path), None, "no such file or folder")


def _input_file(path: Path, key: str) -> Iterator[InputFile | Skip]:
    try:
        info = path.stat()
    except OSError as error:
        yield Skip(str(path), None, f"cannot read: {error.strerror}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield Skip(str(path), None, "not a regular file")
        return
    suffixes = [s.lower() for s in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    inner = suffixes[-2] if compressed and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    fmt = _EXTENSIONS.get(inner) if not (compressed and not inner) else None
    yield InputFile(path, info.st_size, info.st_mtime_ns, fmt, compressed, key)


def sniff_format(head: bytes) -> str | None:
    """Tell a format from the first bytes of a file whose name does not say."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<?xml") or start.startswith(b"<rss") or start.startswith(b"<feed"):
        if b"<rss" in start or b"<feed" in start or b"<rdf" in start:
            return "feed"
        return "html" if b"<html" in start else "feed"
    if start.startswith(b"<!doctype html") or start.startswith(b"<html") or b"<body" in start:
        return "html"
    return "text"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def close(self) -> None: ...


class _BoundedReader(io.RawIOBase):
    """A decompressing reader that stops past a byte budget (gzip bombs, huge members)."""

    def __init__(
        self, raw: _Readable, limit: int, path: str, owner: _Readable | None = None
    ) -> None:
        self._raw, self._limit, self._path, self._read = raw, limit, path, 0
        self._owner = owner

    def close(self) -> None:
        self._raw.close()
        if self._owner is not None:
            self._owner.close()
        super().close()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise LimitExceeded(
                self._path, f"decompresses past {self._limit // _CHUNK} MiB (possible gzip bomb)"
            )
        buffer[: len(data)] = data
        return len(data)


def _decompressed_limit(item: InputFile, settings: IngestSettings) -> int:
    by_ratio = max(item.size, 1) * settings.max_compression_ratio
    if item.format in STREAMED or item.format is None:
        return max(by_ratio, settings.max_record_bytes)
    return min(by_ratio, settings.max_file_bytes)


def _read_whole(item: InputFile, settings: IngestSettings) -> bytes:
    path = str(item.path)
    if not item.compressed and item.size > settings.max_file_bytes:
        raise LimitExceeded(
            path,
            f"file is {item.size / _CHUNK:.1f} MiB, over the "
            f"{settings.max_file_bytes / _CHUNK:.0f} MiB limit (--max-file-mb)",
        )
    with open(item.path, "rb") as handle:
        if not item.compressed:
            return handle.read()
        limit = _decompressed_limit(item, settings)
        reader = _BoundedReader(gzip.GzipFile(fileobj=handle), limit, path)
        return io.BufferedReader(reader, _CHUNK).read()


def read_input(
    item: InputFile, settings: IngestSettings = IngestSettings(), pool: Pool | None = None
) -> Iterator[Article | Skip]:
    """Every article of one input file; problems come out as Skips, never as exceptions.

    A `pool` of worker processes parses the pages of a web archive while this process reads it.
    """
    path = str(item.path)
    if item.size == 0:
        yield Skip(path, None, "empty file")
        return
    try:
        for record in _dispatch(item, settings, pool):
            yield _with_default_outlet(record, settings)
    except InputError as error:
        yield Skip(error.path, error.record, error.reason)
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        yield Skip(path, None, f"truncated or corrupt gzip data ({error})")
    except MemoryError:
        yield Skip(path, None, "too large to read in memory")
    except Exception as error:  # a reader bug must cost one file, not the run
        yield Skip(path, None, f"could not be read: {type(error).__name__}: {error}")


def _dispatch(
    item: InputFile, settings: IngestSettings, pool: Pool | None = None
) -> Iterator[Article | Skip]:
    from . import feeds, html, jsonl, warc
    from .encoding import decode_bytes
    from .text import parse_text

    path = str(item.path)
    fmt = item.format
    if fmt is None:
        with _open_stream(item, settings) as stream:
            fmt = sniff_format(stream.read(4096))
    if fmt == "warc":
        # warcio reads .warc.gz itself (record-at-a-time gzip members).
        with open(item.path, "rb") as handle:
            yield from warc.read_warc(handle, path, settings, pool)
        return
    if fmt == "jsonl":
        with _open_stream(item, settings) as stream:
            yield from jsonl.read_jsonl(stream, path, settings)
        return
    data = _read_whole(item, settings)
    if not data.strip():
        yield Skip(path, None, "empty file")
    elif fmt == "html":
        yield html.parse_html(data, source=path, settings=settings)
    elif fmt == "feed":
        yield from feeds.read_feed(data, path, settings)
    else:
        yield parse_text(decode_bytes(data, path), source=path, format="text")


def _with_default_outlet(record: Article | Skip, settings: IngestSettings) -> Article | Skip:
    """Name the outlet the user gave for inputs that do not name one themselves."""
    if isinstance(record, Skip) or record.outlet or not settings.default_outlet:
        return record
    outlet = settings.default_outlet
    return replace(record, outlet=outlet, id=article_id(outlet, record.title, record.body))


def _open_stream(item: InputFile, settings: IngestSettings) -> BinaryIO:
    handle = open(item.path, "rb")  # noqa: SIM115 - returned to the caller's with-block
    if not item.compressed:
        return handle
    limit = _decompressed_limit(item, settings)
    gz = gzip.GzipFile(fileobj=handle)
    raw = _BoundedReader(gz, limit, str(item.path), owner=handle)
    return io.BufferedReader(raw, _CHUNK)


__all__ = ["FORMATS", "STREAMED", "InputFile", "find_inputs", "read_input", "sniff_format"]
