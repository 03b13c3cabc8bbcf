"""Stems and names an article is compared on."""

from __future__ import annotations

from pathlib import Path

from newsweave.evaluate.stories import load_story_dataset
from newsweave.records import make_article
from newsweave.stories import terms
from newsweave.stories.terms import (
    TermCounting,
    article_terms,
    entities,
    lead_text,
    stem,
    stems,
)


def test_inflections_share_a_stem() -> None:
    assert stem("votes") == stem("voted") == stem("voting")
    assert stem("negotiations") == stem("negotiation")
    assert stem("kerry's") == "kerry"


def test_stems_drop_function_words_and_reporting_verbs() -> None:
    counts = stems("The senators said on Monday that they voted against the ceasefire plan.")
    assert "the" not in counts and "said" not in counts and "monday" not in counts
    assert counts[stem("senators")] == 1
    assert stem("ceasefire") in counts


def test_entities_find_names_and_their_words() -> None:
    found = entities(
        "President Trump on Monday castigated John F. Kerry after the Iran report. "
        "The former secretary of state met Iranian officials."
    )
    assert found["john kerry"] == 1  # the initial is dropped, so "John Kerry" meets it
    assert found["kerry"] == 1
    assert found["iran"] == 1
    assert "the" not in found  # a capitalised sentence opener is not a name


def test_lead_is_the_first_words_across_paragraphs() -> None:
    body = ("One two three.", "Four five six seven.")
    assert lead_text(body, 5) == "One two three. Four five"
    assert lead_text(body, 100) == "One two three. Four five six seven."


def test_article_terms_cover_every_field_and_kind() -> None:
    article = make_article(
        body=["Flooding forced the evacuation of Brennick on Tuesday.", "Residents fled."],
        title="Brennick evacuated as dam seeps",
    )
    found = article_terms(article, lead_words=5)
    assert set(found) == {f"{f}:{k}" for f in terms.FIELDS for k in terms.KINDS}
    assert "brennick" in found["title:entities"]
    assert stem("residents") in found["body:stems"]
    assert stem("residents") not in found["lead:stems"]


def test_article_terms_without_entities() -> None:
    article = make_article(body=["Brennick was evacuated."], title="Dam")
    assert all(key.endswith(":stems") for key in article_terms(article, 60, use_entities=False))


def test_workers_count_the_terms_counted_in_process(shared_data: Path) -> None:
    articles = load_story_dataset(shared_data / "basil-dev").articles[:60]
    counting = TermCounting(lead_words=60, use_entities=True, workers=2, min_batch=20, chunk=7)
    try:
        unforked = list(counting.counts(articles, fork=False))  # as a merge counts its window
        assert counting.pool is None
        counted = list(counting.counts(articles))
        assert counting.pool is not None
    finally:
        counting.close()
    assert counting.pool is None
    assert len(counted) == len(articles)
    assert unforked == [article_terms(a, 60, True) for a in articles]
    for article, counts in zip(articles, counted, strict=True):
        expected = article_terms(article, 60, True)
        assert list(counts) == list(expected)
        for key, terms_counted in counts.items():
            assert list(terms_counted.items()) == list(expected[key].items())  # same order
    few = list(counting.counts(articles[:5]))  # below min_batch: no workers
    assert counting.pool is None
    assert few == [article_terms(a, 60, True) for a in articles[:5]]
