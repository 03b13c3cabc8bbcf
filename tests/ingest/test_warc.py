"""read_warc: HTML responses of a crawl become articles; everything else is passed over."""

from __future__ import annotations

import gzip
import io
import multiprocessing
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.ingest.settings import IngestSettings
from newsweave.ingest.warc import read_warc
from newsweave.records import Article, Skip

HTML = Path(__file__).parent / "fixtures" / "html"
CRAWLED = "2025-03-16T04:12:55Z"


def response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    extra: list[tuple[str, str]] | None = None,
) -> str:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    http = StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": CRAWLED},
    )
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID")).strip("<>")


def other(writer: WARCWriter, kind: str, url: str, payload: bytes) -> None:
    if kind == "request":
        http = StatusAndHeaders(
            f"GET {url} HTTP/1.1", [("Host", "x.example")], is_http_request=True
        )
        record = writer.create_warc_record(
            url, "request", payload=io.BytesIO(b""), http_headers=http
        )
    else:
        record = writer.create_warc_record(
            url, kind, payload=io.BytesIO(payload), warc_content_type="application/warc-fields"
        )
    writer.write_record(record)


@pytest.fixture
def crawl(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A small crawl segment: every kind of record a news crawl writes."""
    path = tmp_path / "segment.warc.gz"
    ids: dict[str, str] = {}
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("segment.warc.gz", {"software": "t"}))
        ferry_url = "https://www.harborledger.example/news/ferry?utm_source=rss"
        other(writer, "request", ferry_url, b"")
        ids["ferry"] = response(writer, ferry_url, (HTML / "harbor_ledger_ferry.html").read_bytes())
        other(writer, "metadata", ferry_url, b"outlink: https://www.harborledger.example/\r\n")
        response(
            writer,
            "https://www.harborledger.example/img/ferry.jpg",
            b"\xff\xd8\xff" * 50,
            "image/jpeg",
        )
        ids["missing"] = response(
            writer,
            "https://www.harborledger.example/news/old-story",
            b"<html><body><h1>Page not found</h1><p>Try our search.</p></body></html>",
            status="404 Not Found",
        )
        # A cp1252 page whose charset is only in the HTTP header.
        bocage = (HTML / "cp1252_meta_charset.html").read_bytes()
        bocage = bocage.replace(
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', b""
        )
        ids["bocage"] = response(
            writer, "https://echo-bocage.example/marche", bocage, "text/html; charset=windows-1252"
        )
        ids["tidewater"] = response(
            writer,
            "https://tidewater-record.example/local/flood-map",
            gzip.compress((HTML / "script_heavy.html").read_bytes()),
            extra=[("Content-Encoding", "gzip")],
        )
        ids["login"] = response(
            writer, "https://metro.example/login", (HTML / "no_article.html").read_bytes()
        )
        response(
            writer, "https://metro.example/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain"
        )
    return path, ids


def read(path: Path, settings: IngestSettings = IngestSettings()) -> list[Article | Skip]:
    with path.open("rb") as stream:
        return list(read_warc(stream, str(path), settings))


def test_only_html_responses_with_status_200_become_articles(crawl):
    path, _ = crawl
    articles = [r for r in read(path) if isinstance(r, Article)]
    assert [a.title for a in articles] == [
        "Port Alder ferry strike ends after 11-day standoff",
        "Le marché de Saint-Aubin rouvre ses portes",
        "Tidewater council adopts flood map after heated hearing",
    ]
    assert all(a.format == "warc" for a in articles)
    assert articles[0].source == f"{path}#record 3"


def test_article_metadata_from_the_page_and_the_record(crawl):
    path, _ = crawl
    ferry, bocage, tidewater = (r for r in read(path) if isinstance(r, Article))
    assert ferry.url.endswith("/news/2025/03/14/port-alder-ferry-strike-ends")  # canonical
    assert ferry.published == "2025-03-14T09:30:00-05:00"  # the page's own date wins
    assert tidewater.url == "https://tidewater-record.example/local/flood-map"  # WARC-Target-URI
    assert tidewater.published.startswith("2025-03-16")  # WARC-Date: the page has none
    assert "inlineAd" not in tidewater.text  # gzip content-encoding was undone, scripts dropped
    assert "“une fête chaque premier samedi du mois”" in bocage.text  # HTTP charset honoured


def test_pages_parsed_in_worker_processes_come_back_the_same_and_in_file_order(crawl):
    path, _ = crawl
    with multiprocessing.get_context("forkserver").Pool(2) as pool, path.open("rb") as stream:
        parallel = list(read_warc(stream, str(path), IngestSettings(), pool))
    assert parallel == read(path)
    assert [type(r).__name__ for r in parallel] == ["Article"] * 3 + ["Skip"]


def test_pages_without_text_are_skipped_by_record_number_and_id_and_404s_passed_over(crawl):
    path, ids = crawl
    skips = [r for r in read(path) if isinstance(r, Skip)]
    assert skips == [Skip(str(path), f"record 9 ({ids['login']})", "no article text found")]


def test_record_over_the_limit_is_skipped(crawl):
    path, ids = crawl
    records = read(path, IngestSettings(max_record_bytes=6 * 1024))
    assert (
        Skip(str(path), f"record 3 ({ids['ferry']})", "record is 7 KiB, over the 6 KiB limit")
        in records
    )
    assert "Tidewater council adopts flood map after heated hearing" in [
        r.title for r in records if isinstance(r, Article)
    ]


def three_pages(gzipped: bool) -> tuple[bytes, list[int]]:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    starts = []
    for name in ("harbor_ledger_ferry", "script_heavy", "broken_truncated"):
        starts.append(buffer.tell())
        response(writer, f"https://news.example/{name}", (HTML / f"{name}.html").read_bytes())
    return buffer.getvalue(), starts


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("where", ["inside the last body", "inside the last header"])
def test_truncated_file_keeps_what_came_before_and_says_where(tmp_path, gzipped, where):
    data, starts = three_pages(gzipped)
    cut = len(data) - 200 if where == "inside the last body" else starts[2] + 40
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[:cut])
    records = read(path)
    assert [type(r).__name__ for r in records] == ["Article", "Article", "Skip"]
    assert records[1].title == "Tidewater council adopts flood map after heated hearing"  # type: ignore[union-attr]
    skip = records[2]
    assert isinstance(skip, Skip)
    assert skip.record.startswith("record 3")
    assert "truncated" in skip.reason or "not a readable WARC record" in skip.reason
    assert str(starts[2]) in skip.reason


def test_garbage_between_records_ends_the_file_with_one_skip(tmp_path):
    data, starts = three_pages(gzipped=False)
    path = tmp_path / "damaged.warc"
    path.write_bytes(
        data[: starts[1]] + b"<html>stray bytes from a bad copy</html>\r\n\r\n" + data[starts[1] :]
    )
    records = read(path)
    assert [type(r).__name__ for r in records] == ["Article", "Skip"]
    assert records[1] == Skip(
        str(path),
        "record 2",
        f"not a readable WARC record at byte {starts[1] - 4} (Invalid WARC record, first line: "
        "<html>stray bytes from a bad copy</html>); reading stopped here",
    )


def test_intact_file_has_no_skips(tmp_path):
    data, _ = three_pages(gzipped=True)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(data)
    assert [type(r).__name__ for r in read(path)] == ["Article"] * 3
