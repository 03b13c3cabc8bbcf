"""compare_articles on the seed pair: everything ../shared/data/seeds/README.md lists."""

from __future__ import annotations

import json

import pytest

import newsweave.compare as compare
from newsweave.compare import Comparison, compare_articles, story_changes
from newsweave.compare.align import align_story
from newsweave.compare.coverage import version_order
from newsweave.records import Article, Change


@pytest.fixture(scope="module")
def seed_pair(seed_articles: dict[str, Article]) -> tuple[Article, Article]:
    return seed_articles["000"], seed_articles["004"]


@pytest.fixture(scope="module")
def comparison(seed_pair: tuple[Article, Article]) -> Comparison:
    wire, rewrite = seed_pair
    return compare_articles([rewrite, wire])


def changes_of(comparison: Comparison) -> list[tuple[str, str, str]]:
    return [(c.kind, c.before, c.after) for c in comparison.changes]


def find(changes: list[tuple[str, str, str]], before: str, after: str) -> tuple[str, str, str]:
    hits = [c for c in changes if before in c[1] and after in c[2]]
    assert len(hits) == 1, (before, after, changes)
    return hits[0]


def test_the_wire_story_is_the_reference_version(
    comparison: Comparison, seed_pair: tuple[Article, Article]
) -> None:
    assert comparison.reference_id == seed_pair[0].id


def test_rewrite_paragraphs_align_with_the_wire_where_the_readme_says(
    comparison: Comparison, seed_pair: tuple[Article, Article]
) -> None:
    rewrite = seed_pair[1]
    aligned: set[int] = set()
    for pair in comparison.alignments.pairs:
        for s in (pair.left, pair.right):
            if s.article_id == rewrite.id:
                aligned.add(s.paragraph)
    assert {0, 1, 4, 5, 6, 7, 8} <= aligned  # the README's paragraphs 1, 2, 5-9
    assert not aligned & {3, 9, 10}  # its paragraphs 4, 10 and 11 have no source
    kinds = {p.kind for p in comparison.alignments.pairs}
    assert kinds == {"verbatim", "edited"}


def test_the_six_changed_details_are_found(comparison: Comparison) -> None:
    changes = changes_of(comparison)
    assert find(changes, "early 2022", "February 2022")[0] == "date"
    assert find(changes, "World War Three", "World War III")[0] == "entity"
    hedge = find(
        changes,
        "agreed with US proposals for a ceasefire",
        "supported a US proposal for a ceasefire",
    )
    assert hedge[0] == "hedge" and hedge[2].endswith("in principle")
    assert find(changes, "deal with", "address") == ("wording", "deal with", "address")
    assert find(changes, "though caveated", "heavily caveated")[0] == "hedge"
    assert find(changes, "but said it was not complete", "")[0] == "dropped"
    assert find(changes, "", "which Kyiv has already agreed to") == (
        "added",
        "",
        "which Kyiv has already agreed to",
    )


def test_which_to_that_is_not_a_change(comparison: Comparison) -> None:
    for kind, before, after in changes_of(comparison):
        assert not (before.strip().lower() == "which" and after.strip().lower() == "that"), kind


def test_changes_read_from_the_wire_to_the_rewrite(
    comparison: Comparison, seed_pair: tuple[Article, Article]
) -> None:
    wire, rewrite = seed_pair
    assert all(isinstance(c, Change) for c in comparison.changes)
    assert {(c.article_before, c.article_after) for c in comparison.changes} == {
        (wire.id, rewrite.id)
    }
    assert {c.outlet_before for c in comparison.changes} == {wire.outlet}


def test_the_rewrite_omits_about_half_of_the_wire(
    comparison: Comparison, seed_pair: tuple[Article, Article]
) -> None:
    wire, rewrite = seed_pair
    omitted = {d.article_id: d.sentences for d in comparison.omissions}[rewrite.id]
    text = " ".join(s.text for s in omitted)
    for topic in ("Kursk", "western companies", "gas supplies", "Ushakov", "guaranteed"):
        assert topic in text
    wire_sentences = len(comparison.alignments.sentences[wire.id])
    assert 0.4 <= len(omitted) / wire_sentences <= 0.8
    added = {d.article_id: d.sentences for d in comparison.additions}[rewrite.id]
    assert [s.paragraph for s in added] == [3, 9, 10]


def test_quote_ledger_credits_speakers_and_outlets(
    comparison: Comparison, seed_pair: tuple[Article, Article]
) -> None:
    wire, rewrite = seed_pair

    def carriers(fragment: str, speaker: str) -> set[str]:
        hits = [e for e in comparison.quotes if fragment in e.text and speaker in (e.speaker or "")]
        assert hits, (fragment, speaker)
        return {c[0] for e in hits for c in e.carriers}

    both = {wire.id, rewrite.id}
    assert carriers("We agree with the proposals to cease hostilities", "Putin") == both
    assert carriers("very promising", "Trump") == both
    assert carriers("Welcome, welcome at any moment", "Putin") == {wire.id}
    assert carriers("nothing", "Ushakov") == {wire.id}
    assert carriers("Now we're going to see whether or not Russia is there", "Trump") == {
        rewrite.id
    }


def test_summary_and_timeline(comparison: Comparison, seed_pair: tuple[Article, Article]) -> None:
    wire, rewrite = seed_pair
    assert 3 <= len(comparison.summary) <= 6
    shared_claims = {c.id for c in comparison.shared}
    assert all(
        s.claim_id in shared_claims and set(s.article_ids) == {wire.id, rewrite.id}
        for s in comparison.summary
    )
    assert [t.article_id for t in comparison.timeline] == [wire.id, rewrite.id]
    assert [s.paragraph for s in comparison.timeline[1].added] == [3, 9, 10]


def test_json_shape_has_the_cli_keys(comparison: Comparison) -> None:
    shape = json.loads(json.dumps(comparison.to_dict()))
    assert {"shared", "additions", "omissions", "changes", "quotes", "summary", "timeline"} <= set(
        shape
    )
    assert shape["changes"][0].keys() >= {
        "kind",
        "before",
        "after",
        "outlet_before",
        "outlet_after",
    }
    assert all("text" in claim and claim["articles"] for claim in shape["shared"])


def test_details_need_no_quote_ledger(seed_pair: tuple[Article, Article]) -> None:
    wire, rewrite = seed_pair
    alignment = align_story([wire, rewrite])
    changes = story_changes(alignment, version_order([wire, rewrite], alignment))
    assert any(c.kind == "date" and "early 2022" in c.before for c in changes)


def test_duplicate_articles_are_compared_once(seed_pair: tuple[Article, Article]) -> None:
    wire, _ = seed_pair
    result = compare_articles([wire, wire])
    assert len(result.articles) == 1 and result.changes == ()


def test_public_api_is_exported() -> None:
    for name in compare.__all__:
        assert hasattr(compare, name), name
    assert {"compare_articles", "Comparison", "CompareSettings"} <= set(compare.__all__)
