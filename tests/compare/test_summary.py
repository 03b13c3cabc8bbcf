"""Extractive story summary: central shared sentences, no repeats, credited to versions."""

from __future__ import annotations

from newsweave.compare.align import align_story
from newsweave.compare.coverage import shared_core, version_order
from newsweave.compare.settings import CompareSettings
from newsweave.compare.summary import story_summary
from newsweave.records import make_article

WIRE = [
    "Wildfires forced the evacuation of 12,000 residents from three towns in the Valle "
    "region on Saturday as strong winds pushed the flames towards the coast.",
    "Firefighters said the largest blaze had burned 8,000 hectares of forest since it "
    "broke out on Thursday near the town of Serra.",
    "Regional governor Luis Prado said the fires were the worst the region had seen in "
    "two decades and asked the government for military help.",
    "The army sent 400 soldiers and six water-bombing aircraft to support firefighters "
    "in the Valle region on Saturday evening.",
    "No deaths have been reported, but 14 people were treated for smoke inhalation.",
    "Meteorologists expect the winds to ease on Monday, which could help crews contain "
    "the fires in the Valle region.",
    "The evacuation of residents from the three towns was the largest in the Valle region "
    "in two decades.",
    "Officials said the cause of the fires was under investigation.",
]


def versions() -> list:
    rewrite = [
        WIRE[0],
        "Valle governor Luis Prado called the fires the worst in two decades and requested "
        "help from the military.",
        WIRE[3],
        WIRE[4],
        "Hotels on the coast have offered free rooms to evacuated families.",
    ]
    return [
        make_article(WIRE, outlet="Wire"),
        make_article(WIRE[:7], outlet="Daily"),
        make_article(rewrite, outlet="Post"),
        make_article(WIRE[:5], outlet="Herald"),
    ]


def test_summary_is_three_to_six_shared_sentences_credited_to_their_carriers() -> None:
    articles = versions()
    alignment = align_story(articles)
    order = version_order(articles, alignment)
    summary = story_summary(alignment, order)
    assert 3 <= len(summary) <= 6
    core = {c.id for c in shared_core(alignment)}
    assert all(s.claim_id in core for s in summary)
    first = [s for s in summary if s.text == WIRE[0]]
    assert first and set(first[0].outlets) == {"Wire", "Daily", "Post", "Herald"}
    assert "Hotels on the coast" not in " ".join(s.text for s in summary)


def test_summary_follows_the_reference_version_order_and_removes_redundancy() -> None:
    articles = versions()
    alignment = align_story(articles)
    order = version_order(articles, alignment)
    assert WIRE[6] in {c.sentences[0].text for c in shared_core(alignment)}
    centrality_only = story_summary(
        alignment, order, CompareSettings(summary_sentences=3, mmr_lambda=1.0)
    )
    summary = story_summary(alignment, order, CompareSettings(summary_sentences=3))
    positions = [WIRE.index(s.text) for s in summary]
    assert positions == sorted(positions)
    # The evacuation restated (WIRE[6]) is central but repeats the opening sentence: MMR
    # drops it for a sentence with news of its own.
    assert WIRE[0] in [s.text for s in centrality_only] and WIRE[6] in [
        s.text for s in centrality_only
    ]
    assert WIRE[0] in [s.text for s in summary] and WIRE[6] not in [s.text for s in summary]


def test_a_single_version_is_summarised_from_its_own_sentences() -> None:
    article = make_article(WIRE, outlet="Wire")
    summary = story_summary(align_story([article]), [article.id])
    assert 3 <= len(summary) <= 6
    assert all(s.outlets == ("Wire",) for s in summary)
