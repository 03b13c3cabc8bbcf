"""The `newsweave` command line: thin wrappers over the Python API (`newsweave.api`).

Data and `--json` output go to stdout and nothing else does; progress, summaries and
messages go to stderr. Exit codes: 0 done, 1 error, 2 usage, 3 done but inputs were skipped.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import api
from .errors import NewsweaveError
from .ingest import IngestSettings
from .ner import NER_CHOICES, NerChoice
from .records import Article, Skip
from .report.export import EXPORT_FORMATS, article_export_row, story_export_row
from .spark.cli import IMPORT_EPILOG, import_command
from .spark.cli import app as spark_app
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
stories_app = typer.Typer(invoke_without_command=True)
app.add_typer(stories_app, name="stories")
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
NerOption = Annotated[
    str,
    typer.Option(
        help="Quotes read by: auto (spacy where the nlp extra is installed, else patterns), "
        "spacy (names and the parse too: better speakers, about 60 ms an article, once; needs "
        "the nlp extra) or none (patterns alone)."
    ),
]


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


def _export_command(kind: str, noun: str, fields: str, example: str) -> None:
    """Register `newsweave export KIND`: every kind takes the same options."""

    def export(
        db: DbOption = Path(DEFAULT_DB),
        format: Annotated[str, typer.Option(help=f"One of {', '.join(EXPORT_FORMATS)}.")] = "jsonl",
        out: Annotated[
            Path | None, typer.Option(help="Output file; JSONL goes to stdout without it.")
        ] = None,
        quiet: QuietOption = False,
    ) -> None:
        with _errors(), _open(db) as nw:
            count = nw.export(kind, format, out)
        if not quiet and out is not None:
            err.print(f"wrote {count} {noun} to {out}")

    export.__doc__ = f"Export {noun} with fields {fields}."
    export_app.command(kind, epilog=_example(example))(export)


for _kind, _noun, _fields, _example_line in (
    (
        "articles",
        "articles",
        "id, outlet, bylines, dateline, published, title, url, text",
        "newsweave export articles --format parquet --out a.parquet",
    ),
    (
        "reuse",
        "reuse links",
        "source_id, target_id, relation, containment both ways, passages",
        "newsweave export reuse --format parquet --out reuse.parquet",
    ),
    (
        "stories",
        "stories",
        "story_id, label, article_ids, outlets, first_seen, last_seen",
        "newsweave export stories --format parquet --out stories.parquet",
    ),
    (
        "quotes",
        "quotes",
        "outlet, article_id, text, offsets, speaker, cue, kind",
        "newsweave export quotes --format csv --out quotes.csv",
    ),
    (
        "changes",
        "changed details",
        "story_id, kind, before, after, outlets",
        "newsweave export changes --format parquet --out changes.parquet",
    ),
):
    _export_command(_kind, _noun, _fields, _example_line)


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
    if view.likely_original:
        mark = "this article" if view.likely_original == article.id else view.likely_original
        out.print(f"likely original: {mark} ({', '.join(view.evidence)})")
    elif view.copied:
        out.print("likely original: unknown")
    for title, links, mine in (
        ("sources", view.sources, "target"),
        ("derivatives", view.derivatives, "source"),
    ):
        out.print(f"\n[bold]{title}[/bold] ({len(links)})")
        for link in links:
            other_id = link.source_id if mine == "target" else link.target_id
            other = others.get(other_id)
            undecided = "  (which came first: unknown)" if link.original == "unknown" else ""
            out.print(
                f"  {link.relation:<11} {other_id}  {escape((other and other.outlet) or '')}  "
                f"[dim]containment {link.containment_source_in_target:.2f} / "
                f"{link.containment_target_in_source:.2f}{undecided}[/dim]"
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


@stories_app.callback(epilog=_example("newsweave stories --db news.db"))
def stories(
    ctx: typer.Context,
    db: DbOption = Path(DEFAULT_DB),
    merge: Annotated[
        bool, typer.Option("--merge", help="Then join active stories that were split early.")
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Batch mode: regroup every stored article pairwise and replace the stories "
            "(better grouping; reads the archive from the store pass by pass).",
        ),
    ] = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Group articles about the same event into stories (streaming, incremental).

    Each new article joins the best active story or opens one; articles found to be
    duplicates or reprints of each other always share a story. `--rebuild` regroups the
    whole archive at once instead; later runs continue from its stories.
    """
    if ctx.invoked_subcommand is not None:
        return
    with _errors(), _open(db) as nw:
        if rebuild:
            with _status("regrouping every stored article", quiet or json_output):
                report = nw.stories(rebuild=True)
        else:
            total = nw.store.count_articles() - _done(nw, "stories")
            with _progress("stories", total, quiet or json_output) as advance:
                report = nw.stories(on_chunk=lambda n, _: advance(n), merge=merge)
    if json_output:
        _print_json(report.to_dict())
    elif not quiet:
        err.print(
            f"{report.articles} articles assigned; {report.opened} stories opened, "
            f"{report.merged} merged"
        )


@stories_app.command("list", epilog=_example("newsweave stories list --outlet Reuters"))
def stories_list(
    db: DbOption = Path(DEFAULT_DB),
    query: Annotated[str | None, typer.Option(help="Words of the label or key terms.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Stories this outlet reported.")] = None,
    since: Annotated[str | None, typer.Option(help="Last seen on or after (ISO date).")] = None,
    until: Annotated[str | None, typer.Option(help="First seen on or before (ISO date).")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Stories, newest first, with their time span and outlet counts."""
    with _errors(), _open(db) as nw:
        found = nw.stories_list(query=query, outlet=outlet, since=since, until=until, limit=limit)
    if json_output:
        _print_json([story_export_row(story) for story in found])
        return
    table = Table("story", "last seen", "articles", "outlets", "label", box=None)
    for story in found:
        table.add_row(
            story.id,
            (story.last_seen or "")[:16],
            str(len(story.members)),
            str(len(story.outlets)),
            escape(story.label),
        )
    Console(highlight=False).print(table)
    err.print(f"{len(found)} stories")


@stories_app.command("show", epilog=_example("newsweave stories show 3f2a9c1e"))
def stories_show(
    story_id: Annotated[str, typer.Argument(help="Story id or unique prefix.")],
    db: DbOption = Path(DEFAULT_DB),
    json_output: JsonOption = False,
) -> None:
    """One story: label, time span, key terms and its articles with their join scores."""
    with _errors(), _open(db) as nw:
        story = nw.story(story_id)
        members = {a.id: a for a in nw.store.articles(ids=story.article_ids)}
    if json_output:
        _print_json(story_export_row(story))
        return
    out = Console(highlight=False)
    out.print(f"[bold]{escape(story.label)}[/bold]  [dim]{story.id}[/dim]")
    out.print(
        f"{story.first_seen or '?'} → {story.last_seen or '?'}; {len(story.members)} articles"
    )
    out.print(f"outlets: {escape(', '.join(story.outlets))}")
    out.print(f"key terms: {escape(', '.join(story.key_terms))}")
    for member in sorted(story.members, key=lambda m: members[m.article_id].published or ""):
        article = members[member.article_id]
        out.print(
            f"  {article.id}  {article.published or '':<25} {escape(article.outlet or ''):<22} "
            f"[dim]{member.score:.2f}[/dim]  {escape(_headline(article))}"
        )


@evaluate_app.command(
    "stories", epilog=_example("newsweave evaluate stories --data ../shared/data/basil-dev")
)
def evaluate_stories(
    data: Annotated[Path, typer.Option(help="basil-dev, allsides-neus or a seeds folder.")],
    split: Annotated[str | None, typer.Option(help="AllSides split: train or val.")] = None,
    embeddings: Annotated[
        bool | None,
        typer.Option(
            "--embeddings/--no-embeddings",
            help="The semantic model (needs the extra) or the base one; default: semantic "
            "when installed.",
        ),
    ] = None,
    stream: Annotated[
        bool,
        typer.Option(
            "--stream",
            help="The live path (stream, then the merge step) instead of batch mode.",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """BCubed and pairwise P/R/F1, ARI, AMI and story counts, next to published figures."""
    from .evaluate.stories import evaluate_stories as run
    from .evaluate.stories import story_table
    from .stories import StorySettings

    with _errors():
        result = run(data, split, StorySettings(use_embeddings=embeddings), stream=stream)
    if json_output:
        _print_json(result)
        return
    title = f"stories on {data} ({result['model']} model, {result['mode']})"
    table = Table("metric", "newsweave", "published", title=title)
    for row in story_table(result):
        table.add_row(*row)
    Console(highlight=False).print(table)


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
    ner: NerOption = "auto",
    json_output: JsonOption = False,
) -> None:
    """Quote content precision, recall and F1 (exact and 50% overlap) and speaker accuracy."""
    from .evaluate.quotes import evaluate_quotes as run
    from .evaluate.quotes import render_quote_table

    choice = _ner_choice(ner)
    with _errors():
        result = run(data, compartment, ner=choice)
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


@app.command(epilog=_example("newsweave compare --articles 0acfa545 211e7798"))
def compare(
    story_id: Annotated[str | None, typer.Argument(help="A story id (see `stories list`).")] = None,
    articles: Annotated[
        list[str] | None, typer.Option("--articles", help="Compare these articles instead.")
    ] = None,
    db: DbOption = Path(DEFAULT_DB),
    ner: NerOption = "auto",
    json_output: JsonOption = False,
) -> None:
    """How the versions of one story differ: shared core, additions, omissions, changed
    details, the quote ledger, a summary with sources and a timeline."""
    choice = _ner_choice(ner)
    extra = list(articles or [])
    if story_id is not None and extra:
        extra.insert(0, story_id)  # `--articles A B` leaves B as the positional argument
        story_id = None
    with _errors(), _open(db) as nw:
        if story_id is None and not extra:
            raise NewsweaveError("give a story id, or --articles ID ID ...")
        comparison = (
            nw.compare(story_id, choice)
            if story_id is not None
            else nw.compare_articles(extra, choice)
        )
    if json_output:
        _print_json(comparison.to_dict())
        return
    _print_comparison(comparison)


@app.command(epilog=_example("newsweave run samples/corpus --out report"))
def run(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or feeds to read.")],
    db: DbOption = Path(DEFAULT_DB),
    out: Annotated[Path, typer.Option(help="Folder for the HTML report.")] = Path(
        "newsweave-report"
    ),
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for inputs that do not name one.")
    ] = None,
    open_report: Annotated[
        bool, typer.Option("--open", help="Open the report in a browser.")
    ] = False,
    ner: NerOption = "auto",
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """The main job: ingest, find reuse, build stories, compare them and write the report.

    Incremental like each stage: run it again on a grown folder and only the new articles
    are read, matched and assigned.
    """
    from .ingest.files import find_inputs

    choice = _ner_choice(ner)
    hidden = quiet or json_output
    progress = Progress(
        TextColumn("[bold]{task.description:<8}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=hidden,
    )
    with _errors(), _open(db, create=True) as nw, progress:
        tasks = {
            "ingest": progress.add_task("ingest", total=sum(1 for _ in find_inputs(paths))),
            "reuse": progress.add_task("reuse", total=None),
            "stories": progress.add_task("stories", total=None),
            "report": progress.add_task("report", total=None),
        }

        def on_step(stage: str, done: int, total: int) -> None:
            if total:
                progress.update(tasks[stage], total=total)
            progress.update(tasks[stage], advance=done)

        result = nw.run(
            *paths,
            out=out,
            settings=IngestSettings(default_outlet=outlet),
            on_step=on_step,
            ner=choice,
        )
    if json_output:
        _print_json(result.to_dict())
    elif not quiet:
        err.print(
            f"{result.ingest.articles_new} new articles, {len(result.ingest.skipped)} inputs "
            f"skipped; {result.reuse.links} reuse links; {result.stories.opened} new stories; "
            f"report: {out / 'index.html'}"
        )
    if open_report:
        import webbrowser

        webbrowser.open((out / "index.html").resolve().as_uri())
    if result.ingest.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command(epilog=_example("newsweave report --out report && open report/index.html"))
def report(
    db: DbOption = Path(DEFAULT_DB),
    out: Annotated[Path, typer.Option(help="Folder for the HTML report.")] = Path(
        "newsweave-report"
    ),
    ner: NerOption = "auto",
    quiet: QuietOption = False,
) -> None:
    """Write the static HTML report: self-contained pages that open from disk, no server."""
    choice = _ner_choice(ner)
    with _errors(), _open(db) as nw:
        total = len(nw.stories_list())
        with _progress("report", total, quiet) as advance:
            files = nw.report(out, on_story=lambda story: advance(1), ner=choice)
    if not quiet:
        err.print(f"wrote {len(files)} files; open {out / 'index.html'}")


@app.command(epilog=_example("newsweave serve --port 8800"))
def serve(
    db: DbOption = Path(DEFAULT_DB),
    host: Annotated[
        str, typer.Option(help="Address to bind; keep 127.0.0.1 unless you mean it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8800,
    ner: NerOption = "auto",
) -> None:
    """Serve the web UI and its JSON API (/api/, OpenAPI at /api/openapi.json) locally."""
    from .ner import nlp_for
    from .web import serve as run_server

    choice = _ner_choice(ner)
    with _errors():
        _open(db).close()  # fail clearly before the server starts
        nlp_for(choice)  # and before it, a missing nlp extra
        err.print(f"newsweave on http://{host}:{port}/  (Ctrl-C stops it)")
        run_server(db, host=host, port=port, ner=choice)


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


def _ner_choice(ner: str) -> NerChoice:
    if ner not in NER_CHOICES:
        choices = f"{', '.join(NER_CHOICES[:-1])} or {NER_CHOICES[-1]}"
        raise typer.BadParameter(f"choose {choices}", param_hint="--ner")
    return cast(NerChoice, ner)


def _version_names(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> how the comparison names the version: its outlet, with the day (or
    the id) when the outlet has several versions (a wire story and its follow-up)."""
    names = {a.id: a.outlet or a.id[:8] for a in articles}
    repeated = Counter(names.values())
    days = Counter((names[a.id], (a.published or "")[:10]) for a in articles)
    for a in articles:
        name, day = names[a.id], (a.published or "")[:10]
        if repeated[name] > 1:
            names[a.id] = (
                f"{name}, {day}" if day and days[name, day] == 1 else f"{name}, {a.id[:8]}"
            )
    return names


def _print_comparison(comparison: Any) -> None:
    """The human view of a Comparison, section by section."""
    out = Console(highlight=False)
    outlet = _version_names(comparison.articles)
    out.print(f"[bold]{len(comparison.articles)} versions[/bold]")
    for article in comparison.articles:
        mark = "  [green]original[/green]" if article.id == comparison.original_id else ""
        out.print(
            f"  {article.id}  {escape(article.outlet or '')}  {article.published or ''}  "
            f"{escape(_headline(article))}{mark}"
        )
    out.print("\n[bold]Summary[/bold]")
    for sentence in comparison.summary:
        credits = ", ".join(sorted({outlet.get(i, i[:8]) for i in sentence.article_ids}))
        out.print(f"  · {escape(sentence.text)} [dim]({escape(credits)})[/dim]")
    out.print(f"\n[bold]Shared by most versions[/bold]: {len(comparison.shared)} claims")
    for title, diffs in (("Added", comparison.additions), ("Left out", comparison.omissions)):
        for diff in diffs:
            if not diff.sentences:
                continue
            out.print(
                f"\n[bold]{title} by {escape(outlet.get(diff.article_id, ''))}[/bold] "
                f"[dim](relative to the {diff.relative_to})[/dim]"
            )
            for sentence in diff.sentences:
                out.print(f"  · {escape(_clip(sentence.text, 200))}")
    if comparison.changes:
        table = Table("kind", "before", "after", "from", "in", title="Changed details")
        for change in comparison.changes:
            table.add_row(
                change.kind,
                escape(change.before),
                escape(change.after),
                escape(change.outlet_before or change.article_before[:8]),
                escape(change.outlet_after or change.article_after[:8]),
            )
        out.print(table)
    if comparison.quotes:
        table = Table("speaker", "quote", "carried by", title="Quote ledger")
        for entry in comparison.quotes:
            carriers = "; ".join(f"{outlet.get(c[0], c[0][:8])} ({c[2]})" for c in entry.carriers)
            table.add_row(escape(entry.speaker or "?"), escape(_clip(entry.text, 160)), carriers)
        out.print(table)
    out.print("\n[bold]Timeline[/bold]")
    for entry in comparison.timeline:
        out.print(
            f"  {entry.published or '?':<25} {escape(outlet.get(entry.article_id, ''))}: "
            f"{len(entry.added)} new sentence{'' if len(entry.added) == 1 else 's'}, "
            f"{entry.carried} carried over"
        )


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


@contextmanager
def _status(message: str, hidden: bool) -> Iterator[None]:
    """A spinner on stderr for one long step whose length is not known in advance."""
    if hidden:
        yield
        return
    with err.status(message):
        yield


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


# Spark commands import pyspark only when run: the default install has none.
app.add_typer(spark_app, name="spark")
app.command("import", epilog=IMPORT_EPILOG)(import_command)


def main() -> None:
    """Entry point of the `newsweave` script."""
    app()


__all__ = ["app", "main"]
