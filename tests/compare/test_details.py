"""Changed details between aligned sentences: facts that differ, not wording that does not."""

from __future__ import annotations

import pytest

from newsweave.compare.align import Sentence
from newsweave.compare.details import changed_details, detail_changes


def kinds(before: str, after: str) -> list[tuple[str, str, str]]:
    return [(d.kind, d.before, d.after) for d in detail_changes(before, after)]


def test_a_changed_number_with_its_unit() -> None:
    found = kinds(
        "Insurers put the cost of the storm at 85 million euros, the chamber said.",
        "Insurers put the cost of the storm at 90 million euros, the chamber said.",
    )
    assert found == [("number", "85 million", "90 million")]


def test_a_vague_date_made_precise_is_a_date_change() -> None:
    found = kinds(
        "The plant, which opened in early 2019, employs 300 people.",
        "The plant, which opened in March 2019, employs 300 people.",
    )
    assert found == [("date", "early 2019", "March 2019")]


def test_a_date_added_in_brackets_is_a_date_change() -> None:
    found = kinds(
        "The minister resigned on Friday after the vote.",
        "The minister resigned on Friday (Oct 4) after the vote.",
    )
    assert found == [("date", "Friday", "Friday (Oct 4)")]


def test_a_renamed_entity_is_an_entity_change_with_the_full_names() -> None:
    found = kinds(
        "Talks were held in the Hall of Nations with the Foreign Secretary present.",
        "Talks were held in the Palace of Peace with the Foreign Secretary present.",
    )
    assert [k for k, _, _ in found] == ["entity"]
    assert "Nations" in found[0][1] and "Peace" in found[0][2]


def test_a_name_form_change_is_an_entity_change_not_a_number() -> None:
    found = kinds(
        "Analysts warned the dispute could escalate into World War Three within years.",
        "Analysts warned the dispute could escalate into World War III within years.",
    )
    assert found == [("entity", "World War Three", "World War III")]


@pytest.mark.parametrize(
    ("before", "after", "hedge"),
    [
        (
            "The union agreed with the pay offer for nurses in Wales, officials said.",
            "The union backed the pay offer for nurses in Wales in principle, officials said.",
            "in principle",
        ),
        (
            "The regulator's approval - though cautious - lifts the shares.",
            "The regulator's heavily qualified approval lifts the shares.",
            "heavily",
        ),
        (
            "Exporters will shift some cargo to the rival port.",
            "Exporters might shift some cargo to the rival port.",
            "might",
        ),
    ],
)
def test_hedges_and_intensifiers(before: str, after: str, hedge: str) -> None:
    found = detail_changes(before, after)
    assert [d.kind for d in found] == ["hedge"]
    assert hedge in found[0].after


def test_a_hedge_joins_the_clause_it_qualifies() -> None:
    found = kinds(
        "The union agreed with the pay offer for nurses in Wales, officials said.",
        "The union backed the pay offer for nurses in Wales in principle, officials said.",
    )
    assert found == [
        (
            "hedge",
            "agreed with the pay offer for nurses in Wales",
            "backed the pay offer for nurses in Wales in principle",
        )
    ]


def test_added_and_dropped_clauses() -> None:
    found = kinds(
        "The mayor called the offer generous but said it was not final, and urged calm.",
        "The mayor called the offer generous and urged calm, which unions have already rejected.",
    )
    assert found == [
        ("dropped", "but said it was not final", ""),
        ("added", "", "which unions have already rejected"),
    ]


def test_a_content_word_replaced_is_a_wording_change() -> None:
    found = kinds(
        "Any deal would have to deal with the causes of the strike.",
        "Any deal would have to address the causes of the strike.",
    )
    assert found == [("wording", "deal with", "address")]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "The ferry, which sails twice a day, was cancelled.",
            "The ferry, that sails twice a day, was cancelled.",
        ),
        (
            "The proposals were welcomed by the unions.",
            "The proposal was welcomed by the unions.",
        ),
        (
            "Officials said hundreds of thousands of people had left.",
            "Officials said hundreds of thousands people had left.",
        ),
        (
            "Ministers said the bridge would reopen in May.",
            "Ministers said the bridge will reopen in May.",
        ),
    ],
)
def test_function_words_inflection_and_tense_are_not_details(before: str, after: str) -> None:
    assert detail_changes(before, after) == []


def test_changed_details_name_both_articles_and_outlets() -> None:
    before = Sentence("a1", "Wire", 0, 0, 0, 40, "Police arrested 12 people on Sunday night.")
    after = Sentence("b2", "Post", 3, 1, 90, 130, "Police arrested 14 people on Sunday night.")
    (change,) = changed_details(before, after)
    assert (change.kind, change.before, change.after) == ("number", "12", "14")
    assert (change.article_before, change.article_after) == ("a1", "b2")
    assert (change.outlet_before, change.outlet_after) == ("Wire", "Post")
