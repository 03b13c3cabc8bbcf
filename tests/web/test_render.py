"""The shared renderer: autoescaping, report links, and the report's hash-based CSP."""

from __future__ import annotations

import re

from newsweave.records import make_article
from newsweave.web.render import Links, asset, render, report_csp, source_hash
from newsweave.web.views import article_page

HOSTILE = make_article(
    ["Growers said so. <script>window.__pwned=1</script>", "X" * 5000],
    outlet='Gazette <svg onload="window.__pwned=1">',
    title="</title><script>window.__pwned=1</script>",
    url='"><script>window.__pwned=1</script>',
    bylines=["Nora <img src=x onerror=window.__pwned=1>"],
)


def test_every_article_field_is_escaped() -> None:
    html = render("article.html", Links(), page=article_page(HOSTILE, [], {}))
    assert "<script>window" not in html and "<svg onload" not in html and "<img " not in html
    assert "&lt;/title&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in html


def test_report_pages_inline_css_and_js_admitted_by_their_hashes() -> None:
    html = render(
        "article.html", Links(report=True, prefix="../"), page=article_page(HOSTILE, [], {})
    )
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    script = re.search(r"<script>(.*?)</script>", html, re.DOTALL)
    assert style and script
    assert style.group(1) == asset("newsweave.css") and script.group(1) == asset("newsweave.js")
    csp = report_csp()
    assert f'content="{csp}"' in html.replace("&#39;", "'")
    assert source_hash(style.group(1)) in csp and source_hash(script.group(1)) in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_report_links_are_relative_files() -> None:
    nested = Links(report=True, prefix="../")
    assert nested.story("ab12") == "../stories/ab12.html"
    assert nested.article("cd34") == "../articles/cd34.html"
    assert Links(report=True).index() == "index.html"
    assert Links().story("ab12") == "/stories/ab12"


def test_long_unbroken_strings_may_wrap() -> None:
    assert re.search(r"body \{[^}]*overflow-wrap: anywhere", asset("newsweave.css"))
