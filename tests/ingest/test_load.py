"""Loading into the store: idempotent reruns, counted skips, and a crash mid-ingest."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from newsweave.ingest import ingest_paths
from newsweave.ingest.settings import IngestSettings
from newsweave.store import Store

TOWNS = ["Kelmsford", "Ostrava", "Brennick", "Saltmere", "Harrowgate", "Dunmore", "Vellis"]


def _write_corpus(folder: Path, count: int) -> set[str]:
    """`count` distinct articles, every fifth one also saved again under another name."""
    folder.mkdir()
    texts = set()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        text = (
            f"By Ana Ferreira, Meridian\n"
            f"{town.upper()} (Meridian) - The council of {town} approved budget number {n} "
            f"on Tuesday after a debate that lasted {n % 9 + 2} hours.\n"
            f"Councillors said the plan would fund {n * 3} new school places in {town}.\n"
            f"- Meridian\n"
        )
        texts.add(text)
        (folder / f"article_{n:04d}.txt").write_text(text)
        if n % 5 == 0:
            (folder / f"copy_of_{n:04d}.txt").write_text(text)
    return texts


def _ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id")]


def test_rerun_adds_nothing_and_passes_over_finished_files(tmp_path: Path) -> None:
    _write_corpus(tmp_path / "in", 30)
    with Store(tmp_path / "n.db") as store:
        first = ingest_paths(store, [tmp_path / "in"])
        second = ingest_paths(store, [tmp_path / "in"])
        assert first.articles_new == 30 and first.duplicates == 6
        assert second.articles_new == 0 and second.files_unchanged == first.files
        assert store.count_articles() == 30


def test_skips_are_counted_once_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _write_corpus(folder, 5)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.jsonl").write_text('{"title": "x", "text": "Valid line."}\n{"title": \n')
    with Store(tmp_path / "n.db") as store:
        report = ingest_paths(store, [folder])
        ingest_paths(store, [folder])
        reasons = [s.reason for s in store.skips()]
    assert report.articles_new == 6
    assert len(report.skipped) == 2
    assert any("empty file" in r for r in reasons) and len(reasons) == 2


_SLOW_INGEST = """
import sys, time
from newsweave.ingest import ingest_paths
from newsweave.ingest.settings import IngestSettings
from newsweave.store import Store
with Store(sys.argv[1]) as store:
    ingest_paths(store, [sys.argv[2]], IngestSettings(batch_size=1),
                 on_file=lambda item, report: time.sleep(0.004))
"""


def test_ingest_killed_midway_then_rerun_ends_with_exactly_the_right_set(tmp_path: Path) -> None:
    expected_count = len(_write_corpus(tmp_path / "in", 300))
    clean_db = tmp_path / "clean.db"
    with Store(clean_db) as store:
        ingest_paths(store, [tmp_path / "in"])
    crashed_db = tmp_path / "crashed.db"
    with Store(crashed_db):
        pass
    process = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, crashed_db, tmp_path / "in"])
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        stored = len(_ids(crashed_db))
        if stored > 40:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < expected_count, "the kill must land mid-ingest"
    assert len(_ids(crashed_db)) < expected_count

    with Store(crashed_db) as store:
        report = ingest_paths(store, [tmp_path / "in"], IngestSettings())
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert report.files_unchanged > 0
    assert _ids(crashed_db) == _ids(clean_db)
    assert len(_ids(clean_db)) == expected_count
