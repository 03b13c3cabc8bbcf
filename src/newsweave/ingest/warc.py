"""Read web archives (WARC, .warc.gz as written by crawlers): one article per HTML page.

Only `response` records of HTTP status 200 with an HTML content type hold articles; request,
metadata, resource and revisit records, and responses for images, scripts or style sheets,
are not articles and are passed over silently, and so are responses of another status (a
404 page, a redirect): crawls hold many and they are not broken input. Records are
numbered from 1 in file order, every kind counted.

warcio reads a truncated file without complaint, handing out a short last record; this
reader checks each record's length and that the file ends where its last record does, so a
truncated download ends with one Skip that says where, keeping everything read before it.
"""

from __future__ import annotations

import codecs
import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.pool import Pool
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from ..errors import InputError
from ..records import Article, Skip
from .html import decode_html, normalize_date, parse_html
from .settings import IngestSettings

_HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# An uncompressed WARC record is followed by "\r\n\r\n", which warcio does not count in its
# length; anything longer after the last record is a record cut short.
_RECORD_TRAILER = 4
# Pages parsed ahead in worker processes: enough to keep two to four workers busy.
_IN_FLIGHT = 32


class _CountingReader(io.RawIOBase):
    """Counts the bytes warcio takes from the file, to tell where the file really ended."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw, self.position = raw, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


def read_warc(
    stream: BinaryIO,
    path: str,
    settings: IngestSettings = IngestSettings(),
    pool: Pool | None = None,
) -> Iterator[Article | Skip]:
    """The articles of a web archive, with a Skip for each page that could not be used.

    Records are read here, in order; with a `pool`, pages are parsed in its worker processes
    (a few dozen in flight, so memory stays bounded) and come back in file order.
    """
    items = _pages(stream, path, settings)
    if pool is None:
        for item in items:
            yield _parse_page(item, settings) if isinstance(item, _Page) else item
        return
    pending: deque[Any] = deque()
    for item in items:
        if isinstance(item, _Page):
            pending.append(pool.apply_async(_parse_page, (item, settings)))
        else:
            pending.append(item)
        while len(pending) > _IN_FLIGHT:
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def _result(item: Any) -> Article | Skip:
    return item if isinstance(item, Article | Skip) else item.get()


@dataclass(frozen=True, slots=True)
class _Page:
    """An HTML page read out of its record, waiting to be parsed."""

    body: bytes
    charset: str | None
    url: str | None
    crawled: str | None
    path: str
    where: str
    source: str


def _parse_page(page: _Page, settings: IngestSettings) -> Article | Skip:
    try:
        article = parse_html(
            _decode(page.body, page.charset),
            source=page.source,
            url=page.url,
            settings=settings,
            fallback_date=page.crawled,
        )
    except InputError as error:
        return Skip(page.path, page.where, error.reason)
    except Exception as error:  # one page must not cost the rest of the archive
        return Skip(page.path, page.where, f"could not be read: {type(error).__name__}: {error}")
    return replace(article, format="warc")


def _pages(stream: BinaryIO, path: str, settings: IngestSettings) -> Iterator[_Page | Skip]:
    """Each HTML page of the archive, unparsed, and a Skip for each unusable record."""
    counter = _CountingReader(stream)
    archive = ArchiveIterator(io.BufferedReader(counter, 1 << 16))
    records = iter(archive)
    number, finished_at = 0, 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as error:  # warcio raises assorted errors on a damaged file
            yield _damaged(path, f"record {number + 1}", finished_at, error)
            return
        number += 1
        where = f"record {number} ({_record_id(record)})"
        if record.rec_type is None or record.length is None:  # a header cut short
            yield Skip(
                path,
                f"record {number}",
                f"incomplete WARC header at byte {_start(archive, finished_at)} "
                "(truncated or damaged file); "
                f"kept the {number - 1} records before it",
            )
            return
        page: _Page | None = None
        try:
            page = _read_page(record, path, where, f"{path}#record {number}", settings)
        except _Truncated:
            pass
        except InputError as error:
            yield Skip(path, where, error.reason)
        except Exception as error:  # one page must not cost the rest of the archive
            yield Skip(path, where, f"could not be read: {type(error).__name__}: {error}")
        try:
            start = archive.get_record_offset()  # reads what is left of the record
            finished_at = start + archive.get_record_length()
        except Exception as error:
            yield _damaged(path, where, finished_at, error)
            return
        if getattr(record.raw_stream, "limit", 0) > 0:
            yield Skip(
                path,
                where,
                f"file ends inside this record, which starts at byte {start} "
                f"(truncated download); kept the {number - 1} records before it",
            )
            return
        if page is not None:
            yield page
    if counter.position - finished_at > _RECORD_TRAILER:
        yield Skip(
            path,
            f"record {number + 1}",
            f"file ends inside a record that starts at byte {finished_at} "
            f"(truncated download); kept the {number} records before it",
        )


class _Truncated(Exception):
    """A record's content stops before its declared length: the file was cut short."""


def _read_page(
    record: ArcWarcRecord, path: str, where: str, source: str, settings: IngestSettings
) -> _Page | None:
    """The page in one record, None when the record is not an HTML page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    media_type, charset = _content_type(record.http_headers.get_header("Content-Type") or "")
    if media_type not in _HTML_MEDIA_TYPES:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    if record.length is not None and record.length > settings.max_record_bytes:
        raise InputError(
            source,
            f"record is {_size(record.length)}, over the {_size(settings.max_record_bytes)} limit",
        )
    body = record.content_stream().read(settings.max_record_bytes + 1)
    if len(body) > settings.max_record_bytes:
        raise InputError(source, f"page decompresses past {_size(settings.max_record_bytes)}")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise _Truncated
    return _Page(
        body=body,
        charset=charset,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        crawled=normalize_date(record.rec_headers.get_header("WARC-Date")),
        path=path,
        where=where,
        source=source,
    )


def _decode(body: bytes, charset: str | None) -> str | bytes:
    """Page text using the HTTP charset; bytes (meta charset, detection) when it has none.

    Servers often declare iso-8859-1 by default for pages written in UTF-8, so a body that
    is valid UTF-8 is read as UTF-8 whatever the header says; iso-8859-1 and ascii are read
    as windows-1252, as browsers do.
    """
    if not charset:
        return body
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return body
    if name == "utf-8":  # declared UTF-8 but is not: let the page and detection decide
        return decode_html(body)
    if name in {"iso8859-1", "ascii"}:
        name = "cp1252"
    return body.decode(name, errors="replace")


def _content_type(value: str) -> tuple[str, str | None]:
    media_type, _, parameters = value.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        key, _, given = parameter.partition("=")
        if key.strip().lower() == "charset" and given.strip():
            charset = given.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _start(archive: ArchiveIterator, default: int) -> int:
    """Where the current record starts, when warcio can still say."""
    try:
        return int(archive.get_record_offset())
    except Exception:
        return default


def _record_id(record: ArcWarcRecord) -> str:
    value = record.rec_headers.get_header("WARC-Record-ID") or "no WARC-Record-ID"
    return value.strip("<>")


def _damaged(path: str, where: str, offset: int, error: Exception) -> Skip:
    detail = str(error).strip() or type(error).__name__
    return Skip(
        path,
        where,
        f"not a readable WARC record at byte {offset} ({detail}); reading stopped here",
    )


def _size(size: int) -> str:
    """A byte count for messages: "8 MiB", "1.5 MiB", "7 KiB"."""
    if size < 1 << 20:
        return f"{max(size >> 10, 1)} KiB"
    return f"{size / (1 << 20):.1f}".removesuffix(".0") + " MiB"


__all__ = ["read_warc"]
