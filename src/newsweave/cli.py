"""The `newsweave` command line: thin wrappers over the Python API (`newsweave.api`).

Data and `--json` output go to stdout and nothing else does; progress, summaries and
messages go to stderr. Exit codes: 0 done, 1 error, 2 usage, 3 done but inputs were skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api
from .errors import NewsweaveError
from .ingest import IngestSettings
from .records import Article, Skip
from .report.export import EXPORT_FORMATS, article_export_row
from .store import DEFAULT_DB

EXIT_SKIPPED = 3

app = typer.Typer(
    name="newsweave",
    help="Make sense of news coverage across outlets: wire copy, rewrites, stories, quotes.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
export_app = typer.Typer(help="Export records as JSONL, Parquet or CSV.", no_args_is_help=True)
app.add_typer(export_app, name="export")
reuse_app = typer.Typer(invoke_without_command=True)
app.add_typer(reuse_app, name="reuse")
evaluate_app = typer.Typer(
    help="Measure quality on labelled data, next to published figures.", no_args_is_help=True
)
app.add_typer(evaluate_app, name="evaluate")

err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Path, typer.Option("--db", envvar="NEWSWEAVE_DB", help="The store file.", show_default=True)
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")]


def _example(command: str) -> str:
    return f"Example: [bold]{command}[/bold]"


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def _errors() -> Iterator[None]:
    """Turn newsweave's own errors into one clear line and exit code 1."""
    try:
        yield
    except NewsweaveError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(1) from None


def _open(db: Path, *, create: bool = False) -> api.Newsweave:
    return api.open(db, create=create)


@app.command(epilog=_example("newsweave ingest samples/corpus --db news.db"))
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    db: DbOption = Path(DEFAULT_DB),
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for inputs that do not name one.")
    ] = None,
    max_file_mb: Annotated[
        float, typer.Option(help="Skip whole-read files (text, HTML, feeds) larger than this.")
    ] = IngestSettings().max_file_bytes / 2**20,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read articles from text, JSONL, HTML, RSS/Atom and WARC files into the store.

    Idempotent and resumable: the same article is stored once, and a rerun after a crash
    finishes the work without doubling anything. Skipped inputs are listed with a reason.
    """
    settings = IngestSettings(default_outlet=outlet, max_file_bytes=int(max_file_mb * 2**20))
    with _errors(), _open(db, create=True) as nw:
        show = not (quiet or json_output)
        progress = Progress(
            TextColumn("[bold]ingest[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[articles]} articles"),
            TimeElapsedColumn(),
            console=err,
            disable=not show,
            transient=True,
        )
        with progress:
            from .ingest.files import find_inputs

            total = sum(1 for _ in find_inputs(paths))
            task = progress.add_task("ingest", total=total, articles=0)

            def on_file(item: Any, report: Any) -> None:
                progress.update(task, advance=1, articles=report.articles_read)

            def on_skip(skip: Skip) -> None:
                if not quiet and not json_output:
                    progress.console.print(f"[yellow]skip[/yellow] {escape(str(skip))}")

            report = nw.ingest(*paths, settings=settings, on_file=on_file, on_skip=on_skip)
    if json_output:
        _print_json(report.to_dict())
    elif not quiet:
        err.print(
            f"{report.articles_new} new articles ({report.duplicates} already stored) "
            f"from {report.files} files; {report.files_unchanged} unchanged files passed over; "
            f"{len(report.skipped)} inputs skipped"
        )
    if report.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command(epilog=_example("newsweave articles --outlet Reuters --since 2025-03-01"))
def articles(
    db: DbOption = Path(DEFAULT_DB),
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (any case).")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (ISO date).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    json_output: JsonOption = False,
) -> None:
    """List stored articles, newest first, filtered by outlet and date."""
    with _errors(), _open(db) as nw:
        found = list(
            nw.articles(outlet=outlet, since=since, until=until, limit=limit, newest_first=True)
        )
    if json_output:
        _print_json([_summary(a) for a in found])
        return
    table = Table("id", "published", "outlet", "title / first words", box=None)
    for article in found:
        table.add_row(
            article.id,
            article.published or "",
            escape(article.outlet or ""),
            escape(_headline(article)),
        )
    Console(highlight=False).print(table)
    err.print(f"{len(found)} articles")


@app.command(epilog=_example("newsweave show 3f2a9c1e"))
def show(
    article_id: Annotated[str, typer.Argument(help="Article id or unique prefix.")],
    db: DbOption = Path(DEFAULT_DB),
    json_output: JsonOption = False,
) -> None:
    """Show one article: metadata, numbered body paragraphs and the parts kept apart."""
    with _errors(), _open(db) as nw:
        article = nw.show(article_id)
    if json_output:
        _print_json(article_export_row(article) | {"body": list(article.body)})
        return
    out = Console(highlight=False)
    out.print(f"[bold]{escape(article.title or _headline(article))}[/bold]")
    for label, value in (
        ("id", article.id),
        ("outlet", article.outlet),
        ("bylines", ", ".join(article.bylines)),
        ("dateline", article.dateline),
        ("published", article.published),
        ("url", article.url),
        ("source", article.source),
    ):
        if value:
            out.print(f"[dim]{label:>10}[/dim]  {escape(str(value))}")
    for number, paragraph in enumerate(article.body, 1):
        out.print(f"\n[dim]{number:>3}[/dim]  {escape(paragraph)}")
    for label, parts in (
        ("captions", article.captions),
        ("bullets", article.bullets),
        ("subheads", article.subheads),
        ("agency tags", article.agency_tags),
    ):
        if parts:
            out.print(f"\n[dim]{label}:[/dim]")
            for part in parts:
                out.print(f"  · {escape(part)}")


@export_app.command(
    "articles", epilog=_example("newsweave export articles --format parquet --out a.parquet")
)
def export_articles(
    db: DbOption = Path(DEFAULT_DB),
    format: Annotated[str, typer.Option(help=f"One of {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
    out: Annotated[
        Path | None, typer.Option(help="Output file; JSONL goes to stdout without it.")
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Export articles with fields id, outlet, bylines, dateline, published, title, url, text."""
    with _errors(), _open(db) as nw:
        count = nw.export("articles", format, out)
    if not quiet and out is not None:
        err.print(f"wrote {count} articles to {out}")


@reuse_app.callback(epilog=_example("newsweave reuse --db news.db"))
def reuse(
    ctx: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Find wire copy, reprints and rewrites among stored articles (incremental).

    New articles are matched at passage level against everything indexed before; the index
    persists in the store, so a rerun only looks at what arrived since.
    """
    if ctx.invoked_subcommand is not None:
        return
    with _errors(), _open(db) as nw:
        total = nw.store.count_articles() - _done(nw, "reuse")
        with _progress("reuse", total, quiet or json_output) as advance:
            report = nw.reuse(on_chunk=lambda n, _: advance(n))
    if json_output:
        _print_json(report.to_dict())
    elif not quiet:
        relations = ", ".join(f"{n} {r}" for r, n in sorted(report.by_relation.items()))
        err.print(
            f"{report.articles} articles compared; {report.links} links ({relations or 'none'})"
        )


@reuse_app.command("show", epilog=_example("newsweave reuse show 0acfa545"))
def reuse_show(
    article_id: Annotated[str, typer.Argument(help="Article id or unique prefix.")],
    db: DbOption = Path(DEFAULT_DB),
    json_output: JsonOption = False,
) -> None:
    """An article's sources and derivatives, with aligned passages, and the likely original."""
    with _errors(), _open(db) as nw:
        view = nw.reuse_show(article_id)
        others = {a.id: a for a in nw.store.articles(ids=view.group + _linked_ids(view))}
    if json_output:
        _print_json(view.to_dict())
        return
    out = Console(highlight=False)
    article = view.article
    out.print(f"[bold]{escape(_headline(article))}[/bold]  [dim]{article.id}[/dim]")
    if view.original:
        mark = "this article" if view.original == article.id else view.original
        out.print(f"likely original: {mark} ({', '.join(view.evidence)})")
    elif len(view.group) > 1:
        out.print("likely original: unknown")
    for title, links, mine in (
        ("sources", view.sources, "target"),
        ("derivatives", view.derivatives, "source"),
    ):
        out.print(f"\n[bold]{title}[/bold] ({len(links)})")
        for link in links:
            other_id = link.source_id if mine == "target" else link.target_id
            other = others.get(other_id)
            out.print(
                f"  {link.relation:<11} {other_id}  {escape((other and other.outlet) or '')}  "
                f"[dim]containment {link.containment_source_in_target:.2f} / "
                f"{link.containment_target_in_source:.2f}[/dim]"
            )
            if other is None:
                continue
            source, target = (other, article) if mine == "target" else (article, other)
            for passage in link.passages:
                out.print(
                    f"    [dim]{passage.kind} {passage.similarity:.2f}[/dim] "
                    f"{escape(_clip(target.text[passage.target_start : passage.target_end]))}"
                )
                out.print(
                    f"    [dim]   from[/dim] "
                    f"{escape(_clip(source.text[passage.source_start : passage.source_end]))}"
                )


@evaluate_app.command(
    "reuse", epilog=_example("newsweave evaluate reuse --data ../shared/data/basil-dev")
)
def evaluate_reuse(
    data: Annotated[Path, typer.Option(help="The seeds folder or basil-dev.")],
    json_output: JsonOption = False,
) -> None:
    """Precision, recall and F1 of reuse relations, and ARI of duplicate groups."""
    from .evaluate.reuse import evaluate_reuse as run
    from .evaluate.reuse import format_reuse_table

    with _errors():
        result = run(data)
    _print_json(result) if json_output else Console(highlight=False).print(
        format_reuse_table(result)
    )


@evaluate_app.command(
    "quotes", epilog=_example("newsweave evaluate quotes --data ../shared/data/polnear-dev")
)
def evaluate_quotes(
    data: Annotated[Path, typer.Option(help="The PolNeAR folder (attributions.jsonl).")],
    compartment: Annotated[str, typer.Option(help="train or dev.")] = "dev",
    json_output: JsonOption = False,
) -> None:
    """Quote content precision, recall and F1 (exact and 50% overlap) and speaker accuracy."""
    from .evaluate.quotes import evaluate_quotes as run
    from .evaluate.quotes import render_quote_table

    with _errors():
        result = run(data, compartment)
    _print_json(result) if json_output else Console(highlight=False).print(
        render_quote_table(result)
    )


@evaluate_app.command(
    "align", epilog=_example("newsweave evaluate align --data ../shared/data/msrp-train")
)
def evaluate_align(
    data: Annotated[Path, typer.Option(help="The MSRP folder (msr_paraphrase_train.txt).")],
    json_output: JsonOption = False,
) -> None:
    """Accuracy and F1 of the edited-sentence decision, by 10-fold cross-validation."""
    from .evaluate.align import evaluate_align as run
    from .evaluate.align import render_align_table

    with _errors():
        result = run(data)
    _print_json(result) if json_output else Console(highlight=False).print(
        render_align_table(result)
    )


@app.command(epilog=_example("newsweave stats --json"))
def stats(db: DbOption = Path(DEFAULT_DB), json_output: JsonOption = False) -> None:
    """Counts of what the store holds: articles by outlet and format, dates, skipped inputs."""
    with _errors(), _open(db) as nw:
        figures = nw.stats()
    if json_output:
        _print_json(figures)
        return
    out = Console(highlight=False)
    for key, value in figures.items():
        if isinstance(value, dict):
            out.print(f"[bold]{key}[/bold]")
            for name, count in value.items():
                out.print(f"  {escape(str(name)):<30} {count}")
        else:
            out.print(f"[bold]{key}[/bold]  {escape(str(value))}")


def _done(nw: api.Newsweave, stage: str) -> int:
    marker = nw.store.stage_marker(stage)
    return int(
        nw.store.conn.execute("SELECT count(*) FROM articles WHERE seq <= ?", (marker,)).fetchone()[
            0
        ]
    )


@contextmanager
def _progress(label: str, total: int, hidden: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for one long step; yields the function that advances it."""
    progress = Progress(
        TextColumn(f"[bold]{label}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=hidden,
        transient=True,
    )
    with progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.update(task, advance=n)


def _linked_ids(view: api.ReuseView) -> tuple[str, ...]:
    return tuple(
        lk.source_id if lk.target_id == view.article.id else lk.target_id
        for lk in view.sources + view.derivatives
    )


def _clip(text: str, size: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _summary(article: Article) -> dict[str, Any]:
    row = article_export_row(article)
    row.pop("text")
    return row


def _headline(article: Article, words: int = 12) -> str:
    if article.title:
        return article.title
    first = article.body[0].split() if article.body else []
    return " ".join(first[:words]) + (" …" if len(first) > words else "")


def main() -> None:
    """Entry point of the `newsweave` script."""
    app()


__all__ = ["app", "main"]
