"""The incremental index: links once per pair, boilerplate ignored, save and load."""

from __future__ import annotations

import sqlite3

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
