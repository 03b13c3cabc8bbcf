"""The name finder choice: spaCy where asked for and installed, else the patterns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsweave.compare import quotes
from newsweave.errors import MissingExtra
from newsweave.ner import nlp_for


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    nlp_for.cache_clear()
    yield
    nlp_for.cache_clear()


def test_none_asks_for_no_model() -> None:
    assert nlp_for("none") is None


def test_without_the_extra_auto_falls_back_and_spacy_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> None:
        raise MissingExtra("nlp", "spacy")

    monkeypatch.setattr(quotes, "load_nlp", missing)
    assert nlp_for("auto") is None
    with pytest.raises(MissingExtra, match=r"newsweave\[nlp\]"):
        nlp_for("spacy")


def test_the_model_is_loaded_once() -> None:
    try:
        first = nlp_for("spacy")
    except MissingExtra:
        pytest.skip("the nlp extra is not installed")
    assert first is not None and nlp_for("spacy") is first
    assert nlp_for("auto") is first  # one pipeline for both choices
    assert [ent.label_ for ent in first("Oskar Lindmark spoke in Valmora.").ents]
