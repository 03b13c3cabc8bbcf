"""Coverage-guided fuzzing of the HTML reader with atheris (libFuzzer for Python).

    python fuzz/html_fuzz.py -atheris_runs=20000          # a bounded run
    python fuzz/html_fuzz.py fuzz/corpus/html -max_total_time=600

Any exception other than newsweave's own errors is a crash: atheris stops and writes the
input to crash-<hash>; add it as a regression test (tests/hardening/test_regressions.py).
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports(include=["newsweave"]):
    from newsweave.errors import NewsweaveError
    from newsweave.ingest.html import parse_html
    from newsweave.ingest.settings import IngestSettings

SETTINGS = IngestSettings(record_timeout=2.0, workers=1, max_record_bytes=1 << 20)
SEED = (
    b'<!DOCTYPE html><html lang="en"><head><meta property="og:site_name" content="Herald">'
    b'<meta property="article:published_time" content="2031-05-12T09:30:00+02:00">'
    b"<title>Port workers strike</title></head><body><article><h1>Port workers strike</h1>"
    b"<p>KELMSFORD (Meridian) - Dock workers walked out on Monday, the union said.</p>"
    b"<p>The strike halted container traffic at the region's largest port.</p>"
    b"<script>var x = 1;</script></article></body></html>"
)


def test_one_input(data: bytes) -> None:
    """One page: an Article, or an InputError naming it; anything else is a crash."""
    if len(data) < 8:
        data = SEED + data
    with contextlib.suppress(NewsweaveError):
        parse_html(data, source="fuzz.html", settings=SETTINGS)


def main(argv: list[str]) -> None:
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
