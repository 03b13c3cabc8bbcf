"""Tests of evaluate/quotes.py: the matching rules and the PolNeAR quality gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.evaluate import quotes
from newsweave.evaluate.quotes import (
    GoldQuote,
    cue_lemmas,
    evaluate_quotes,
    is_speech,
    match_quotes,
    render_quote_table,
    speaker_correct,
    stripped_chars,
)


def test_stripping_drops_marks_and_punctuation() -> None:
    text = "“We agree,” he said."
    assert stripped_chars(text, [(0, 11)]) == frozenset(range(1, 9))


def test_overlap_match_needs_half_of_each_side() -> None:
    gold = [frozenset(range(0, 100))]
    assert match_quotes([frozenset(range(0, 60))], gold) == [(0, 0)]
    assert match_quotes([frozenset(range(0, 40))], gold) == []
    assert match_quotes([frozenset(range(0, 250))], gold) == []
    assert match_quotes([frozenset(range(0, 100))], gold, threshold=1.0) == [(0, 0)]


def test_matching_is_one_to_one() -> None:
    gold = [frozenset(range(0, 100))]
    assert len(match_quotes([frozenset(range(0, 90)), frozenset(range(0, 95))], gold)) == 1


def test_speech_attributions_are_kept_and_beliefs_dropped() -> None:
    def attribution(cue: str, content: str) -> dict:
        return {
            "cue": [{"text": cue}],
            "content": [{"text": content, "start": 0, "end": len(content)}],
        }

    assert is_speech(attribution("has also said", "that taxes would rise"))
    assert is_speech(attribution("According to", "the poll was wrong"))
    assert is_speech(attribution("thinks", "“This is a disaster.”"))
    assert not is_speech(attribution("wants", "to build a wall"))
    assert "quip" in cue_lemmas("quipped")


def test_pronoun_gold_speaker_is_compared_with_its_antecedent() -> None:
    named = GoldQuote(frozenset({1}), "Sen. Ted Cruz", 0, True)
    pronoun = GoldQuote(frozenset({2}), "he", 50, True)
    assert speaker_correct("Ted Cruz", pronoun, [named, pronoun])
    assert not speaker_correct("Marco Rubio", pronoun, [named, pronoun])
    assert not speaker_correct(None, named, [named])


def test_organization_named_by_title_words_and_role_sources() -> None:
    house = GoldQuote(frozenset({1}), "The White House", 0, False)
    assert speaker_correct("White House", house, [house])
    named = GoldQuote(frozenset({1}), "Sen. Ted Cruz", 0, True)
    role = GoldQuote(frozenset({2}), "The senator", 50, True)
    assert speaker_correct("Ted Cruz", role, [named, role])
    assert not speaker_correct("The senator", role, [named, role])


def test_relative_pronoun_and_description_sources_are_compared_with_their_referent() -> None:
    text = "Sanders spoke. It was echoed by former Maryland Gov. Martin O’Malley, who noted it."
    start = text.index("who")
    assert quotes.referent(text, "who", start, []) == "Martin O’Malley"
    who = GoldQuote(frozenset({1}), "who", start, False, quotes.referent(text, "who", start, []))
    sanders = GoldQuote(frozenset({2}), "Sanders", 0, False)
    assert speaker_correct("Martin O’Malley", who, [sanders, who])
    assert not speaker_correct("Bernie Sanders", who, [sanders, who])
    named = GoldQuote(frozenset({1}), "Vladimir Putin", 0, True)
    leader = GoldQuote(frozenset({2}), "the Russian leader", 50, True, "Vladimir Putin")
    assert speaker_correct("Putin", leader, [named, leader])
    assert not speaker_correct("Donald Trump", leader, [named, leader])
    unnamed = GoldQuote(frozenset({3}), "a spokesman", 80, True, None)
    assert speaker_correct("A spokesman", unnamed, [unnamed])


def test_polnear_dev_quality_floor(shared_data: Path) -> None:
    result = evaluate_quotes(shared_data / "polnear-dev", "dev", ner="none")
    assert result["articles"] == 84
    # floors pinned a little below the measured dev figures (see the report of this change)
    assert result["content_f1"] >= 0.80  # measured 0.810
    assert result["content_f1_exact"] >= 0.64  # measured 0.650
    assert result["speaker_accuracy"] >= 0.874  # measured 0.884
    assert result["ms_per_article"] < 50
    table = render_quote_table(result)
    assert "overlap" in table and "capitalized-name fallback" in table


@pytest.mark.slow
def test_polnear_dev_quality_floor_with_entities_and_parse(shared_data: Path) -> None:
    result = evaluate_quotes(shared_data / "polnear-dev", "dev", ner="spacy")
    assert "dependency parse" in result["ner"]
    # the parse finds subjects and clause ends the patterns miss: above the fallback
    assert result["content_f1"] >= 0.819  # measured 0.829
    assert result["content_f1_exact"] >= 0.66  # measured 0.670
    assert result["speaker_accuracy"] >= 0.897  # measured 0.907


def test_missing_data_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(quotes.InputError, match="--data"):
        evaluate_quotes(tmp_path)


def test_public_api() -> None:
    assert all(hasattr(quotes, name) for name in quotes.__all__)
