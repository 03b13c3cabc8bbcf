"""The Read stage's web UI: server-rendered pages and a JSON API over one store.

create_app(db)      the FastAPI app (pages, /api/, /api/openapi.json)
serve(db)           run it on 127.0.0.1:8800 until interrupted
views, graph        what the pages show, as plain records (shared with the static report)
render              the Jinja2 environment, assets and Content-Security-Policy
"""

from __future__ import annotations

from newsweave.web.app import DEFAULT_HOST, DEFAULT_PORT, create_app, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "create_app", "serve"]
