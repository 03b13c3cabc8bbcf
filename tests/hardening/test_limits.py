"""Inputs past the documented limits (IngestSettings) are skipped by name; the rest is read.

A whole-read file over `max_file_bytes`, a JSON Lines file of a million lines with one
broken line, a WARC whose last record is cut short, and gzip bombs in every streamed and
whole-read format: each costs one Skip naming the file (and the record where there is one),
within the limits, and every other article in the folder is stored.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsweave.ingest import ingest_paths
from newsweave.ingest.settings import IngestSettings
from newsweave.store import Store

ROOT = Path(__file__).resolve().parents[2]
LIMITS = IngestSettings()


def council_line(n: int) -> str:
    return json.dumps(
        {
            "outlet": "Kelmsford Courier",
            "title": f"Council approves budget {n}",
            "text": f"The council of Kelmsford approved budget number {n} on Tuesday.\n\n"
            f"Councillors said it would fund {n % 977} new school places.",
        }
    )


def warc_crawl(pages: int) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in range(pages):
        page = (
            f"<html><head><title>Harbour ferry {n} resumes</title></head><body><article>"
            f"<h1>Harbour ferry {n} resumes</h1><p>The ferry on route {n} to Saltmere resumed "
            f"service on Monday after a three-day strike by its crew ended, the operator "
            f"said.</p><p>Passengers queued from dawn at the harbour gate.</p>"
            f"</article></body></html>"
        ).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"https://coastline.example/ferry/{n}",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
        )
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of good inputs (one of the sample text articles) beside which limits are hit."""
    folder = tmp_path / "in"
    folder.mkdir()
    sample = ROOT / "samples" / "corpus" / "text" / "portvale_strike_meridian.txt"
    (folder / "good.txt").write_bytes(sample.read_bytes())
    return folder


def ingest(folder: Path, tmp_path: Path, settings: IngestSettings = LIMITS):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "n.db") as store:
        report = ingest_paths(store, [folder], settings)
        return report, store.count_articles(), store.skips()


def test_a_file_over_the_size_limit_is_skipped_by_name_without_being_read(
    folder: Path, tmp_path: Path
) -> None:
    huge = folder / "huge.html"
    with huge.open("wb") as handle:  # sparse: no disk is spent on it
        handle.truncate(LIMITS.max_file_bytes + 1)
    report, stored, skips = ingest(folder, tmp_path)
    [skip] = skips
    assert skip.path == str(huge) and "over the 64 MiB limit" in skip.reason
    assert stored == 1 and report.articles_new == 1


def _jsonl_report(path: Path, lines: int, broken: int) -> dict[str, int]:
    """Stream a generated JSONL file through the reader in a fresh process: counts and peak RSS."""
    script = f"""
import json, sys
from pathlib import Path
from newsweave.ingest import read_articles
from newsweave.records import Skip
path = Path(sys.argv[1])
with path.open("w") as out:
    for n in range(1, {lines} + 1):
        out.write('{{"title": "broken' if n == {broken} else {council_line.__module__}_line(n))
        out.write("\\n")
articles, skips = 0, []
for record in read_articles([path]):
    if isinstance(record, Skip):
        skips.append([record.path, record.record, record.reason])
    else:
        articles += 1
# VmHWM starts afresh at exec; ru_maxrss would carry the forking test process's peak over.
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({{"articles": articles, "skips": skips, "peak_kib": peak}}))
"""
    script = script.replace(f"{council_line.__module__}_line(n)", "line(n)")
    prelude = f"import json\n{_LINE_SOURCE}\n"
    done = subprocess.run(
        [sys.executable, "-c", prelude + script, str(path)],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


_LINE_SOURCE = """
def line(n):
    return json.dumps({"outlet": "Kelmsford Courier", "title": f"Council approves budget {n}",
        "text": f"The council of Kelmsford approved budget number {n} on Tuesday.\\n\\n"
                f"Councillors said it would fund {n % 977} new school places."})
"""


def _check_broken_line(tmp_path: Path, lines: int) -> None:
    path = tmp_path / "council.jsonl"
    broken = lines // 2 + 1
    found = _jsonl_report(path, lines, broken)
    assert found["skips"] == [[str(path), f"line {broken}", found["skips"][0][2]]]
    assert "not valid JSON" in found["skips"][0][2]
    assert found["articles"] == lines - 1
    assert found["peak_kib"] < 512 * 1024, "the file must stream, not be held whole"


def test_a_jsonl_file_with_one_broken_line_loses_only_that_line(tmp_path: Path) -> None:
    _check_broken_line(tmp_path, 20_000)


@pytest.mark.slow
def test_a_million_line_jsonl_with_one_broken_line_loses_only_that_line(tmp_path: Path) -> None:
    _check_broken_line(tmp_path, 1_000_000)


def test_a_warc_with_a_truncated_last_record_keeps_the_others(folder: Path, tmp_path: Path) -> None:
    data = warc_crawl(5)
    (folder / "crawl.warc").write_bytes(data[: len(data) - 150])
    _, stored, skips = ingest(folder, tmp_path)
    [skip] = skips
    assert skip.path == str(folder / "crawl.warc") and (skip.record or "").startswith("record 5")
    assert "truncated" in skip.reason and "kept the 4 records before it" in skip.reason
    assert stored == 1 + 4


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.html.gz", "bomb.jsonl.gz", "bomb.gz"])
def test_a_gzip_bomb_is_stopped_and_named_and_the_rest_is_read(
    folder: Path, tmp_path: Path, name: str
) -> None:
    bomb = folder / name
    head = (council_line(1) + "\n").encode() if "jsonl" in name else b""
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        handle.write(head)
        zeros = b" " * (1 << 20)
        for _ in range(256):  # 256 MiB of spaces from about 250 KiB
            handle.write(zeros)
    assert os.path.getsize(bomb) < 1 << 20
    _, stored, skips = ingest(folder, tmp_path)
    [skip] = skips
    assert skip.path == str(bomb) and "gzip bomb" in skip.reason
    assert stored == 1 + (1 if head else 0)  # the bomb's own good line is kept
