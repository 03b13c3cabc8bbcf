"""The web UI and the static report under attack: routes, headers, bind address, stored XSS.

Every route the app declares is tried with traversal payloads; every response carries the
CSP and nosniff headers; `newsweave serve` binds 127.0.0.1 unless told otherwise; and a
corpus of stored-XSS articles in every input format is ingested and rendered by the UI and
the report, whose parsed HTML must hold no script, handler or script URL from article text.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsweave
from newsweave.web import create_app
from newsweave.web.render import asset

PWN = "window.__pwned=1"
ATTACKS = (
    f"<script>{PWN}</script>",
    f'<svg onload="{PWN}"></svg>',
    f'<img src=x onerror="{PWN}">',
    f'<a href="JaVaScRiPt:{PWN}">the proposal</a>',
    f'<iframe srcdoc="<script>{PWN}</script>"></iframe>',
    f"<scr<script>ipt>{PWN}</script>",
    f'"><script>{PWN}</script>',
    f"</textarea></title><script>{PWN}</script>",
    f'<body onload="{PWN}"><math><mtext></p><script>{PWN}</script>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">',
    f'<form action="javascript:{PWN}"><button>go</button></form>',
    "{{ 7*7 }} {% raw %}",
)
SENTENCES = (
    "Tram drivers in Valmora will vote next week on a new rota that ends split shifts.",
    "The city's transport company said the rota would need 40 more drivers by June.",
    '"Nobody should work two halves of a day," union representative Kai Morrow said.',
)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def _hostile_text(n: int) -> str:
    """Three news paragraphs with every attack worked into them."""
    attacks = ATTACKS[n % len(ATTACKS) :] + ATTACKS[: n % len(ATTACKS)]
    return "\n\n".join(f"{s} {' '.join(attacks[i::3])}" for i, s in enumerate(SENTENCES))


def write_xss_corpus(folder: Path) -> None:
    """Stored-XSS articles as plain text, JSONL, an HTML page, an RSS feed and a WARC."""
    folder.mkdir()
    (folder / "tram.txt").write_text(
        f"Title: Tram vote <img src=x onerror={PWN}>\nOutlet: Estmark Today <svg onload={PWN}>\n"
        f"By: Lise Arnfeld <script>{PWN}</script>\nURL: javascript:{PWN}\n\n{_hostile_text(0)}\n"
    )
    rows = [
        {
            "outlet": f"Valmora Herald<script>{PWN}</script>",
            "title": f"Rota vote {n} </title><script>{PWN}</script>",
            "url": f'javascript:{PWN}//"><script>{PWN}</script>',
            "bylines": [f'Kai <b onmouseover="{PWN}">Morrow</b>'],
            "text": _hostile_text(n),
        }
        for n in range(1, 4)
    ]
    (folder / "rota.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    escaped = [text.replace("&", "&amp;").replace("<", "&lt;") for text in SENTENCES]
    page = (
        f'<html><head><meta property="og:site_name" content="Herald&lt;script&gt;{PWN}">'
        f'<link rel="canonical" href="javascript:{PWN}"><title>Tram rota</title></head>'
        f'<body onload="{PWN}"><article><h1>Tram rota vote</h1>'
        + "".join(
            f'<p>{s} &lt;script&gt;{PWN}&lt;/script&gt; <a href="javascript:{PWN}">more</a></p>'
            for s in escaped
        )
        + f"<script>{PWN}</script></article></body></html>"
    )
    (folder / "rota.html").write_text(page)
    items = "".join(
        f"<item><title>Rota &lt;svg onload={PWN}&gt; {n}</title>"
        f"<link>javascript:{PWN}</link><content:encoded><![CDATA[<p>{SENTENCES[n]}</p>"
        f'<p>{SENTENCES[(n + 1) % 3]} <img src=x onerror="{PWN}"></p>]]></content:encoded></item>'
        for n in range(3)
    )
    (folder / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Rivertown &lt;script&gt;{PWN}&lt;/script&gt;</title>{items}</channel></rss>"
    )
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            f"javascript:{PWN}", "response", payload=io.BytesIO(page.encode()), http_headers=headers
        )
    )
    (folder / "crawl.warc.gz").write_bytes(out.getvalue())


@pytest.fixture(scope="module")
def xss_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("xss")
    write_xss_corpus(folder / "in")
    with newsweave.open(folder / "n.db") as nw:
        report = nw.ingest(folder / "in")
        assert report.articles_read >= 8, report.to_dict()
        nw.reuse()
    return folder / "n.db"


@pytest.fixture(scope="module")
def client(xss_store: Path) -> TestClient:
    return TestClient(create_app(xss_store))


def executable_markup(html: str, report: bool) -> list[str]:
    """Everything in a page that could run script and is not the project's own code."""
    own_js = asset("newsweave.js").strip()
    found = []
    for element in lxml.html.fromstring(html).iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag == "script":
            own = (element.text or "").strip() == own_js and not element.get("src")
            if not (own if report else element.get("src") == "/static/newsweave.js"):
                found.append(f"<script {dict(element.attrib)}>{(element.text or '')[:40]}")
        if tag in ("iframe", "object", "embed", "frame", "base", "img", "math"):
            found.append(tag)
        if tag == "svg" and "reuse-graph" not in (element.get("class") or ""):
            found.append("svg")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("meta refresh")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "srcdoc":
                found.append(f"{tag} {name}")
            if name in URL_ATTRIBUTES and SCRIPT_URL.match(value):
                found.append(f"{tag} {name}={value}")
            if name == "style" and ("javascript:" in value.lower() or "expression(" in value):
                found.append(f"{tag} style={value}")
    return found


def test_the_checker_finds_each_kind_of_live_markup() -> None:
    live = "<div>" + "".join(ATTACKS) + '<p style="x:expression(1)">x</p></div>'
    found = " ".join(executable_markup(live, report=False))
    for kind in ("<script", "svg", "img", "onerror", "onload", "javascript:", "iframe", "srcdoc"):
        assert kind in found
    assert "meta refresh" in found and "form action" in found and "style=" in found


def test_hostile_articles_render_as_text_in_the_web_ui(client: TestClient, xss_store: Path) -> None:
    with newsweave.open(xss_store) as nw:
        ids = [a.id for a in nw.articles()]
    pages = ["/", *(f"/articles/{i}" for i in ids)]
    shown = 0
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert executable_markup(response.text, report=False) == [], path
        shown += response.text.count(PWN)
    assert shown >= len(ids)  # the attacks are on the pages, as text


def test_hostile_articles_render_as_text_in_story_pages_and_the_report(
    client: TestClient, xss_store: Path, tmp_path: Path
) -> None:
    with newsweave.open(xss_store) as nw:
        nw.stories()
        story_ids = [s.id for s in nw.stories_list()]
        files = nw.report(tmp_path / "report")
    assert story_ids and len(files) > len(story_ids)
    for story_id in story_ids:
        response = client.get(f"/stories/{story_id}")
        assert executable_markup(response.text, report=False) == [], story_id
    shown = 0
    for path in files:
        html = path.read_text(encoding="utf-8")
        assert executable_markup(html, report=True) == [], path
        shown += html.count(PWN)
    assert shown >= len(files) - 1


TRAVERSALS = (
    "..%2f..%2fpyproject.toml",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....%2f%2f....%2f%2fetc%2fpasswd",
    "..%5c..%5cpyproject.toml",
    "%252e%252e%252fpyproject.toml",
    "%00..%2fapp.py",
    "newsweave.js%2f..%2f..%2frender.py",
)


def routes(client: TestClient) -> list[str]:
    app = client.app
    return [r.path for r in app.routes if isinstance(r, APIRoute)]  # type: ignore[attr-defined]


def test_no_route_serves_anything_outside_its_records(client: TestClient) -> None:
    declared = routes(client)
    assert len(declared) >= 10
    tried = 0
    for route in declared:
        params = re.findall(r"\{(\w+)\}", route)
        for payload in TRAVERSALS:
            path = route
            for name in params:
                path = path.replace(f"{{{name}}}", payload)
            if not params:
                path = f"{route.rstrip('/')}/{payload}"
            response = client.get(path)
            assert response.status_code in (404, 405, 422), (path, response.status_code)
            assert "root:" not in response.text and "[project]" not in response.text
            assert "import " not in response.text
            _assert_headers(response)
            tried += 1
    assert tried == len(declared) * len(TRAVERSALS)


def _assert_headers(response: Any) -> None:
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_every_response_carries_csp_and_nosniff(client: TestClient, xss_store: Path) -> None:
    with newsweave.open(xss_store) as nw:
        article_id = next(iter(nw.articles())).id
    for route in routes(client):
        path = route.replace("{article_id}", article_id).replace("{story_id}", "f" * 16)
        path = path.replace("{name}", "newsweave.css")
        _assert_headers(client.get(path))
        _assert_headers(client.post(path))  # 405
    for path in ("/nowhere", "/articles/zz", "/api/articles?limit=-1", "/static/x.py"):
        _assert_headers(client.get(path))


def test_serve_binds_loopback_unless_told_otherwise(
    xss_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from newsweave.cli import app

    bound: list[str] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: bound.append(kwargs["host"]))
    result = CliRunner().invoke(app, ["serve", "--db", str(xss_store)])
    assert result.exit_code == 0, result.output
    assert bound == ["127.0.0.1"]
