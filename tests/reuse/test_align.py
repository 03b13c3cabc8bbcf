"""Sentence alignment: reorders, inserts, noise, quoted speech."""

from __future__ import annotations

from newsweave.records import Article, make_article
from newsweave.reuse.align import (
    match_sentences,
    merge_passages,
    normalize_sentence,
    sentence_units,
)
from newsweave.reuse.settings import ReuseSettings

SETTINGS = ReuseSettings()


def _aligned_paragraphs(source: Article, target: Article) -> set[int]:
    s_units, t_units = sentence_units(source, SETTINGS), sentence_units(target, SETTINGS)
    matches = match_sentences(s_units, t_units, SETTINGS)
    passages = merge_passages(matches, s_units, t_units, SETTINGS)
    spans = target.paragraph_spans()
    return {
        n
        for p in passages
        for n, (s, e) in enumerate(spans, start=1)
        if s < p.target_end and p.target_start < e
    }


def test_seed_rewrite_aligns_the_paragraphs_the_readme_lists(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    aligned = _aligned_paragraphs(wire, rewrite)
    assert {1, 2, 5, 6, 7, 8, 9} <= aligned
    assert not aligned & {4, 10, 11}


def test_reordered_paragraphs_with_noise_still_align(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    body = list(wire.body[:8])
    body[1], body[5] = body[5], body[1]
    body[3] = body[3].replace("e", "c", 3).replace(",", "")
    body.insert(2, "The city council meets on Monday to discuss the new parking rules downtown.")
    copy = make_article(body, outlet="Local Daily")
    aligned = _aligned_paragraphs(wire, copy)
    assert aligned == {1, 2, 4, 5, 6, 7, 8, 9}


def test_passages_carry_offsets_into_both_texts(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    s_units, t_units = sentence_units(wire, SETTINGS), sentence_units(rewrite, SETTINGS)
    passages = merge_passages(
        match_sentences(s_units, t_units, SETTINGS), s_units, t_units, SETTINGS
    )
    first = passages[0]
    assert rewrite.text[first.target_start :].startswith("President Vladimir Putin said")
    assert wire.text[first.source_start :].startswith("Russian President Vladimir Putin said")
    assert first.kind == "edited" and 0.85 < first.similarity < 0.97


def test_shared_quote_with_different_attribution_is_quote_driven() -> None:
    quote = (
        "The idea itself is correct, and we certainly support it, but there are questions "
        "that we need to discuss with our American colleagues"
    )
    a = make_article([f'"{quote}," Putin said.'])
    b = make_article([f'The Russian leader told reporters: "{quote}."'])
    matches = match_sentences(sentence_units(a, SETTINGS), sentence_units(b, SETTINGS), SETTINGS)
    assert len(matches) == 1 and matches[0].quote_driven
    # The same sentences without quotation marks are the reporter's own words: reuse.
    c, d = (make_article([x.body[0].replace('"', "")]) for x in (a, b))
    matches = match_sentences(sentence_units(c, SETTINGS), sentence_units(d, SETTINGS), SETTINGS)
    assert len(matches) == 1 and not matches[0].quote_driven


def test_sentence_forms_equal_normalize_sentence_also_outside_ascii(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    other = make_article(
        [
            "Die Straße in Köln wurde am Montag für den Verkehr gesperrt, sagte die Polizei.",
            "“We will not back down,” the mayor said — and the crowd cheered for a long time.",
        ]
    )
    for article in (wire, other):
        for unit in sentence_units(article, SETTINGS):
            assert unit.norm == normalize_sentence(article.text[unit.start : unit.end])
    assert sentence_units(other, SETTINGS)[0].norm.startswith("die strasse in köln")
