"""Relation labels of aligned pairs."""

from __future__ import annotations

from newsweave.evaluate.reprints import read_basil
from newsweave.records import make_article
from newsweave.reuse.align import sentence_units
from newsweave.reuse.relation import compare_units
from newsweave.reuse.settings import ReuseSettings

SETTINGS = ReuseSettings()


def _compare(source, target):  # type: ignore[no-untyped-def]
    return compare_units(
        sentence_units(source, SETTINGS), sentence_units(target, SETTINGS), SETTINGS
    )


def test_seed_pair_is_a_rewrite_with_asymmetric_containment(seed_pair_articles) -> None:
    wire, rewrite = seed_pair_articles
    pair = _compare(wire, rewrite)
    assert pair.relation == "rewrite"
    assert pair.containment_target_in_source > 0.6 > 0.4 > pair.containment_source_in_target


def test_trimmed_copy_is_a_duplicate(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    trimmed = make_article(wire.body[:10], outlet="Carrier")
    pair = _compare(wire, trimmed)
    assert pair.relation == "duplicate"
    assert pair.containment_target_in_source == 1.0


def test_dropped_paragraph_and_word_edits_make_a_reprint(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    body = [p.replace("Thursday", "Wednesday") for p in wire.body[:12]]
    del body[4]
    pair = _compare(wire, make_article(body, outlet="Carrier"))
    assert pair.relation == "reprint"


def test_unrelated_articles_share_nothing(seed_pair_articles) -> None:
    wire, _ = seed_pair_articles
    other = make_article(
        [
            "The city council voted on Monday to close two public libraries in the east.",
            "Residents said the decision would leave children without a quiet place to study.",
        ]
    )
    assert _compare(wire, other).relation is None


def test_two_shared_background_paragraphs_do_not_make_a_rewrite(shared_data) -> None:
    # basil-dev's Fox and HuffPost reports of the NAACP resolution (July 2010) carry the same
    # two paragraphs word for word, about a sixth of each story: independent reporting.
    rows = read_basil(shared_data / "basil-dev" / "articles.jsonl")
    event = [a for a, e in rows if e == "97b1305c-13ca-4b74-a56a-f459bd79dfaf"]
    fox = next(a for a in event if a.outlet == "fox")
    hpo = next(a for a in event if a.outlet == "hpo")
    pair = _compare(hpo, fox)
    assert sum(p.kind == "verbatim" for p in pair.passages) == 2
    assert max(pair.containment_source_in_target, pair.containment_target_in_source) < 0.25
    assert pair.relation is None
