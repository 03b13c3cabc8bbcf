"""The likely original and its evidence."""

from __future__ import annotations

from newsweave.records import make_article
from newsweave.reuse.original import (
    AGENCY_BYLINE,
    CONTAINS_OTHER,
    EARLIER_DATE,
    ArticleFacts,
    is_agency,
    pair_original,
    wire_origin,
)


def test_agency_byline_and_tag_are_recognised(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    assert is_agency(wire) and not is_agency(rewrite)
    assert is_agency(make_article(["x"], bylines=["By Jane Doe, Associated Press"]))
    assert not is_agency(make_article(["x"], bylines=["Apollo Smith"]))


def test_agency_decides_before_date() -> None:
    wire = ArticleFacts(published="2025-03-14T10:00:00+00:00", agency=True)
    carrier = ArticleFacts(published="2025-03-14T09:00:00+00:00", agency=False)
    winner, evidence = pair_original(carrier, wire, b_in_a=0.5, a_in_b=0.9)
    assert winner == 1 and evidence[0] == AGENCY_BYLINE


def test_containment_decides_when_dates_match() -> None:
    a, b = ArticleFacts("2025-03-14", False), ArticleFacts("2025-03-14", False)
    assert pair_original(a, b, b_in_a=0.9, a_in_b=0.4) == (0, (CONTAINS_OTHER,))
    assert pair_original(a, b, b_in_a=0.5, a_in_b=0.45) == (None, ())


def test_group_original_is_unknown_without_evidence() -> None:
    a = make_article(["one text"], outlet="A", published="2025-01-02")
    b = make_article(["two text"], outlet="B", published="2025-01-02")
    assert not wire_origin([a, b], []).known
    c = make_article(["three"], outlet="C", published="2025-01-01")
    assert wire_origin([a, b, c], []).article_id == c.id
    assert wire_origin([a, b, c], []).evidence == (EARLIER_DATE,)
