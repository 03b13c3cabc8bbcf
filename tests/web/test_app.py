"""Every route of the web UI and API, its headers, and what it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient

import newsweave
from newsweave.errors import StoreError
from newsweave.records import Story
from newsweave.web.app import DEFAULT_HOST, create_app
from newsweave.web.render import SERVER_CSP


@pytest.fixture(scope="module")
def client(web_store: Path) -> TestClient:
    return TestClient(create_app(web_store))


def _assert_secure(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["content-security-policy"] == SERVER_CSP
    assert "script-src 'self'" in SERVER_CSP and "unsafe-inline" not in SERVER_CSP
    assert headers["x-content-type-options"] == "nosniff"


def test_stories_list_shows_the_seed_story_with_its_outlet(
    client: TestClient, seed_story: Story
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    _assert_secure(response)
    assert f'href="/stories/{seed_story.id}"' in response.text
    assert "Reuters" in response.text


def test_stories_list_filters_by_words_outlet_and_date(
    client: TestClient, seed_story: Story
) -> None:
    link = f'href="/stories/{seed_story.id}"'
    assert link in client.get("/", params={"outlet": "Reuters"}).text
    assert link not in client.get("/", params={"outlet": "The Lantern"}).text
    assert link in client.get("/", params={"since": "2025-03-01", "until": "2025-03-31"}).text
    assert link not in client.get("/", params={"since": "2031-01-01"}).text
    assert link not in client.get("/", params={"q": "sawmill"}).text
    assert "Eskerby sawmill" in client.get("/", params={"q": "sawmill"}).text


def test_story_page_has_every_section(client: TestClient, seed_story: Story) -> None:
    response = client.get(f"/stories/{seed_story.id}")
    assert response.status_code == 200
    _assert_secure(response)
    html = response.text
    for section in ("summary", "graph", "timeline", "versions", "changes", "quotes"):
        assert f'id="{section}"' in html
    assert re.search(
        r'<mark class="change k-date" data-kind="date"[^>]*>February 2022</mark>', html
    )
    assert '<svg class="reuse-graph"' in html and "likely original" in html


def test_article_page_marks_reuse_and_links_its_source(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    response = client.get(f"/articles/{seed_ids['004']}")
    assert response.status_code == 200
    _assert_secure(response)
    assert '<mark class="reused"' in response.text
    assert f'href="/articles/{seed_ids["000"]}"' in response.text
    assert "copied from" in response.text


def test_article_page_links_back_to_its_story(
    client: TestClient, seed_ids: dict[str, str], seed_story: Story
) -> None:
    response = client.get(f"/articles/{seed_ids['000']}")
    crumbs = lxml.html.fromstring(response.text).xpath('//p[@class="crumbs"]/a')
    assert [a.get("href") for a in crumbs] == ["/", f"/stories/{seed_story.id}"]


def test_article_page_accepts_an_id_prefix(client: TestClient, seed_ids: dict[str, str]) -> None:
    assert client.get(f"/articles/{seed_ids['000'][:8]}").status_code == 200


def test_static_files_are_served_with_their_types(client: TestClient) -> None:
    css = client.get("/static/newsweave.css")
    js = client.get("/static/newsweave.js")
    assert css.headers["content-type"].startswith("text/css") and "overflow-wrap" in css.text
    assert js.headers["content-type"].startswith("text/javascript")
    _assert_secure(js)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/static/render.py",
        "/static/templates%2fbase.html",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/stories/../../etc/passwd",
        "/api/articles/%2e%2e",
    ],
)
def test_no_path_leaves_the_routes(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert "import" not in response.text and "root:" not in response.text
    _assert_secure(response)


@pytest.mark.parametrize(
    "path",
    [
        "/articles/<script>",
        "/articles/XYZ",
        "/stories/abc",  # too short to be an id or prefix
        "/api/articles/not-hex",
        "/api/stories/0x12345",
    ],
)
def test_ids_that_are_not_hex_are_refused(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert "<script>" not in response.text
    _assert_secure(response)


def test_unknown_ids_are_404_pages_and_404_json(client: TestClient, web_store: Path) -> None:
    page = client.get("/stories/ffffffffffffffff")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    api = client.get("/api/articles/ffffffffffffffff")
    assert api.status_code == 404 and "no article" in api.json()["detail"]
    assert str(web_store.parent) not in api.text + page.text  # server paths stay private


def test_bad_filters_are_refused(client: TestClient) -> None:
    assert client.get("/api/stories", params={"since": "<script>"}).status_code == 422
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422
    assert client.get("/", params={"q": "x" * 201}).status_code == 422


def test_api_stories_and_story(client: TestClient, seed_story: Story) -> None:
    stories = client.get("/api/stories").json()
    assert seed_story.id in [s["id"] for s in stories]
    one = client.get(f"/api/stories/{seed_story.id}")
    _assert_secure(one)
    assert one.json()["members"][0]["article_id"] == seed_story.members[0].article_id
    assert client.get("/api/stories", params={"outlet": "Reuters"}).json()[0]["id"] == seed_story.id


def test_api_compare_finds_the_changed_date(client: TestClient, seed_story: Story) -> None:
    data = client.get(f"/api/stories/{seed_story.id}/compare").json()
    changes = {(c["kind"], c["before"], c["after"]) for c in data["changes"]}
    assert ("date", "early 2022", "February 2022") in changes


def test_api_articles_and_article(client: TestClient, seed_ids: dict[str, str]) -> None:
    listed = client.get("/api/articles", params={"outlet": "reuters"}).json()
    assert [a["id"] for a in listed] == [seed_ids["000"]]
    article = client.get(f"/api/articles/{seed_ids['000']}").json()
    assert article["outlet"] == "Reuters" and article["text"].startswith(article["body"][0])
    assert len(client.get("/api/articles", params={"limit": 3}).json()) == 3


def test_api_reuse_names_the_original(client: TestClient, seed_ids: dict[str, str]) -> None:
    reuse = client.get(f"/api/articles/{seed_ids['004']}/reuse").json()
    assert reuse["original"] == seed_ids["000"]
    assert reuse["sources"][0]["relation"] == "rewrite"


def test_api_stats_does_not_reveal_the_store_path(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 8 and "db" not in stats


def test_openapi_spec_lists_the_api_and_no_pages(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/compare",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/articles/{article_id}/reuse",
        "/api/stats",
    } == paths
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def injected(html: str) -> list[str]:
    """Elements and attributes in a page that only article text could have put there."""
    tree = lxml.html.fromstring(html)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("img", "iframe", "object", "embed"):
            found.append(tag)
        if tag == "script" and element.get("src") != "/static/newsweave.js":
            found.append("script")
        if tag == "svg" and "reuse-graph" not in (element.get("class") or ""):
            found.append("svg")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(name)
            if name in ("href", "src") and value.strip().lower().startswith("javascript:"):
                found.append(f"{name}={value}")
    return found


def test_hostile_articles_render_as_text(
    client: TestClient, web_store: Path, hostile_ids: list[str]
) -> None:
    with newsweave.open(web_store) as nw:
        story_ids = {s.id for s in nw.stories_list() if set(s.article_ids) & set(hostile_ids)}
    assert story_ids
    pages = ["/", *(f"/articles/{i}" for i in hostile_ids), *(f"/stories/{i}" for i in story_ids)]
    shown = 0
    for path in pages:
        html = client.get(path).text
        assert injected(html) == [], path
        shown += html.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;")
    assert shown >= len(hostile_ids)  # the markup is on the pages, as text


def test_hostile_url_is_shown_but_never_a_link(
    client: TestClient, web_store: Path, hostile_ids: list[str]
) -> None:
    with newsweave.open(web_store) as nw:
        (tram,) = [i for i in hostile_ids if nw.show(i).url == "javascript:window.__pwned=1"]
    html = client.get(f"/articles/{tram}").text
    assert "<code>javascript:window.__pwned=1</code> (not a web address)" in html


def test_missing_store_fails_when_the_app_is_made(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        create_app(tmp_path / "absent.db")


def test_serves_on_loopback_by_default() -> None:
    assert DEFAULT_HOST == "127.0.0.1"


def test_the_injection_check_finds_live_markup() -> None:
    raw = '<p>x<img src=x onerror="window.__pwned=1"><a href="javascript:f()">y</a></p>'
    assert injected(raw) == ["img", "onerror", "href=javascript:f()"]
