"""Finding inputs, telling formats, and the file-level bad-input classes."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsweave.ingest import read_articles
from newsweave.ingest.files import find_inputs, read_input, sniff_format
from newsweave.ingest.settings import IngestSettings
from newsweave.records import Article, Skip

STORY = (
    "By Lena Ortiz, Meridian\n"
    "KELMSFORD (Meridian) - Dock workers in the port of Kelmsford walked out on Monday "
    "after talks over a pay offer collapsed, the union said.\n"
    "The strike halted container traffic at the region's largest port.\n"
    "- Meridian\n"
)


def _read(path: Path, **settings: int) -> list[Article | Skip]:
    return list(read_articles([path], IngestSettings(**settings)))  # type: ignore[arg-type]


def test_folders_are_walked_in_sorted_order_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(STORY)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    names = [item.path.name for item in find_inputs([tmp_path]) if not isinstance(item, Skip)]
    assert names == ["a.txt", "b.txt"]


def test_a_missing_path_is_a_skip_not_a_crash(tmp_path: Path) -> None:
    [skip] = _read(tmp_path / "nowhere")
    assert isinstance(skip, Skip) and "no such file" in skip.reason


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
        (b'{"title": "x", "text": "y"}\n', "jsonl"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        (b"<!DOCTYPE html><html><head>", "html"),
        (b"\xef\xbb\xbfBy Lena Ortiz, Meridian\n", "text"),
    ],
)
def test_format_is_sniffed_when_the_name_does_not_say(head: bytes, expected: str) -> None:
    assert sniff_format(head) == expected


def test_text_file_without_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "STORY_0041"
    path.write_text(STORY)
    [article] = _read(path)
    assert isinstance(article, Article) and article.format == "text"


def test_empty_file_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    [skip] = _read(path)
    assert isinstance(skip, Skip) and skip.path == str(path) and skip.reason == "empty file"


def test_binary_file_with_text_name_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    [skip] = _read(path)
    assert isinstance(skip, Skip) and "binary" in skip.reason


def test_file_over_the_size_limit_is_skipped_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(STORY * 2000)
    [skip] = _read(path, max_file_bytes=64 * 1024)
    assert isinstance(skip, Skip) and "over the" in skip.reason and "limit" in skip.reason


def test_gzipped_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(STORY.encode()))
    [article] = _read(path)
    assert isinstance(article, Article) and article.body


def test_truncated_gzip_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    data = gzip.compress("".join(f"{n} {STORY}" for n in range(2000)).encode())
    path.write_bytes(data[: len(data) // 2])
    [skip] = _read(path)
    assert isinstance(skip, Skip) and "gzip" in skip.reason


def test_gzip_bomb_is_stopped_at_the_compression_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"A" * (50 * 2**20)))  # ~50 KB inflating to 50 MiB
    [skip] = _read(path)
    assert isinstance(skip, Skip) and "gzip bomb" in skip.reason


def test_a_reader_that_crashes_costs_one_file_not_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.ingest.text as text

    def explode(*args: object, **kwargs: object) -> Article:
        raise ValueError("unexpected parser state")

    (tmp_path / "a.txt").write_text(STORY)
    monkeypatch.setattr(text, "parse_text", explode)
    [item] = [i for i in find_inputs([tmp_path]) if not isinstance(i, Skip)]
    [skip] = list(read_input(item))
    assert isinstance(skip, Skip) and "ValueError: unexpected parser state" in skip.reason


def test_default_outlet_names_only_articles_without_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The council approved the budget on Tuesday.\n")
    [article] = list(read_articles([tmp_path], IngestSettings(default_outlet="Kelmsford Courier")))
    assert isinstance(article, Article) and article.outlet == "Kelmsford Courier"
