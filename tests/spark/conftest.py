"""One shared `local[2]` Spark session per test run, and the sample corpus run both ways.

Without pyspark or a Java 17+ runtime the Spark tests skip, except in CI (CI=true), where
the `spark` extra and Java are installed by the set-up and a skip would hide a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from newsweave.ingest.load import ingest_paths
from newsweave.ingest.settings import IngestSettings
from newsweave.records import ReuseLink, Story
from newsweave.reuse.run import update_reuse
from newsweave.store import Store
from newsweave.stories.persist import stored_stories
from newsweave.stories.run import update_stories

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CORPUS = ROOT / "samples" / "corpus"


def _java_major() -> int | None:
    java = shutil.which("java")
    if java is None:
        return None
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr + result.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def _missing() -> str | None:
    if find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'newsweave[spark]')"
    major = _java_major()
    if major is None or major < 17:
        return "Spark needs a Java 17+ runtime (.ci/setup-java installs one)"
    return None


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The run's one local[2] session; stopped when the run ends."""
    missing = _missing()
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; CI must run the Spark tests")
        pytest.skip(missing)
    from newsweave.spark.session import spark_session

    session = spark_session("local[2]")
    yield session
    session.stop()


@dataclass(frozen=True)
class BothEngines:
    """What the local engine stored and what Spark wrote, for one corpus."""

    local_ids: list[str]
    local_links: list[ReuseLink]
    local_stories: list[Story]
    articles: str  # the Spark datasets
    reuse: str
    stories: str
    groups: str
    local_db: Path
    summaries: dict[str, dict[str, Any]]  # the --json output of each spark command


def sorted_links(links: Any) -> list[ReuseLink]:
    return sorted(links, key=lambda lk: (lk.source_id, lk.target_id))


def sorted_stories(stories: Any) -> list[Story]:
    return sorted(stories, key=lambda s: s.id)


# Parsing deadline per record: far above the sample's HTML (well under a second alone), so a
# machine busy with the JVM and other tests never turns a page into a skip on one engine.
PATIENT = IngestSettings(record_timeout=300.0)


@pytest.fixture(scope="session")
def sample_both(spark: Any) -> Iterator[BothEngines]:
    """The sample corpus through ingest, reuse and stories on both engines.

    The Spark side runs through the `newsweave spark` commands, so the one pass checks the
    commands and the library together.
    """
    from typer.testing import CliRunner

    from newsweave.spark.cli import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="nw-spark-") as tmp:
        out = Path(tmp)
        with Store(out / "local.db") as store:
            ingest_paths(store, [SAMPLE_CORPUS], PATIENT)
            update_reuse(store)
            update_stories(store)
            ids = [a.id for a in store.articles()]
            links = sorted_links(store.links())
            stories = sorted_stories(stored_stories(store.conn))
        names = ("articles", "reuse", "stories", "groups")
        articles, reuse, story_path, groups = (str(out / n) for n in names)
        commands = {
            "ingest": ["ingest", str(SAMPLE_CORPUS), "--output", articles, "--timeout", "300"],
            "reuse": ["reuse", "--articles", articles, "--output", reuse, "--groups", groups],
            "stories": [
                "stories",
                "--articles",
                articles,
                "--reuse",
                reuse,
                "--output",
                story_path,
            ],
        }
        summaries = {}
        for name, args in commands.items():
            result = runner.invoke(app, [*args, "--json"])
            assert result.exit_code == 0, result.output
            summaries[name] = json.loads(result.stdout)
        yield BothEngines(
            ids, links, stories, articles, reuse, story_path, groups, out / "local.db", summaries
        )
