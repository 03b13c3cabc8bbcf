"""The story and article page contents built from the seed pair's real comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsweave
from newsweave.compare import Claim, Comparison, Sentence
from newsweave.records import Story, StoryMember
from newsweave.web.views import (
    OUTLET_COLOURS,
    article_page,
    outlet_colour,
    row_order,
    safe_url,
    segments,
    story_page,
)


@pytest.fixture(scope="module")
def seed_page(seed_comparison: Comparison, seed_ids: dict[str, str]) -> object:
    story = Story(
        id="0123456789abcdef",
        members=(StoryMember(seed_ids["000"], 1.0), StoryMember(seed_ids["004"], 0.9)),
        label="Putin ceasefire",
        first_seen="2025-03-13",
        last_seen="2025-03-14",
        outlets=("Reuters",),
    )
    return story_page(story, seed_comparison)


def _marked(page: object, article_id: str, mark: str) -> dict[str, str]:
    """Marked text -> change kind, over every cell of one version."""
    found = {}
    for row in page.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            if cell.article_id == article_id:
                found.update({s.text: s.detail for s in cell.segments if s.mark == mark})
    return found


def test_the_wire_story_is_the_first_column_and_the_likely_original(
    seed_page: object, seed_ids: dict[str, str]
) -> None:
    versions = seed_page.versions  # type: ignore[attr-defined]
    assert [v.article_id for v in versions] == [seed_ids["000"], seed_ids["004"]]
    assert versions[0].original and versions[0].outlet == "Reuters"
    assert not versions[1].original


def test_side_by_side_marks_february_2022_as_a_changed_date(
    seed_page: object, seed_ids: dict[str, str]
) -> None:
    changed = _marked(seed_page, seed_ids["004"], "change")
    assert changed.get("February 2022") == "date"
    assert changed.get("World War III") == "entity"
    was = _marked(seed_page, seed_ids["000"], "was")
    assert was.get("early 2022") == "date"


def test_clauses_added_and_dropped_by_the_rewrite_are_marked_where_they_sit(
    seed_page: object, seed_ids: dict[str, str]
) -> None:
    assert "which Kyiv has already agreed to" in _marked(seed_page, seed_ids["004"], "added")
    dropped = _marked(seed_page, seed_ids["000"], "dropped")
    assert any("not complete" in text for text in dropped)


def test_rows_keep_every_sentence_once_in_each_versions_order(
    seed_page: object, seed_comparison: Comparison
) -> None:
    for article_id, sentences in seed_comparison.alignments.sentences.items():
        column = [
            "".join(s.text for s in cell.segments)
            for row in seed_page.rows  # type: ignore[attr-defined]
            for cell in row.cells
            if cell.article_id == article_id and cell.segments
        ]
        assert column == [s.text for s in sentences]


def test_what_the_rewrite_leaves_out_is_an_omitted_cell_and_its_additions_are_added(
    seed_page: object, seed_ids: dict[str, str]
) -> None:
    wire, rewrite = seed_ids["000"], seed_ids["004"]
    states = [{c.article_id: c.state for c in row.cells} for row in seed_page.rows]  # type: ignore[attr-defined]
    assert sum(s[rewrite] == "omitted" for s in states) >= 15  # about half of the wire
    assert sum(s[rewrite] == "added" for s in states) >= 2
    assert all(s[wire] != "omitted" for s in states)
    assert sum(s[wire] == s[rewrite] == "shared" for s in states) == 3  # Putin's quotes


def test_ledger_lists_putins_three_shared_quotes_with_both_outlets(
    seed_page: object, seed_ids: dict[str, str]
) -> None:
    putin = [
        row
        for row in seed_page.ledger  # type: ignore[attr-defined]
        if "Putin" in row.speaker and row.kind == "direct" and row.shared
    ]
    texts = [row.text for row in putin]
    for start in ("We agree with the proposals", "The idea itself is correct", "But we proceed"):
        assert sum(t.startswith(start) for t in texts) == 1, start
    for row in putin:
        assert {c.article_id for c in row.carriers} == {seed_ids["000"], seed_ids["004"]}
        assert {c.carriage for c in row.carriers} == {"verbatim"}
    shared = [row.shared for row in seed_page.ledger]  # type: ignore[attr-defined]
    assert shared == sorted(shared, reverse=True)  # shared statements come first


def test_summary_credits_both_outlets_for_shared_sentences(seed_page: object) -> None:
    credits = [dict(s.outlets) for s in seed_page.summary]  # type: ignore[attr-defined]
    assert credits and all("Reuters" in c and len(c) == 2 for c in credits)


def test_article_page_marks_the_passages_shared_with_the_wire(
    reuse_store: Path, seed_ids: dict[str, str]
) -> None:
    with newsweave.open(reuse_store) as nw:
        view = nw.reuse_show(seed_ids["004"])
        wire = nw.show(seed_ids["000"])
    links = [*view.sources, *view.derivatives]
    page = article_page(view.article, links, {wire.id: wire}, view.original, view.evidence)
    assert [r.article_id for r in page.refs] == [wire.id]
    assert page.refs[0].direction == "source" and page.refs[0].decided
    # the paragraphs still read as the article, and every marked run lies inside a passage
    assert [("".join(s.text for s in p)) for p in page.paragraphs] == list(view.article.body)
    spans = [(p.target_start, p.target_end) for p in view.sources[0].passages]
    text = view.article.text
    marked = [s.text for p in page.paragraphs for s in p if s.mark == "reused"]
    assert marked and all(any(m in text[a:b] for a, b in spans) for m in marked)


@given(
    st.text(max_size=80),
    st.lists(st.tuples(st.integers(-5, 90), st.integers(-5, 90)).map(sorted), max_size=6),
)
def test_segments_always_rebuild_the_text_and_never_overlap(
    text: str, cuts: list[list[int]]
) -> None:
    spans = [(a, b, "change", "", "date") for a, b in cuts]
    out = segments(text, spans)
    assert "".join(s.text for s in out) == text
    assert all(s.text for s in out[:-1])


def test_row_order_slots_a_versions_own_sentences_after_its_last_shared_one(
    seed_comparison: Comparison, seed_ids: dict[str, str]
) -> None:
    claims = seed_comparison.alignments.claims
    order = row_order(claims, [seed_ids["000"], seed_ids["004"]])
    assert sorted(c.id for c in order) == sorted(c.id for c in claims)
    rewrite = [c.sentence_in(seed_ids["004"]) for c in order]
    indexes = [s.index for s in rewrite if s is not None]
    assert indexes == sorted(indexes)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("  HTTP://example.org/b ", "HTTP://example.org/b"),
        ("javascript:window.__pwned=1", None),
        ("JaVaScRiPt:alert(1)", None),
        ('"><script>x</script>', None),
        ("data:text/html,<script>x</script>", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_outlet_colour_is_stable_and_in_the_palette() -> None:
    assert outlet_colour("Reuters") == outlet_colour("reuters")
    assert {outlet_colour(f"Outlet {n}") for n in range(200)} == set(range(OUTLET_COLOURS))


def _claim(number: int, *where: tuple[str, int]) -> Claim:
    sentences = tuple(Sentence(a, None, i, 0, 0, 1, f"{a}{i}") for a, i in where)
    return Claim(number, sentences, "edited" if len(sentences) > 1 else "single")


def test_row_order_puts_an_opening_of_its_own_before_the_first_shared_claim() -> None:
    claims = [
        _claim(0, ("wire", 0), ("copy", 1)),
        _claim(1, ("wire", 1), ("copy", 2)),
        _claim(2, ("copy", 0)),  # the copy's own new lede
        _claim(3, ("follow", 0)),  # a follow-up sharing nothing
        _claim(4, ("follow", 1)),
    ]
    order = row_order(claims, ["wire", "copy", "follow"])
    assert [c.id for c in order] == [2, 0, 1, 3, 4]
