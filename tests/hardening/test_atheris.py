"""The atheris harnesses in fuzz/ run a bounded number of inputs cleanly (one crash fails).

A longer run is opt-in (`-m fuzz_long`). atheris is a test dependency: a missing install
fails here rather than skipping.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FUZZED

ROOT = Path(__file__).resolve().parents[2]
HARNESSES = ("html_fuzz.py", "warc_fuzz.py")


def run_harness(name: str, runs: int, timeout: float) -> str:
    """Run one harness for `runs` inputs; the output, after checking it ended cleanly."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / name), f"-atheris_runs={runs}", "-rss_limit_mb=2048"],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT / "fuzz",
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    assert f"Done {runs} " in output or f"Done {runs - 1} " in output, output[-2000:]
    FUZZED[f"atheris {name.removesuffix('_fuzz.py')}"] += runs
    return output


@pytest.mark.parametrize("name", HARNESSES)
def test_harness_runs_clean_for_a_bounded_number_of_inputs(name: str) -> None:
    output = run_harness(name, runs=300, timeout=240)
    coverage = [int(n) for n in re.findall(r"cov: (\d+)", output)]
    assert coverage and max(coverage) > 50  # the harness reaches the reader's code


@pytest.mark.fuzz_long
@pytest.mark.parametrize("name", HARNESSES)
def test_harness_long_run(name: str) -> None:
    run_harness(name, runs=20_000, timeout=3600)
