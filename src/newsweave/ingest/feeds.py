"""Read RSS (0.9x, 1.0, 2.0) and Atom feeds: one article per entry.

Entries that carry the full article (RSS content:encoded, Atom content) become articles of
format "feed". Entries with only a link and a summary are kept too, with the summary as the
body and format "feed-summary", so later stages know the text is partial (a teaser must not
count as an outlet's whole version of a story). feedparser recovers entries from malformed
XML with its lenient parser; those are kept and the problem is reported once.
"""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
import trafilatura
from lxml.etree import ParserError

from ..errors import InputError
from ..records import Article, Skip
from .html import (
    body_blocks,
    extraction_deadline,
    language_code,
    normalize_date,
    split_bylines,
)
from .settings import IngestSettings

# bozo exceptions that say nothing is wrong with the entries themselves.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_DROPPED_TAGS = ("script", "style", "noscript", "figure", "figcaption", "iframe", "form")
_RSS_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")
_EMAIL = re.compile(r"^\s*\S+@\S+\s*$")
_SPACE = re.compile(r"\s+")
# trafilatura's main-text choice is kept only when it holds at least this share of the
# fragment's paragraph text; below it, its precision filters have cut real paragraphs of a
# short fragment (observed on two-paragraph entries of tests/ingest/fixtures/feeds).
_MIN_EXTRACTED_SHARE = 0.5
# Characters XML cannot hold (C0 controls but tab and line breaks, non-characters, surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def read_feed(
    data: bytes, path: str, settings: IngestSettings = IngestSettings()
) -> Iterator[Article | Skip]:
    """The articles of one feed, a Skip for each unusable entry and one for broken XML."""
    # A stream, never bytes or str: feedparser fetches a str that looks like a URL or path.
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except (UnicodeError, LookupError) as error:  # e.g. an undecodable encoding declaration
        yield Skip(path, None, f"not a valid RSS/Atom feed: {type(error).__name__}: {error}")
        return
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS):
        problem = None
    if not parsed.entries:
        if problem is not None or not parsed.get("version"):
            detail = _describe(problem) if problem else "no RSS, RDF or Atom root element"
            yield Skip(path, None, f"not a valid RSS/Atom feed: {detail}")
        return
    channel = parsed.feed
    outlet = _clean(channel.get("title")) or settings.default_outlet
    language = language_code(channel.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        record = f"entry {number}"
        try:
            yield entry_article(
                entry,
                source=f"{path}#{record}",
                outlet=outlet,
                language=language,
                settings=settings,
            )
        except InputError as error:
            yield Skip(path, record, error.reason)
    if problem is not None:
        line = getattr(problem, "getLineNumber", lambda: None)()
        kept = len(parsed.entries)
        yield Skip(
            path,
            f"line {line}" if line else None,
            f"{_describe(problem, with_line=False)}; kept the {kept} "
            f"entr{'y' if kept == 1 else 'ies'} feedparser recovered around it",
        )


def entry_article(
    entry: Any,
    *,
    source: str,
    outlet: str | None = None,
    language: str | None = None,
    settings: IngestSettings = IngestSettings(),
) -> Article:
    """One feed entry (a feedparser dict) as an Article; InputError if it has no text."""
    from .text import parse_text

    content = _best_content(entry.get("content") or [])
    summary = entry.get("summary") or ""
    if content is not None:
        text_format, markup, kind = "feed", content.get("value", ""), content.get("type")
    elif summary.strip():
        detail = entry.get("summary_detail") or {}
        text_format, markup, kind = "feed-summary", summary, detail.get("type", "text/html")
    else:
        raise InputError(source, "no content or summary")
    if len(markup.encode("utf-8", "replace")) > settings.max_record_bytes:
        raise InputError(source, f"entry over {settings.max_record_bytes / (1 << 20):g} MiB")
    if kind not in _HTML_TYPES:
        blocks = _plain_blocks(markup)
    elif text_format == "feed":
        with extraction_deadline(settings.record_timeout, source):
            blocks = fragment_blocks(markup)
    else:  # a teaser of a sentence or two: nothing for main-text extraction to choose from
        blocks = _lxml_blocks(markup)
    if not blocks:
        raise InputError(source, "no text in content or summary")
    known: dict[str, Any] = {
        "outlet": outlet,
        "title": _clean(_strip_tags(entry.get("title"))),
        "url": entry.get("link"),
        "published": _entry_date(entry),
        "bylines": _entry_bylines(entry),
        "language": language_code((content or {}).get("language")) or language,
    }
    return parse_text(
        "\n\n".join(blocks),
        source=source,
        format=text_format,
        **{key: value for key, value in known.items() if value},
    )


def fragment_blocks(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment: trafilatura's main text, else its <p> elements."""
    markup = _NOT_XML.sub("", markup)  # lxml refuses these when it edits the tree
    paragraphs = _lxml_blocks(markup)
    document = trafilatura.bare_extraction(
        f"<html><body><article>{markup}</article></body></html>",
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        fast=True,
    )
    body = getattr(document, "body", None)
    extracted = body_blocks(body) if body is not None else []
    size = sum(len(p) for p in paragraphs)
    if extracted and sum(len(p) for p in extracted) >= _MIN_EXTRACTED_SHARE * size:
        return extracted
    return paragraphs


def _lxml_blocks(markup: str) -> list[str]:
    """Text of block elements, in order; a fragment without blocks is one paragraph."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return _plain_blocks(markup)
    for element in root.xpath("|".join(f".//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    blocks = []
    for element in root.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue
        text = _SPACE.sub(" ", element.text_content()).strip()
        if text:
            blocks.append(f"- {text}" if element.tag == "li" else text)
    if not blocks:
        text = _SPACE.sub(" ", root.text_content()).strip()
        blocks = [text] if text else []
    return blocks


def _plain_blocks(text: str) -> list[str]:
    return [_SPACE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _best_content(contents: list[Any]) -> Any:
    """The longest HTML (else plain) content of an entry; feeds may give several."""
    usable = [c for c in contents if (c.get("value") or "").strip()]
    html = [c for c in usable if c.get("type") in _HTML_TYPES]
    candidates = html or usable
    return max(candidates, key=lambda c: len(c.get("value", ""))) if candidates else None


def _entry_date(entry: Any) -> str | None:
    """Published (else updated) time, with the offset the feed wrote when it can be read."""
    for raw, parsed in (("published", "published_parsed"), ("updated", "updated_parsed")):
        written = normalize_date(entry.get(raw))
        if written:
            return written
        if entry.get(parsed):
            stamp = calendar.timegm(entry[parsed])
            return datetime.fromtimestamp(stamp, UTC).isoformat()
    return None


def _entry_bylines(entry: Any) -> tuple[str, ...]:
    """Authors of an entry; RSS's 'email (Name)' gives the name, a bare email nothing."""
    names: list[str] = []
    for author in entry.get("authors") or []:
        names.append(author.get("name") or "")
    written = entry.get("author") or ""
    if written and (len(names) <= 1):
        names = [written]
    bylines: list[str] = []
    for name in names:
        match = _RSS_AUTHOR.match(name)
        if match:
            name = match.group("name")
        elif _EMAIL.match(name):
            continue
        bylines.extend(split_bylines(name))
    return tuple(dict.fromkeys(bylines))


def _strip_tags(value: str | None) -> str | None:
    if not value or "<" not in value:
        return value
    try:
        return str(lxml.html.fragment_fromstring(value, create_parent="div").text_content())
    except (ParserError, ValueError):
        return value


def _clean(value: str | None) -> str | None:
    text = _SPACE.sub(" ", value).strip() if value else ""
    return text or None


def _describe(problem: BaseException, with_line: bool = True) -> str:
    message = getattr(problem, "getMessage", lambda: str(problem))()
    line = getattr(problem, "getLineNumber", lambda: None)()
    prefix = "not well-formed XML" if "SAX" in type(problem).__name__ else "unreadable feed"
    where = f" at line {line}" if with_line and line else ""
    return f"{prefix}{where}: {message}"


__all__ = ["entry_article", "fragment_blocks", "read_feed"]
