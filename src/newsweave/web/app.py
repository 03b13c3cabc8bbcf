"""The local web UI and JSON API: `create_app(db)` for any ASGI server, `serve(db)` to run it.

Server-rendered pages (stories list, story, article) and a JSON API under /api/ with its
OpenAPI spec at /api/openapi.json. Every request opens the store read-only for its own
duration, so the UI sees only committed batches while an ingest writes, and SQLite
connections never cross threads. Every response carries the CSP and nosniff headers; ids
are validated as hex before they reach the store; static files come from a fixed list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave import api
from newsweave.errors import NewsweaveError, NotFound, StoreError
from newsweave.ner import NerChoice
from newsweave.records import Article, ReuseLink, Story, to_dict
from newsweave.web.graph import reuse_graph
from newsweave.web.render import ASSETS, SECURITY_HEADERS, Links, asset, render
from newsweave.web.views import article_page, headline, story_page, story_rows

HEX_ID = r"^[0-9a-f]{4,64}$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]{2,30})?$"
DEFAULT_HOST = "127.0.0.1"  # local only: the UI shows whatever the store holds
DEFAULT_PORT = 8800

ArticleId = Annotated[str, PathParam(pattern=HEX_ID, description="article id (hex, or a prefix)")]
StoryId = Annotated[str, PathParam(pattern=HEX_ID, description="story id (hex)")]
Words = Annotated[str | None, Query(max_length=200, description="words in the label or terms")]
Outlet = Annotated[str | None, Query(max_length=200, description="outlet name")]
Since = Annotated[str | None, Query(pattern=ISO_DATE, description="ISO date, inclusive")]
Until = Annotated[str | None, Query(pattern=ISO_DATE, description="ISO date, inclusive")]


class Problem(BaseModel):
    """Why a request failed."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such id in the store"},
    400: {"model": Problem, "description": "The id is ambiguous or cannot be read"},
}


def create_app(db: str | Path, ner: NerChoice = "auto") -> FastAPI:
    """The web UI and API over one store (which must exist); `ner` chooses how quotes are
    read (`Newsweave.compare`), the spaCy model loaded once for the server's life."""
    db = Path(db)
    with api.open(db, create=False):
        pass  # fail now, with the store's message, rather than on the first request
    app = FastAPI(
        title="newsweave",
        summary="Stories, reuse, changed details and quotes across news outlets.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load scripts from a CDN; the spec is enough
        redoc_url=None,
    )
    server = Links()

    @contextmanager
    def reading() -> Iterator[api.Newsweave]:
        with api.open(db, create=False) as nw:
            yield nw

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    def error(request: Request, status: int, heading: str, message: str) -> Response:
        message = message.replace(str(db), db.name)  # the server's paths stay private
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        page = render("error.html", server, status=status, heading=heading, message=message)
        return HTMLResponse(page, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error(request, 404, "Not found", str(exc))

    @app.exception_handler(NewsweaveError)
    async def newsweave_error(request: Request, exc: NewsweaveError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 400
        return error(request, status, "Cannot show this", str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": _plain_errors(exc)}, status_code=422)
        return error(request, 422, "Not a valid address", "an id or a filter has the wrong form")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error(request, exc.status_code, "Not found", str(exc.detail))

    # -- pages -----------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(
        q: Words = None, outlet: Outlet = None, since: Since = None, until: Until = None
    ) -> HTMLResponse:
        with reading() as nw:
            stories = nw.stories_list(
                query=q or None, outlet=outlet or None, since=since, until=until
            )
            outlets = sorted(name for name in nw.stats()["outlets"] if name != "unknown")
            headlines = unlabelled_headlines(nw, stories)
        query = {"q": q or "", "outlet": outlet or "", "since": since or "", "until": until or ""}
        page = render(
            "stories.html",
            server,
            rows=story_rows(stories, headlines),
            outlets=outlets,
            query=query,
            filtered=any(query.values()),
        )
        return HTMLResponse(page)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(story_id: StoryId) -> HTMLResponse:
        with reading() as nw:
            story = nw.story(story_id)
            comparison = nw.compare(story.id, ner)
            links = story_links(nw, comparison.articles)
        graph = reuse_graph(comparison.articles, links, comparison.original_id)
        page = render("story.html", server, page=story_page(story, comparison), graph=graph)
        return HTMLResponse(page)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(article_id: ArticleId) -> HTMLResponse:
        with reading() as nw:
            view = nw.reuse_show(article_id)
            links = [*view.sources, *view.derivatives]
            others = linked_articles(nw, view.article, links)
            story = nw.story_of(view.article.id)
        page = article_page(
            view.article,
            links,
            others,
            view.likely_original,
            view.evidence,
            story_id=story.id if story else None,
        )
        return HTMLResponse(render("article.html", server, page=page))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in ASSETS:
            raise NotFound(f"no static file {name!r}")
        headers = {"Cache-Control": "no-cache"}
        return Response(asset(name), media_type=ASSETS[name], headers=headers)

    # -- JSON API --------------------------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def api_stories(
        q: Words = None, outlet: Outlet = None, since: Since = None, until: Until = None
    ) -> list[dict[str, Any]]:
        """Stories, newest first, filtered by words, outlet and date."""
        with reading() as nw:
            stories = nw.stories_list(
                query=q or None, outlet=outlet or None, since=since, until=until
            )
        return [to_dict(s) for s in stories]

    @app.get("/api/stories/{story_id}", tags=["stories"], responses=NOT_FOUND)
    def api_story(story_id: StoryId) -> dict[str, Any]:
        """One story: members with their join scores, dates, outlets and key terms."""
        with reading() as nw:
            return to_dict(nw.story(story_id))

    @app.get("/api/stories/{story_id}/compare", tags=["stories"], responses=NOT_FOUND)
    def api_compare(story_id: StoryId) -> dict[str, Any]:
        """How the story's versions differ: shared core, additions, omissions, changed
        details, quote ledger, summary, timeline and sentence alignments."""
        with reading() as nw:
            return nw.compare(story_id, ner).to_dict()

    @app.get("/api/articles", tags=["articles"])
    def api_articles(
        outlet: Outlet = None,
        since: Since = None,
        until: Until = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[dict[str, Any]]:
        """Stored articles, newest first, filtered by outlet and publication date."""
        with reading() as nw:
            found = nw.articles(
                outlet=outlet, since=since, until=until, limit=limit, newest_first=True
            )
            return [article_dict(a) for a in found]

    @app.get("/api/articles/{article_id}", tags=["articles"], responses=NOT_FOUND)
    def api_article(article_id: ArticleId) -> dict[str, Any]:
        """One article with every field and its text."""
        with reading() as nw:
            return article_dict(nw.show(article_id))

    @app.get("/api/articles/{article_id}/reuse", tags=["articles"], responses=NOT_FOUND)
    def api_reuse(article_id: ArticleId) -> dict[str, Any]:
        """What the article copied, who copied it (with aligned passages) and its original."""
        with reading() as nw:
            return nw.reuse_show(article_id).to_dict()

    @app.get("/api/stats", tags=["store"])
    def api_stats() -> dict[str, Any]:
        """Counts of what the store holds."""
        with reading() as nw:
            stats = nw.stats()
        stats.pop("db", None)  # the server's file path is not the reader's business
        return stats

    return app


def article_dict(article: Article) -> dict[str, Any]:
    """An article's fields as JSON, with `text` (the string every offset indexes)."""
    return {**to_dict(article), "text": article.text}


def story_links(
    nw: api.Newsweave, articles: tuple[Article, ...] | list[Article]
) -> list[ReuseLink]:
    """The reuse links between the given articles (both ends inside the set)."""
    ids = {a.id for a in articles}
    found: dict[tuple[str, str], ReuseLink] = {}
    for article in articles:
        for link in nw.store.links(article.id):
            if link.source_id in ids and link.target_id in ids:
                found[(link.source_id, link.target_id)] = link
    return list(found.values())


def unlabelled_headlines(nw: api.Newsweave, stories: Sequence[Story]) -> dict[str, str]:
    """A headline for each story without a label: that of its first member."""
    return {
        s.id: headline(nw.show(s.members[0].article_id))
        for s in stories
        if not s.label and s.members
    }


def linked_articles(
    nw: api.Newsweave, article: Article, links: list[ReuseLink]
) -> dict[str, Article]:
    """The articles at the other end of an article's links, by id."""
    ids = {lk.source_id for lk in links} | {lk.target_id for lk in links}
    ids.discard(article.id)
    return {a.id: a for a in nw.store.articles(ids=sorted(ids))} if ids else {}


def _plain_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """Validation errors without echoing the offending input back."""
    return [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]


def serve(
    db: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, ner: NerChoice = "auto"
) -> None:
    """Run the web UI until interrupted (127.0.0.1 by default: only this machine sees it)."""
    import uvicorn

    uvicorn.run(create_app(db, ner), host=host, port=port, log_level="info")


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Problem",
    "article_dict",
    "create_app",
    "linked_articles",
    "serve",
    "story_links",
    "unlabelled_headlines",
]
