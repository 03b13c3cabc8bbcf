"""read_jsonl: the export's fields, other corpora's aliases, and a Skip for each bad line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from newsweave.ingest.html import parse_html
from newsweave.ingest.jsonl import read_jsonl
from newsweave.ingest.settings import IngestSettings
from newsweave.records import Article, Skip, article_id, to_dict

FIXTURES = Path(__file__).parent / "fixtures"
ALIASES = FIXTURES / "jsonl" / "corpora_aliases.jsonl"
EXPORT_FIELDS = (
    "id outlet bylines dateline published title url text captions bullets subheads "
    "agency_tags language"
).split()


def read(data: bytes, settings: IngestSettings = IngestSettings()) -> list[Article | Skip]:
    return list(read_jsonl(io.BytesIO(data), "feed.jsonl", settings))


def export_row(article: Article) -> dict[str, Any]:
    row = to_dict(article)
    row["text"] = article.text
    return {name: row[name] for name in EXPORT_FIELDS}


def lines(*rows: dict[str, Any] | str) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows).encode()


@pytest.fixture(scope="module")
def aliases() -> list[Article | Skip]:
    with ALIASES.open("rb") as stream:
        return list(read_jsonl(stream, str(ALIASES)))


def test_basil_layout(aliases):
    basil = aliases[0]
    assert isinstance(basil, Article)
    assert basil.outlet == "nyt"  # BASIL's outlet code, lower-cased
    assert basil.published == "2016-05-04"
    assert basil.title == "Senate panel advances water bill for river towns"
    assert basil.url == "https://www.nytimes.example/2016/05/04/us/water-bill.html"
    assert basil.format == "jsonl"
    assert basil.source == f"{ALIASES}#line 1"
    # sentences of one paragraph are joined, paragraphs stay apart
    assert any(p.endswith("spring floods. The vote was 15 to 6.") for p in basil.body)
    assert basil.body[-1].startswith("Senator Carla Jimenez")


def test_news_please_layout(aliases):
    article = aliases[1]
    assert isinstance(article, Article)
    assert article.title == "Brightwater dockworkers strike for 48 hours"
    assert article.published.startswith("2023-09-14")  # a time without a zone may be dropped
    assert article.bylines == ("Ines Okoro", "Paul Mertens")
    assert article.outlet == "brightwater-tribune.example"
    assert article.language == "en"
    assert len(article.body) == 2


def test_newsapi_layout(aliases):
    article = next(a for a in aliases if isinstance(a, Article) and a.outlet == "Glenford Observer")
    assert article.title == "Glenford library to open on Sundays"
    assert article.url == "https://glenford-observer.example/library-sundays"
    assert article.published == "2024-01-08T15:20:00+00:00"
    assert article.bylines == ("Ruth Adeyemi", "Colm Byrne")
    assert article.body[0].startswith("The Glenford public library will open on Sundays")


def test_bad_lines_are_skipped_by_number_and_blank_lines_ignored(aliases):
    skips = [(s.record, s.reason) for s in aliases if isinstance(s, Skip)]
    assert skips == [
        ("line 4", "not valid JSON: Expecting ',' delimiter at column 96"),
        ("line 6", "not a JSON object but an array"),
        (
            "line 8",
            "no text field (expected one of text, body, content, maintext, body_paragraphs, "
            "article, fulltext, html)",
        ),
        ("line 9", "empty text"),
    ]
    assert sum(isinstance(a, Article) for a in aliases) == 3
    assert all(s.path == str(ALIASES) for s in aliases if isinstance(s, Skip))


def test_oversized_line_is_skipped_without_being_read_whole():
    class ChunkedOnly(io.BytesIO):
        """A stream that fails if asked for a whole line or a chunk over 1 MiB."""

        largest = 0

        def readline(self, size: int | None = -1) -> bytes:
            assert size is not None and 0 < size <= 1 << 20
            line = super().readline(size)
            ChunkedOnly.largest = max(ChunkedOnly.largest, len(line))
            return line

    huge = {"title": "Budget tables", "text": "Line item. " * 300_000}  # 3.3 MB
    small = {"title": "Pier reopens", "text": "The fishing pier reopened on Saturday."}
    stream = ChunkedOnly(lines(small, huge, small))
    settings = IngestSettings(max_record_bytes=16 * 1024)
    records = list(read_jsonl(stream, "big.jsonl", settings))
    assert [type(r).__name__ for r in records] == ["Article", "Skip", "Article"]
    assert records[1] == Skip("big.jsonl", "line 2", "line over 16 KiB")
    assert records[2].source == "big.jsonl#line 3"
    assert ChunkedOnly.largest <= 1 << 20  # the 3.3 MB line never came out whole


def test_line_of_exactly_the_limit_is_read():
    row = lines({"title": "Ferry fares", "text": "Fares rise on Monday."})
    settings = IngestSettings(max_record_bytes=len(row) - 1)  # the newline is not counted
    assert isinstance(read(row, settings)[0], Article)
    assert isinstance(read(row, IngestSettings(max_record_bytes=len(row) - 2))[0], Skip)


def test_last_line_without_newline_and_utf8_bom():
    data = (
        b"\xef\xbb\xbf" + json.dumps({"title": "Caf\u00e9 closes", "text": "It closed."}).encode()
    )
    [article] = read(data)
    assert isinstance(article, Article)
    assert article.title == "Café closes"


def test_line_that_is_not_utf8_is_skipped():
    good = lines({"title": "Dam inspection", "text": "Engineers inspected the dam on Friday."})
    bad = '{"title": "Caf\xe9", "text": "Latin-1 bytes."}\n'.encode("latin-1")
    records = read(good + bad + good)
    assert records[1] == Skip("feed.jsonl", "line 2", "not valid UTF-8 at byte 15")
    assert isinstance(records[2], Article)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('"just a string"', "not a JSON object but a string"),
        ("42", "not a JSON object but a number"),
        ("null", "not a JSON object but null"),
        ('{"title": "x", "text": "y"', "not valid JSON: Expecting ',' delimiter at column 27"),
        ('{"title": "x", "body": []}', "empty text"),
    ],
)
def test_each_kind_of_bad_line(line, reason):
    [skip] = read(lines(line))
    assert skip == Skip("feed.jsonl", "line 1", reason)


def test_html_field_is_extracted_and_row_metadata_wins():
    page = (FIXTURES / "html" / "script_heavy.html").read_text(encoding="utf-8")
    row = {"html": page, "url": "https://tidewater.example/flood-map", "date": "2024-06-10"}
    [article] = read(lines(row))
    assert isinstance(article, Article)
    assert "adopted a new flood map" in article.text
    assert "inlineAd" not in article.text
    assert article.url == "https://tidewater.example/flood-map"
    assert article.published == "2024-06-10"
    assert article.outlet == "Tidewater Record"
    assert article.format == "jsonl"
    assert article.id == article_id(article.outlet, article.title, article.body)


def test_export_round_trip_gives_equal_articles():
    original = parse_html(
        (FIXTURES / "html" / "harbor_ledger_ferry.html").read_bytes(), source="ferry.html"
    )
    [again] = read(lines(export_row(original)))
    assert isinstance(again, Article)
    assert again.id == original.id
    assert to_dict(again) | {"source": None, "format": None} == to_dict(original) | {
        "source": None,
        "format": None,
    }


def test_basil_articles_all_ingest_and_round_trip(shared_data):
    path = shared_data / "basil-dev" / "articles.jsonl"
    with path.open("rb") as stream:
        records = list(read_jsonl(stream, str(path)))
    articles = [r for r in records if isinstance(r, Article)]
    assert len(records) == len(articles) == 180
    assert {a.outlet for a in articles} == {"fox", "nyt", "hpo"}
    assert all(a.published and len(a.body) >= 2 and a.title for a in articles)
    exported = lines(*(export_row(a) for a in articles))
    again = read(exported)
    assert [a.id for a in again] == [a.id for a in articles]  # type: ignore[union-attr]
    assert [a.body for a in again] == [a.body for a in articles]  # type: ignore[union-attr]
