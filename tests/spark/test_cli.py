"""The `newsweave spark` commands and `newsweave import`, through Typer's test runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from newsweave.spark.cli import IMPORT_EPILOG, app, import_command

from .conftest import BothEngines

runner = CliRunner()


def test_importing_the_cli_does_not_import_pyspark() -> None:
    code = "import sys, newsweave.spark.cli; print('pyspark' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("command", ["ingest", "reuse", "stories"])
def test_every_command_has_help_ending_in_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"], terminal_width=200)
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.strip().splitlines() if line.strip()]
    assert lines[-1].startswith(f"Example: newsweave spark {command} ")


def test_import_help_ends_in_an_example_when_mounted_with_its_epilog() -> None:
    top = typer.Typer(rich_markup_mode="rich")
    top.command("import", epilog=IMPORT_EPILOG)(import_command)
    top.command("other")(lambda: None)
    result = runner.invoke(top, ["import", "--help"], terminal_width=200)
    lines = [line.strip() for line in result.output.strip().splitlines() if line.strip()]
    assert lines[-1].startswith("Example: newsweave import ")


def test_spark_commands_print_json_summaries_and_import_loads_them(
    sample_both: BothEngines, tmp_path: Path
) -> None:
    summaries = sample_both.summaries
    assert summaries["ingest"]["articles"] == 50 and summaries["ingest"]["files"] == 29
    assert summaries["reuse"]["links"] == len(sample_both.local_links)
    assert sum(summaries["reuse"]["by_relation"].values()) == summaries["reuse"]["links"]
    assert summaries["stories"]["stories"] == len(sample_both.local_stories)
    assert summaries["stories"]["articles"] == 50

    top = typer.Typer()
    top.command("import")(import_command)
    top.command("other")(lambda: None)  # a group, so "import" is a subcommand as mounted
    db = tmp_path / "n.db"
    args = ["--articles", sample_both.articles, "--reuse", sample_both.reuse]
    result = runner.invoke(
        top, ["import", *args, "--stories", sample_both.stories, "--db", str(db), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "articles": 50,
        "links": len(sample_both.local_links),
        "stories": len(sample_both.local_stories),
    }


def test_import_without_datasets_says_what_to_give(tmp_path: Path) -> None:
    top = typer.Typer()
    top.command("import")(import_command)
    top.command("other")(lambda: None)
    result = runner.invoke(top, ["import", "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 2
    assert "--articles" in result.output


def test_a_missing_pyspark_names_the_spark_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now fails
    args = ["reuse", "--articles", str(tmp_path), "--output", str(tmp_path / "reuse")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "pip install 'newsweave[spark]'" in result.output
