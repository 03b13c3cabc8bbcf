"""Page rendering shared by the web app and the static report: one Jinja2 environment with
autoescaping always on, the stylesheet and script, and the Content-Security-Policy of each.

Article text is untrusted (it may hold `<script>`, event handlers, `javascript:` URLs), so no
template marks article content safe; only the project's own CSS and JS are inlined raw, and
the report's CSP admits exactly those two blocks by their SHA-256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# The only files the server hands out under /static/; names are looked up, never joined.
ASSETS = {
    "newsweave.css": "text/css; charset=utf-8",
    "newsweave.js": "text/javascript; charset=utf-8",
}

# Same-origin script and style only: an injected inline <script>, event handler or
# javascript: URL is refused by the browser even if escaping ever failed.
SERVER_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": SERVER_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@cache
def asset(name: str) -> str:
    """The text of one of the project's static files (KeyError for any other name)."""
    if name not in ASSETS:
        raise KeyError(name)
    return (STATIC / name).read_text(encoding="utf-8")


def source_hash(text: str) -> str:
    """A CSP source expression admitting exactly this inline block."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_csp() -> str:
    """The static report's policy: its own inline style and script by hash, nothing else;
    no connect, image or font sources, so an opened report makes no network request."""
    css, js = source_hash(asset("newsweave.css")), source_hash(asset("newsweave.js"))
    return (
        f"default-src 'none'; style-src {css}; script-src {js}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


@dataclass(frozen=True, slots=True)
class Links:
    """Where pages link to: server routes, or report files relative to the current page."""

    report: bool = False
    prefix: str = ""  # in the report, the path back to its root ("" or "../")

    def index(self) -> str:
        return f"{self.prefix}index.html" if self.report else "/"

    def story(self, story_id: str) -> str:
        return f"{self.prefix}stories/{story_id}.html" if self.report else f"/stories/{story_id}"

    def article(self, article_id: str) -> str:
        if self.report:
            return f"{self.prefix}articles/{article_id}.html"
        return f"/articles/{article_id}"

    def static(self, name: str) -> str:
        return f"/static/{name}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = lambda value: f"{100 * float(value):.0f}%"
    env.filters["day"] = lambda value: (value or "")[:10] or "undated"
    return env


def render(template: str, links: Links, **context: Any) -> str:
    """One page as HTML; in the report the CSS and JS are inlined under a hash-based CSP."""
    inline: dict[str, Any] = {}
    if links.report:
        inline = {
            "inline_css": Markup(asset("newsweave.css")),
            "inline_js": Markup(asset("newsweave.js")),
            "csp": report_csp(),
        }
    return environment().get_template(template).render(links=links, **inline, **context)


__all__ = [
    "ASSETS",
    "SECURITY_HEADERS",
    "SERVER_CSP",
    "Links",
    "asset",
    "environment",
    "render",
    "report_csp",
    "source_hash",
]
