"""`newsweave spark ingest|reuse|stories` and `newsweave import`: thin wrappers.

Each command calls the library function of the same name in `newsweave.spark` and reads
and writes Parquet datasets (local paths or any Hadoop-compatible URI). pyspark is
imported inside the commands only, so the default install (without the `spark` extra)
still starts, and a Spark command without pyspark says which extra to install.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import NewsweaveError
from ..ingest.settings import IngestSettings

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

app = typer.Typer(
    name="spark",
    help="Run ingest, reuse and stories on Apache Spark, over Parquet datasets.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

MasterOption = Annotated[
    str,
    typer.Option(
        help="Spark master for a run outside spark-submit (under spark-submit its "
        "--master decides)."
    ),
]
PartitionsOption = Annotated[
    int | None,
    typer.Option(help="Shuffle partitions (default: 4 for local masters, Spark's otherwise)."),
]
# The help epilog of `newsweave import`: pass it where the command is mounted.
IMPORT_EPILOG = "Example: [bold]newsweave import --articles out/articles --reuse out/reuse[/bold]"

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


def _example(command: str) -> str:
    return f"Example: [bold]{command}[/bold]"


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def _say(summary: dict[str, Any], json_output: bool, line: str) -> None:
    if json_output:
        _print_json(summary)
    else:
        typer.echo(line, err=True)


@contextmanager
def _errors() -> Iterator[None]:
    """newsweave's own errors as one line and exit code 1."""
    try:
        yield
    except NewsweaveError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None


def _session(master: str, partitions: int | None) -> SparkSession:
    from .session import spark_session

    return spark_session(master, shuffle_partitions=partitions)


@app.command(epilog=_example("newsweave spark ingest samples/corpus --output out/articles"))
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    output: Annotated[str, typer.Option(help="Articles dataset to write (Parquet).")],
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for inputs that do not name one.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds a record may take to parse before it is skipped.")
    ] = IngestSettings().record_timeout,
    master: MasterOption = "local[2]",
    partitions: PartitionsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Read articles from text, JSONL, HTML, RSS/Atom and WARC files into a Parquet dataset.

    Files are parsed on the executors by the local readers; an article met twice is kept
    once, and `seq` numbers articles in input order as the store does.
    """
    settings = IngestSettings(default_outlet=outlet, record_timeout=timeout)
    with _errors():
        from .ingest import ingest_to_parquet

        spark = _session(master, partitions)
        report = ingest_to_parquet(spark, paths, output, settings)
    summary = report.to_dict()
    _say(
        summary,
        json_output,
        f"{report.articles} articles ({report.duplicates} repeats) from {report.files} files "
        f"to {output}; {len(report.skipped)} inputs skipped",
    )


@app.command(epilog=_example("newsweave spark reuse --articles out/articles --output out/reuse"))
def reuse(
    articles: Annotated[str, typer.Option(help="Articles dataset (from spark ingest).")],
    output: Annotated[str, typer.Option(help="Reuse links dataset to write (Parquet).")],
    groups: Annotated[
        str | None,
        typer.Option(help="Also write copy groups and their likely originals here (Parquet)."),
    ] = None,
    master: MasterOption = "local[2]",
    partitions: PartitionsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find wire copy, reprints and rewrites between all articles of a dataset.

    The same candidate search, alignment, labels and originals as `newsweave reuse`, so
    the links are the ones the local engine stores for the same articles.
    """
    from ..reuse.settings import ReuseSettings

    with _errors():
        from .reuse import reuse_to_parquet

        spark = _session(master, partitions)
        summary = reuse_to_parquet(spark, articles, output, ReuseSettings(), groups_output=groups)
    kinds = ", ".join(f"{n} {k}" for k, n in summary["by_relation"].items()) or "none"
    _say(summary, json_output, f"{summary['links']} reuse links ({kinds}) to {output}")


@app.command(
    epilog=_example("newsweave spark stories --articles out/articles --output out/stories")
)
def stories(
    articles: Annotated[str, typer.Option(help="Articles dataset (from spark ingest).")],
    output: Annotated[str, typer.Option(help="Stories dataset to write (Parquet).")],
    reuse: Annotated[
        str | None,
        typer.Option(help="Reuse links dataset: duplicates and reprints share a story."),
    ] = None,
    merge: Annotated[bool, typer.Option(help="Then join stories the stream split early.")] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Batch mode, as `newsweave stories --rebuild`: every article regrouped "
            "pairwise (better grouping; the driver reads the sorted dataset pass by pass)."
        ),
    ] = False,
    master: MasterOption = "local[2]",
    partitions: PartitionsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Group articles into stories with the join-or-new model of `newsweave stories`.

    Terms and the stream order are computed in Spark; the decisions run in stream order on
    the driver, which holds only the stories still active. With `--rebuild`, Spark sorts
    the dataset and the driver runs batch mode over it.
    """
    from ..stories.settings import StorySettings

    with _errors():
        from .stories import stories_to_parquet

        spark = _session(master, partitions)
        summary = stories_to_parquet(
            spark, articles, output, reuse, StorySettings(), merge=merge, rebuild=rebuild
        )
    _say(
        summary,
        json_output,
        f"{summary['stories']} stories ({summary['active']} still active) over "
        f"{summary['articles']} articles to {output}",
    )


def import_command(
    articles: Annotated[
        Path | None, typer.Option(help="Articles dataset (spark ingest output).")
    ] = None,
    reuse: Annotated[Path | None, typer.Option(help="Reuse links dataset.")] = None,
    stories: Annotated[Path | None, typer.Option(help="Stories dataset.")] = None,
    db: Annotated[Path, typer.Option("--db", envvar="NEWSWEAVE_DB", help="The store file.")] = Path(
        "newsweave.db"
    ),
    json_output: JsonOption = False,
) -> None:
    """Load Parquet outputs of `newsweave spark` into the store for the web UI and report.

    Needs pyarrow only. Importing the same datasets twice adds nothing twice.
    """
    from ..store import Store
    from .importer import import_outputs

    if articles is None and reuse is None and stories is None:
        typer.echo("error: give at least one of --articles, --reuse, --stories", err=True)
        raise typer.Exit(2)
    with _errors(), Store(db) as store:
        report = import_outputs(store, articles, reuse, stories)
    _say(
        report.to_dict(),
        json_output,
        f"{report.articles} new articles, {report.links} reuse links and "
        f"{report.stories} stories imported into {db}",
    )


__all__ = ["IMPORT_EPILOG", "app", "import_command"]
