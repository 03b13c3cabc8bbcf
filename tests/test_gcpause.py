"""The cycle collector is paused inside the block and left as it was found after it."""

from __future__ import annotations

import gc

import pytest

from newsweave.gcpause import gc_paused


def test_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves it to the outer one
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_by_the_caller_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_clustering_leaves_the_collector_enabled() -> None:
    from newsweave.records import make_article
    from newsweave.stories import StoryClusterer, StorySettings

    with StoryClusterer(StorySettings(use_embeddings=False, workers=1)) as clusterer:
        clusterer.add([make_article(["Ferries resumed on Monday."], outlet="Courier")])
    assert gc.isenabled()
