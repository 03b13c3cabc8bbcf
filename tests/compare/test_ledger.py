"""Tests of compare/ledger.py on the seed pair (../shared/data/seeds/README.md)."""

from __future__ import annotations

import pytest

from newsweave.compare import ledger
from newsweave.compare.ledger import LedgerEntry, fold_quote, quote_ledger
from newsweave.records import Article, make_article


@pytest.fixture(scope="module")
def seed_ledger(seed_articles: dict[str, Article]) -> list[LedgerEntry]:
    return quote_ledger([seed_articles["000"], seed_articles["004"]])


def _entry(entries: list[LedgerEntry], start: str) -> LedgerEntry:
    found = [e for e in entries if e.kind == "direct" and e.text.strip('"“ ').startswith(start)]
    assert len(found) == 1, [e.text for e in entries]
    return found[0]


@pytest.mark.parametrize(
    "start",
    [
        "We agree with the proposals to cease hostilities",
        "The idea itself is correct, and we certainly support it.",
        "But we proceed from the fact",
    ],
)
def test_putin_quotes_split_differently_are_carried_verbatim_by_both(
    seed_ledger: list[LedgerEntry], seed_articles: dict[str, Article], start: str
) -> None:
    entry = _entry(seed_ledger, start)
    assert entry.speaker == "Vladimir Putin"
    assert set(entry.article_ids) == {seed_articles["000"].id, seed_articles["004"].id}
    assert {c[2] for c in entry.carriers} == {"verbatim"}


@pytest.mark.parametrize("start", ["very promising", "do the right thing"])
def test_trump_partial_quotes_in_both(seed_ledger: list[LedgerEntry], start: str) -> None:
    entry = _entry(seed_ledger, start)
    assert entry.speaker == "Donald Trump"
    assert len(entry.carriers) == 2


@pytest.mark.parametrize(
    ("start", "speaker", "only"),
    [
        ("How can we and how will we be guaranteed", "Vladimir Putin", "000"),
        ("To those (companies) who want to return", "Vladimir Putin", "000"),
        ("nothing", "Yuri Ushakov", "000"),
        ("Now we're going to see", "Donald Trump", "004"),
    ],
)
def test_quotes_carried_by_one_outlet_only(
    seed_ledger: list[LedgerEntry],
    seed_articles: dict[str, Article],
    start: str,
    speaker: str,
    only: str,
) -> None:
    entry = _entry(seed_ledger, start)
    assert entry.speaker == speaker
    assert entry.article_ids == (seed_articles[only].id,)


def test_reworded_reported_speech_is_paraphrased(seed_ledger: list[LedgerEntry]) -> None:
    reported = [e for e in seed_ledger if e.kind == "indirect" and "root causes" in e.text]
    assert len(reported) == 1
    assert [c[2] for c in reported[0].carriers] == ["verbatim", "paraphrased"]


def test_different_speakers_never_share_an_entry() -> None:
    one = make_article(['"We will not back down," Senator Ann Lee said.'], outlet="A")
    two = make_article(['"We will not back down," Governor Tom Ruiz said.'], outlet="B")
    entries = quote_ledger([one, two])
    assert len(entries) == 2
    assert {e.speaker for e in entries} == {"Ann Lee", "Tom Ruiz"}


def test_fold_quote_ignores_marks_case_and_apostrophes() -> None:
    assert fold_quote("“Now we’re going to see,”") == fold_quote("now we're going to see")


def test_public_api() -> None:
    assert all(hasattr(ledger, name) for name in ledger.__all__)
