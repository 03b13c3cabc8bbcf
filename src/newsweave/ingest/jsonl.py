"""Read JSON Lines of articles: newsweave's own export and the field names of public corpora.

One JSON object per line. The export's fields (`id, outlet, bylines, dateline, published,
title, url, text, captions, bullets, subheads, agency_tags, language`) are read as written, so
exporting and re-ingesting gives the same article ids. Other corpora name things differently
(BASIL: `source`, `date`, `body_paragraphs`; news-please: `maintext`, `date_publish`,
`authors`; NewsAPI-style dumps: `content`, `publisher`, `link`); the aliases below map them.
A bad line costs that line only: it comes out as a Skip naming the line and the problem.
Lines are read in bounded chunks, so an oversized line is never held in memory whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import PARAGRAPH_SEPARATOR, Article, Skip, article_id, make_article
from .html import language_code, normalize_date, parse_html, split_bylines
from .settings import IngestSettings

# Where each Article field may be found, in order of preference.
TEXT_FIELDS = ("text", "body", "content", "maintext", "body_paragraphs", "article", "fulltext")
OUTLET_FIELDS = ("outlet", "publisher", "sitename", "site_name", "source_domain", "source")
DATE_FIELDS = (
    "published",
    "date",
    "publication_date",
    "date_publish",
    "published_at",
    "publishedAt",
    "pubdate",
)
BYLINE_FIELDS = ("bylines", "authors", "author", "byline")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link", "source_url", "canonical_url")
# Parts of an article the export keeps apart from its body.
LIST_FIELDS = ("captions", "bullets", "subheads", "agency_tags")
# A row with all of these was written by newsweave's export: its body is already clean.
EXPORT_FIELDS = frozenset({"id", "outlet", "title", "text", "dateline", "published"})
_CHUNK = 1 << 20


def read_jsonl(
    stream: BinaryIO, path: str, settings: IngestSettings = IngestSettings()
) -> Iterator[Article | Skip]:
    """Each line's article, or a Skip saying which line and what is wrong with it."""
    limit = settings.max_record_bytes
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        record = f"line {number}"
        if len(line) > limit and not line.endswith(b"\n"):
            _drain_line(stream)
            yield Skip(path, record, f"line over {_size(limit)}")
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            row = _json_object(line, path, record)
            yield article_from_row(row, source=f"{path}#{record}", settings=settings)
        except InputError as error:
            yield Skip(path, record, error.reason)


def article_from_row(
    row: Mapping[str, Any], *, source: str, settings: IngestSettings = IngestSettings()
) -> Article:
    """One JSON object as an Article; raises InputError when it holds no article text."""
    if row.keys() >= EXPORT_FIELDS and isinstance(row.get("text"), str):
        return _exported_article(row, source)
    known: dict[str, Any] = {
        "outlet": _outlet(row),
        "title": _first_text(row, TITLE_FIELDS),
        "url": _first_text(row, URL_FIELDS),
        "published": _published(row),
        "bylines": _bylines(row),
        "language": language_code(_first_text(row, ("language", "lang"))),
        "dateline": _first_text(row, ("dateline",)),
    }
    for name in LIST_FIELDS:
        values = _text_list(row.get(name))
        if values:
            known[name] = values
    known = {key: value for key, value in known.items() if value}
    text = _body_text(row)
    if text is None:
        page = row.get("html")
        if isinstance(page, str) and page.strip():
            return _html_article(page, source, settings, known)
        expected = ", ".join((*TEXT_FIELDS, "html"))
        raise InputError(source, f"no text field (expected one of {expected})")
    if not text.strip():
        raise InputError(source, "empty text")
    from .text import parse_text

    return parse_text(text, source=source, format="jsonl", **known)


def _exported_article(row: Mapping[str, Any], source: str) -> Article:
    """A row of newsweave's export, taken as written.

    Its body was cleaned when first ingested; running the text heuristics again could move
    a paragraph into captions or subheads and change the id of an article the store holds.
    """
    body = row["text"].split(PARAGRAPH_SEPARATOR)
    if not any(p.strip() for p in body):
        raise InputError(source, "empty text")
    metadata: dict[str, Any] = {
        "outlet": row.get("outlet") or None,
        "title": row.get("title") or None,
        "url": row.get("url") or None,
        "published": row.get("published") or None,
        "bylines": _text_list(row.get("bylines")),
        "dateline": row.get("dateline") or None,
        "language": row.get("language") or None,
    }
    for name in LIST_FIELDS:
        metadata[name] = _text_list(row.get(name))
    for name in ("outlet", "title", "url", "dateline", "language", "published"):
        if metadata[name] is not None and not isinstance(metadata[name], str):
            raise InputError(source, f"field {name!r} is not a string")
    return make_article(body, source=source, format="jsonl", **metadata)


def _html_article(
    page: str, source: str, settings: IngestSettings, known: dict[str, Any]
) -> Article:
    """A row that carries the page itself: extract it, then let the row's metadata win."""
    article = parse_html(
        page,
        source=source,
        url=known.get("url"),
        settings=settings,
        fallback_date=known.get("published"),
    )
    article = replace(article, format="jsonl", **known)
    return replace(article, id=article_id(article.outlet, article.title, article.body))


def _json_object(line: bytes, path: str, record: str) -> dict[str, Any]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not valid UTF-8 at byte {error.start + 1}", record) from None
    try:
        value = json.loads(text.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        raise InputError(
            path, f"not valid JSON: {error.msg} at column {error.colno}", record
        ) from None
    except RecursionError:
        raise InputError(path, "not valid JSON: nested too deeply", record) from None
    if not isinstance(value, dict):
        raise InputError(path, f"not a JSON object but {_json_type(value)}", record)
    return value


def _body_text(row: Mapping[str, Any]) -> str | None:
    """The body as paragraphs joined by a blank line, from a string or a list of paragraphs.

    A paragraph given as a list is a list of sentences (BASIL's body_paragraphs).
    """
    for name in TEXT_FIELDS:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value:
            paragraphs = []
            for item in value:
                if isinstance(item, list):
                    item = " ".join(s.strip() for s in item if isinstance(s, str))
                if isinstance(item, str) and item.strip():
                    paragraphs.append(item.strip())
            if paragraphs:
                return PARAGRAPH_SEPARATOR.join(paragraphs)
    present = [name for name in TEXT_FIELDS if name in row]
    return "" if present else None


def _outlet(row: Mapping[str, Any]) -> str | None:
    for name in OUTLET_FIELDS:
        value = _name_of(row.get(name))
        if value:
            # BASIL writes its outlets as fox/nyt/hpo and, twice, FOX/NYT/HPO.
            return value.lower() if name == "source" else value
    return None


def _published(row: Mapping[str, Any]) -> str | None:
    for name in DATE_FIELDS:
        value = row.get(name)
        if isinstance(value, dict):  # {"$date": ...} of MongoDB exports
            value = value.get("$date")
        published = normalize_date(value)
        if published:
            return published
    return None


def _bylines(row: Mapping[str, Any]) -> tuple[str, ...]:
    for name in BYLINE_FIELDS:
        value = row.get(name)
        if isinstance(value, str):
            names = split_bylines(value)
        else:
            names = tuple(
                part
                for item in (value if isinstance(value, list) else [value])
                for part in split_bylines(_name_of(item))
            )
        if names:
            return names
    return ()


def _first_text(row: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _text_list(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str) and item.strip())
    return ()


def _name_of(value: object) -> str | None:
    """A name given as a string or as an object with a name ({"name": "Reuters"})."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return value.strip() or None if isinstance(value, str) else None


def _drain_line(stream: BinaryIO) -> None:
    """Read past the rest of an oversized line, a bounded chunk at a time."""
    while True:
        chunk = stream.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _json_type(value: object) -> str:
    names = {list: "an array", str: "a string", int: "a number", float: "a number"}
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return names.get(type(value), type(value).__name__)


def _size(size: int) -> str:
    """A byte count for messages: "8 MiB", "1.5 MiB", "7 KiB"."""
    if size < 1 << 20:
        return f"{max(size >> 10, 1)} KiB"
    return f"{size / (1 << 20):.1f}".removesuffix(".0") + " MiB"


__all__ = ["article_from_row", "read_jsonl"]
