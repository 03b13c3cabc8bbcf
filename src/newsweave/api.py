"""The Python API: `newsweave.open(db)` returns a Newsweave with the CLI's verbs.

    >>> import newsweave
    >>> with newsweave.open("newsweave.db") as nw:
    ...     report = nw.ingest("samples/corpus")
    ...     first = next(iter(nw.articles(limit=1)))

Every CLI command is a thin wrapper over a method here with the same name and defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NewsweaveError, NotFound
from .ingest import IngestReport, IngestSettings, ingest_paths
from .records import Article, ReuseLink, Skip, Story, to_dict
from .report.export import (
    article_export_row,
    article_schema,
    change_schema,
    export_rows,
    quote_schema,
    reuse_schema,
    story_export_row,
    story_schema,
)
from .reuse import ReuseSettings, wire_origin
from .reuse.run import ReuseReport, update_reuse
from .store import DEFAULT_DB, Store
from .stories import StorySettings
from .stories.persist import count_stories, iter_stories, story_id_of
from .stories.run import StoriesReport, rebuild_stories, update_stories

if TYPE_CHECKING:
    from .compare import Comparison
    from .ner import NerChoice

EXPORT_KINDS = ("articles", "reuse", "stories", "quotes", "changes")
# Relations that mean one text was copied from another (quotes-only is shared speech).
COPY_RELATIONS = frozenset({"duplicate", "reprint", "rewrite"})


@dataclass(frozen=True, slots=True)
class ReuseView:
    """One article's place in the reuse graph: what it copied, who copied it, the original."""

    article: Article
    sources: tuple[ReuseLink, ...]  # links where this article is the target
    derivatives: tuple[ReuseLink, ...]  # links where this article is the source
    group: tuple[str, ...]  # ids of every article connected to it by copying
    original: str | None
    evidence: tuple[str, ...]

    @property
    def copied(self) -> bool:
        """Whether the article has copies or is one (its group's original means something)."""
        return len(self.group) > 1

    @property
    def likely_original(self) -> str | None:
        """The group's likely original, shown only where there are copies to have one."""
        return self.original if self.copied else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article.id,
            "sources": [to_dict(link) for link in self.sources],
            "derivatives": [to_dict(link) for link in self.derivatives],
            "group": list(self.group),
            "original": self.original,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True, slots=True)
class RunReport:
    """What the main job did, stage by stage."""

    ingest: IngestReport
    reuse: ReuseReport
    stories: StoriesReport
    out: Path | None
    files: list[Path]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingest": self.ingest.to_dict(),
            "reuse": self.reuse.to_dict(),
            "stories": self.stories.to_dict(),
            "report": str(self.out / "index.html") if self.out else None,
            "report_files": len(self.files),
        }


class Newsweave:
    """A handle on one newsweave store, with one method per pipeline verb."""

    def __init__(self, db: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        self.store = Store(db, create=create)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Newsweave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        *paths: str | Path,
        settings: IngestSettings = IngestSettings(),
        on_file: Callable[[Any, IngestReport], None] | None = None,
        on_skip: Callable[[Skip], None] | None = None,
    ) -> IngestReport:
        """Read articles from files and folders into the store (idempotent, resumable)."""
        return ingest_paths(self.store, paths, settings, on_file=on_file, on_skip=on_skip)

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> Iterator[Article]:
        """Stored articles, filtered by outlet and publication date (ISO, inclusive)."""
        return self.store.articles(
            outlet=outlet, since=since, until=until, limit=limit, newest_first=newest_first
        )

    def show(self, article_id: str) -> Article:
        """One article by id or unique id prefix."""
        return self.store.article(article_id)

    def reuse(
        self,
        settings: ReuseSettings = ReuseSettings(),
        on_chunk: Callable[[int, ReuseReport], None] | None = None,
    ) -> ReuseReport:
        """Find reuse for articles not yet compared (incremental; the index persists)."""
        return update_reuse(self.store, settings, on_chunk=on_chunk)

    def reuse_show(self, article_id: str) -> ReuseView:
        """An article's sources and derivatives with aligned passages, and its group's original."""
        article = self.store.article(article_id)
        links = list(self.store.links(article.id))
        group, group_links = self._copy_group(article.id)
        origin = wire_origin(list(self.store.articles(ids=group)), group_links)
        return ReuseView(
            article=article,
            sources=tuple(lk for lk in links if lk.target_id == article.id),
            derivatives=tuple(lk for lk in links if lk.source_id == article.id),
            group=tuple(sorted(group)),
            original=origin.article_id,
            evidence=origin.evidence,
        )

    def _copy_group(self, article_id: str) -> tuple[set[str], list[ReuseLink]]:
        group, frontier = {article_id}, [article_id]
        seen: dict[tuple[str, str], ReuseLink] = {}
        while frontier:
            for link in self.store.links(frontier.pop()):
                if link.relation not in COPY_RELATIONS:
                    continue
                seen[(link.source_id, link.target_id)] = link
                for other in (link.source_id, link.target_id):
                    if other not in group:
                        group.add(other)
                        frontier.append(other)
        return group, list(seen.values())

    def stories(
        self,
        settings: StorySettings = StorySettings(),
        on_chunk: Callable[[int, StoriesReport], None] | None = None,
        merge: bool = False,
        rebuild: bool = False,
    ) -> StoriesReport:
        """Assign new articles to stories (streaming, incremental; state persists).

        `merge` then joins active stories that were split early (see `update_stories`);
        `rebuild` instead regroups every stored article in batch mode, replacing the
        stories (`rebuild_stories`: better stories; the archive is read pass by pass).
        """
        if rebuild:
            return rebuild_stories(self.store, settings)
        return update_stories(self.store, settings, merge=merge, on_chunk=on_chunk)

    def stories_list(
        self,
        *,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
    ) -> list[Story]:
        """Stored stories, newest first; `query` matches words of the label or key terms."""
        words = (query or "").casefold().split()
        found = []
        stories = iter_stories(self.store.conn, outlet=outlet, since=since, until=until)
        for story in stories:
            text = " ".join([story.label, *story.key_terms]).casefold()
            if words and not all(word in text for word in words):
                continue
            found.append(story)
            if limit is not None and len(found) >= limit:
                break
        return found

    def story(self, story_id: str) -> Story:
        """One story by id or unique id prefix."""
        matches = list(islice(iter_stories(self.store.conn, id_prefix=story_id), 2))
        exact = [s for s in matches if s.id == story_id]
        if exact or len(matches) == 1:
            return (exact or matches)[0]
        if matches:
            raise NotFound(f"story id prefix {story_id!r} is ambiguous; give more of it")
        raise NotFound(f"no story {story_id!r} in {self.store.path}; run `newsweave stories`")

    def story_of(self, article_id: str) -> Story | None:
        """The story an article (id or unique id prefix) belongs to, if stories were built."""
        story_id = story_id_of(self.store.conn, self.show(article_id).id)
        return self.story(story_id) if story_id else None

    def compare(self, story_id: str, ner: NerChoice = "auto") -> Comparison:
        """Compare the versions of one story; `ner` "spacy" or "auto" reads the quotes with
        spaCy (the `nlp` extra; "auto" where installed), "none" with the patterns alone."""
        return self.compare_articles(self.story(story_id).article_ids, ner)

    def compare_articles(self, article_ids: Sequence[str], ner: NerChoice = "auto") -> Comparison:
        """Compare any set of stored articles as versions of one story."""
        from .compare import compare_articles
        from .compare.quotes import reader_name
        from .ner import nlp_for

        articles = [self.store.article(i) for i in dict.fromkeys(article_ids)]
        ids = {a.id for a in articles}
        links = {
            (lk.source_id, lk.target_id): lk
            for a in articles
            for lk in self.store.links(a.id)
            if lk.source_id in ids and lk.target_id in ids
        }
        nlp = nlp_for(ner)
        if nlp is None:
            return compare_articles(articles, list(links.values()))
        # spaCy's readings are kept in the store: a story is parsed once, not on every
        # report or page view
        reader = reader_name(nlp)
        readings = self.store.readings([a.id for a in articles], reader)
        known = set(readings)
        comparison = compare_articles(articles, list(links.values()), nlp=nlp, readings=readings)
        self.store.add_readings(reader, ((k, v) for k, v in readings.items() if k not in known))
        return comparison

    def report(
        self,
        out: str | Path,
        on_story: Callable[[Story], None] | None = None,
        ner: NerChoice = "auto",
    ) -> list[Path]:
        """Write the static HTML report (stories, comparisons, articles) into folder `out`;
        `ner` chooses how quotes are read, as for `compare`."""
        from .report.html import write_report

        return write_report(self, Path(out), on_story=on_story, ner=ner)

    def run(
        self,
        *paths: str | Path,
        out: str | Path | None = "newsweave-report",
        settings: IngestSettings = IngestSettings(),
        on_step: Callable[[str, int, int], None] | None = None,
        ner: NerChoice = "auto",
    ) -> RunReport:
        """The main job: ingest, find reuse, build stories, compare them, write the report.

        `on_step(stage, done, total)` reports progress for one display over the whole run;
        `ner` chooses how the report reads quotes, as for `compare`.
        """
        step = on_step or (lambda stage, done, total: None)
        with self.store.writing():  # one writer from ingest to stories: runs never interleave
            ingested = self.ingest(
                *paths,
                settings=settings,
                on_file=lambda item, report: step("ingest", 1, 0),
            )
            new = self.store.count_articles() - self.store.stage_marker_count("reuse")
            step("reuse", 0, new)
            reuse = self.reuse(on_chunk=lambda n, _: step("reuse", n, new))
            new = self.store.count_articles() - self.store.stage_marker_count("stories")
            step("stories", 0, new)
            stories = self.stories(on_chunk=lambda n, _: step("stories", n, new))
        files: list[Path] = []
        if out is not None:
            total = count_stories(self.store.conn)
            step("report", 0, total)
            files = self.report(out, on_story=lambda story: step("report", 1, total), ner=ner)
        return RunReport(ingested, reuse, stories, Path(out) if out is not None else None, files)

    def export(
        self, kind: str = "articles", format: str = "jsonl", out: str | Path | None = None
    ) -> int:
        """Write one kind of record to a file (JSONL to stdout when `out` is None)."""
        parquet = format == "parquet"
        rows: Iterator[dict[str, Any]]
        if kind == "articles":
            rows = (article_export_row(a) for a in self.store.articles())
            return export_rows(rows, format, out, schema=article_schema() if parquet else None)
        if kind == "reuse":
            rows = (to_dict(link) for link in self.store.links())
            return export_rows(rows, format, out, schema=reuse_schema() if parquet else None)
        if kind == "stories":
            rows = (story_export_row(story) for story in iter_stories(self.store.conn))
            return export_rows(rows, format, out, schema=story_schema() if parquet else None)
        if kind == "quotes":
            rows = self._quote_rows()
            return export_rows(rows, format, out, schema=quote_schema() if parquet else None)
        if kind == "changes":
            rows = self._change_rows()
            return export_rows(rows, format, out, schema=change_schema() if parquet else None)
        raise NewsweaveError(f"unknown export kind {kind!r}; use one of {EXPORT_KINDS}")

    def _quote_rows(self) -> Iterator[dict[str, Any]]:
        """Every quote of every stored article, with its speaker resolved."""
        from .compare.quotes import extract_quotes

        for article in self.store.articles():
            for quote in extract_quotes(article):
                yield {"outlet": article.outlet, **to_dict(quote)}

    def _change_rows(self) -> Iterator[dict[str, Any]]:
        """Changed details between the versions of every story with two or more articles."""
        for story in iter_stories(self.store.conn):
            if len(story.members) < 2:
                continue
            for change in self.compare(story.id).changes:
                yield {"story_id": story.id, **to_dict(change)}

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds."""
        return self.store.stats()


def open(db: str | Path = DEFAULT_DB, *, create: bool = True) -> Newsweave:
    """Open (or create) a newsweave store."""
    return Newsweave(db, create=create)


__all__ = ["EXPORT_KINDS", "Newsweave", "ReuseView", "RunReport", "open"]
