"""Every parser, fuzzed: no exception but newsweave's own, a time limit per input, a bounded heap.

Inputs are realistic news in each format, whole or damaged (see strategies.py). The default
run is small enough for every CI run; `-m fuzz_long` runs thousands of inputs per parser.
"""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsweave.errors import NewsweaveError
from newsweave.ingest.feeds import read_feed
from newsweave.ingest.files import InputFile, find_inputs, read_input
from newsweave.ingest.html import parse_html
from newsweave.ingest.jsonl import read_jsonl
from newsweave.ingest.settings import IngestSettings
from newsweave.ingest.text import parse_text
from newsweave.ingest.warc import read_warc
from newsweave.records import Article, Skip

from .conftest import bounded
from .strategies import feed_documents, html_pages, jsonl_files, news_texts, warc_files

FUZZ = IngestSettings(record_timeout=2.0, workers=1, max_record_bytes=1 << 20)
# The default run replays the same inputs every time (CI must not turn red on a new random
# draw); the long run explores with fresh random inputs, and what it finds becomes a test.
QUICK = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=True,
)
LONG = settings(QUICK, max_examples=2000, derandomize=False)


def _records(parser: str, data: bytes, read: Callable[[], object]) -> list[Article | Skip]:
    """All records of one input; a Skip must name the input, every Article must have text."""
    records = bounded(parser, len(data), lambda: list(read()))  # type: ignore[call-overload]
    for record in records:
        assert isinstance(record, Article | Skip), type(record)
        if isinstance(record, Skip):
            assert record.path and record.reason
        else:
            assert record.id and all(isinstance(p, str) for p in record.body)
    return records


def check_text(text: str) -> None:
    article = bounded("text", len(text.encode("utf-8", "replace")), lambda: parse_text(text))
    assert isinstance(article, Article)
    assert all(paragraph.strip() for paragraph in article.body)


def check_jsonl(data: bytes) -> None:
    _records("jsonl", data, lambda: read_jsonl(io.BytesIO(data), "fuzz.jsonl", FUZZ))


def check_html(data: bytes) -> None:
    try:
        article = bounded(
            "html", len(data), lambda: parse_html(data, source="f.html", settings=FUZZ)
        )
    except NewsweaveError:
        return
    assert isinstance(article, Article) and article.body


def check_feed(data: bytes) -> None:
    _records("feed", data, lambda: read_feed(data, "fuzz.xml", FUZZ))


def check_warc(data: bytes) -> None:
    _records("warc", data, lambda: read_warc(io.BytesIO(data), "fuzz.warc", FUZZ))


def check_file(data: bytes, name: str) -> None:
    """The whole file path: size checks, gzip, format sniffing, dispatch to a reader."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        [item] = list(find_inputs([path]))
        assert isinstance(item, InputFile)
        _records("file", data, lambda: read_input(item, FUZZ))


_any_input = st.one_of(
    news_texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
    jsonl_files,
    html_pages,
    feed_documents,
    warc_files,
    st.binary(max_size=300),
)
_names = st.sampled_from(
    ["a.txt", "a.jsonl", "a.html", "a.xml", "a.warc", "noext", "a.txt.gz", "a.warc.gz", "x.gz"]
)


@QUICK
@given(news_texts)
def test_plain_text_heuristics_never_raise(text: str) -> None:
    check_text(text)


@QUICK
@given(jsonl_files)
def test_jsonl_lines_are_articles_or_named_skips(data: bytes) -> None:
    check_jsonl(data)


@QUICK
@given(html_pages)
def test_html_pages_are_articles_or_input_errors(data: bytes) -> None:
    check_html(data)


@QUICK
@given(feed_documents)
def test_feeds_give_articles_or_named_skips(data: bytes) -> None:
    check_feed(data)


@QUICK
@given(warc_files)
def test_warc_files_give_articles_or_named_skips(data: bytes) -> None:
    check_warc(data)


@QUICK
@given(_any_input, _names)
def test_any_file_under_any_name_is_read_or_skipped(data: bytes, name: str) -> None:
    check_file(data, name)


@pytest.mark.fuzz_long
@LONG
@given(news_texts)
def test_long_plain_text(text: str) -> None:
    check_text(text)


@pytest.mark.fuzz_long
@LONG
@given(jsonl_files)
def test_long_jsonl(data: bytes) -> None:
    check_jsonl(data)


@pytest.mark.fuzz_long
@LONG
@given(html_pages)
def test_long_html(data: bytes) -> None:
    check_html(data)


@pytest.mark.fuzz_long
@LONG
@given(feed_documents)
def test_long_feeds(data: bytes) -> None:
    check_feed(data)


@pytest.mark.fuzz_long
@LONG
@given(warc_files)
def test_long_warc(data: bytes) -> None:
    check_warc(data)


@pytest.mark.fuzz_long
@LONG
@given(_any_input, _names)
def test_long_files(data: bytes, name: str) -> None:
    check_file(data, name)
