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
