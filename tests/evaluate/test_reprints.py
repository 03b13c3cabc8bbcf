"""The reprint benchmark generator."""

from __future__ import annotations

from pathlib import Path

from newsweave.evaluate.reprints import reprint_benchmark


def test_benchmark_is_reproducible_and_labelled(shared_data: Path) -> None:
    path = shared_data / "basil-dev" / "articles.jsonl"
    first, second = reprint_benchmark(path, seed=13), reprint_benchmark(path, seed=13)
    assert [c.article.id for c in first.copies] == [c.article.id for c in second.copies]
    relations = {c.relation for c in first.copies}
    assert relations == {"duplicate", "reprint", "rewrite"}
    originals = {a.id for a in first.originals}
    assert all(c.original_id in originals for c in first.copies)
    # Copies are later than their original, so the original is decidable by date.
    published = {a.id: a.published for a in first.originals}
    assert all(c.article.published > published[c.original_id] for c in first.copies)


def test_dropped_paragraphs_are_inner_and_borrowed_text_is_traced(shared_data: Path) -> None:
    bench = reprint_benchmark(shared_data / "basil-dev" / "articles.jsonl", seed=13)
    originals = {a.id: a for a in bench.originals}
    dropped = [c for c in bench.copies if c.edits == ("drop",)]
    assert dropped
    # Cutting the last paragraphs is a trim, labelled duplicate; a drop keeps the ending.
    assert all(c.article.body[-1] == originals[c.original_id].body[-1] for c in dropped)
    events = bench.article_events()
    for copy in bench.copies:
        if copy.relation == "rewrite":
            assert copy.borrowed  # its new paragraphs come from held-out reports
        borrowed_events = {bench.events[b] for b in copy.borrowed}
        assert not borrowed_events & {bench.events[a] for a in originals}
        assert events[copy.article.id] == {bench.events[copy.original_id], *borrowed_events}
