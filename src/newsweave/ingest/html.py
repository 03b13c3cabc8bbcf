"""Read one news web page: the article's main text and metadata, without the page around it.

trafilatura finds the main text (navigation, ads, comments, related links and scripts stay
out) and the metadata (title, authors, site name, date, canonical URL); the text then goes
through the plain-text reader, `parse_text`, so an HTML page is cleaned exactly like every
other format. Broken HTML (unclosed tags, a truncated page) is repaired by lxml's parser and
still yields its text.

Speed: the page is parsed once; trafilatura's fast main-text pass runs first and its full
cascade only when that pass finds little, and its metadata scans that newsweave has no use
for (categories, tags, licence) are left out. That keeps a heavy 90 KiB page with a large
menu near 100 pages a second on one core.

Time limit: extraction of one page is bounded by `IngestSettings.record_timeout` seconds of
CPU time. In the main thread of a POSIX process a CPU-time interval timer (SIGPROF) interrupts
a page that runs over, so one pathological page costs at most that many seconds of work; CPU
time, not wall time, so that a busy machine (workers waiting for a core, a first page paying
for lazy imports) never turns an ordinary page into a lost one. The interrupt is raised as a
BaseException so that trafilatura's own `except Exception` blocks cannot swallow it, and it
repeats until the block ends, since Python drops an exception raised while a finalizer
(`__del__`) runs. Any timer or handler that was set before is restored. Where signals cannot
be used (another thread, Windows) the page is measured instead and rejected afterwards if it
ran over.
"""

from __future__ import annotations

import codecs
import json
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura import metadata as tmeta
from trafilatura.settings import Document
from trafilatura.utils import load_html

from ..errors import InputError, LimitExceeded
from ..records import Article
from .encoding import decode_bytes
from .settings import IngestSettings

# trafilatura options for the main text. favor_precision keeps reader comments and teasers
# out; tables are left out, their cells are not running text and would surface as sentences
# in later stages. The fast pass skips the readability/jusText comparison: on
# tests/ingest/fixtures/html it gives the same articles at about twice the speed, and a page
# where it finds less than _MIN_FAST_TEXT characters is extracted again with the full
# cascade (_PASSES). Metadata is read separately (see _trafilatura_metadata).
_EXTRACTION: dict[str, Any] = {
    "with_metadata": False,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
# trafilatura's own MIN_EXTRACTED_SIZE: below it, its cascade tries other extractors.
_MIN_FAST_TEXT = 250
# The fast pass, then the full cascade (with readability and jusText) if it found too little.
_PASSES = (True, False)
# How far into a page a <meta charset> may be (the HTML standard says 1024 bytes; pages with
# long comments before it are common, so 4 KiB).
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# The HTML standard decodes these labels as windows-1252, as every browser does.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii"}
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SPACE = re.compile(r"\s+")
_BYLINE_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b|\|)\s*", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por)\s+", re.IGNORECASE)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?=$|[-_])")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# Page metadata naming the publication time, most specific first.
_PUBLISHED_META = (
    'meta[@property="article:published_time"]',
    'meta[@name="article:published_time"]',
    'meta[@itemprop="datePublished"]',
    'meta[@name="pubdate"]',
    'meta[@name="publish-date"]',
    'meta[@name="date"]',
)


# Seconds of CPU time between repeats of the deadline interrupt once it is due (one raised
# inside a finalizer is dropped by Python; the next one lands).
_DEADLINE_REPEAT = 0.05


class _Deadline(BaseException):
    """Raised by the interval timer; a BaseException so library code cannot catch it."""


def parse_html(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    settings: IngestSettings = IngestSettings(),
    fallback_date: str | None = None,
) -> Article:
    """The article in one HTML page, with its outlet, authors, date, canonical URL, language.

    `url` is where the page was fetched from; the page's canonical link wins over it.
    `fallback_date` (a crawl date) is used when the page itself carries no date.
    Raises InputError when the page holds no article text, LimitExceeded when it is over
    `settings.max_record_bytes` or its extraction runs over `settings.record_timeout`.
    """
    from .text import parse_text

    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > settings.max_record_bytes:
        raise LimitExceeded(
            source,
            f"page is {_size(size)}, over the {_size(settings.max_record_bytes)} limit",
        )
    if not data.strip():
        raise InputError(source, "no article text found (empty page)")
    markup = decode_html(data, source) if isinstance(data, bytes) else data
    with extraction_deadline(settings.record_timeout, source):
        tree = load_html(markup)
        if tree is None:
            raise InputError(source, "no article text found (not an HTML page)")
        page = _page_metadata(tree)
        metadata = _trafilatura_metadata(tree, url)
        body = _main_text(tree, url, source)
    title = _clean(metadata.title) or page["title"]
    blocks = body_blocks(body, title)
    if not blocks:
        raise InputError(source, "no article text found")
    published = _published(metadata.date, page["published"]) or normalize_date(fallback_date)
    known: dict[str, Any] = {
        "outlet": _clean(metadata.sitename) or settings.default_outlet or metadata.hostname,
        "title": title,
        "url": metadata.url or url,
        "published": published,
        "bylines": split_bylines(metadata.author),
        "language": page["language"],
        "captions": page["captions"],
    }
    return parse_text(
        "\n\n".join(blocks),
        source=source,
        format="html",
        **{key: value for key, value in known.items() if value},
    )


def _main_text(tree: HtmlElement, url: str | None, source: str) -> HtmlElement:
    """trafilatura's main-text tree: the fast pass, then the full cascade if it found little."""
    found: Document | None = None
    for fast in _PASSES:
        try:
            document = trafilatura.bare_extraction(tree, url=url, fast=fast, **_EXTRACTION)
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
            # trafilatura's own failures on odd pages; the deadline is not an Exception
            raise InputError(source, f"no article text found ({type(error).__name__})") from error
        if not isinstance(document, Document) or document.body is None:
            continue
        if found is None or len(document.text or "") > len(found.text or ""):
            found = document
        if len(found.text or "") >= _MIN_FAST_TEXT:
            break
    if found is None or found.body is None:
        raise InputError(source, "no article text found")
    return found.body


def _trafilatura_metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura's metadata (title, author, site name, canonical URL, date) of a page.

    The steps of trafilatura's extract_metadata, without categories, tags and licence, which
    newsweave does not use: on a 90 KiB page with a large menu and footer those scans took
    8 of its 10 ms, more than the main-text extraction itself.
    """
    metadata = tmeta.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a one-word author meta is a handle or a site name
    # JSON-LD written by hand is often broken; the other sources remain
    with suppress(ValueError, TypeError, AttributeError, KeyError, IndexError):
        metadata = tmeta.extract_meta_json(tree, metadata)
    metadata.title = metadata.title or tmeta.extract_title(tree)
    metadata.author = metadata.author or tmeta.extract_author(tree)
    metadata.url = metadata.url or tmeta.extract_url(tree, url)
    if metadata.url:
        metadata.hostname = (urlsplit(metadata.url).hostname or "").removeprefix("www.") or None
    metadata.date = find_date(tree, url=metadata.url, original_date=True, extensive_search=True)
    if not metadata.sitename:
        metadata.sitename = tmeta.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
    metadata.clean_and_trim()
    return metadata


def decode_html(data: bytes, source: str = "page") -> str:
    """Page bytes as text: a byte-order mark first, then <meta charset>, else detection.

    Labels the HTML standard reads as windows-1252 (latin-1, ascii) are read so, which keeps
    curly quotes and dashes of pages that declare iso-8859-1 but are written in cp1252.
    Without a declaration the bytes are decoded as every text file is (`decode_bytes`:
    UTF-8, then cp1252 for Western prose, then detection); binary data raises InputError.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if declared:
        label = declared.group(1).decode("ascii", "replace").lower()
        label = "cp1252" if label in _WINDOWS_1252_LABELS else label
        label = "utf-8" if label.startswith("utf-16") else label  # a meta tag cannot be UTF-16
        try:
            return data.decode(codecs.lookup(label).name, errors="replace")
        except LookupError:
            pass
    return decode_bytes(data, source)


@contextmanager
def extraction_deadline(seconds: float, source: str) -> Iterator[None]:
    """Bound the work inside the block to `seconds`; see the module docstring for how."""
    if seconds <= 0:
        yield
        return
    started = time.monotonic()
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        if time.monotonic() - started > seconds:
            raise LimitExceeded(source, f"extraction took over {seconds:g} s; skipped")
        return

    done, cpu_started = False, time.process_time()

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if not done:
            raise _Deadline

    previous_handler = signal.signal(signal.SIGPROF, on_alarm)
    previous_delay, previous_interval = signal.setitimer(
        signal.ITIMER_PROF, seconds, _DEADLINE_REPEAT
    )
    try:
        try:
            yield
        finally:
            done = True  # from here on a late interrupt does nothing
            signal.setitimer(signal.ITIMER_PROF, 0)
    except _Deadline:
        raise LimitExceeded(source, f"extraction took over {seconds:g} s") from None
    finally:
        signal.signal(signal.SIGPROF, previous_handler)
        if previous_delay:
            remaining = max(previous_delay - (time.process_time() - cpu_started), 0.001)
            signal.setitimer(signal.ITIMER_PROF, remaining, previous_interval)


def body_blocks(body: HtmlElement, title: str | None = None) -> list[str]:
    """The paragraphs of trafilatura's main-text tree, one string per block.

    Headings stay their own block (the text reader tells subheads from body), list items
    become "- item" lines, and a paragraph of <br>-separated lines (pages without <p>) is
    split where a blank line was. A leading heading that repeats the title is dropped.
    """
    blocks: list[str] = []
    for element in body:
        if element.tag == "list":
            items = [_element_text(item) for item in element.iter("item")]
            blocks.extend(f"- {item}" for item in items if item)
            continue
        for paragraph in _element_text(element, keep_breaks=True).split("\n\n"):
            text = _SPACE.sub(" ", paragraph).strip()
            if text:
                blocks.append(text)
    if blocks and title and _SPACE.sub(" ", title).strip().casefold() == blocks[0].casefold():
        blocks.pop(0)
    return blocks


def split_bylines(authors: str | None) -> tuple[str, ...]:
    """'Maria Okafor; Daniel Reyes' or 'By A, B and C' as ('A', 'B', 'C')."""
    if not authors:
        return ()
    names = (_BY_PREFIX.sub("", part).strip(" .") for part in _BYLINE_SEPARATORS.split(authors))
    unique: dict[str, None] = {}
    for name in names:
        if name and name.casefold() not in {n.casefold() for n in unique}:
            unique[name] = None
    return tuple(unique)


def normalize_date(value: object) -> str | None:
    """An ISO 8601 date or date-time from the forms news data uses; None if unreadable.

    Accepts ISO strings (with or without time, "Z" or an offset), RFC 2822 dates of feeds and
    mail ("Fri, 14 Mar 2025 09:30:00 GMT"), Unix timestamps in seconds or milliseconds and
    written dates ("March 14, 2025"). A date without a time stays a date: inventing midnight
    would make a day-precise source look minute-precise.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _DATE_ONLY.match(text):
        return text if _valid_date(text) else None
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser as dateutil_parser

    try:
        parsed = dateutil_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    return parsed.isoformat() if _HAS_TIME.search(text) else parsed.date().isoformat()


def language_code(value: object) -> str | None:
    """The primary language subtag, lower-cased: "en-US", "en_GB", "EN" → "en"."""
    match = _LANGUAGE.match(value.strip()) if isinstance(value, str) else None
    return match.group().lower() if match else None


def _valid_date(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def _published(extracted: str | None, declared: str | None) -> str | None:
    """The page's own date-time when it agrees with trafilatura's date, else that date.

    trafilatura (htmldate) picks the original publication date carefully but keeps only the
    day; the article:published_time or JSON-LD datePublished keeps the time and offset that
    ordering wire copies needs. They agree when a day apart at most (a UTC time-stamp of an
    evening story falls on the next day).
    """
    if not declared:
        return normalize_date(extracted)
    if not extracted:
        return declared
    try:
        gap = abs(date.fromisoformat(declared[:10]) - date.fromisoformat(extracted[:10]))
    except ValueError:
        return normalize_date(extracted)
    return declared if gap.days <= 1 else normalize_date(extracted)


def _page_metadata(tree: HtmlElement) -> dict[str, Any]:
    """What trafilatura leaves out: publication time, language, <title> and photo captions.

    Captions are the figcaptions inside <article> (else the page's): a related-story teaser
    elsewhere on the page has figcaptions too.
    """
    published = None
    for path in _PUBLISHED_META:
        for meta in tree.iterfind(f".//{path}"):
            published = normalize_date(meta.get("content"))
            if published:
                break
        if published:
            break
    if not published:
        published = _json_ld_published(tree)
    language = tree.get("lang") or tree.get("xml:lang")
    if not language:
        for meta in tree.iterfind('.//meta[@http-equiv="content-language"]'):
            language = meta.get("content")
        for meta in tree.iterfind('.//meta[@property="og:locale"]'):
            language = language or meta.get("content")
    scope = next(iter(tree.iterfind(".//article")), tree)
    captions = tuple(
        dict.fromkeys(
            text
            for caption in scope.iterfind(".//figcaption")
            if (text := _clean(caption.text_content()))
        )
    )
    title_element = tree.find(".//title")
    title = _clean(title_element.text_content()) if title_element is not None else None
    return {
        "published": published,
        "language": language_code(language),
        "title": title,
        "captions": captions,
    }


def _json_ld_published(tree: HtmlElement) -> str | None:
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            graph = item.get("@graph", [item]) if isinstance(item, dict) else []
            for node in graph if isinstance(graph, list) else []:
                if isinstance(node, dict) and node.get("datePublished"):
                    published = normalize_date(node["datePublished"])
                    if published:
                        return published
    return None


def _element_text(element: HtmlElement, keep_breaks: bool = False) -> str:
    """Text of an element; with keep_breaks, <lb/> (a <br>) becomes a line break."""
    if not keep_breaks:
        return _SPACE.sub(" ", "".join(element.itertext())).strip()
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        parts.append("\n" if node.tag == "lb" else node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(parts)).strip()


def _clean(value: str | None) -> str | None:
    text = _SPACE.sub(" ", value).strip() if value else ""
    return text or None


def _size(size: int) -> str:
    """A byte count for messages: "8 MiB", "1.5 MiB", "7 KiB"."""
    if size < 1 << 20:
        return f"{max(size >> 10, 1)} KiB"
    return f"{size / (1 << 20):.1f}".removesuffix(".0") + " MiB"


__all__ = [
    "body_blocks",
    "decode_html",
    "extraction_deadline",
    "language_code",
    "normalize_date",
    "parse_html",
    "split_bylines",
]
