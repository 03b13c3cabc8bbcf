"""Story labels and key terms."""

from __future__ import annotations

from newsweave.stories.label import story_key_terms, story_label
from newsweave.stories.terms import stems
from newsweave.stories.vectors import Centroid, DocumentFrequencies, tfidf

TITLES = [
    "Putin backs ceasefire idea but sets conditions",
    "Putin says he supports US ceasefire proposal in principle",
    "Kremlin: ceasefire must address root causes, Putin says",
]


def _story_of(titles: list[str]) -> tuple[DocumentFrequencies, Centroid]:
    """The document frequencies and title centroid of a story of these headlines."""
    frequencies = DocumentFrequencies()
    for title in titles:
        frequencies.add(set(stems(title)))
    centroid = Centroid()
    for title in titles:
        centroid.add(tfidf(stems(title), frequencies))
    return frequencies, centroid


def test_label_is_the_most_typical_member_headline() -> None:
    frequencies, centroid = _story_of(TITLES)
    label = story_label(TITLES, centroid, frequencies)
    assert label in TITLES
    scores = {t: centroid.cosine(tfidf(stems(t), frequencies)) for t in TITLES}
    assert label == max(scores, key=scores.__getitem__)


def test_label_reads_title_stems_already_counted() -> None:
    """Counted stems stand in for stemming a title again: the same label from the same
    counts, and a different one when the counts given say otherwise."""
    frequencies, centroid = _story_of(TITLES)
    plain = story_label(TITLES, centroid, frequencies)
    counted = {title: dict(stems(title)) for title in TITLES}
    assert story_label(TITLES, centroid, frequencies, counted) == plain
    other = next(t for t in TITLES if t != plain)
    swapped = {**counted, other: counted[plain], plain: counted[other]}
    assert story_label(TITLES, centroid, frequencies, swapped) == other


def test_single_or_untitled_stories() -> None:
    assert story_label([], None, DocumentFrequencies()) == ""
    assert story_label(["  Storm hits coast "], None, DocumentFrequencies()) == "Storm hits coast"


def test_key_terms_prefer_full_names_over_their_words() -> None:
    centroid = Centroid()
    centroid.add({"vladimir putin": 0.5, "putin": 0.6, "kremlin": 0.4, "moscow": 0.2})
    terms = story_key_terms(centroid, 3)
    assert "vladimir putin" in terms
    assert "putin" not in terms
    assert len(story_key_terms(centroid, 2)) == 2
    assert story_key_terms(None, 3) == ()


def test_an_article_without_a_title_is_headed_by_its_first_sentence() -> None:
    from newsweave.records import make_article
    from newsweave.stories.label import HEADLINE_WORDS, headline

    titled = make_article(["Body."], outlet="Courier", title="  Ferry fares rise  ")
    untitled = make_article(
        [
            "BRANVIK: Families began returning to the harbour district on Monday after "
            "engineers sealed the leaking sluice gate and the council lifted its order. "
            "Traffic was heavy.",
        ],
        outlet="Courier",
    )
    short = make_article(["Ferries resumed. Crowds cheered."], outlet="Courier")
    assert headline(titled) == "Ferry fares rise"
    made = headline(untitled)
    assert made.startswith("BRANVIK: Families began returning") and made.endswith("…")
    assert len(made.split()) == HEADLINE_WORDS
    assert headline(short) == "Ferries resumed."
    assert headline(make_article([], outlet="Courier")) == ""
