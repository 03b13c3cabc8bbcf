"""The reuse stage over a store: incremental runs equal one batch run; the seed pair's verdict."""

from __future__ import annotations

from pathlib import Path

import newsweave
from newsweave.records import ReuseLink

SAMPLE_CORPUS = Path(__file__).parents[2] / "samples" / "corpus"


def _link_set(links: list[ReuseLink]) -> set[tuple[str, str, str]]:
    return {(lk.source_id, lk.target_id, lk.relation) for lk in links}


def test_incremental_runs_find_the_same_links_as_one_run(tmp_path: Path) -> None:
    with newsweave.open(tmp_path / "batch.db") as nw:
        nw.ingest(SAMPLE_CORPUS)
        nw.reuse()
        batch = _link_set(list(nw.store.links()))
    with newsweave.open(tmp_path / "steps.db") as nw:
        for part in ("text", "jsonl", "html", "feeds", "warc"):
            nw.ingest(SAMPLE_CORPUS / part)
            nw.reuse()
        steps = _link_set(list(nw.store.links()))
        assert nw.reuse().articles == 0  # nothing new: nothing compared again
    assert len(batch) > 20
    assert {(s, t) for s, t, _ in steps} | {(t, s) for s, t, _ in steps} >= {
        (s, t) for s, t, _ in batch
    }
    assert len(steps) == len(batch)


def test_seed_rewrite_shows_the_wire_story_as_original(tmp_path: Path, seed_paths: dict) -> None:
    with newsweave.open(tmp_path / "seeds.db") as nw:
        nw.ingest(*seed_paths.values())
        nw.reuse()
        wire = next(a for a in nw.articles() if a.outlet == "Reuters")
        rewrite = next(a for a in nw.articles() if a.outlet != "Reuters")
        view = nw.reuse_show(rewrite.id)
    [link] = view.sources
    assert link.source_id == wire.id and link.relation == "rewrite"
    assert view.original == wire.id and "agency byline" in view.evidence
    assert not view.derivatives
