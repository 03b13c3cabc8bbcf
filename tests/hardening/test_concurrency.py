"""Readers beside a writer, and writers beside each other, on one store.

The web UI reads while an ingest writes in another process: every response shows a whole
number of committed batches, and finished-input markers always match the articles. Two
ingests started together on one store serialize or one fails with a clear message; both
never write. Processes opening a new store together all get it (the schema is made once).
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from newsweave.errors import StoreError
from newsweave.store import Store
from newsweave.web import create_app

NEWSWEAVE = Path(sys.executable).with_name("newsweave")
FILES = 240
BATCH = 20  # one article and one marker per file: a batch commits every 10 files
PER_COMMIT = BATCH // 2
TOWNS = ("Kelmsford", "Ostrava", "Brennick", "Saltmere", "Harrowgate", "Dunmore")

_SLOW_INGEST = """
import sys, time
from newsweave.ingest import ingest_paths
from newsweave.ingest.settings import IngestSettings
from newsweave.errors import StoreError
from newsweave.store import Store
with Store(sys.argv[1]) as store:
    ingest_paths(store, [sys.argv[2]], IngestSettings(batch_size=int(sys.argv[3]), workers=1),
                 on_file=lambda item, report: time.sleep(0.01))
"""


def write_council_reports(folder: Path, count: int) -> None:
    """`count` distinct one-article files of council news."""
    folder.mkdir()
    for n in range(count):
        town = TOWNS[n % len(TOWNS)]
        (folder / f"council_{n:04d}.txt").write_text(
            f"By Ana Ferreira, Meridian\n"
            f"{town.upper()} (Meridian) - The council of {town} approved budget number {n} "
            f"on Tuesday after a debate that lasted {n % 9 + 2} hours.\n"
            f"Councillors said the plan would fund {n * 3} new school places.\n"
        )


def consistent_snapshot(db: Path) -> tuple[int, int]:
    """Articles and finished inputs, read in one transaction."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.execute("BEGIN")
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        inputs = conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
        conn.execute("COMMIT")
        return articles, inputs
    finally:
        conn.close()


def test_web_readers_see_only_whole_batches_while_an_ingest_writes(tmp_path: Path) -> None:
    write_council_reports(tmp_path / "in", FILES)
    db = tmp_path / "n.db"
    Store(db).close()
    client = TestClient(create_app(db))
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_INGEST, str(db), str(tmp_path / "in"), str(BATCH)]
    )
    seen_stats, seen_lists, snapshots = set(), set(), set()
    while writer.poll() is None:
        stats = client.get("/api/stats")
        assert stats.status_code == 200
        seen_stats.add(stats.json()["articles"])
        listed = client.get("/api/articles", params={"limit": 1000})
        assert listed.status_code == 200
        seen_lists.add(len(listed.json()))
        snapshots.add(consistent_snapshot(db))
    assert writer.returncode == 0
    for count in seen_stats | seen_lists:
        assert count % PER_COMMIT == 0, f"a reader saw {count} articles: half a batch"
    assert all(articles == inputs for articles, inputs in snapshots), snapshots
    assert len(seen_stats - {0, FILES}) >= 3, "the readers must overlap the writes"
    assert client.get("/api/stats").json()["articles"] == FILES


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(NEWSWEAVE), "ingest", str(corpus), "--db", str(db), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_ingests_on_one_store_serialize_or_one_fails_clearly(tmp_path: Path) -> None:
    write_council_reports(tmp_path / "in", 120)
    outcomes = []
    for attempt in range(4):
        db = tmp_path / f"n{attempt}.db"  # a new store: both processes also create it
        first, second = _ingest(tmp_path / "in", db), _ingest(tmp_path / "in", db)
        reports, refused = [], 0
        for process in (first, second):
            out, err = process.communicate(timeout=300)
            if process.returncode == 0:
                reports.append(json.loads(out))
            else:
                assert process.returncode == 1, err
                assert "another newsweave process is writing to this store" in err, err
                assert "Traceback" not in err
                refused += 1
        assert reports, "one of the two ingests must succeed"
        # Never both writing: when both succeeded, the second found everything done.
        assert sum(r["articles_new"] for r in reports) == 120
        if len(reports) == 2:
            assert min(r["files"] for r in reports) == 0
        with Store(db) as store:
            assert store.count_articles() == 120
        outcomes.append(refused)
    assert any(outcomes), "the ingests never overlapped; the test proved nothing"


def _open_store(path: str) -> str:
    try:
        Store(path).close()
    except StoreError as error:
        return str(error)
    return "ok"


def test_processes_creating_one_store_together_all_open_it(tmp_path: Path) -> None:
    """Regression: losers of the race to create a store failed with 'database is locked'.

    Switching a new file to WAL needs an exclusive lock and SQLite reports contention at once
    instead of waiting; eight processes on each of 60 new files met it about twice in 100.
    """
    context = multiprocessing.get_context("fork")
    with context.Pool(8) as pool:
        for attempt in range(60):
            db = str(tmp_path / f"n{attempt}.db")
            outcomes = pool.map(_open_store, [db] * 8)
            assert outcomes == ["ok"] * 8, outcomes
            with Store(db) as store:
                assert store.count_articles() == 0
