"""The static report: the web UI's pages as self-contained HTML files in one folder.

    index.html              the stories list (filtered in the page by its inline script)
    stories/<id>.html       one page per story
    articles/<id>.html      one page per article of those stories

Each file inlines its stylesheet and script, and a Content-Security-Policy meta tag admits
exactly those two blocks by hash and no network source, so the folder opens from disk
(`file://`), makes no request and can be zipped and shared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsweave.api import Newsweave
from newsweave.ner import NerChoice
from newsweave.records import Story
from newsweave.web.app import linked_articles, story_links, unlabelled_headlines
from newsweave.web.graph import reuse_graph
from newsweave.web.render import Links, render
from newsweave.web.views import article_page, story_page, story_rows

INDEX = "index.html"


def write_report(
    nw: Newsweave,
    out: Path,
    on_story: Callable[[Story], None] | None = None,
    ner: NerChoice = "auto",
) -> list[Path]:
    """Write the report for every stored story into `out`; returns the files written.
    `ner` chooses how quotes are read (`Newsweave.compare`)."""
    out = Path(out)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    stories = nw.stories_list()
    outlets = sorted(name for name in nw.stats()["outlets"] if name != "unknown")
    written = [
        _write(
            out / INDEX,
            render(
                "stories.html",
                Links(report=True),
                rows=story_rows(stories, unlabelled_headlines(nw, stories)),
                outlets=outlets,
                query={"q": "", "outlet": "", "since": "", "until": ""},
                filtered=False,
            ),
        )
    ]
    nested = Links(report=True, prefix="../")
    for story in stories:
        comparison = nw.compare(story.id, ner)
        links = story_links(nw, comparison.articles)
        graph = reuse_graph(comparison.articles, links, comparison.original_id)
        page = story_page(story, comparison)
        html = render("story.html", nested, page=page, graph=graph)
        written.append(_write(out / "stories" / f"{story.id}.html", html))
        for article in comparison.articles:
            view = nw.reuse_show(article.id)
            article_links = [*view.sources, *view.derivatives]
            others = linked_articles(nw, view.article, article_links)
            apage = article_page(
                view.article, article_links, others, view.likely_original, view.evidence, story.id
            )
            html = render("article.html", nested, page=apage)
            written.append(_write(out / "articles" / f"{article.id}.html", html))
        if on_story is not None:
            on_story(story)
    return written


def _write(path: Path, html: str) -> Path:
    """Write through a temporary file, so a reader never opens half a page."""
    partial = path.with_suffix(".html.partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
    return path


__all__ = ["INDEX", "write_report"]
