"""Sentence alignment across versions: verbatim, edited, anchored, reuse-seeded, claims."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.compare.align import (
    FEATURE_NAMES,
    align_pair,
    align_story,
    article_sentences,
    edited_probability,
    is_verbatim,
    sentence_features,
)
from newsweave.compare.settings import CompareSettings
from newsweave.records import AlignedPassage, ReuseLink, make_article

WIRE = [
    "The city council of Brackley voted on Monday to close the Old Mill bridge for "
    "eight months from April while engineers replace its corroded steel supports.",
    "The decision followed an inspection in January that found cracks in three of the "
    "bridge's five main girders, according to the council's engineering report.",
    '"We cannot take risks with public safety," council leader Anne Moreau told reporters. '
    '"The bridge will reopen stronger than before."',
    "Local shopkeepers said the closure would cut trade by as much as a third.",
    "The repairs are expected to cost 4.5 million pounds, most of it paid by the county.",
]
REWRITE = [
    "Brackley's city council decided on Monday that the Old Mill bridge will close for "
    "eight months from April so engineers can replace its corroded steel supports.",
    "The vote came after residents packed the public gallery to protest.",
    '"We cannot take risks with public safety," council leader Anne Moreau told reporters. '
    '"The bridge will reopen stronger than before."',
    "Shopkeepers in the town centre fear the closure could reduce their trade by a third.",
    "A bus service will replace the bridge crossing during the works.",
]


def test_sentences_keep_offsets_into_the_article_text_and_their_paragraph() -> None:
    article = make_article(WIRE, outlet="Wire")
    sentences = article_sentences(article)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert all(article.text[s.start : s.end] == s.text for s in sentences)
    quote = next(s for s in sentences if s.text.startswith('"We cannot'))
    follow = sentences[quote.index + 1]
    assert quote.paragraph == follow.paragraph == 2
    assert sentences[-1].paragraph == 4


def test_verbatim_ignores_case_typographic_quotes_and_punctuation_only() -> None:
    assert is_verbatim("“We cannot take risks,” she said.", '"We cannot take risks," she said')
    assert not is_verbatim("The council voted to close it.", "The council voted to shut it.")


def test_edited_decision_separates_a_rewording_from_a_different_claim() -> None:
    reworded = edited_probability(WIRE[0], REWRITE[0])
    different = edited_probability(WIRE[1], REWRITE[1])
    threshold = CompareSettings().edited_threshold
    assert reworded >= threshold > different
    assert len(sentence_features(WIRE[0], REWRITE[0])) == len(FEATURE_NAMES)


def test_align_pair_marks_verbatim_and_edited_and_leaves_new_sentences_unaligned() -> None:
    left = article_sentences(make_article(WIRE, outlet="Wire"))
    right = article_sentences(make_article(REWRITE, outlet="Post"))
    pairs = {(p.left.index, p.right.index): p for p in align_pair(left, right)}
    assert pairs[(0, 0)].kind == "edited"
    assert pairs[(2, 2)].kind == "verbatim" and pairs[(3, 3)].kind == "verbatim"
    aligned_right = {j for _, j in pairs}
    assert 1 not in aligned_right  # the protest sentence is new in the rewrite
    assert 5 not in aligned_right  # so is the bus service


def test_a_weak_pair_between_aligned_neighbours_is_anchored() -> None:
    left = [
        "The mayor said on Friday the city would sell its stake in the airport.",
        "The sale, though conditional, is the largest asset disposal in the city's history "
        "and could raise 300 million dollars for schools.",
        "Opposition councillors said they would challenge the plan in court.",
    ]
    right = [
        "The mayor said on Friday the city would sell its stake in the airport.",
        "The heavily conditional sale was welcomed by investors, who called it the largest "
        "asset disposal in years.",
        "Opposition councillors said they would challenge the plan in court.",
    ]
    a = article_sentences(make_article(left, outlet="A"))
    b = article_sentences(make_article(right, outlet="B"))
    assert edited_probability(a[1].text, b[1].text) < CompareSettings().edited_threshold
    pairs = {(p.left.index, p.right.index): p for p in align_pair(a, b)}
    assert pairs[(1, 1)].evidence == "anchored"
    strict = CompareSettings(anchored_threshold=0.99)
    assert (1, 1) not in {(p.left.index, p.right.index) for p in align_pair(a, b, strict)}


def test_a_reuse_passage_places_a_weak_pair_together() -> None:
    left = ["Ferry services resumed on Sunday after a two-day strike by crews over pay."]
    right = ["Crews ended their strike and ferries sailed again on Sunday, the operator said."]
    a, b = make_article(left, outlet="A"), make_article(right, outlet="B")
    sa, sb = article_sentences(a), article_sentences(b)
    probability = edited_probability(sa[0].text, sb[0].text)
    settings = CompareSettings(anchored_threshold=min(0.1, probability))
    assert probability < settings.edited_threshold
    assert align_pair(sa, sb, settings) == []
    passage = AlignedPassage(0, len(a.text), 0, len(b.text), 0.5, "edited")
    link = ReuseLink(a.id, b.id, "rewrite", 0.5, 0.5, (passage,), "source")
    alignment = align_story([a, b], [link], settings)
    assert [p.evidence for p in alignment.pairs] == ["reuse"]


def test_claims_join_three_versions_and_keep_new_sentences_single() -> None:
    reprint = make_article(WIRE[:3], outlet="Reprint")
    articles = [make_article(WIRE, outlet="Wire"), make_article(REWRITE, outlet="Post"), reprint]
    alignment = align_story(articles)
    by_text = {c.sentences[0].text: c for c in alignment.claims}
    quote_claim = by_text[
        '"We cannot take risks with public safety," council leader Anne Moreau told reporters.'
    ]
    assert len(quote_claim.sentences) == 3 and quote_claim.kind == "verbatim"
    opening = by_text[WIRE[0]]
    assert len(opening.sentences) == 3 and opening.kind == "edited"
    bus = [c for c in alignment.claims if c.sentences[0].text == REWRITE[4]]
    assert bus[0].kind == "single"


_SENTENCE = st.sampled_from(WIRE + REWRITE + ["Officials declined to comment on the report."])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_SENTENCE, min_size=1, max_size=5), min_size=2, max_size=4))
def test_claims_partition_sentences_with_at_most_one_per_article(bodies: list[list[str]]) -> None:
    articles = [make_article(body, outlet=f"Outlet {n}") for n, body in enumerate(bodies)]
    alignment = align_story(articles)
    seen = [(s.article_id, s.index) for c in alignment.claims for s in c.sentences]
    expected = [(a, s.index) for a, ss in alignment.sentences.items() for s in ss]
    assert sorted(seen) == sorted(expected)
    for claim in alignment.claims:
        assert len(set(claim.article_ids)) == len(claim.sentences)
