"""The incremental index: links once per pair, boilerplate ignored, save and load."""

from __future__ import annotations

import sqlite3

import pytest

from newsweave.errors import StoreError
from newsweave.records import make_article
from newsweave.reuse import SCHEMA, ReuseIndex, ReuseSettings, find_reuse

FOOTER = (
    "Sign up for the Morning Briefing newsletter to get the top stories in your inbox every "
    "day of the week. Readers who subscribe before the end of the month receive a free tote "
    "bag and two tickets to our annual summer festival."
)


def test_seed_pair_links_once_with_the_wire_story_as_source(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    links = list(find_reuse([rewrite, wire]))
    assert len(links) == 1
    link = links[0]
    assert (link.source_id, link.target_id, link.relation) == (wire.id, rewrite.id, "rewrite")
    assert link.original == "source"
    assert set(link.evidence) == {"agency byline", "earlier date", "contains the other"}


def test_new_articles_match_a_saved_and_reloaded_index(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    first = ReuseIndex()
    assert list(first.add([wire])) == []
    first.save(conn)
    again = ReuseIndex.load(
        conn, ReuseSettings(), fetch=lambda ids: [wire] if wire.id in ids else []
    )
    assert len(again) == 1
    links = list(again.add([rewrite, wire]))  # wire again: already indexed, no self link
    assert [(lk.source_id, lk.target_id) for lk in links] == [(wire.id, rewrite.id)]


def test_outlet_footer_does_not_link_unrelated_articles(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    stories = [
        make_article([wire.body[i], wire.body[i + 1], FOOTER], outlet="Daily")
        for i in (0, 4, 8, 12)
    ]
    stories.append(make_article([rewrite.body[9], FOOTER], outlet="Daily"))
    assert list(find_reuse(stories)) == []


def test_public_api_is_listed() -> None:
    import newsweave.reuse as reuse

    assert {"find_reuse", "ReuseIndex", "ReuseSettings", "SCHEMA", "wire_origin"} <= set(
        reuse.__all__
    )
    assert all(hasattr(reuse, name) for name in reuse.__all__)


def test_later_copy_with_an_added_closing_paragraph_is_a_reprint(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    body = [*wire.body, "Local officials said the city had no plans to change its own rules."]
    copy = make_article(body, outlet="Valley Courier", published="2099-01-01")
    [link] = find_reuse([wire, copy])
    assert (link.source_id, link.relation, link.original) == (wire.id, "reprint", "source")
    # Undated, the same texts read as a copy and its trimmed version.
    undated = make_article(body, outlet="Valley Courier")
    plain = make_article(list(wire.body), outlet="Daily Post")
    [link] = find_reuse([plain, undated])
    assert link.relation == "duplicate" and link.original == "unknown"


def test_an_index_saved_in_an_older_format_asks_for_a_rebuild(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    conn = sqlite3.connect(":memory:")
    index = ReuseIndex()
    list(index.add([wire]))
    index.save(conn)
    conn.execute("DELETE FROM reuse_index_meta WHERE key = 'index_format'")
    with pytest.raises(StoreError, match="rebuild it"):
        ReuseIndex.load(conn, ReuseSettings(), fetch=lambda ids: [])
