"""The command line: every command documented with an example, JSON on stdout, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from newsweave.cli import EXIT_SKIPPED, app

runner = CliRunner()


def _command_paths() -> list[list[str]]:
    def walk(command: object, prefix: list[str]) -> list[list[str]]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found = [prefix] if prefix and getattr(command, "callback", None) else []
            for name, sub in subcommands.items():
                found += walk(sub, [*prefix, name])
            return found
        return [prefix]

    return walk(get_command(app), [])


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p))
def test_every_command_has_help_ending_with_a_runnable_example(path: list[str]) -> None:
    result = runner.invoke(app, [*path, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.strip().splitlines() if line.strip()]
    assert lines[-1].startswith("Example: newsweave " + path[0])


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for path in _command_paths():
        assert f"newsweave {' '.join(path)}" in readme, path


def _article(folder: Path, name: str, town: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(
        f"Title: {town} council approves budget\nOutlet: Kelmsford Courier\nDate: 2031-05-12\n\n"
        f"The council of {town} approved its budget on Tuesday after a long debate.\n\n"
        f"Councillors said the plan would fund new school places in {town}.\n"
    )


def test_ingest_then_export_jsonl_to_stdout_carries_the_exported_fields(tmp_path: Path) -> None:
    _article(tmp_path / "in", "a.txt", "Kelmsford")
    db = str(tmp_path / "n.db")
    ingested = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--quiet"])
    assert ingested.exit_code == 0
    result = runner.invoke(app, ["export", "articles", "--db", db])
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"id", "outlet", "bylines", "dateline", "published", "title", "url", "text"} <= set(row)
    assert row["outlet"] == "Kelmsford Courier" and row["published"] == "2031-05-12"


def test_stories_rebuild_replaces_the_stream_stories_of_the_store(tmp_path: Path) -> None:
    for town in ("Kelmsford", "Ardley"):
        _article(tmp_path / "in", f"{town}.txt", town)
    db = str(tmp_path / "n.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "-q"]).exit_code == 0
    streamed = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    rebuilt = runner.invoke(app, ["stories", "--rebuild", "--db", db, "--json"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert streamed["articles"] == json.loads(rebuilt.stdout)["articles"] == 2
    listed = runner.invoke(app, ["stories", "list", "--db", db, "--json"])
    assert sum(len(s["article_ids"]) for s in json.loads(listed.stdout)) == 2


def test_json_output_is_the_only_thing_on_stdout(tmp_path: Path) -> None:
    _article(tmp_path / "in", "a.txt", "Kelmsford")
    db = str(tmp_path / "n.db")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--json"])
    assert json.loads(result.stdout)["articles_new"] == 1
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert stats["articles"] == 1 and stats["outlets"] == {"Kelmsford Courier": 1}


def test_exit_code_says_inputs_were_skipped(tmp_path: Path) -> None:
    _article(tmp_path / "in", "a.txt", "Kelmsford")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == EXIT_SKIPPED
    assert "empty.txt: empty file; skipped" in result.stderr


def test_show_unknown_id_is_a_one_line_error(tmp_path: Path) -> None:
    _article(tmp_path / "in", "a.txt", "Kelmsford")
    db = str(tmp_path / "n.db")
    runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "-q"])
    result = runner.invoke(app, ["show", "0000000000000000", "--db", db])
    assert result.exit_code == 1 and "no article" in result.stderr


def test_commands_on_a_missing_store_say_how_to_make_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "newsweave ingest" in result.stderr


def test_typer_app_is_the_entry_point() -> None:
    assert isinstance(app, typer.Typer)


def test_evaluations_take_the_model_and_the_name_finder_from_the_command_line(
    shared_data: Path,
) -> None:
    basil, polnear = str(shared_data / "basil-dev"), str(shared_data / "polnear-dev")
    stories = runner.invoke(
        app, ["evaluate", "stories", "--data", basil, "--no-embeddings", "--json"]
    )
    assert stories.exit_code == 0, stories.output
    scores = json.loads(stories.stdout)
    assert scores["model"] == "base" and scores["bcubed_f1"] >= 0.97
    quotes = runner.invoke(
        app, ["evaluate", "quotes", "--data", polnear, "--ner", "none", "--json"]
    )
    assert quotes.exit_code == 0, quotes.output
    assert json.loads(quotes.stdout)["ner"] == "capitalized-name fallback"
    wrong = runner.invoke(app, ["evaluate", "quotes", "--data", polnear, "--ner", "bert"])
    assert wrong.exit_code != 0 and "auto, spacy or none" in wrong.output
    wrong = runner.invoke(app, ["compare", "0000", "--ner", "bert"])
    assert wrong.exit_code != 0 and "auto, spacy or none" in wrong.output
