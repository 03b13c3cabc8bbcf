"""The static report: every story and article page written, self-contained and escaped."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

import newsweave
from newsweave.records import Story
from newsweave.report.html import INDEX, write_report
from newsweave.web.render import asset, report_csp, source_hash


@pytest.fixture(scope="module")
def report(web_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("report")
    with newsweave.open(web_store) as nw:
        return out, write_report(nw, out)


def test_writes_the_index_every_story_and_every_member_article(
    report: tuple[Path, list[Path]], web_store: Path
) -> None:
    out, written = report
    with newsweave.open(web_store) as nw:
        stories = nw.stories_list()
    expected = {out / INDEX}
    expected |= {out / "stories" / f"{s.id}.html" for s in stories}
    expected |= {out / "articles" / f"{i}.html" for s in stories for i in s.article_ids}
    assert set(written) == expected
    assert all(p.is_file() and p.stat().st_size > 1000 for p in written)
    assert not list(out.rglob("*.partial"))


def test_every_link_between_pages_resolves_to_a_written_file(
    report: tuple[Path, list[Path]],
) -> None:
    _out, written = report
    for page in written:
        tree = lxml.html.fromstring(page.read_bytes())
        for href in tree.xpath("//a/@href"):
            if href.startswith(("#", "http://", "https://")):
                continue
            assert (page.parent / href.split("#")[0]).resolve().is_file(), (page, href)


def test_pages_load_nothing_from_outside(report: tuple[Path, list[Path]]) -> None:
    _, written = report
    for page in written:
        tree = lxml.html.fromstring(page.read_bytes())
        assert tree.xpath("//link[@rel='stylesheet'] | //script[@src] | //img | //iframe") == []
        assert tree.xpath("//link[@rel='icon']/@href") == ["data:,"]


def test_each_page_carries_a_csp_admitting_only_its_own_inline_blocks(
    report: tuple[Path, list[Path]],
) -> None:
    _, written = report
    policy = report_csp()
    assert source_hash(asset("newsweave.css")) in policy
    for page in written:
        tree = lxml.html.fromstring(page.read_bytes())
        (meta,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert meta == policy
        (script,) = tree.xpath("//script")
        assert source_hash(script.text) in policy


def test_the_seed_story_page_shows_the_changed_date_and_shared_quotes(
    report: tuple[Path, list[Path]], seed_story: Story
) -> None:
    out, _ = report
    html = (out / "stories" / f"{seed_story.id}.html").read_text(encoding="utf-8")
    assert re.search(r'data-kind="date"[^>]*>February 2022</mark>', html)
    assert html.count('class="ledger-row shared"') >= 3
    assert 'href="../articles/' in html


def test_hostile_text_is_escaped_in_the_report(
    report: tuple[Path, list[Path]], hostile_ids: list[str]
) -> None:
    out, _ = report
    for article_id in hostile_ids:
        page = out / "articles" / f"{article_id}.html"
        tree = lxml.html.fromstring(page.read_bytes())
        assert len(tree.xpath("//script")) == 1, page  # only the report's own
        assert tree.xpath("//img | //iframe | //*[local-name()='svg']") == [], page
        assert not [
            a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")
        ]
        assert not tree.xpath("//a[starts-with(normalize-space(@href), 'javascript')]")
