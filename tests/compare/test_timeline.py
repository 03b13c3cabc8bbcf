"""Timeline: versions by publication time, each with what it added to those before it."""

from __future__ import annotations

from newsweave.compare.align import align_story
from newsweave.compare.timeline import story_timeline
from newsweave.records import make_article

FIRST = [
    "A magnitude 6.1 earthquake struck off the coast of Kaleva early on Sunday, the national "
    "seismology centre said.",
    "There were no immediate reports of damage or casualties.",
]
UPDATE = [
    FIRST[0],
    "Two people were killed when a wall collapsed in the port town of Osma, police said.",
    "Rail services along the coast were suspended while engineers inspected the tracks.",
]
LATEST = [
    *UPDATE,
    "The prime minister said the army would help clear debris in Osma.",
]


def test_versions_are_ordered_by_time_with_what_each_added() -> None:
    latest = make_article(LATEST, outlet="Post", published="2025-06-01T15:00:00+02:00")
    first = make_article(FIRST, outlet="Wire", published="2025-06-01T06:10:00Z")
    update = make_article(UPDATE, outlet="Wire", published="2025-06-01T09:30:00+00:00")
    undated = make_article(FIRST[:1], outlet="Blog")
    articles = [latest, undated, first, update]
    timeline = story_timeline(articles, align_story(articles))
    assert [t.article_id for t in timeline] == [first.id, update.id, latest.id, undated.id]
    assert [s.text for s in timeline[0].added] == FIRST
    assert [s.text for s in timeline[1].added] == UPDATE[1:]
    assert timeline[1].carried == 1
    assert [s.text for s in timeline[2].added] == LATEST[3:]
    assert timeline[3].added == () and timeline[3].carried == 1
