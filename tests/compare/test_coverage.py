"""Shared core, additions and omissions, relative to the original or to the other versions."""

from __future__ import annotations

from newsweave.compare.align import align_story
from newsweave.compare.coverage import (
    additions,
    containment,
    omissions,
    published_at,
    shared_core,
    version_order,
    wire_original,
)
from newsweave.records import ReuseLink, make_article

WIRE = [
    "Rail operator Northline said on Wednesday it would cut 1,200 jobs over two years as "
    "passenger numbers remain below their pre-pandemic level.",
    "The cuts will fall mostly on ticket offices, which the company plans to close at 140 "
    "stations by the end of next year.",
    "Unions called the plan reckless and said they would ballot members on strike action.",
    "Northline carried 310 million passengers last year, down from 380 million in 2019.",
    "The transport ministry said it had not been consulted on the closures.",
]
REPRINT = WIRE[:3]
REWRITE = [
    "Rail operator Northline said on Wednesday it would cut 1,200 jobs over two years as "
    "passenger numbers remain below their pre-pandemic level.",
    "Unions called the plan reckless and said they would ballot members on strike action.",
    "Commuters at Leeds station said they relied on the ticket office for help.",
    "The cuts will fall mostly on ticket offices, which the company plans to close at 140 "
    "stations by the end of next year.",
]


def story() -> tuple[list, object]:
    wire = make_article(WIRE, outlet="Wire", published="2024-05-08T09:00:00+00:00")
    reprint = make_article(REPRINT, outlet="Gazette", published="2024-05-08T11:30:00+01:00")
    rewrite = make_article(REWRITE, outlet="Courier", published="2024-05-09")
    articles = [rewrite, reprint, wire]
    return articles, align_story(articles)


def test_shared_core_holds_claims_most_versions_carry() -> None:
    _, alignment = story()
    core = {c.sentences[0].text for c in shared_core(alignment)}
    assert WIRE[0] in core and WIRE[2] in core
    assert WIRE[3] not in {s.text for c in shared_core(alignment) for s in c.sentences}


def test_without_an_original_additions_are_what_no_other_version_carries() -> None:
    _, alignment = story()
    added = {d.outlet: [s.text for s in d.sentences] for d in additions(alignment)}
    assert added["Courier"] == [REWRITE[2]]
    assert added["Gazette"] == []
    assert added["Wire"] == WIRE[3:]
    assert all(d.relative_to == "others" for d in additions(alignment))


def test_without_an_original_omissions_are_what_most_others_carry() -> None:
    articles, alignment = story()
    order = version_order(articles, alignment)
    missing = {d.outlet: [s.text for s in d.sentences] for d in omissions(alignment, None, order)}
    # Each lacks only what one of the two others carries: no omission by majority.
    assert missing == {"Courier": [], "Gazette": [], "Wire": []}
    wire, reprint = articles[2], articles[1]
    brief = make_article(WIRE[:1], outlet="Brief")
    trio = align_story([wire, reprint, brief])
    missing = {d.outlet: [s.text for s in d.sentences] for d in omissions(trio, None, [wire.id])}
    assert missing["Brief"] == WIRE[1:3]  # carried by both others; WIRE[3:] by the wire alone


def test_with_an_original_each_version_is_compared_with_it() -> None:
    articles, alignment = story()
    wire, reprint, rewrite = articles[2], articles[1], articles[0]
    links = [
        ReuseLink(wire.id, reprint.id, "reprint", 0.6, 1.0, original="source"),
        ReuseLink(wire.id, rewrite.id, "rewrite", 0.6, 0.75, original="source"),
    ]
    original = wire_original(articles, links)
    assert original == wire.id
    order = version_order(articles, alignment, links)
    missing = {
        d.outlet: [s.text for s in d.sentences] for d in omissions(alignment, original, order)
    }
    assert missing["Gazette"] == WIRE[3:]
    assert missing["Courier"] == WIRE[3:]
    added = {d.outlet: d for d in additions(alignment, original)}
    assert [s.text for s in added["Courier"].sentences] == [REWRITE[2]]
    assert added["Courier"].relative_to == "original"


def test_reference_version_is_the_one_containing_the_most_of_the_others() -> None:
    articles, alignment = story()
    wire = articles[2]
    assert containment(alignment, wire.id) > containment(alignment, articles[1].id)
    order = version_order(articles, alignment)
    assert order[0] == wire.id
    assert order[1:] == [articles[1].id, articles[0].id]  # then by time: 10:30 UTC, next day


def test_published_times_compare_across_offsets_and_bare_dates() -> None:
    articles, _ = story()
    rewrite, reprint, wire = articles
    assert published_at(wire) < published_at(reprint) < published_at(rewrite)
    assert published_at(make_article(["Text."], published="not a date")) is None
