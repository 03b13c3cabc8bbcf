"""Coverage-guided fuzzing of the WARC reader with atheris (libFuzzer for Python).

    python fuzz/warc_fuzz.py -atheris_runs=20000          # a bounded run
    python fuzz/warc_fuzz.py fuzz/corpus/warc -max_total_time=600

Inputs that are too short to mean anything are put after a small valid crawl, so the
fuzzer starts from real records. Any exception escaping `read_warc` is a crash (the reader
promises Skips, never exceptions): atheris stops and writes the input to crash-<hash>.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["newsweave", "warcio"]):
    from newsweave.ingest.settings import IngestSettings
    from newsweave.ingest.warc import read_warc
    from newsweave.records import Article, Skip

SETTINGS = IngestSettings(record_timeout=2.0, workers=1, max_record_bytes=1 << 20)


def _seed() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    page = (
        b"<html><head><title>Port workers strike</title></head><body><article>"
        b"<p>KELMSFORD (Meridian) - Dock workers walked out on Monday, the union said.</p>"
        b"</article></body></html>"
    )
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://coastline.example/a",
            "response",
            payload=io.BytesIO(page),
            http_headers=headers,
        )
    )
    return out.getvalue()


SEED = _seed()


def test_one_input(data: bytes) -> None:
    """One archive: every record an Article or a Skip; an exception is a crash."""
    if len(data) < 16:
        data = SEED + data
    for record in read_warc(io.BytesIO(data), "fuzz.warc", SETTINGS):
        if not isinstance(record, Article | Skip):
            raise TypeError(f"read_warc yielded {type(record).__name__}")


def main(argv: list[str]) -> None:
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
